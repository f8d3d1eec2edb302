//! The text of a docs file -> a JSON tree, noting every key written twice in one object.
//!
//! `serde_json` keeps the last of two equal keys without a word; the vendor's file has had
//! such keys, and which one a renderer shows is the renderer's choice. So the tree is built
//! here, with the pointer of every duplicate: the last value wins (as in JavaScript's
//! `JSON.parse`, which is what the docs site runs), at the place of the first.

use std::cell::RefCell;
use std::fmt;

use indexmap::IndexMap;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use crate::schema::push_pointer_token;

/// A JSON value whose objects keep the docs' key order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    Object(IndexMap<String, Json>),
}

impl Json {
    pub fn as_object(&self) -> Option<&IndexMap<String, Json>> {
        match self {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value this is, in the words a docs author uses.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "a list",
            Json::Object(_) => "an object",
        }
    }

    /// The same value as a `serde_json::Value` (for enum values and examples).
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), v.to_value())).collect())
            }
        }
    }
}

/// A document's tree and the pointers of the keys it writes twice.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub root: Json,
    pub duplicates: Vec<String>,
}

/// Text that is not JSON: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotJson {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses `text`.
pub fn parse(text: &str) -> Result<Parsed, NotJson> {
    let duplicates = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Seed {
        pointer: String::new(),
        duplicates: &duplicates,
    };
    let root = seed
        .deserialize(&mut de)
        .and_then(|root| de.end().map(|()| root))
        .map_err(|e| NotJson {
            line: e.line(),
            column: e.column(),
            // serde_json ends its message with the place, which is said apart.
            message: strip_place(&e.to_string()),
        })?;
    Ok(Parsed {
        root,
        duplicates: duplicates.into_inner(),
    })
}

fn strip_place(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

struct Seed<'a> {
    pointer: String,
    duplicates: &'a RefCell<Vec<String>>,
}

impl Seed<'_> {
    fn child(&self, token: &str) -> Self {
        let mut pointer = self.pointer.clone();
        pointer.push('/');
        push_pointer_token(&mut pointer, token);
        Seed {
            pointer,
            duplicates: self.duplicates,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Json;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Json, E> {
        Number::from_f64(v)
            .map(Json::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.child(&items.len().to_string()))? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = IndexMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let child = self.child(&key);
            let pointer = child.pointer.clone();
            let value = map.next_value_seed(child)?;
            if out.insert(key, value).is_some() {
                self.duplicates.borrow_mut().push(pointer);
            }
        }
        Ok(Json::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order_and_duplicates_are_noted() {
        let parsed = parse(r#"{"b": 1, "a": {"x": 1, "x": 2}, "c": [true, null]}"#).unwrap();
        let root = parsed.root.as_object().unwrap();
        assert_eq!(root.keys().collect::<Vec<_>>(), ["b", "a", "c"]);
        assert_eq!(parsed.duplicates, ["/a/x"]);
        assert_eq!(root["a"].to_value(), serde_json::json!({"x": 2}));
    }

    #[test]
    fn text_that_is_not_json_is_one_error_with_its_place() {
        let err = parse("{\n  \"a\": 1,\n  b\n}").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3));
        assert_eq!(err.message, "key must be a string");
        assert!(parse("{} x").is_err());
    }
}
