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

/// An event no fixture document defines, with an object of its own that refers to another.
fn add_gone_event(out: &Path) {
    let files = [
        (
            "events/thing.gone.yaml",
            "event: thing.gone\nchannel: project_settings\ndocs: https://example.com/thing-gone\ndata:\n  name: ThingGone\n  type: object\n  properties:\n    gone:\n      $ref: Gone\n    customer:\n      $ref: SimpleCustomer\n",
        ),
        (
            "objects/Gone.yaml",
            "name: Gone\ntype: object\nproperties:\n  inner:\n    $ref: GoneInner\n",
        ),
        (
            "objects/GoneInner.yaml",
            "name: GoneInner\ntype: object\nproperties:\n  id:\n    type: string\n",
        ),
        ("objects/Stale.yaml", "name: Stale\ntype: string\n"),
    ];
    for (path, text) in files {
        fs::write(out.join(path), text).expect("a fixture file");
    }
}

#[test]
fn an_event_of_retained_yaml_stays_as_it_is_with_the_objects_it_uses() {
    use voucherify_codegen::import::kept::Why;
    let out = temp_dir();
    let docs = [fixture("shapes.json"), fixture("envelope.json")];
    let none = fixture(NO_OVERRIDES);
    import(&docs, &none, &out).expect("the first import");
    add_gone_event(&out);
    fs::write(
        out.join("retained.yaml"),
        "retained:\n  - event: thing.gone\n    from: old.json\n    reason: still sent\n",
    )
    .expect("a fixture file");
    let before = written(&out);
    let summary = import(&docs, &none, &out).expect("the import");
    let after = written(&out);
    // Without the entry, the same files go (the entry is what keeps them).
    fs::remove_file(out.join("retained.yaml")).expect("the fixture file");
    let without = import(&docs, &none, &out).expect("the import without retained.yaml");
    let left: Vec<_> = ["events/thing.gone.yaml", "objects/Gone.yaml"]
        .map(|f| out.join(f).exists())
        .to_vec();
    let _ = fs::remove_dir_all(&out);

    assert_eq!(
        summary.removed, 1,
        "only objects/Stale.yaml goes: {summary:?}"
    );
    assert_eq!(
        after,
        before.replace("--- objects/Stale.yaml\nname: Stale\ntype: string\n", "")
    );
    let kept: Vec<(String, Why)> = summary
        .kept
        .iter()
        .map(|(path, why)| (path.display().to_string(), why.clone()))
        .collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert!(
        matches!(&kept[0], (p, Why::Retained(r)) if p == "events/thing.gone.yaml" && r.from == "old.json")
    );
    assert_eq!(
        kept[1],
        ("objects/Gone.yaml".into(), Why::UsedBy("thing.gone".into()))
    );
    assert_eq!(
        kept[2],
        (
            "objects/GoneInner.yaml".into(),
            Why::UsedBy("thing.gone".into())
        )
    );
    assert_eq!(without.removed, 3, "{without:?}");
    assert_eq!(left, [false, false]);
}

#[test]
fn a_retained_event_a_document_defines_is_written_from_the_document() {
    let out = temp_dir();
    let docs = [fixture("shapes.json"), fixture("envelope.json")];
    let none = fixture(NO_OVERRIDES);
    import(&docs, &none, &out).expect("the first import");
    let before = written(&out);
    fs::write(
        out.join("events/customer.consents.given.yaml"),
        "event: customer.consents.given\nchannel: project_settings\ndata:\n  type: object\n",
    )
    .expect("a fixture file");
    fs::write(
        out.join("retained.yaml"),
        "retained:\n  - event: customer.consents.given\n    from: old.json\n    reason: r\n",
    )
    .expect("a fixture file");
    let summary = import(&docs, &none, &out).expect("the import");
    fs::remove_file(out.join("retained.yaml")).expect("the fixture file");
    let after = written(&out);
    let _ = fs::remove_dir_all(&out);
    assert!(summary.kept.is_empty(), "{:?}", summary.kept);
    assert_eq!(after, before);
}
