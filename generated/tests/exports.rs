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

/// Events whose data have one shape share one data type: one match arm takes them together,
/// each event keeps its variant, and the type lists exactly the events `EVENT_TYPES` gives it.
#[test]
fn events_of_one_data_shape_share_one_type() {
    use voucherify_webhooks::{
        Data, EventCampaignPromotionTier, RedemptionEvent, VoucherEvent, WebhookEvent, EVENT_TYPES,
    };

    fn listed<T: WebhookEvent>(rust_type: &str) {
        let events: Vec<(&str, voucherify_webhooks::Channel)> = T::EVENTS
            .iter()
            .map(|e| (e.event_type, e.channel))
            .collect();
        let table: Vec<(&str, voucherify_webhooks::Channel)> = EVENT_TYPES
            .iter()
            .filter(|(_, _, t)| *t == rust_type)
            .map(|(e, c, _)| (*e, *c))
            .collect();
        assert_eq!(events, table, "{rust_type}");
        assert!(T::EVENTS.iter().all(|e| e.docs.starts_with("https://")));
    }
    listed::<VoucherEvent>("VoucherEvent");
    listed::<RedemptionEvent>("RedemptionEvent");
    listed::<EventCampaignPromotionTier>("EventCampaignPromotionTier");
    assert_eq!(VoucherEvent::EVENTS.len(), 5);

    let body = include_bytes!("../../tests/fixtures/payloads/redemption.succeeded.json");
    let webhook = voucherify_webhooks::Webhook::from_slice(body).unwrap();
    let Data::Typed(event) = &webhook.data else {
        panic!("typed");
    };
    let redemption: &RedemptionEvent = match event {
        Event::RedemptionSucceeded(data) | Event::RedemptionFailed(data) => data,
        other => panic!("{}", other.event_type()),
    };
    assert_eq!(event.event_type(), "redemption.succeeded");
    assert_eq!(event.rust_type(), "RedemptionEvent");
    let sent: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(serde_json::to_value(redemption).unwrap(), sent["data"]);
}
