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
/// `../shared` beside the workspace.
///
/// A test that reads it carries
/// `#[cfg_attr(shared_absent, ignore = "needs ../shared (Voucherify's docs and payloads)")]`:
/// the build script sets `shared_absent` where the folder is absent (a fresh clone), so `cargo
/// test` counts the test as ignored. Panics, naming the folder, where it is absent all the same.
/// A folder without `payloads/` counts as absent.
pub fn shared_dir() -> PathBuf {
    let dir = shared_location();
    present(&dir.join("payloads"), "VOUCHERIFY_SHARED_DIR");
    dir
}

/// The folder of the OpenAPI documents: `$VOUCHERIFY_DOCS_DIR`, or `voucherify/` of the shared
/// folder. Its tests are ignored where it is absent (`docs_absent`), as with [`shared_dir`].
pub fn docs_dir() -> PathBuf {
    let dir = match std::env::var_os("VOUCHERIFY_DOCS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => shared_location().join("voucherify"),
    };
    present(&dir, "VOUCHERIFY_DOCS_DIR");
    dir
}

fn shared_location() -> PathBuf {
    std::env::var_os("VOUCHERIFY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared"))
}

fn present(dir: &std::path::Path, var: &str) {
    assert!(
        dir.is_dir(),
        "{} is absent: this test needs Voucherify's own material (set {var} to its folder)",
        dir.display()
    );
}

/// The documents of the import, newest (most authoritative) first.
pub const DOCS: [&str; 2] = ["OpenAPIWebhooks.json", "OpenAPIWebhooks-2024-08-19.json"];

/// Copies the files of `from` into `to`, folders included.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("a folder entry");
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&source, &target);
        } else {
            std::fs::copy(&source, &target).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        }
    }
}

/// A fresh, empty folder below the system's temporary folder, its own for each call: `name`,
/// the process id and a count keep tests that run at once apart.
pub fn scratch(name: &str) -> PathBuf {
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("vf-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}
