//! The change report: what changed between two schema sets (folders like `schemas/`), each
//! change classified for the wire and for the semver of the generated crate.
//!
//! [`diff`] compares two loaded sets, [`diff_dirs`] two folders; [`render`] writes the report
//! for people (`human`), for tools (`json`, a stable shape) or for a pull request (`markdown`).
//! The kinds of change, with their ids and classifications, are listed in [`kinds::KINDS`].
//!
//! ```no_run
//! use std::path::Path;
//! let report = voucherify_codegen::diff::diff_dirs(Path::new("old"), Path::new("schemas"))?;
//! print!("{}", voucherify_codegen::diff::render::human(&report));
//! # Ok::<(), voucherify_codegen::schema::LoadErrors>(())
//! ```

mod compare;
mod describe;
pub mod kinds;
mod merges;
pub mod render;

use std::path::Path;

use serde::{Serialize, Serializer};
use serde_json::Value;

pub use kinds::{Kind, KindInfo, Rust, Wire, KINDS};

use crate::resolve::shapes::unify;
use crate::schema::{self, LoadErrors, SchemaSet};

/// One change, at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The kind's stable id, e.g. `property-added`.
    pub kind: Kind,
    /// The event whose file holds the change (its data, channel or docs page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The shared object (or the envelope, by its name) whose file holds the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// A JSON pointer into that YAML file: into the new one, or the old one for what is gone.
    pub pointer: String,
    /// The old side: a value, a type in words, a format; absent when there was nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    /// The new side, likewise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
    pub wire: Wire,
    pub rust: Rust,
    /// The change in one sentence.
    pub message: String,
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl Change {
    /// Needs a major version of the crate, or may fail a payload that conformed before.
    pub fn is_breaking(&self) -> bool {
        self.rust == Rust::Major || self.wire.may_reject()
    }

    /// Where the change is: `SimpleCustomer` or `event redemption.succeeded`.
    pub fn owner(&self) -> String {
        match (&self.event, &self.object) {
            (Some(event), _) => format!("event {event}"),
            (None, Some(object)) => object.clone(),
            (None, None) => String::new(),
        }
    }
}

/// Every change between two schema sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Events added and removed first, then the envelope, the shared objects by name and the
    /// events by type, each in the order of its file.
    pub changes: Vec<Change>,
}

/// Which changes make `diff --fail-on` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// A change that needs a major version, or that may fail a payload that conformed.
    Breaking,
    /// Any change at all.
    Any,
}

impl Report {
    /// The version bump the changes need in `voucherify-webhooks`: `None` when nothing changed.
    pub fn bump(&self) -> Option<Rust> {
        self.changes.iter().map(|c| c.rust).max()
    }

    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.is_breaking()).count()
    }

    /// The event types of the changes of `kind` (`EventAdded` or `EventRemoved`).
    pub fn events(&self, kind: Kind) -> Vec<&str> {
        self.changes
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| c.event.as_deref())
            .collect()
    }

    /// True when `--fail-on` says the run fails.
    pub fn fails(&self, on: FailOn) -> bool {
        match on {
            FailOn::Any => !self.changes.is_empty(),
            FailOn::Breaking => self.changes.iter().any(Change::is_breaking),
        }
    }
}

/// Compares two loaded schema sets.
pub fn diff(old: &SchemaSet, new: &SchemaSet) -> Report {
    let (old_merges, new_merges) = (unify(old).merges, unify(new).merges);
    let mut walk = compare::Walk::new(
        old,
        new,
        merges::rust_names(&old_merges),
        merges::rust_names(&new_merges),
    );
    walk.all();
    let mut changes = walk.changes;
    changes.extend(merges::changes(old, new, &old_merges, &new_merges));
    Report { changes }
}

/// Loads the schema sets in two folders (as `generate` reads them) and compares them; an
/// event that NEW's `retained.yaml` keeps and OLD's did not is reported as `event-retained`.
pub fn diff_dirs(old: &Path, new: &Path) -> Result<Report, LoadErrors> {
    let old_set = schema::load(old)?;
    let new_set = schema::load(new)?;
    let mut report = diff(&old_set, &new_set);
    let retained = |dir: &Path| {
        crate::import::kept::read_retained(dir).map_err(|e| {
            LoadErrors(vec![schema::LoadError {
                file: dir.join(crate::import::kept::RETAINED_FILE),
                position: None,
                message: e.to_string(),
            }])
        })
    };
    let before = retained(old)?;
    for entry in retained(new)? {
        let was = before.iter().any(|b| b.event == entry.event);
        let present = new_set.events.iter().any(|e| e.event == entry.event);
        if was || !present {
            continue;
        }
        let info = Kind::EventRetained.info();
        report.changes.push(Change {
            kind: Kind::EventRetained,
            event: Some(entry.event.clone()),
            object: None,
            pointer: String::new(),
            before: None,
            after: Some(serde_json::json!({ "from": entry.from, "reason": entry.reason })),
            wire: info.wire,
            rust: info.rust,
            message: format!(
                "kept from {} ({}): {}",
                entry.from,
                crate::import::kept::RETAINED_FILE,
                entry.reason
            ),
        });
    }
    Ok(report)
}
