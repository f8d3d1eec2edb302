//! The envelope and its dispatch: a body becomes a [`Webhook`] whose `data` is typed by its
//! event, or kept as JSON with the reason when it cannot be.

use std::fmt;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::__private::Key;
use crate::error::{DataError, ParseError};
use crate::types::{deserialize_event, EnvelopeEvent, EnvelopeSource, Event};
use crate::{Channel, Map};

/// One v2024-01-01 webhook: the envelope `{id, project_id, created_at, type, data, source,
/// event}` of both channels, with `data` typed by its event.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
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
    pub source: EnvelopeSource,
    /// The event that caused the sendout.
    pub event: EnvelopeEvent,
    /// The event's data.
    pub data: Data,
    /// Envelope properties the schema does not list, kept and written back.
    pub extra: Map,
}

/// A webhook's `data`: typed, or kept as JSON with the reason it could not be typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    /// The data of a documented event, parsed into its type.
    Typed(Event),
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

impl Webhook {
    /// Parses a webhook body.
    ///
    /// Fails only on a body that is not a v2024-01-01 webhook at all; `data` that does not fit
    /// its event is kept as [`Data::Raw`].
    pub fn from_slice(body: &[u8]) -> Result<Webhook, ParseError> {
        let parts: Parts<&RawValue> = read_whole(body).map_err(|e| classify(body, e))?;
        let event_type = parts.event_type().to_string();
        let mut data = serde_json::Deserializer::from_str(parts.data.get());
        let mut track = serde_path_to_error::Track::new();
        let typed = deserialize_event(
            &event_type,
            serde_path_to_error::Deserializer::new(&mut data, &mut track),
        );
        let data = match typed {
            Some(Ok(event)) => Data::Typed(event),
            Some(Err(error)) => {
                let error = serde_path_to_error::Error::new(track.path(), error);
                Data::Raw(RawData {
                    value: raw_value(parts.data),
                    reason: Untyped::Mismatch(DataError::from_path_error("/data", error)),
                })
            }
            None => Data::Raw(RawData {
                value: raw_value(parts.data),
                reason: Untyped::UnknownEventType(event_type),
            }),
        };
        Ok(parts.with_data(data))
    }

