//! The [`Checker`]: the event set's schemas compiled into [`Rules`] once, on first use, and
//! the steps of a check (one walk for the schema and the drift, the typed parse, the round
//! trip).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use super::rules::Rules;
use super::tree::{self, Node, Noticed};
use super::{explain, round_trip, validate, Kind, Report, Violation};
use crate::json_schema::{Bundle, JsonSchemas};
use crate::webhook::{event_type_in, json_error};
use crate::{parse_data, Data, ParseError, Untyped, Webhook};

/// Checks payloads against the embedded schemas of the event set `E`. The schemas are compiled
/// into rules on first use (about a millisecond for this crate's set) and kept: share one
/// `Checker` (the free functions [`check`](super::check) and [`check_data`](super::check_data)
/// use one for the whole process). `Send + Sync`.
pub struct Checker<E> {
    /// Whether to report drift (the warnings). It comes from the same walk as the violations,
    /// so it costs little; without it, a union is not walked through the member it was meant
    /// for first.
    drift: bool,
    rules: OnceLock<Result<Rules, String>>,
    /// Every event type with a schema, sorted.
    events: Vec<&'static str>,
    #[cfg(feature = "jsonschema-reference")]
    reference: Option<Reference>,
    schemas: &'static Bundle,
    set: PhantomData<fn() -> E>,
}

/// The violations and warnings of a payload, or why the schemas did not compile.
type Findings = Result<(Vec<Violation>, Vec<Violation>), String>;

