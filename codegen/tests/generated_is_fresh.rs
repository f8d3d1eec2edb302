//! `generate --check` as a test: plain `cargo test` fails when the committed
//! `generated/src/types/` differs from what the schemas generate, and says how to refresh it.

use std::path::Path;

use voucherify_codegen::write::Mode;

#[test]
fn committed_generated_types_match_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let report = voucherify_codegen::generate_types(
        &root.join("schemas"),
        &root.join("generated"),
        Mode::Check,
    )
    .unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    assert!(
        report.is_clean(),
        "generated/src/types/ is out of date with schemas/:\n{report}\
         refresh it with `cargo run -p voucherify-codegen -- generate`"
    );
    assert!(report.unchanged > 3, "too few generated files: {report:?}");
}
