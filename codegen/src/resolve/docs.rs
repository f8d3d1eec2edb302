//! Doc comment text for generated items, in this project's own words.
//!
//! Generated docs say what a thing is, where it sits on the wire and where its event is
//! documented. The only prose taken from the schemas is `description`, which holds short notes
//! written by this project (the importer never copies the vendor's descriptions).

use crate::schema::{EventFile, Schema};

use super::ir::EventAttrs;

/// Where a named type sits, for its doc comment.
#[derive(Debug, Clone)]
pub struct Place {
    /// The wire path from the root of the file: `data.order.items[]`, `SimpleCustomer.address`.
    pub wire_path: String,
    /// The event the type belongs to, for event files: (event type, docs URL).
    pub event: Option<(String, String)>,
    /// The nearest enclosing generated type, for nested definitions.
    pub parent: Option<String>,
}

/// A schema's own note, trimmed, if it has one.
pub fn note(schema: &Schema) -> Option<String> {
    schema
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.to_string())
}

/// Ends a sentence with a full stop unless it has one.
pub fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?', ':']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// The paragraphs of a type's doc comment: `first` (a note, or the generated line), the wire
/// place, and the docs link of its event.
pub fn type_docs(first: String, wire: String, place: &Place) -> Vec<String> {
    let mut docs = vec![format!("{} {}", sentence(&first), sentence(&wire))];
    if let Some((_, url)) = &place.event {
        docs.push(String::new());
        docs.push(format!("[Docs]({url})"));
    }
    docs
}

/// "The data of the `voucher.created` event", or of the `a`, `b` and `c` events.
pub fn data_of(events: &[&EventFile]) -> String {
    let names: Vec<String> = events.iter().map(|e| format!("`{}`", e.event)).collect();
    match names.as_slice() {
        [one] => format!("The data of the {one} event"),
        [rest @ .., last] => format!("The data of the {} and {last} events", rest.join(", ")),
        [] => "The data of no event".to_string(),
    }
}

/// The docs link of each event: "[Docs](url)" for one, "Docs: [`a`](url), [`b`](url)." for more.
pub fn event_links(events: &[EventAttrs]) -> String {
    match events {
        [one] => format!("[Docs]({})", one.docs),
        _ => {
            let links: Vec<String> = events
                .iter()
                .map(|e| format!("[`{}`]({})", e.event_type, e.docs))
                .collect();
            format!("Docs: {}.", links.join(", "))
        }
    }
}

/// "at `data.order` of `redemption.succeeded`" or "at `SimpleCustomer.address`".
pub fn wire_place(place: &Place) -> String {
    match &place.event {
        Some((event, _)) => format!("`{}` of `{event}`", place.wire_path),
        None => format!("`{}`", place.wire_path),
    }
}

/// What a property's value is, for a field's doc: "string (format `date-time`)", "array of
/// [`OrderItem`]", "integer, one of `1`, `2`".
pub fn describe_scalar(schema: &Schema, base: &str) -> String {
    let mut text = base.to_string();
    if let Some(format) = &schema.format {
        text.push_str(&format!(" (format `{format}`)"));
    }
    if let Some(values) = &schema.enum_values {
        let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        text.push_str(&format!(", one of {}", listed.join(", ")));
    }
    text
}

/// The doc lines of a field: its wire name, what its value is, whether it may be absent or
/// null, and the schema's note.
pub fn field_docs(
    wire: &str,
    described: &str,
    optional: bool,
    nullable: bool,
    note: Option<String>,
) -> Vec<String> {
    let presence = match (optional, nullable) {
        (false, false) => "always present",
        (false, true) => "always present, may be null",
        (true, false) => "may be absent",
        (true, true) => "may be absent or null",
    };
    let mut docs = vec![format!("`{wire}`: {described}; {presence}.")];
    if let Some(note) = note {
        docs.push(String::new());
        docs.extend(sentence(&note).lines().map(str::to_string));
    }
    docs
}
