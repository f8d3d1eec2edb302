//! Contract checks: does a payload match the contract an event set was generated from?
//! (feature `contract`.)
//!
//! A check reads each payload once, as JSON, and reports all it finds:
//! - the schema of the payload's event in the set's [`Bundle`](crate::json_schema::Bundle)
//!   (Draft 2020-12 as the generator writes it, formats `date-time`, `date` and `time`
//!   asserted), compiled once into rules of this crate: one walk of the payload gives every
//!   violation with its JSON pointer, its place in the schema, its [`Kind`] and a one-line
//!   message, and the drift;
//! - the typed parse (the webhook typed from the JSON already read, as
//!   [`Webhook::from_slice`](crate::Webhook::from_slice) types it; or
//!   [`parse_data`](crate::parse_data) for a bare `data` object);
//! - the lossless round trip: the parsed value, serialised again, equals the payload as JSON
//!   (compared as it is serialised, without building the JSON again), every number in the
//!   body's text keeps its value ([`numbers_that_change`]) and no object gives a key twice.
//!
//! The rules answer as the `jsonschema` crate answers on the standalone schema files in
//! `generated/schemas/` (this project's tests compare the two on thousands of broken payloads),
//! so a JSON Schema tool of your own reads those files the same way.
//!
//! Drift the schema tolerates comes back as warnings: properties the schema does not document
//! (the typed value keeps them in `extra`). The command `voucherify-webhooks check --strict`
//! fails on them. An enum value the schema does not list is no drift but a violation
//! ([`Kind::NotInEnum`]), with or without `--strict`: the schema lists the values, so the
//! payload breaks the contract, even though the typed parse keeps the value in the open Rust
//! enum's `Other` variant and loses nothing.
//!
//! Every check is of one event set `E` ([`JsonSchemas`]); `voucherify_webhooks::contract`
//! checks against the crate's own set:
//!
//! ```
//! let body = br#"{"id": "evt_1", "object": "event", "webhook_id": "wh_1", "type": "points_earned"}"#;
//! let report = voucherify_webhooks::contract::check(body);
//! assert!(!report.ok);
//! assert_eq!(report.violations[0].kind, voucherify_webhooks::contract::Kind::Legacy);
//! ```
//!
//! In a test of your own, [`assert_conforms`] checks a folder of captured payloads.

mod checker;
mod explain;
mod files;
mod formats;
mod numbers;
#[cfg(feature = "jsonschema-reference")]
mod reference;
mod round_trip;
mod rules;
pub(crate) mod tree;
mod validate;

use std::fmt;

use serde::Serialize;

use crate::json_schema::JsonSchemas;

pub use checker::Checker;
pub use files::{assert_conforms, json_files, read_payload, ReadError, MAX_PAYLOAD_BYTES};
pub use numbers::numbers_that_change;

/// Checks a whole webhook body: the event type is read from the envelope as
/// [`Webhook::event_type`](crate::Webhook::event_type) reads it (`type` for project-settings
/// webhooks, `event.type` when `source.object` is `distribution`). Uses a [`Checker`] shared by
/// the whole process.
pub fn check<E: JsonSchemas>(body: &[u8]) -> Report {
    Checker::<E>::shared().check(body)
}

/// Checks a bare `data` object as the data of `event_type`. Uses a [`Checker`] shared by the
/// whole process.
pub fn check_data<E: JsonSchemas>(event_type: &str, body: &[u8]) -> Report {
    Checker::<E>::shared().check_data(event_type, body)
}

/// What a check found in one payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The event type the payload was checked as; `None` when it names none (not JSON, a legacy
    /// webhook, an envelope without its event type).
    pub event_type: Option<String>,
    /// True when there is no violation (warnings do not count).
    pub ok: bool,
    /// Everything the contract forbids, sorted by pointer.
    pub violations: Vec<Violation>,
    /// Drift the contract tolerates: properties the schema does not document.
    pub warnings: Vec<Violation>,
    /// Whether the parsed value, serialised again, equals the payload as JSON; `None` when
    /// the payload did not parse.
    pub round_trip: Option<bool>,
    /// The Rust type the `data` was parsed into; `None` when it was kept as JSON (or the
    /// event's family feature is off).
    pub typed: Option<&'static str>,
}

/// One thing wrong (or, among warnings, unexpected) in a payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// JSON pointer into the payload, e.g. `/data/order/amount` (empty for the whole body).
    pub pointer: String,
    /// Where in the checked schema the rule lives, e.g. `/$defs/SimpleOrder/properties/amount/type`
    /// (empty when the finding is not a schema rule).
    pub schema_path: String,
    /// What kind of problem it is.
    pub kind: Kind,
    /// One line a person understands, e.g. `expected integer, got string "7000"`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {} [{}]", self.message, self.kind)
    }
}

/// The kind of a [`Violation`] (or of a warning).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// A required property is absent.
    MissingRequired,
    /// A value of another JSON type than the schema's.
    WrongType,
    /// `null` where the schema does not allow it.
    NullNotAllowed,
    /// A value outside the schema's `enum` (every schema enum is closed). The typed parse
    /// still keeps it, in the open Rust enum's `Other` variant.
    NotInEnum,
    /// A string that is not of its `format` (`date-time`, `date`, `time`).
    Format,
    /// A property where the schema forbids unlisted properties.
    AdditionalProperty,
    /// A value that matches none of the shapes a union allows.
    NoMatchingShape,
    /// The body is not JSON.
    NotJson,
    /// JSON that cannot be held without changing it (a lone UTF-16 surrogate escape, a number
    /// beyond `f64`, nesting deeper than 128 levels): refused, as
    /// [`ParseError::Unrepresentable`](crate::ParseError::Unrepresentable).
    Unrepresentable,
    /// A webhook of the older v2018-08-01 format.
    Legacy,
    /// The event type has no schema here.
    UnknownEventType,
    /// The schema accepts the payload but the typed parse does not (a generator bug).
    NotTyped,
    /// The typed value does not serialise back to the same JSON.
    RoundTrip,
    /// Warning: a property the schema does not document.
    UndocumentedProperty,
    /// Anything else the schema forbids.
    Other,
}

impl Kind {
    /// The name used in reports: `missing_required`, `wrong_type`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MissingRequired => "missing_required",
            Kind::WrongType => "wrong_type",
            Kind::NullNotAllowed => "null_not_allowed",
            Kind::NotInEnum => "not_in_enum",
            Kind::Format => "format",
            Kind::AdditionalProperty => "additional_property",
            Kind::NoMatchingShape => "no_matching_shape",
            Kind::NotJson => "not_json",
            Kind::Unrepresentable => "unrepresentable",
            Kind::Legacy => "legacy",
            Kind::UnknownEventType => "unknown_event_type",
            Kind::NotTyped => "not_typed",
            Kind::RoundTrip => "round_trip",
            Kind::UndocumentedProperty => "undocumented_property",
            Kind::Other => "other",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
