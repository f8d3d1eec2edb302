//! The envelope and its dispatch: a body becomes a [`Webhook`] whose `data` is typed by its
//! event, or kept as JSON with the reason when it cannot be.

use std::fmt;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::__private::{insert_extra, Key, KeysOnceSeed};
#[cfg(feature = "contract")]
use crate::contract::tree::Node;
use crate::error::{DataError, ParseError};
use crate::keys_once::{given_twice, GIVEN_TWICE};
use crate::{Channel, EventSet, Map, WebhookMeta, WebhookSource};

/// One v2024-01-01 webhook: the envelope `{id, project_id, created_at, type, data, source,
/// event}` of both channels, with `data` typed by its event.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook<E: EventSet> {
    /// The sendout's id (`whs_…`). Voucherify delivers at least once: dedupe on it.
    pub id: String,
    /// The project's id (`proj_…`).
    pub project_id: String,
    /// When the webhook was created (date-time).
    pub created_at: String,
    /// `type` as sent: the event type for project-settings webhooks, the user's own "event name"
    /// (free text, possibly empty) for distributions. See [`Webhook::event_type`].
    pub r#type: String,
    /// Which webhook or distribution sent it.
    pub source: E::Source,
    /// The event that caused the sendout.
    pub event: E::Meta,
    /// The event's data.
    pub data: Data<E>,
    /// Envelope properties the schema does not list, kept and written back.
    pub extra: Map,
}

/// A webhook's `data`: typed, or kept as JSON with the reason it could not be typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Data<E> {
    /// The data of a documented event, parsed into its type.
    Typed(E),
    /// Kept as it came: acknowledge it, log the reason and dead-letter it rather than lose it.
    Raw(RawData),
}

/// `data` kept as JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct RawData {
    pub value: Value,
    pub reason: Untyped,
}

/// Why `data` was not typed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Untyped {
    /// The event type has no schema in this crate (a newer or undocumented event).
    UnknownEventType(String),
    /// The event is documented but its `data` does not fit the type: a payload the docs do not
    /// describe, or a distribution whose data was redesigned in the Payload designer.
    Mismatch(DataError),
}

impl fmt::Display for Untyped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Untyped::UnknownEventType(t) => write!(f, "event type `{t}` has no schema here"),
            Untyped::Mismatch(e) => write!(f, "data does not fit its event's type: {e}"),
        }
    }
}

impl<E: EventSet> Webhook<E> {
    /// Parses a webhook body.
    ///
    /// Fails only on a body that is not a v2024-01-01 webhook at all; `data` that does not fit
    /// its event is kept as [`Data::Raw`], as the JSON value it is.
    ///
    /// A body is held exactly as `serde_json` holds JSON, or refused with
    /// [`ParseError::Unrepresentable`]: never changed to fit. That refuses a lone UTF-16
    /// surrogate escape (`"Ann \ud83d"`, a string cut inside an emoji, which no Rust string
    /// can hold), a number beyond the range of `f64` (`1e309`), nesting deeper than
    /// `serde_json`'s limit of 128 levels (the envelope counts as one), and an object that gives
    /// a key twice (`{"a": 1, "a": 2}`, anywhere in the body: a map holds one value per key;
    /// Voucherify's own bodies never do). A number within range
    /// but with more digits than `i64`, `u64` or `f64` keep is read as the nearest one:
    /// `contract::check` (feature `contract`) reports it as a round-trip violation at its
    /// pointer, and the body you verified keeps the exact digits.
    pub fn from_slice(body: &[u8]) -> Result<Webhook<E>, ParseError> {
        // The common case in one pass: `type` comes before `data` and names a documented
        // event whose data fits. Anything else is read again below, the careful way.
        let mut json = serde_json::Deserializer::from_slice(body);
        let fast =
            Parts::<E, Speculative<E>>::deserialize(&mut json).and_then(|p| json.end().map(|()| p));
        if let Ok(Parts { head, data }) = fast {
            match data {
                Speculative::Typed(event) if event.event_type() == head.event_type() => {
                    return Ok(head.with_data(Data::Typed(event)));
                }
                // `type` came after `data`, names no documented event (a distribution's free
                // text), or named another event than the one this webhook carries: read the
                // whole body again as the event it is, which also keeps serde_json's depth
                // limit counted from the envelope, as a `Value` would count it.
                _ if E::documents(head.event_type()) => {
                    let mut json = serde_json::Deserializer::from_slice(body);
                    let known = PartsVisitor::<E, Known<E>>::new(Some(head.event_type()));
                    let typed = (&mut json)
                        .deserialize_map(known)
                        .and_then(|p| json.end().map(|()| p));
                    if let Ok(Parts { head, data }) = typed {
                        return Ok(head.with_data(Data::Typed(data.0)));
                    }
                }
                _ => {}
            }
        }
        // The rare case: `data` is kept as the JSON value it is. Reading the whole body as
        // `Value` (not `data` alone, nor as `RawValue`, which accepts lone surrogates, numbers
        // out of range and any depth) makes this crate and `contract::check` accept exactly
        // the same bodies.
        let Parts { head, data } =
            read_whole::<Parts<E, Value>>(body).map_err(|e| classify(body, e))?;
        let event_type = head.event_type().to_string();
        Ok(head.with_data(data_of(&event_type, data)))
    }
}

