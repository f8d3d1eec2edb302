//! Checks one JSON value against a node of the schema set and says, for each place it does not
//! conform, the smallest override that would make it conform.
//!
//! The walk keeps the override address of the node it stands on: the nearest `name` above it
//! (an object, enum or union, or the shared object a `$ref` names) and the JSON pointer in the
//! YAML keys from there, which is how `overrides.yaml` addresses a node (see
//! `import::overrides`). A `$ref` is not followed by an address: a fix of the reference itself
//! (`nullable`) stays on the referring property, so it loosens that place alone.

use serde_json::Value;

use crate::schema::{push_pointer_token, Additional, Schema, SchemaSet, Type};

/// What an override must say for a value to conform at one place.
#[derive(Debug, Clone, PartialEq)]
pub enum Fix {
    /// `null` is sent: `nullable: true`.
    Nullable,
    /// A required property is missing: `optional: [property]`.
    Optional(String),
    /// A value the enum does not list: `add_enum: [value]`.
    AddEnum(Value),
    /// A value of another type than the documented one: `also_type: <type>`.
    AlsoType(Type),
    /// A list where the docs describe one element: `type: array` (the node becomes the
    /// items).
    ToArray,
    /// A property a closed object does not list: `allow_additional: true`.
    AllowAdditional(String),
    /// A string that does not follow the documented format: `drop_format: true`.
    DropFormat(String),
}

/// One place where a value does not conform.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The override address of the node (`SimpleCustomer/properties/email`).
    pub at: String,
    /// JSON pointer of the value in the payload.
    pub pointer: String,
    /// What would make it conform; `Err` with the reason where no override can.
    pub fix: Result<Fix, String>,
    /// The value found, shortened, for the evidence.
    pub found: String,
}

/// Checks `value` (found at `pointer` of the payload) against `schema`, whose override
/// address is `at`.
pub fn check(
    set: &SchemaSet,
    schema: &Schema,
    at: &str,
    value: &Value,
    pointer: &str,
) -> Vec<Violation> {
    let mut walker = Walker {
        set,
        out: Vec::new(),
    };
    walker.node(schema, at, value, pointer);
    walker.out
}

struct Walker<'a> {
    set: &'a SchemaSet,
    out: Vec<Violation>,
}

