//! Checked views (`#[derive(View)]`) against real payloads: the project's own fixtures always,
//! and Voucherify's docs examples where `../shared` is present.
//!
//! That this file compiles is the pass half of the view tests: every struct below is checked
//! against the schemas (one or more views per event family, nested views, renamed fields,
//! `rename_all`, `default`, `flatten`, generated types inside views). The compile-fail half is
//! the trybuild suite of `voucherify-webhooks-macros`.

// Some fields are here to be checked against the schema, not read by a test.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use voucherify_contract_tests::{envelope, shared_dir};
use voucherify_webhooks::view::ViewError;
use voucherify_webhooks::{Map, SimpleOrderStatus, SimpleVoucherType, View, Webhook};

/// The example of the issue that asked for views.
#[derive(Debug, Deserialize, View)]
#[view(event = "redemption.succeeded", path = "/data/customer")]
struct RedeemingCustomer {
    id: Option<String>,
    email: Option<String>,
    #[serde(rename = "source_id")]
    external_id: Option<String>,
}

/// Nested views, a generated enum, a free-form object and an array of a nested view.
#[derive(Debug, Deserialize, View)]
#[view(event = "redemption.succeeded", path = "/data/order")]
struct PaidOrder {
    id: Option<String>,
    status: Option<SimpleOrderStatus>,
    amount: Option<i64>,
    total_amount: Option<serde_json::Number>,
    items: Option<Vec<OrderLine>>,
    metadata: Option<Map>,
}

/// A view of a named object, for nesting.
#[derive(Debug, Deserialize, View)]
#[view(object = "SimpleOrderItem")]
struct OrderLine {
    source_id: Option<String>,
    quantity: Option<i128>,
    price: Option<i64>,
    /// A string enum read as a plain string.
    related_object: Option<String>,
}

/// The whole `data`, holding an event view of another event (it reads the same object).
#[derive(Debug, Deserialize, View)]
#[view(event = "redemption.succeeded")]
struct Redeemed {
    created_at: Option<String>,
    voucher: Option<PublishedVoucher>,
    customer: Option<Value>,
}

/// `rename_all`, a raw identifier, a required property in a plain type, `default`.
#[derive(Debug, Deserialize, View)]
#[view(event = "voucher.published", path = "/data/voucher")]
#[serde(rename_all = "snake_case")]
struct PublishedVoucher {
    code: String,
    r#type: Option<SimpleVoucherType>,
    #[serde(default)]
    campaign_id: String,
    active: Option<bool>,
    discount: Option<Value>,
}

/// Loyalty of a created customer: required but nullable, a map of a nested object.
#[derive(Debug, Deserialize, View)]
#[view(event = "customer.created", path = "/data/customer")]
struct NewCustomer {
    id: Option<String>,
    email: Option<String>,
    loyalty: Option<Loyalty>,
    created_at: Option<String>,
    /// Everything else, kept: a flattened map reads the same object.
    #[serde(flatten)]
    rest: Map,
}

#[derive(Debug, Deserialize, View)]
#[view(object = "CustomerLoyalty")]
struct Loyalty {
    points: i64,
    referred_customers: i64,
    campaigns: BTreeMap<String, Value>,
}

#[derive(Debug, Deserialize, View)]
#[view(event = "campaign.deleted", path = "/data/campaign")]
struct DeletedCampaign {
    id: String,
    name: String,
    auto_join: bool,
    validity_day_of_week: Option<Vec<i64>>,
}

#[derive(Debug, Deserialize, View)]
#[view(event = "business_validation_rule.deleted")]
struct DeletedRule {
    deleted_at: Option<String>,
    rule: Option<RuleName>,
}

#[derive(Debug, Deserialize, View)]
#[view(object = "ValidationRule")]
struct RuleName {
    id: String,
    name: String,
}

#[derive(Debug, Deserialize, View)]
#[view(event = "publication.succeeded", path = "/data/voucher")]
struct PublicationVoucher {
    code: String,
    /// A flattened view of the same object.
    #[serde(flatten)]
    campaign: VoucherCampaign,
}

#[derive(Debug, Deserialize, View)]
#[view(object = "SimpleVoucher")]
struct VoucherCampaign {
    campaign: Option<String>,
    campaign_id: Option<String>,
}

