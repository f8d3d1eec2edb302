//! Import: Voucherify's OpenAPI webhooks documents -> the YAML schemas of `schemas/`.
//!
//! The stages, one module each: [`openapi`] reads a document, [`sources`] combines several,
//! [`events`] lists the webhooks, [`merge`] resolves `allOf` and references, [`names`] names
//! what needs a name, [`convert`] turns docs nodes into the schema format (with [`envelope`]
//! for the envelope), [`overrides`] applies the reviewed fixes, and [`write`](mod@write) writes the files.

pub mod convert;
pub mod envelope;
pub mod error;
pub mod events;
pub mod merge;
pub mod names;
pub mod openapi;
pub mod overrides;
pub mod sources;
pub mod write;

use std::path::{Path, PathBuf};

pub use error::ImportError;

use crate::schema;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub events: usize,
    pub objects: usize,
    pub overrides: usize,
    /// Files written because their text changed (or they were new).
    pub changed: usize,
    pub unchanged: usize,
    /// Stale files removed from `events/` and `objects/`.
    pub removed: usize,
    /// What the importer dropped from the docs on purpose, one line each.
    pub warnings: Vec<String>,
}

/// Imports the documents `docs` (newest first: the first one to define a name wins), applies
/// the overrides in `overrides` (a missing file means none), writes the schema set into `out`
/// and checks that it loads.
pub fn import(docs: &[PathBuf], overrides: &Path, out: &Path) -> Result<Summary, ImportError> {
    let sources = sources::Sources::read(docs)?;
    let mut set = convert::convert(&sources)?;
    let entries = overrides::read(overrides)?;
    overrides::apply(&entries, overrides, &mut set)?;
    let files = write::render(&set)?;
    let written = write::write(out, &files)?;
    // The output is checked with the loader every later step uses: an importer bug shows up
    // here, at import time, with the loader's file:line message.
    schema::load(out).map_err(|e| ImportError::Output {
        message: e.to_string(),
    })?;
    Ok(Summary {
        events: set.events.len(),
        objects: set.objects.len(),
        overrides: entries.len(),
        changed: written.changed,
        unchanged: written.unchanged,
        removed: written.removed,
        warnings: set.warnings,
    })
}
