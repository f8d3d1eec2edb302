//! The committed `schemas/`: it loads, it covers every event, its JSON Schemas are valid JSON
//! Schema, and it is exactly what the importer makes of Voucherify's docs today.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use voucherify_codegen::emit::json_schema;
use voucherify_codegen::import::import;
use voucherify_codegen::schema::{self, Channel, SchemaSet};

fn schema_set() -> SchemaSet {
    schema::load(&common::schemas()).unwrap_or_else(|e| panic!("schemas/ does not load:\n{e}"))
}

#[test]
fn schemas_load_with_all_74_events() {
    let set = schema_set();
    assert_eq!(set.events.len(), 74);
    let both: Vec<&str> = set
        .events
        .iter()
        .filter(|e| e.channel == Channel::Both)
        .map(|e| e.event.as_str())
        .collect();
    assert_eq!(
        both,
        [
            "customer.reward_redemptions.completed",
            "customer.rewarded",
            "customer.rewarded.loyalty_points"
        ]
    );
    for event in ["customer.consents.given", "customer.consents.revoked"] {
        assert!(set.events.iter().any(|e| e.event == event), "{event}");
    }
}

#[test]
fn every_emitted_json_schema_is_valid_json_schema() {
    let set = schema_set();
    let mut documents = vec![("envelope".to_string(), json_schema::envelope_schema(&set))];
    for event in &set.events {
        documents.push((
            format!("{} data", event.event),
            json_schema::data_schema(&set, event),
        ));
        documents.push((event.event.clone(), json_schema::event_schema(&set, event)));
    }
    for (what, document) in &documents {
        if let Err(e) = jsonschema::meta::validate(document) {
            panic!("the JSON Schema of {what} is not valid JSON Schema: {e}");
        }
        if let Err(e) = jsonschema::draft202012::new(document) {
            panic!("the JSON Schema of {what} does not compile: {e}");
        }
    }
}

/// The files an import writes (everything but `README.md` and `overrides.yaml`), by path.
fn imported_files(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    let envelope = dir.join(schema::ENVELOPE_FILE);
    if let Ok(text) = fs::read_to_string(&envelope) {
        files.insert(PathBuf::from(schema::ENVELOPE_FILE), text);
    }
    for sub in [schema::EVENTS_DIR, schema::OBJECTS_DIR] {
        for entry in fs::read_dir(dir.join(sub)).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|x| x == "yaml") {
                let text = fs::read_to_string(&path).unwrap_or_default();
                files.insert(Path::new(sub).join(entry.file_name()), text);
            }
        }
    }
    files
}

#[test]
#[cfg_attr(
    docs_absent,
    ignore = "needs Voucherify's OpenAPI docs (../shared/voucherify or VOUCHERIFY_DOCS_DIR)"
)]
fn schemas_are_what_the_import_makes_of_the_docs() {
    let docs_dir = common::docs_dir();
    let docs: Vec<PathBuf> = common::DOCS.iter().map(|d| docs_dir.join(d)).collect();
    let out = common::scratch("schemas");
    let committed = common::schemas();
    let result = import(&docs, &committed.join("overrides.yaml"), &out);
    let fresh = imported_files(&out);
    let _ = fs::remove_dir_all(&out);
    if let Err(e) = result {
        panic!("the import fails: {e}");
    }
    let ours = imported_files(&committed);
    let differ: Vec<String> = fresh
        .keys()
        .chain(ours.keys())
        .filter(|path| fresh.get(*path) != ours.get(*path))
        .map(|path| path.display().to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let shown = match std::env::var_os("VOUCHERIFY_DOCS_DIR") {
        Some(_) => docs_dir.display().to_string(),
        None => "../shared/voucherify".to_string(),
    };
    assert!(
        differ.is_empty(),
        "schemas/ is not what the import makes of the docs; these files differ:\n  {}\n\
         refresh it from the workspace root with:\n  \
         cargo run -p voucherify-codegen -- import --docs {shown}/{} {shown}/{} --out schemas\n",
        differ.join("\n  "),
        common::DOCS[0],
        common::DOCS[1],
    );
}
