//! The contract checker (`voucherify_webhooks::contract`) against Voucherify's published payloads
//! and the project's fixtures: the outcome of every payload is a snapshot (a change in the
//! schemas or the checker is a reviewed diff), each violation kind has a negative case with its
//! pointer, and the checker's verdict agrees with the typed parse.

use std::path::{Path, PathBuf};

use serde_json::Value;
use voucherify_contract_tests::{envelope, event_type_of, json_files, shared_dir};
use voucherify_webhooks::contract::{self, Kind, Report};
use voucherify_webhooks::{Channel, EVENT_TYPES};

fn fixtures(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(folder)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// A report as reviewed text: `pass` or `FAIL` with the event type and Rust type, then one line
/// per violation and per warning.
fn outcome(report: &Report) -> String {
    let verdict = if report.ok { "pass" } else { "FAIL" };
    let event_type = report.event_type.as_deref().unwrap_or("no event type");
    let typed = report
        .typed
        .map_or(String::new(), |t| format!(", typed as {t}"));
    let mut out = format!("{verdict} ({event_type}{typed})");
    for v in &report.violations {
        out.push_str(&format!("\n  {v}"));
        if !v.schema_path.is_empty() {
            out.push_str(&format!(" (schema {})", v.schema_path));
        }
    }
    for w in &report.warnings {
        out.push_str(&format!("\n  warning: {w}"));
    }
    out
}

/// `file: outcome` for every `*.json` of a folder, checked as whole webhooks.
fn folder_report(dir: &Path) -> String {
    json_files(dir)
        .iter()
        .map(|path| format!("{}: {}", name(path), outcome(&contract::check(&read(path)))))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_projects_own_fixtures() {
    insta::assert_snapshot!(folder_report(&fixtures("payloads")));
}

#[test]
fn the_negative_cases() {
    insta::assert_snapshot!(folder_report(&fixtures("contract")));
}

/// Each negative case of `fixtures/contract/` (one change to a conforming fixture) fails with
/// exactly these violations.
#[test]
fn every_violation_kind_is_found_at_its_pointer() {
    let expected: &[(&str, &[(&str, Kind)])] = &[
        (
            "additional-property.json",
            &[("/data/voucher/gift/currency", Kind::AdditionalProperty)],
        ),
        ("bad-date-time.json", &[("/data/created_at", Kind::Format)]),
        (
            "missing-required.json",
            &[("/data/voucher/code", Kind::MissingRequired)],
        ),
        // A distribution envelope without `event` names no event type: the envelope is checked.
        ("no-event.json", &[("/event", Kind::MissingRequired)]),
        (
            "no-matching-shape.json",
            &[("/data/voucher/discount", Kind::NoMatchingShape)],
        ),
        // The schema's enum is closed, though the Rust enum is open.
        (
            "not-in-enum.json",
            &[("/data/order/status", Kind::NotInEnum)],
        ),
        (
            "null-not-allowed.json",
            &[("/data/customer/id", Kind::NullNotAllowed)],
        ),
        // Every violation, not just the first.
        (
            "several.json",
            &[
                ("/data/created_at", Kind::Format),
                ("/data/order/amount", Kind::WrongType),
                ("/data/order/items/0/quantity", Kind::WrongType),
                ("/data/order/status", Kind::NotInEnum),
                ("/data/voucher/id", Kind::WrongType),
            ],
        ),
        // A tag no member of the union has.
        (
            "unknown-tag.json",
            &[("/data/voucher/discount/type", Kind::NotInEnum)],
        ),
        (
            "wrong-type.json",
            &[("/data/order/total_amount", Kind::WrongType)],
        ),
    ];
    let files = json_files(&fixtures("contract"));
    let names: Vec<String> = files.iter().map(|p| name(p)).collect();
    let listed: Vec<&str> = expected.iter().map(|(file, _)| *file).collect();
    assert_eq!(names, listed, "every negative case has its expectation");
    for ((file, violations), path) in expected.iter().zip(&files) {
        let report = contract::check(&read(path));
        let found: Vec<(&str, Kind)> = report
            .violations
            .iter()
            .map(|v| (v.pointer.as_str(), v.kind))
            .collect();
        assert_eq!(found, *violations, "{file}:\n{}", outcome(&report));
        assert!(!report.ok, "{file}");
    }
}

#[test]
fn bare_data_is_checked_with_pointers_into_the_data() {
    let body: Value =
        serde_json::from_slice(&read(&fixtures("payloads/redemption.succeeded.json")))
            .expect("JSON");
    let mut data = body["data"].clone();
    let bytes = serde_json::to_vec(&data).expect("serialises");
    let report = contract::check_data("redemption.succeeded", &bytes);
    assert!(report.ok, "{}", outcome(&report));
    assert_eq!(report.typed, Some("RedemptionEvent"));
    assert_eq!(report.round_trip, Some(true));

    data["order"]["amount"] = Value::from("12000");
    let bytes = serde_json::to_vec(&data).expect("serialises");
    let report = contract::check_data("redemption.succeeded", &bytes);
    let found: Vec<(&str, Kind)> = report
        .violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.kind))
        .collect();
    assert_eq!(found, [("/order/amount", Kind::WrongType)]);
    assert_eq!(report.typed, None);

    let unknown = contract::check_data("campaign.earning_rule.created", b"{}");
    assert_eq!(unknown.violations[0].kind, Kind::UnknownEventType);
    let not_json = contract::check_data("redemption.succeeded", b"{");
    assert_eq!(not_json.violations[0].kind, Kind::NotJson);
}

