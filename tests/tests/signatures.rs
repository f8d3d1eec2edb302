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
