//! The contract check on any bytes, as a whole webhook and (split at the first newline into
//! an event type and a body) as a bare `data` object: it never panics, a report is `ok`
//! exactly when it has no violation, and the checker's own rules report exactly what the
//! reference (the `jsonschema` crate on the schema files, and a drift walk of those files)
//! reports.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use voucherify_webhooks::contract::{self, Checker};

fn reference() -> &'static Checker {
    static REFERENCE: OnceLock<Checker> = OnceLock::new();
    REFERENCE.get_or_init(Checker::reference)
}

fuzz_target!(|input: &[u8]| {
    let report = contract::check(input);
    assert_eq!(report.ok, report.violations.is_empty(), "{report:?}");
    assert_eq!(report, reference().check(input));
    let (event_type, body) = match input.iter().position(|&b| b == b'\n') {
        Some(at) => (&input[..at], &input[at + 1..]),
        None => (&b""[..], input),
    };
    if let Ok(event_type) = std::str::from_utf8(event_type) {
        let report = contract::check_data(event_type, body);
        assert_eq!(report.ok, report.violations.is_empty(), "{report:?}");
        assert_eq!(report, reference().check_data(event_type, body));
    }
});