impl<E: EventSet> Webhook<E> {
    /// The webhook that [`Webhook::from_slice`] reads from the text that `tree` was read from,
    /// typed from the tree, when its `data` types; `None` for anything else (read the body with
    /// `from_slice` for the exact answer and error). The contract check reads each body once,
    /// into a tree, and types it from there.
    #[cfg(feature = "contract")]
    pub(crate) fn typed_from_tree(tree: &Node<'_>) -> Option<Webhook<E>> {
        let event_type = event_type_in(tree).0?;
        if !E::documents(event_type) {
            return None;
        }
        let known = PartsVisitor::<E, Known<E>>::new(Some(event_type));
        let Parts { head, data } = tree.deserialize_map(known).ok()?;
        // The envelope's own fields decide the event type, as `from_slice` decides it.
        (head.event_type() == event_type).then(|| head.with_data(Data::Typed(data.0)))
    }
}

/// The event type of a webhook read into a tree, as [`Webhook::event_type`] reads it (`type`,
/// or `event.type` when `source.object` is `distribution`), and the pointer it is read at.
#[cfg(feature = "contract")]
pub(crate) fn event_type_in<'t>(tree: &'t Node<'_>) -> (Option<&'t str>, &'static str) {
    let field = |object: &str, name: &str| tree.get(object)?.get(name)?.as_str();
    match field("source", "object") {
        Some("distribution") => (field("event", "type"), "/event/type"),
        _ => (tree.get("type").and_then(Node::as_str), "/type"),
    }
}

/// Types `data` by its event type, or keeps it with the reason.
fn data_of<E: EventSet>(event_type: &str, data: Value) -> Data<E> {
    match typed_from_value::<E>(event_type, &data) {
        Some(Ok(event)) => Data::Typed(event),
        Some(Err(error)) => Data::Raw(RawData {
            value: data,
            reason: Untyped::Mismatch(error),
        }),
        None => Data::Raw(RawData {
            value: data,
            reason: Untyped::UnknownEventType(event_type.to_string()),
        }),
    }
}

