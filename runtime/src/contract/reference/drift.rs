//! The reference drift walk, over the JSON Schema document itself (the checker's own walk is
//! [`validate`](crate::contract::validate)). Drift: what the schema tolerates but does not
//! document, found by walking the payload along its schema: a property that no `properties` of its object lists, which lands in the typed
//! value's `extra`. Places where the payload breaks the schema are left to the violations: the
//! walk follows only what fits. A string outside an `enum` is one of those (the schemas' enums
//! are closed), reported once as `not_in_enum`, though the open Rust enum keeps it in `Other`.

use serde_json::{Map, Value};

use crate::contract::checker::escape;
use crate::contract::{Kind, Violation};

/// The walk stops this deep (in schema steps without payload steps, such as `$ref` chains):
/// a guard against a schema that refers to itself without nesting.
const MAX_REFS: usize = 32;

pub(crate) fn warnings(document: &Value, payload: &Value) -> Vec<Violation> {
    let defs = document.get("$defs").and_then(Value::as_object);
    let mut walk = Walk {
        defs,
        out: Vec::new(),
    };
    walk.node(document, String::new(), payload, String::new(), 0);
    walk.out
        .sort_by(|a, b| (&a.pointer, a.kind).cmp(&(&b.pointer, b.kind)));
    walk.out.dedup();
    walk.out
}

struct Walk<'s> {
    defs: Option<&'s Map<String, Value>>,
    out: Vec<Violation>,
}

impl<'s> Walk<'s> {
    fn node(&mut self, schema: &'s Value, at: String, value: &Value, pointer: String, refs: usize) {
        if refs > MAX_REFS {
            return;
        }
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            if let Some(target) = self.defs.and_then(|d| d.get(name)) {
                self.node(target, format!("/$defs/{name}"), value, pointer, refs + 1);
            }
            return;
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(members) = schema.get(keyword).and_then(Value::as_array) {
                if let Some((i, member)) = self.meant(members, value) {
                    self.node(
                        member,
                        format!("{at}/{keyword}/{i}"),
                        value,
                        pointer.clone(),
                        refs + 1,
                    );
                }
            }
        }
        if !admits(schema, value) {
            return;
        }
        match value {
            Value::Array(items) => {
                if let Some(item) = schema.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        self.node(item, format!("{at}/items"), v, format!("{pointer}/{i}"), 0);
                    }
                }
            }
            Value::Object(object) => self.object(schema, &at, object, &pointer),
            _ => {}
        }
    }

    fn object(&mut self, schema: &'s Value, at: &str, object: &Map<String, Value>, pointer: &str) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let map_values = schema.get("additionalProperties").filter(|v| v.is_object());
        for (key, v) in object {
            let here = format!("{pointer}/{}", escape(key));
            if let Some(property) = properties.and_then(|p| p.get(key)) {
                let at = format!("{at}/properties/{}", escape(key));
                self.node(property, at, v, here, 0);
            } else if let Some(values) = map_values {
                self.node(values, format!("{at}/additionalProperties"), v, here, 0);
            } else if properties.is_some() {
                // An object with neither `properties` nor a value shape is free-form: its
                // properties are all as documented as they will ever be.
                self.out.push(Violation {
                    pointer: here,
                    schema_path: format!("{at}/properties"),
                    kind: Kind::UndocumentedProperty,
                    message: format!(
                        "`{key}` is not documented here (a typed value keeps it in `extra`)"
                    ),
                });
            }
        }
    }

    /// The member of a union the value was meant for: of its JSON type; for an object, with no
    /// one-value `enum` (a tag) that the value contradicts; then preferring a member whose
    /// `enum` lists the value, then the one sharing the most property names with it.
    fn meant(&self, members: &'s [Value], value: &Value) -> Option<(usize, &'s Value)> {
        let mut best: Option<(usize, (bool, usize), &'s Value)> = None;
        for (i, member) in members.iter().enumerate() {
            let resolved = self.resolve(member);
            if !admits(resolved, value) || contradicts_tag(resolved, value) {
                continue;
            }
            let listed = match resolved.get("enum").and_then(Value::as_array) {
                Some(values) => values.contains(value),
                None => true,
            };
            let shared = match (resolved.get("properties").and_then(Value::as_object), value) {
                (Some(p), Value::Object(o)) => o.keys().filter(|k| p.contains_key(*k)).count(),
                _ => 0,
            };
            let score = (listed, shared);
            if best.is_none_or(|(_, most, _)| score > most) {
                best = Some((i, score, member));
            }
        }
        best.map(|(i, _, member)| (i, member))
    }

    fn resolve(&self, schema: &'s Value) -> &'s Value {
        let mut schema = schema;
        for _ in 0..MAX_REFS {
            let target = schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .and_then(|name| self.defs?.get(name));
            match target {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }
}

/// Whether the schema's `type` (absent: any) admits the value's JSON type.
fn admits(schema: &Value, value: &Value) -> bool {
    let name = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let fits = |t: &Value| t == name || (name == "integer" && t == "number");
    match schema.get("type") {
        None => true,
        Some(Value::Array(types)) => types.iter().any(fits),
        Some(t) => fits(t),
    }
}

fn contradicts_tag(schema: &Value, value: &Value) -> bool {
    let (Some(properties), Value::Object(object)) =
        (schema.get("properties").and_then(Value::as_object), value)
    else {
        return false;
    };
    properties.iter().any(|(key, property)| {
        match (
            property.get("enum").and_then(Value::as_array),
            object.get(key),
        ) {
            (Some(listed), Some(v)) if listed.len() == 1 => &listed[0] != v,
            _ => false,
        }
    })
}
