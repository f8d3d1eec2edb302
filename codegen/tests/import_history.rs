//! Voucherify's published docs of the past, each imported alone with the project's overrides
//! and generated: none stops the import, and what was worked around is counted by kind (a
//! snapshot, so that a change in the importer's judgement shows up in review). That the crate
//! generated from the oldest compiles is checked by `scripts/compile-oldest-docs.sh`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use voucherify_codegen::import::{import, Kind};
use voucherify_codegen::write::Mode;

/// The documents of the history: `history/*.json` and the 2024-08-19 one, oldest first.
fn history(docs: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(docs.join("history"))
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|f| f.extension().is_some_and(|x| x == "json"));
    files.push(docs.join(common::DOCS[1]));
    files.sort_by_key(|f| f.file_name().map(|n| n.to_os_string()));
    files
}

#[test]
#[cfg_attr(
    docs_absent,
    ignore = "needs ../shared/voucherify (Voucherify's OpenAPI documents)"
)]
fn every_version_of_the_docs_imports_and_generates() {
    let docs = common::docs_dir();
    let files = history(&docs);
    assert_eq!(files.len(), 6, "{files:?}");
    let overrides = common::schemas().join("overrides.yaml");
    let mut report = String::new();
    for file in &files {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let dir = common::scratch(&format!("history-{name}"));
        let schemas = dir.join("schemas");
        let summary = import(std::slice::from_ref(file), &overrides, &schemas)
            .unwrap_or_else(|e| panic!("{name}: the import stops: {e}"));
        let generated = voucherify_codegen::generate(&schemas, &dir.join("crate"), Mode::Write)
            .unwrap_or_else(|e| panic!("{name}: the generation stops: {e}"));
        assert!(
            !generated.types.missing.is_empty(),
            "{name}: no types written"
        );
        let _ = fs::remove_dir_all(&dir);
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &summary.diagnostics {
            *counts.entry(d.kind.id()).or_default() += 1;
        }
        let counts: Vec<String> = Kind::ALL
            .iter()
            .filter_map(|k| counts.get(k.id()).map(|n| format!("  {n} {}", k.id())))
            .collect();
        report.push_str(&format!(
            "{name}: {} events, {} objects\n{}\n",
            summary.events,
            summary.objects,
            counts.join("\n")
        ));
    }
    insta::assert_snapshot!(report);
}