impl<E: EventSet> Webhook<E> {
    /// The event type: `type` for project-settings webhooks, `event.type` for distributions.
    pub fn event_type(&self) -> &str {
        event_type(self.channel(), &self.r#type, self.event.event_type())
    }

    /// The channel that sent this webhook, from `source.object`.
    pub fn channel(&self) -> Channel {
        channel(self.source.object().unwrap_or(""))
    }

    /// The typed data, when the event is documented and its data fits.
    pub fn typed(&self) -> Option<&E> {
        match &self.data {
            Data::Typed(event) => Some(event),
            Data::Raw(_) => None,
        }
    }
}

/// `source.object` tells the channels apart; an envelope without it is taken for a
/// project-settings webhook, whose `type` is the event type.
fn channel(source_object: &str) -> Channel {
    match source_object {
        "distribution" => Channel::Distribution,
        _ => Channel::ProjectSettings,
    }
}

fn event_type<'a>(channel: Channel, r#type: &'a str, event_type: &'a str) -> &'a str {
    match channel {
        Channel::Distribution => event_type,
        _ => r#type,
    }
}

/// Tells "not JSON", "a v2018 webhook" and "some other JSON" apart, for the error.
fn classify(body: &[u8], error: serde_path_to_error::Error<serde_json::Error>) -> ParseError {
    let inner = error.inner();
    if inner.is_syntax() || inner.is_eof() {
        return json_error(inner);
    }
    let message = without_position(&inner.to_string());
    if message.starts_with(GIVEN_TWICE) {
        let at = match crate::error::pointer_of(error.path()) {
            pointer if pointer.is_empty() => "the envelope".to_string(),
            pointer => format!("the object at {pointer}"),
        };
        return ParseError::Unrepresentable {
            line: inner.line(),
            column: inner.column(),
            message: format!("{message}, in {at}"),
        };
    }
    // The envelope's shape can fail before the reader reaches the end of a body that is not
    // JSON after all (`":" x`): what the whole body is decides, as in `contract::check`.
    let whole = match serde_json::from_slice::<Value>(body) {
        Ok(whole) => whole,
        Err(e) => return json_error(&e),
    };
    // v2018-08-01 webhooks are `{id, object: "event", webhook_id, project_id, created_at, type,
    // data, metadata}`: no `source`, no `event`.
    if let Some(object) = whole.as_object() {
        let legacy = object.get("object").and_then(Value::as_str) == Some("event")
            && object.contains_key("webhook_id")
            && !object.contains_key("source");
        if legacy {
            return ParseError::LegacyV2018;
        }
    }
    ParseError::NotAnEnvelope(DataError::from_path_error("", error))
}

/// The error of text that serde_json could not read: not JSON, or JSON it cannot hold.
pub(crate) fn json_error(error: &serde_json::Error) -> ParseError {
    let (line, column) = (error.line(), error.column());
    let message = without_position(&error.to_string());
    match unrepresentable(&message) {
        Some(what) => ParseError::Unrepresentable {
            line,
            column,
            message: what.to_string(),
        },
        None => ParseError::Json {
            line,
            column,
            message,
        },
    }
}

/// What serde_json refuses in text that the JSON grammar allows, said for the reader who must
/// find it in the body. serde_json does not expose its error codes, so its messages are matched.
fn unrepresentable(message: &str) -> Option<&'static str> {
    match message {
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => Some(
            "a lone UTF-16 surrogate escape (half a character, as a string cut inside an emoji has), which no Rust string can hold",
        ),
        "number out of range" => Some("a number beyond the range of f64"),
        "recursion limit exceeded" => {
            Some("nesting deeper than 128 levels (serde_json's limit, counted from the envelope)")
        }
        _ => None,
    }
}

fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// How the envelope reader takes `data`, given the `type` read before it (if any).
trait DataSlot<'de>: Sized {
    fn read<A: MapAccess<'de>>(map: &mut A, r#type: Option<&str>) -> Result<Self, A::Error>;
}

/// `data` typed as the event known beforehand.
struct Known<E>(E);

impl<'de, E: EventSet> DataSlot<'de> for Known<E> {
    fn read<A: MapAccess<'de>>(map: &mut A, r#type: Option<&str>) -> Result<Self, A::Error> {
        let event_type = r#type.ok_or_else(|| serde::de::Error::custom("no event type"))?;
        map.next_value_seed(EventSeed::<E>(event_type, std::marker::PhantomData))
            .map(Known)
    }
}

impl<'de> DataSlot<'de> for Value {
    fn read<A: MapAccess<'de>>(map: &mut A, _: Option<&str>) -> Result<Self, A::Error> {
        map.next_value_seed(KeysOnceSeed::new())
    }
}

