//! Signature vectors: the project's own (always) and Voucherify's (when `../shared` is there).

use std::path::Path;

use serde::Deserialize;
use voucherify_contract_tests::shared_dir;
use voucherify_webhooks::signature::{sign, verify};

#[derive(Deserialize)]
struct Vectors {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    secret: String,
    body: String,
    signature: String,
    valid: bool,
    #[serde(default)]
    note: String,
}

fn check(file: &Path) -> usize {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let vectors: Vectors =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut failures = Vec::new();
    for (i, v) in vectors.vectors.iter().enumerate() {
        let outcome = verify(v.secret.as_bytes(), v.body.as_bytes(), &v.signature);
        if outcome.is_ok() != v.valid {
            failures.push(format!(
                "vector {i} ({}): expected valid={}, got {outcome:?}",
                v.note, v.valid
            ));
        }
        // A valid lowercase signature is exactly what `sign` produces for the body.
        if v.valid && v.signature.bytes().all(|b| !b.is_ascii_uppercase()) {
            let ours = sign(v.secret.as_bytes(), v.body.as_bytes());
            if ours != v.signature {
                failures.push(format!("vector {i} ({}): sign gave {ours}", v.note));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        file.display(),
        failures.join("\n")
    );
    vectors.vectors.len()
}

#[test]
fn the_projects_own_vectors() {
    let n = check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/signatures.json"));
    assert!(n >= 9);
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn voucherifys_vectors() {
    let shared = shared_dir();
    let n = check(&shared.join("payloads/signatures.json"));
    assert!(n >= 11);
}

/// The true signature with the hex digit at `at` replaced by another digit: one byte differs.
fn one_digit_off(signature: &str, at: usize) -> String {
    let mut digits = signature.as_bytes().to_vec();
    digits[at] = if digits[at] == b'0' { b'1' } else { b'0' };
    String::from_utf8(digits).expect("hex")
}

/// A valid vector of the project's own: a webhook body and the signature Python computed.
const SECRET: &[u8] = b"fixture-secret";
const BODY: &[u8] = br#"{"id":"whs_fixture_1","type":"voucher.published","data":{"note":"two  spaces\tand a tab"}}"#;
const SIGNATURE: &str = "77f66b3f9af98209ebcad652727c2906fa8680f4573f717a524a7e73a4e363e2";

/// Signatures one byte off the true one (in the first, a middle and the last byte, either
/// nibble), and the true one in other letter cases: a comparison that looks at part of the
/// signature, or at its text rather than its bytes, fails here.
fn off_by_one_byte() -> Vec<String> {
    [0, 1, 30, 31, 33, 62, 63]
        .into_iter()
        .map(|at| one_digit_off(SIGNATURE, at))
        .collect()
}

fn case_only() -> Vec<String> {
    let mixed: String = SIGNATURE
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    vec![SIGNATURE.to_uppercase(), mixed]
}

#[test]
fn verify_refuses_a_signature_one_byte_off_and_accepts_any_case() {
    use voucherify_webhooks::signature::SignatureError;
    assert_eq!(verify(SECRET, BODY, SIGNATURE), Ok(()));
    for wrong in off_by_one_byte() {
        assert_eq!(
            verify(SECRET, BODY, &wrong),
            Err(SignatureError::Mismatch),
            "{wrong}"
        );
    }
    for same in case_only() {
        assert_eq!(verify(SECRET, BODY, &same), Ok(()), "{same}");
    }
}

#[test]
fn verify_any_refuses_a_signature_one_byte_off_and_accepts_any_case() {
    use voucherify_webhooks::signature::{verify_any, SignatureError};
    let secrets: &[&[u8]] = &[b"old-secret", SECRET];
    assert_eq!(verify_any(secrets, BODY, SIGNATURE), Ok(()));
    for wrong in off_by_one_byte() {
        assert_eq!(
            verify_any(secrets, BODY, &wrong),
            Err(SignatureError::Mismatch),
            "{wrong}"
        );
    }
    for same in case_only() {
        assert_eq!(verify_any(secrets, BODY, &same), Ok(()), "{same}");
    }
}

#[test]
fn receive_refuses_a_signature_one_byte_off_and_accepts_any_case() {
    use voucherify_webhooks::signature::SignatureError;
    use voucherify_webhooks::{ReceiveError, Webhook};
    // The body is signed but no complete envelope: a 400 (payload) says the signature passed.
    let passed = |signature: &str| {
        Webhook::receive(SECRET, BODY, Some(signature))
            .map(|w| w.id)
            .map_err(|e| e.status())
    };
    assert_eq!(passed(SIGNATURE), Err(400));
    for wrong in off_by_one_byte() {
        assert_eq!(
            Webhook::receive(SECRET, BODY, Some(&wrong)).map(|w| w.id),
            Err(ReceiveError::Signature(SignatureError::Mismatch)),
            "{wrong}"
        );
        assert_eq!(
            Webhook::receive_any(&[b"old-secret", SECRET], BODY, Some(&wrong)).map(|w| w.id),
            Err(ReceiveError::Signature(SignatureError::Mismatch)),
            "{wrong}"
        );
    }
    for same in case_only() {
        assert_eq!(passed(&same), Err(400), "{same}");
    }
}

/// An empty secret is the receiver's misconfiguration (an unset variable), never a sender's
/// fault: `receive` refuses it whatever the signature, even a missing one, and answers 500.
#[test]
fn an_empty_secret_is_the_receivers_fault_not_the_senders() {
    use voucherify_webhooks::signature::SignatureError;
    use voucherify_webhooks::{ReceiveError, Webhook};
    let body = br#"{"id":"whs_1"}"#;
    let forged = sign(b"", body);
    for signature in [Some(forged.as_str()), None] {
        let refused = Webhook::receive(b"", body, signature).unwrap_err();
        assert_eq!(
            refused,
            ReceiveError::Signature(SignatureError::EmptySecret)
        );
        assert_eq!(refused.status(), 500);
        let refused = Webhook::receive_any(&[b"new", b""], body, signature).unwrap_err();
        assert_eq!(
            refused,
            ReceiveError::Signature(SignatureError::EmptySecret)
        );
    }
}
