//! Generates this crate's webhook types from its own `schemas/` into `OUT_DIR`.

fn main() {
    // Regenerate when any schema file changes (cargo watches the folder recursively).
    println!("cargo:rerun-if-changed=schemas");
    let generated = voucherify_codegen::Builder::new()
        .schemas("schemas")
        .family_features(true)
        // The schemas in the form `#[derive(View)]` reads, for the views in src/lib.rs.
        .view_digest("crate::webhooks")
        // And the JSON Schemas, for contract checks of this crate's payloads.
        .json_schemas(true)
        .generate();
    if let Err(e) = generated {
        // Every problem with its file and place, then a failed build.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