/// `data` typed at once by the `type` read before it, when that names a documented event;
/// else skipped, to be read again once the whole envelope is known.
enum Speculative<E> {
    Typed(E),
    Skipped,
}

impl<'de, E: EventSet> DataSlot<'de> for Speculative<E> {
    fn read<A: MapAccess<'de>>(map: &mut A, r#type: Option<&str>) -> Result<Self, A::Error> {
        match r#type {
            Some(event_type) if E::documents(event_type) => map
                .next_value_seed(EventSeed::<E>(event_type, std::marker::PhantomData))
                .map(Speculative::Typed),
            _ => map
                .next_value::<serde::de::IgnoredAny>()
                .map(|_| Speculative::Skipped),
        }
    }
}

/// Reads the data of one event type.
struct EventSeed<'a, E>(&'a str, std::marker::PhantomData<E>);

impl<'de, E: EventSet> serde::de::DeserializeSeed<'de> for EventSeed<'_, E> {
    type Value = E;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<E, D::Error> {
        E::deserialize_event(self.0, deserializer).unwrap_or_else(|| {
            Err(serde::de::Error::custom(format_args!(
                "no schema for `{}`",
                self.0
            )))
        })
    }
}

/// The envelope with its `data` as a [`DataSlot`] reads it.
struct Parts<E: EventSet, D> {
    head: Head<E>,
    data: D,
}

/// Everything of the envelope but `data`.
struct Head<E: EventSet> {
    id: String,
    project_id: String,
    created_at: String,
    r#type: String,
    source: E::Source,
    event: E::Meta,
    extra: Map,
}

impl<E: EventSet> Head<E> {
    fn event_type(&self) -> &str {
        event_type(
            channel(self.source.object().unwrap_or("")),
            &self.r#type,
            self.event.event_type(),
        )
    }

    fn with_data(self, data: Data<E>) -> Webhook<E> {
        Webhook {
            id: self.id,
            project_id: self.project_id,
            created_at: self.created_at,
            r#type: self.r#type,
            source: self.source,
            event: self.event,
            data,
            extra: self.extra,
        }
    }
}

impl<'de, E: EventSet, D: DataSlot<'de>> Deserialize<'de> for Parts<E, D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        deserializer.deserialize_map(PartsVisitor::new(None))
    }
}

/// Reads the envelope; `data` by the event type `known` beforehand, or else by the `type` read
/// before it (if any).
struct PartsVisitor<'a, E, D> {
    known: Option<&'a str>,
    slot: std::marker::PhantomData<(E, D)>,
}

impl<'a, E, D> PartsVisitor<'a, E, D> {
    fn new(known: Option<&'a str>) -> Self {
        PartsVisitor {
            known,
            slot: std::marker::PhantomData,
        }
    }
}

