//! The schema format of `schemas/`: plain, explicit shapes that a person reviews as a diff.
//!
//! The format is a small, closed subset of JSON Schema with three additions: `name` (the
//! Rust-ready name of an object, enum or union), `nullable` (kept apart from "required"), and
//! `tag` (the property that tells the members of a `oneOf` apart). `allOf` does not exist here:
//! the importer merges it away. See `schemas/README.md` for the user-facing description.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::checks;

/// `schemas/events/<event type>.yaml`: one webhook event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    /// The wire event type, e.g. `redemption.succeeded`.
    #[serde(deserialize_with = "checks::event_type")]
    pub event: String,
    /// Which kind of webhook sends it.
    pub channel: Channel,
    /// The vendor's documentation page for the event.
    pub docs: String,
    /// The shape of the envelope's `data` for this event.
    pub data: Schema,
}

/// Which kind of Voucherify webhook sends an event: the runtime's own type, so that the
/// schema files, the generated `EVENT_TYPES` and the runtime's dispatch name the channels the
/// same way (`project_settings`, `distribution`, `both`) by construction.
pub use voucherify_webhooks_runtime::Channel;

/// The JSON type of a value. `null` is not a type here: it is the `nullable` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Type {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}

/// What `additionalProperties` says about properties an object does not list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Additional {
    /// `false`: the docs forbid unlisted properties (rarely true of real payloads).
    Forbidden(ForbiddenFlag),
    /// A schema: the object is a map whose values have this shape.
    Values(Box<Schema>),
}

/// The literal `false` of `additionalProperties: false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForbiddenFlag;

impl Serialize for ForbiddenFlag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(false)
    }
}

// Written by hand rather than `untagged` so that an error inside the value schema keeps
// its own line and column instead of becoming "did not match any variant".
impl<'de> Deserialize<'de> for Additional {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AdditionalVisitor;
        impl<'de> serde::de::Visitor<'de> for AdditionalVisitor {
            type Value = Additional;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`false` or a schema")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Additional, E> {
                match v {
                    false => Ok(Additional::Forbidden(ForbiddenFlag)),
                    true => Err(E::custom(
                        "`additionalProperties: true` is the default; leave it out",
                    )),
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Additional, A::Error> {
                let schema =
                    Schema::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Additional::Values(Box::new(schema)))
            }
        }
        d.deserialize_any(AdditionalVisitor)
    }
}

/// One shape. Which keys may appear together is checked when a file is loaded
/// (see `checks::shape`); a schema with no keys at all accepts any JSON value.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// Rust-ready name of the object, string enum or union this node defines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A short note in this project's own words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the importer did about a flaw of the docs at this node, one line each (see
    /// `schemas/README.md`); says nothing about payloads.
    #[serde(rename = "x-import-notes", skip_serializing_if = "Vec::is_empty")]
    pub import_notes: Vec<String>,
    /// A shared object in `schemas/objects/<name>.yaml`.
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<Type>,
    /// `null` is allowed as well as the shape.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The closed set of values (strings or integers).
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Properties that must be present (they may still be `null` where nullable).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<String, Schema>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Additional>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// The property whose value says which `oneOf` member an object is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Exactly one member matches, chosen by `tag`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<Schema>,
    /// Any of the members may match; nothing tells them apart (kept as raw JSON in Rust).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<Schema>,
    /// The value is personal data (a customer's name, contact or address): its `Debug` output
    /// is redacted under the generated crate's `redact-debug` feature. Property names that are
    /// personal by themselves need no mark (see `resolve::personal`).
    #[serde(rename = "x-personal", skip_serializing_if = "std::ops::Not::not")]
    pub personal: bool,
}

/// The same keys as [`Schema`], before the checks that need the whole node.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawSchema {
    #[serde(default, deserialize_with = "checks::defined_name")]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(rename = "x-import-notes", default)]
    import_notes: Vec<String>,
    #[serde(rename = "$ref", default, deserialize_with = "checks::known_reference")]
    reference: Option<String>,
    #[serde(rename = "type", default)]
    ty: Option<Type>,
    #[serde(default)]
    nullable: bool,
    #[serde(default)]
    format: Option<String>,
    #[serde(rename = "enum", default)]
    enum_values: Option<Vec<Value>>,
    #[serde(default)]
    example: Option<Value>,
    #[serde(default)]
    required: Vec<String>,
    #[serde(default, deserialize_with = "checks::unique_keys")]
    properties: IndexMap<String, Schema>,
    #[serde(default)]
    additional_properties: Option<Additional>,
    #[serde(default)]
    items: Option<Box<Schema>>,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    one_of: Vec<Schema>,
    #[serde(default)]
    any_of: Vec<Schema>,
    #[serde(rename = "x-personal", default)]
    personal: bool,
}

