//! Reads a `schemas/` folder into a [`SchemaSet`], reporting every problem with its file, line
//! and column. Nothing here panics on bad input.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::checks::{self, LoadContext};
use super::model::{EventFile, Schema};

/// The file that holds the envelope shared by every webhook.
pub const ENVELOPE_FILE: &str = "envelope.yaml";
/// The folder of event files, one per wire event type.
pub const EVENTS_DIR: &str = "events";
/// The folder of shared objects, one per name.
pub const OBJECTS_DIR: &str = "objects";

/// Everything in a `schemas/` folder, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaSet {
    /// The envelope `{id, project_id, created_at, type, data, source, event}`.
    pub envelope: Schema,
    /// Every event, sorted by wire event type.
    pub events: Vec<EventFile>,
    /// Shared objects by name, sorted.
    pub objects: BTreeMap<String, Schema>,
}

impl SchemaSet {
    /// Every name a node of the set defines (objects, enums and unions, inline ones included).
    /// A `$ref` defines nothing, even where a unified set keeps an event's variant name on one.
    pub fn defined_names(&self) -> std::collections::BTreeSet<&str> {
        let mut names = std::collections::BTreeSet::new();
        let roots = std::iter::once(&self.envelope)
            .chain(self.objects.values())
            .chain(self.events.iter().map(|e| &e.data));
        for root in roots {
            root.walk(&mut String::new(), &mut |_, node| {
                if let Some(name) = node.name.as_ref().filter(|_| node.reference.is_none()) {
                    names.insert(name.as_str());
                }
            });
        }
        names
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: PathBuf,
    /// 1-based line and column, where the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// All the problems found in a schema set; loading goes on past the first so that one run
/// shows everything to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::error_list::display(f, &self.0)
    }
}

impl std::error::Error for LoadErrors {}

impl LoadError {
    fn new(file: &Path, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_path_buf(),
            position: None,
            message: message.into(),
        }
    }
}

/// Loads and checks the schema set in `dir`.
pub fn load(dir: &Path) -> Result<SchemaSet, LoadErrors> {
    let mut errors = Vec::new();
    let object_files = yaml_files(&dir.join(OBJECTS_DIR), &mut errors);
    let event_files = yaml_files(&dir.join(EVENTS_DIR), &mut errors);

    let known_objects: BTreeSet<String> =
        object_files.iter().map(|(stem, _)| stem.clone()).collect();
    let mut context = LoadContext {
        known_objects,
        ..LoadContext::default()
    };

    let envelope_path = dir.join(ENVELOPE_FILE);
    let envelope: Option<Schema> = read(&envelope_path, &mut context, &mut errors);
    if let Some(envelope) = &envelope {
        if envelope.name.is_none() {
            errors.push(LoadError::new(
                &envelope_path,
                "the envelope needs a `name`",
            ));
        }
    }

    let mut objects = BTreeMap::new();
    for (stem, path) in &object_files {
        let Some(object) = read::<Schema>(path, &mut context, &mut errors) else {
            continue;
        };
        if object.name.as_deref() != Some(stem.as_str()) {
            errors.push(LoadError::new(
                path,
                format!("a shared object's `name` must be its file name: `name: {stem}`"),
            ));
        }
        objects.insert(stem.clone(), object);
    }

    let mut events = Vec::new();
    for (stem, path) in &event_files {
        let Some(event) = read::<EventFile>(path, &mut context, &mut errors) else {
            continue;
        };
        if &event.event != stem {
            errors.push(LoadError::new(
                path,
                format!(
                    "the file of event `{}` must be named {}.yaml",
                    event.event, event.event
                ),
            ));
        }
        events.push(event);
    }
    events.sort_by(|a, b| a.event.cmp(&b.event));

    match (errors.is_empty(), envelope) {
        (true, Some(envelope)) => Ok(SchemaSet {
            envelope,
            events,
            objects,
        }),
        _ => Err(LoadErrors(errors)),
    }
}