impl<'de, E: EventSet, D: DataSlot<'de>> Visitor<'de> for PartsVisitor<'_, E, D> {
    type Value = Parts<E, D>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a webhook envelope object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parts<E, D>, A::Error> {
        let (mut id, mut project_id, mut created_at, mut r#type) = (None, None, None, None);
        let (mut source, mut event, mut data) = (None, None, None);
        let mut extra = Map::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            // Each property is read once: a second copy is refused, not taken for the first.
            let name = key.as_str();
            match name {
                "id" => once(&mut id, name, map.next_value()?)?,
                "project_id" => once(&mut project_id, name, map.next_value()?)?,
                "created_at" => once(&mut created_at, name, map.next_value()?)?,
                "type" => once(&mut r#type, name, map.next_value::<String>()?)?,
                "source" => once(&mut source, name, map.next_value()?)?,
                "event" => once(&mut event, name, map.next_value()?)?,
                "data" if data.is_some() => return Err(given_twice(name)),
                "data" => data = Some(D::read(&mut map, self.known.or(r#type.as_deref()))?),
                _ => {
                    let value = map.next_value_seed(KeysOnceSeed::<Value>::new())?;
                    insert_extra(&mut extra, key.into_string(), value)?;
                }
            }
        }
        fn once<T, Er: serde::de::Error>(slot: &mut Option<T>, name: &str, v: T) -> Result<(), Er> {
            match slot.replace(v) {
                None => Ok(()),
                Some(_) => Err(given_twice(name)),
            }
        }
        fn need<T, Er: serde::de::Error>(v: Option<T>, name: &'static str) -> Result<T, Er> {
            v.ok_or_else(|| Er::missing_field(name))
        }
        Ok(Parts {
            head: Head {
                id: need(id, "id")?,
                project_id: need(project_id, "project_id")?,
                created_at: need(created_at, "created_at")?,
                r#type: need(r#type, "type")?,
                source: need(source, "source")?,
                event: need(event, "event")?,
                extra,
            },
            data: need(data, "data")?,
        })
    }
}

impl<'de, E: EventSet> Deserialize<'de> for Webhook<E> {
    /// Reads a webhook through any deserializer (a `serde_json::Value`, a queue's format). For
    /// bytes, [`Webhook::from_slice`] is faster and tells more about a body that is no webhook.
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        let Parts { head, data } = Parts::<E, Value>::deserialize(deserializer)?;
        let event_type = head.event_type().to_string();
        Ok(head.with_data(data_of(&event_type, data)))
    }
}

fn typed_from_value<E: EventSet>(event_type: &str, data: &Value) -> Option<Result<E, DataError>> {
    let mut track = serde_path_to_error::Track::new();
    let result = E::deserialize_event(
        event_type,
        serde_path_to_error::Deserializer::new(data, &mut track),
    )?;
    Some(result.map_err(|e| {
        DataError::from_path_error("/data", serde_path_to_error::Error::new(track.path(), e))
    }))
}

impl<E: EventSet> Serialize for Webhook<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("project_id", &self.project_id)?;
        map.serialize_entry("created_at", &self.created_at)?;
        map.serialize_entry("type", &self.r#type)?;
        match &self.data {
            Data::Typed(event) => map.serialize_entry("data", event)?,
            Data::Raw(raw) => map.serialize_entry("data", &raw.value)?,
        }
        map.serialize_entry("source", &self.source)?;
        map.serialize_entry("event", &self.event)?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Parses a bare `data` object as the data of one event type (for payloads captured without
/// their envelope). `None` when the event type has no schema here.
pub fn parse_data<E: EventSet>(event_type: &str, data: &[u8]) -> Option<Result<E, DataError>> {
    read_event::<E>(event_type, data, "")
}

/// Parses one event's data type from a bare `data` object.
pub fn parse_event<T: DeserializeOwned>(data: &[u8]) -> Result<T, DataError> {
    read_whole(data).map_err(|e| DataError::from_path_error("", e))
}

// Tracking the path of every key costs about a third of a parse, and failures are rare: the
// readers below parse untracked first and read a failing document again, tracked, only to find
// the pointer of its error.

/// Reads the data of `event_type` from `bytes`; an error's pointer starts with `prefix`.
fn read_event<E: EventSet>(
    event_type: &str,
    bytes: &[u8],
    prefix: &str,
) -> Option<Result<E, DataError>> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let first =
        E::deserialize_event(event_type, &mut json)?.and_then(|event| json.end().map(|()| event));
    if let Ok(event) = first {
        return Some(Ok(event));
    }
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let tracked = E::deserialize_event(
        event_type,
        serde_path_to_error::Deserializer::new(&mut json, &mut track),
    )?
    .and_then(|event| json.end().map(|()| event));
    Some(tracked.map_err(|e| {
        DataError::from_path_error(prefix, serde_path_to_error::Error::new(track.path(), e))
    }))
}

/// Reads one JSON document that fills all of `bytes`, with the path of a failure.
fn read_whole<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    if let Ok(value) = T::deserialize(&mut json).and_then(|value| json.end().map(|()| value)) {
        return Ok(value);
    }
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut json)?;
    json.end().map_err(|e| {
        serde_path_to_error::Error::new(serde_path_to_error::Track::new().path(), e)
    })?;
    Ok(value)
}
