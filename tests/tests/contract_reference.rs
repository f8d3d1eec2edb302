//! The contract check's own rules against the reference: the `jsonschema` crate validating the
//! standalone schema files, with the drift found by walking those files
//! ([`Checker::reference`]). Both must give the same report (violations with their kinds,
//! pointers, schema paths and messages; warnings; round trip; type) on every payload here:
//! the fixtures, the docs examples in envelopes, a sample of every event, and each of those
//! broken in many places and ways.

use serde_json::{json, Value};
use voucherify_contract_tests::{json_files, typed_corpus};
use voucherify_webhooks::contract::Checker;
use voucherify_webhooks::{json_schema, sample, EVENT_TYPES};

/// At most this many places of each payload are broken, spread over the whole payload (and
/// shifted from one payload to the next, so that the payloads of one event break different
/// places).
const PLACES: usize = 5;

/// The ways a value is broken at one place.
fn breakages(value: &Value) -> Vec<Option<Value>> {
    let mut out = vec![
        None, // the property left out
        Some(Value::Null),
        Some(json!("x")),
        Some(json!(12.5)),
        Some(json!(7)),
        Some(json!({})),
        Some(json!([1])),
        Some(json!(true)),
    ];
    match value {
        Value::String(_) => out.push(Some(json!("2024-02-30T25:61:00Z"))),
        Value::Object(object) => {
            let mut more = object.clone();
            more.insert("zz_undocumented".into(), json!({"a": 1}));
            out.push(Some(Value::Object(more)));
        }
        Value::Array(items) => {
            let mut more = items.clone();
            more.push(json!("an item"));
            out.push(Some(Value::Array(more)));
        }
        _ => {}
    }
    out
}

/// Every place in `value` as a list of steps, in document order.
fn places(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                at.push(Step::Key(key.clone()));
                places(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(Step::Index(i));
                places(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// `value` with the place at `path` replaced (or, with `None`, removed).
fn broken(value: &Value, path: &[Step], with: &Option<Value>) -> Value {
    let mut out = value.clone();
    let Some((last, parents)) = path.split_last() else {
        return with.clone().unwrap_or(Value::Null);
    };
    let mut node = &mut out;
    for step in parents {
        node = match step {
            Step::Key(k) => &mut node[k.as_str()],
            Step::Index(i) => &mut node[*i],
        };
    }
    match (node, last, with) {
        (Value::Object(o), Step::Key(k), None) => {
            o.remove(k);
        }
        (Value::Array(a), Step::Index(i), None) => {
            a.remove(*i);
        }
        (node, Step::Key(k), Some(v)) => node[k.as_str()] = v.clone(),
        (node, Step::Index(i), Some(v)) => node[*i] = v.clone(),
        _ => {}
    }
    out
}

/// Every payload and each broken variant of it, checked by both; returns how many were.
fn agree(own: &Checker, reference: &Checker, name: &str, payload: &Value, shift: usize) -> usize {
    let mut all = Vec::new();
    places(payload, &mut Vec::new(), &mut all);
    let stride = all.len().div_ceil(PLACES).max(1);
    let mut checked = 0;
    let mut compare = |body: &[u8], what: &dyn Fn() -> String| {
        let (ours, theirs) = (own.check(body), reference.check(body));
        assert_eq!(ours, theirs, "{name}, {}", what());
        checked += 1;
    };
    compare(&serde_json::to_vec(payload).unwrap(), &|| "as it is".into());
    for path in all.iter().skip(1 + shift % stride).step_by(stride) {
        let at = &payload_pointer(path);
        let original = pointer_value(payload, path);
        for with in breakages(original) {
            let body = serde_json::to_vec(&broken(payload, path, &with)).unwrap();
            compare(&body, &|| format!("{at} broken as {with:?}"));
        }
    }
    checked
}

fn pointer_value<'a>(value: &'a Value, path: &[Step]) -> &'a Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &v[k.as_str()],
        Step::Index(i) => &v[*i],
    })
}

fn payload_pointer(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!("/{k}"),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

#[test]
fn the_rules_agree_with_jsonschema_on_whole_webhooks() {
    let own = Checker::new();
    let reference = Checker::reference();
    let mut payloads: Vec<(String, Vec<u8>)> = typed_corpus();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    for path in json_files(&fixtures) {
        payloads.push((path.display().to_string(), std::fs::read(&path).unwrap()));
    }
    let mut checked = 0;
    for (i, (name, body)) in payloads.iter().enumerate() {
        // Bodies that are not JSON are compared as they are.
        let Ok(payload) = serde_json::from_slice::<Value>(body) else {
            assert_eq!(own.check(body), reference.check(body), "{name}");
            continue;
        };
        checked += agree(&own, &reference, name, &payload, i);
    }
    assert!(checked > 500, "only {checked} payloads compared");
}

#[test]
fn the_rules_agree_with_jsonschema_on_bare_data_of_every_event() {
    let own = Checker::new();
    let reference = Checker::reference();
    for (event_type, _, _) in EVENT_TYPES {
        let Some(schema) = json_schema::data(event_type) else {
            continue;
        };
        for seed in [1, 7] {
            let data = sample::value(&schema, seed);
            let mut all = Vec::new();
            places(&data, &mut Vec::new(), &mut all);
            let stride = all.len().div_ceil(PLACES).max(1);
            let body = serde_json::to_vec(&data).unwrap();
            assert_eq!(
                own.check_data(event_type, &body),
                reference.check_data(event_type, &body),
                "{event_type} sample {seed}"
            );
            for path in all.iter().skip(1 + seed as usize % stride).step_by(stride) {
                for with in breakages(pointer_value(&data, path)) {
                    let body = serde_json::to_vec(&broken(&data, path, &with)).unwrap();
                    assert_eq!(
                        own.check_data(event_type, &body),
                        reference.check_data(event_type, &body),
                        "{event_type} sample {seed}, {} broken as {with:?}",
                        payload_pointer(path)
                    );
                }
            }
        }
    }
}

/// The reports compared above are not all clean: the comparison covers violations of every
/// kind a schema rule gives, and warnings.
#[test]
fn the_broken_payloads_reach_every_kind_of_schema_finding() {
    use std::collections::BTreeSet;
    use voucherify_webhooks::contract::Kind;
    let own = Checker::new();
    let mut kinds = BTreeSet::new();
    for (_, body) in typed_corpus().iter().step_by(4) {
        let payload: Value = serde_json::from_slice(body).unwrap();
        let mut all = Vec::new();
        places(&payload, &mut Vec::new(), &mut all);
        for path in all.iter().skip(1).step_by(3) {
            for with in breakages(pointer_value(&payload, path)) {
                let body = serde_json::to_vec(&broken(&payload, path, &with)).unwrap();
                let report = own.check(&body);
                kinds.extend(
                    report
                        .violations
                        .iter()
                        .chain(&report.warnings)
                        .map(|v| v.kind),
                );
            }
        }
    }
    for kind in [
        Kind::MissingRequired,
        Kind::WrongType,
        Kind::NullNotAllowed,
        Kind::NotInEnum,
        Kind::Format,
        Kind::UndocumentedProperty,
    ] {
        assert!(kinds.contains(&kind), "no {kind} among {kinds:?}");
    }
}