impl Walker<'_> {
    fn push(&mut self, at: &str, pointer: &str, value: &Value, fix: Result<Fix, String>) {
        self.out.push(Violation {
            at: at.to_string(),
            pointer: pointer.to_string(),
            fix,
            found: describe(value),
        });
    }

    fn node(&mut self, schema: &Schema, at: &str, value: &Value, pointer: &str) {
        let named;
        let at = match &schema.name {
            Some(name) => {
                named = name.clone();
                named.as_str()
            }
            None => at,
        };
        if value.is_null() {
            if !self.accepts_null(schema) {
                self.push(at, pointer, value, Ok(Fix::Nullable));
            }
            return;
        }
        if let Some(reference) = &schema.reference {
            match self.set.objects.get(reference) {
                // A value of another type is fixed on the reference, not on the shared
                // object: the object keeps its shape wherever else it is used.
                Some(target) if shape_type(target).is_some_and(|ty| !fits(ty, value)) => {
                    self.mistyped(schema, at, value, pointer)
                }
                Some(target) => self.node(target, reference, value, pointer),
                None => self.push(
                    at,
                    pointer,
                    value,
                    Err(format!(
                        "`$ref: {reference}` names no object of the schemas"
                    )),
                ),
            }
            return;
        }
        if !schema.any_of.is_empty() {
            self.union(&schema.any_of, "anyOf", at, value, pointer);
            return;
        }
        if !schema.one_of.is_empty() {
            self.one_of(schema, at, value, pointer);
            return;
        }
        if let Some(ty) = schema.ty {
            if !fits(ty, value) {
                self.mistyped(schema, at, value, pointer);
                return;
            }
        }
        if let Some(values) = &schema.enum_values {
            if !values.iter().any(|v| same(v, value)) {
                self.push(at, pointer, value, Ok(Fix::AddEnum(value.clone())));
            }
        }
        if let (Some(format), Some(text)) = (&schema.format, value.as_str()) {
            if !follows(format, text) {
                self.push(at, pointer, value, Ok(Fix::DropFormat(format.clone())));
            }
        }
        match value {
            Value::Object(object) => {
                for required in &schema.required {
                    if !object.contains_key(required) {
                        self.push(at, pointer, value, Ok(Fix::Optional(required.clone())));
                    }
                }
                for (key, child) in object {
                    let mut child_pointer = format!("{pointer}/");
                    push_pointer_token(&mut child_pointer, key);
                    if let Some(property) = schema.properties.get(key) {
                        let mut child_at = format!("{at}/properties/");
                        push_pointer_token(&mut child_at, key);
                        self.node(property, &child_at, child, &child_pointer);
                        continue;
                    }
                    match &schema.additional_properties {
                        Some(Additional::Forbidden(_)) => {
                            self.push(at, pointer, value, Ok(Fix::AllowAdditional(key.clone())))
                        }
                        Some(Additional::Values(values)) => self.node(
                            values,
                            &format!("{at}/additionalProperties"),
                            child,
                            &child_pointer,
                        ),
                        None => {}
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item) = &schema.items {
                    let item_at = format!("{at}/items");
                    for (i, child) in items.iter().enumerate() {
                        self.node(item, &item_at, child, &format!("{pointer}/{i}"));
                    }
                }
            }
            _ => {}
        }
    }

    /// A value of another type than the node's: a list of what the node describes becomes
    /// `type: array` (its elements checked against the node, which becomes the items); any
    /// other value `also_type`.
    fn mistyped(&mut self, schema: &Schema, at: &str, value: &Value, pointer: &str) {
        if let Value::Array(items) = value {
            self.push(at, pointer, value, Ok(Fix::ToArray));
            // `type: array` moves the node, with its name, into `items`.
            let item_at = format!("{at}/items");
            for (i, element) in items.iter().enumerate() {
                self.node(schema, &item_at, element, &format!("{pointer}/{i}"));
            }
            return;
        }
        self.push(at, pointer, value, Ok(Fix::AlsoType(type_of(value))));
    }

    /// `anyOf` (and a `oneOf` without a tag): conforms when one member does; otherwise the
    /// fixes of the member that needs the fewest.
    fn union(&mut self, members: &[Schema], keyword: &str, at: &str, value: &Value, pointer: &str) {
        let mut best: Option<Vec<Violation>> = None;
        for (i, member) in members.iter().enumerate() {
            let found = check(
                self.set,
                member,
                &format!("{at}/{keyword}/{i}"),
                value,
                pointer,
            );
            if found.is_empty() {
                return;
            }
            if best.as_ref().is_none_or(|b| found.len() < b.len()) {
                best = Some(found);
            }
        }
        self.out.extend(best.unwrap_or_default());
    }

    /// A tagged `oneOf`: the member whose tag enum lists the value's tag.
    fn one_of(&mut self, schema: &Schema, at: &str, value: &Value, pointer: &str) {
        let Some(tag) = &schema.tag else {
            self.union(&schema.one_of, "oneOf", at, value, pointer);
            return;
        };
        let Some(object) = value.as_object() else {
            self.push(at, pointer, value, Ok(Fix::AlsoType(type_of(value))));
            return;
        };
        let Some(sent) = object.get(tag) else {
            self.push(
                at,
                pointer,
                value,
                Err(format!(
                    "no `{tag}`, which tells the members of the union apart"
                )),
            );
            return;
        };
        for (i, member) in schema.one_of.iter().enumerate() {
            let target = self.resolve(member);
            let listed = target
                .properties
                .get(tag)
                .map(|p| self.resolve(p))
                .and_then(|p| p.enum_values.as_ref())
                .is_some_and(|values| values.iter().any(|v| same(v, sent)));
            if listed {
                self.node(member, &format!("{at}/oneOf/{i}"), value, pointer);
                return;
            }
        }
        self.push(
            at,
            pointer,
            value,
            Err(format!(
                "`{tag}` is {}, which no member of the union has: a new member needs a schema written by hand",
                describe(sent)
            )),
        );
    }

    fn resolve<'s>(&'s self, schema: &'s Schema) -> &'s Schema {
        match &schema.reference {
            Some(r) => self.set.objects.get(r).unwrap_or(schema),
            None => schema,
        }
    }

    fn accepts_null(&self, schema: &Schema) -> bool {
        schema.nullable
            || *schema == Schema::default()
            || schema.reference.is_some()
                && !std::ptr::eq(self.resolve(schema), schema)
                && self.accepts_null(self.resolve(schema))
            || schema
                .any_of
                .iter()
                .chain(&schema.one_of)
                .any(|m| self.accepts_null(m))
    }
}

