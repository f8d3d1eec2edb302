//! Reads an OpenAPI webhooks document (3.0 or 3.1, schemas in JSON Schema 2020-12) into the
//! parts the importer uses, tolerating the vendor's flaws.
//!
//! Every standard keyword is understood: the ones that say something about a payload's shape
//! are read into [`Node`], the others are ignored on purpose ([`IGNORED_KEYWORDS`], with the
//! reasons in `schemas/README.md`). Anything else in a schema is a flaw of the docs, and
//! becomes a [`Diagnostic`] with its JSON pointer and what was done about it: a misspelt
//! keyword (`type:`) is read as the keyword meant, a schema written beside `properties` is
//! taken in as a property, `required` inside `properties` or on a property is moved to its
//! object, a key that means nothing is ignored. The node keeps a note of each decision
//! ([`Node::notes`]), which the YAML records where it takes effect.

use std::collections::HashMap;
use std::path::Path;

use indexmap::IndexMap;
use serde_json::Value;

use super::diagnostic::{Diagnostic, Kind};
use super::error::ImportError;
use super::json::{self, Json};
use crate::schema::push_pointer_token;

/// One OpenAPI document, as much of it as the importer needs.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The current layout: `webhooks` keyed by the docs' event key (`EVENTS.REDEMPTION.SUCCEEDED`).
    pub webhooks: IndexMap<String, PathItem>,
    /// The 2024 layout: the same, under `paths`, with a leading `/`.
    pub paths: IndexMap<String, PathItem>,
    pub components: Components,
}

#[derive(Debug, Clone, Default)]
pub struct Components {
    pub schemas: IndexMap<String, Node>,
}

#[derive(Debug, Clone, Default)]
pub struct PathItem {
    pub post: Option<Operation>,
}

#[derive(Debug, Clone, Default)]
pub struct Operation {
    pub operation_id: Option<String>,
    pub request_body: Option<Body>,
    pub responses: IndexMap<String, Body>,
}

/// A request body or a response: both carry the schema under `content`.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub content: IndexMap<String, Media>,
}

#[derive(Debug, Clone, Default)]
pub struct Media {
    pub schema: Option<Node>,
}

/// `type`: OpenAPI 3.1 allows a list (`[string, "null"]`), 3.0 a single name.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeField {
    One(String),
    Many(Vec<String>),
}

/// `additionalProperties`: a flag or a schema.
#[derive(Debug, Clone)]
pub enum AdditionalNode {
    Flag(bool),
    Schema(Box<Node>),
}

/// One schema node of the docs: the keywords that describe a payload's shape.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub reference: Option<String>,
    pub ty: Option<TypeField>,
    pub nullable: Option<bool>,
    pub format: Option<String>,
    /// `enum`, or a `const` as a one-value enum.
    pub enum_values: Option<Vec<Value>>,
    pub example: Option<Value>,
    pub required: Option<Vec<String>>,
    pub properties: Option<IndexMap<String, Node>>,
    pub additional_properties: Option<AdditionalNode>,
    pub items: Option<Box<Node>>,
    pub all_of: Option<Vec<Node>>,
    pub one_of: Option<Vec<Node>>,
    pub any_of: Option<Vec<Node>>,
    /// What the importer did about the docs' flaws in this node, for the YAML.
    pub notes: Vec<String>,
}

/// The keywords read into [`Node`].
const READ_KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "nullable",
    "format",
    "enum",
    "const",
    "example",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
];

/// Standard OpenAPI 3.0/3.1 and JSON Schema 2020-12 keywords that the importer understands and
/// does not carry into `schemas/` (why: `schemas/README.md`).
pub const IGNORED_KEYWORDS: &[&str] = &[
    // Prose and metadata: the vendor's words, not facts about a payload.
    "description",
    "title",
    "$comment",
    "examples",
    "externalDocs",
    "xml",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
    // Validation bounds: not asserted by the contract check.
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    // Constructs the schema format cannot say; a receiver accepts more rather than less.
    "discriminator",
    "not",
    "if",
    "then",
    "else",
    "prefixItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "patternProperties",
    // Identity and local definitions: references are read as `#/components/schemas/<Name>`.
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$vocabulary",
    "$defs",
    "definitions",
];

