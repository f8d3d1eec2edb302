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
//! `voucherify-codegen`; the modules outside `types` are written by hand.
//!
//! # Features
//!
//! - One per event family, all on by default: `redemption`, `customer`, `voucher`, `campaign`,
//!   `validation-rules`, `publication`, `distribution`. A service that needs two events turns
//!   default features off and names their families; an event whose family is off arrives as
//!   [`Data::Raw`] with [`Untyped::UnknownEventType`].
//! - `json-schema`: the JSON Schemas, embedded (module `json_schema`).
//! - `contract`: contract checks of payloads (module `contract`), with the `jsonschema` crate.
//! - `cli` (default): the `voucherify-webhooks` command; enables the two above.
//!
//! # Versions
//!
//! Every generated struct and enum is `#[non_exhaustive]`, so what Voucherify's docs add (a
//! property, an event, an enum value, a union member) is a minor version of this crate, and
//! removals and retypings are major ones (`voucherify-codegen diff` says which, per change).
//! The price: code outside this crate cannot build a generated struct with a literal. Tests
//! build one from JSON instead, with `serde_json::from_value`, [`Webhook::from_slice`] or a
//! [`sample`] webhook.

// The derives name their runtime as `::voucherify_webhooks`, in this crate as in users' crates.
extern crate self as voucherify_webhooks;

mod channel;
#[cfg(feature = "contract")]
pub mod contract;
mod error;
#[cfg(feature = "json-schema")]
pub mod json_schema;
mod receive;
pub mod sample;
pub mod signature;
mod types;
pub mod view;
mod webhook;

#[doc(hidden)]
pub mod __private;

pub use channel::Channel;
pub use error::{DataError, ParseError};
pub use receive::ReceiveError;
pub use types::*;
pub use view::View;
pub use voucherify_webhooks_macros::{Object, StringEnum, Union, View, WebhookEvent};
pub use webhook::{parse_data, parse_event, Data, RawData, Untyped, Webhook};

/// A JSON object: the free-form properties (`metadata`) and the unknown properties that every
/// generated struct keeps in its `extra` field.
pub type Map = serde_json::Map<String, serde_json::Value>;

/// The data type of one webhook event: its wire event type and the channel that sends it.
///
/// Implemented by `#[derive(WebhookEvent)]` for every event's data type.
pub trait WebhookEvent: serde::Serialize + serde::de::DeserializeOwned {
    /// The wire event type, e.g. `redemption.succeeded`.
    const EVENT_TYPE: &'static str;
    /// Which kind of webhook sends the event.
    const CHANNEL: Channel;
    /// The vendor's documentation page for the event.
    const DOCS: &'static str;
}