/// The type a node's values have, where it has one (a tagged union's members are objects).
fn shape_type(schema: &Schema) -> Option<Type> {
    match (schema.ty, &schema.tag) {
        (Some(ty), _) => Some(ty),
        (None, Some(_)) => Some(Type::Object),
        (None, None) => None,
    }
}

/// The type of a JSON value (`null` has none here: see `nullable`).
pub fn type_of(value: &Value) -> Type {
    match value {
        Value::Bool(_) => Type::Boolean,
        Value::Number(n) if is_integer(n) => Type::Integer,
        Value::Number(_) => Type::Number,
        Value::String(_) => Type::String,
        Value::Array(_) => Type::Array,
        Value::Object(_) | Value::Null => Type::Object,
    }
}

/// As JSON Schema counts it: `1.0` is an integer.
fn is_integer(n: &serde_json::Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

fn fits(ty: Type, value: &Value) -> bool {
    match (ty, value) {
        (Type::Number, Value::Number(_)) => true,
        (ty, value) => !value.is_null() && type_of(value) == ty,
    }
}

/// Enum values compare as JSON does (`1` and `1.0` are the same number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// A value for a message: short ones as JSON, long ones by their type.
pub fn describe(value: &Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    if text.len() <= MAX {
        return text;
    }
    match value {
        Value::Object(_) => "an object".into(),
        Value::Array(_) => "an array".into(),
        _ => {
            let cut = (0..=MAX)
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(0);
            format!("{}...", &text[..cut])
        }
    }
}

/// The formats of the schema format, as RFC 3339 says (`date-time`, `date`, `time`); any other
/// format is not checked.
fn follows(format: &str, text: &str) -> bool {
    match format {
        "date" => full_date(text),
        "time" => full_time(text),
        "date-time" => {
            text.len() > 11
                && text.is_char_boundary(10)
                && full_date(&text[..10])
                && matches!(&text[10..11], "T" | "t")
                && full_time(&text[11..])
        }
        _ => true,
    }
}

fn digits(text: &str, range: std::ops::Range<usize>, max: u32) -> bool {
    text.get(range)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| d.parse::<u32>().ok())
        .is_some_and(|n| n <= max)
}

fn full_date(text: &str) -> bool {
    text.len() == 10
        && digits(text, 0..4, 9999)
        && &text[4..5] == "-"
        && digits(text, 5..7, 12)
        && &text[7..8] == "-"
        && digits(text, 8..10, 31)
        && &text[5..7] != "00"
        && &text[8..10] != "00"
}

/// `hh:mm:ss[.frac](Z|+hh:mm|-hh:mm)`.
fn full_time(text: &str) -> bool {
    let ok = text.len() >= 9
        && digits(text, 0..2, 23)
        && text.get(2..3) == Some(":")
        && digits(text, 3..5, 59)
        && text.get(5..6) == Some(":")
        && digits(text, 6..8, 60);
    if !ok {
        return false;
    }
    let mut rest = &text[8..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest {
        "Z" | "z" => true,
        offset => {
            offset.len() == 6
                && matches!(&offset[..1], "+" | "-")
                && digits(offset, 1..3, 23)
                && &offset[3..4] == ":"
                && digits(offset, 4..6, 59)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(follows("date-time", "2024-01-01T11:11:11.111Z"));
        assert!(follows("date-time", "2024-01-01T11:11:11+01:00"));
        assert!(!follows("date-time", "2024-01-01"));
        assert!(!follows("date-time", "2024-13-01T11:11:11Z"));
        assert!(follows("date", "2024-01-31"));
        assert!(!follows("date", "2024-1-31"));
        assert!(follows("time", "10:00:00Z"));
        assert!(!follows("time", "10:00"));
    }
}
