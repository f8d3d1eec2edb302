//! The JSON Schemas (Draft 2020-12) of an event set's envelope and events, embedded, so that a
//! service can validate payloads without files on disk (feature `json-schema`).
//!
//! The generator writes each schema as a standalone file (`envelope.json`,
//! `events/<event type>.json`, `data/<event type>.json`), for any JSON Schema tool. Each of those
//! repeats every shared object it reaches under `$defs`, which makes them weigh megabytes; a crate
//! embeds `bundle.json` instead (every shared object once) in a [`Bundle`], which rebuilds each
//! standalone schema on request. A test proves that the rebuilt schemas equal the files.
//!
//! An event set with a bundle implements [`JsonSchemas`]; `voucherify_webhooks::json_schema`
//! answers for the crate's own set:
//!
//! ```
//! let schema = voucherify_webhooks::json_schema::event("redemption.succeeded").unwrap();
//! assert_eq!(schema["$schema"], voucherify_webhooks::json_schema::DIALECT);
//! assert!(schema["$defs"].get("SimpleCustomer").is_some());
//! ```

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::EventSet;

/// The dialect every schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// An event set whose JSON Schemas are built in.
pub trait JsonSchemas: EventSet {
    /// The set's bundle.
    fn json_schemas() -> &'static Bundle;
}

/// `bundle.json` as generated: `{"$defs": {shared objects}, "envelope": root node,
/// "data": {event type: root node}}`, parsed on first use. Not a JSON Schema itself; see
/// [`Bundle::envelope`], [`Bundle::event`] and [`Bundle::data`] for those.
///
/// ```
/// use voucherify_webhooks_runtime::json_schema::Bundle;
/// static SCHEMAS: Bundle = Bundle::new(r#"{"$defs": {}, "envelope": {"type": "object"}, "data": {}}"#);
/// assert_eq!(SCHEMAS.envelope()["type"], "object");
/// ```
pub struct Bundle {
    text: &'static str,
    parsed: OnceLock<Map<String, Value>>,
}

impl Bundle {
    /// A bundle of the text of `bundle.json` (usually `include_str!`), parsed on first use.
    pub const fn new(text: &'static str) -> Bundle {
        Bundle {
            text,
            parsed: OnceLock::new(),
        }
    }

    /// The text of `bundle.json`.
    pub fn text(&self) -> &'static str {
        self.text
    }

    /// The bundle, parsed once.
    fn bundle(&self) -> &Map<String, Value> {
        // The bundle is generated and a test parses it; were it ever broken, every lookup would
        // find nothing rather than panic in a service.
        self.parsed
            .get_or_init(|| serde_json::from_str(self.text).unwrap_or_default())
    }

    fn section(&self, name: &str) -> Option<&Map<String, Value>> {
        self.bundle().get(name).and_then(Value::as_object)
    }

    /// Every event type with a schema, sorted.
    pub fn event_types(&self) -> impl Iterator<Item = &str> {
        self.section("data")
            .into_iter()
            .flat_map(|d| d.keys().map(String::as_str))
    }

    /// The schema of the envelope alone (`data` free-form), as `envelope.json`.
    pub fn envelope(&self) -> Value {
        let root = self.bundle().get("envelope").cloned().unwrap_or_default();
        self.document(root)
    }

    /// The schema of a whole webhook of `event_type` (the envelope with that event's `data`),
    /// as `events/<event type>.json`; `None` for an event type without a schema.
    pub fn event(&self, event_type: &str) -> Option<Value> {
        let data = self.section("data")?.get(event_type)?.clone();
        let mut root = self.bundle().get("envelope").cloned().unwrap_or_default();
        if let Some(properties) = root.get_mut("properties").and_then(Value::as_object_mut) {
            properties.insert("data".into(), data);
        }
        Some(self.document(root))
    }

    /// The schema of the bare `data` object of `event_type`, as `data/<event type>.json`;
    /// `None` for an event type without a schema.
    pub fn data(&self, event_type: &str) -> Option<Value> {
        let root = self.section("data")?.get(event_type)?.clone();
        Some(self.document(root))
    }

    /// A standalone schema: the root node, the dialect, and the shared objects it reaches under
    /// `$defs` (as the generator writes the files).
    fn document(&self, root: Value) -> Value {
        let defs = self.section("$defs");
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
}

/// The names of the shared objects that `root` refers to, directly or through other objects.
fn reachable(root: &Value, defs: Option<&Map<String, Value>>) -> BTreeSet<String> {
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
