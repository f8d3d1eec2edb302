//! `generate --check` as a test: plain `cargo test` fails when the committed
//! `generated/src/types/` or `generated/schemas/` differs from what the schemas generate, and
//! says how to refresh them.

use std::path::Path;

use voucherify_codegen::write::Mode;

#[test]
fn committed_generated_files_match_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let generation =
        voucherify_codegen::generate(&root.join("schemas"), &root.join("generated"), Mode::Check)
            .unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    for (dir, report) in [
        ("generated/src/types/", &generation.types),
        ("generated/schemas/", &generation.json_schemas),
    ] {
        assert!(
            report.is_clean(),
            "{dir} is out of date with schemas/:\n{report}\
             refresh it with `cargo run -p voucherify-codegen -- generate`"
        );
        assert!(report.unchanged > 3, "too few generated files: {report:?}");
    }
}
