//! The body as a check reads it: a tree of JSON values whose strings borrow from the body
//! wherever the text has no escape, read in one pass and dropped without a free per string.
//!
//! A check reads every payload once, walks it along the rules, types it and compares the
//! typed value with it again; a `serde_json::Value` would allocate every string and key and
//! keep each object in a `BTreeMap`, which cost as much as the rest of the check together.
//!
//! The tree holds what a `Value` holds, the same way: numbers as `serde_json::Number`, each
//! object's properties sorted by key with each key once (the last given wins), so that a walk
//! meets properties in the order a `Value`'s map gives them and its reports equal the
//! reference engine's. It is read by serde_json's own parser (same errors, same depth limit),
//! and is itself a serde `Deserializer`, so the typed value is read from it as from a `Value`.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::{Error, Number, Value};

/// A JSON value read from a body that outlives it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Object<'a>),
}

/// A JSON object: its properties sorted by key, each key once.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Object<'a>(Vec<Property<'a>>);

/// A key and its value.
pub(crate) type Property<'a> = (Cow<'a, str>, Node<'a>);

/// The JSON null, to borrow where a value is absent.
pub(super) static NULL: Node<'static> = Node::Null;

impl<'a> Node<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// The value of property `name`, when this is an object that has it.
    pub fn get(&self, name: &str) -> Option<&Node<'a>> {
        match self {
            Node::Object(object) => object.get(name),
            _ => None,
        }
    }

    /// The same value, owning its strings (for a report that outlives the body).
    pub fn from_value(value: &Value) -> Node<'static> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(Cow::Owned(s.clone())),
            Value::Array(items) => Node::Array(items.iter().map(Node::from_value).collect()),
            Value::Object(map) => Node::Object(Object(
                map.iter()
                    .map(|(k, v)| (Cow::Owned(k.clone()), Node::from_value(v)))
                    .collect(),
            )),
        }
    }

    /// The same value as a `serde_json::Value`.
    #[cfg_attr(not(feature = "jsonschema-reference"), allow(dead_code))]
    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(object) => Value::Object(
                object
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

impl<'a> Object<'a> {
    /// The properties in the order of their keys.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node<'a>)> {
        self.0.iter().map(|(k, v)| (&**k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The property `name` as it is stored: its key and value.
    pub fn entry(&self, name: &str) -> Option<&Property<'a>> {
        let i = self.0.binary_search_by(|(k, _)| key_order(k, name)).ok()?;
        self.0.get(i)
    }

    pub fn get(&self, name: &str) -> Option<&Node<'a>> {
        self.entry(name).map(|(_, v)| v)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }
}

/// Equal as `Value`s are equal: numbers by their representation (`1` is not `1.0`).
impl PartialEq<Value> for Node<'_> {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Node::Null, Value::Null) => true,
            (Node::Bool(a), Value::Bool(b)) => a == b,
            (Node::Number(a), Value::Number(b)) => a == b,
            (Node::String(a), Value::String(b)) => a == b,
            (Node::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().eq(b),
            (Node::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| v == w))
            }
            _ => false,
        }
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::Number(n) => n.serialize(serializer),
            Node::String(s) => serializer.serialize_str(s),
            Node::Array(items) => serializer.collect_seq(items),
            Node::Object(object) => serializer.collect_map(object.iter()),
        }
    }
}

/// What reading the body noticed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Noticed {
    /// Some object gave a key more than once.
    pub key_given_twice: bool,
    /// Some number was read as `f64` (a decimal, an exponent, an integer out of range, `-0`).
    pub float: bool,
}

/// Reads `body` as `serde_json::from_slice::<Value>` reads it, noting what a `Value` cannot
/// show (a key given twice, a number read as `f64`).
pub(super) fn read(body: &[u8]) -> Result<(Node<'_>, Noticed), Error> {
    let mut noticed = Noticed::default();
    let mut json = serde_json::Deserializer::from_slice(body);
    let node = Reader(&mut noticed).deserialize(&mut json)?;
    json.end()?;
    Ok((node, noticed))
}

/// Reads one value into a [`Node`], noting what a `Value` would not show.
struct Reader<'n>(&'n mut Noticed);

impl<'de> DeserializeSeed<'de> for Reader<'_> {
    type Value = Node<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reader<'_> {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node<'de>, E> {
        self.0.float = true;
        // As a `Value` holds it: serde_json reads no infinite number, but a `Value` would
        // hold one as null.
        Ok(Number::from_f64(v).map_or(Node::Null, Node::Number))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Reader(&mut *self.0))? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut properties = Vec::new();
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(Reader(&mut *self.0))?;
            properties.push((key, value));
        }
        // Voucherify writes keys in its own order, not sorted: a stable sort keeps the copies
        // of a key in the order given, so the last can win.
        if !properties.is_sorted_by(|a, b| key_order(&a.0, &b.0).is_lt()) {
            properties.sort_by(|a, b| key_order(&a.0, &b.0));
            let before = properties.len();
            properties.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
            self.0.key_given_twice |= properties.len() < before;
        }
        Ok(Node::Object(Object(properties)))
    }
}

