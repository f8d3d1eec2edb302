//! The derives on hand-written types: losslessness, absent vs null, open enums, unions, and
//! error pointers. (The generated types are tested against real payloads elsewhere.)

use serde_json::{json, Value};
use voucherify_webhooks::{parse_event, Map, Object, StringEnum, Union, WebhookEvent};

#[derive(Clone, Debug, PartialEq, Object, WebhookEvent)]
#[wire(
    event = "test.order.paid",
    channel = "distribution",
    docs = "https://example.invalid/docs"
)]
struct Order {
    id: String,
    #[wire(rename = "type")]
    r#type: Option<OrderStatus>,
    #[wire(optional)]
    amount: Option<i64>,
    #[wire(optional)]
    referrer_id: Option<Option<String>>,
    customer_id: Option<String>,
    #[wire(optional)]
    items: Option<Vec<Item>>,
    #[wire(optional)]
    discount: Option<Discount>,
    #[wire(extra)]
    extra: Map,
}

#[derive(Clone, Debug, PartialEq, Object)]
struct Item {
    quantity: i64,
    #[wire(extra)]
    extra: Map,
}

#[derive(Clone, Debug, PartialEq, Object)]
struct Renamed(Item);

#[derive(Clone, Debug, PartialEq, Eq, Hash, StringEnum)]
#[non_exhaustive]
enum OrderStatus {
    #[wire(rename = "PAID")]
    Paid,
    #[wire(rename = "ROLLED BACK")]
    RolledBack,
    #[wire(other)]
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Eq, StringEnum)]
enum Closed {
    #[wire(rename = "ONLY")]
    Only,
}

#[derive(Clone, Debug, PartialEq, Object)]
struct Amount {
    #[wire(rename = "type")]
    kind: String,
    amount_off: i64,
    #[wire(extra)]
    extra: Map,
}

#[derive(Clone, Debug, PartialEq, Union)]
#[wire(tag = "type")]
enum Discount {
    #[wire(rename = "AMOUNT")]
    Amount(Box<Amount>),
    #[wire(other)]
    Other(Value),
}

/// Parses `value` on both of serde's paths, which the derives implement apart: owned strings
/// (`from_value`, `visit_string`) and strings borrowed from the body (`from_slice`, as
/// `Webhook::from_slice` reads real bodies: `visit_borrowed_str`, borrowed keys). Both must
/// give the same value; it is then written back.
fn round_trip<T>(value: Value) -> (T, Value)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let body = serde_json::to_vec(&value).expect("serialises");
    let borrowed: T = serde_json::from_slice(&body).expect("parses borrowed");
    let owned: T = serde_json::from_value(value).expect("parses owned");
    assert_eq!(owned, borrowed, "the owned and borrowed paths disagree");
    let tracked: T = parse_event(&body).expect("parses as an event's data");
    assert_eq!(tracked, borrowed, "parse_event disagrees");
    let back = serde_json::to_value(&borrowed).expect("serialises");
    (borrowed, back)
}

