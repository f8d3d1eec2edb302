//! A typed model of the parts of an OpenAPI webhooks document that the importer reads.
//!
//! Schema nodes deny unknown keywords on purpose: a keyword the importer has never seen (say a
//! future `discriminator` or `const`) must stop the import with its place, not vanish silently.
//! The keywords that are read but deliberately not carried over are listed in [`Node`] and in
//! `schemas/README.md`.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

use super::error::ImportError;

/// One OpenAPI document, as much of it as the importer needs.
#[derive(Debug, Clone, Deserialize)]
pub struct Document {
    /// The current layout: `webhooks` keyed by the docs' event key (`EVENTS.REDEMPTION.SUCCEEDED`).
    #[serde(default)]
    pub webhooks: IndexMap<String, PathItem>,
    /// The 2024 layout: the same, under `paths`, with a leading `/`.
    #[serde(default)]
    pub paths: IndexMap<String, PathItem>,
    #[serde(default)]
    pub components: Components,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Components {
    #[serde(default)]
    pub schemas: IndexMap<String, Node>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PathItem {
    pub post: Option<Operation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub operation_id: Option<String>,
    pub request_body: Option<Body>,
    #[serde(default)]
    pub responses: IndexMap<String, Body>,
}

/// A request body or a response: both carry the schema under `content`.
#[derive(Debug, Clone, Deserialize)]
pub struct Body {
    #[serde(default)]
    pub content: IndexMap<String, Media>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Media {
    pub schema: Option<Node>,
}

/// `type`: OpenAPI 3.1 allows a list (`[string, "null"]`), 3.0 a single name.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum TypeField {
    One(String),
    Many(Vec<String>),
}

/// `additionalProperties`: a flag or a schema.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AdditionalNode {
    Flag(bool),
    Schema(Box<Node>),
}

/// One schema node of the docs.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Node {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub ty: Option<TypeField>,
    pub nullable: Option<bool>,
    pub format: Option<String>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    pub example: Option<Value>,
    pub required: Option<Vec<String>>,
    pub properties: Option<IndexMap<String, Node>>,
    pub additional_properties: Option<AdditionalNode>,
    pub items: Option<Box<Node>>,
    pub all_of: Option<Vec<Node>>,
    pub one_of: Option<Vec<Node>>,
    pub any_of: Option<Vec<Node>>,

    // Read and dropped. Prose is the vendor's (and copying it is not ours to do); the
    // validation keywords say nothing about a payload's shape that a receiver can use, and the
    // published values are not reliable enough to reject real payloads with.
    pub description: Option<IgnoredAny>,
    pub title: Option<IgnoredAny>,
    pub default: Option<IgnoredAny>,
    pub minimum: Option<IgnoredAny>,
    pub maximum: Option<IgnoredAny>,
    pub pattern: Option<IgnoredAny>,
    pub min_items: Option<IgnoredAny>,
    pub max_items: Option<IgnoredAny>,
    pub max_properties: Option<IgnoredAny>,
    /// A typo for `minimum` in the docs.
    pub min: Option<IgnoredAny>,
}

/// Every OpenAPI keyword the importer reads but does not carry into `schemas/`.
pub const DROPPED_KEYWORDS: &[&str] = &[
    "description",
    "title",
    "default",
    "minimum",
    "maximum",
    "pattern",
    "minItems",
    "maxItems",
    "maxProperties",
    "min",
];

impl Node {
    /// The component name of a `#/components/schemas/<Name>` reference.
    pub fn ref_name(&self) -> Option<&str> {
        self.reference
            .as_deref()
            .map(|r| r.strip_prefix(COMPONENTS_PREFIX).unwrap_or(r))
    }

    /// True when the node says nothing that constrains a value: only prose, examples and the
    /// dropped keywords.
    pub fn is_annotation_only(&self) -> bool {
        self.reference.is_none()
            && self.ty.is_none()
            && self.nullable.is_none()
            && self.format.is_none()
            && self.enum_values.is_none()
            && self.required.is_none()
            && self.properties.is_none()
            && self.additional_properties.is_none()
            && self.items.is_none()
            && self.all_of.is_none()
            && self.one_of.is_none()
            && self.any_of.is_none()
    }

    pub fn is_nullable(&self) -> bool {
        self.nullable == Some(true)
    }
}

/// What a local reference to a components schema starts with.
pub const COMPONENTS_PREFIX: &str = "#/components/schemas/";

/// Reads and parses one document; a parse error names the file and the JSON path of the node.
pub fn read(path: &Path) -> Result<Document, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|e| ImportError::Read {
        file: path.to_path_buf(),
        message: e.to_string(),
    })?;
    parse(path, &text)
}

/// Parses the text of one document (`path` only names it in errors).
pub fn parse(path: &Path, text: &str) -> Result<Document, ImportError> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| ImportError::Parse {
        file: PathBuf::from(path),
        pointer: path_to_pointer(e.path()),
        message: e.inner().to_string(),
    })
}

/// The JSON pointer of the node where deserialisation stopped.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Map { key } => crate::schema::push_pointer_token(&mut out, key),
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Enum { variant } => crate::schema::push_pointer_token(&mut out, variant),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_keyword_is_an_error_with_its_place() {
        let text = r#"{"components":{"schemas":{"A":{"type":"object","properties":{"b":{"discriminator":1}}}}}}"#;
        let err = parse(Path::new("doc.json"), text).unwrap_err().to_string();
        assert!(
            err.starts_with("doc.json#/components/schemas/A/properties/b"),
            "{err}"
        );
        assert!(err.contains("discriminator"), "{err}");
    }

    #[test]
    fn dropped_keywords_are_read() {
        let text = r#"{"components":{"schemas":{"A":{"type":"integer","min":0,"maximum":3,"title":"x"}}}}"#;
        let doc = parse(Path::new("doc.json"), text).unwrap();
        assert!(doc.components.schemas["A"].ty.is_some());
    }
}
