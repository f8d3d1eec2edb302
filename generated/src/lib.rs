//! Typed, lossless Rust types for every Voucherify v2024-01-01 webhook event.
//!
//! ```no_run
//! # fn handle(body: &[u8]) -> Result<(), voucherify_webhooks::ParseError> {
//! use voucherify_webhooks::{Data, Event, Webhook};
//!
//! let webhook = Webhook::from_slice(body)?;
//! match &webhook.data {
//!     Data::Typed(Event::RedemptionSucceeded(redemption)) => {
//!         println!("redeemed: {:?}", redemption.extra);
//!     }
//!     Data::Typed(other) => println!("{} arrived", other.event_type()),
//!     Data::Raw(raw) => println!("kept as JSON: {}", raw.reason),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Every type is generated from the YAML schemas of this repository (`schemas/`) by
//! `voucherify-codegen` into `types`; everything written by hand (dispatch, signatures,
//! views, samples, contract checks) is the runtime, `voucherify-webhooks-runtime`, which this
//! crate re-exports with its own [`Event`] set as the default: [`Webhook`] is
//! `voucherify_webhooks_runtime::Webhook<Event>`.
//!
//! # Features
//!
//! - One per event family, all on by default: `redemption`, `customer`, `voucher`, `campaign`,
//!   `validation-rules`, `publication`, `distribution`. A service that needs two events turns
//!   default features off and names their families; an event whose family is off arrives as
//!   [`Data::Raw`] with [`Untyped::UnknownEventType`].
//! - `json-schema`: the JSON Schemas, embedded (module `json_schema`).
//! - `contract`: contract checks of payloads (module `contract`); no dependencies.
//!
//! The `voucherify-webhooks` command is the package `voucherify-webhooks-cli`: depending on
//! this crate never builds it.
//!
//! # Versions
//!
//! Every generated struct and enum is `#[non_exhaustive]`, so what Voucherify's docs add (a
//! property, an event, an enum value, a union member) is a minor version of this crate, and
//! removals and retypings are major ones (`voucherify-codegen diff` says which, per change).
//! The price: code outside this crate cannot build a generated struct with a literal. Tests
//! build one from JSON instead, with `serde_json::from_value`, [`Webhook::from_slice`] or a
//! [`sample`] webhook.

// The generated types and the derives name their runtime as `::voucherify_webhooks`, in this
// crate as in users' crates.
extern crate self as voucherify_webhooks;

mod types;
mod view_gates;

pub use types::*;
pub use voucherify_webhooks_runtime::{
    parse_event, sample, serde, serde_json, signature, view, Channel, DataError, Date, EventKind,
    EventSet, Map, Object, ParseError, RawData, ReceiveError, RedactedDebug, StringEnum, TimeError,
    Timestamp, Union, Untyped, View, WebhookEvent, WebhookMeta, WebhookSource,
};

#[doc(hidden)]
pub use voucherify_webhooks_runtime::__private;

/// One v2024-01-01 webhook of this crate's event set: the envelope of both channels, with
/// `data` typed by its event (see `voucherify_webhooks_runtime::Webhook`).
pub type Webhook = voucherify_webhooks_runtime::Webhook<Event>;

/// A webhook's `data`: typed as an [`Event`], or kept as JSON with the reason.
pub type Data = voucherify_webhooks_runtime::Data<Event>;

/// Parses a bare `data` object as the data of one event type (for payloads captured without
/// their envelope). `None` when the event type has no schema here.
pub fn parse_data(event_type: &str, data: &[u8]) -> Option<Result<Event, DataError>> {
    voucherify_webhooks_runtime::parse_data::<Event>(event_type, data)
}

/// The JSON Schemas (Draft 2020-12) of the envelope and of every event, embedded, so that a
/// service can validate payloads without files on disk (feature `json-schema`).
///
/// `voucherify-codegen generate` writes each schema as a standalone file into the crate's
/// `schemas/` folder (`envelope.json`, `events/<event type>.json`, `data/<event type>.json`),
/// for any JSON Schema tool; the crate embeds `schemas/bundle.json` (every shared object once)
/// and rebuilds each standalone schema from it on request.
///
/// ```
/// let schema = voucherify_webhooks::json_schema::event("redemption.succeeded").unwrap();
/// assert_eq!(schema["$schema"], voucherify_webhooks::json_schema::DIALECT);
/// assert!(schema["$defs"].get("SimpleCustomer").is_some());
/// ```
#[cfg(feature = "json-schema")]
pub mod json_schema {
    pub use voucherify_webhooks_runtime::json_schema::*;

    use crate::serde_json::Value;

    /// `schemas/bundle.json` as generated (see [`Bundle`]).
    pub const BUNDLE: &str = include_str!("../schemas/bundle.json");

    static SCHEMAS: Bundle = Bundle::new(BUNDLE);

    impl JsonSchemas for crate::Event {
        fn json_schemas() -> &'static Bundle {
            &SCHEMAS
        }
    }

    /// Every event type with a schema, sorted.
    pub fn event_types() -> impl Iterator<Item = &'static str> {
        SCHEMAS.event_types()
    }

    /// The schema of the envelope alone (`data` free-form), as `schemas/envelope.json`.
    pub fn envelope() -> Value {
        SCHEMAS.envelope()
    }

    /// The schema of a whole webhook of `event_type`, as `schemas/events/<event type>.json`;
    /// `None` for an event type without a schema.
    pub fn event(event_type: &str) -> Option<Value> {
        SCHEMAS.event(event_type)
    }

    /// The schema of the bare `data` object of `event_type`, as
    /// `schemas/data/<event type>.json`; `None` for an event type without a schema.
    pub fn data(event_type: &str) -> Option<Value> {
        SCHEMAS.data(event_type)
    }
}

/// Contract checks of payloads against this crate's schemas (feature `contract`); see
/// `voucherify_webhooks_runtime::contract` for what a check runs.
///
/// ```
/// let body = br#"{"id": "evt_1", "object": "event", "webhook_id": "wh_1", "type": "points_earned"}"#;
/// let report = voucherify_webhooks::contract::check(body);
/// assert!(!report.ok);
/// assert_eq!(report.violations[0].kind, voucherify_webhooks::contract::Kind::Legacy);
/// ```
#[cfg(feature = "contract")]
pub mod contract {
    pub use voucherify_webhooks_runtime::contract::*;

    use std::path::Path;

    /// Checks payloads against this crate's schemas; share one (see [`Checker::shared`]).
    pub type Checker = voucherify_webhooks_runtime::contract::Checker<crate::Event>;

    /// Checks a whole webhook body with the [`Checker`] shared by the whole process.
    pub fn check(body: &[u8]) -> Report {
        Checker::shared().check(body)
    }

    /// Checks a bare `data` object as the data of `event_type` with the shared [`Checker`].
    pub fn check_data(event_type: &str, body: &[u8]) -> Report {
        Checker::shared().check_data(event_type, body)
    }

    /// Asserts that every `*.json` file below `dir` is a conforming webhook: for a test of your
    /// own over captured payloads (see `voucherify_webhooks_runtime::contract::assert_conforms`).
    ///
    /// ```no_run
    /// #[test]
    /// fn captured_payloads_conform() {
    ///     voucherify_webhooks::contract::assert_conforms("tests/payloads");
    /// }
    /// ```
    #[track_caller]
    pub fn assert_conforms(dir: impl AsRef<Path>) {
        voucherify_webhooks_runtime::contract::assert_conforms::<crate::Event>(dir)
    }
}