/// Parses one file with the checks' context set, turning any failure into a located error.
fn read<T: DeserializeOwned>(
    path: &Path,
    context: &mut LoadContext,
    errors: &mut Vec<LoadError>,
) -> Option<T> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            errors.push(LoadError::new(path, format!("cannot read: {e}")));
            return None;
        }
    };
    // Refused before parsing: the parser's time grows with the square of the depth.
    if let Some(position) = super::depth::too_deep(&text) {
        errors.push(LoadError {
            file: path.to_path_buf(),
            position: Some(position),
            message: format!(
                "nested deeper than {} levels (brackets and indentation); no schema needs that many",
                super::depth::MAX_DEPTH
            ),
        });
        return None;
    }
    let mut taken = std::mem::take(context);
    taken.file = display_name(path);
    let (result, back) = checks::with_context(taken, || yaml_serde::from_str::<T>(&text));
    *context = back;
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            errors.push(LoadError {
                file: path.to_path_buf(),
                position: e.location().map(|l| (l.line(), l.column())),
                message: strip_position(&e.to_string()),
            });
            None
        }
    }
}

/// `yaml_serde` appends " at line L column C" to its messages; the position is kept apart.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The last two components of a path: `objects/SimpleCustomer.yaml`.
fn display_name(path: &Path) -> String {
    let mut parts: Vec<_> = path
        .iter()
        .rev()
        .take(2)
        .map(|p| p.to_string_lossy())
        .collect();
    parts.reverse();
    parts.join("/")
}

/// The `*.yaml` files of a folder as (stem, path), sorted by stem.
fn yaml_files(dir: &Path, errors: &mut Vec<LoadError>) -> Vec<(String, PathBuf)> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(LoadError::new(dir, format!("cannot read the folder: {e}")));
            return Vec::new();
        }
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p)))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a small schema set into a fresh temporary folder.
    fn schema_dir(files: &[(&str, &str)]) -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "vf-load-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join(OBJECTS_DIR)).unwrap();
        fs::create_dir_all(dir.join(EVENTS_DIR)).unwrap();
        for (name, text) in files {
            fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    const ENVELOPE: &str = "name: Envelope\ntype: object\nproperties:\n  id:\n    type: string\n";

    fn errors_of(files: &[(&str, &str)]) -> String {
        let dir = schema_dir(files);
        let out = match load(&dir) {
            Ok(_) => "ok".to_string(),
            Err(e) => {
                e.0.iter()
                    .map(|e| {
                        let (l, c) = e.position.unwrap_or((0, 0));
                        format!("{}:{l}:{c}: {}", display_name(&e.file), e.message)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        };
        let _ = fs::remove_dir_all(&dir);
        out
    }

    #[test]
    fn loads_a_small_set() {
        let dir = schema_dir(&[
            ("envelope.yaml", ENVELOPE),
            ("objects/SimpleCustomer.yaml", "name: SimpleCustomer\ntype: object\nproperties:\n  email:\n    type: string\n    nullable: true\n"),
            ("events/customer.created.yaml", "event: customer.created\nchannel: project_settings\ndocs: https://example.invalid\ndata:\n  $ref: SimpleCustomer\n"),
        ]);
        let set = load(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(set.events.len(), 1);
        assert_eq!(
            set.events[0].data.reference.as_deref(),
            Some("SimpleCustomer")
        );
        assert!(set.objects["SimpleCustomer"].properties["email"].nullable);
    }

    #[test]
    fn reports_every_error_with_its_place() {
        let out = errors_of(&[
            ("envelope.yaml", ENVELOPE),
            ("objects/A.yaml", "name: A\ntype: object\nproperties:\n  x:\n    $ref: Bee\n"),
            ("objects/B.yaml", "name: B\ntype: object\nproperties:\n  x:\n    typ: string\n"),
            ("objects/C.yaml", "name: C\ntype: object\nrequired: [y]\nproperties:\n  x:\n    type: string\n"),
            ("objects/D.yaml", "name: D\ntype: object\nproperties:\n  x:\n    name: A\n    type: object\n    properties:\n      z:\n        type: integer\n"),
            ("objects/E.yaml", "name: E\ntype: object\nproperties:\n  x: {type: string}\n  x: {type: integer}\n"),
            ("objects/F.yaml", "name: F\ntype: [object\n"),
            ("events/a.b.yaml", "event: a.b\nchannel: nowhere\ndocs: x\ndata: {}\n"),
        ]);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!(
            "name: A\ntype: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let out = errors_of(&[("envelope.yaml", ENVELOPE), ("objects/A.yaml", &deep)]);
        assert_eq!(
            out,
            "objects/A.yaml:2:106: nested deeper than 100 levels (brackets and indentation); \
             no schema needs that many"
        );
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let err = load(Path::new("/nonexistent/schemas")).unwrap_err();
        assert!(err.to_string().contains("cannot read the folder"), "{err}");
    }
}
