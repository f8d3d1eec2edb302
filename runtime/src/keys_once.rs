//! JSON read so that no value is dropped: an object that gives a key twice is refused.
//!
//! JSON allows `{"a": 1, "a": 2}`; a map holds one value per key. serde's derives refuse a
//! known field given twice, but `serde_json::Value`, its `Map` and `BTreeMap` keep the last
//! copy without a word, so a body would be held (and written back, and acknowledged) without
//! the others. Voucherify writes its bodies with `JSON.stringify`, which cannot give a key
//! twice: such a body was written or changed by someone else, and is refused rather than
//! changed, on every path that reads one ([`Webhook::from_slice`](crate::Webhook::from_slice),
//! the typed data, `Data::Raw`, unions, free-form properties).
//!
//! [`KeysOnce`] is how a type reads itself that way. The derives read each field through
//! [`Field`], which picks `KeysOnce` where the field's type has it and serde's own reading
//! where it has not (a type of the user's own, in a hand-written struct).

use std::collections::btree_map::{BTreeMap, Entry};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Number, Value};

use crate::Map;

/// How every refusal of a key given twice begins; the parse tells this refusal apart from the
/// other errors of its reading by it.
pub(crate) const GIVEN_TWICE: &str = "a key given twice in one object";

/// The error of a key given twice.
pub fn given_twice<E: Error>(key: &str) -> E {
    E::custom(format_args!(
        "{GIVEN_TWICE}: `{key}` (a map holds one value per key, so the others would be lost)"
    ))
}

/// A type read so that an object giving a key twice is refused, anywhere inside it.
///
/// Implemented for the types the generated code uses, and by the derives for every type they
/// write.
pub trait KeysOnce: Sized {
    fn deserialize_keys_once<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Reads a `T` with [`KeysOnce`].
pub struct KeysOnceSeed<T>(PhantomData<T>);

impl<T> KeysOnceSeed<T> {
    pub fn new() -> Self {
        KeysOnceSeed(PhantomData)
    }
}

impl<T> Default for KeysOnceSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: KeysOnce> DeserializeSeed<'de> for KeysOnceSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_keys_once(deserializer)
    }
}

/// The reading of a field of type `T`, chosen at the derive's expansion:
/// `(&Field::<T>::new()).seed()` is a [`KeysOnceSeed`] when `T: KeysOnce`, else serde's own
/// reading of `T` (the method of [`ReadKeysOnce`] is found before the one of [`ReadAsSerde`],
/// which needs one more reference).
pub struct Field<T>(PhantomData<T>);

impl<T> Field<T> {
    pub fn new() -> Self {
        Field(PhantomData)
    }
}

impl<T> Default for Field<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// See [`Field`].
pub trait ReadKeysOnce<T> {
    fn seed(&self) -> KeysOnceSeed<T>;
}

impl<T: KeysOnce> ReadKeysOnce<T> for Field<T> {
    fn seed(&self) -> KeysOnceSeed<T> {
        KeysOnceSeed::new()
    }
}

/// See [`Field`].
pub trait ReadAsSerde<T> {
    fn seed(&self) -> PhantomData<T>;
}

impl<T> ReadAsSerde<T> for &Field<T> {
    fn seed(&self) -> PhantomData<T> {
        PhantomData
    }
}

/// Types without objects inside: serde's reading is already the right one.
macro_rules! no_objects_inside {
    ($($ty:ty),*) => {$(
        impl KeysOnce for $ty {
            fn deserialize_keys_once<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$ty as Deserialize>::deserialize(deserializer)
            }
        }
    )*};
}

no_objects_inside!(
    String,
    bool,
    i64,
    u64,
    i32,
    u32,
    f64,
    Number,
    crate::Timestamp,
    crate::Date
);

impl KeysOnce for Value {
    fn deserialize_keys_once<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValueReader.deserialize(deserializer)
    }
}

impl KeysOnce for Map {
    fn deserialize_keys_once<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ObjectReader)
    }
}