/// Keys the docs have written for a keyword they meant.
const KNOWN_MISSPELLINGS: &[(&str, &str)] = &[("min", "minimum"), ("max", "maximum")];

impl Node {
    /// The component name of a `#/components/schemas/<Name>` reference.
    pub fn ref_name(&self) -> Option<&str> {
        self.reference
            .as_deref()
            .map(|r| r.strip_prefix(COMPONENTS_PREFIX).unwrap_or(r))
    }

    /// True when the node says nothing that constrains a value: only prose, examples, notes
    /// and the ignored keywords.
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

    /// Adds notes that are not there yet, in order.
    pub fn add_notes<'a>(&mut self, notes: impl IntoIterator<Item = &'a String>) {
        for note in notes {
            if !self.notes.contains(note) {
                self.notes.push(note.clone());
            }
        }
    }

    /// Calls `f` on every node below this one (not on itself), with its JSON pointer.
    pub fn for_each_child_mut(&mut self, pointer: &str, f: &mut dyn FnMut(&str, &mut Node)) {
        let child = |token: &str| {
            let mut p = pointer.to_string();
            p.push('/');
            push_pointer_token(&mut p, token);
            p
        };
        let mut visit = |at: String, node: &mut Node| {
            f(&at, node);
            node.for_each_child_mut(&at, f);
        };
        for (key, node) in self.properties.iter_mut().flatten() {
            visit(format!("{}/{}", child("properties"), token(key)), node);
        }
        if let Some(AdditionalNode::Schema(node)) = &mut self.additional_properties {
            visit(child("additionalProperties"), node);
        }
        if let Some(node) = &mut self.items {
            visit(child("items"), node);
        }
        for (keyword, members) in [
            ("allOf", &mut self.all_of),
            ("oneOf", &mut self.one_of),
            ("anyOf", &mut self.any_of),
        ] {
            for (i, node) in members.iter_mut().flatten().enumerate() {
                visit(format!("{}/{i}", child(keyword)), node);
            }
        }
    }
}

fn token(key: &str) -> String {
    let mut out = String::new();
    push_pointer_token(&mut out, key);
    out
}

/// What a local reference to a components schema starts with.
pub const COMPONENTS_PREFIX: &str = "#/components/schemas/";

/// Reads one document; the flaws found go to `diagnostics`.
pub fn read(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<Document, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|e| ImportError::Read {
        file: path.to_path_buf(),
        message: e.to_string(),
    })?;
    parse(path, &text, diagnostics)
}

