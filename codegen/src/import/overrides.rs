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
//! entry whose target is gone (stale) or that changes nothing (redundant: the docs say it now)
//! is reported, all of them in one run, and the rest are applied; [`super::prune`] removes the
//! redundant ones from the file, keeping its comments and order.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::convert::Converted;
use super::diagnostic::{Diagnostic, Kind, Location};
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

/// What applying the overrides found: the entries that no longer apply or change nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// One per stale or (partly) redundant entry, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The entries (0-based) that change nothing at all, which `--prune-overrides` removes.
    pub redundant: Vec<usize>,
}

/// Why one operation of an entry did nothing.
enum Skip {
    /// The node, or the part of it the operation is about, is gone.
    Stale(String),
    /// The docs say it already.
    Redundant(String),
}

/// Applies every entry in order. An entry whose node is gone, or that changes nothing, is
/// reported (all of them, in one run) and the rest are applied; an entry that is malformed
/// (no evidence, no operation, `nullable: false`) is an error.
pub fn apply(
    entries: &[Override],
    path: &Path,
    set: &mut Converted,
) -> Result<Applied, ImportError> {
    let mut applied = Applied::default();
    for (i, entry) in entries.iter().enumerate() {
        let error = |message: String| ImportError::Override {
            file: path.to_path_buf(),
            entry: i,
            at: entry.at.clone(),
            message,
        };
        check_entry(entry).map_err(error)?;
        let skips = apply_one(entry, set).map_err(error)?;
        let stale: Vec<&str> = skips
            .iter()
            .filter_map(|s| match s {
                Skip::Stale(m) => Some(m.as_str()),
                Skip::Redundant(_) => None,
            })
            .collect();
        let redundant: Vec<&str> = skips
            .iter()
            .filter_map(|s| match s {
                Skip::Redundant(m) => Some(m.as_str()),
                Skip::Stale(_) => None,
            })
            .collect();
        let all = operations(entry);
        let diagnostic = |kind: Kind, problem: String, action: &str| Diagnostic {
            kind,
            location: Location::Override {
                file: path.to_path_buf(),
                entry: i,
                at: entry.at.clone(),
            },
            problem,
            action: action.to_string(),
        };
        if !stale.is_empty() {
            let action = if stale.len() + redundant.len() < all {
                "applied the rest of the entry"
            } else {
                "not applied"
            };
            applied.diagnostics.push(diagnostic(
                Kind::StaleOverride,
                format!("no longer applies: {}", stale.join("; ")),
                action,
            ));
        } else if redundant.len() == all {
            applied.redundant.push(i);
            applied.diagnostics.push(diagnostic(
                Kind::RedundantOverride,
                format!(
                    "changes nothing, the docs say it now: {}",
                    redundant.join("; ")
                ),
                "nothing to apply (`import --prune-overrides` removes the entry)",
            ));
        } else if !redundant.is_empty() {
            applied.diagnostics.push(diagnostic(
                Kind::RedundantOverride,
                format!(
                    "partly changes nothing, the docs say it now: {}",
                    redundant.join("; ")
                ),
                "applied the rest of the entry (edit the entry by hand)",
            ));
        }
    }
    Ok(applied)
}

