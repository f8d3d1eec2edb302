//! The files of `generated/schemas/`: the JSON Schemas (Draft 2020-12) of the envelope and of
//! every event, pretty-printed, each standalone for any JSON Schema tool, and `bundle.json`, the
//! same schemas without their repetition, which the crate embeds.
//!
//! Layout (paths relative to the folder):
//! - `envelope.json`: the envelope alone, `data` free-form;
//! - `events/<event type>.json`: a whole webhook of that event (the envelope with its `data`);
//! - `data/<event type>.json`: the bare `data` object;
//! - `bundle.json`: `{"$defs": every shared object, "envelope": root, "data": {event type:
//!   root}}`. Each standalone file repeats every shared object it reaches, so the files weigh
//!   twenty times the bundle; the crate's `json_schema` module embeds the bundle alone and
//!   rebuilds each standalone schema from it (a test proves them equal).

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::json_schema;
use crate::schema::SchemaSet;

/// The file the crate embeds.
pub const BUNDLE: &str = "bundle.json";

/// Every file of the folder as (relative path, contents), sorted by path.
pub fn files(set: &SchemaSet) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (
            PathBuf::from("envelope.json"),
            pretty(&json_schema::envelope_schema(set)),
        ),
        (PathBuf::from(BUNDLE), pretty(&bundle(set))),
    ];
    for event in &set.events {
        files.push((
            PathBuf::from(format!("events/{}.json", event.event)),
            pretty(&json_schema::event_schema(set, event)),
        ));
        files.push((
            PathBuf::from(format!("data/{}.json", event.event)),
            pretty(&json_schema::data_schema(set, event)),
        ));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The root nodes and the shared objects, each once.
fn bundle(set: &SchemaSet) -> Value {
    let defs: Map<String, Value> = set
        .objects
        .iter()
        .map(|(name, object)| (name.clone(), json_schema::node(object)))
        .collect();
    let data: Map<String, Value> = set
        .events
        .iter()
        .map(|event| (event.event.clone(), json_schema::node(&event.data)))
        .collect();
    let mut bundle = Map::new();
    bundle.insert("$defs".into(), Value::Object(defs));
    bundle.insert("envelope".into(), json_schema::node(&set.envelope));
    bundle.insert("data".into(), Value::Object(data));
    Value::Object(bundle)
}

/// Two-space indented JSON with object keys sorted and a final newline: the same bytes
/// whether or not some crate in the build turns on serde_json's `preserve_order`.
pub fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    text.push('\n');
    text
}

fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let out: Map<String, Value> = keys
                .into_iter()
                .map(|k| (k.clone(), sorted(&map[k])))
                .collect();
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_level() {
        let value = json!({"b": 1, "a": {"d": [{"z": 1, "y": 2}], "c": null}});
        assert_eq!(
            pretty(&value),
            "{\n  \"a\": {\n    \"c\": null,\n    \"d\": [\n      {\n        \"y\": 2,\n        \"z\": 1\n      }\n    ]\n  },\n  \"b\": 1\n}\n"
        );
    }
}
