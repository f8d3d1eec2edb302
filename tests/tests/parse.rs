//! Real payloads against the generated types: every one of a known event is typed as that
//! event and round-trips to equal JSON; everything else is kept or refused as documented.

use std::path::Path;

use serde_json::Value;
use voucherify_contract_tests::{envelope, event_type_of, json_files, shared_dir};
use voucherify_webhooks::{Channel, Data, ParseError, Untyped, Webhook, EVENT_TYPES};

/// One line per payload, the same facts as `voucherify-webhooks parse` prints.
fn outcome(body: &[u8]) -> String {
    match Webhook::from_slice(body) {
        Err(e) => format!("refused: {e}"),
        Ok(webhook) => {
            let back = serde_json::to_value(&webhook).expect("serialises");
            let original: Value = serde_json::from_slice(body).expect("JSON");
            let round_trip = if back == original {
                "round-trips"
            } else {
                "DOES NOT ROUND-TRIP"
            };
            let head = format!(
                "{} via {} ({round_trip})",
                webhook.event_type(),
                webhook.channel()
            );
            match &webhook.data {
                Data::Typed(event) => format!("{head}: typed as {}", event.rust_type()),
                Data::Raw(raw) => format!("{head}: kept raw: {}", raw.reason),
            }
        }
    }
}

/// The outcome of every payload of a folder, a line each, named by file.
fn report(dir: &Path) -> String {
    let lines: Vec<String> = json_files(dir)
        .iter()
        .map(|path| {
            let body = std::fs::read(path).expect("readable");
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            format!("{name}: {}", outcome(&body))
        })
        .collect();
    lines.join("\n")
}

#[test]
fn the_projects_own_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    insta::assert_snapshot!(report(&dir));
}

fn distribution_sends(event_type: &str) -> bool {
    EVENT_TYPES
        .iter()
        .any(|(t, channel, _)| *t == event_type && *channel == Channel::Distribution)
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn every_docs_example_in_an_envelope_is_typed_as_its_event_and_round_trips() {
    let shared = shared_dir();
    let files = json_files(&shared.join("payloads/docs-examples"));
    assert_eq!(files.len(), 72);
    let mut failures = Vec::new();
    for path in &files {
        let event_type = event_type_of(path);
        let data: Value =
            serde_json::from_slice(&std::fs::read(path).expect("readable")).expect("JSON");
        // Events of both channels are tried in both envelopes.
        let both = EVENT_TYPES
            .iter()
            .any(|(t, c, _)| *t == event_type && *c == Channel::Both);
        let channels: &[bool] = if both {
            &[false, true]
        } else {
            &[distribution_sends(&event_type)]
        };
        for &distribution in channels {
            let envelope = envelope("whs_docs", &event_type, distribution, data.clone());
            let (bytes, body) = (envelope.to_vec(), envelope.to_value());
            let webhook = match Webhook::from_slice(&bytes) {
                Ok(webhook) => webhook,
                Err(e) => {
                    failures.push(format!("{}: refused: {e}", path.display()));
                    continue;
                }
            };
            match &webhook.data {
                Data::Typed(event) if event.event_type() == event_type => {}
                Data::Typed(event) => failures.push(format!(
                    "{}: typed as {}",
                    path.display(),
                    event.event_type()
                )),
                Data::Raw(raw) => {
                    failures.push(format!("{}: kept raw: {}", path.display(), raw.reason))
                }
            }
            if serde_json::to_value(&webhook).expect("serialises") != body {
                failures.push(format!("{}: does not round-trip", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads): its snapshot is not compared"
)]
fn the_docs_envelopes() {
    let shared = shared_dir();
    insta::assert_snapshot!(report(&shared.join("payloads/docs-envelopes")));
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn legacy_v2018_webhooks_are_refused_as_such() {
    let shared = shared_dir();
    let files = json_files(&shared.join("payloads/legacy-v2018-08-01"));
    assert!(!files.is_empty());
    for path in files {
        let body = std::fs::read(&path).expect("readable");
        assert_eq!(
            Webhook::from_slice(&body),
            Err(ParseError::LegacyV2018),
            "{}",
            path.display()
        );
    }
}

#[test]
fn unknown_data_keeps_every_byte_of_meaning() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    let body = std::fs::read(dir.join("unknown-event.campaign.earning_rule.created.json"))
        .expect("fixture");
    let webhook = Webhook::from_slice(&body).expect("an envelope");
    let Data::Raw(raw) = &webhook.data else {
        panic!("typed an unknown event")
    };
    assert_eq!(
        raw.reason,
        Untyped::UnknownEventType("campaign.earning_rule.created".into())
    );
    assert_eq!(raw.value["earning_rule"]["id"], "ern_fx01");
}

#[test]
fn the_generic_deserialize_agrees_with_from_slice() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    for path in json_files(&dir) {
        let body = std::fs::read(&path).expect("readable");
        let Ok(fast) = Webhook::from_slice(&body) else {
            continue;
        };
        let value: Value = serde_json::from_slice(&body).expect("JSON");
        let generic: Webhook = serde_json::from_value(value).expect("an envelope");
        assert_eq!(fast, generic, "{}", path.display());
    }
}

/// The one-pass reading takes `type` for the event type when it comes before `data`; a
/// distribution whose user-chosen name happens to be another event type must still be typed
/// by `event.type`, and an envelope with `data` first must read the same.
#[test]
fn dispatch_does_not_depend_on_property_order_or_a_misleading_name() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    let body = std::fs::read(dir.join("distribution.customer.order.paid.json")).expect("fixture");
    let mut value: Value = serde_json::from_slice(&body).expect("JSON");
    value["type"] = Value::String("voucher.published".into());
    // `serde_json::Value` sorts keys: `data` now comes before `type`.
    let sorted = serde_json::to_vec(&value).expect("JSON");
    // And the wire order again, with the misleading name first.
    let text = String::from_utf8(body)
        .expect("UTF-8")
        .replace("\"Order paid - notify CRM\"", "\"voucher.published\"");
    for bytes in [sorted, text.into_bytes()] {
        let webhook = Webhook::from_slice(&bytes).expect("an envelope");
        assert_eq!(webhook.event_type(), "customer.order.paid");
        assert_eq!(webhook.r#type, "voucher.published");
        assert_eq!(
            webhook.typed().map(|e| e.event_type()),
            Some("customer.order.paid")
        );
        assert_eq!(serde_json::to_value(&webhook).expect("serialises"), value);
    }
}
