//! `schemas/overrides.yaml`: where real payloads beat the docs, one reviewed entry at a time.
//!
//! ```yaml
//! overrides:
//!   - at: SimpleCustomer/properties/email
//!     nullable: true
//!     evidence: "docs-examples/redemption.succeeded__1.json: /customer/email is null"
//! ```
//!
//! `at` is a name (an object, enum or union, wherever it is written; an event type, meaning
//! its `data`; or `Envelope`) followed by a JSON pointer in the YAML keys of that node. An
//! entry whose target does not exist, or that changes nothing, is an error: the file stays
//! minimal and every entry keeps meaning something.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::convert::Converted;
use super::error::ImportError;
use crate::schema::{Additional, Schema, Type};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverridesFile {
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// One entry: where, what changes, and why.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub at: String,
    /// `null` is sent: the node becomes nullable.
    pub nullable: Option<bool>,
    /// Properties that real payloads leave out: no longer required.
    pub optional: Option<Vec<String>>,
    /// The type real payloads have. `array` makes the node the items of an array (the docs
    /// describe one element where payloads send a list); any other type replaces the node
    /// with a plain value of that type.
    #[serde(rename = "type")]
    pub ty: Option<Type>,
    /// A type real payloads send besides the documented shape, when the evidence is not
    /// strong enough to drop that shape: the node becomes `anyOf: [documented, {type: ..}]`.
    pub also_type: Option<Type>,
    /// Enum values real payloads send that the docs do not list.
    pub add_enum: Option<Vec<Value>>,
    /// Real payloads have properties the docs do not list: drops `additionalProperties: false`.
    pub allow_additional: Option<bool>,
    /// Real payloads do not follow the documented format.
    pub drop_format: Option<bool>,
    /// Which payload or docs page shows it.
    pub evidence: String,
}

/// Reads the overrides; a file that does not exist means no overrides.
pub fn read(path: &Path) -> Result<Vec<Override>, ImportError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ImportError::Read {
                file: path.to_path_buf(),
                message: e.to_string(),
            })
        }
    };
    parse(path, &text)
}

/// Parses the text of an overrides file (`path` names it in errors).
pub fn parse(path: &Path, text: &str) -> Result<Vec<Override>, ImportError> {
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Vec::new());
    }
    // As for the schemas: the parser's time grows with the square of the nesting depth.
    if let Some((line, column)) = crate::schema::too_deep(text) {
        return Err(ImportError::Parse {
            file: path.to_path_buf(),
            pointer: String::new(),
            message: format!(
                "nested deeper than {} levels at line {line} column {column}; no override needs that many",
                crate::schema::MAX_DEPTH
            ),
        });
    }
    let file: OverridesFile = yaml_serde::from_str(text).map_err(|e| ImportError::Parse {
        file: path.to_path_buf(),
        pointer: String::new(),
        message: e.to_string(),
    })?;
    Ok(file.overrides)
}

/// Applies every entry in order.
pub fn apply(entries: &[Override], path: &Path, set: &mut Converted) -> Result<(), ImportError> {
    for (i, entry) in entries.iter().enumerate() {
        apply_one(entry, set).map_err(|message| ImportError::Override {
            file: path.to_path_buf(),
            entry: i,
            at: entry.at.clone(),
            message,
        })?;
    }
    Ok(())
}

fn apply_one(entry: &Override, set: &mut Converted) -> Result<(), String> {
    if entry.evidence.trim().is_empty() {
        return Err("`evidence` is empty: say which payload or docs page shows it".into());
    }
    let (name, pointer) = match entry.at.find('/') {
        Some(i) => entry.at.split_at(i),
        None => (entry.at.as_str(), ""),
    };
    let root = find_root(set, name).ok_or_else(|| {
        format!("`{name}` is no object, enum, union or event type of the imported schemas")
    })?;
    let node = descend(root, pointer)?;
    let mut changed = false;
    if let Some(flag) = entry.nullable {
        if !flag {
            return Err("`nullable` takes only `true`".into());
        }
        if node.nullable {
            return Err("`nullable: true` changes nothing: the node is nullable already".into());
        }
        node.nullable = true;
        changed = true;
    }
    if let Some(optional) = &entry.optional {
        for property in optional {
            if !node.requires(property) {
                return Err(format!(
                    "`optional: [{property}]` changes nothing: `{property}` is not required here"
                ));
            }
            node.required.retain(|r| r != property);
        }
        changed |= !optional.is_empty();
    }
    if let Some(ty) = entry.ty {
        retype(node, ty)?;
        changed = true;
    }
    if let Some(ty) = entry.also_type {
        also(node, ty)?;
        changed = true;
    }
    if let Some(values) = &entry.add_enum {
        let Some(existing) = &mut node.enum_values else {
            return Err("`add_enum` on a node that has no `enum`".into());
        };
        for value in values {
            if existing.contains(value) {
                return Err(format!("`add_enum`: {value} is listed already"));
            }
            existing.push(value.clone());
        }
        changed |= !values.is_empty();
    }
    if let Some(flag) = entry.allow_additional {
        if !flag {
            return Err("`allow_additional` takes only `true`".into());
        }
        if !matches!(node.additional_properties, Some(Additional::Forbidden(_))) {
            return Err(
                "`allow_additional: true` changes nothing: the node has no `additionalProperties: false`"
                    .into(),
            );
        }
        node.additional_properties = None;
        changed = true;
    }
    if let Some(flag) = entry.drop_format {
        if !flag {
            return Err("`drop_format` takes only `true`".into());
        }
        if node.format.take().is_none() {
            return Err("`drop_format: true` changes nothing: the node has no `format`".into());
        }
        changed = true;
    }
    if !changed {
        return Err("the entry changes nothing (give `nullable`, `optional`, `type`, `also_type`, `add_enum`, `allow_additional` or `drop_format`)".into());
    }
    Ok(())
}