/// Keys in the order of a `Value`'s map (byte by byte, as `str` orders them), compared in
/// place: keys are short and most differ early, where a call to `memcmp` costs more than the
/// comparison itself.
fn key_order(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).find(|(x, y)| x != y) {
        Some((x, y)) => x.cmp(y),
        None => a.len().cmp(&b.len()),
    }
}

/// Reads a key, borrowed from the body when its text has no escape.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// A typed value is read from the tree as from a `serde_json::Value`. Whatever this reader
/// refuses, the caller reads from the body's text instead, for the exact answer.
impl<'de> de::Deserializer<'de> for &'de Node<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(*b),
            Node::Number(n) => n.clone().deserialize_any(visitor),
            Node::String(s) => visitor.visit_borrowed_str(s),
            Node::Array(items) => visit_array(items, visitor),
            Node::Object(object) => visit_object(object, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Node::String(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            Node::Object(Object(properties)) if properties.len() == 1 => {
                let (variant, value) = &properties[0];
                visitor.visit_enum(Variant { variant, value })
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &"an enum")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        // serde_json's `RawValue` wants the text, which the tree no longer has.
        if name.starts_with("$serde_json::private::") {
            return Err(de::Error::custom("a raw value is read from the text"));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

impl Node<'_> {
    fn unexpected(&self) -> de::Unexpected<'_> {
        match self {
            Node::Null => de::Unexpected::Unit,
            Node::Bool(b) => de::Unexpected::Bool(*b),
            Node::Number(_) => de::Unexpected::Other("number"),
            Node::String(s) => de::Unexpected::Str(s),
            Node::Array(_) => de::Unexpected::Seq,
            Node::Object(_) => de::Unexpected::Map,
        }
    }
}

/// An array's items to a visitor, which must take them all (as serde_json requires).
fn visit_array<'de, V: Visitor<'de>>(
    items: &'de [Node<'de>],
    visitor: V,
) -> Result<V::Value, Error> {
    let mut seq = Items(items.iter());
    let value = visitor.visit_seq(&mut seq)?;
    match seq.0.len() {
        0 => Ok(value),
        _ => Err(de::Error::invalid_length(
            items.len(),
            &"fewer elements in array",
        )),
    }
}

/// An object's properties to a visitor, which must take them all (as serde_json requires).
fn visit_object<'de, V: Visitor<'de>>(
    object: &'de Object<'de>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut map = Properties {
        properties: object.0.iter(),
        value: None,
    };
    let value = visitor.visit_map(&mut map)?;
    match map.properties.len() {
        0 => Ok(value),
        _ => Err(de::Error::invalid_length(
            object.len(),
            &"fewer elements in map",
        )),
    }
}

struct Items<'de>(std::slice::Iter<'de, Node<'de>>);

impl<'de> SeqAccess<'de> for &mut Items<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Properties<'de> {
    properties: std::slice::Iter<'de, Property<'de>>,
    value: Option<&'de Node<'de>>,
}

impl<'de> MapAccess<'de> for &mut Properties<'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.properties.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("a value asked for before its key")),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.properties.len())
    }
}

/// `{variant: value}`: an externally tagged enum variant with its data.
struct Variant<'de> {
    variant: &'de str,
    value: &'de Node<'de>,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = &'de Node<'de>;
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Error> {
        let variant = seed.deserialize(BorrowedStrDeserializer::<Error>::new(self.variant))?;
        Ok((variant, self.value))
    }
}

