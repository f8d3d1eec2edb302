//! Timestamps and dates as they came: the `date-time` and `date` properties of the schemas.
//!
//! [`Timestamp`] and [`Date`] keep the exact text of the payload. They accept any string and
//! write it back byte for byte, so a payload's round trip (and its signature) stays exact and a
//! value the vendor formats oddly is kept, not refused. A service that computes with one asks
//! for a time type of its choice, each behind a feature of this crate (none on by default):
//! `jiff`, `chrono` and `time`. Each conversion first checks the text against RFC 3339
//! (`date-time`, section 5.6) or its `full-date` (`date`) and returns a [`TimeError`] for any
//! other text, so that the three libraries agree on what they accept.

// Read only by the conversions, all behind features.
#[cfg_attr(
    not(any(feature = "jiff", feature = "chrono", feature = "time")),
    allow(dead_code)
)]
mod rfc3339;
#[cfg(feature = "chrono")]
mod to_chrono;
#[cfg(feature = "jiff")]
mod to_jiff;
#[cfg(feature = "time")]
mod to_time;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use rfc3339::TimeError;

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The text exactly as it came.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The text exactly as it came, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        // The text alone, like the `String` the field used to be.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name(text.to_string())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name)
            }
        }
    };
}

text_type! {
    /// A `date-time` property: the text as it came (`2024-01-01T12:00:00.000Z` as a rule),
    /// written back unchanged. Convert it with `to_jiff`, `to_chrono` or `to_time` (features
    /// `jiff`, `chrono`, `time`), which return a [`TimeError`] for text that is not RFC 3339.
    Timestamp
}

text_type! {
    /// A `date` property: the text as it came (`2024-01-31` as a rule), written back unchanged.
    /// Convert it with `to_jiff`, `to_chrono` or `to_time` (features `jiff`, `chrono`, `time`),
    /// which return a [`TimeError`] for text that is not an RFC 3339 `full-date`.
    Date
}