/// The `type` operation.
fn retype(node: &mut Schema, ty: Type) -> Result<(), String> {
    if node.ty == Some(ty) {
        return Err("`type` changes nothing: the node has that type already".into());
    }
    if node.enum_values.is_some() {
        return Err("`type` of a node with an `enum`: change the enum instead".into());
    }
    let nullable = std::mem::take(&mut node.nullable);
    let description = node.description.take();
    let old = std::mem::take(node);
    *node = Schema {
        ty: Some(ty),
        nullable,
        description,
        items: (ty == Type::Array).then(|| Box::new(old)),
        ..Schema::default()
    };
    Ok(())
}

/// The `also_type` operation: the documented shape or a plain value of `ty`.
fn also(node: &mut Schema, ty: Type) -> Result<(), String> {
    if node.ty == Some(ty) {
        return Err("`also_type` changes nothing: the node has that type already".into());
    }
    let nullable = std::mem::take(&mut node.nullable);
    let description = node.description.take();
    let documented = std::mem::take(node);
    *node = Schema {
        nullable,
        description,
        any_of: vec![documented, Schema::of_type(ty)],
        ..Schema::default()
    };
    Ok(())
}

/// The node an override's name stands for: an event's data, or the node with that `name`.
fn find_root<'a>(set: &'a mut Converted, name: &str) -> Option<&'a mut Schema> {
    if let Some(i) = set.events.iter().position(|e| e.event == name) {
        return Some(&mut set.events[i].data);
    }
    if let Some(found) = find_named(&mut set.envelope, name) {
        return Some(found);
    }
    for object in set.objects.values_mut() {
        if let Some(found) = find_named(object, name) {
            return Some(found);
        }
    }
    for event in &mut set.events {
        if let Some(found) = find_named(&mut event.data, name) {
            return Some(found);
        }
    }
    None
}

fn find_named<'a>(schema: &'a mut Schema, name: &str) -> Option<&'a mut Schema> {
    if schema.name.as_deref() == Some(name) {
        return Some(schema);
    }
    for child in schema.properties.values_mut() {
        if let Some(found) = find_named(child, name) {
            return Some(found);
        }
    }
    if let Some(Additional::Values(child)) = &mut schema.additional_properties {
        if let Some(found) = find_named(child, name) {
            return Some(found);
        }
    }
    if let Some(child) = &mut schema.items {
        if let Some(found) = find_named(child, name) {
            return Some(found);
        }
    }
    for child in schema.one_of.iter_mut().chain(schema.any_of.iter_mut()) {
        if let Some(found) = find_named(child, name) {
            return Some(found);
        }
    }
    None
}

/// Follows a JSON pointer in the YAML keys of the schema format.
fn descend<'a>(mut node: &'a mut Schema, pointer: &str) -> Result<&'a mut Schema, String> {
    if pointer.is_empty() {
        return Ok(node);
    }
    let tokens: Vec<String> = pointer
        .strip_prefix('/')
        .ok_or_else(|| format!("`{pointer}` is not a JSON pointer"))?
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut i = 0;
    while i < tokens.len() {
        let keyword = tokens[i].as_str();
        let missing = || format!("nothing at `{pointer}` (it stops at `{keyword}`)");
        node = match keyword {
            "items" => node.items.as_deref_mut().ok_or_else(missing)?,
            "additionalProperties" => match &mut node.additional_properties {
                Some(Additional::Values(values)) => values.as_mut(),
                _ => return Err(missing()),
            },
            "properties" | "oneOf" | "anyOf" => {
                let key = tokens.get(i + 1).ok_or_else(missing)?;
                i += 1;
                let child = match keyword {
                    "properties" => node.properties.get_mut(key.as_str()),
                    "oneOf" => key
                        .parse::<usize>()
                        .ok()
                        .and_then(|k| node.one_of.get_mut(k)),
                    _ => key
                        .parse::<usize>()
                        .ok()
                        .and_then(|k| node.any_of.get_mut(k)),
                };
                child.ok_or_else(|| {
                    format!("nothing at `{pointer}` (no `{key}` under `{keyword}`)")
                })?
            }
            _ => return Err(missing()),
        };
        i += 1;
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = format!("overrides: {}\n", "[".repeat(100_000));
        let err = parse(Path::new("overrides.yaml"), &text).unwrap_err();
        assert!(
            err.to_string()
                .contains("nested deeper than 100 levels at line 1 column 111"),
            "{err}"
        );
    }
}
