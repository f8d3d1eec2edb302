//! Shared helpers of the contract tests: where the vendor's material is, and saying so when it
//! is not there.

use std::path::PathBuf;

/// The folder of Voucherify's material (`docs/`, `voucherify/`, `payloads/`): `$VOUCHERIFY_SHARED_DIR`,
/// or `../shared` beside the workspace. `None` (with a note on stderr) when neither exists, as on
/// a user's fresh clone.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("VOUCHERIFY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is absent, so the checks against Voucherify's own material did not run \
             (set VOUCHERIFY_SHARED_DIR to run them)",
            dir.display()
        );
        None
    }
}
