//! Bodies built to hurt: deep nesting, size, odd bytes. Each is an error or a kept value,
//! never a panic or a stack overflow.

use voucherify_contract_tests::envelope;
use voucherify_webhooks::{contract, signature, Data, ParseError, Webhook};

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
        Err(ParseError::Json { .. })
    ));
    assert!(!contract::check(&body).ok);
    // Deep data inside a real envelope: the envelope is refused, as serde_json's depth limit
    // applies to the whole body.
    let data = serde_json::from_slice::<serde_json::Value>(&nested(100)).expect("within the limit");
    let body = envelope("whs_deep", "redemption.succeeded", false, data).to_vec();
    match Webhook::from_slice(&body) {
        Ok(webhook) => assert!(matches!(webhook.data, Data::Raw(_) | Data::Typed(_))),
        Err(e) => assert!(matches!(e, ParseError::Json { .. }), "{e}"),
    }
    let _ = contract::check(&body);
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
        // Signatures of anything are checked without panicking.
        assert!(signature::verify(b"k", body, "00").is_err());
    }
}
