//! The round trip: does the parsed value, serialised again, equal the payload as JSON?
//!
//! The question is asked without building the second JSON value: the parsed value is
//! serialised into [`Against`], a serde `Serializer` that walks the payload's tree alongside
//! and stops at the first difference. It answers exactly what `serde_json::to_value(parsed) ==
//! payload` answers, or gives up; only then (a difference, or a shape it does not follow) is
//! the second value built, to find where the two differ.

use std::fmt;

use serde::ser::{self, Serialize};
use serde_json::Value;

use super::checker::escape;
use super::tree::{Node, Object, Property};

/// The pointer of the first place where `parsed`, serialised, differs from `original`; `None`
/// when they are equal, `Some("")` when `parsed` does not serialise at all.
pub(super) fn difference<T: Serialize>(parsed: &T, original: &Node<'_>) -> Option<String> {
    let mut keys = Vec::new();
    if parsed
        .serialize(Against {
            original,
            keys: &mut keys,
        })
        .is_ok()
    {
        return None;
    }
    match serde_json::to_value(parsed) {
        // Equality allocates nothing; finding where two values differ builds a pointer at
        // every step, so it runs only for the rare payload that does not round-trip.
        Ok(again) if *original == again => None,
        Ok(again) => first_difference(original, &again, String::new()),
        Err(_) => Some(String::new()),
    }
}

/// The pointer of the first place where `a` and `b` differ, `None` when they are equal.
pub(super) fn first_difference(a: &Node<'_>, b: &Value, pointer: String) -> Option<String> {
    match (a, b) {
        (Node::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&str> = a
                .iter()
                .map(|(k, _)| k)
                .chain(b.keys().map(String::as_str))
                .collect();
            keys.into_iter().find_map(|k| match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => first_difference(x, y, format!("{pointer}/{}", escape(k))),
                _ => Some(format!("{pointer}/{}", escape(k))),
            })
        }
        (Node::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, format!("{pointer}/{i}"))),
        _ if a == b => None,
        _ => Some(pointer),
    }
}

/// Not the same, or not sure: either way the careful comparison decides.
#[derive(Debug)]
pub(super) struct Differs;

impl fmt::Display for Differs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("differs from the payload")
    }
}

impl std::error::Error for Differs {}

impl ser::Error for Differs {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Differs
    }
}

/// A serializer that compares what it is given with `original`, as `serde_json::to_value`
/// would build it. `keys` is scratch space shared by the whole walk: the addresses of the
/// payload's keys that an object has matched, to prove each was matched once.
pub(super) struct Against<'o, 'k> {
    original: &'o Node<'o>,
    keys: &'k mut Vec<usize>,
}

fn check(same: bool) -> Result<(), Differs> {
    if same {
        Ok(())
    } else {
        Err(Differs)
    }
}

impl<'o, 'k> Against<'o, 'k> {
    fn scalar(self, value: Value) -> Result<(), Differs> {
        check(*self.original == value)
    }

    fn array(self, len: Option<usize>) -> Result<Items<'o, 'k>, Differs> {
        match self.original {
            Node::Array(items) if len.is_none_or(|n| n == items.len()) => Ok(Items {
                items,
                next: 0,
                keys: self.keys,
            }),
            _ => Err(Differs),
        }
    }

    fn object(self) -> Result<Fields<'o, 'k>, Differs> {
        match self.original {
            Node::Object(object) => Ok(Fields {
                start: self.keys.len(),
                object,
                key: None,
                keys: self.keys,
            }),
            _ => Err(Differs),
        }
    }

    /// `{variant: ...}`, as serde_json writes an externally tagged variant with data.
    fn variant(self, variant: &str) -> Result<Against<'o, 'k>, Differs> {
        match self.original {
            Node::Object(object) if object.len() == 1 => match object.get(variant) {
                Some(inner) => Ok(Against {
                    original: inner,
                    keys: self.keys,
                }),
                None => Err(Differs),
            },
            _ => Err(Differs),
        }
    }
}

impl<'o, 'k> ser::Serializer for Against<'o, 'k> {
    type Ok = ();
    type Error = Differs;
    type SerializeSeq = Items<'o, 'k>;
    type SerializeTuple = Items<'o, 'k>;
    type SerializeTupleStruct = Items<'o, 'k>;
    type SerializeTupleVariant = Items<'o, 'k>;
    type SerializeMap = Fields<'o, 'k>;
    type SerializeStruct = Fields<'o, 'k>;
    type SerializeStructVariant = Fields<'o, 'k>;