#[test]
fn drift_is_reported_as_warnings() {
    let report = contract::check(&read(&fixtures("payloads/redemption.succeeded.json")));
    assert!(report.ok);
    let warnings: Vec<(&str, Kind)> = report
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.kind))
        .collect();
    assert_eq!(
        warnings,
        [("/data/loyalty_bonus_preview", Kind::UndocumentedProperty)]
    );
    // An unlisted enum value breaks the schema: one violation, not a warning besides it.
    let report = contract::check(&read(&fixtures("contract/not-in-enum.json")));
    let at_status = |findings: &[contract::Violation]| {
        findings
            .iter()
            .filter(|f| f.pointer == "/data/order/status")
            .map(|f| f.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(at_status(&report.violations), [Kind::NotInEnum]);
    assert_eq!(at_status(&report.warnings), Vec::<Kind>::new());
}

fn channels_of(event_type: &str) -> Vec<bool> {
    let channel = EVENT_TYPES
        .iter()
        .find(|(t, _, _)| *t == event_type)
        .map(|(_, c, _)| *c);
    match channel {
        Some(Channel::Both) => vec![false, true],
        Some(Channel::Distribution) => vec![true],
        _ => vec![false],
    }
}

/// Every docs example passes, as bare data and in an envelope of each channel that sends it.
#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads): its snapshot is not compared"
)]
fn the_docs_examples() {
    let shared = shared_dir();
    let files = json_files(&shared.join("payloads/docs-examples"));
    assert_eq!(files.len(), 72);
    let mut lines = Vec::new();
    let mut failures = Vec::new();
    for path in &files {
        let event_type = event_type_of(path);
        let body = read(path);
        let report = contract::check_data(&event_type, &body);
        if !report.ok {
            failures.push(format!("{}: {}", name(path), outcome(&report)));
        }
        lines.push(format!("{}: {}", name(path), outcome(&report)));
        let data: Value = serde_json::from_slice(&body).expect("JSON");
        for distribution in channels_of(&event_type) {
            let whole = envelope("whs_docs", &event_type, distribution, data.clone());
            let report = contract::check(&serde_json::to_vec(&whole).expect("serialises"));
            if !report.ok || report.typed.is_none() {
                failures.push(format!(
                    "{} in an envelope: {}",
                    name(path),
                    outcome(&report)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads): its snapshot is not compared"
)]
fn the_docs_envelopes() {
    let shared = shared_dir();
    insta::assert_snapshot!(folder_report(&shared.join("payloads/docs-envelopes")));
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn legacy_webhooks_are_one_violation_each() {
    let shared = shared_dir();
    let files = json_files(&shared.join("payloads/legacy-v2018-08-01"));
    assert!(!files.is_empty());
    for path in files {
        let report = contract::check(&read(&path));
        assert_eq!(report.violations.len(), 1, "{}", outcome(&report));
        assert_eq!(report.violations[0].kind, Kind::Legacy);
        assert!(report.violations[0]
            .message
            .starts_with("legacy v2018-08-01 webhook, not v2024-01-01"));
    }
}

/// Every payload the agreement is checked on: docs examples (bare and enveloped), docs
/// envelopes, the project's fixtures and its negative cases.
fn agreement_cases() -> Vec<(String, Report)> {
    let mut cases = Vec::new();
    for folder in ["payloads", "contract"] {
        for path in json_files(&fixtures(folder)) {
            cases.push((name(&path), contract::check(&read(&path))));
        }
    }
    if cfg!(not(shared_absent)) {
        let shared = shared_dir();
        for path in json_files(&shared.join("payloads/docs-envelopes")) {
            cases.push((name(&path), contract::check(&read(&path))));
        }
        for path in json_files(&shared.join("payloads/docs-examples")) {
            let event_type = event_type_of(&path);
            let body = read(&path);
            cases.push((name(&path), contract::check_data(&event_type, &body)));
            let data: Value = serde_json::from_slice(&body).expect("JSON");
            for distribution in channels_of(&event_type) {
                let whole = envelope("whs_docs", &event_type, distribution, data.clone());
                let bytes = serde_json::to_vec(&whole).expect("serialises");
                cases.push((
                    format!("{} enveloped", name(&path)),
                    contract::check(&bytes),
                ));
            }
        }
    }
    cases
}

/// The checker's verdict and the typed parse agree: a payload that breaks a required, type or
/// nullability rule is not typed, and one that conforms is typed and round-trips.
#[test]
fn the_checker_agrees_with_the_typed_parse() {
    let structural = [Kind::MissingRequired, Kind::WrongType, Kind::NullNotAllowed];
    let mut disagreements = Vec::new();
    for (file, report) in agreement_cases() {
        let breaks_structure = report
            .violations
            .iter()
            .any(|v| structural.contains(&v.kind));
        if breaks_structure && report.typed.is_some() {
            disagreements.push(format!("{file}: typed despite {}", outcome(&report)));
        }
        if report.ok && (report.typed.is_none() || report.round_trip != Some(true)) {
            disagreements.push(format!("{file}: conforms but {}", outcome(&report)));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn assert_conforms_passes_a_conforming_folder_and_names_each_failure() {
    let dir = std::env::temp_dir().join(format!("vf-conforms-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("nested")).expect("a temporary folder");
    for (from, to) in [
        ("payloads/redemption.succeeded.json", "redemption.json"),
        ("payloads/voucher.published.json", "nested/voucher.json"),
    ] {
        std::fs::copy(fixtures(from), dir.join(to)).expect("copied");
    }
    contract::assert_conforms(&dir);

    std::fs::copy(
        fixtures("contract/several.json"),
        dir.join("nested/several.json"),
    )
    .expect("copied");
    std::fs::copy(
        fixtures("payloads/legacy-v2018.json"),
        dir.join("legacy.json"),
    )
    .expect("copied");
    let panic = std::panic::catch_unwind(|| contract::assert_conforms(&dir))
        .expect_err("two payloads do not conform");
    let message = panic
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default()
        .replace(&dir.display().to_string(), "<dir>");
    std::fs::remove_dir_all(&dir).expect("removed");
    insta::assert_snapshot!(message);
}

#[test]
fn a_number_the_parse_changes_fails_the_round_trip_at_its_pointer() {
    let text =
        String::from_utf8(read(&fixtures("payloads/voucher.published.json"))).expect("UTF-8");
    let kept = contract::check(text.as_bytes());
    assert_eq!((kept.ok, kept.round_trip), (true, Some(true)));
    let body = text.replacen(
        r#""tier": "gold","#,
        r#""tier": "gold", "big": 123456789012345678901234567890, "low": -9223372036854775809, "fine": 0.10000000000000000001, "tiny": 1e-400, "same": 1.50,"#,
        1,
    );
    let report = contract::check(body.as_bytes());
    assert_eq!(report.round_trip, Some(false));
    assert!(!report.ok);
    let changed: Vec<(&str, Kind)> = report
        .violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.kind))
        .collect();
    let at = |key| format!("/data/customer/metadata/{key}");
    let expected: Vec<(String, Kind)> = ["big", "fine", "low", "tiny"]
        .map(|k| (at(k), Kind::RoundTrip))
        .into();
    let expected: Vec<(&str, Kind)> = expected.iter().map(|(p, k)| (p.as_str(), *k)).collect();
    assert_eq!(changed, expected);
    assert!(report.violations[0]
        .message
        .contains("123456789012345678901234567890 is read as 1.2345678901234568e+29"));
}

/// A key given twice in one object cannot be held (a map keeps one value), in the envelope
/// and in free-form metadata alike: the body is refused, with each such key at its pointer.
/// Before, the check called it a round-trip failure while the parse kept the last copy.
#[test]
fn a_key_given_twice_is_refused_at_its_pointer() {
    let text =
        String::from_utf8(read(&fixtures("payloads/voucher.published.json"))).expect("UTF-8");
    let body = text
        .replacen(
            r#""tier": "gold","#,
            r#""tier": "gold", "tier": "silver","#,
            1,
        )
        .replacen(
            r#""project_id": "#,
            r#""project_id": "proj_other", "project_id": "#,
            1,
        );
    assert_ne!(body, text, "the fixture has the places changed here");
    let report = contract::check(body.as_bytes());
    assert!(!report.ok);
    assert_eq!((report.round_trip, report.typed), (None, None));
    let found: Vec<(&str, Kind)> = report
        .violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("/data/customer/metadata/tier", Kind::Unrepresentable),
            ("/project_id", Kind::Unrepresentable)
        ]
    );
    assert!(matches!(
        voucherify_webhooks::Webhook::from_slice(body.as_bytes()),
        Err(voucherify_webhooks::ParseError::Unrepresentable { .. })
    ));
}

/// The check types a body as `Webhook::from_slice` does, also where its one reading of the
/// body would keep a key given twice once: an envelope that gives `source` or `event` twice
/// (found by the `webhook_from_slice` fuzz target) is refused by both, for the same fault.
#[test]
fn a_body_the_parse_refuses_is_not_typed_by_the_check() {
    let text =
        String::from_utf8(read(&fixtures("payloads/voucher.published.json"))).expect("UTF-8");
    for key in ["source", "event"] {
        let field = format!("\"{key}\": ");
        let body = text.replacen(
            &field,
            &format!("{field}{{\"object\": \"webhook\"}}, {field}"),
            1,
        );
        assert_ne!(body, text, "the fixture has {key}");
        let parsed = voucherify_webhooks::Webhook::from_slice(body.as_bytes());
        let report = contract::check(body.as_bytes());
        // Refused for the first fault the reading meets: the key given twice, or a first copy
        // that is no `event` at all.
        use voucherify_webhooks::ParseError::{NotAnEnvelope, Unrepresentable};
        match &parsed {
            Err(Unrepresentable { .. }) => {
                assert_eq!(report.violations[0].pointer, format!("/{key}"));
                assert_eq!(report.violations[0].kind, Kind::Unrepresentable);
            }
            Err(NotAnEnvelope(e)) => assert_eq!(e.pointer, format!("/{key}")),
            _ => panic!("{key}: {parsed:?}"),
        }
        assert_eq!(
            (report.typed, report.round_trip),
            (None, None),
            "{report:?}"
        );
        assert!(!report.ok);
    }
}
