//! Folders of payloads: listing them, and the test helper that asserts they all conform.

use std::io;
use std::path::{Path, PathBuf};

use crate::json_schema::JsonSchemas;

/// The payload files at `path`: `path` itself when it is a file, else every `*.json` file below
/// it (in subfolders too), sorted. A folder reached twice through symbolic links is listed
/// once. The list may name what is not a regular file (a FIFO named `*.json`): read each with
/// [`read_payload`], which refuses those.
pub fn json_files(path: &Path) -> io::Result<Vec<PathBuf>> {
    if !std::fs::metadata(path)?.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![path.to_path_buf()];
    while let Some(dir) = todo.pop() {
        // A link to a parent folder would otherwise be walked forever.
        if !seen.insert(std::fs::canonicalize(&dir)?) {
            continue;
        }
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let child = entry.path();
            // `metadata` follows symbolic links, so a linked folder of captures is read too.
            // A broken link is listed, so the check names it rather than refusing the folder.
            if std::fs::metadata(&child).is_ok_and(|m| m.is_dir()) {
                todo.push(child);
            } else if child.extension().is_some_and(|x| x == "json") {
                found.push(child);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The size above which [`read_payload`] refuses a file by default: far above any webhook
/// (Voucherify's are kilobytes), far below what a check of a folder cannot hold in memory.
pub const MAX_PAYLOAD_BYTES: u64 = 16 * 1024 * 1024;

/// Why [`read_payload`] did not read a file.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// Not a regular file once symbolic links are followed: a FIFO, a device such as
    /// `/dev/zero`, a socket. Reading one could block forever or never end.
    NotAFile(&'static str),
    /// Larger than the limit (in bytes).
    TooLarge { limit: u64 },
    /// The file system refused.
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(what) => write!(f, "skipped: {what}, not a regular file"),
            ReadError::TooLarge { limit } => {
                write!(f, "skipped: larger than the limit of {limit} bytes")
            }
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads a payload file: a regular file (after following symbolic links) of at most `limit`
/// bytes, or the reason it was not read. The type is checked before the file is opened (a FIFO
/// blocks on open), again on the open file, and the size while reading (a file may grow, and
/// some report no size).
pub fn read_payload(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    let regular = |meta: &std::fs::Metadata| match kind_of(meta) {
        None => Ok(()),
        Some(what) => Err(ReadError::NotAFile(what)),
    };
    regular(&std::fs::metadata(path).map_err(ReadError::Io)?)?;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    regular(&file.metadata().map_err(ReadError::Io)?)?;
    let mut body = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(ReadError::Io)?;
    if body.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(body)
}

/// What a file that is not a regular one is, for the message; `None` for a regular file.
fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
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
        let report = match read_payload(path, MAX_PAYLOAD_BYTES) {
            Ok(body) => checker.check(&body),
            Err(e) => {
                failed += 1;
                failures.push_str(&format!("{}: {e}\n", path.display()));
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
