//! Checks that run while a schema file is being deserialised.
//!
//! They run inside serde on purpose: an error returned from here is reported by `yaml_serde`
//! with the key path, line and column of the node that caused it, which is exactly what a person
//! fixing the file needs. The checks that need more than one node (is this reference defined
//! somewhere? was this name used before?) read the [`LoadContext`] that the loader sets for the
//! duration of one load.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde::de::{Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::model::{Schema, Type};

/// What the checks know about the schema set while one file is read.
#[derive(Default)]
pub(crate) struct LoadContext {
    /// Names that a `$ref` may point at (the files of `objects/`).
    pub known_objects: BTreeSet<String>,
    /// Every `name` seen so far, with the file that defined it.
    pub defined: BTreeMap<String, String>,
    /// The file being read.
    pub file: String,
}

thread_local! {
    static CONTEXT: RefCell<Option<LoadContext>> = const { RefCell::new(None) };
}

/// Runs `f` with `context` visible to the checks, and hands the context back afterwards.
pub(crate) fn with_context<T>(context: LoadContext, f: impl FnOnce() -> T) -> (T, LoadContext) {
    CONTEXT.with(|c| *c.borrow_mut() = Some(context));
    let out = f();
    let context = CONTEXT.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (out, context)
}

fn context<T>(f: impl FnOnce(&mut LoadContext) -> T) -> Option<T> {
    CONTEXT.with(|c| c.borrow_mut().as_mut().map(f))
}

/// `$ref`: the named object must exist in `objects/`.
pub(crate) fn known_reference<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let name = String::deserialize(d)?;
    let known = context(|c| c.known_objects.contains(&name));
    if known == Some(false) {
        let close = context(|c| closest(&name, c.known_objects.iter())).flatten();
        let hint = close
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        return Err(D::Error::custom(format!(
            "`$ref: {name}` names no file objects/{name}.yaml{hint}"
        )));
    }
    Ok(Some(name))
}

/// `name`: a Rust-ready type name, defined once in the whole schema set.
pub(crate) fn defined_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let name = String::deserialize(d)?;
    if !is_type_name(&name) {
        return Err(D::Error::custom(format!(
            "`name: {name}` is not a Rust type name: use UpperCamelCase letters and digits, starting with a letter"
        )));
    }
    let previous = context(|c| match c.defined.get(&name) {
        Some(file) => Some(file.clone()),
        None => {
            c.defined.insert(name.clone(), c.file.clone());
            None
        }
    })
    .flatten();
    if let Some(file) = previous {
        return Err(D::Error::custom(format!(
            "the name `{name}` is already defined in {file}: every object, enum and union needs its own name"
        )));
    }
    Ok(Some(name))
}

/// `event`: a wire event type such as `voucher.loyalty_card.points_added`.
pub(crate) fn event_type<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let event = String::deserialize(d)?;
    let ok = !event.is_empty()
        && event.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
    if !ok {
        return Err(D::Error::custom(format!(
            "`event: {event}` is not a wire event type (lowercase words joined by dots, like `redemption.succeeded`)"
        )));
    }
    Ok(event)
}

/// `properties`: like an ordered map, but a key written twice is an error instead of a silent
/// overwrite.
pub(crate) fn unique_keys<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<IndexMap<String, Schema>, D::Error> {
    struct UniqueKeys;
    impl<'de> Visitor<'de> for UniqueKeys {
        type Value = IndexMap<String, Schema>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map from property names to schemas")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(A::Error::custom(format!(
                        "property `{key}` is listed twice"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(UniqueKeys)
}

/// The rules about which keys go together in one node.
pub(crate) fn shape(s: &Schema) -> Result<(), String> {
    if s.reference.is_some() {
        let extra = s.ty.is_some()
            || s.name.is_some()
            || s.format.is_some()
            || s.enum_values.is_some()
            || !s.required.is_empty()
            || !s.properties.is_empty()
            || s.additional_properties.is_some()
            || s.items.is_some()
            || s.tag.is_some()
            || !s.one_of.is_empty()
            || !s.any_of.is_empty();
        if extra {
            return Err(
                "a `$ref` may stand only with `nullable`, `description` and `example`".into(),
            );
        }
    }
    if let Some(missing) = s.required.iter().find(|r| !s.properties.contains_key(*r)) {
        return Err(format!(
            "`required` lists `{missing}`, which is not among `properties`"
        ));
    }
    let object_only =
        !s.properties.is_empty() || !s.required.is_empty() || s.additional_properties.is_some();
    if object_only && s.ty != Some(Type::Object) {
        return Err(
            "`properties`, `required` and `additionalProperties` need `type: object`".into(),
        );
    }
    if s.items.is_some() != (s.ty == Some(Type::Array)) {
        return Err("`type: array` and `items` go together".into());
    }
    if let Some(values) = &s.enum_values {
        let fits = match s.ty {
            Some(Type::String) => values.iter().all(|v| v.is_string()),
            Some(Type::Integer) => values.iter().all(|v| v.is_i64() || v.is_u64()),
            _ => false,
        };
        if !fits || values.is_empty() {
            return Err(
                "`enum` needs `type: string` with string values or `type: integer` with integers"
                    .into(),
            );
        }
    }
    if s.format.is_some() && s.ty != Some(Type::String) {
        return Err("`format` applies to `type: string` only".into());
    }
    if !s.one_of.is_empty() && s.tag.is_none() {
        return Err("a `oneOf` needs a `tag` (the property that tells its members apart); without one use `anyOf`".into());
    }
    if s.tag.is_some() && s.one_of.is_empty() {
        return Err("`tag` goes with `oneOf`".into());
    }
    if !s.one_of.is_empty() && !s.any_of.is_empty() {
        return Err("a node has either `oneOf` or `anyOf`, not both".into());
    }
    if s.name.is_some() {
        let named = (s.ty == Some(Type::Object) && !s.properties.is_empty())
            || (s.ty == Some(Type::String) && s.enum_values.is_some())
            || !s.one_of.is_empty();
        if !named {
            return Err(
                "`name` belongs on an object with properties, a string `enum` or a `oneOf`".into(),
            );
        }
    }
    Ok(())
}

/// True for `UpperCamelCase` identifiers that are safe as Rust type names.
pub fn is_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a String>) -> Option<String> {
    candidates
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert!(is_type_name("SimpleCustomer"));
        assert!(is_type_name("RedemptionSucceededOrder2"));
        assert!(!is_type_name("simpleCustomer"));
        assert!(!is_type_name("4ObjReward"));
        assert!(!is_type_name("Simple_Customer"));
        assert!(!is_type_name(""));
    }

    #[test]
    fn suggestions() {
        let names = ["SimpleCustomer".to_string(), "SimpleOrder".to_string()];
        assert_eq!(
            closest("SimpleCustomr", names.iter()).as_deref(),
            Some("SimpleCustomer")
        );
        assert_eq!(closest("Voucher", names.iter()), None);
        // A swap of two neighbours is one edit, as in the view derive's suggestions.
        let names = ["email".to_string(), "ab".to_string()];
        assert_eq!(closest("emial", names.iter()), Some("email".to_string()));
    }
}
