//! Folders of payloads: listing them, and the test helper that asserts they all conform.

use std::io;
use std::path::{Path, PathBuf};

use crate::json_schema::JsonSchemas;

/// The payload files at `path`: `path` itself when it is a file, else every `*.json` file below
/// it (in subfolders too), sorted.
pub fn json_files(path: &Path) -> io::Result<Vec<PathBuf>> {
    if !std::fs::metadata(path)?.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut todo = vec![path.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let child = entry.path();
            // `metadata` follows symbolic links, so a linked folder of captures is read too.
            if std::fs::metadata(&child)?.is_dir() {
                todo.push(child);
            } else if child.extension().is_some_and(|x| x == "json") {
                found.push(child);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Asserts that every `*.json` file below `dir` is a conforming v2024-01-01 webhook (a whole
/// envelope): for a test of your own over captured payloads.
///
/// # Panics
///
/// When `dir` cannot be read, holds no payload, or some payload does not conform; the message
/// names each failing file with its violations, one per line:
///
/// ```text
/// 1 of 12 payloads in captured/ do not conform to the Voucherify v2024-01-01 contract:
/// captured/redemption.json (redemption.succeeded):
///   /data/order/amount: expected integer, got string "12000" [wrong_type]
/// ```
///
/// ```no_run
/// #[test]
/// fn captured_payloads_conform() {
///     voucherify_webhooks::contract::assert_conforms("tests/payloads");
/// }
/// ```
#[track_caller]
pub fn assert_conforms<E: JsonSchemas>(dir: impl AsRef<Path>) {
    let dir = dir.as_ref();
    let files = json_files(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    assert!(
        !files.is_empty(),
        "{}: no *.json payloads to check",
        dir.display()
    );
    let checker = super::Checker::<E>::shared();
    let mut failures = String::new();
    let mut failed = 0;
    for path in &files {
        let report = match std::fs::read(path) {
            Ok(body) => checker.check(&body),
            Err(e) => {
                failed += 1;
                failures.push_str(&format!("{}: cannot read: {e}\n", path.display()));
                continue;
            }
        };
        if !report.ok {
            failed += 1;
            let event_type = report.event_type.as_deref().unwrap_or("no event type");
            failures.push_str(&format!("{} ({event_type}):\n", path.display()));
            for violation in &report.violations {
                failures.push_str(&format!("  {violation}\n"));
            }
        }
    }
    if failed > 0 {
        panic!(
            "{failed} of {} payloads in {} do not conform to the Voucherify v2024-01-01 contract:\n{failures}",
            files.len(),
            dir.display()
        );
    }
}
