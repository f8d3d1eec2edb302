//! The JSON pointers of contract findings escape `~` and `/` in property names (`~0`, `~1`,
//! RFC 6901): a pointer that does not is another place, or none, in the payload. Each kind a
//! payload can reach with such a name under the built-in schemas is checked here.

use serde_json::{json, Value};
use voucherify_webhooks::contract::{check_data, Kind};
use voucherify_webhooks::{json_schema, sample};

fn sample_data(event_type: &str) -> Value {
    let schema = json_schema::data(event_type).expect("a schema");
    sample::value(&schema, 1)
}

/// Every violation and warning as (kind, pointer).
fn findings(event_type: &str, data: &Value) -> Vec<(Kind, String)> {
    let body = serde_json::to_vec(data).expect("serialises");
    let report = check_data(event_type, &body);
    report
        .violations
        .iter()
        .chain(&report.warnings)
        .map(|v| (v.kind, v.pointer.clone()))
        .collect()
}

fn assert_found(found: &[(Kind, String)], kind: Kind, pointer: &str) {
    assert!(
        found.contains(&(kind, pointer.to_string())),
        "{kind} at {pointer} not among {found:#?}"
    );
}

#[test]
fn names_in_a_map_are_escaped_in_type_null_and_drift_findings() {
    // `campaigns` maps the customer's campaign names (any text) to their loyalty.
    let mut data = sample_data("customer.created");
    data["customer"]["loyalty"] = json!({
        "points": 1,
        "referred_customers": 0,
        "campaigns": {
            "spring/2024~a": {"points": "7", "referred_customers": null, "note/x~y": 1}
        }
    });
    let found = findings("customer.created", &data);
    let at = "/customer/loyalty/campaigns/spring~12024~0a";
    assert_found(&found, Kind::WrongType, &format!("{at}/points"));
    assert_found(
        &found,
        Kind::NullNotAllowed,
        &format!("{at}/referred_customers"),
    );
    assert_found(
        &found,
        Kind::UndocumentedProperty,
        &format!("{at}/note~1x~0y"),
    );
}

#[test]
fn an_additional_property_names_itself_escaped() {
    // `gift` lists its properties and forbids others.
    let mut data = sample_data("voucher.created");
    data["campaign"] = json!({
        "voucher": {
            "type": "GIFT_VOUCHER",
            "redemption": {"quantity": null},
            "code_config": {},
            "gift": {"amount": 100, "bonus/extra~1": 5, "effect": "APPLY_TO_ORDER"}
        }
    });
    let found = findings("voucher.created", &data);
    assert_found(
        &found,
        Kind::AdditionalProperty,
        "/campaign/voucher/gift/bonus~1extra~01",
    );
}
