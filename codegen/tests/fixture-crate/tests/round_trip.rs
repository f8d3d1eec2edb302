//! Every payload in `codegen/tests/fixtures/generate/<case>/payloads/<event type>[__note].json` parses
//! as its event with the fixture's generated types and serialises back to equal JSON: absent
//! stays absent, null stays null, unknown properties and enum values are kept.

use std::path::Path;

use voucherify_codegen_fixtures::rt::serde_json::{self, Value};

#[test]
fn fixture_payloads_round_trip() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/generate");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut cases: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case_dir in cases.iter().filter(|p| p.is_dir()) {
        let case = case_dir.file_name().unwrap().to_str().unwrap();
        let Ok(entries) = std::fs::read_dir(case_dir.join("payloads")) else {
            continue;
        };
        let mut payloads: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        payloads.sort();
        for path in payloads {
            let stem = path.file_stem().unwrap().to_str().unwrap();
            let event_type = stem.split("__").next().unwrap();
            let text = std::fs::read_to_string(&path).unwrap();
            let original: Value = serde_json::from_str(&text).unwrap();
            let label = format!("{case}/{stem}");
            match voucherify_codegen_fixtures::round_trip(case, event_type, &text) {
                None => failures.push(format!("{label}: the fixture does not type `{event_type}`")),
                Some(Err(e)) => failures.push(format!("{label}: {e}")),
                Some(Ok(parsed)) => {
                    assert_eq!(parsed.event_type, event_type, "{label}");
                    assert!(!parsed.rust_type.is_empty(), "{label}");
                    if parsed.value != original {
                        failures.push(format!(
                            "{label}: wrote back\n{}\ninstead of\n{}",
                            parsed.value, original
                        ));
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 10, "only {checked} payloads found");
}

#[test]
fn unknown_event_types_are_not_typed() {
    assert!(
        voucherify_codegen_fixtures::round_trip("nested_objects", "order.vanished", "{}").is_none()
    );
}

#[test]
fn a_wrong_field_type_is_an_error_not_a_loss() {
    let result = voucherify_codegen_fixtures::round_trip(
        "nested_objects",
        "order.created",
        r#"{"order": {"id": 5}}"#,
    );
    assert!(matches!(result, Some(Err(_))), "{result:?}");
}
