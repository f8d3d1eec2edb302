//! Voucherify's published payloads against the JSON Schemas emitted from the committed
//! `schemas/`: every docs example `data` object is valid for its event, every docs envelope is
//! a valid envelope, and no legacy v2018-08-01 webhook passes for one.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use voucherify_codegen::emit::json_schema;
use voucherify_codegen::import::{convert, overrides, sources::Sources};
use voucherify_codegen::schema::{self, SchemaSet};

/// The docs' "raw payload" distribution body: a user's own design, no envelope at all.
const RAW_PAYLOAD: &str = "customer.publication.succeeded__2.json";
/// A distribution envelope whose `data` is the user's own design (the "Payload designer"),
/// which no documented data schema describes.
const DESIGNED_DATA: &str = "customer.publication.succeeded__1.json";

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("the emitted schema does not compile: {e}"))
}

/// Each problem as `file: /instance/path: message (schema /path)`. A failed union is
/// explained by its members' problems (a `null` member's "not null" says nothing).
fn problems(validator: &jsonschema::Validator, file: &str, payload: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for error in validator.iter_errors(payload) {
        explain(&error, file, &mut out);
    }
    out
}

fn explain(error: &jsonschema::ValidationError, file: &str, out: &mut Vec<String>) {
    use jsonschema::error::ValidationErrorKind as Kind;
    let members = match error.kind() {
        Kind::AnyOf { context } | Kind::OneOfNotValid { context } => context,
        _ => {
            out.push(format!(
                "{file}: {}: {} (schema {})",
                error.instance_path(),
                short(&error.to_string()),
                error.evaluation_path()
            ));
            return;
        }
    };
    let useful: Vec<_> = members
        .iter()
        .filter(|m| !(m.len() == 1 && m[0].to_string().ends_with("is not of type \"null\"")))
        .collect();
    if useful.len() == 1 {
        for e in useful[0] {
            explain(e, file, out);
        }
    } else {
        out.push(format!(
            "{file}: {}: matches none of {} members (schema {})",
            error.instance_path(),
            members.len(),
            error.evaluation_path()
        ));
    }
}

/// Messages quote the whole failing value; a long one is cut.
fn short(message: &str) -> String {
    const MAX: usize = 160;
    if message.len() <= MAX {
        return message.to_string();
    }
    let cut = (0..=MAX)
        .rev()
        .find(|i| message.is_char_boundary(*i))
        .unwrap_or(0);
    format!("{}...", &message[..cut])
}

/// The JSON files of a folder, sorted, as (file name, value).
fn payloads(dir: &Path) -> Vec<(String, Value)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, value)
        })
        .collect()
}

fn schema_set() -> SchemaSet {
    schema::load(&common::schemas()).unwrap_or_else(|e| panic!("schemas/ does not load:\n{e}"))
}

/// `redemption.succeeded__1.json` -> `redemption.succeeded`.
fn event_of(file: &str) -> &str {
    file.split("__").next().unwrap_or(file)
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn docs_examples_are_valid_data_for_their_events() {
    let shared = common::shared_dir();
    let set = schema_set();
    let examples = payloads(&shared.join("payloads/docs-examples"));
    assert_eq!(examples.len(), 72, "the docs have 72 examples");
    let mut failures = Vec::new();
    for (file, payload) in &examples {
        let Some(event) = set.events.iter().find(|e| e.event == event_of(file)) else {
            failures.push(format!("{file}: no event `{}` in schemas/", event_of(file)));
            continue;
        };
        let v = validator(&json_schema::data_schema(&set, event));
        failures.extend(problems(&v, file, payload));
    }
    assert!(
        failures.is_empty(),
        "{} problems (fix the docs' mistakes in schemas/overrides.yaml):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn docs_envelopes_are_valid_envelopes() {
    let shared = common::shared_dir();
    let set = schema_set();
    let v = validator(&json_schema::envelope_schema(&set));
    let envelopes = envelopes(&shared);
    assert_eq!(envelopes.len(), 4, "the docs have 4 envelopes");
    let failures: Vec<String> = envelopes
        .iter()
        .flat_map(|(file, payload)| problems(&v, file, payload))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn legacy_webhooks_are_not_envelopes() {
    let shared = common::shared_dir();
    let set = schema_set();
    let v = validator(&json_schema::envelope_schema(&set));
    let legacy = payloads(&shared.join("payloads/legacy-v2018-08-01"));
    assert_eq!(legacy.len(), 6, "there are 6 legacy webhooks");
    for (file, payload) in &legacy {
        assert!(
            !v.is_valid(payload),
            "{file} passes for a v2024-01-01 envelope"
        );
    }
}

/// The docs' envelopes, without the raw payload.
fn envelopes(shared: &Path) -> Vec<(String, Value)> {
    payloads(&shared.join("payloads/docs-envelopes"))
        .into_iter()
        .filter(|(file, _)| file != RAW_PAYLOAD)
        .collect()
}

/// True when every example and envelope is valid for `set` (stops at the first that is not).
fn all_valid(set: &SchemaSet, examples: &[(String, Value)], envelopes: &[(String, Value)]) -> bool {
    let envelope = validator(&json_schema::envelope_schema(set));
    if !envelopes.iter().all(|(_, p)| envelope.is_valid(p)) {
        return false;
    }
    examples.iter().all(|(file, payload)| {
        set.events
            .iter()
            .find(|e| e.event == event_of(file))
            .is_some_and(|event| validator(&json_schema::data_schema(set, event)).is_valid(payload))
    })
}

/// The overrides stay minimal: without any one entry, some payload is no longer valid.
#[test]
#[cfg_attr(
    any(shared_absent, docs_absent),
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn every_override_is_needed_by_a_payload() {
    let (shared, docs) = (common::shared_dir(), common::docs_dir());
    let files: Vec<PathBuf> = common::DOCS.iter().map(|d| docs.join(d)).collect();
    let sources = Sources::read(&files).unwrap_or_else(|e| panic!("{e}"));
    let imported = convert::convert(&sources).unwrap_or_else(|e| panic!("{e}"));
    let path = common::schemas().join("overrides.yaml");
    let entries = overrides::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let examples = payloads(&shared.join("payloads/docs-examples"));
    let envelopes = envelopes(&shared);
    let mut unneeded = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let mut fewer = entries.clone();
        fewer.remove(i);
        let mut set = imported.clone();
        match overrides::apply(&fewer, &path, &mut set) {
            Ok(applied) if applied.diagnostics.is_empty() => {}
            _ => continue, // another entry builds on this one: needed
        }
        let set = SchemaSet {
            envelope: set.envelope,
            events: set.events,
            objects: set.objects,
        };
        if all_valid(&set, &examples, &envelopes) {
            unneeded.push(format!("override {} (`at: {}`)", i + 1, entry.at));
        }
    }
    assert!(
        unneeded.is_empty(),
        "every payload is valid without these entries of schemas/overrides.yaml; remove them:\n{}",
        unneeded.join("\n")
    );
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn docs_envelopes_are_valid_webhooks_of_their_events() {
    let shared = common::shared_dir();
    let set = schema_set();
    let mut failures = Vec::new();
    for (file, payload) in envelopes(&shared) {
        if file == DESIGNED_DATA {
            continue;
        }
        // Distribution webhooks carry the event type in `event.type`, not in `type`.
        let Some(event) = set.events.iter().find(|e| e.event == event_of(&file)) else {
            failures.push(format!(
                "{file}: no event `{}` in schemas/",
                event_of(&file)
            ));
            continue;
        };
        let v = validator(&json_schema::event_schema(&set, event));
        failures.extend(problems(&v, &file, &payload));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