/// The documents a payload is checked against.
#[derive(Clone, Copy)]
enum Document<'a> {
    /// The envelope alone, when the event type has no schema.
    Envelope,
    /// A whole webhook of an event type.
    Event(&'a str),
    /// The bare `data` of an event type.
    Data(&'a str),
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
            rules: OnceLock::new(),
            events: schemas.event_types().collect(),
            #[cfg(feature = "jsonschema-reference")]
            reference: None,
            schemas,
            set: PhantomData,
        }
    }

    /// A checker that leaves [`Report::warnings`](super::Report) empty: the same verdicts,
    /// for runs that do not report drift.
    pub fn without_drift() -> Checker<E> {
        Checker {
            drift: false,
            ..Checker::new()
        }
    }

    /// A checker that validates with the `jsonschema` crate against the standalone schema
    /// documents, and finds drift by walking those documents: the reference this crate's own
    /// rules are tested against (feature `jsonschema-reference`). Its reports are meant to
    /// equal those of [`Checker::new`] on every payload; it is many times slower.
    #[cfg(feature = "jsonschema-reference")]
    pub fn reference() -> Checker<E> {
        let checker = Checker::new();
        Checker {
            reference: Some(Reference::new(&checker.events)),
            ..checker
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

    /// The event type as the schemas spell it, when it has one.
    fn known(&self, event_type: &str) -> Option<&'static str> {
        let i = self
            .events
            .binary_search_by(|t| (*t).cmp(event_type))
            .ok()?;
        self.events.get(i).copied()
    }

    /// See [`check`](super::check).
    pub fn check(&self, body: &[u8]) -> Report {
        // One parse for the common case: the body read into a tree, typed from there.
        // Anything else is read again as `from_slice` reads it, for its exact answer.
        let value = tree::read(body);
        // A key given twice is kept once in the tree, while `from_slice` refuses it: such a
        // body is typed as `from_slice` types it.
        let typed = value
            .as_ref()
            .ok()
            .filter(|(_, noticed)| !noticed.key_given_twice)
            .and_then(|(v, _)| Webhook::<E>::typed_from_tree(v));
        let parsed = match typed {
            Some(webhook) => Ok(webhook),
            None => Webhook::<E>::from_slice(body),
        };
        let value = match (value, &parsed) {
            (_, Err(e @ ParseError::LegacyV2018)) => return refused(Kind::Legacy, e.to_string()),
            (Ok(read), _) => read,
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
        let (value, noticed) = value;
        let (event_type, type_pointer) = event_type_in(&value);
        let event_type = event_type.map(str::to_string);
        if let (true, Err(e @ ParseError::Unrepresentable { .. })) =
            (noticed.key_given_twice, &parsed)
        {
            return keys_given_twice(body, noticed, event_type, e.to_string());
        }
        let known = event_type.as_deref().and_then(|t| self.known(t));
        let document = known.map_or(Document::Envelope, Document::Event);
        let mut report = self.validate(document, &value, event_type.clone());
        if let (Some(t), None) = (&event_type, known) {
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
                round_trip(&mut report, body, (&value, noticed), &webhook);
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
        let (value, noticed) = match tree::read(body) {
            Ok(read) => read,
            Err(e) => {
                let e = json_error(&e);
                return refused(json_kind(&e), e.to_string());
            }
        };
        let Some(name) = self.known(event_type) else {
            let mut report = refused(
                Kind::UnknownEventType,
                format!("event type `{event_type}` has no schema here"),
            );
            report.event_type = Some(event_type.to_string());
            return report;
        };
        // Typed from the tree when it types; anything else is read as `parse_data` reads it,
        // for its exact answer (a key given twice, kept once in the tree, is refused there).
        let typed = if noticed.key_given_twice {
            None
        } else {
            E::deserialize_event(event_type, &value).and_then(Result::ok)
        };
        let parsed = match typed {
            Some(event) => Some(Ok(event)),
            None => parse_data::<E>(event_type, body),
        };
        if let (true, Some(Err(e))) = (noticed.key_given_twice, &parsed) {
            return keys_given_twice(body, noticed, Some(event_type.to_string()), e.to_string());
        }
        let mut report = self.validate(Document::Data(name), &value, Some(event_type.to_string()));
        // `None`: the event's family feature is off, so there is no type to parse into.
        match parsed {
            Some(Ok(event)) => {
                report.typed = Some(event.rust_type());
                round_trip(&mut report, body, (&value, noticed), &event);
            }
            Some(Err(e)) => not_typed(&mut report, &e.pointer, &e.message),
            None => {}
        }
        finish(report)
    }

    /// The violations and warnings of `value` against a document, in a report to complete.
    fn validate(
        &self,
        document: Document<'_>,
        value: &Node<'_>,
        event_type: Option<String>,
    ) -> Report {
        let found = match self.reference_findings(document, value) {
            Some(found) => found,
            None => self.findings(document, value),
        };
        let (violations, warnings) = found.unwrap_or_else(|e| {
            let violation = Violation {
                pointer: String::new(),
                schema_path: String::new(),
                kind: Kind::Other,
                message: format!("the schema did not compile: {e}"),
            };
            (vec![violation], Vec::new())
        });
        Report {
            event_type,
            ok: false,
            violations,
            warnings,
            round_trip: None,
            typed: None,
        }
    }

    fn findings(&self, document: Document<'_>, value: &Node<'_>) -> Findings {
        let rules = self
            .rules
            .get_or_init(|| Rules::compile(self.schemas))
            .as_ref()
            .map_err(Clone::clone)?;
        let root = match document {
            Document::Envelope => Some(rules.envelope),
            Document::Event(t) => rules.event(t).map(|(whole, _)| whole),
            Document::Data(t) => rules.event(t).map(|(_, data)| data),
        }
        .ok_or("the bundle lists an event without its rules")?;
        let (errors, mut warnings) = validate::walk(rules, root, value, self.drift);
        warnings.sort_by(|a, b| (&a.pointer, a.kind).cmp(&(&b.pointer, b.kind)));
        warnings.dedup();
        // Most payloads conform: nothing to explain.
        let violations = match errors.is_empty() {
            true => Vec::new(),
            false => explain::violations(&errors),
        };
        Ok((violations, warnings))
    }

    #[cfg(not(feature = "jsonschema-reference"))]
    fn reference_findings(&self, _: Document<'_>, _: &Node<'_>) -> Option<Findings> {
        None
    }

    #[cfg(feature = "jsonschema-reference")]
    fn reference_findings(&self, document: Document<'_>, value: &Node<'_>) -> Option<Findings> {
        let reference = self.reference.as_ref()?;
        let compiled = reference.compiled(self.schemas, document)?;
        Some(compiled.findings(&value.to_value(), self.drift))
    }
}

/// The reference engine's compiled documents, each built on first use.
#[cfg(feature = "jsonschema-reference")]
struct Reference {
    envelope: OnceLock<super::reference::Compiled>,
    /// Per event type, in the order of `Checker::events`: (whole webhook, bare data).
    events: Vec<(
        OnceLock<super::reference::Compiled>,
        OnceLock<super::reference::Compiled>,
    )>,
    names: Vec<&'static str>,
}

#[cfg(feature = "jsonschema-reference")]
impl Reference {
    fn new(events: &[&'static str]) -> Reference {
        Reference {
            envelope: OnceLock::new(),
            events: events.iter().map(|_| Default::default()).collect(),
            names: events.to_vec(),
        }
    }

    fn compiled(
        &self,
        schemas: &Bundle,
        document: Document<'_>,
    ) -> Option<&super::reference::Compiled> {
        use super::reference::Compiled;
        let slot = |t: &str| self.names.binary_search(&t).ok().map(|i| &self.events[i]);
        Some(match document {
            Document::Envelope => self
                .envelope
                .get_or_init(|| Compiled::new(schemas.envelope())),
            Document::Event(t) => slot(t)?
                .0
                .get_or_init(|| Compiled::new(schemas.event(t).unwrap_or_default())),
            Document::Data(t) => slot(t)?
                .1
                .get_or_init(|| Compiled::new(schemas.data(t).unwrap_or_default())),
        })
    }
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

/// The report of a body the parse refuses for a key given twice: each such key at its pointer,
/// and nothing else, as for any body that cannot be held (the parse's own `refusal`, should
/// the text show no such key).
fn keys_given_twice(
    body: &[u8],
    noticed: Noticed,
    event_type: Option<String>,
    refusal: String,
) -> Report {
    let mut violations = super::numbers::lost_in_reading(body, noticed);
    violations.retain(|v| v.kind == Kind::Unrepresentable);
    let mut report = refused(Kind::Unrepresentable, refusal);
    if !violations.is_empty() {
        report.violations = violations;
    }
    report.event_type = event_type;
    report
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
/// so what that parser loses (a number it changes, a key given twice) is looked for in the
/// text of `body`.
fn round_trip<T: Serialize>(
    report: &mut Report,
    body: &[u8],
    (original, noticed): (&Node<'_>, Noticed),
    parsed: &T,
) {
    let difference = round_trip::difference(parsed, original);
    let changed = super::numbers::lost_in_reading(body, noticed);
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
    fn event_type_by_channel() {
        let distribution = br#"{"type": "Free text", "source": {"object": "distribution"}, "event": {"type": "customer.rewarded"}}"#;
        let (distribution, _) = tree::read(distribution).unwrap();
        assert_eq!(
            event_type_in(&distribution),
            (Some("customer.rewarded"), "/event/type")
        );
        let settings = br#"{"type": "voucher.published", "source": {"object": "webhook"}, "event": {"type": "x"}}"#;
        let (settings, _) = tree::read(settings).unwrap();
        assert_eq!(
            event_type_in(&settings),
            (Some("voucher.published"), "/type")
        );
    }
}
