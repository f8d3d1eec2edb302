//! The body read once into a `serde_json::Value`, exactly as `serde_json::from_slice` reads it
//! (same depth limit, same errors), noting on the way what a `Value` cannot show: whether an
//! object gave a key twice (the `Value` keeps the last) and whether any number was read as
//! `f64` (only those can have changed in reading). The text is scanned for either only when
//! these say it must be ([`numbers`](super::numbers)).

use serde::de::{DeserializeSeed, Error};
use serde_json::Value;

use crate::keys_once::{Notice, ValueReader};

/// What reading the body noticed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Noticed {
    /// Some object gave a key more than once.
    pub key_given_twice: bool,
    /// Some number was read as `f64` (a decimal, an exponent, an integer out of range, `-0`).
    pub float: bool,
}

impl Notice for Noticed {
    fn key_given_twice<E: Error>(&mut self, _key: &str) -> Result<(), E> {
        self.key_given_twice = true;
        Ok(())
    }
    fn float(&mut self) {
        self.float = true;
    }
}

/// Reads `body` as `serde_json::from_slice::<Value>` does.
pub(super) fn value(body: &[u8]) -> Result<(Value, Noticed), serde_json::Error> {
    let mut noticed = Noticed::default();
    let mut json = serde_json::Deserializer::from_slice(body);
    let value = ValueReader(&mut noticed).deserialize(&mut json)?;
    json.end()?;
    Ok((value, noticed))
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
