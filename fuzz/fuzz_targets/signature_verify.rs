//! `signature::sign` and `signature::verify` on any secret and body. The input's first byte is
//! the secret's length, the secret follows, and the rest is the body. Properties:
//! - a body verifies with the signature `sign` makes for it; an empty secret is refused;
//! - a body verifies with the signature of its whitespace-stripped form only when the two
//!   mean the same JSON (equal `serde_json::Value`s);
//! - the stripper calls JSON exactly what serde_json reads (apart from what serde_json cannot
//!   hold: nesting past its limit, lone surrogates, numbers out of range).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use voucherify_webhooks::signature::{self, SignatureError};

fuzz_target!(|input: &[u8]| {
    let Some((&len, rest)) = input.split_first() else {
        return;
    };
    let len = usize::from(len).min(rest.len());
    let (secret, body) = rest.split_at(len);

    let signed = signature::sign(secret, body);
    let verified = signature::verify(secret, body, &signed);
    if secret.is_empty() {
        assert_eq!(verified, Err(SignatureError::EmptySecret));
        return;
    }
    assert_eq!(
        verified,
        Ok(()),
        "a body does not verify with its own signature"
    );

    let value = serde_json::from_slice::<Value>(body);
    match signature::strip_whitespace(body) {
        Some(stripped) => {
            // The stripped body is what Voucherify signs: its signature verifies the body.
            let raw = signature::sign(secret, &stripped);
            assert_eq!(raw, signed, "stripping twice changed the body");
            assert_eq!(signature::verify(secret, &stripped, &signed), Ok(()));
            match (value, serde_json::from_slice::<Value>(&stripped)) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "stripping changed what the body means"),
                (Err(a), Err(b)) => {
                    assert!(cannot_hold(&a), "the stripper calls JSON what is not: {a}");
                    assert_eq!(a.classify(), b.classify());
                }
                (a, b) => panic!("the body and its stripped form read differently: {a:?} / {b:?}"),
            }
        }
        None => {
            if let Ok(value) = value {
                panic!("the stripper calls not JSON a body serde_json reads: {value}");
            }
        }
    }
});

/// JSON serde_json refuses although it is JSON by the grammar.
fn cannot_hold(e: &serde_json::Error) -> bool {
    let message = e.to_string();
    ["recursion limit", "surrogate", "number out of range"]
        .iter()
        .any(|m| message.contains(m))
}
