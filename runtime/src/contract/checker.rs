//! The [`Checker`]: compiled validators, each built once on first use and then reused, and the
//! steps of a check (schema, typed parse, round trip, drift).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

use super::{drift, explain, Kind, Report, Violation};
use crate::json_schema::{Bundle, JsonSchemas};
use crate::webhook::json_error;
use crate::{parse_data, Data, ParseError, Untyped, Webhook};

/// Checks payloads against the embedded schemas of the event set `E`. Compiling a validator takes far longer than
/// validating one payload, so each is compiled on first use and kept: share one `Checker` (the
/// free functions [`check`](super::check) and [`check_data`](super::check_data) use one for the
/// whole process). `Send + Sync`.
pub struct Checker<E> {
    /// Whether to look for drift (the warnings). It walks every payload against its schema a
    /// second time, which costs more than the validation itself.
    drift: bool,
    envelope: OnceLock<Compiled>,
    /// One slot per event type with a schema, sorted: (event type, whole webhook, bare data).
    events: Vec<(&'static str, OnceLock<Compiled>, OnceLock<Compiled>)>,
    schemas: &'static Bundle,
    set: PhantomData<fn() -> E>,
}

/// A schema and its validator (or why it did not compile).
struct Compiled {
    schema: Value,
    validator: Result<jsonschema::Validator, String>,
}

impl Compiled {
    fn new(schema: Value) -> Compiled {
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            // The schemas refer only inside themselves; refusing every other reference keeps a
            // check offline even where another crate turns on jsonschema's HTTP resolver.
            .with_retriever(NoRemote)
            .build(&schema)
            .map_err(|e| e.to_string());
        Compiled { schema, validator }
    }
}

struct NoRemote;

impl jsonschema::Retrieve for NoRemote {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("{uri}: remote references are not resolved").into())
    }
}

impl<E: JsonSchemas> Default for Checker<E> {
    fn default() -> Self {
        Checker::new()
    }
}

impl<E: JsonSchemas> Checker<E> {
    /// A checker for every event type with a schema; nothing is compiled yet.
    pub fn new() -> Checker<E> {
        let schemas = E::json_schemas();
        Checker {
            drift: true,
            envelope: OnceLock::new(),
            events: schemas
                .event_types()
                .map(|t| (t, OnceLock::new(), OnceLock::new()))
                .collect(),
            schemas,
            set: PhantomData,
        }
    }

    /// A checker that leaves [`Report::warnings`](super::Report) empty: the same verdicts,
    /// several times faster, for runs that do not report drift.
    pub fn without_drift() -> Checker<E> {
        Checker {
            drift: false,
            ..Checker::new()
        }
    }

