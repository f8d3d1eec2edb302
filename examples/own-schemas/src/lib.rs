//! A service that keeps its own, smaller schema set (only the events and fields it reads) and
//! generates its types in `build.rs` with `voucherify_codegen::Builder`, the way prost-build
//! users generate protobuf types.

/// The types generated from `schemas/`: `Envelope`, one struct per object, `Event`,
/// `deserialize_event` and `EVENT_TYPES`.
pub mod webhooks {
    include!(concat!(env!("OUT_DIR"), "/voucherify_webhooks.rs"));
}

use webhooks::{deserialize_event, Envelope, Event, RedemptionResult};

/// A view of this crate's own schema set, checked against it when the crate compiles: the
/// builder writes the digest `schemas` names beside the types.
#[derive(Debug, serde::Deserialize, voucherify_webhooks::View)]
#[view(
    event = "redemption.succeeded",
    path = "/data/redemption",
    schemas = "$OUT_DIR/voucherify_webhooks.digest"
)]
pub struct Redeemed {
    pub id: String,
    pub result: RedemptionResult,
    pub amount: Option<i64>,
}

/// A webhook body parsed with this crate's own types: the envelope, and its `data` typed when
/// the event type is one of ours (`None` for any other event, which stays in `envelope.data`).
pub fn parse(body: &[u8]) -> Result<(Envelope, Option<Event>), serde_json::Error> {
    let envelope: Envelope = serde_json::from_slice(body)?;
    let data = serde_json::Value::Object(envelope.data.clone());
    let event = deserialize_event(&envelope.r#type, data).transpose()?;
    Ok((envelope, event))
}
