//! Bodies built to hurt: deep nesting, size, odd bytes. Each is an error or a kept value,
//! never a panic, a stack overflow, or a value changed to fit.

use voucherify_contract_tests::envelope;
use voucherify_webhooks::contract::{self, Kind};
use voucherify_webhooks::signature::{self, SignatureError};
use voucherify_webhooks::{Data, ParseError, ReceiveError, Webhook};

fn nested(depth: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(depth * 6 + 2);
    for _ in 0..depth {
        body.extend_from_slice(b"{\"a\":");
    }
    body.extend_from_slice(b"1");
    body.extend(std::iter::repeat_n(b'}', depth));
    body
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let body = nested(100_000);
    assert!(matches!(
        Webhook::from_slice(&body),
        Err(ParseError::Unrepresentable { .. })
    ));
    assert_eq!(
        refusal(&contract::check(&body)),
        Some(Kind::Unrepresentable)
    );
    // Deep data within serde_json's limit, inside a real envelope: kept as the object it is
    // (its data does not fit the event), and the checker checks it rather than refusing it.
    let mut data =
        serde_json::from_slice::<serde_json::Value>(&nested(100)).expect("within the limit");
    data["customer"] = "not an object".into();
    let body = envelope("whs_deep", "redemption.succeeded", false, data.clone()).to_vec();
    let webhook = Webhook::from_slice(&body).expect("an envelope within the limit");
    match &webhook.data {
        Data::Raw(raw) => assert_eq!(raw.value, data),
        Data::Typed(_) => panic!("a string customer is no redemption"),
    }
    let report = contract::check(&body);
    assert_eq!(refusal(&report), None, "{:?}", report.violations);
    assert_eq!(report.event_type.as_deref(), Some("redemption.succeeded"));
    assert_eq!(report.round_trip, Some(true));
}

/// The kind of a report that refused the whole body, if it did.
fn refusal(report: &contract::Report) -> Option<Kind> {
    report
        .violations
        .iter()
        .map(|v| v.kind)
        .find(|k| matches!(k, Kind::NotJson | Kind::Unrepresentable))
}

/// The typed parse, `receive`, the raw fallback and the checker agree on `body`: typed, or
/// kept as the JSON value it is, or refused by all with the same reason. Returns the parse.
fn agree(body: &[u8]) -> Result<Webhook, ParseError> {
    let shown = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
    let parsed = Webhook::from_slice(body);
    let received = Webhook::receive(b"k", body, Some(&signature::sign(b"k", body)));
    let report = contract::check(body);
    match (&parsed, serde_json::from_slice::<serde_json::Value>(body)) {
        (Ok(webhook), Ok(value)) => {
            assert_eq!(received.as_ref().ok(), Some(webhook), "{shown}");
            assert_eq!(
                serde_json::to_value(webhook).expect("serialises"),
                value,
                "{shown}"
            );
            if let Data::Raw(raw) = &webhook.data {
                assert_eq!(raw.value, value["data"], "data kept as it is: {shown}");
            }
            assert_eq!(refusal(&report), None, "{:?}: {shown}", report.violations);
        }
        (Err(e), Err(_)) => {
            assert_eq!(received, Err(ReceiveError::Payload(e.clone())), "{shown}");
            assert_eq!(report.violations.len(), 1, "{:?}", report.violations);
            assert_eq!(report.violations[0].message, e.to_string(), "{shown}");
            assert!(refusal(&report).is_some(), "{shown}");
        }
        (parsed, value) => panic!("the parse says {parsed:?}, serde_json {value:?}: {shown}"),
    }
    parsed
}

/// Found by the `webhook_from_slice` fuzz target: JSON that is no envelope, followed by text
/// that is not JSON, was called "not an envelope" by the parse and "not JSON" by the checker.
#[test]
fn trailing_text_after_a_non_envelope_is_not_json_everywhere() {
    for body in [
        &b"\":\"obh{t {}}\n"[..],
        b"[1] x",
        br#"{"id": 5} {"#,
        br#"{"id": 5, "x": "\ud83d"}"#,
    ] {
        let parsed = agree(body);
        assert!(
            matches!(
                parsed,
                Err(ParseError::Json { .. } | ParseError::Unrepresentable { .. })
            ),
            "{}: {parsed:?}",
            String::from_utf8_lossy(body)
        );
    }
    // A whole JSON value that is no envelope stays `NotAnEnvelope`.
    let body = br#"":" "#;
    assert!(matches!(
        Webhook::from_slice(body),
        Err(ParseError::NotAnEnvelope(_))
    ));
    assert_eq!(refusal(&contract::check(body)), None);
}