/// Parses the text of one document (`path` names it in messages). Only text that is not JSON,
/// or JSON that is not an object, is an error.
pub fn parse(
    path: &Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Document, ImportError> {
    let parsed = json::parse(text).map_err(|e| ImportError::NotJson {
        file: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let Json::Object(root) = &parsed.root else {
        return Err(ImportError::Parse {
            file: path.to_path_buf(),
            pointer: String::new(),
            message: format!(
                "an OpenAPI document is a JSON object, not {}",
                parsed.root.kind()
            ),
        });
    };
    let mut duplicates: HashMap<String, Vec<String>> = HashMap::new();
    for pointer in &parsed.duplicates {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
        duplicates
            .entry(parent.to_string())
            .or_default()
            .push(crate::schema::unescape_pointer_token(key));
    }
    let mut reader = Reader {
        file: path,
        diagnostics,
        duplicates,
    };
    let doc = reader.document(root);
    // Duplicates outside schema nodes have no node to note them in, but are still flaws.
    let mut rest: Vec<(String, Vec<String>)> = reader.duplicates.drain().collect();
    rest.sort();
    for (parent, keys) in rest {
        for key in keys {
            let pointer = format!("{parent}/{}", token(&key));
            reader.diagnostics.push(Diagnostic::docs(
                Kind::DuplicateKey,
                path,
                &pointer,
                format!("`{key}` is written twice in one object"),
                "kept the last value",
            ));
        }
    }
    Ok(doc)
}

struct Reader<'a> {
    file: &'a Path,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Keys written twice, by the pointer of the object they are in.
    duplicates: HashMap<String, Vec<String>>,
}

fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", token(key))
}

impl Reader<'_> {
    /// Records a flaw; returns the note for the node it took effect in.
    fn flaw(
        &mut self,
        kind: Kind,
        pointer: &str,
        problem: impl Into<String>,
        action: impl Into<String>,
    ) -> String {
        let d = Diagnostic::docs(kind, self.file, pointer, problem, action);
        let note = d.note();
        self.diagnostics.push(d);
        note
    }

    fn document(&mut self, root: &IndexMap<String, Json>) -> Document {
        let mut doc = Document::default();
        for (section, target) in [("webhooks", &mut doc.webhooks), ("paths", &mut doc.paths)] {
            let Some(value) = root.get(section) else {
                continue;
            };
            let at = format!("/{section}");
            let Some(items) = self.object_or_flaw(value, &at, "webhooks by event key") else {
                continue;
            };
            for (key, item) in items {
                let item_at = child(&at, key);
                target.insert(key.clone(), self.path_item(item, &item_at));
            }
        }
        let schemas = root
            .get("components")
            .and_then(Json::as_object)
            .and_then(|c| c.get("schemas"));
        if let Some(schemas) = schemas {
            let at = "/components/schemas";
            if let Some(schemas) = self.object_or_flaw(schemas, at, "schemas by name") {
                for (name, schema) in schemas {
                    let node = self.schema(schema, &child(at, name), false);
                    doc.components.schemas.insert(name.clone(), node);
                }
            }
        }
        doc
    }

    /// `value` as an object, or a diagnostic saying what it should have held.
    fn object_or_flaw<'j>(
        &mut self,
        value: &'j Json,
        pointer: &str,
        what: &str,
    ) -> Option<&'j IndexMap<String, Json>> {
        match value {
            Json::Object(map) => Some(map),
            other => {
                self.flaw(
                    Kind::BadValue,
                    pointer,
                    format!("{} where an object of {what} belongs", other.kind()),
                    "ignored it",
                );
                None
            }
        }
    }

    /// A path item: only its `post` operation is read. One that has none is reported by the
    /// event list, which skips it.
    fn path_item(&mut self, item: &Json, pointer: &str) -> PathItem {
        let Some(map) = item.as_object() else {
            return PathItem::default();
        };
        if let Some(op) = map.get("post").and_then(Json::as_object) {
            return PathItem {
                post: Some(self.operation(op, &child(pointer, "post"))),
            };
        }
        // Voucherify sends every webhook as a POST; the docs have filed some under another
        // method.
        for method in ["put", "patch", "delete", "get"] {
            if let Some(op) = map.get(method).and_then(Json::as_object) {
                let at = child(pointer, method);
                self.flaw(
                    Kind::WebhookLayout,
                    &at,
                    format!("the webhook is written as a `{method}` operation, but webhooks are sent as POST"),
                    "read it as the `post` operation",
                );
                return PathItem {
                    post: Some(self.operation(op, &at)),
                };
            }
        }
        PathItem::default()
    }

    fn operation(&mut self, op: &IndexMap<String, Json>, pointer: &str) -> Operation {
        let mut out = Operation {
            operation_id: op
                .get("operationId")
                .and_then(Json::as_str)
                .map(str::to_string),
            ..Operation::default()
        };
        if let Some(body) = op.get("requestBody") {
            out.request_body = self.body(body, &child(pointer, "requestBody"));
        }
        if let Some(responses) = op.get("responses") {
            let at = child(pointer, "responses");
            let Some(map) = self.object_or_flaw(responses, &at, "responses by status code") else {
                return out;
            };
            // A response written where the map of responses by status code belongs.
            if map.contains_key("content") {
                self.flaw(
                    Kind::WebhookLayout,
                    &at,
                    "`responses` holds a response (`content`) instead of responses by status code",
                    "read it as the `200` response",
                );
                if let Some(body) = self.body(responses, &at) {
                    out.responses.insert("200".into(), body);
                }
                return out;
            }
            for (code, response) in map {
                if let Some(body) = self.body(response, &child(&at, code)) {
                    out.responses.insert(code.clone(), body);
                }
            }
        }
        out
    }

    /// A request body or response; `None` (with a diagnostic) when it is no object.
    fn body(&mut self, body: &Json, pointer: &str) -> Option<Body> {
        let map = self.object_or_flaw(body, pointer, "`content` and `description`")?;
        if let Some(required) = map.get("required") {
            if !matches!(required, Json::Bool(_)) {
                self.flaw(
                    Kind::MisplacedKeyword,
                    &child(pointer, "required"),
                    format!(
                        "the `required` of a request body is a flag, not {}",
                        required.kind()
                    ),
                    "ignored it",
                );
            }
        }
        let mut out = Body::default();
        let Some(content) = map.get("content") else {
            return Some(out);
        };
        let at = child(pointer, "content");
        let content = self.object_or_flaw(content, &at, "media types")?;
        for (media_type, media) in content {
            let media_at = child(&at, media_type);
            let schema = media
                .as_object()
                .and_then(|m| m.get("schema"))
                .map(|s| self.schema(s, &child(&media_at, "schema"), false));
            out.content.insert(media_type.clone(), Media { schema });
        }
        Some(out)
    }

    /// One schema node. `as_property`: the node is the value of a property, where a
    /// `required: true` means "this property is required" (its parent takes that in).
    fn schema(&mut self, value: &Json, pointer: &str, as_property: bool) -> Node {
        let map = match value {
            Json::Object(map) => map,
            // JSON Schema's `true`: anything.
            Json::Bool(true) => return Node::default(),
            other => {
                let note = self.flaw(
                    Kind::BadValue,
                    pointer,
                    format!("{} where a schema belongs", other.kind()),
                    "kept the node as free-form JSON",
                );
                return Node {
                    notes: vec![note],
                    ..Node::default()
                };
            }
        };
        let mut node = Node::default();
        let mut notes = Vec::new();
        let mut deferred: Vec<(String, String, &Json)> = Vec::new();
        for (key, value) in map {
            let at = child(pointer, key);
            if READ_KEYWORDS.contains(&key.as_str()) {
                self.keyword(&mut node, key, value, &at, as_property, &mut notes);
                continue;
            }
            if IGNORED_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            if let Some(meant) = misspelt(key) {
                if map.contains_key(meant) {
                    notes.push(self.flaw(
                        Kind::MisspeltKey,
                        &at,
                        format!("`{key}` is no keyword (`{meant}` misspelt?) and `{meant}` is given too"),
                        "ignored the key",
                    ));
                } else if READ_KEYWORDS.contains(&meant) {
                    notes.push(self.flaw(
                        Kind::MisspeltKey,
                        &at,
                        format!("`{key}` is no keyword: `{meant}` misspelt"),
                        format!("read it as `{meant}`"),
                    ));
                    self.keyword(&mut node, meant, value, &at, as_property, &mut notes);
                } else {
                    notes.push(self.flaw(
                        Kind::MisspeltKey,
                        &at,
                        format!("`{key}` is no keyword: `{meant}` misspelt"),
                        format!("ignored it, as `{meant}` is (it is not carried into the schemas)"),
                    ));
                }
                continue;
            }
            deferred.push((key.clone(), at, value));
        }
        // Keys that are no keyword, once the node's own `properties` and `required` are known.
        for (key, at, value) in deferred {
            let looks_like_schema = value
                .as_object()
                .is_some_and(|m| m.keys().any(|k| is_keyword(k)));
            let named_required = node.required.iter().flatten().any(|r| *r == key);
            let object_like = matches!(&node.ty, Some(TypeField::One(t)) if t == "object")
                || node.properties.is_some()
                || named_required;
            let free = !node
                .properties
                .as_ref()
                .is_some_and(|p| p.contains_key(&key));
            if looks_like_schema && object_like && free {
                notes.push(self.flaw(
                    Kind::PropertyOutsideProperties,
                    &at,
                    format!("the property `{key}` is written beside `properties`, not in it"),
                    "took it in as a property",
                ));
                let property = self.schema(value, &at, true);
                node.properties
                    .get_or_insert_with(IndexMap::new)
                    .insert(key, property);
                if node.ty.is_none() {
                    node.ty = Some(TypeField::One("object".into()));
                }
            } else {
                notes.push(self.flaw(
                    Kind::UnknownKey,
                    &at,
                    format!("`{key}` is no OpenAPI or JSON Schema keyword"),
                    "ignored the key",
                ));
            }
        }
        for parent in [pointer.to_string(), child(pointer, "properties")] {
            for key in self.duplicates.remove(&parent).unwrap_or_default() {
                notes.push(self.flaw(
                    Kind::DuplicateKey,
                    &child(&parent, &key),
                    format!("`{key}` is written twice in one object"),
                    "kept the last value",
                ));
            }
        }
        node.add_notes(&notes);
        node
    }

    fn bad(&mut self, key: &str, value: &Json, at: &str, expected: &str) -> String {
        self.flaw(
            Kind::BadValue,
            at,
            format!("`{key}` is {} where {expected} belongs", value.kind()),
            "ignored the key",
        )
    }

    /// One keyword that [`Node`] holds, read into `node`.
    fn keyword(
        &mut self,
        node: &mut Node,
        key: &str,
        value: &Json,
        at: &str,
        as_property: bool,
        notes: &mut Vec<String>,
    ) {
        match key {
            "$ref" => match value.as_str() {
                Some(r) => node.reference = Some(r.to_string()),
                None => notes.push(self.bad(key, value, at, "a reference string")),
            },
            "type" => match value {
                Json::String(t) => node.ty = Some(TypeField::One(t.clone())),
                Json::Array(list) if list.iter().all(|t| t.as_str().is_some()) => {
                    let names = list.iter().filter_map(Json::as_str).map(String::from);
                    node.ty = Some(TypeField::Many(names.collect()));
                }
                _ => notes.push(self.bad(key, value, at, "a type name or a list of them")),
            },
            "nullable" => match value {
                Json::Bool(b) => node.nullable = Some(*b),
                _ => notes.push(self.bad(key, value, at, "`true` or `false`")),
            },
            "format" => match value.as_str() {
                Some(f) => node.format = Some(f.to_string()),
                None => notes.push(self.bad(key, value, at, "a format name")),
            },
            "enum" => match value {
                Json::Array(values) => {
                    let values: Vec<Value> = values.iter().map(Json::to_value).collect();
                    node.enum_values = Some(match node.enum_values.take() {
                        // `const` came first: both hold.
                        Some(c) => c.into_iter().filter(|v| values.contains(v)).collect(),
                        None => values,
                    });
                }
                _ => notes.push(self.bad(key, value, at, "a list of values")),
            },
            "const" => {
                let value = value.to_value();
                node.enum_values = Some(match node.enum_values.take() {
                    Some(values) => values.into_iter().filter(|v| *v == value).collect(),
                    None => vec![value],
                });
            }
            "example" => node.example = Some(value.to_value()),
            "required" => match value {
                Json::Array(names) => {
                    let list = node.required.get_or_insert_with(Vec::new);
                    for name in names.iter().filter_map(Json::as_str) {
                        if !list.iter().any(|r| r == name) {
                            list.push(name.to_string());
                        }
                    }
                    if names.iter().any(|n| n.as_str().is_none()) {
                        notes.push(self.bad(key, value, at, "a list of property names"));
                    }
                }
                // On a property, its parent takes it in (see `properties`).
                Json::Bool(_) if as_property => {}
                Json::Bool(_) => notes.push(self.flaw(
                    Kind::MisplacedKeyword,
                    at,
                    "`required` is a flag here, but only a property can be required, and this is no property",
                    "ignored the key",
                )),
                _ => notes.push(self.bad(key, value, at, "a list of property names")),
            },
            "properties" => {
                let Json::Object(props) = value else {
                    return notes.push(self.bad(key, value, at, "an object of property schemas"));
                };
                let properties = node.properties.get_or_insert_with(IndexMap::new);
                let mut properties = std::mem::take(properties);
                for (name, schema) in props {
                    let prop_at = child(at, name);
                    if matches!(schema, Json::Object(_) | Json::Bool(true)) {
                        let property = self.schema(schema, &prop_at, true);
                        if schema.as_object().and_then(|m| m.get("required"))
                            == Some(&Json::Bool(true))
                        {
                            notes.push(self.flaw(
                                Kind::MisplacedKeyword,
                                &child(&prop_at, "required"),
                                format!("`required: true` is written on the property `{name}`, not in its object's `required` list"),
                                "made the property required in its object",
                            ));
                            let list = node.required.get_or_insert_with(Vec::new);
                            if !list.contains(name) {
                                list.push(name.clone());
                            }
                        }
                        properties.insert(name.clone(), property);
                    } else if READ_KEYWORDS.contains(&name.as_str()) {
                        notes.push(self.flaw(
                            Kind::MisplacedKeyword,
                            &prop_at,
                            format!(
                                "`{name}` ({}) is written inside `properties`, as if it were a property",
                                schema.kind()
                            ),
                            "read it as the object's own keyword",
                        ));
                        node.properties = Some(std::mem::take(&mut properties));
                        self.keyword(node, name, schema, &prop_at, as_property, notes);
                        properties = node.properties.take().unwrap_or_default();
                    } else {
                        notes.push(self.flaw(
                            Kind::BadValue,
                            &prop_at,
                            format!("the property `{name}` is {}, not a schema", schema.kind()),
                            "ignored the property",
                        ));
                    }
                }
                node.properties = Some(properties);
            }
            "additionalProperties" => match value {
                Json::Bool(b) => node.additional_properties = Some(AdditionalNode::Flag(*b)),
                Json::Object(_) => {
                    let schema = self.schema(value, at, false);
                    node.additional_properties = Some(AdditionalNode::Schema(Box::new(schema)));
                }
                _ => notes.push(self.bad(key, value, at, "a schema or a flag")),
            },
            "items" => match value {
                Json::Object(_) | Json::Bool(true) => {
                    node.items = Some(Box::new(self.schema(value, at, false)))
                }
                _ => notes.push(self.bad(key, value, at, "a schema")),
            },
            "allOf" | "oneOf" | "anyOf" => {
                let Json::Array(members) = value else {
                    return notes.push(self.bad(key, value, at, "a list of schemas"));
                };
                let members: Vec<Node> = members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| self.schema(m, &child(at, &i.to_string()), false))
                    .collect();
                let slot = match key {
                    "allOf" => &mut node.all_of,
                    "oneOf" => &mut node.one_of,
                    _ => &mut node.any_of,
                };
                *slot = Some(members);
            }
            _ => unreachable!("`{key}` is in READ_KEYWORDS"),
        }
    }
}

