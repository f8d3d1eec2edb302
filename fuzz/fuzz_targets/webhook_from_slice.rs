//! `Webhook::from_slice` on any bytes. Properties:
//! - a body that parses serialises back to JSON whose value equals the body's value;
//! - `contract::check` agrees with the parse: a body the parse refuses is refused by the
//!   checker for the same class of reason (JSON that is no envelope: for what the schema
//!   forbids, or as `not_typed`), and a body the parse accepts is JSON to the checker;
//! - a number that cannot keep its value (`contract::numbers_that_change`) is reported by the
//!   checker as a round-trip violation; without one, the round trip holds (a key an object
//!   gives twice is refused by both, as JSON that cannot be held).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use voucherify_webhooks::contract::{self, Kind};
use voucherify_webhooks::{ParseError, Webhook};

fuzz_target!(|body: &[u8]| {
    let parsed = Webhook::from_slice(body);
    let report = contract::check(body);
    let kinds: Vec<Kind> = report.violations.iter().map(|v| v.kind).collect();
    match &parsed {
        Ok(webhook) => {
            let original: Value =
                serde_json::from_slice(body).expect("a body the parse accepts is JSON");
            let again = serde_json::to_value(webhook).expect("a parsed webhook serialises");
            assert_eq!(again, original, "the round trip changed the body's value");
            // The serialised text reads back as the same value too (no lossy second step).
            let text = serde_json::to_vec(webhook).expect("a parsed webhook serialises");
            let reread: Value = serde_json::from_slice(&text).expect("serialised JSON reads");
            assert_eq!(
                reread, original,
                "the serialised text reads as another value"
            );
            for refused in [Kind::NotJson, Kind::Unrepresentable, Kind::Legacy] {
                assert!(
                    !kinds.contains(&refused),
                    "the parse accepted what the checker calls {refused}: {kinds:?}"
                );
            }
            // A key given twice is refused by the parse, so a parsed body has none.
            let changed = contract::numbers_that_change(body);
            if changed.is_empty() {
                assert_eq!(report.round_trip, Some(true), "{report:?}");
            } else {
                for number in &changed {
                    assert!(
                        report
                            .violations
                            .iter()
                            .any(|v| v.kind == Kind::RoundTrip && v.pointer == number.pointer),
                        "a number that changes is not reported: {number:?} in {report:?}"
                    );
                }
            }
        }
        Err(error) => {
            assert!(
                !report.ok,
                "the checker passed a body the parse refuses: {error}"
            );
            let expected = match error {
                ParseError::Json { .. } => Some(Kind::NotJson),
                ParseError::Unrepresentable { .. } => Some(Kind::Unrepresentable),
                ParseError::LegacyV2018 => Some(Kind::Legacy),
                // JSON that is no envelope: the schema and the typed parse both say why.
                ParseError::NotAnEnvelope(_) => None,
                _ => None,
            };
            match expected {
                // A body refused for keys given twice has one violation per such key.
                Some(Kind::Unrepresentable) => {
                    assert!(!kinds.is_empty(), "parse said {error}");
                    assert!(
                        kinds.iter().all(|k| *k == Kind::Unrepresentable),
                        "parse said {error}, checker said {kinds:?}"
                    );
                }
                Some(kind) => assert_eq!(kinds, [kind], "parse said {error}"),
                // JSON, but no envelope: the checker names what the schema forbids (or, when
                // the schema allows it, that the typed parse failed), and is no refusal.
                None => {
                    for refused in [Kind::NotJson, Kind::Unrepresentable, Kind::Legacy] {
                        assert!(
                            !kinds.contains(&refused),
                            "parse said {error}, checker said {kinds:?}"
                        );
                    }
                    assert!(report.round_trip.is_none(), "{report:?}");
                }
            }
        }
    }
});
