//! Where `listen` keeps a verified delivery: `DIR/<event type>/<envelope id>.json`, written
//! atomically, once per id, and never outside `DIR` whatever the payload names.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The longest name kept as sent; a longer one is cut and marked with its hash.
const NAME_LIMIT: usize = 64;

/// A name from a payload as one safe path component: ASCII letters, digits, `.`, `_` and `-`,
/// at most [`NAME_LIMIT`] of them. A name that had to change (another character, too long,
/// empty, or starting with `.`, which also covers `.` and `..`) gets `~` and a hash of the
/// original: no name kept as sent holds a `~`, so a changed name never meets an unchanged one,
/// and two different originals meet only where their 64-bit hashes do.
pub fn component(name: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if !name.is_empty()
        && name.len() <= NAME_LIMIT
        && !name.starts_with('.')
        && name.chars().all(safe)
    {
        return name.to_string();
    }
    let mut kept: String = name
        .chars()
        .map(|c| if safe(c) { c } else { '_' })
        .take(NAME_LIMIT)
        .collect();
    if kept.starts_with('.') {
        kept.replace_range(..1, "_");
    }
    format!("{kept}~{:016x}", fnv1a(name.as_bytes()))
}

/// FNV-1a, 64 bits: stable across builds and platforms (unlike `DefaultHasher`), so a name
/// maps to the same file in every run.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What became of a delivery.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    New(PathBuf),
    /// A file of that id was already there: left as it is.
    Duplicate(PathBuf),
}

/// The file of a delivery, below `dir`.
pub fn path(dir: &Path, event_type: &str, id: &str) -> PathBuf {
    dir.join(component(event_type))
        .join(format!("{}.json", component(id)))
}

/// Writes `body` as the file of (`event_type`, `id`) unless it is there: to a temporary file in
/// the same folder, synced, then renamed into place and the folder synced, so that a crash
/// leaves the whole file or none. Callers serialise calls (`listen` holds a lock), so the check
/// for a duplicate and the rename do not race.
pub fn store(dir: &Path, event_type: &str, id: &str, body: &[u8]) -> std::io::Result<Stored> {
    static TEMP: AtomicU64 = AtomicU64::new(0);
    let target = path(dir, event_type, id);
    if target.exists() {
        return Ok(Stored::Duplicate(target));
    }
    let folder = target.parent().unwrap_or(dir);
    fs::create_dir_all(folder)?;
    // Not `*.json`, so `check DIR` never reads a file being written.
    let temp = folder.join(format!(
        ".listen-{}-{}.tmp",
        std::process::id(),
        TEMP.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(body)?;
        file.sync_all()?;
        fs::rename(&temp, &target)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    // The rename is durable once the folder is synced (where the platform can open a folder).
    if let Ok(folder) = File::open(folder) {
        let _ = folder.sync_all();
    }
    Ok(Stored::New(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Component;

    #[test]
    fn safe_names_are_kept_as_sent() {
        for name in [
            "whs_1a2b3c",
            "voucher.published",
            "customer.order.paid",
            "a-b_c.d",
        ] {
            assert_eq!(component(name), name);
        }
    }

    #[test]
    fn hostile_names_stay_one_plain_component() {
        let long = "x".repeat(10_000);
        let hostile = [
            "",
            ".",
            "..",
            "../../etc/passwd",
            "..\\..\\windows",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "nul\0byte",
            "line\nbreak\x1b[31m",
            ".hidden",
            "C:\\x",
            "whs_ü",
            long.as_str(),
        ];
        let mut seen = std::collections::HashSet::new();
        for name in hostile {
            let kept = component(name);
            assert!(kept.len() <= NAME_LIMIT + 17, "{name:?} -> {kept}");
            assert!(!kept.starts_with('.'), "{name:?} -> {kept}");
            assert!(
                kept.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '~')),
                "{name:?} -> {kept}"
            );
            let path = path(Path::new("out"), name, name);
            let components: Vec<Component> = path.components().collect();
            assert_eq!(components.len(), 3, "{name:?} -> {}", path.display());
            assert!(
                components.iter().all(|c| matches!(c, Component::Normal(_))),
                "{name:?} -> {}",
                path.display()
            );
            assert!(seen.insert(kept), "{name:?} collides");
        }
    }

    #[test]
    fn names_changed_alike_stay_apart() {
        // Each pair sanitises to the same characters; the hash keeps them apart, and the `~`
        // keeps a changed name from meeting a name sent that way.
        for (a, b) in [
            ("a/b", "a\\b"),
            ("a/b", "a_b"),
            ("..", "__"),
            ("x".repeat(65).as_str(), &"x".repeat(66)),
        ] {
            assert_ne!(component(a), component(b), "{a:?} {b:?}");
        }
        assert_ne!(component("a/b"), component(&component("a/b")));
    }

    #[test]
    fn a_delivery_is_stored_once_and_whole() {
        let dir = std::env::temp_dir().join(format!("listen-store-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let first = store(&dir, "voucher.published", "whs_1", b"{\"a\": 1}").unwrap();
        let Stored::New(path) = first else {
            panic!("{first:?}")
        };
        assert_eq!(fs::read(&path).unwrap(), b"{\"a\": 1}");
        let again = store(&dir, "voucher.published", "whs_1", b"{\"a\": 2}").unwrap();
        assert_eq!(again, Stored::Duplicate(path.clone()));
        assert_eq!(fs::read(&path).unwrap(), b"{\"a\": 1}");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["whs_1.json"], "no temporary file is left");
        fs::remove_dir_all(&dir).unwrap();
    }
}
