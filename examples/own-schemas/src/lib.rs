//! A service that keeps its own, smaller schema set (only the events and fields it reads) and
//! generates its types in `build.rs` with `voucherify_codegen::Builder`, the way prost-build
//! users generate protobuf types.

/// The types generated from `schemas/`: `Envelope`, one struct per object, `Event`,
/// `deserialize_event` and `EVENT_TYPES`.
pub mod webhooks {
    include!(concat!(env!("OUT_DIR"), "/voucherify_webhooks.rs"));
}

use webhooks::{deserialize_event, Envelope, Event};

/// A webhook body parsed with this crate's own types: the envelope, and its `data` typed when
/// the event type is one of ours (`None` for any other event, which stays in `envelope.data`).
pub fn parse(body: &[u8]) -> Result<(Envelope, Option<Event>), serde_json::Error> {
    let envelope: Envelope = serde_json::from_slice(body)?;
    let data = serde_json::Value::Object(envelope.data.clone());
    let event = deserialize_event(&envelope.r#type, data).transpose()?;
    Ok((envelope, event))
}