#[test]
fn absent_stays_absent_and_null_stays_null() {
    let absent = json!({"id": "ord_1", "type": null, "customer_id": null});
    let (order, back) = round_trip::<Order>(absent.clone());
    assert_eq!(order.referrer_id, None);
    assert_eq!(order.r#type, None);
    assert_eq!(back, absent);

    let null = json!({"id": "ord_1", "type": "PAID", "customer_id": "c", "referrer_id": null});
    let (order, back) = round_trip::<Order>(null.clone());
    assert_eq!(order.referrer_id, Some(None));
    assert_eq!(order.r#type, Some(OrderStatus::Paid));
    assert_eq!(back, null);
}

#[test]
fn unknown_properties_and_values_are_kept() {
    let body = json!({
        "id": "ord_1", "type": "REFUNDED", "customer_id": null,
        "items": [{"quantity": 2, "sku": {"id": "sku_1"}}],
        "brand_new": [1, 2, {"x": null}],
    });
    let (order, back) = round_trip::<Order>(body.clone());
    assert_eq!(order.r#type, Some(OrderStatus::Other("REFUNDED".into())));
    assert_eq!(order.extra["brand_new"], json!([1, 2, {"x": null}]));
    assert_eq!(
        order.items.as_ref().unwrap()[0].extra["sku"],
        json!({"id": "sku_1"})
    );
    assert_eq!(back, body);
}

#[test]
fn a_required_property_may_not_be_missing() {
    let err = parse_event::<Order>(br#"{"type": null}"#).unwrap_err();
    assert_eq!(err.to_string(), "/: missing required property `id`");
    let err = parse_event::<Order>(br#"{"id": "a", "type": null}"#).unwrap_err();
    assert_eq!(err.message, "missing required property `customer_id`");
}

#[test]
fn errors_name_the_pointer_and_the_expected_type() {
    let body = br#"{"id": "a", "type": null, "customer_id": null, "items": [{"quantity": 1}, {"quantity": "2"}]}"#;
    let err = parse_event::<Order>(body).unwrap_err();
    assert_eq!(err.pointer, "/items/1/quantity");
    assert_eq!(err.message, "expected integer, got string \"2\"");
}

/// A key given twice is refused with one message, whether the struct lists it, keeps it in
/// `extra`, or finds it in a free-form object; before, only a listed one was refused.
#[test]
fn a_property_given_twice_is_an_error() {
    for (body, pointer) in [
        (
            &br#"{"id": "a", "id": "b", "type": null, "customer_id": null}"#[..],
            "",
        ),
        (
            br#"{"id": "a", "new": 1, "new": 2, "type": null, "customer_id": null}"#,
            "",
        ),
        (
            br#"{"id": "a", "type": null, "customer_id": null, "metadata": {"k": 1, "k": 1}}"#,
            "/metadata",
        ),
    ] {
        let err = parse_event::<Order>(body).unwrap_err();
        assert!(
            err.message
                .starts_with("a key given twice in one object: `"),
            "{err:?}"
        );
        assert_eq!(err.pointer, pointer, "{err:?}");
    }
}

#[test]
fn enums_read_and_write_their_wire_values() {
    assert_eq!(
        OrderStatus::from_wire("ROLLED BACK"),
        Ok(OrderStatus::RolledBack)
    );
    assert_eq!(OrderStatus::RolledBack.as_str(), "ROLLED BACK");
    assert_eq!(OrderStatus::Other("X".into()).to_string(), "X");
    assert_eq!(OrderStatus::VALUES, &["PAID", "ROLLED BACK"]);
    assert_eq!(
        serde_json::to_value(OrderStatus::Paid).unwrap(),
        json!("PAID")
    );
    // Without an `other` variant an unknown value is an error that lists the known ones, on
    // both paths.
    let err = serde_json::from_value::<Closed>(json!("MORE")).unwrap_err();
    assert_eq!(err.to_string(), "unknown variant `MORE`, expected `ONLY`");
    let err = serde_json::from_slice::<Closed>(br#""MORE""#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown variant `MORE`, expected `ONLY` at line 1 column 6"
    );
    assert_eq!(
        serde_json::from_value::<Closed>(json!("ONLY")).unwrap(),
        Closed::Only
    );
    assert_eq!(
        serde_json::from_slice::<Closed>(br#""ONLY""#).unwrap(),
        Closed::Only
    );
}

#[test]
fn open_enums_keep_unlisted_values_on_the_owned_and_the_borrowed_path() {
    for (wire, expected) in [
        ("PAID", OrderStatus::Paid),
        ("ROLLED BACK", OrderStatus::RolledBack),
        ("REFUNDED", OrderStatus::Other("REFUNDED".into())),
        ("paid", OrderStatus::Other("paid".into())),
        ("", OrderStatus::Other(String::new())),
    ] {
        let (status, back) = round_trip::<OrderStatus>(json!(wire));
        assert_eq!(status, expected, "{wire:?}");
        assert_eq!(back, json!(wire));
        // An escaped string is decoded into an owned buffer even by `from_slice`.
        let escaped = format!("\"{}\\u0021\"", wire);
        let status: OrderStatus = serde_json::from_str(&escaped).expect("parses escaped");
        assert_eq!(status.as_str(), format!("{wire}!"));
    }
    // Inside an object, an array and a union member: each derive on both paths.
    let body = json!({
        "id": "ord_1", "type": "REFUNDED", "customer_id": null,
        "items": [{"quantity": 1, "status": "NEW"}],
        "discount": {"type": "FIXED", "fixed": 5},
        "unlisted": "kept",
    });
    let (order, back) = round_trip::<Order>(body.clone());
    assert_eq!(order.r#type, Some(OrderStatus::Other("REFUNDED".into())));
    assert_eq!(
        order.discount,
        Some(Discount::Other(body["discount"].clone()))
    );
    assert_eq!(order.extra["unlisted"], "kept");
    assert_eq!(back, body);
}

#[test]
fn unions_dispatch_on_their_tag_and_keep_the_unknown() {
    let known = json!({"type": "AMOUNT", "amount_off": 100, "effect": "APPLY_TO_ORDER"});
    let (discount, back) = round_trip::<Discount>(known.clone());
    let Discount::Amount(amount) = &discount else {
        panic!("expected AMOUNT: {discount:?}")
    };
    assert_eq!(amount.amount_off, 100);
    assert_eq!(back, known);

    for other in [
        json!({"type": "PERCENT", "percent_off": 5}),
        json!({"no_tag": true}),
        json!(3),
    ] {
        let (discount, back) = round_trip::<Discount>(other.clone());
        assert_eq!(discount, Discount::Other(other.clone()));
        assert_eq!(back, other);
    }
}

#[test]
fn an_error_inside_a_union_member_has_the_full_pointer() {
    let body = br#"{"id": "a", "type": null, "customer_id": null, "discount": {"type": "AMOUNT", "amount_off": "1"}}"#;
    let err = parse_event::<Order>(body).unwrap_err();
    assert_eq!(err.pointer, "/discount/amount_off");
    assert_eq!(err.message, "expected integer, got string \"1\"");
}

#[test]
fn a_newtype_is_transparent() {
    let (renamed, back) = round_trip::<Renamed>(json!({"quantity": 3, "x": 1}));
    assert_eq!(renamed.0.quantity, 3);
    assert_eq!(back, json!({"quantity": 3, "x": 1}));
}

/// The data of two events, written out of order: the trait lists them sorted, each with the
/// channel and docs of its own attribute.
#[derive(Clone, Debug, PartialEq, Object, WebhookEvent)]
#[wire(
    event = "test.thing.updated",
    channel = "project_settings",
    docs = "https://example.invalid/updated"
)]
#[wire(event = "test.thing.created", channel = "both")]
struct Thing {
    id: String,
    #[wire(extra)]
    extra: Map,
}

#[test]
fn the_event_trait_carries_the_wire_facts() {
    use voucherify_webhooks::{Channel, EventKind};
    assert_eq!(
        Order::EVENTS,
        [EventKind {
            event_type: "test.order.paid",
            channel: Channel::Distribution,
            docs: "https://example.invalid/docs",
        }]
    );
    assert_eq!(
        Thing::EVENTS,
        [
            EventKind {
                event_type: "test.thing.created",
                channel: Channel::Both,
                docs: "",
            },
            EventKind {
                event_type: "test.thing.updated",
                channel: Channel::ProjectSettings,
                docs: "https://example.invalid/updated",
            },
        ]
    );
}

/// A hand-written struct may hold types the runtime does not read itself (`u8`, a `HashMap`,
/// a newtype of the user's own): those are read by their own `Deserialize`, while its listed
/// and extra properties still refuse a key given twice.
#[derive(Clone, Debug, PartialEq, Object)]
struct OwnTypes {
    small: u8,
    #[wire(optional)]
    counts: Option<std::collections::HashMap<String, u16>>,
    #[wire(extra)]
    extra: Map,
}

#[test]
fn fields_of_the_users_own_types_are_read_by_their_own_deserialize() {
    let read =
        parse_event::<OwnTypes>(br#"{"small": 7, "counts": {"a": 1}, "x": true}"#).expect("reads");
    assert_eq!(read.small, 7);
    assert_eq!(read.counts.as_ref().and_then(|c| c.get("a")), Some(&1));
    assert_eq!(read.extra["x"], json!(true));
    let err = parse_event::<OwnTypes>(br#"{"small": 300}"#).unwrap_err();
    assert_eq!(err.pointer, "/small", "{err:?}");
    for twice in [
        &br#"{"small": 1, "small": 2}"#[..],
        br#"{"small": 1, "x": 1, "x": 2}"#,
    ] {
        let err = parse_event::<OwnTypes>(twice).unwrap_err();
        assert!(err.message.contains("given twice"), "{err:?}");
    }
}
