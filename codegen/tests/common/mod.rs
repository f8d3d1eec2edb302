//! Where the tests find the workspace and Voucherify's material.
#![allow(dead_code)] // each test file uses a part of it

use std::path::PathBuf;

/// The workspace root (the parent of `codegen/`).
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The committed schema set.
pub fn schemas() -> PathBuf {
    workspace().join("schemas")
}

/// Voucherify's material (`docs/`, `voucherify/`, `payloads/`): `$VOUCHERIFY_SHARED_DIR`, or
/// `../shared` beside the workspace. `None`, with a note, where it is absent (a fresh clone).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("VOUCHERIFY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared"));
    present(dir, "VOUCHERIFY_SHARED_DIR")
}

/// The folder of the OpenAPI documents: `$VOUCHERIFY_DOCS_DIR`, or `voucherify/` of the shared
/// folder.
pub fn docs_dir() -> Option<PathBuf> {
    match std::env::var_os("VOUCHERIFY_DOCS_DIR") {
        Some(dir) => present(PathBuf::from(dir), "VOUCHERIFY_DOCS_DIR"),
        None => present(shared_dir()?.join("voucherify"), "VOUCHERIFY_DOCS_DIR"),
    }
}

fn present(dir: PathBuf, var: &str) -> Option<PathBuf> {
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is absent, so this test checked nothing against Voucherify's own material \
             (set {var} to run it)",
            dir.display()
        );
        None
    }
}

/// The documents of the import, newest (most authoritative) first.
pub const DOCS: [&str; 2] = ["OpenAPIWebhooks.json", "OpenAPIWebhooks-2024-08-19.json"];