    /// The checker of [`check`](super::check) and [`check_data`](super::check_data).
    pub fn shared() -> &'static Checker<E> {
        // One checker per event set for the whole process. A generic function has no static of
        // its own per type, so the checkers live in one map by type, each leaked once.
        type Shared = HashMap<TypeId, &'static (dyn Any + Send + Sync)>;
        static SHARED: OnceLock<Mutex<Shared>> = OnceLock::new();
        let mut map = SHARED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let checker = *map
            .entry(TypeId::of::<E>())
            .or_insert_with(|| Box::leak(Box::new(Checker::<E>::new())));
        match checker.downcast_ref::<Checker<E>>() {
            Some(checker) => checker,
            // Unreachable: the map's key is the type of its value.
            None => Box::leak(Box::new(Checker::new())),
        }
    }

    fn slot(
        &self,
        event_type: &str,
    ) -> Option<&(&'static str, OnceLock<Compiled>, OnceLock<Compiled>)> {
        let i = self
            .events
            .binary_search_by(|(t, _, _)| (*t).cmp(event_type))
            .ok()?;
        self.events.get(i)
    }

    /// See [`check`](super::check).
    pub fn check(&self, body: &[u8]) -> Report {
        let parsed = Webhook::<E>::from_slice(body);
        let value = match (serde_json::from_slice::<Value>(body), &parsed) {
            (_, Err(e @ ParseError::LegacyV2018)) => return refused(Kind::Legacy, e.to_string()),
            (Ok(value), _) => value,
            (Err(_), Err(e)) => return refused(json_kind(e), e.to_string()),
            // `from_slice` reads the body as a `Value` whenever it does not type it at once,
            // so the two agree on what is JSON; this is a bug if it is ever seen.
            (Err(e), Ok(_)) => {
                let e = json_error(&e);
                return refused(
                    json_kind(&e),
                    format!("{e} (yet the typed parse accepted it)"),
                );
            }
        };
        let (event_type, type_pointer) = event_type_of(&value);
        let slot = event_type.as_deref().and_then(|t| self.slot(t));
        let compiled = match slot {
            Some((_, whole, _)) => whole.get_or_init(|| {
                Compiled::new(
                    self.schemas
                        .event(slot.map_or("", |s| s.0))
                        .unwrap_or_default(),
                )
            }),
            None => self
                .envelope
                .get_or_init(|| Compiled::new(self.schemas.envelope())),
        };
        let mut report = validate(compiled, &value, event_type.clone(), self.drift);
        if let (Some(t), None) = (&event_type, slot) {
            report.violations.push(Violation {
                pointer: type_pointer.into(),
                schema_path: String::new(),
                kind: Kind::UnknownEventType,
                message: format!(
                    "event type `{t}` has no schema here: only the envelope was checked"
                ),
            });
        }
        match parsed {
            Ok(webhook) => {
                round_trip(
                    &mut report,
                    body,
                    &value,
                    serde_json::to_value(&webhook).ok(),
                );
                match &webhook.data {
                    Data::Typed(event) => report.typed = Some(event.rust_type()),
                    Data::Raw(raw) => {
                        if let Untyped::Mismatch(e) = &raw.reason {
                            not_typed(&mut report, &e.pointer, &e.message);
                        }
                    }
                }
            }
            Err(ParseError::NotAnEnvelope(e)) => not_typed(&mut report, &e.pointer, &e.message),
            Err(e) => not_typed(&mut report, "", &e.to_string()),
        }
        finish(report)
    }

    /// See [`check_data`](super::check_data).
    pub fn check_data(&self, event_type: &str, body: &[u8]) -> Report {
        let value = match serde_json::from_slice::<Value>(body) {
            Ok(value) => value,
            Err(e) => {
                let e = json_error(&e);
                return refused(json_kind(&e), e.to_string());
            }
        };
        let Some((name, _, data)) = self.slot(event_type) else {
            let mut report = refused(
                Kind::UnknownEventType,
                format!("event type `{event_type}` has no schema here"),
            );
            report.event_type = Some(event_type.to_string());
            return report;
        };
        let compiled =
            data.get_or_init(|| Compiled::new(self.schemas.data(name).unwrap_or_default()));
        let mut report = validate(compiled, &value, Some(event_type.to_string()), self.drift);
        // `None`: the event's family feature is off, so there is no type to parse into.
        match parse_data::<E>(event_type, body) {
            Some(Ok(event)) => {
                report.typed = Some(event.rust_type());
                round_trip(&mut report, body, &value, serde_json::to_value(&event).ok());
            }
            Some(Err(e)) => not_typed(&mut report, &e.pointer, &e.message),
            None => {}
        }
        finish(report)
    }
}

/// The event type as [`Webhook::event_type`] reads it, and the pointer it was read at.
fn event_type_of(value: &Value) -> (Option<String>, &'static str) {
    let distribution =
        value.pointer("/source/object").and_then(Value::as_str) == Some("distribution");
    let pointer = if distribution { "/event/type" } else { "/type" };
    let event_type = value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string);
    (event_type, pointer)
}

/// The kind of a body serde_json could not read.
fn json_kind(error: &ParseError) -> Kind {
    match error {
        ParseError::Unrepresentable { .. } => Kind::Unrepresentable,
        _ => Kind::NotJson,
    }
}

/// A report of one violation of the whole body, when nothing else can be checked.
fn refused(kind: Kind, message: String) -> Report {
    Report {
        event_type: None,
        ok: false,
        violations: vec![Violation {
            pointer: String::new(),
            schema_path: String::new(),
            kind,
            message,
        }],
        warnings: Vec::new(),
        round_trip: None,
        typed: None,
    }
}

