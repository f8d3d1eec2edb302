//! A service that keeps its own, smaller schema set (only the events and fields it reads) and
//! generates its types in `build.rs` with `voucherify_codegen::Builder`, the way prost-build
//! users generate protobuf types. It depends on `voucherify-webhooks-runtime` alone: the same
//! dispatch, `receive`, views and contract checks as `voucherify-webhooks`, over its own events.

use voucherify_webhooks_runtime as runtime;

/// The types generated from `schemas/`: `Envelope`, one struct per object, `Event` (which
/// implements the runtime's `EventSet`), `deserialize_event` and `EVENT_TYPES`.
pub mod webhooks {
    include!(concat!(env!("OUT_DIR"), "/voucherify_webhooks.rs"));
}

use runtime::json_schema::{Bundle, JsonSchemas};
use runtime::{contract, Data};
use webhooks::{Event, RedemptionResult};

/// A webhook of this crate's events: the envelope of both channels, `data` typed by its event.
pub type Webhook = runtime::Webhook<Event>;

/// The JSON Schemas the builder wrote beside the types (`json_schemas(true)`), embedded.
static SCHEMAS: Bundle = Bundle::new(include_str!(concat!(
    env!("OUT_DIR"),
    "/schemas/bundle.json"
)));

impl JsonSchemas for Event {
    fn json_schemas() -> &'static Bundle {
        &SCHEMAS
    }
}

/// A view of this crate's own schema set, checked against it when the crate compiles: the
/// builder writes the digest `schemas` names beside the types (and the runtime's path in it).
#[derive(Debug, runtime::serde::Deserialize, runtime::View)]
#[serde(crate = "voucherify_webhooks_runtime::serde")]
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

/// What the service does with a delivery: verify, parse, dispatch on the event (by `type` for
/// project-settings webhooks, by `event.type` for distributions). Returns the HTTP status and
/// what was done.
pub fn handle(secret: &[u8], body: &[u8], signature: Option<&str>) -> (u16, String) {
    let webhook = match Webhook::receive(secret, body, signature) {
        Ok(webhook) => webhook,
        // 401 for a bad signature, 400 for a body that is no webhook.
        Err(refused) => return (refused.status(), refused.to_string()),
    };
    let done = match &webhook.data {
        Data::Typed(Event::RedemptionSucceeded(redeemed)) => {
            format!(
                "redemption {} ({:?})",
                redeemed.redemption.id,
                webhook.channel()
            )
        }
        Data::Typed(Event::CustomerSegmentEntered(entered)) => format!(
            "{} entered {} ({:?})",
            entered.customer.id,
            entered.segment.id,
            webhook.channel()
        ),
        Data::Typed(other) => format!("{} arrived", other.event_type()),
        Data::Raw(raw) => format!("kept raw: {}", raw.reason),
    };
    (200, done)
}

/// Checks a captured payload against this crate's own JSON Schemas, typed parse and round trip.
pub fn check(body: &[u8]) -> contract::Report {
    contract::check::<Event>(body)
}
