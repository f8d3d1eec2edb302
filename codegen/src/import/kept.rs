//! The files of `events/` and `objects/` that an import keeps although no document given
//! produces them: an event file `learn` inferred from payloads (it starts with a comment saying
//! so), an event listed in `retained.yaml` (a reviewed list of events an earlier document
//! described and the newest no longer does), and the shared objects such kept events refer to.
//!
//! One rule for both: a kept file stays as it is, byte for byte, until a document defines it
//! again, when the import writes it from that document.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::error::ImportError;
use crate::schema::{EVENTS_DIR, OBJECTS_DIR};

/// The reviewed list of retained events, beside `overrides.yaml` in the schemas folder.
pub const RETAINED_FILE: &str = "retained.yaml";

/// One event kept from an earlier document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retained {
    /// The wire event type, as in `events/<event>.yaml`.
    pub event: String,
    /// The document that described it last (a file name, for people).
    pub from: String,
    /// Why the project keeps it (the evidence that Voucherify still sends it).
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RetainedFile {
    #[serde(default)]
    retained: Vec<Retained>,
}

/// The entries of `dir/retained.yaml`; none where the file is absent.
pub fn read_retained(dir: &Path) -> Result<Vec<Retained>, ImportError> {
    let file = dir.join(RETAINED_FILE);
    let text = match fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ImportError::Read {
                file,
                message: e.to_string(),
            })
        }
    };
    let parsed: RetainedFile = yaml_serde::from_str(&text).map_err(|e| ImportError::Parse {
        file: file.clone(),
        pointer: String::new(),
        message: e.to_string(),
    })?;
    let mut seen = BTreeSet::new();
    for entry in &parsed.retained {
        if !seen.insert(entry.event.as_str()) {
            return Err(ImportError::Parse {
                file,
                pointer: "/retained".into(),
                message: format!("`{}` is listed twice", entry.event),
            });
        }
    }
    Ok(parsed.retained)
}

/// Why a file no document produced stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// An event file `learn` inferred from payloads.
    Inferred,
    /// An event of `retained.yaml`.
    Retained(Retained),
    /// A shared object a kept event refers to.
    UsedBy(String),
}

/// The files under `out` (relative paths) that are not in `produced` and stay, with why. An
/// event of `retained` without a file under `out` is an error: there is nothing to keep.
pub fn kept(
    out: &Path,
    produced: &BTreeMap<PathBuf, String>,
    retained: &[Retained],
) -> Result<BTreeMap<PathBuf, Why>, ImportError> {
    let mut kept = BTreeMap::new();
    let mut texts = Vec::new();
    for entry in retained {
        let relative = Path::new(EVENTS_DIR).join(format!("{}.yaml", entry.event));
        if produced.contains_key(&relative) {
            continue; // a document defines it: the import writes it
        }
        let text = fs::read_to_string(out.join(&relative)).map_err(|e| ImportError::Read {
            file: out.join(&relative),
            message: format!(
                "{RETAINED_FILE} keeps `{}`, which no document given defines, but its file cannot be read ({e}): import with {} once to write it",
                entry.event, entry.from
            ),
        })?;
        texts.push((entry.event.clone(), text));
        kept.insert(relative, Why::Retained(entry.clone()));
    }
    if let Ok(entries) = fs::read_dir(out.join(EVENTS_DIR)) {
        for entry in entries.filter_map(Result::ok) {
            let relative = Path::new(EVENTS_DIR).join(entry.file_name());
            if produced.contains_key(&relative) || kept.contains_key(&relative) {
                continue;
            }
            let Ok(text) = fs::read_to_string(entry.path()) else {
                continue;
            };
            if text.starts_with(crate::learn::infer::INFERRED_HEADER) {
                let event = relative.file_stem().unwrap_or_default();
                texts.push((event.to_string_lossy().into_owned(), text));
                kept.insert(relative, Why::Inferred);
            }
        }
    }
    // The objects the kept files refer to, and the ones those refer to, that the documents no
    // longer produce.
    while let Some((owner, text)) = texts.pop() {
        for name in refs(&text) {
            let relative = Path::new(OBJECTS_DIR).join(format!("{name}.yaml"));
            if produced.contains_key(&relative) || kept.contains_key(&relative) {
                continue;
            }
            if let Ok(object) = fs::read_to_string(out.join(&relative)) {
                texts.push((owner.clone(), object));
                kept.insert(relative, Why::UsedBy(owner.clone()));
            }
        }
    }
    Ok(kept)
}

/// The names every `$ref` of a schema file names.
fn refs(text: &str) -> BTreeSet<String> {
    fn walk(value: &Value, names: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("$ref", Value::String(name)) => {
                            names.insert(name.clone());
                        }
                        _ => walk(value, names),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, names)),
            _ => {}
        }
    }
    let mut names = BTreeSet::new();
    // A file that does not parse refers to nothing here; the load after the write names its
    // line.
    if let Ok(value) = yaml_serde::from_str::<Value>(text) {
        walk(&value, &mut names);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("vf-kept-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn refs_are_found_at_any_depth() {
        let text = "data:\n  properties:\n    a:\n      $ref: One\n    b:\n      items:\n        $ref: Two\n";
        let names: Vec<_> = refs(text).into_iter().collect();
        assert_eq!(names, ["One", "Two"]);
    }

    #[test]
    fn a_retained_event_twice_is_an_error_naming_it() {
        let dir = temp_dir("twice");
        let entry = "  - event: a.b\n    from: old.json\n    reason: r\n";
        fs::write(
            dir.join(RETAINED_FILE),
            format!("retained:\n{entry}{entry}"),
        )
        .unwrap();
        let e = read_retained(&dir).unwrap_err().to_string();
        assert!(e.contains("`a.b` is listed twice"), "{e}");
    }

    #[test]
    fn a_retained_event_without_a_file_is_an_error_naming_the_document() {
        let dir = temp_dir("no-file");
        let retained = [Retained {
            event: "a.b".into(),
            from: "old.json".into(),
            reason: "r".into(),
        }];
        let e = kept(&dir, &BTreeMap::new(), &retained)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a.b") && e.contains("old.json"), "{e}");
    }
}