    fn serialize_bool(self, v: bool) -> Result<(), Differs> {
        check(matches!(self.original, Node::Bool(b) if *b == v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Differs> {
        self.scalar(Value::from(v))
    }
    fn serialize_char(self, v: char) -> Result<(), Differs> {
        check(self.original.as_str() == Some(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<(), Differs> {
        check(self.original.as_str() == Some(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Differs> {
        let mut items = self.array(Some(v.len()))?;
        for byte in v {
            ser::SerializeSeq::serialize_element(&mut items, byte)?;
        }
        ser::SerializeSeq::end(items)
    }
    fn serialize_none(self) -> Result<(), Differs> {
        check(self.original.is_null())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Differs> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Differs> {
        check(self.original.is_null())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Differs> {
        check(self.original.is_null())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<(), Differs> {
        check(self.original.as_str() == Some(v))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Differs> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Differs> {
        value.serialize(self.variant(variant)?)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items<'o, 'k>, Differs> {
        self.array(len)
    }
    fn serialize_tuple(self, len: usize) -> Result<Items<'o, 'k>, Differs> {
        self.array(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'o, 'k>, Differs> {
        self.array(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Items<'o, 'k>, Differs> {
        self.variant(variant)?.array(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields<'o, 'k>, Differs> {
        self.object()
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Fields<'o, 'k>, Differs> {
        // serde_json's `RawValue` passes its text through a struct of this name; comparing
        // that needs the text parsed, which the careful comparison does.
        if name.starts_with("$serde_json::private::") {
            return Err(Differs);
        }
        self.object()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Fields<'o, 'k>, Differs> {
        self.variant(variant)?.object()
    }
    fn serialize_i128(self, _: i128) -> Result<(), Differs> {
        // serde_json keeps an `i128` only where it fits 64 bits; the careful path knows how.
        Err(Differs)
    }
    fn serialize_u128(self, _: u128) -> Result<(), Differs> {
        Err(Differs)
    }
}

/// The items of an array being compared.
pub(super) struct Items<'o, 'k> {
    items: &'o [Node<'o>],
    next: usize,
    keys: &'k mut Vec<usize>,
}

impl Items<'_, '_> {
    fn item<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
        let original = self.items.get(self.next).ok_or(Differs)?;
        self.next += 1;
        value.serialize(Against {
            original,
            keys: self.keys,
        })
    }

    fn done(self) -> Result<(), Differs> {
        check(self.next == self.items.len())
    }
}

/// The four serde traits of a sequence, each an item at a time against the payload's array.
macro_rules! items_as {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Items<'_, '_> {
            type Ok = ();
            type Error = Differs;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
                self.item(value)
            }
            fn end(self) -> Result<(), Differs> {
                self.done()
            }
        }
    )*};
}

items_as!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The properties of an object being compared. Each property given is looked up in the
/// payload's object and the address of the payload's key recorded; at the end, the object is
/// the same when every key was matched exactly once (a key given twice would, in
/// `to_value`, overwrite the first, and leave another key unmatched).
pub(super) struct Fields<'o, 'k> {
    object: &'o Object<'o>,
    /// Where this object's addresses start in `keys`.
    start: usize,
    /// The payload's value for the key given last by `serialize_key`.
    key: Option<&'o Node<'o>>,
    keys: &'k mut Vec<usize>,
}

impl<'o> Fields<'o, '_> {
    fn field<T: ?Sized + Serialize>(&mut self, name: &str, value: &T) -> Result<(), Differs> {
        let original = self.matched(name)?;
        value.serialize(Against {
            original,
            keys: self.keys,
        })
    }

    fn matched(&mut self, name: &str) -> Result<&'o Node<'o>, Differs> {
        let found = self.object.entry(name).ok_or(Differs)?;
        Ok(self.record(found))
    }

    fn record(&mut self, property: &'o Property<'o>) -> &'o Node<'o> {
        self.keys.push(property as *const Property<'o> as usize);
        &property.1
    }

    fn done(self) -> Result<(), Differs> {
        let matched = &mut self.keys[self.start..];
        let same = matched.len() == self.object.len() && {
            matched.sort_unstable();
            matched.windows(2).all(|w| w[0] != w[1])
        };
        self.keys.truncate(self.start);
        check(same)
    }
}

impl ser::SerializeMap for Fields<'_, '_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Differs> {
        let found = key.serialize(KeyIn(self.object))?;
        self.key = Some(self.record(found));
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
        let original = self.key.take().ok_or(Differs)?;
        value.serialize(Against {
            original,
            keys: self.keys,
        })
    }
    fn end(self) -> Result<(), Differs> {
        self.done()
    }
}

/// The two serde traits of a struct, a named field at a time against the payload's object.
macro_rules! fields_as {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Fields<'_, '_> {
            type Ok = ();
            type Error = Differs;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result<(), Differs> {
                self.field(name, value)
            }
            fn end(self) -> Result<(), Differs> {
                self.done()
            }
        }
    )*};
}

fields_as!(SerializeStruct, SerializeStructVariant);

/// The methods of [`KeyIn`] for what serialises as no JSON object key: the two differ.
macro_rules! not_a_key {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ok, Differs> {
            Err(Differs)
        }
    )*};
}

/// A map key, looked up in the payload's object as it is given (no copy of its text); only
/// string keys are followed (others go the careful way).
struct KeyIn<'o>(&'o Object<'o>);

impl<'o> KeyIn<'o> {
    fn find(&self, name: &str) -> Result<&'o Property<'o>, Differs> {
        self.0.entry(name).ok_or(Differs)
    }
}

impl<'o> ser::Serializer for KeyIn<'o> {
    type Ok = &'o Property<'o>;
    type Error = Differs;
    type SerializeSeq = ser::Impossible<Self::Ok, Differs>;
    type SerializeTuple = ser::Impossible<Self::Ok, Differs>;
    type SerializeTupleStruct = ser::Impossible<Self::Ok, Differs>;
    type SerializeTupleVariant = ser::Impossible<Self::Ok, Differs>;
    type SerializeMap = ser::Impossible<Self::Ok, Differs>;
    type SerializeStruct = ser::Impossible<Self::Ok, Differs>;
    type SerializeStructVariant = ser::Impossible<Self::Ok, Differs>;

    fn serialize_str(self, v: &str) -> Result<Self::Ok, Differs> {
        self.find(v)
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, Differs> {
        self.find(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<Self::Ok, Differs> {
        self.find(v)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Differs> {
        value.serialize(self)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Self::Ok, Differs> {
        Err(Differs)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Differs> {
        Err(Differs)
    }
    not_a_key! {
        serialize_bool(bool) -> Self::Ok;
        serialize_i8(i8) -> Self::Ok;
        serialize_i16(i16) -> Self::Ok;
        serialize_i32(i32) -> Self::Ok;
        serialize_i64(i64) -> Self::Ok;
        serialize_u8(u8) -> Self::Ok;
        serialize_u16(u16) -> Self::Ok;
        serialize_u32(u32) -> Self::Ok;
        serialize_u64(u64) -> Self::Ok;
        serialize_f32(f32) -> Self::Ok;
        serialize_f64(f64) -> Self::Ok;
        serialize_bytes(&[u8]) -> Self::Ok;
        serialize_none() -> Self::Ok;
        serialize_unit() -> Self::Ok;
        serialize_unit_struct(&'static str) -> Self::Ok;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn same<T: Serialize>(parsed: &T, original: &Value) -> bool {
        parsed
            .serialize(Against {
                original: &Node::from_value(original),
                keys: &mut Vec::new(),
            })
            .is_ok()
    }

    fn difference<T: Serialize>(parsed: &T, original: &Value) -> Option<String> {
        super::difference(parsed, &Node::from_value(original))
    }

    #[derive(Serialize)]
    struct Order {
        id: String,
        amount: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(flatten)]
        extra: BTreeMap<String, Value>,
    }

    #[test]
    fn the_comparison_agrees_with_to_value() {
        let order = Order {
            id: "ord_1".into(),
            amount: Some(7000),
            note: None,
            extra: [("custom".to_string(), json!([1, 2.5, null]))].into(),
        };
        let cases = [
            json!({"id": "ord_1", "amount": 7000, "custom": [1, 2.5, null]}),
            json!({"id": "ord_1", "amount": 7000.0, "custom": [1, 2.5, null]}),
            json!({"id": "ord_1", "amount": 7000, "custom": [1, 2.5, null], "note": null}),
            json!({"id": "ord_1", "amount": 7000, "custom": [1, 2.5]}),
            json!({"id": "ord_1", "amount": 7000}),
            json!({"id": "ord_2", "amount": 7000, "custom": [1, 2.5, null]}),
            json!([]),
        ];
        for original in &cases {
            let expected = serde_json::to_value(&order).unwrap() == *original;
            assert_eq!(same(&order, original), expected, "{original}");
            assert_eq!(
                difference(&order, original).is_none(),
                expected,
                "{original}"
            );
        }
        assert_eq!(difference(&order, &cases[3]).as_deref(), Some("/custom"));
    }

    #[test]
    fn the_first_difference_is_named() {
        let a = json!({"a": {"b/c": [1, 2]}, "z": 1});
        let b = json!({"a": {"b/c": [1, 3]}, "z": 1});
        assert_eq!(
            first_difference(&Node::from_value(&a), &b, String::new()),
            Some("/a/b~1c/1".into())
        );
        assert_eq!(
            first_difference(&Node::from_value(&a), &a, String::new()),
            None
        );
    }

    /// A map that names one key twice (and so leaves another out) is not the object that has
    /// each key once, though every value given matches.
    #[test]
    fn a_key_given_twice_is_not_two_keys() {
        struct Twice;
        impl Serialize for Twice {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap;
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("a", &1)?;
                map.serialize_entry("a", &1)?;
                map.end()
            }
        }
        let original = json!({"a": 1, "b": 1});
        assert!(!same(&Twice, &original));
        assert_eq!(difference(&Twice, &original).as_deref(), Some("/b"));
    }
}