// The node-wide checks run inside `visit_map`, while the parser still stands in the node, so
// that `yaml_serde` can give their errors a line and column.
impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SchemaVisitor;
        impl<'de> serde::de::Visitor<'de> for SchemaVisitor {
            type Value = Schema;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a schema (a map of schema keys)")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Schema, A::Error> {
                let raw =
                    RawSchema::deserialize(serde::de::value::MapAccessDeserializer::new(&mut map))?;
                let schema = Schema::from(raw);
                checks::shape(&schema).map_err(serde::de::Error::custom)?;
                Ok(schema)
            }
        }
        d.deserialize_map(SchemaVisitor)
    }
}

impl From<RawSchema> for Schema {
    fn from(raw: RawSchema) -> Self {
        Schema {
            name: raw.name,
            description: raw.description,
            import_notes: raw.import_notes,
            reference: raw.reference,
            ty: raw.ty,
            nullable: raw.nullable,
            format: raw.format,
            enum_values: raw.enum_values,
            example: raw.example,
            required: raw.required,
            properties: raw.properties,
            additional_properties: raw.additional_properties,
            items: raw.items,
            tag: raw.tag,
            one_of: raw.one_of,
            any_of: raw.any_of,
            personal: raw.personal,
        }
    }
}

impl Schema {
    /// A reference to a shared object.
    pub fn reference(name: impl Into<String>) -> Self {
        Schema {
            reference: Some(name.into()),
            ..Schema::default()
        }
    }

    /// A schema of the given type and nothing else.
    pub fn of_type(ty: Type) -> Self {
        Schema {
            ty: Some(ty),
            ..Schema::default()
        }
    }

    /// An object of its own properties and no union: what becomes a struct in Rust (a `$ref`
    /// has no `type`, so it is none).
    pub fn is_struct(&self) -> bool {
        self.ty == Some(Type::Object) && !self.properties.is_empty() && self.one_of.is_empty()
    }

    /// True when `name` is in `required`.
    pub fn requires(&self, name: &str) -> bool {
        self.required.iter().any(|r| r == name)
    }

    /// Calls `f` on this node and every node below it, depth first, with its path from here
    /// as a JSON pointer (`/properties/order/items`).
    pub fn walk<'a>(&'a self, path: &mut String, f: &mut dyn FnMut(&str, &'a Schema)) {
        f(path, self);
        let len = path.len();
        for (key, child) in &self.properties {
            path.push_str("/properties/");
            push_pointer_token(path, key);
            child.walk(path, f);
            path.truncate(len);
        }
        if let Some(Additional::Values(child)) = &self.additional_properties {
            path.push_str("/additionalProperties");
            child.walk(path, f);
            path.truncate(len);
        }
        if let Some(child) = &self.items {
            path.push_str("/items");
            child.walk(path, f);
            path.truncate(len);
        }
        for (keyword, members) in [("oneOf", &self.one_of), ("anyOf", &self.any_of)] {
            for (i, child) in members.iter().enumerate() {
                path.push_str(&format!("/{keyword}/{i}"));
                child.walk(path, f);
                path.truncate(len);
            }
        }
    }
}

/// A JSON pointer token as the name it stands for (`~1` is `/`, `~0` is `~`, in that order).
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends `token` to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub fn push_pointer_token(pointer: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One `Channel` for the schema files and the runtime: this only compiles while the type
    /// the loader reads is the runtime's own.
    #[test]
    fn the_schema_files_channel_is_the_runtime_channel() {
        let read: Channel = yaml_serde::from_str("distribution").unwrap();
        let runtime: voucherify_webhooks_runtime::Channel = read;
        assert_eq!(runtime, voucherify_webhooks_runtime::Channel::Distribution);
        assert!(yaml_serde::from_str::<Channel>("Distribution").is_err());
    }

    #[test]
    fn pointer_tokens_round_trip() {
        for name in ["a/b~c", "~1", "~0/", "plain"] {
            let mut pointer = String::new();
            push_pointer_token(&mut pointer, name);
            assert_eq!(unescape_pointer_token(&pointer), name, "{pointer}");
        }
    }
}