impl<T: KeysOnce> KeysOnce for Option<T> {
    fn deserialize_keys_once<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);
        impl<'de, T: KeysOnce> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("null or a value")
            }
            fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                T::deserialize_keys_once(d).map(Some)
            }
        }
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<T: KeysOnce> KeysOnce for Box<T> {
    fn deserialize_keys_once<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_keys_once(deserializer).map(Box::new)
    }
}

impl<T: KeysOnce> KeysOnce for Vec<T> {
    fn deserialize_keys_once<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SeqVisitor<T>(PhantomData<T>);
        impl<'de, T: KeysOnce> Visitor<'de> for SeqVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // A hint from the input is capped, as serde caps its own.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(KeysOnceSeed::new())? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(SeqVisitor(PhantomData))
    }
}

impl<T: KeysOnce> KeysOnce for BTreeMap<String, T> {
    fn deserialize_keys_once<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: KeysOnce> Visitor<'de> for MapVisitor<T> {
            type Value = BTreeMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut object = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value_seed(KeysOnceSeed::new())?;
                    match object.entry(key) {
                        Entry::Vacant(slot) => {
                            slot.insert(value);
                        }
                        Entry::Occupied(slot) => return Err(given_twice(slot.key())),
                    }
                }
                Ok(object)
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Reads any JSON value exactly as `serde_json::Value` reads it (same depth limit, same
/// errors), refusing a key given twice.
struct ValueReader;

impl<'de> DeserializeSeed<'de> for ValueReader {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueReader {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(ValueReader)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        ObjectReader.visit_map(map).map(Value::Object)
    }
}

/// Reads a JSON object as [`ValueReader`] reads one.
struct ObjectReader;

impl<'de> Visitor<'de> for ObjectReader {
    type Value = Map;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Map, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueReader)?;
            insert_extra(&mut object, key, value)?;
        }
        Ok(object)
    }
}

/// Inserts `value` into `extra` (the unknown properties of an object, or a whole object read
/// as a `Value`), refusing a key that is there already.
pub fn insert_extra<E: Error>(extra: &mut Map, key: String, value: Value) -> Result<(), E> {
    match extra.entry(key) {
        serde_json::map::Entry::Vacant(slot) => {
            slot.insert(value);
            Ok(())
        }
        serde_json::map::Entry::Occupied(slot) => Err(given_twice(slot.key())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: KeysOnce>(json: &str) -> Result<T, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        T::deserialize_keys_once(&mut de).map_err(|e| e.to_string())
    }

    #[test]
    fn every_container_refuses_a_key_given_twice_inside_it() {
        type Nested = Vec<Option<BTreeMap<String, Box<Value>>>>;
        let fine: Nested = read(r#"[null, {"a": {"b": [1, {"c": 2}]}}]"#).unwrap();
        assert_eq!(fine[0], None);
        assert_eq!(
            *fine[1].as_ref().unwrap()["a"],
            serde_json::json!({"b": [1, {"c": 2}]})
        );
        for twice in [
            r#"[{"a": 1, "a": 2}]"#,
            r#"[{"a": {"b": 1, "b": 1}}]"#,
            r#"[null, {"a": [{"c": 1, "c": 2}]}]"#,
        ] {
            let error = read::<Nested>(twice).unwrap_err();
            assert!(error.starts_with(GIVEN_TWICE), "{twice}: {error}");
        }
        let error = read::<Map>(r#"{"k": 1, "\u006b": 2}"#).unwrap_err();
        assert!(
            error.contains("`k`"),
            "escapes are read before comparing: {error}"
        );
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        for json in [
            r#"{"a": [1, -2, 3.5, "x\n", null, true, {}]}"#,
            "18446744073709551615",
            "-0",
        ] {
            let ours: Value = read(json).unwrap();
            assert_eq!(ours, serde_json::from_str::<Value>(json).unwrap(), "{json}");
        }
        assert_eq!(
            read::<Value>("1e309").unwrap_err(),
            serde_json::from_str::<Value>("1e309")
                .unwrap_err()
                .to_string()
        );
    }
}
