//! The body read once into a `serde_json::Value`, exactly as `serde_json::from_slice` reads it
//! (same depth limit, same errors), noting on the way what a `Value` cannot show: whether an
//! object gave a key twice (the `Value` keeps the last) and whether any number was read as
//! `f64` (only those can have changed in reading). The text is scanned for either only when
//! these say it must be ([`numbers`](super::numbers)).

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// What reading the body noticed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Noticed {
    /// Some object gave a key more than once.
    pub key_given_twice: bool,
    /// Some number was read as `f64` (a decimal, an exponent, an integer out of range, `-0`).
    pub float: bool,
}

/// Reads `body` as `serde_json::from_slice::<Value>` does.
pub(super) fn value(body: &[u8]) -> Result<(Value, Noticed), serde_json::Error> {
    let mut noticed = Noticed::default();
    let mut json = serde_json::Deserializer::from_slice(body);
    let value = Reader(&mut noticed).deserialize(&mut json)?;
    json.end()?;
    Ok((value, noticed))
}

struct Reader<'n>(&'n mut Noticed);

impl<'de> DeserializeSeed<'de> for Reader<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reader<'_> {
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
        self.0.float = true;
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
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Reader(&mut *self.0))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Reader(&mut *self.0))?;
            if object.insert(key, value).is_some() {
                self.0.key_given_twice = true;
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_serde_json_reads() {
        let bodies: [&[u8]; 9] = [
            br#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": 18446744073709551615}"#,
            br#"{"big": 123456789012345678901234567890, "neg": -0, "tiny": 1e-400}"#,
            br#"{"a": 1, "a": 2}"#,
            br#""\ud83d""#,
            br#"1e309"#,
            br#"{"a": 1} x"#,
            br#"{"a": "\u00e9\n"}"#,
            b"[",
            b"",
        ];
        for body in bodies {
            let ours = value(body).map(|(v, _)| v).map_err(|e| e.to_string());
            let theirs = serde_json::from_slice::<Value>(body).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(body));
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            value(deep.as_bytes()).map_err(|e| e.to_string()).err(),
            serde_json::from_slice::<Value>(deep.as_bytes())
                .map_err(|e| e.to_string())
                .err()
        );
    }

    #[test]
    fn notices_keys_given_twice_and_floats() {
        let noticed = |body: &[u8]| value(body).map(|(_, n)| n).unwrap();
        assert_eq!(noticed(br#"{"a": [1, {"b": 2}]}"#), Noticed::default());
        assert!(noticed(br#"{"a": [1, {"b": 2, "b": 3}]}"#).key_given_twice);
        assert!(noticed(br#"{"a": 1.0}"#).float);
        assert!(noticed(br#"{"a": 123456789012345678901234567890}"#).float);
        assert!(!noticed(br#"{"a": -9223372036854775808}"#).float);
    }
}