/// A distribution event (its envelope names the event in `event.type`).
#[derive(Debug, Deserialize, View)]
#[view(event = "manual_distribution_schedule", path = "/data/distribution")]
struct Schedule {
    id: Option<String>,
    status: Option<String>,
    updated_at: Option<String>,
    distribution_channels: Option<Vec<Value>>,
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/payloads")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn webhook(name: &str) -> Webhook {
    Webhook::from_slice(&fixture(name)).expect("a webhook")
}

#[test]
fn the_issues_example_reads_the_redeeming_customer() {
    let customer = RedeemingCustomer::from_webhook(&webhook("redemption.succeeded.json"))
        .unwrap()
        .expect("a customer");
    assert_eq!(customer.id.as_deref(), Some("cust_fx01"));
    assert_eq!(customer.email, None);
    assert_eq!(customer.external_id.as_deref(), Some("ada-fixture"));
    assert_eq!(RedeemingCustomer::EVENT, "redemption.succeeded");
    assert_eq!(RedeemingCustomer::POINTER, "/data/customer");
    // From the bytes as well, in one step.
    let same = RedeemingCustomer::from_slice(&fixture("redemption.succeeded.json")).unwrap();
    assert_eq!(same.unwrap().id.as_deref(), Some("cust_fx01"));
}