fn validate(compiled: &Compiled, value: &Value, event_type: Option<String>, drift: bool) -> Report {
    let (violations, warnings) = match &compiled.validator {
        Ok(validator) => (
            // Most payloads conform: the yes-or-no answer is much cheaper than the errors.
            match validator.is_valid(value) {
                true => Vec::new(),
                false => explain::violations(validator.iter_errors(value)),
            },
            match drift {
                true => drift::warnings(&compiled.schema, value),
                false => Vec::new(),
            },
        ),
        Err(e) => (
            vec![Violation {
                pointer: String::new(),
                schema_path: String::new(),
                kind: Kind::Other,
                message: format!("the schema did not compile: {e}"),
            }],
            Vec::new(),
        ),
    };
    Report {
        event_type,
        ok: false,
        violations,
        warnings,
        round_trip: None,
        typed: None,
    }
}

/// A failed typed parse is news only when the schema found nothing: then the two disagree.
fn not_typed(report: &mut Report, pointer: &str, message: &str) {
    if report.violations.is_empty() {
        report.violations.push(Violation {
            pointer: pointer.to_string(),
            schema_path: String::new(),
            kind: Kind::NotTyped,
            message: format!("the schema accepts it, but the typed parse failed: {message}"),
        });
    }
}

/// Compares the parsed value, serialised again, with the payload; a difference is a violation
/// at the first place they differ. `original` was read by the same parser as the typed value,
/// so a number that parser changes is looked for in the text of `body`.
fn round_trip(report: &mut Report, body: &[u8], original: &Value, again: Option<Value>) {
    let difference = match &again {
        // Equality allocates nothing; finding where two values differ builds a pointer at
        // every step, so it runs only for the rare payload that does not round-trip.
        Some(again) if again == original => None,
        Some(again) => first_difference(original, again, String::new()),
        None => Some(String::new()),
    };
    let changed = super::numbers_that_change(body);
    report.round_trip = Some(difference.is_none() && changed.is_empty());
    report.violations.extend(changed);
    if let Some(pointer) = difference {
        report.violations.push(Violation {
            pointer,
            schema_path: String::new(),
            kind: Kind::RoundTrip,
            message: "serialising the parsed value did not give back the same JSON here".into(),
        });
    }
}

/// The pointer of the first place where `a` and `b` differ, `None` when they are equal.
fn first_difference(a: &Value, b: &Value, pointer: String) -> Option<String> {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().find_map(|k| match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => first_difference(x, y, format!("{pointer}/{}", escape(k))),
                _ => Some(format!("{pointer}/{}", escape(k))),
            })
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, format!("{pointer}/{i}"))),
        _ if a == b => None,
        _ => Some(pointer),
    }
}

pub(super) use crate::error::escape_pointer_token as escape;

fn finish(mut report: Report) -> Report {
    report.violations.sort_by(|a, b| {
        (&a.pointer, &a.schema_path, a.kind).cmp(&(&b.pointer, &b.schema_path, b.kind))
    });
    report.violations.dedup();
    report.ok = report.violations.is_empty();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checker_is_shared_between_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Checker<std::convert::Infallible>>();
    }

    #[test]
    fn the_first_difference_is_named() {
        let a = serde_json::json!({"a": {"b/c": [1, 2]}, "z": 1});
        let b = serde_json::json!({"a": {"b/c": [1, 3]}, "z": 1});
        assert_eq!(
            first_difference(&a, &b, String::new()),
            Some("/a/b~1c/1".into())
        );
        assert_eq!(first_difference(&a, &a, String::new()), None);
    }

    #[test]
    fn event_type_by_channel() {
        let distribution = serde_json::json!({"type": "Free text", "source": {"object": "distribution"}, "event": {"type": "customer.rewarded"}});
        assert_eq!(
            event_type_of(&distribution),
            (Some("customer.rewarded".into()), "/event/type")
        );
        let settings = serde_json::json!({"type": "voucher.published", "source": {"object": "webhook"}, "event": {"type": "x"}});
        assert_eq!(
            event_type_of(&settings),
            (Some("voucher.published".into()), "/type")
        );
    }
}
