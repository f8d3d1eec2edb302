//! Write: put generated files in place, touching only files whose contents changed, or (in
//! check mode) write nothing and report what differs.
//!
//! Writing only what changed keeps file times stable, so cargo does not rebuild the generated
//! crate after a generation that changed nothing.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Whether to write or only compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What a write (or check) found, by path relative to the output folder, each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Files whose contents differ from the generation (rewritten in write mode).
    pub stale: Vec<PathBuf>,
    /// Files the generation has and the folder lacks (created in write mode).
    pub missing: Vec<PathBuf>,
    /// Files of the generated kinds (`.rs`, or those named to [`sync_owning`]) in the folder
    /// that the generation does not have (removed in write mode).
    pub extra: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Report {
    /// True when the folder already matched the generation.
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (label, paths) in [
            ("stale", &self.stale),
            ("missing", &self.missing),
            ("extra", &self.extra),
        ] {
            for path in paths {
                writeln!(f, "{label}: {}", path.display())?;
            }
        }
        Ok(())
    }
}

/// An I/O failure, naming the file.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for WriteError {}

fn at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError {
        path: path.to_path_buf(),
        error,
    }
}

/// What a file on disk was, against the text it should hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    Unchanged,
    Stale,
    Missing,
}

/// Whether the bytes on disk hold `wanted`. A checkout that turned LF into CRLF (`autocrlf`
/// on Windows) holds the same text: it is not stale, and is not rewritten.
fn holds(current: &[u8], wanted: &str) -> bool {
    if current == wanted.as_bytes() {
        return true;
    }
    let mut lf = Vec::with_capacity(current.len());
    for (i, byte) in current.iter().enumerate() {
        if !(*byte == b'\r' && current.get(i + 1) == Some(&b'\n')) {
            lf.push(*byte);
        }
    }
    lf == wanted.as_bytes()
}

/// The one write-if-changed: compares the file at `path` with `contents` and, with
/// [`Mode::Write`], writes it (and its folder) when it is stale or missing.
pub fn write_if_changed(path: &Path, contents: &str, mode: Mode) -> Result<Freshness, WriteError> {
    let freshness = match fs::read(path) {
        Ok(current) if holds(&current, contents) => return Ok(Freshness::Unchanged),
        Ok(_) => Freshness::Stale,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Freshness::Missing,
        Err(e) => return Err(at(path)(e)),
    };
    if mode == Mode::Write {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(at(parent))?;
        }
        fs::write(path, contents).map_err(at(path))?;
    }
    Ok(freshness)
}

/// Makes `dir` hold exactly `files` (relative path, contents) among its `.rs` files: writes
/// the stale and missing ones and removes the others. Files that are not `.rs` are left alone.
pub fn sync(dir: &Path, files: &[(PathBuf, String)], mode: Mode) -> Result<Report, WriteError> {
    sync_owning(dir, files, mode, &["rs"])
}

/// [`sync`] for a folder whose generated files have the extensions `owned` (`["json"]` for
/// `generated/schemas/`): a file of another extension is never removed.
pub fn sync_owning(
    dir: &Path,
    files: &[(PathBuf, String)],
    mode: Mode,
    owned: &[&str],
) -> Result<Report, WriteError> {
    let mut report = Report::default();
    let wanted: BTreeSet<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    let mut sorted: Vec<&(PathBuf, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (relative, contents) in sorted {
        match write_if_changed(&dir.join(relative), contents, mode)? {
            Freshness::Unchanged => report.unchanged += 1,
            Freshness::Stale => report.stale.push(relative.clone()),
            Freshness::Missing => report.missing.push(relative.clone()),
        }
    }
    for relative in owned_files(dir, owned)? {
        if !wanted.contains(relative.as_path()) {
            if mode == Mode::Write {
                let path = dir.join(&relative);
                fs::remove_file(&path).map_err(at(&path))?;
            }
            report.extra.push(relative);
        }
    }
    Ok(report)
}

/// The files under `dir` with one of the extensions `owned`, relative to it, sorted; none
/// when `dir` does not exist.
fn owned_files(dir: &Path, owned: &[&str]) -> Result<Vec<PathBuf>, WriteError> {
    let mut found = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(relative) = todo.pop() {
        let path = dir.join(&relative);
        let entries = match fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(at(&path)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(at(&path))?;
            let child = relative.join(entry.file_name());
            let kind = entry.file_type().map_err(at(&path))?;
            if kind.is_dir() {
                todo.push(child);
            } else if child
                .extension()
                .is_some_and(|x| owned.iter().any(|o| x == *o))
            {
                found.push(child);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crlf_checkout_of_the_same_text_is_fresh_and_left_alone() {
        let dir = std::env::temp_dir().join(format!("codegen-crlf-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.rs");
        fs::write(&path, "one\r\ntwo\r\n").unwrap();
        assert_eq!(
            write_if_changed(&path, "one\ntwo\n", Mode::Check).unwrap(),
            Freshness::Unchanged
        );
        assert_eq!(
            write_if_changed(&path, "one\ntwo\nthree\n", Mode::Check).unwrap(),
            Freshness::Stale
        );
        assert_eq!(fs::read(&path).unwrap(), b"one\r\ntwo\r\n");
        assert_eq!(
            write_if_changed(&dir.join("new/b.rs"), "b\n", Mode::Write).unwrap(),
            Freshness::Missing
        );
        assert_eq!(fs::read_to_string(dir.join("new/b.rs")).unwrap(), "b\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("vf-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_only_what_changed_and_removes_extras() {
        let dir = temp_dir("sync");
        fs::write(dir.join("same.rs"), "same").unwrap();
        fs::write(dir.join("old.rs"), "old").unwrap();
        fs::write(dir.join("gone.rs"), "gone").unwrap();
        fs::write(dir.join("notes.txt"), "kept").unwrap();
        let files = vec![
            (PathBuf::from("same.rs"), "same".to_string()),
            (PathBuf::from("old.rs"), "new".to_string()),
            (PathBuf::from("sub/new.rs"), "new".to_string()),
        ];

        let check = sync(&dir, &files, Mode::Check).unwrap();
        assert_eq!(check.stale, [PathBuf::from("old.rs")]);
        assert_eq!(check.missing, [PathBuf::from("sub/new.rs")]);
        assert_eq!(check.extra, [PathBuf::from("gone.rs")]);
        assert_eq!(fs::read_to_string(dir.join("old.rs")).unwrap(), "old");

        let written = sync(&dir, &files, Mode::Write).unwrap();
        assert_eq!(written, check);
        assert_eq!(fs::read_to_string(dir.join("old.rs")).unwrap(), "new");
        assert!(!dir.join("gone.rs").exists());
        assert!(dir.join("notes.txt").exists());

        let again = sync(&dir, &files, Mode::Check).unwrap();
        assert!(again.is_clean(), "{again}");
        assert_eq!(again.unchanged, 3);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn owns_only_the_extensions_named() {
        let dir = temp_dir("owning");
        fs::create_dir_all(dir.join("events")).unwrap();
        fs::write(dir.join("events/gone.json"), "{}").unwrap();
        fs::write(dir.join("notes.rs"), "kept").unwrap();
        let files = vec![(PathBuf::from("envelope.json"), "{}".to_string())];
        let written = sync_owning(&dir, &files, Mode::Write, &["json"]).unwrap();
        assert_eq!(written.extra, [PathBuf::from("events/gone.json")]);
        assert_eq!(written.missing, [PathBuf::from("envelope.json")]);
        assert!(!dir.join("events/gone.json").exists());
        assert!(dir.join("notes.rs").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