    /// The event type: `type` for project-settings webhooks, `event.type` for distributions.
    pub fn event_type(&self) -> &str {
        event_type(self.channel(), &self.r#type, &self.event.r#type)
    }

    /// The channel that sent this webhook, from `source.object`.
    pub fn channel(&self) -> Channel {
        channel(self.source.object.as_ref().map_or("", |o| o.as_str()))
    }

    /// The typed data, when the event is documented and its data fits.
    pub fn typed(&self) -> Option<&Event> {
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

fn raw_value(raw: &RawValue) -> Value {
    // The text was checked as JSON when the envelope was read; a failure here could only be
    // the nesting limit, and then the raw text is still kept.
    serde_json::from_str(raw.get()).unwrap_or_else(|_| Value::String(raw.get().to_string()))
}

/// Tells "not JSON", "a v2018 webhook" and "some other JSON" apart, for the error.
fn classify(body: &[u8], error: serde_path_to_error::Error<serde_json::Error>) -> ParseError {
    let inner = error.inner();
    if inner.is_syntax() || inner.is_eof() {
        return ParseError::Json {
            line: inner.line(),
            column: inner.column(),
            message: without_position(&inner.to_string()),
        };
    }
    // v2018-08-01 webhooks are `{id, object: "event", webhook_id, project_id, created_at, type,
    // data, metadata}`: no `source`, no `event`.
    if let Ok(object) = serde_json::from_slice::<Map>(body) {
        let legacy = object.get("object").and_then(Value::as_str) == Some("event")
            && object.contains_key("webhook_id")
            && !object.contains_key("source");
        if legacy {
            return ParseError::LegacyV2018;
        }
    }
    ParseError::NotAnEnvelope(DataError::from_path_error("", error))
}

fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The envelope with its `data` not yet typed: `&RawValue` when reading bytes, `Value` when
/// reading through another deserializer.
struct Parts<D> {
    id: String,
    project_id: String,
    created_at: String,
    r#type: String,
    source: EnvelopeSource,
    event: EnvelopeEvent,
    data: D,
    extra: Map,
}

impl<D> Parts<D> {
    fn event_type(&self) -> &str {
        event_type(
            channel(self.source.object.as_ref().map_or("", |o| o.as_str())),
            &self.r#type,
            &self.event.r#type,
        )
    }

    fn with_data(self, data: Data) -> Webhook {
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

impl<'de, D: Deserialize<'de>> Deserialize<'de> for Parts<D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        struct PartsVisitor<D>(std::marker::PhantomData<D>);
        impl<'de, D: Deserialize<'de>> Visitor<'de> for PartsVisitor<D> {
            type Value = Parts<D>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a webhook envelope object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parts<D>, A::Error> {
                let (mut id, mut project_id, mut created_at, mut r#type) = (None, None, None, None);
                let (mut source, mut event, mut data) = (None, None, None);
                let mut extra = Map::new();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "id" => id = Some(map.next_value()?),
                        "project_id" => project_id = Some(map.next_value()?),
                        "created_at" => created_at = Some(map.next_value()?),
                        "type" => r#type = Some(map.next_value()?),
                        "source" => source = Some(map.next_value()?),
                        "event" => event = Some(map.next_value()?),
                        "data" => data = Some(map.next_value()?),
                        _ => {
                            let value = map.next_value()?;
                            extra.insert(key.into_string(), value);
                        }
                    }
                }
                fn need<T, E: serde::de::Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
                    v.ok_or_else(|| E::missing_field(name))
                }
                Ok(Parts {
                    id: need(id, "id")?,
                    project_id: need(project_id, "project_id")?,
                    created_at: need(created_at, "created_at")?,
                    r#type: need(r#type, "type")?,
                    source: need(source, "source")?,
                    event: need(event, "event")?,
                    data: need(data, "data")?,
                    extra,
                })
            }
        }
        deserializer.deserialize_map(PartsVisitor(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for Webhook {
    /// Reads a webhook through any deserializer (a `serde_json::Value`, a queue's format). For
    /// bytes, [`Webhook::from_slice`] is faster and tells more about a body that is no webhook.
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        let parts: Parts<Value> = Parts::deserialize(deserializer)?;
        let event_type = parts.event_type().to_string();
        let data = match typed_from_value(&event_type, &parts.data) {
            Some(Ok(event)) => Data::Typed(event),
            Some(Err(error)) => Data::Raw(RawData {
                value: parts.data.clone(),
                reason: Untyped::Mismatch(error),
            }),
            None => Data::Raw(RawData {
                value: parts.data.clone(),
                reason: Untyped::UnknownEventType(event_type),
            }),
        };
        Ok(parts.with_data(data))
    }
}

fn typed_from_value(event_type: &str, data: &Value) -> Option<Result<Event, DataError>> {
    let mut track = serde_path_to_error::Track::new();
    let result = deserialize_event(
        event_type,
        serde_path_to_error::Deserializer::new(data, &mut track),
    )?;
    Some(result.map_err(|e| {
        DataError::from_path_error("/data", serde_path_to_error::Error::new(track.path(), e))
    }))
}

impl Serialize for Webhook {
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
pub fn parse_data(event_type: &str, data: &[u8]) -> Option<Result<Event, DataError>> {
    let mut json = serde_json::Deserializer::from_slice(data);
    let mut track = serde_path_to_error::Track::new();
    let result = deserialize_event(
        event_type,
        serde_path_to_error::Deserializer::new(&mut json, &mut track),
    )?;
    Some(
        result
            .and_then(|event| json.end().map(|()| event))
            .map_err(|e| {
                DataError::from_path_error("", serde_path_to_error::Error::new(track.path(), e))
            }),
    )
}

/// Parses one event's data type from a bare `data` object.
pub fn parse_event<T: DeserializeOwned>(data: &[u8]) -> Result<T, DataError> {
    read_whole(data).map_err(|e| DataError::from_path_error("", e))
}

/// Reads one JSON document that fills all of `bytes`, tracking the path of a failure.
fn read_whole<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut json)?;
    json.end().map_err(|e| {
        serde_path_to_error::Error::new(serde_path_to_error::Track::new().path(), e)
    })?;
    Ok(value)
}
