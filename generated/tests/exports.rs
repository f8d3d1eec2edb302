//! What the crate root exports: the generated types keep their names beside the runtime's
//! re-exports, and the crate's own event set is the runtime's default here.

use voucherify_webhooks::{EnvelopeSource, Event, EventSet, WebhookSource};

#[test]
fn the_envelope_types_are_the_generated_ones() {
    // A type annotation: `EnvelopeSource` must be the generated struct, not a runtime trait.
    let source: EnvelopeSource = serde_json::from_str(r#"{"object": "distribution"}"#).unwrap();
    assert_eq!(source.object(), Some("distribution"));
}

#[test]
fn the_crates_event_set_types_its_events() {
    let body = include_bytes!("../../tests/fixtures/payloads/redemption.succeeded.json");
    let webhook = voucherify_webhooks::Webhook::from_slice(body).unwrap();
    assert!(matches!(
        webhook.typed(),
        Some(Event::RedemptionSucceeded(_))
    ));
    assert!(Event::documents("redemption.succeeded"));
    assert!(!Event::documents("redemption.succeeded.later"));
}