#[test]
fn nested_views_read_arrays_and_generated_types() {
    let webhook = webhook("redemption.succeeded.json");
    let order = PaidOrder::from_webhook(&webhook)
        .unwrap()
        .expect("an order");
    assert_eq!(order.status, Some(SimpleOrderStatus::Paid));
    assert_eq!(order.amount, Some(12000));
    assert_eq!(
        order.total_amount.map(|n| n.to_string()).as_deref(),
        Some("10200")
    );
    let items = order.items.expect("items");
    assert_eq!(items[0].source_id.as_deref(), Some("mug-01"));
    assert_eq!((items[0].quantity, items[0].price), (Some(2), Some(6000)));
    assert_eq!(items[0].related_object.as_deref(), Some("product"));
    assert!(order.metadata.is_some());

    let redeemed = Redeemed::from_webhook(&webhook).unwrap().expect("data");
    let voucher = redeemed.voucher.expect("a voucher");
    assert_eq!(voucher.code, "FIX-2025");
    assert_eq!(voucher.r#type, Some(SimpleVoucherType::DiscountVoucher));
    assert_eq!(voucher.campaign_id, "camp_fx01");
    assert!(redeemed.customer.is_some());
}

#[test]
fn a_view_of_each_family_reads_its_fixture() {
    let voucher = PublishedVoucher::from_webhook(&webhook("voucher.published.json")).unwrap();
    assert_eq!(voucher.expect("a voucher").active, Some(true));

    let customer = NewCustomer::from_webhook(&webhook("customer.created.json"))
        .unwrap()
        .expect("a customer");
    assert_eq!(customer.email.as_deref(), Some("grace@example.com"));
    assert_eq!(customer.loyalty.expect("loyalty").points, 40);
    assert!(customer.rest.contains_key("summary"));

    // `/data/campaign` is null in this fixture: no view, and no error.
    assert!(
        DeletedCampaign::from_webhook(&webhook("campaign.deleted.json"))
            .unwrap()
            .is_none()
    );

    let rule = DeletedRule::from_webhook(&webhook("business_validation_rule.deleted.json"))
        .unwrap()
        .expect("data");
    assert!(rule.rule.is_none() && rule.deleted_at.is_some());

    let published = PublicationVoucher::from_webhook(&webhook("publication.succeeded.json"))
        .unwrap()
        .expect("a voucher");
    assert_eq!(published.code, "FIX-2025");
    assert_eq!(published.campaign.campaign_id.as_deref(), Some("camp_fx01"));

    let schedule =
        Schedule::from_webhook(&webhook("distribution.manual_distribution_schedule.json"))
            .unwrap()
            .expect("a distribution");
    assert_eq!(schedule.status.as_deref(), Some("DONE"));
    assert_eq!(schedule.updated_at, None);
}

#[test]
fn another_event_is_an_error_not_none() {
    let error = RedeemingCustomer::from_webhook(&webhook("customer.created.json")).unwrap_err();
    assert_eq!(
        error,
        ViewError::OtherEvent {
            expected: "redemption.succeeded",
            found: "customer.created".into(),
        }
    );
    assert_eq!(
        error.to_string(),
        "a `customer.created` webhook, not `redemption.succeeded`"
    );
    assert!(matches!(
        RedeemingCustomer::from_slice(b"not json"),
        Err(ViewError::NotAWebhook(_))
    ));
}

#[test]
fn a_payload_that_breaks_the_schema_names_the_place() {
    // `/data/order/amount` is the string "12000" here: the data is kept raw, and a view that
    // reads `amount` says where it failed; one that does not read it is unaffected.
    let webhook = webhook("mismatch.redemption.succeeded.json");
    let error = PaidOrder::from_webhook(&webhook).unwrap_err();
    let ViewError::Data(error) = error else {
        panic!("{error:?}")
    };
    assert_eq!(error.pointer, "/data/order/amount");
    assert_eq!(error.message, "expected integer, got string \"12000\"");
    let customer = RedeemingCustomer::from_webhook(&webhook).unwrap();
    assert_eq!(customer.unwrap().id.as_deref(), Some("cust_fx01"));
}

/// The docs example of `V::EVENT`, in an envelope of its channel, read by the view.
fn docs_example<V: View<Events = voucherify_webhooks::Event>>(
    shared: &Path,
) -> Result<Option<V>, ViewError> {
    let file = shared
        .join("payloads/docs-examples")
        .join(format!("{}__1.json", V::EVENT));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let data: Value = serde_json::from_str(&text).expect("JSON");
    let distribution = V::EVENT == "manual_distribution_schedule";
    let body = envelope("whs_view", V::EVENT, distribution, data);
    let body = serde_json::to_vec(&body).expect("an envelope serialises");
    let webhook = Webhook::from_slice(&body).expect("a webhook");
    V::from_webhook(&webhook)
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn every_view_reads_the_docs_example_of_its_event() {
    let shared = shared_dir();
    let customer = docs_example::<RedeemingCustomer>(&shared).unwrap();
    assert!(customer.expect("a customer").id.is_some());
    let order = docs_example::<PaidOrder>(&shared)
        .unwrap()
        .expect("an order");
    assert_eq!(order.id.as_deref(), Some("ord_3VYCHwdV0YOOch2nm1RsTKNI"));
    assert_eq!(order.status, Some(SimpleOrderStatus::Paid));
    assert_eq!(order.amount, Some(7000));
    assert_eq!(
        order.total_amount.map(|n| n.to_string()).as_deref(),
        Some("6000")
    );
    let items = order.items.expect("items");
    let lines: Vec<_> = items
        .iter()
        .map(|i| (i.source_id.as_deref(), i.quantity, i.price))
        .collect();
    assert_eq!(
        lines,
        [
            (Some("adv-mug"), Some(2), Some(1000)),
            (Some("star-th-bottle"), Some(2), Some(2500))
        ]
    );
    let redeemed = docs_example::<Redeemed>(&shared).unwrap().expect("data");
    assert_eq!(
        redeemed.voucher.expect("a voucher").code,
        "Always-add-prods-5"
    );
    assert_eq!(
        redeemed.created_at.as_deref(),
        Some("2024-01-15T12:20:38.636Z")
    );
    docs_example::<PublishedVoucher>(&shared)
        .unwrap()
        .expect("a voucher");
    let customer = docs_example::<NewCustomer>(&shared)
        .unwrap()
        .expect("a customer");
    assert_eq!(customer.loyalty.expect("loyalty").points, 0);
    let campaign = docs_example::<DeletedCampaign>(&shared)
        .unwrap()
        .expect("a campaign");
    assert_eq!(campaign.name, "Loyalty Spring");
    let rule = docs_example::<DeletedRule>(&shared).unwrap().expect("data");
    assert!(rule.rule.is_some());
    // This example has no `voucher` (the schema lets it be absent): no view, and no error.
    assert!(docs_example::<PublicationVoucher>(&shared)
        .unwrap()
        .is_none());
    let schedule = docs_example::<Schedule>(&shared)
        .unwrap()
        .expect("a distribution");
    assert_eq!(schedule.status.as_deref(), Some("TO SEND"));
}
