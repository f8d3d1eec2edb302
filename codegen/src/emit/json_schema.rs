//! The schema format -> JSON Schema (Draft 2020-12), saying exactly what the YAML says.
//!
//! Shared objects go under `$defs` (only those the root reaches) and are referred to as
//! `#/$defs/<Name>`. `nullable` becomes `"type": [t, "null"]` on a typed node (with `null` in
//! its `enum`), and `anyOf` with `{"type": "null"}` on a reference or a union. The `name`
//! and `tag` of the format have no JSON Schema meaning and are left out; an `example` becomes
//! `examples`.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::schema::{Additional, EventFile, Schema, SchemaSet, Type};

/// The dialect every emitted schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of an event's `data` object.
pub fn data_schema(set: &SchemaSet, event: &EventFile) -> Value {
    document(set, &event.data)
}

/// The schema of a whole webhook of one event: the envelope with that event's `data`.
pub fn event_schema(set: &SchemaSet, event: &EventFile) -> Value {
    let mut envelope = set.envelope.clone();
    match envelope.properties.get_mut("data") {
        Some(data) => *data = event.data.clone(),
        None => {
            envelope
                .properties
                .insert("data".to_string(), event.data.clone());
        }
    }
    document(set, &envelope)
}

/// The schema of the envelope that every webhook of either channel has.
pub fn envelope_schema(set: &SchemaSet) -> Value {
    document(set, &set.envelope)
}

/// A standalone document: the root node, the dialect, and the shared objects it reaches.
fn document(set: &SchemaSet, root: &Schema) -> Value {
    let mut out = match node(root) {
        Value::Object(map) => map,
        other => {
            let mut map = Map::new();
            map.insert("allOf".into(), Value::Array(vec![other]));
            map
        }
    };
    out.insert("$schema".into(), Value::String(DIALECT.into()));
    let reached = reachable(set, root);
    if !reached.is_empty() {
        let defs: Map<String, Value> = reached
            .into_iter()
            .filter_map(|name| set.objects.get(&name).map(|o| (name, node(o))))
            .collect();
        out.insert("$defs".into(), Value::Object(defs));
    }
    Value::Object(out)
}

/// The names of the shared objects `root` refers to, directly or through other objects.
fn reachable(set: &SchemaSet, root: &Schema) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = references(root);
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            if let Some(object) = set.objects.get(&name) {
                todo.extend(references(object));
            }
        }
    }
    seen
}

fn references(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    schema.walk(&mut String::new(), &mut |_, s| {
        if let Some(r) = &s.reference {
            out.push(r.clone());
        }
    });
    out
}

/// One node.
pub fn node(s: &Schema) -> Value {
    let mut m = Map::new();
    if let Some(description) = &s.description {
        m.insert("description".into(), Value::String(description.clone()));
    }
    if let Some(example) = &s.example {
        m.insert("examples".into(), Value::Array(vec![example.clone()]));
    }
    if let Some(name) = &s.reference {
        let target = json!({ "$ref": format!("#/$defs/{name}") });
        if s.nullable {
            m.insert("anyOf".into(), json!([target, { "type": "null" }]));
        } else {
            m.insert("$ref".into(), target["$ref"].clone());
        }
        return Value::Object(m);
    }
    if let Some(ty) = s.ty {
        let name = Value::String(type_name(ty).into());
        let ty = if s.nullable {
            json!([name, "null"])
        } else {
            name
        };
        m.insert("type".into(), ty);
    }
    if let Some(format) = &s.format {
        m.insert("format".into(), Value::String(format.clone()));
    }
    if let Some(values) = &s.enum_values {
        let mut values = values.clone();
        if s.nullable {
            values.push(Value::Null);
        }
        m.insert("enum".into(), Value::Array(values));
    }
    if !s.properties.is_empty() {
        let props: Map<String, Value> = s
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), node(v)))
            .collect();
        m.insert("properties".into(), Value::Object(props));
    }
    if !s.required.is_empty() {
        m.insert("required".into(), json!(s.required));
    }
    match &s.additional_properties {
        Some(Additional::Forbidden(_)) => {
            m.insert("additionalProperties".into(), Value::Bool(false));
        }
        Some(Additional::Values(values)) => {
            m.insert("additionalProperties".into(), node(values));
        }
        None => {}
    }
    if let Some(items) = &s.items {
        m.insert("items".into(), node(items));
    }
    for (keyword, members) in [("oneOf", &s.one_of), ("anyOf", &s.any_of)] {
        if members.is_empty() {
            continue;
        }
        let mut members: Vec<Value> = members.iter().map(node).collect();
        // A typeless union admits `null` as one more member (which no other member matches).
        if s.nullable && s.ty.is_none() {
            members.push(json!({ "type": "null" }));
        }
        m.insert(keyword.into(), Value::Array(members));
    }
    Value::Object(m)
}

fn type_name(ty: Type) -> &'static str {
    match ty {
        Type::Object => "object",
        Type::Array => "array",
        Type::String => "string",
        Type::Integer => "integer",
        Type::Number => "number",
        Type::Boolean => "boolean",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_shapes() {
        let mut s = Schema::reference("SimpleCustomer");
        s.nullable = true;
        assert_eq!(
            node(&s),
            json!({"anyOf": [{"$ref": "#/$defs/SimpleCustomer"}, {"type": "null"}]})
        );
        let mut e = Schema::of_type(Type::String);
        e.enum_values = Some(vec![json!("A")]);
        e.nullable = true;
        assert_eq!(
            node(&e),
            json!({"type": ["string", "null"], "enum": ["A", null]})
        );
    }
}