/// How many operations an entry has (a list of properties counts one per property).
fn operations(entry: &Override) -> usize {
    [
        entry.nullable.is_some(),
        entry.ty.is_some(),
        entry.also_type.is_some(),
        entry.allow_additional.is_some(),
        entry.drop_format.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count()
        + entry.optional.as_ref().map_or(0, Vec::len)
        + entry.add_enum.as_ref().map_or(0, Vec::len)
}

/// What makes an entry malformed whatever the docs say.
fn check_entry(entry: &Override) -> Result<(), String> {
    if entry.evidence.trim().is_empty() {
        return Err("`evidence` is empty: say which payload or docs page shows it".into());
    }
    for (key, flag) in [
        ("nullable", entry.nullable),
        ("allow_additional", entry.allow_additional),
        ("drop_format", entry.drop_format),
    ] {
        if flag == Some(false) {
            return Err(format!("`{key}` takes only `true`"));
        }
    }
    if operations(entry) == 0 {
        return Err("the entry changes nothing (give `nullable`, `optional`, `type`, `also_type`, `add_enum`, `allow_additional` or `drop_format`)".into());
    }
    Ok(())
}

/// Applies the operations of one entry that still do something; returns why the others did
/// nothing.
fn apply_one(entry: &Override, set: &mut Converted) -> Result<Vec<Skip>, String> {
    let (name, pointer) = match entry.at.find('/') {
        Some(i) => entry.at.split_at(i),
        None => (entry.at.as_str(), ""),
    };
    let Some(root) = find_root(set, name) else {
        return Ok(vec![Skip::Stale(format!(
            "`{name}` is no object, enum, union or event type of the imported schemas"
        ))]);
    };
    let node = match descend(root, pointer) {
        Ok(node) => node,
        Err(message) => return Ok(vec![Skip::Stale(message)]),
    };
    let mut skips = Vec::new();
    if entry.nullable.is_some() {
        if node.nullable {
            skips.push(Skip::Redundant(
                "`nullable: true`: the node is nullable already".into(),
            ));
        }
        node.nullable = true;
    }
    for property in entry.optional.iter().flatten() {
        if !node.properties.contains_key(property) {
            skips.push(Skip::Stale(format!(
                "`optional: [{property}]`: `{property}` is no property here"
            )));
        } else if !node.requires(property) {
            skips.push(Skip::Redundant(format!(
                "`optional: [{property}]`: `{property}` is not required here"
            )));
        }
        node.required.retain(|r| r != property);
    }
    if let Some(ty) = entry.ty {
        if node.ty == Some(ty) {
            skips.push(Skip::Redundant(
                "`type`: the node has that type already".into(),
            ));
        } else if node.enum_values.is_some() {
            skips.push(Skip::Stale(
                "`type` of a node with an `enum`: change the enum instead".into(),
            ));
        } else {
            retype(node, ty);
        }
    }
    for value in entry.add_enum.iter().flatten() {
        match &mut node.enum_values {
            None => skips.push(Skip::Stale(format!(
                "`add_enum: [{value}]`: the node has no `enum`"
            ))),
            Some(existing) if existing.contains(value) => skips.push(Skip::Redundant(format!(
                "`add_enum: [{value}]`: listed already"
            ))),
            Some(existing) => existing.push(value.clone()),
        }
    }
    if entry.allow_additional.is_some() {
        if matches!(node.additional_properties, Some(Additional::Forbidden(_))) {
            node.additional_properties = None;
        } else {
            skips.push(Skip::Redundant(
                "`allow_additional: true`: the node has no `additionalProperties: false`".into(),
            ));
        }
    }
    if entry.drop_format.is_some() && node.format.take().is_none() {
        skips.push(Skip::Redundant(
            "`drop_format: true`: the node has no `format`".into(),
        ));
    }
    // Last: the operations above act on the documented shape, which `also_type` wraps.
    if let Some(ty) = entry.also_type {
        if node.ty == Some(ty) {
            skips.push(Skip::Redundant(
                "`also_type`: the node has that type already".into(),
            ));
        } else {
            also(node, ty);
        }
    }
    Ok(skips)
}

/// The `type` operation.
fn retype(node: &mut Schema, ty: Type) {
    let nullable = std::mem::take(&mut node.nullable);
    let description = node.description.take();
    // The notes of a node replaced by a plain value stay with it (an array's go to its items).
    let import_notes = match ty {
        Type::Array => Vec::new(),
        _ => std::mem::take(&mut node.import_notes),
    };
    let old = std::mem::take(node);
    *node = Schema {
        ty: Some(ty),
        nullable,
        description,
        import_notes,
        items: (ty == Type::Array).then(|| Box::new(old)),
        ..Schema::default()
    };
}

/// The `also_type` operation: the documented shape or a plain value of `ty`.
fn also(node: &mut Schema, ty: Type) {
    let nullable = std::mem::take(&mut node.nullable);
    let description = node.description.take();
    let documented = std::mem::take(node);
    *node = Schema {
        nullable,
        description,
        any_of: vec![documented, Schema::of_type(ty)],
        ..Schema::default()
    };
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
        .map(crate::schema::unescape_pointer_token)
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
