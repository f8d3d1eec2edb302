//! Samples of every event are valid against the event's JSON Schema and parse into its type.

use std::path::Path;

use voucherify_codegen::emit::json_schema;
use voucherify_codegen::schema::{self, Channel};
use voucherify_webhooks::{sample, Data, Webhook};

const SEEDS: std::ops::Range<u64> = 0..6;

#[test]
fn samples_of_every_event_conform_and_are_typed() {
    let set = schema::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas"))
        .expect("schemas load");
    assert_eq!(set.events.len(), 74);
    let mut failures = Vec::new();
    for event in &set.events {
        let data_schema = json_schema::data_schema(&set, event);
        let full = json_schema::event_schema(&set, event);
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&full)
            .unwrap_or_else(|e| panic!("{}: {e}", event.event));
        for seed in SEEDS {
            let distribution = match event.channel {
                Channel::Distribution => true,
                Channel::ProjectSettings => false,
                Channel::Both => seed % 2 == 1,
            };
            let body = sample::webhook(&event.event, distribution, &data_schema, seed);
            for error in validator.iter_errors(&body) {
                failures.push(format!(
                    "{} seed {seed}: at {} ({}): {}",
                    event.event,
                    error.instance_path(),
                    error.schema_path(),
                    error.to_string().chars().take(120).collect::<String>()
                ));
            }
            let bytes = serde_json::to_vec(&body).expect("serialises");
            match Webhook::from_slice(&bytes) {
                Ok(webhook) => match &webhook.data {
                    Data::Typed(typed) if typed.event_type() == event.event => {
                        if serde_json::to_value(&webhook).expect("serialises") != body {
                            failures
                                .push(format!("{} seed {seed}: does not round-trip", event.event));
                        }
                    }
                    Data::Typed(other) => failures.push(format!(
                        "{} seed {seed}: typed as {}",
                        event.event,
                        other.event_type()
                    )),
                    Data::Raw(raw) => failures.push(format!(
                        "{} seed {seed}: kept raw: {}",
                        event.event, raw.reason
                    )),
                },
                Err(e) => failures.push(format!("{} seed {seed}: refused: {e}", event.event)),
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
