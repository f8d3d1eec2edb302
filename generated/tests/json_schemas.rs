//! The emitted JSON Schemas: each file of `schemas/` is a valid Draft 2020-12 schema, and what
//! the crate embeds (the bundle, rebuilt per schema) equals the files exactly.
#![cfg(feature = "contract")]

use std::path::{Path, PathBuf};

use serde_json::Value;
use voucherify_webhooks::json_schema;

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The standalone schemas: `envelope.json`, `events/*.json`, `data/*.json` (not the bundle).
fn standalone() -> Vec<PathBuf> {
    let dir = schemas_dir();
    let mut files = vec![dir.join("envelope.json")];
    for sub in ["events", "data"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
            .unwrap_or_else(|e| panic!("{sub}: {e}"))
            .map(|e| e.expect("a folder entry").path())
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

#[test]
fn every_emitted_schema_is_a_valid_2020_12_schema() {
    let files = standalone();
    assert_eq!(files.len(), 1 + 2 * json_schema::event_types().count());
    let mut failures = Vec::new();
    for path in &files {
        let schema = read(path);
        if schema["$schema"] != json_schema::DIALECT {
            failures.push(format!(
                "{}: $schema is {}",
                path.display(),
                schema["$schema"]
            ));
        }
        // Against the 2020-12 meta-schema, then compiled: every `$ref` must resolve inside it.
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            failures.push(format!("{}: not a 2020-12 schema: {e}", path.display()));
        }
        if let Err(e) = jsonschema::draft202012::new(&schema) {
            failures.push(format!("{}: does not compile: {e}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_embedded_schemas_equal_the_files() {
    let dir = schemas_dir();
    assert_eq!(json_schema::envelope(), read(&dir.join("envelope.json")));
    for event_type in json_schema::event_types() {
        let event = json_schema::event(event_type).expect("an event schema");
        assert_eq!(
            event,
            read(&dir.join(format!("events/{event_type}.json"))),
            "{event_type}"
        );
        let data = json_schema::data(event_type).expect("a data schema");
        assert_eq!(
            data,
            read(&dir.join(format!("data/{event_type}.json"))),
            "{event_type}"
        );
    }
    assert_eq!(json_schema::event("no.such.event"), None);
    assert_eq!(json_schema::data("no.such.event"), None);
}

#[test]
fn every_event_type_of_the_crate_has_its_schemas() {
    let with_schema: Vec<&str> = json_schema::event_types().collect();
    for (event_type, _, _) in voucherify_webhooks::EVENT_TYPES {
        assert!(with_schema.contains(event_type), "{event_type}");
    }
    assert!(with_schema.windows(2).all(|w| w[0] < w[1]), "sorted");
}
