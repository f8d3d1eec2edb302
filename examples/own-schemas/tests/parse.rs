//! The generated types build, and the runtime serves them as it serves `voucherify-webhooks`:
//! dispatch on both channels, `receive`, contract checks and a view.

use voucherify_own_schemas_example::webhooks::{Event, RedemptionResult, EVENT_TYPES};
use voucherify_own_schemas_example::{check, handle, Redeemed, Webhook};
use voucherify_webhooks_runtime::serde_json::{self, json, Value};
use voucherify_webhooks_runtime::{signature, Channel, Data, Untyped, View};

fn envelope(r#type: &str, object: &str, event_type: &str, data: Value) -> Value {
    json!({
        "id": "whs_1",
        "project_id": "proj_1",
        "created_at": "2024-01-01T11:11:11.111Z",
        "type": r#type,
        "data": data,
        "source": {"id": "wh_1", "object": object},
        "event": {"id": "ev_1", "type": event_type, "created_at": "2024-01-01T11:11:11.111Z"}
    })
}

fn redemption() -> Value {
    envelope(
        "redemption.succeeded",
        "webhook",
        "redemption.succeeded",
        json!({
            "customer": {"id": "cust_1", "source_id": null, "email": "a@example.com"},
            "redemption": {"id": "r_1", "result": "SUCCESS", "amount": 1500, "channel": "API"}
        }),
    )
}

/// A distribution names its own event in `type`, here one that looks like another event.
fn segment_entered() -> Value {
    envelope(
        "redemption.succeeded",
        "distribution",
        "customer.segment.entered",
        json!({"customer": {"id": "cust_2"}, "segment": {"id": "seg_1", "name": "VIP"}}),
    )
}

#[test]
fn dispatches_a_project_settings_webhook_and_writes_it_back() {
    let body = redemption().to_string();
    let webhook = Webhook::from_slice(body.as_bytes()).unwrap();
    assert_eq!(webhook.channel(), Channel::ProjectSettings);
    let Data::Typed(Event::RedemptionSucceeded(redeemed)) = &webhook.data else {
        panic!("not typed: {:?}", webhook.data);
    };
    assert_eq!(redeemed.redemption.result, RedemptionResult::Success);
    let customer = redeemed.customer.as_ref().unwrap().as_ref().unwrap();
    // `source_id` may be absent or null: here it is present and null.
    assert_eq!(customer.source_id, Some(None));
    // Null stays null, unknown properties come back.
    assert_eq!(serde_json::to_value(&webhook).unwrap(), redemption());
}

#[test]
fn dispatches_a_distribution_on_its_event_type() {
    let body = segment_entered().to_string();
    let webhook = Webhook::from_slice(body.as_bytes()).unwrap();
    assert_eq!(webhook.channel(), Channel::Distribution);
    assert_eq!(webhook.event_type(), "customer.segment.entered");
    let Data::Typed(Event::CustomerSegmentEntered(entered)) = &webhook.data else {
        panic!("not typed: {:?}", webhook.data);
    };
    assert_eq!(entered.segment.id, "seg_1");
}

#[test]
fn an_unknown_event_is_kept_raw() {
    let body = envelope(
        "voucher.published",
        "webhook",
        "voucher.published",
        json!({"voucher": {}}),
    );
    let webhook = Webhook::from_slice(body.to_string().as_bytes()).unwrap();
    let Data::Raw(raw) = &webhook.data else {
        panic!("typed: {:?}", webhook.data);
    };
    assert_eq!(
        raw.reason,
        Untyped::UnknownEventType("voucher.published".into())
    );
}

#[test]
fn receives_signed_webhooks_and_refuses_the_rest() {
    let body = segment_entered().to_string();
    let header = signature::sign(b"secret", body.as_bytes());
    let (status, done) = handle(b"secret", body.as_bytes(), Some(&header));
    assert_eq!(
        (status, done.as_str()),
        (200, "cust_2 entered seg_1 (Distribution)")
    );
    assert_eq!(handle(b"other", body.as_bytes(), Some(&header)).0, 401);
    let header = signature::sign(b"secret", b"{}");
    assert_eq!(handle(b"secret", b"{}", Some(&header)).0, 400);
}

#[test]
fn checks_payloads_against_its_own_json_schemas() {
    let report = check(segment_entered().to_string().as_bytes());
    assert!(report.ok, "{report:?}");
    assert_eq!(
        report.event_type.as_deref(),
        Some("customer.segment.entered")
    );
    assert_eq!(report.typed, Some("CustomerSegmentEntered"));

    let mut wrong = redemption();
    wrong["data"]["redemption"]["id"] = json!(7);
    let report = check(wrong.to_string().as_bytes());
    assert!(!report.ok);
    assert_eq!(report.violations[0].pointer, "/data/redemption/id");
}

#[test]
fn a_view_of_the_crates_own_schemas_reads_a_webhook() {
    let mut body = redemption();
    body["data"]["redemption"] = json!({"id": "r_1", "result": "FAILURE"});
    let redeemed = Redeemed::from_slice(body.to_string().as_bytes())
        .unwrap()
        .expect("a redemption");
    assert_eq!(redeemed.id, "r_1");
    assert_eq!(redeemed.result, RedemptionResult::Failure);
    assert_eq!(redeemed.amount, None);
}

#[test]
fn lists_its_events() {
    let types: Vec<(&str, Channel)> = EVENT_TYPES.iter().map(|(t, c, _)| (*t, *c)).collect();
    assert_eq!(
        types,
        [
            ("customer.created", Channel::ProjectSettings),
            ("customer.segment.entered", Channel::Distribution),
            ("redemption.succeeded", Channel::ProjectSettings),
        ]
    );
}
