//! Import: Voucherify's OpenAPI webhooks documents -> the YAML schemas of `schemas/`.
//!
//! The stages, one module each: [`json`] and [`openapi`] read a document (tolerating the
//! vendor's flaws, each a [`diagnostic`]), [`sources`] combines several, [`events`] lists the
//! webhooks, [`merge`] resolves `allOf` and references, [`names`] names what needs a name,
//! [`convert`] turns docs nodes into the schema format (with [`envelope`] for the envelope),
//! [`overrides`] applies the reviewed fixes ([`prune`] drops the ones the docs made redundant),
//! and [`write`](mod@write) writes the files.

pub mod convert;
pub mod diagnostic;
pub mod envelope;
pub mod error;
pub mod events;
pub mod json;
pub mod kept;
pub mod merge;
pub mod names;
pub mod openapi;
pub mod overrides;
pub mod prune;
pub mod sources;
pub mod write;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Kind};
pub use error::ImportError;

use crate::schema;

/// How an import treats what it finds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Every diagnostic is an error: nothing is written ([`ImportError::Strict`]).
    pub strict: bool,
    /// Remove the overrides that change nothing from the overrides file.
    pub prune_overrides: bool,
}

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
    /// The files no document given produced that stayed (see [`kept`]), by path relative to
    /// the output folder.
    pub kept: Vec<(std::path::PathBuf, kept::Why)>,
    /// The flaws of the docs and of the overrides, and what the importer did about each.
    pub diagnostics: Vec<Diagnostic>,
    /// Overrides removed from the overrides file by [`Options::prune_overrides`].
    pub pruned: usize,
}

/// Imports the documents `docs` (newest first: the first one to define a name wins), applies
/// the overrides in `overrides` (a missing file means none), writes the schema set into `out`
/// and checks that it loads.
pub fn import(docs: &[PathBuf], overrides: &Path, out: &Path) -> Result<Summary, ImportError> {
    import_with(docs, overrides, out, Options::default())
}

/// [`import`], with [`Options`].
pub fn import_with(
    docs: &[PathBuf],
    overrides: &Path,
    out: &Path,
    options: Options,
) -> Result<Summary, ImportError> {
    let sources = sources::Sources::read(docs)?;
    let mut set = convert::convert(&sources)?;
    let entries = overrides::read(overrides)?;
    let applied = overrides::apply(&entries, overrides, &mut set)?;
    let mut diagnostics = sources.diagnostics.clone();
    diagnostics.append(&mut set.diagnostics);
    diagnostics.extend(applied.diagnostics);
    // A node read more than once (a union's members are looked at to find its tag, then
    // converted) reports its flaws once.
    let mut seen = Vec::new();
    diagnostics.retain(|d| {
        let new = !seen.contains(d);
        if new {
            seen.push(d.clone());
        }
        new
    });
    if options.strict && !diagnostics.is_empty() {
        return Err(ImportError::Strict { diagnostics });
    }
    let files = write::render(&set)?;
    let retained = kept::read_retained(out)?;
    let kept = kept::kept(out, &files, &retained)?;
    let written = write::write(out, &files, &kept)?;
    // The output is checked with the loader every later step uses: an importer bug shows up
    // here, at import time, with the loader's file:line message.
    schema::load(out).map_err(|e| ImportError::Output {
        message: e.to_string(),
    })?;
    let mut pruned = 0;
    if options.prune_overrides && !applied.redundant.is_empty() {
        let text = std::fs::read_to_string(overrides).map_err(|e| ImportError::Read {
            file: overrides.to_path_buf(),
            message: e.to_string(),
        })?;
        let text = prune::prune_text(overrides, &text, &entries, &applied.redundant)?;
        std::fs::write(overrides, text).map_err(|e| ImportError::Write {
            file: overrides.to_path_buf(),
            message: e.to_string(),
        })?;
        pruned = applied.redundant.len();
    }
    Ok(Summary {
        events: set.events.len(),
        objects: set.objects.len(),
        overrides: entries.len(),
        changed: written.changed,
        unchanged: written.unchanged,
        removed: written.removed,
        kept: kept.into_iter().collect(),
        diagnostics,
        pruned,
    })
}
