//! Whether Voucherify's material is there, decided when a test package builds, so that a test
//! that needs it is counted as ignored where it is absent, not passed on nothing.
//!
//! The build script of each package whose tests read the material includes this file and calls
//! [`emit`]; each such test carries one line:
//!
//! ```text
//! #[cfg_attr(shared_absent, ignore = "needs ../shared (Voucherify's docs and payloads)")]
//! ```
//!
//! (`docs_absent` for a test that needs only the OpenAPI documents). The folders are looked for
//! where the tests' helpers look at run time (`shared_dir`, `docs_dir`).

use std::path::{Path, PathBuf};

/// Prints the build script's instructions for a package `to_workspace` below the workspace root
/// (`".."` for `codegen/`): `shared_absent` where the shared folder is absent (`$VOUCHERIFY_SHARED_DIR`,
/// or `../shared` beside the workspace), `docs_absent` where the OpenAPI documents
/// (`$VOUCHERIFY_DOCS_DIR`, or `voucherify/` of the shared folder) are absent.
pub fn emit(to_workspace: &str) {
    println!("cargo::rustc-check-cfg=cfg(shared_absent, docs_absent)");
    // Rerun on a change of the script, not of any file in the package (a change of this file
    // rebuilds the script, which reruns it).
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=VOUCHERIFY_SHARED_DIR");
    println!("cargo::rerun-if-env-changed=VOUCHERIFY_DOCS_DIR");
    let package = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let shared = match std::env::var_os("VOUCHERIFY_SHARED_DIR") {
        Some(dir) => package.join(dir),
        None => package.join(to_workspace).join("../shared"),
    };
    let docs = match std::env::var_os("VOUCHERIFY_DOCS_DIR") {
        Some(dir) => package.join(dir),
        None => shared.join("voucherify"),
    };
    // The shared folder counts where it holds `payloads/`, as the helpers check at run time: an
    // empty folder is as good as none.
    decide(&shared.join("payloads"), "shared_absent");
    decide(&docs, "docs_absent");
}

fn decide(dir: &Path, cfg: &str) {
    if dir.is_dir() {
        // Decided again if it goes away. Watched only where it exists: Cargo reruns a script
        // whose watched path is missing on every build, rebuilding the package each time; so a
        // folder added later is seen once a variable is set or build.rs touched.
        println!("cargo::rerun-if-changed={}", dir.display());
    } else {
        println!("cargo::rustc-cfg={cfg}");
    }
}
