//! `generate --check` for the digest as a test: plain `cargo test` fails when the committed
//! digest that `#[derive(View)]` reads differs from what the schemas give, and says how to
//! refresh it.

use std::path::Path;

use voucherify_codegen::write::Mode;

#[test]
fn committed_view_digest_matches_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let report = voucherify_codegen::generate_digest(
        &root.join("schemas"),
        &root.join(voucherify_codegen::DIGEST_FILE),
        Mode::Check,
    )
    .unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    assert!(
        report.is_clean(),
        "{} is out of date with schemas/:\n{report}\
         refresh it with `cargo run -p voucherify-codegen -- generate`",
        voucherify_codegen::DIGEST_FILE
    );
}
