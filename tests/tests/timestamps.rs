//! `Timestamp` and `Date` on real values: every `date-time` and `date` of the docs examples and
//! of the project's fixtures types as the runtime's text types, writes back byte-exact, and
//! converts with each time feature to the same instant.
//!
//! Run with `cargo test -p voucherify-contract-tests --features jiff,chrono,time --test timestamps`.
#![cfg(all(feature = "jiff", feature = "chrono", feature = "time"))]

use std::path::Path;

use voucherify_contract_tests::{json_files, shared_dir};
use voucherify_webhooks::serde_json::{self, Value};
use voucherify_webhooks::{Date, Timestamp};

/// The strings of a payload that look like a date (`dddd-dd-dd...`): the docs examples write
/// every `date-time` and `date` that way.
fn dates(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s)
            if s.len() >= 10
                && s.as_bytes()[4] == b'-'
                && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) =>
        {
            out.push(s.clone())
        }
        Value::Array(items) => items.iter().for_each(|v| dates(v, out)),
        Value::Object(map) => map.values().for_each(|v| dates(v, out)),
        _ => {}
    }
}

fn check_dir(dir: &Path) -> usize {
    let mut checked = 0;
    for path in json_files(dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        // Fixtures of broken payloads are not this test's affair.
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut found = Vec::new();
        dates(&value, &mut found);
        for text in found {
            if text.len() == 10 {
                let date = Date::from(text.as_str());
                let (j, c, t) = (
                    date.to_jiff().unwrap(),
                    date.to_chrono().unwrap(),
                    date.to_time().unwrap(),
                );
                assert_eq!(j.to_string(), text, "{}", path.display());
                assert_eq!(c.to_string(), text, "{}", path.display());
                assert_eq!(t.to_string(), text, "{}", path.display());
            } else {
                let stamp = Timestamp::from(text.as_str());
                // The docs write a few oddly (`2024-05-13T10: 23: 57.997Z`): kept as text,
                // and an error, not a panic, from every conversion.
                let Ok(j) = stamp.to_jiff() else {
                    assert!(stamp.to_chrono().is_err() && stamp.to_time().is_err());
                    assert_eq!(stamp.as_str(), text);
                    continue;
                };
                let c = stamp.to_chrono().unwrap();
                let t = stamp.to_time().unwrap();
                assert_eq!(
                    j.as_nanosecond(),
                    i128::from(c.timestamp_nanos_opt().unwrap())
                );
                assert_eq!(j.as_nanosecond(), t.unix_timestamp_nanos());
            }
            checked += 1;
        }
    }
    checked
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn docs_examples_dates_convert_with_every_feature() {
    let checked = check_dir(&shared_dir().join("payloads/docs-examples"));
    assert!(
        checked > 100,
        "only {checked} dates found in the docs examples"
    );
}

#[test]
fn fixture_dates_convert_with_every_feature() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    assert!(check_dir(&dir) > 0);
}

#[test]
fn a_known_instant_and_its_offset() {
    let stamp = Timestamp::from("2024-02-29T23:30:00.5+01:30");
    assert_eq!(
        stamp.to_jiff().unwrap().to_string(),
        "2024-02-29T22:00:00.5Z"
    );
    assert_eq!(
        stamp.to_chrono().unwrap().to_rfc3339(),
        "2024-02-29T23:30:00.500+01:30"
    );
    assert_eq!(stamp.to_time().unwrap().offset().whole_minutes(), 90);
}

#[test]
fn text_that_is_not_rfc_3339_is_an_error_with_every_feature() {
    for (text, reason) in [
        (
            "2024-01-01 00:00:00Z",
            "expected `T` between the date and the time",
        ),
        ("2024-01-01T00:00:00", "expected the offset"),
        ("2023-02-29T00:00:00Z", "no such day 2023-02-29"),
        ("2024-01-01T24:00:00Z", "no such time 24:00:00"),
        (
            "2024-01-01T00:00:00.Z",
            "expected digits after the decimal point",
        ),
        (
            "2024-01-01T00:00:00+0100",
            "expected `:` after the offset hour",
        ),
        ("2024-01-01T00:00:00Z ", "text follows the offset"),
        ("", "expected the year as 4 digits"),
    ] {
        let stamp = Timestamp::from(text);
        for error in [
            stamp.to_jiff().unwrap_err(),
            stamp.to_chrono().unwrap_err(),
            stamp.to_time().unwrap_err(),
        ] {
            let message = error.to_string();
            assert!(message.contains(reason), "{text:?}: {message}");
            assert!(message.contains("RFC 3339 date-time"), "{message}");
        }
    }
    let date = Date::from("2024-01-01T00:00:00Z");
    let message = date.to_jiff().unwrap_err().to_string();
    assert!(
        message.contains("full-date") && message.contains("text follows the day"),
        "{message}"
    );
    assert!(Date::from("1900-02-29").to_chrono().is_err());
    assert!(Date::from("2000-02-29").to_time().is_ok());
}

#[test]
fn odd_text_round_trips_byte_exact() {
    for text in [
        "2024-01-01T00:00:00.000Z",
        "2024-01-01 00:00:00",
        "  not a time  ",
        "2024-13-45T99:99:99+25:00",
        "",
        "\u{e9}t\u{e9} \\ \"quoted\"",
    ] {
        let json = serde_json::to_string(text).unwrap();
        let stamp: Timestamp = serde_json::from_str(&json).unwrap();
        assert_eq!(stamp.as_str(), text);
        assert_eq!(stamp.to_string(), text);
        assert_eq!(serde_json::to_string(&stamp).unwrap(), json);
        let date: Date = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&date).unwrap(), json);
        assert!(stamp.to_jiff().is_err() || text.starts_with("2024-01-01T"));
    }
    assert!(serde_json::from_str::<Timestamp>("12").is_err());
}
