//! The runtime of `voucherify-webhooks`: everything written by hand, for any event set the
//! generator writes (the crate's own, or yours from `voucherify_codegen::Builder`).
//!
//! An event set is the generated `Event` enum, which implements [`EventSet`]: its event types
//! and channels, and the typed parse of an event's `data`. Over it, [`Webhook<E>`] reads the
//! envelope of both channels and types `data`, [`Webhook::receive`] verifies the signature
//! first, [`view::View`] takes a checked view, [`sample`] builds payloads, and (features
//! `json-schema`, `contract`) [`json_schema::Bundle`] and `contract::Checker` check payloads
//! against the set's JSON Schemas.
//!
//! Most services depend on `voucherify-webhooks`, which re-exports this crate with its own
//! event set as the default. A `build.rs` user needs this crate alone: it re-exports `serde`,
//! `serde_json` and the derives the generated code uses.
//!
//! # Features
//!
//! - `json-schema`: [`json_schema::Bundle`], an event set's JSON Schemas; no dependencies.
//! - `contract`: contract checks of payloads (module `contract`); no dependencies.
//! - `jiff`, `chrono`, `time`: conversions of [`Timestamp`] and [`Date`] to that library's
//!   types (`to_jiff`, `to_chrono`, `to_time`).

mod channel;
#[cfg(feature = "contract")]
pub mod contract;
mod error;
#[cfg(feature = "json-schema")]
pub mod json_schema;
mod keys_once;
mod receive;
pub mod sample;
pub mod signature;
mod time;
pub mod view;
mod webhook;

#[doc(hidden)]
pub mod __private;

pub use channel::Channel;
pub use error::{DataError, ParseError};
pub use receive::ReceiveError;
pub use time::{Date, TimeError, Timestamp};
pub use view::View;
pub use voucherify_webhooks_macros::{
    Object, RedactedDebug, StringEnum, Union, View, WebhookEvent,
};
pub use webhook::{parse_data, parse_event, Data, RawData, Untyped, Webhook};
// The generated code and the derives name these through the runtime, so that a crate that
// includes generated types needs no dependency of its own on them.
pub use serde;
pub use serde_json;

/// A JSON object: the free-form properties (`metadata`) and the unknown properties that every
/// generated struct keeps in its `extra` field.
pub type Map = serde_json::Map<String, serde_json::Value>;

/// The data type of webhook events: the events whose whole `data` it is.
///
/// Implemented by `#[derive(WebhookEvent)]` for every event's data type. Events whose data have
/// one shape share one type (`voucher.created` and `voucher.deleted` both carry a
/// `VoucherEvent`), so a type lists every event it is the data of; the `Event` enum still has
/// one variant per event.
pub trait WebhookEvent: serde::Serialize + serde::de::DeserializeOwned {
    /// The events whose data this type is, sorted by event type; never empty.
    const EVENTS: &'static [EventKind];
}

/// One webhook event a data type is the data of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventKind {
    /// The wire event type, e.g. `redemption.succeeded`.
    pub event_type: &'static str,
    /// Which kind of webhook sends the event.
    pub channel: Channel,
    /// The vendor's documentation page for the event.
    pub docs: &'static str,
}

/// A set of events with generated types: the generated `Event` enum implements it, for the
/// schema set it was generated from (the generator writes the impl when the set's envelope has
/// `source.object` and `event.type`, which tell the channels apart).
pub trait EventSet:
    Clone + std::fmt::Debug + PartialEq + serde::Serialize + Send + Sync + 'static
{
    /// The envelope's `source`, as the set's schemas describe it.
    type Source: WebhookSource;
    /// The envelope's `event`, as the set's schemas describe it.
    type Meta: WebhookMeta;

    /// Every event type this build types, with its channel and the name of its data type,
    /// sorted by event type.
    const EVENT_TYPES: &'static [(&'static str, Channel, &'static str)];

    /// Parses `data` as the data of `event_type`; `None` when the set has no type for it (or
    /// its family's feature is off).
    fn deserialize_event<'de, D: serde::Deserializer<'de>>(
        event_type: &str,
        data: D,
    ) -> Option<Result<Self, D::Error>>;

    /// The wire event type of this event's data, e.g. `redemption.succeeded`.
    fn event_type(&self) -> &'static str;

    /// The name of the data type, e.g. `RedemptionEvent` (several events may share one).
    fn rust_type(&self) -> &'static str;

    /// Whether the set types `event_type` in this build.
    fn documents(event_type: &str) -> bool {
        Self::EVENT_TYPES
            .binary_search_by(|(t, _, _)| (*t).cmp(event_type))
            .is_ok()
    }
}

/// What the runtime reads of the envelope's `source`: `object` tells the channels apart.
pub trait WebhookSource:
    Clone + std::fmt::Debug + PartialEq + serde::Serialize + serde::de::DeserializeOwned + Send + Sync
{
    /// `source.object`: `webhook` or `distribution`, when present.
    fn object(&self) -> Option<&str>;
}

/// What the runtime reads of the envelope's `event`: the event type of a distribution.
pub trait WebhookMeta:
    Clone + std::fmt::Debug + PartialEq + serde::Serialize + serde::de::DeserializeOwned + Send + Sync
{
    /// `event.type`: the event type, whichever channel sent the webhook.
    fn event_type(&self) -> &str;
}