/// `body` with the text `placeholder` replaced by `text`.
fn with(body: &[u8], placeholder: &str, text: &[u8]) -> Vec<u8> {
    let body = String::from_utf8(body.to_vec()).expect("UTF-8");
    let text = std::str::from_utf8(text).expect("UTF-8");
    assert!(body.contains(placeholder), "{placeholder} in {body}");
    body.replacen(placeholder, text, 1).into_bytes()
}

#[test]
fn json_that_a_value_cannot_hold_is_refused_alike_everywhere() {
    let data = serde_json::json!({"customer": {"name": "HERE", "id": "cust_1"}});
    for (event_type, distribution) in [
        ("redemption.succeeded", false),
        ("redemption.succeeded", true),
        ("campaign.earning_rule.created", false),
    ] {
        let template = envelope("whs_odd", event_type, distribution, data.clone()).to_vec();
        for (text, refused) in [
            (&br#""Ann \ud83d""#[..], true),
            (br#""Ann \udc00 end""#, true),
            (br#""\ud83d\u0041""#, true),
            (b"1e309", true),
            (b"-1e400", true),
            (br#""Ann \ud83d\ude00""#, false),
            (b"1e-400", false),
            (b"123456789012345678901234567890", false),
        ] {
            let body = with(&template, "\"HERE\"", text);
            let parsed = agree(&body);
            assert_eq!(
                matches!(parsed, Err(ParseError::Unrepresentable { .. })),
                refused,
                "{} in {event_type}: {parsed:?}",
                String::from_utf8_lossy(text)
            );
        }
    }
}

#[test]
fn depth_is_counted_from_the_envelope_on_every_path() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    let redemption = std::fs::read(fixtures.join("redemption.succeeded.json")).expect("fixture");
    let distribution =
        std::fs::read(fixtures.join("distribution.customer.rewarded.json")).expect("fixture");
    let reordered = |text: &[u8]| {
        // A `Value` writes its keys sorted: `data` before `type`, the path that reads twice.
        let mut value: serde_json::Value = serde_json::from_slice(text).expect("fixture");
        value["data"]["deep"] = "DEEP".into();
        serde_json::to_vec(&value).expect("serialises")
    };
    let data = serde_json::json!({"deep": "DEEP", "customer": "not an object"});
    let cases: [(&str, Vec<u8>); 5] = [
        (
            "typed at once",
            with(&redemption, "\"data\": {", br#""data": {"deep": "DEEP","#),
        ),
        ("typed, type after data", reordered(&redemption)),
        ("a distribution", reordered(&distribution)),
        (
            "a mismatch",
            envelope("whs_deep", "redemption.succeeded", false, data.clone()).to_vec(),
        ),
        (
            "an unknown event type",
            envelope("whs_deep", "campaign.earning_rule.created", false, data).to_vec(),
        ),
    ];
    for (case, template) in cases {
        let (mut kept, mut refused) = (0, 0);
        for depth in 118..=130 {
            let body = with(&template, "\"DEEP\"", &nested(depth));
            match agree(&body) {
                Ok(webhook) => {
                    let typed = case.starts_with("typed") || case == "a distribution";
                    assert_eq!(webhook.typed().is_some(), typed, "{case}");
                    kept += 1;
                }
                Err(ParseError::Unrepresentable { message, .. }) => {
                    assert!(message.contains("128 levels"), "{message}");
                    refused += 1;
                }
                Err(e) => panic!("{case}, depth {depth}: {e}"),
            }
        }
        assert!(
            kept > 0 && refused > 0,
            "{case}: the depths cross the limit"
        );
    }
}

#[test]
fn a_large_body_is_parsed_and_kept() {
    // About 2 MB of data of an event without a schema: kept raw and written back whole.
    let items: Vec<serde_json::Value> = (0..50_000)
        .map(|i| serde_json::json!({"sku": format!("sku-{i}"), "quantity": i}))
        .collect();
    let body = envelope(
        "whs_big",
        "campaign.earning_rule.created",
        false,
        serde_json::json!({"items": items}),
    )
    .to_vec();
    assert!(body.len() > 1_500_000);
    let webhook = Webhook::from_slice(&body).expect("an envelope");
    assert_eq!(
        serde_json::to_vec(&webhook).expect("serialises").len(),
        body.len()
    );
}

#[test]
fn odd_bytes_are_refused_with_a_reason() {
    for body in [
        &b""[..],
        b"\xff\xfe",
        b"null",
        b"[]",
        b"\"whs\"",
        b"{\"id\": 1}",
        b"{} {}",
    ] {
        let refused = Webhook::from_slice(body).expect_err("not a webhook");
        assert!(!refused.to_string().is_empty());
        assert!(!contract::check(body).ok);
        // Signatures of anything are computed and compared: a well-formed signature reaches
        // the HMAC, which tells the right one from another secret's.
        assert_eq!(
            signature::verify(b"k", body, &signature::sign(b"another", body)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            signature::verify(b"k", body, &signature::sign(b"k", body)),
            Ok(())
        );
    }
}

/// Where a report found what, in order.
fn found(report: &contract::Report) -> Vec<(&str, Kind)> {
    report
        .violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.kind))
        .collect()
}

/// An object that gives a key twice is refused on every path, wherever the object is: a map
/// holds one value per key, and keeping either copy would change the body without a word.
/// Before, the parse kept the last copy in typed data, in the envelope's complete copies and
/// in every free-form object, and refused only where the first copy failed to read.
#[test]
fn a_key_given_twice_is_refused_alike_everywhere() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/payloads/voucher.published.json");
    let text = String::from_utf8(std::fs::read(fixture).expect("fixture")).expect("UTF-8");
    // (the text to double, the pointer of the key given twice, the event type to set)
    let places = [
        // The envelope's fields, its `data` and a property it does not list.
        (r#""project_id": "proj_f1xtur3s","#, "/project_id", None),
        (r#""data": {"#, "/data", None),
        (r#""source": {"#, "/source", None),
        // Typed data: a field of a struct, a free-form `metadata`, a `Value` field (the
        // voucher's discount), the event's own metadata.
        (r#""name": "Ada Fixture","#, "/data/customer/name", None),
        (r#""tier": "gold","#, "/data/customer/metadata/tier", None),
        (
            r#""percent_off": 15,"#,
            "/data/voucher/discount/percent_off",
            None,
        ),
        (r#""channel": "API""#, "/event/event_source/channel", None),
        // `data` kept raw: an event type with no schema here.
        (
            r#""tier": "gold","#,
            "/data/customer/metadata/tier",
            Some("voucher.unheard_of"),
        ),
    ];
    for (place, pointer, event_type) in places {
        let mut body = text.clone();
        if let Some(t) = event_type {
            body = body.replace("\"voucher.published\"", &format!("\"{t}\""));
        }
        assert!(body.contains(place), "{place}");
        // The first copy is a complete value of the same kind, so that only the duplication
        // is wrong.
        let copy = if place.ends_with('{') {
            format!("{place}}}, {place}")
        } else if place.ends_with(',') {
            format!("{place} {place}")
        } else {
            format!("{place}, {place}")
        };
        let body = body.replacen(place, &copy, 1).into_bytes();
        let parsed = Webhook::from_slice(&body);
        let Err(ParseError::Unrepresentable { message, .. }) = &parsed else {
            panic!("{place}: {parsed:?}");
        };
        let key = pointer.rsplit('/').next().unwrap_or_default();
        assert!(
            message.contains("given twice") && message.contains(&format!("`{key}`")),
            "{place}: {message}"
        );
        let received = Webhook::receive(b"k", &body, Some(&signature::sign(b"k", &body)));
        assert_eq!(
            received,
            Err(ReceiveError::Payload(parsed.clone().unwrap_err()))
        );
        let report = contract::check(&body);
        assert_eq!(
            found(&report),
            [(pointer, Kind::Unrepresentable)],
            "{place}"
        );
        assert_eq!((report.typed, report.round_trip), (None, None), "{place}");
        // Without its envelope, the data alone is refused alike.
        if let (Some(data_pointer), None) = (pointer.strip_prefix("/data"), event_type) {
            if data_pointer.is_empty() {
                continue;
            }
            // The fixture's `data` ends where its `source` begins.
            let text = std::str::from_utf8(&body).expect("UTF-8");
            let start = text.find("\"data\": ").expect("data") + "\"data\": ".len();
            let end = text.find(",\n  \"source\"").expect("source");
            let data = &body[start..end];
            let report = contract::check_data("voucher.published", data);
            assert_eq!(
                found(&report),
                [(data_pointer, Kind::Unrepresentable)],
                "{place}"
            );
            let parsed = voucherify_webhooks::parse_data("voucher.published", data);
            assert!(
                matches!(&parsed, Some(Err(e)) if e.message.contains("given twice")),
                "{place}: {parsed:?}"
            );
        }
    }
}
