//! The importer on small OpenAPI fragments written for these tests (`fixtures/import/`): the
//! YAML it writes, and the errors it stops with, as insta snapshots.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use voucherify_codegen::import::import;

const FIXTURES: &str = "tests/fixtures/import";
/// An overrides file that does not exist, which means no overrides.
const NO_OVERRIDES: &str = "none.yaml";

/// A fresh, empty temporary folder.
fn temp_dir() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "vf-import-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// Every written file, each under a `--- path` line, in path order.
fn written(dir: &Path) -> String {
    let mut files = Vec::new();
    for sub in ["", "events", "objects"] {
        let Ok(entries) = fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|path| {
            let relative = path.strip_prefix(dir).unwrap_or(path);
            let text = fs::read_to_string(path).unwrap_or_default();
            format!("--- {}\n{text}", relative.display())
        })
        .collect()
}

/// Imports `docs` (fixture names; the envelope fixture is added last) and returns the files.
fn import_fixtures(docs: &[&str], overrides: &str) -> String {
    let out = temp_dir();
    let mut paths: Vec<PathBuf> = docs.iter().map(|d| fixture(d)).collect();
    paths.push(fixture("envelope.json"));
    let result = import(&paths, &fixture(overrides), &out);
    let text = written(&out);
    let _ = fs::remove_dir_all(&out);
    match result {
        Ok(_) => text,
        Err(e) => panic!("{e}"),
    }
}

/// Imports a document given as text, with the envelope fixture, and returns the error.
fn import_error(doc: &str, overrides: Option<&str>) -> String {
    let dir = temp_dir();
    let doc_path = dir.join("doc.json");
    fs::write(&doc_path, doc).expect("a fixture file");
    let overrides_path = dir.join("overrides.yaml");
    if let Some(text) = overrides {
        fs::write(&overrides_path, text).expect("a fixture file");
    }
    let docs = [doc_path, fixture("envelope.json")];
    let result = import(&docs, &overrides_path, &dir.join("out"));
    let _ = fs::remove_dir_all(&dir);
    match result {
        Ok(_) => panic!("the import succeeded"),
        // The temporary folder differs between runs; the snapshot keeps the file name.
        Err(e) => e.to_string().replace(&format!("{}/", dir.display()), ""),
    }
}

/// A document with one event whose data schema is `EventRedemptionSucceededData`.
fn doc_with(schemas: &str) -> String {
    format!(
        r##"{{"webhooks": {{"EVENTS.REDEMPTION.SUCCEEDED": {{"post": {{"operationId": "x",
        "requestBody": {{"content": {{"application/json": {{"schema":
        {{"$ref": "#/components/schemas/EventRedemptionSucceededData"}}}}}}}}}}}}}},
        "components": {{"schemas": {{{schemas}}}}}}}"##
    )
}

#[test]
fn shapes() {
    insta::assert_snapshot!(import_fixtures(&["shapes.json"], NO_OVERRIDES));
}

#[test]
fn shapes_with_overrides() {
    insta::assert_snapshot!(import_fixtures(&["shapes.json"], "shapes-overrides.yaml"));
}

#[test]
fn a_second_import_changes_nothing_and_removes_stale_files() {
    let out = temp_dir();
    let docs = [fixture("shapes.json"), fixture("envelope.json")];
    let none = fixture(NO_OVERRIDES);
    let first = import(&docs, &none, &out).expect("the first import");
    assert!(first.changed > 0 && first.removed == 0, "{first:?}");
    let before = written(&out);
    fs::write(out.join("objects/Stale.yaml"), "name: Stale\n").expect("a stale file");
    let second = import(&docs, &none, &out).expect("the second import");
    assert_eq!((second.changed, second.removed), (0, 1));
    assert_eq!(written(&out), before);
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn a_name_collision_is_an_error() {
    // `RedemptionSucceeded` + `order` and the components schema `RedemptionSucceededOrder`.
    let doc = doc_with(
        r##""EventRedemptionSucceededData": {"type": "object", "properties": {
            "order": {"type": "object", "properties": {"id": {"type": "string"}}},
            "other": {"$ref": "#/components/schemas/RedemptionSucceededOrder"}}},
        "RedemptionSucceededOrder": {"type": "object", "properties": {"id": {"type": "string"}}}"##,
    );
    insta::assert_snapshot!(import_error(&doc, None));
}

#[test]
fn malformed_overrides_are_errors() {
    // Malformed entries are the overrides file's own bugs, whatever the docs say: they stop
    // the import. (Entries that are stale or redundant are diagnostics: see `import_flaws.rs`.)
    let doc = doc_with(
        r##""EventRedemptionSucceededData": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string", "nullable": true}}}"##,
    );
    let cases = [
        (
            "no operation",
            "overrides:\n  - at: RedemptionSucceeded\n    evidence: x\n",
        ),
        (
            "no evidence",
            "overrides:\n  - at: RedemptionSucceeded\n    optional: [id]\n    evidence: \"\"\n",
        ),
        (
            "a false flag",
            "overrides:\n  - at: RedemptionSucceeded\n    nullable: false\n    evidence: x\n",
        ),
        (
            "unknown key",
            "overrides:\n  - at: RedemptionSucceeded\n    required: [id]\n    evidence: x\n",
        ),
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|(what, text)| format!("{what}: {}", import_error(&doc, Some(text))))
        .collect();
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn a_shape_that_contains_itself_without_a_name_is_an_error() {
    let doc = doc_with(
        r##""EventRedemptionSucceededData": {"type": "object", "properties": {
            "tree": {"$ref": "#/components/schemas/Tree"}}},
        "Tree": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}"##,
    );
    insta::assert_snapshot!(import_error(&doc, None));
}
