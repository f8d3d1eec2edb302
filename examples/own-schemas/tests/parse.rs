//! The generated types build, parse a webhook and write its data back unchanged.

use serde_json::{json, Value};
use voucherify_own_schemas_example::parse;
use voucherify_own_schemas_example::webhooks::{Event, RedemptionResult, EVENT_TYPES};

#[test]
fn parses_a_redemption_and_writes_it_back() {
    let data = json!({
        "customer": {"id": "cust_1", "source_id": null, "email": "a@example.com"},
        "redemption": {"id": "r_1", "result": "SUCCESS", "amount": 1500, "channel": "API"},
        "voucher": {"code": "SUMMER"}
    });
    let body = json!({
        "id": "wh_1",
        "project_id": "proj_1",
        "type": "redemption.succeeded",
        "data": data,
    });
    let (envelope, event) = parse(body.to_string().as_bytes()).unwrap();
    assert_eq!(envelope.id, "wh_1");
    assert_eq!(envelope.extra["project_id"], "proj_1");
    let Some(Event::RedemptionSucceeded(redemption)) = &event else {
        panic!("not typed: {event:?}");
    };
    assert_eq!(redemption.redemption.result, RedemptionResult::Success);
    assert_eq!(redemption.redemption.amount, Some(1500));
    let customer = redemption.customer.as_ref().unwrap().as_ref().unwrap();
    // `source_id` may be absent or null: here it is present and null.
    assert_eq!(customer.source_id, Some(None));
    // Null stays null, unknown properties come back.
    assert_eq!(serde_json::to_value(event.unwrap()).unwrap(), data);
}

#[test]
fn a_newtype_event_and_an_unknown_event() {
    let body = br#"{"id": "wh_2", "type": "customer.created", "data": {"id": "cust_2"}}"#;
    let (_, event) = parse(body).unwrap();
    let event = event.unwrap();
    assert_eq!(event.event_type(), "customer.created");
    assert_eq!(event.rust_type(), "CustomerCreated");
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({"id": "cust_2"})
    );

    let body = br#"{"id": "wh_3", "type": "voucher.published", "data": {"voucher": {}}}"#;
    let (envelope, event) = parse(body).unwrap();
    assert!(event.is_none());
    assert_eq!(Value::Object(envelope.data), json!({"voucher": {}}));
}

#[test]
fn lists_its_events() {
    let types: Vec<&str> = EVENT_TYPES.iter().map(|(t, _, _)| *t).collect();
    assert_eq!(types, ["customer.created", "redemption.succeeded"]);
}

#[test]
fn a_view_of_the_crates_own_schemas_reads_a_webhook() {
    use voucherify_own_schemas_example::Redeemed;
    use voucherify_webhooks::View;

    let body = json!({
        "id": "whs_1",
        "project_id": "proj_1",
        "created_at": "2024-01-01T11:11:11.111Z",
        "type": "redemption.succeeded",
        "data": {"redemption": {"id": "r_1", "result": "FAILURE"}},
        "source": {"id": "wh_1", "object": "webhook"},
        "event": {"id": "ev_1", "type": "redemption.succeeded", "created_at": "2024-01-01T11:11:11.111Z", "group_id": "v-1", "event_source": {"channel": "API"}}
    });
    let redeemed = Redeemed::from_slice(body.to_string().as_bytes())
        .unwrap()
        .expect("a redemption");
    assert_eq!(redeemed.id, "r_1");
    assert_eq!(redeemed.result, RedemptionResult::Failure);
    assert_eq!(redeemed.amount, None);
}

#[test]
fn the_builder_wrote_json_schemas_that_validate_a_webhook() {
    let whole: Value = serde_json::from_str(include_str!(concat!(
        env!("OUT_DIR"),
        "/schemas/events/redemption.succeeded.json"
    )))
    .expect("JSON");
    assert_eq!(
        whole["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&whole)
        .expect("a valid schema");
    let mut body = json!({
        "id": "whs_1",
        "project_id": "proj_1",
        "created_at": "2024-01-01T11:11:11.111Z",
        "type": "redemption.succeeded",
        "data": {"redemption": {"id": "r_1", "result": "SUCCESS"}},
        "source": {"id": "wh_1", "object": "webhook"},
        "event": {"id": "ev_1", "type": "redemption.succeeded", "created_at": "2024-01-01T11:11:11.111Z", "group_id": "v-1", "event_source": {"channel": "API"}}
    });
    assert!(validator.is_valid(&body));
    body["data"]["redemption"]["id"] = json!(7);
    assert!(!validator.is_valid(&body));
}