impl<'de> VariantAccess<'de> for &'de Node<'de> {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        match self {
            Node::Null => Ok(()),
            _ => Err(de::Error::invalid_type(self.unexpected(), &"unit variant")),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Array(items) => visit_array(items, visitor),
            _ => Err(de::Error::invalid_type(self.unexpected(), &"tuple variant")),
        }
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Node::Object(object) => visit_object(object, visitor),
            _ => Err(de::Error::invalid_type(
                self.unexpected(),
                &"struct variant",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bodies that serde_json reads, and some it refuses.
    const BODIES: [&[u8]; 11] = [
        br#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": 18446744073709551615}"#,
        br#"{"big": 123456789012345678901234567890, "neg": -0, "tiny": 1e-400}"#,
        br#"{"z": 1, "a": 2, "z": 3, "m": {"y": "\u00e9", "b": "q\"", "y": 4}}"#,
        br#""\ud83d""#,
        br#"1e309"#,
        br#"{"a": 1} x"#,
        br#"{"a\n": "\u00e9\n", "b": "plain"}"#,
        b"[",
        b"",
        br#"{"a": 1,}"#,
        br#"[1, 2, [3, [4, {"x": [5]}]]]"#,
    ];

    #[test]
    fn reads_what_serde_json_reads_as_a_value_holds_it() {
        for body in BODIES {
            let ours = read(body)
                .map(|(n, _)| n.to_value())
                .map_err(|e| e.to_string());
            let theirs = serde_json::from_slice::<Value>(body).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(body));
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            read(deep.as_bytes()).map_err(|e| e.to_string()).err(),
            serde_json::from_slice::<Value>(deep.as_bytes())
                .map_err(|e| e.to_string())
                .err()
        );
    }

    #[test]
    fn objects_are_sorted_with_each_key_once_the_last_winning() {
        let (node, noticed) = read(br#"{"z": 1, "a": 2, "z": 3, "z": 4, "m": 5}"#).unwrap();
        let Node::Object(object) = &node else {
            panic!("not an object: {node:?}")
        };
        let keys: Vec<&str> = object.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["a", "m", "z"]);
        assert_eq!(node.get("z"), Some(&Node::Number(4.into())));
        assert!(noticed.key_given_twice);
        assert!(!noticed.float);
    }

    #[test]
    fn notices_keys_given_twice_and_floats() {
        let noticed = |body: &[u8]| read(body).map(|(_, n)| n).unwrap();
        assert_eq!(noticed(br#"{"a": [1, {"b": 2}]}"#), Noticed::default());
        assert!(noticed(br#"{"a": [1, {"b": 2, "b": 3}]}"#).key_given_twice);
        // Sorted already: the copies are next to each other.
        assert!(noticed(br#"{"a": 1, "b": 2, "b": 3}"#).key_given_twice);
        assert!(noticed(br#"{"a": 1.0}"#).float);
        assert!(noticed(br#"{"a": 123456789012345678901234567890}"#).float);
        assert!(!noticed(br#"{"a": -9223372036854775808}"#).float);
    }

    #[test]
    fn keys_are_ordered_as_strings_are() {
        let keys = ["", "a", "ab", "b", "é", "\u{7f}", "aa", "a\u{0}", "Z", "z"];
        for a in keys {
            for b in keys {
                assert_eq!(key_order(a, b), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn strings_borrow_from_the_body_unless_escaped() {
        let (node, _) = read(br#"{"plain": "abc", "esc\u0061ped": "a\nb"}"#).unwrap();
        let Node::Object(object) = &node else {
            panic!("not an object")
        };
        let (key, value) = object.entry("plain").unwrap();
        assert!(matches!(key, Cow::Borrowed(_)));
        assert!(matches!(value, Node::String(Cow::Borrowed("abc"))));
        let (key, value) = object.entry("escaped").unwrap();
        assert!(matches!(key, Cow::Owned(_)));
        assert!(matches!(value, Node::String(Cow::Owned(_))));
    }

    #[test]
    fn a_typed_value_reads_from_the_tree_as_from_a_value() {
        use serde::Deserialize;

        #[derive(serde::Deserialize, Debug, PartialEq)]
        #[serde(deny_unknown_fields)]
        struct Order {
            id: String,
            amount: Option<u32>,
            note: Option<String>,
            status: Status,
            items: Vec<(String, f64)>,
            rest: Value,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        #[serde(rename_all = "snake_case")]
        enum Status {
            Open,
            Paid { at: String },
        }
        let bodies: [&[u8]; 5] = [
            br#"{"id": "o\n1", "amount": 7, "note": null, "status": "open", "items": [["a", 1]], "rest": {"b": [1.5, {"c": null}], "a": 2}}"#,
            br#"{"id": "o1", "amount": null, "note": "x", "status": {"paid": {"at": "now"}}, "items": [], "rest": 1e3}"#,
            br#"{"id": "o1", "amount": -1, "note": null, "status": "open", "items": [], "rest": 1}"#,
            br#"{"id": "o1", "amount": 1, "note": null, "status": "open", "items": [], "rest": 1, "x": 1}"#,
            br#"{"id": "o1", "amount": 1, "note": null, "status": "shut", "items": [["a", 1, 2]], "rest": 1}"#,
        ];
        for body in bodies {
            let (node, _) = read(body).unwrap();
            let ours = Order::deserialize(&node).ok();
            let theirs = serde_json::from_slice::<Order>(body).ok();
            assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(body));
        }
    }

    /// A raw value wants the text, which the tree no longer has: it is refused, so that the
    /// check reads such a type from the text, never from a made-up text.
    #[test]
    fn a_raw_value_is_refused() {
        use serde::Deserialize;

        #[derive(serde::Deserialize)]
        struct Held {
            #[allow(dead_code)]
            raw: Box<serde_json::value::RawValue>,
        }
        let body = br#"{"raw": {"a": 1.50}}"#;
        let (node, _) = read(body).unwrap();
        assert!(Held::deserialize(&node).is_err());
        assert!(serde_json::from_slice::<Held>(body).is_ok());
    }

    #[test]
    fn equality_with_a_value_is_a_values_equality() {
        let (node, _) = read(br#"{"a": [1, "x", null], "b": 1.0}"#).unwrap();
        assert!(node == serde_json::json!({"b": 1.0, "a": [1, "x", null]}));
        assert!(node != serde_json::json!({"b": 1, "a": [1, "x", null]}));
        assert!(node != serde_json::json!({"a": [1, "x", null]}));
        assert_eq!(Node::from_value(&node.to_value()), node);
    }
}
