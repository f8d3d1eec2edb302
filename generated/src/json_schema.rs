//! The JSON Schemas (Draft 2020-12) of the envelope and of every event, embedded, so that a
//! service can validate payloads without files on disk (feature `json-schema`).
//!
//! `voucherify-codegen generate` writes each schema as a standalone file into the crate's
//! `schemas/` folder (`envelope.json`, `events/<event type>.json`, `data/<event type>.json`),
//! for any JSON Schema tool. Each of those repeats every shared object it reaches under
//! `$defs`, which makes the 149 files weigh about 4.8 MB; the crate embeds `schemas/bundle.json`
//! instead (about 240 kB: every shared object once) and rebuilds each standalone schema from
//! it on request. A test proves that the rebuilt schemas equal the files.
//!
//! ```
//! let schema = voucherify_webhooks::json_schema::event("redemption.succeeded").unwrap();
//! assert_eq!(schema["$schema"], voucherify_webhooks::json_schema::DIALECT);
//! assert!(schema["$defs"].get("SimpleCustomer").is_some());
//! ```

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// The dialect every schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// `schemas/bundle.json` as generated: `{"$defs": {shared objects}, "envelope": root node,
/// "data": {event type: root node}}`. Not a JSON Schema itself; see [`envelope`], [`event`]
/// and [`data`] for those.
pub const BUNDLE: &str = include_str!("../schemas/bundle.json");

/// The bundle, parsed once.
fn bundle() -> &'static Map<String, Value> {
    static PARSED: OnceLock<Map<String, Value>> = OnceLock::new();
    // The bundle is generated and a test parses it; were it ever broken, every lookup would
    // find nothing rather than panic in a service.
    PARSED.get_or_init(|| serde_json::from_str(BUNDLE).unwrap_or_default())
}

fn section(name: &str) -> Option<&'static Map<String, Value>> {
    bundle().get(name).and_then(Value::as_object)
}

/// Every event type with a schema, sorted.
pub fn event_types() -> impl Iterator<Item = &'static str> {
    section("data")
        .into_iter()
        .flat_map(|d| d.keys().map(String::as_str))
}

/// The schema of the envelope alone (`data` free-form), as `schemas/envelope.json`.
pub fn envelope() -> Value {
    let root = bundle().get("envelope").cloned().unwrap_or_default();
    document(root)
}

/// The schema of a whole webhook of `event_type` (the envelope with that event's `data`), as
/// `schemas/events/<event type>.json`; `None` for an event type without a schema.
pub fn event(event_type: &str) -> Option<Value> {
    let data = section("data")?.get(event_type)?.clone();
    let mut root = bundle().get("envelope").cloned().unwrap_or_default();
    if let Some(properties) = root.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert("data".into(), data);
    }
    Some(document(root))
}

/// The schema of the bare `data` object of `event_type`, as `schemas/data/<event type>.json`;
/// `None` for an event type without a schema.
pub fn data(event_type: &str) -> Option<Value> {
    let root = section("data")?.get(event_type)?.clone();
    Some(document(root))
}

/// A standalone schema: the root node, the dialect, and the shared objects it reaches under
/// `$defs` (as the generator writes the files).
fn document(root: Value) -> Value {
    let defs = section("$defs");
    let reached = reachable(&root, defs);
    let mut out = match root {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    out.insert("$schema".into(), Value::String(DIALECT.into()));
    if !reached.is_empty() {
        let picked: Map<String, Value> = reached
            .into_iter()
            .filter_map(|name| {
                let object = defs?.get(&name)?.clone();
                Some((name, object))
            })
            .collect();
        out.insert("$defs".into(), Value::Object(picked));
    }
    Value::Object(out)
}

/// The names of the shared objects that `root` refers to, directly or through other objects.
fn reachable(root: &Value, defs: Option<&'static Map<String, Value>>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    references(std::iter::once(root), &mut |name| {
        todo.push(name.to_string())
    });
    while let Some(name) = todo.pop() {
        if let Some(object) = defs.and_then(|d| d.get(&name)) {
            if !seen.contains(&name) {
                references(std::iter::once(object), &mut |n| todo.push(n.to_string()));
            }
        }
        seen.insert(name);
    }
    seen
}

/// Pushes the `X` of every `"$ref": "#/$defs/X"` under `values`. The emitter writes `$ref`
/// only as a keyword (examples and enum values are scalars), so no data is mistaken for one.
fn references<'a>(values: impl Iterator<Item = &'a Value>, found: &mut dyn FnMut(&'a str)) {
    for value in values {
        match value {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                {
                    found(name);
                }
                references(map.values(), found);
            }
            Value::Array(items) => references(items.iter(), found),
            _ => {}
        }
    }
}