/// Any keyword the reader understands.
fn is_keyword(key: &str) -> bool {
    READ_KEYWORDS.contains(&key) || IGNORED_KEYWORDS.contains(&key)
}

/// The keyword a misspelt key stands for: stray punctuation or spaces (`type:`), another case
/// (`Type`), or a known misspelling (`min`).
fn misspelt(key: &str) -> Option<&'static str> {
    if let Some((_, meant)) = KNOWN_MISSPELLINGS.iter().find(|(k, _)| *k == key) {
        return Some(meant);
    }
    let bare: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '$')
        .collect();
    READ_KEYWORDS
        .iter()
        .chain(IGNORED_KEYWORDS)
        .find(|k| k.eq_ignore_ascii_case(&bare) && **k != key)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (Document, Vec<String>) {
        let mut diagnostics = Vec::new();
        let doc = parse(Path::new("doc.json"), text, &mut diagnostics).unwrap();
        (doc, diagnostics.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn standard_keywords_are_read_or_ignored_without_a_word() {
        let text = r#"{"components":{"schemas":{"A":{"type":"integer","minimum":0,"maxLength":3,
            "title":"x","deprecated":true,"readOnly":true,"not":{},"if":{},"then":{},"else":{},
            "prefixItems":[],"$defs":{},"discriminator":{},"x-vendor":1,"exclusiveMinimum":0}}}}"#;
        let (doc, diagnostics) = read_text(text);
        assert!(doc.components.schemas["A"].ty.is_some());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn const_is_a_one_value_enum() {
        let (doc, _) = read_text(r#"{"components":{"schemas":{"A":{"const":"voucher"}}}}"#);
        assert_eq!(
            doc.components.schemas["A"].enum_values,
            Some(vec![Value::from("voucher")])
        );
    }

    #[test]
    fn misspellings_are_recognised() {
        assert_eq!(misspelt("type:"), Some("type"));
        assert_eq!(misspelt("Type"), Some("type"));
        assert_eq!(misspelt("min"), Some("minimum"));
        assert_eq!(misspelt("check"), None);
        assert_eq!(misspelt("type"), None);
    }
}
