//! Samples of every event pass the whole contract check (JSON Schema, typed parse as that
//! event, round trip), for several seeds and both channels where the event has both.

use voucherify_webhooks::{contract, json_schema, sample, Channel, EVENT_TYPES};

const SEEDS: std::ops::Range<u64> = 0..6;

#[test]
fn samples_of_every_event_pass_the_contract_check() {
    assert_eq!(EVENT_TYPES.len(), 74);
    let mut failures = Vec::new();
    for (event_type, channel, rust_type) in EVENT_TYPES {
        let data_schema = json_schema::data(event_type).expect("every event has its schema");
        for seed in SEEDS {
            let distribution = match channel {
                Channel::Distribution => true,
                Channel::ProjectSettings => false,
                Channel::Both => seed % 2 == 1,
            };
            let body = sample::webhook(event_type, distribution, &data_schema, seed).to_vec();
            let report = contract::check(&body);
            if !report.ok
                || report.typed != Some(*rust_type)
                || report.event_type.as_deref() != Some(*event_type)
            {
                let violations: Vec<String> = report
                    .violations
                    .iter()
                    .map(|v| format!("{} {}: {}", v.pointer, v.kind.as_str(), v.message))
                    .collect();
                failures.push(format!(
                    "{event_type} seed {seed}: typed {:?}; {}",
                    report.typed,
                    violations.join("; ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
