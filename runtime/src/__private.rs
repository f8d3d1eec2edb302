//! What the derives' expansions use. Not a public API: it may change in any release.

use std::borrow::Cow;

pub use crate::keys_once::{
    given_twice, insert_extra, Field, KeysOnce, KeysOnceSeed, ReadAsSerde, ReadKeysOnce,
};
pub use crate::Map;
pub use serde;
pub use serde_json::Value;

use serde::de::{Deserializer, Error, Visitor};
use serde::Deserialize;

/// Marks the types the derives generate (`Object`, `StringEnum`, `Union`), so that each fits
/// its own shape in a view (`crate::view::FitsObject` and friends) and no other type does by
/// accident.
pub trait Generated {}

/// An object key, borrowed from the input when it has no escapes (the common case), so that
/// matching it against the known properties costs no allocation.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the member of a union chosen by its tag. An error names the place inside the member
/// as `at <pointer>: <message>`, which [`crate::DataError`] joins to the union's own pointer.
pub fn union_member<T: serde::de::DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = crate::error::pointer_of(e.path());
        E::custom(format_args!("at {pointer}: {}", e.inner()))
    })
}
