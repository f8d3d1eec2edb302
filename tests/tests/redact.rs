//! With `redact-debug` on, the `Debug` output of a parsed webhook names no customer: no email
//! address, phone number or person's name from the payload appears in it, on every docs example
//! and every typed fixture.
#![cfg(feature = "redact-debug")]

use std::path::Path;

use serde_json::Value;
use voucherify_contract_tests::{docs_example_envelopes, json_files, UNTYPED_FIXTURES};
use voucherify_webhooks::Webhook;

/// Keys whose string values are personal wherever they are.
const CONTACT_KEYS: [&str; 2] = ["email", "phone"];
/// Keys whose string values are a person's name inside a customer (elsewhere `name` names a
/// campaign or a category, which other properties repeat, as `category`).
const NAME_KEYS: [&str; 3] = ["name", "first_name", "last_name"];

/// Every non-empty email, phone and customer name string in `value`; `in_customer` says the
/// value sits in a customer (under a key that names one, or an object `"object": "customer"`).
fn personal_strings(value: &Value, in_customer: bool, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let customer =
                in_customer || map.get("object").and_then(Value::as_str) == Some("customer");
            for (key, value) in map {
                let personal = CONTACT_KEYS.contains(&key.as_str())
                    || (customer && NAME_KEYS.contains(&key.as_str()));
                match value {
                    Value::String(s) if personal && !s.is_empty() => found.push(s.clone()),
                    _ => personal_strings(value, customer || key.contains("customer"), found),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| personal_strings(v, in_customer, found)),
        _ => {}
    }
}

/// Parses `body` and returns how many personal strings it held; panics, naming `name`, on one
/// that the `Debug` output shows.
fn check(name: &str, body: &[u8]) -> usize {
    let webhook = Webhook::from_slice(body).unwrap_or_else(|e| panic!("{name}: {e}"));
    let json: Value = serde_json::from_slice(body).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut found = Vec::new();
    personal_strings(&json, false, &mut found);
    let debug = format!("{webhook:?}");
    for s in &found {
        assert!(
            !debug.contains(s.as_str()),
            "{name}: `{s}` appears in the Debug output:\n{debug}"
        );
    }
    assert!(debug.contains("<redacted>") || found.is_empty(), "{name}");
    found.len()
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn docs_examples_debug_shows_no_personal_data() {
    let mut checked = 0;
    for (name, body) in docs_example_envelopes("whs_redact") {
        checked += check(&name, &body);
    }
    assert!(
        checked > 50,
        "only {checked} personal strings in the docs examples"
    );
}

#[test]
fn fixtures_debug_shows_no_personal_data() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    let mut checked = 0;
    for path in json_files(&dir) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if UNTYPED_FIXTURES.contains(&name) {
            continue;
        }
        let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        checked += check(&path.display().to_string(), &body);
    }
    assert!(checked > 0, "no personal strings in the fixtures");
}

#[test]
fn redacted_fields_keep_their_option_shape_and_ids() {
    // An `Option` keeps its `Some`, the value is hidden; the ids stay.
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads/customer.created.json");
    let body = std::fs::read(&path).unwrap();
    let debug = format!("{:?}", Webhook::from_slice(&body).unwrap());
    for shown in [
        "id: Some(\"cust_fx02\")",
        "email: Some(<redacted>)",
        "address: Some(Some(<redacted>))",
        "phone: None",
    ] {
        assert!(debug.contains(shown), "{shown} is not in {debug}");
    }
    assert!(!debug.contains("grace@example.com"), "{debug}");
}
