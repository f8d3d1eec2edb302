//! The walk from schemas to items: every object, enum, union and event data type gets its
//! final name, fields and docs here, and every property its Rust type.
//!
//! Names are decided in two steps so that the result depends only on the schemas: first every
//! name the schemas give (and every event's own type name) is reserved, then the walk derives
//! names for unnamed enums and unions from where they sit (`SimpleCustomer` + `type` ->
//! `SimpleCustomerType`), taking the first free one in walk order.

use std::collections::BTreeMap;

use crate::schema::{push_pointer_token, Additional, EventFile, Schema, SchemaSet, Type};

use super::docs::{self, Place};
use super::error::ResolveError;
use super::idents::{snake, unraw, upper_camel, Scope};

mod variants;
use super::ir::{EventAttrs, Field, Item, Newtype, Struct, Ty};

/// Type names the generated code uses unqualified, so a schema may not define them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box", "Err", "Event", "None", "Ok", "Option", "Result", "Self", "Some", "String", "Vec",
];

/// Which part of the schema set an item comes from; it decides the item's module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    Envelope,
    /// `objects/` (moved to a family's module later when only that family uses it).
    Shared,
    /// The event at this index of `SchemaSet::events`.
    Event(usize),
}

/// An item with the part of the schema set it comes from.
#[derive(Debug, Clone)]
pub struct Placed {
    pub item: Item,
    pub home: Home,
}

/// Where the walk stands.
#[derive(Clone)]
struct Cx<'a> {
    file: &'a str,
    pointer: String,
    home: Home,
    place: Place,
    /// The name a type defined here without a `name` gets (before de-duplication).
    hint: String,
}

impl Cx<'_> {
    fn child(&self, pointer: &str, wire: &str, hint: &str) -> Self {
        let mut next = self.clone();
        next.pointer.push_str(pointer);
        next.place.wire_path.push_str(wire);
        next.hint.push_str(hint);
        next
    }

    fn property(&self, key: &str) -> Self {
        let mut pointer = String::from("/properties/");
        push_pointer_token(&mut pointer, key);
        let wire = if self.place.wire_path.is_empty() {
            key.to_string()
        } else {
            format!(".{key}")
        };
        self.child(&pointer, &wire, unraw(&upper_camel(key)))
    }

    /// The context inside the type `name` defined here.
    fn inside(&self, name: &str) -> Self {
        let mut next = self.clone();
        next.place.parent = Some(name.to_string());
        next.hint = name.to_string();
        next
    }
}

/// Turns a loaded schema set into items, collecting every problem.
pub struct Collector<'a> {
    set: &'a SchemaSet,
    names: Scope,
    pub items: Vec<Placed>,
    pub errors: Vec<ResolveError>,
    /// For each event, its data type's name.
    pub event_types: Vec<String>,
    /// For each event, its `Event` variant's name.
    pub variants: Vec<String>,
    /// The shared objects that are the whole `data` of events, with those events' indexes.
    data_of: BTreeMap<String, Vec<usize>>,
}

impl<'a> Collector<'a> {
    pub fn new(set: &'a SchemaSet) -> Self {
        Collector {
            set,
            names: Scope::with_reserved(RESERVED_TYPE_NAMES),
            items: Vec::new(),
            errors: Vec::new(),
            event_types: Vec::new(),
            variants: Vec::new(),
            data_of: BTreeMap::new(),
        }
    }

    /// Reserves every name the schemas define, and each event's data type name.
    pub fn reserve_names(&mut self) {
        let set = self.set;
        let mut files: Vec<(String, &Schema)> = vec![("envelope.yaml".into(), &set.envelope)];
        files.extend(
            set.objects
                .iter()
                .map(|(name, schema)| (format!("objects/{name}.yaml"), schema)),
        );
        files.extend(set.events.iter().map(|e| (event_file(e), &e.data)));
        for (file, schema) in files {
            let prefix = if file.starts_with("events/") {
                "/data"
            } else {
                ""
            };
            let mut path = prefix.to_string();
            schema.walk(&mut path, &mut |pointer, node| {
                // A `$ref` defines nothing (an event's `data` may keep its variant's name on one).
                if let Some(name) = node.name.as_ref().filter(|_| node.reference.is_none()) {
                    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                        self.errors.push(ResolveError {
                            file: file.clone(),
                            pointer: pointer.to_string(),
                            message: format!(
                                "`name: {name}` would shadow a name the generated code uses; pick another"
                            ),
                        });
                    }
                    self.names.claim(name.clone());
                }
            });
        }
        let mut variants: BTreeMap<String, &str> = BTreeMap::new();
        for (index, event) in set.events.iter().enumerate() {
            let variant = event_variant_name(event);
            if let Some(other) = variants.insert(variant.clone(), &event.event) {
                self.errors.push(ResolveError {
                    file: event_file(event),
                    pointer: "/event".into(),
                    message: format!(
                        "the event's `Event` variant would be `{variant}`, which the event `{other}` already has; name its data"
                    ),
                });
            }
            let name = match shared_data(set, event) {
                Some(object) => {
                    self.data_of
                        .entry(object.to_string())
                        .or_default()
                        .push(index);
                    object.to_string()
                }
                None => {
                    if event.data.name.as_ref() != Some(&variant) && self.names.contains(&variant) {
                        self.errors.push(ResolveError {
                            file: event_file(event),
                            pointer: "/data".into(),
                            message: format!(
                                "the event's data type would be named `{variant}`, which another schema already defines"
                            ),
                        });
                    }
                    self.names.claim(variant.clone());
                    variant.clone()
                }
            };
            self.variants.push(variant);
            self.event_types.push(name);
        }
    }

    pub fn envelope(&mut self) {
        let set = self.set;
        let cx = Cx {
            file: "envelope.yaml",
            pointer: String::new(),
            home: Home::Envelope,
            place: Place {
                wire_path: String::new(),
                event: None,
                parent: None,
            },
            hint: String::new(),
        };
        if set.envelope.properties.is_empty() {
            self.error(&cx, "the envelope must be an object with properties");
            return;
        }
        self.ty(&set.envelope, &cx);
    }

    pub fn objects(&mut self) {
        let set = self.set;
        for (name, schema) in &set.objects {
            let file = format!("objects/{name}.yaml");
            let cx = Cx {
                file: &file,
                pointer: String::new(),
                home: Home::Shared,
                place: Place {
                    wire_path: name.clone(),
                    event: None,
                    parent: None,
                },
                hint: name.clone(),
            };
            self.ty(schema, &cx);
        }
    }

    pub fn events(&mut self) {
        let set = self.set;
        for (index, event) in set.events.iter().enumerate() {
            if shared_data(set, event).is_some() {
                // Its data type is the shared object, which `objects` made.
                continue;
            }
            let file = event_file(event);
            let name = self.event_types[index].clone();
            let cx = Cx {
                file: &file,
                pointer: "/data".into(),
                home: Home::Event(index),
                place: Place {
                    wire_path: "data".into(),
                    event: Some((event.event.clone(), event.docs.clone())),
                    parent: None,
                },
                hint: name.clone(),
            };
            let attrs = event_attrs(event);
            let data = &event.data;
            if data.is_struct() {
                let first = format!("The data of the `{}` event", event.event);
                self.object(&name, data, &cx, first, vec![attrs]);
                continue;
            }
            let slot = self.items.len();
            let mut inner_cx = cx.inside(&name);
            inner_cx.hint.push_str("Data");
            let (inner, described) = self.ty(data, &inner_cx);
            let inner = if data.nullable && inner != Ty::Value {
                Ty::Nullable(Box::new(inner))
            } else {
                inner
            };
            let first = format!("The data of the `{}` event: {described}", event.event);
            let wire = format!("Wire object {}", docs::wire_place(&cx.place));
            self.put(
                slot,
                &cx,
                Item::Newtype(Newtype {
                    name,
                    docs: docs::type_docs(first, wire, &cx.place),
                    inner,
                    event: Some(attrs),
                }),
            );
        }
    }

    /// Adds an item at `slot`: a type goes before the types defined inside it, which the
    /// walk meets first.
    fn put(&mut self, slot: usize, cx: &Cx, item: Item) {
        let placed = Placed {
            item,
            home: cx.home,
        };
        self.items.insert(slot.min(self.items.len()), placed);
    }

    fn error(&mut self, cx: &Cx, message: impl Into<String>) {
        self.errors.push(ResolveError {
            file: cx.file.to_string(),
            pointer: cx.pointer.clone(),
            message: message.into(),
        });
    }

    /// The Rust type of a value of `schema` (`null` aside), and what it is in words.
    fn ty(&mut self, schema: &Schema, cx: &Cx) -> (Ty, String) {
        if let Some(name) = &schema.reference {
            return (Ty::Named(name.clone()), format!("[`{name}`]"));
        }
        if !schema.one_of.is_empty() {
            let name = self.union(schema, cx);
            return (Ty::Named(name.clone()), format!("[`{name}`]"));
        }
        match schema.ty {
            Some(Type::String) if schema.enum_values.is_some() => {
                let name = self.string_enum(schema, cx);
                (Ty::Named(name.clone()), format!("[`{name}`]"))
            }
            Some(Type::String) => {
                // A time keeps its text (any string is accepted) and converts on request.
                let ty = match schema.format.as_deref() {
                    Some("date-time") => Ty::Timestamp,
                    Some("date") => Ty::Date,
                    _ => Ty::String,
                };
                (ty, docs::describe_scalar(schema, "string"))
            }
            Some(Type::Integer) => (Ty::Integer, docs::describe_scalar(schema, "integer")),
            Some(Type::Number) => (Ty::Number, docs::describe_scalar(schema, "number")),
            Some(Type::Boolean) => (Ty::Boolean, "boolean".into()),
            Some(Type::Array) => {
                let Some(items) = &schema.items else {
                    return (Ty::Value, "any JSON value".into());
                };
                let (inner, described) = self.ty(items, &cx.child("/items", "[]", "Item"));
                (
                    Ty::Array(Box::new(nullable(inner, items.nullable))),
                    format!("array of {described}{}", or_null(items.nullable)),
                )
            }
            Some(Type::Object) if !schema.properties.is_empty() => match &schema.name {
                Some(name) => {
                    let set = self.set;
                    let events: Vec<&EventFile> = match &cx.place.parent {
                        None if cx.home == Home::Shared => self
                            .data_of
                            .get(name)
                            .into_iter()
                            .flatten()
                            .map(|&i| &set.events[i])
                            .collect(),
                        _ => Vec::new(),
                    };
                    let first = match &cx.place.parent {
                        Some(parent) => format!("An object inside [`{parent}`]"),
                        None if !events.is_empty() => docs::data_of(&events),
                        None if cx.home == Home::Shared => {
                            "An object shared by the schemas that refer to it".to_string()
                        }
                        None => "The envelope around every webhook's data".to_string(),
                    };
                    let attrs = events.iter().map(|e| event_attrs(e)).collect();
                    self.object(name, schema, cx, first, attrs);
                    (Ty::Named(name.clone()), format!("[`{name}`]"))
                }
                None => {
                    self.error(
                        cx,
                        "an object with properties needs a `name` (the importer names every inline object)",
                    );
                    (Ty::Value, "any JSON value".into())
                }
            },
            Some(Type::Object) => match &schema.additional_properties {
                Some(Additional::Values(values)) => {
                    let (inner, described) =
                        self.ty(values, &cx.child("/additionalProperties", "{}", "Value"));
                    (
                        Ty::Map(Box::new(nullable(inner, values.nullable))),
                        format!(
                            "object mapping names to {described}{}",
                            or_null(values.nullable)
                        ),
                    )
                }
                _ => (Ty::FreeForm, "object with any properties".into()),
            },
            None if !schema.any_of.is_empty() => {
                (Ty::Value, "any JSON value (one of several shapes)".into())
            }
            None => (Ty::Value, "any JSON value".into()),
        }
    }

    /// A struct for a named object; returns nothing because the name is known.
    fn object(
        &mut self,
        name: &str,
        schema: &Schema,
        cx: &Cx,
        first: String,
        events: Vec<EventAttrs>,
    ) {
        let slot = self.items.len();
        let inner = cx.inside(name);
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (key, property) in &schema.properties {
            let (ty, described) = self.ty(property, &inner.property(key));
            let optional = !schema.requires(key);
            fields.push(Field {
                ident: scope.claim(snake(key)),
                wire: key.clone(),
                docs: docs::field_docs(
                    key,
                    &described,
                    optional,
                    property.nullable,
                    docs::note(property),
                ),
                ty: nullable(ty, property.nullable),
                optional,
                personal: property.personal || crate::resolve::personal::by_name(key),
            });
        }
        // A shared object that is events' data says so first; its own note follows.
        let data_of_events = cx.place.event.is_none() && !events.is_empty();
        let (first, note) = match docs::note(schema) {
            Some(note) if !data_of_events => (note, None),
            note => (first, note),
        };
        let wire = match (&cx.place.event, cx.home) {
            _ if cx.place.wire_path.is_empty() => "Wire object: the webhook envelope".to_string(),
            (None, Home::Shared) if cx.place.parent.is_none() => format!("Wire object `{name}`"),
            _ => format!("Wire object {}", docs::wire_place(&cx.place)),
        };
        let mut type_docs = docs::type_docs(first, wire, &cx.place);
        if data_of_events {
            for paragraph in note.iter().map(|n| docs::sentence(n)) {
                type_docs.push(String::new());
                type_docs.extend(paragraph.lines().map(str::to_string));
            }
            type_docs.push(String::new());
            type_docs.push(docs::event_links(&events));
        }
        let item = Item::Struct(Struct {
            name: name.to_string(),
            docs: type_docs,
            fields,
            extra: scope.claim_with_underscores("extra"),
            events,
        });
        self.put(slot, cx, item);
    }

    /// The name of a type defined at `cx`: its own `name`, or one derived from its place.
    fn name_for(&mut self, schema: &Schema, cx: &Cx) -> String {
        match &schema.name {
            Some(name) => name.clone(),
            None => self.names.claim(cx.hint.clone()),
        }
    }
}

/// The file of an event inside the schema folder.
pub fn event_file(event: &EventFile) -> String {
    format!("events/{}.yaml", event.event)
}

/// The `Event` variant of an event: its data's `name` (kept on the `$ref` when its data has the
/// shape of a shared type), or the event type in UpperCamel.
pub fn event_variant_name(event: &EventFile) -> String {
    let data = &event.data;
    match &data.name {
        Some(name)
            if data.reference.is_some()
                || (data.ty == Some(Type::Object) && data.one_of.is_empty()) =>
        {
            name.clone()
        }
        _ => unraw(&upper_camel(&event.event)).to_string(),
    }
}

/// The shared object that is the whole `data` of `event`, when its data is a `$ref` to an
/// object of its own properties: the event's variant then holds that type itself. Another
/// `$ref` (to a union, or one that may be null) gets a type of the event's own around it.
pub fn shared_data<'s>(set: &'s SchemaSet, event: &EventFile) -> Option<&'s str> {
    let data = &event.data;
    let (name, object) = set.objects.get_key_value(data.reference.as_deref()?)?;
    (object.is_struct() && !data.nullable).then_some(name.as_str())
}

fn event_attrs(event: &EventFile) -> EventAttrs {
    EventAttrs {
        event_type: event.event.clone(),
        channel: event.channel,
        docs: event.docs.clone(),
    }
}

fn nullable(ty: Ty, nullable: bool) -> Ty {
    // `serde_json::Value` holds `null` itself; `Option<Value>` would only blur it.
    if nullable && ty != Ty::Value {
        Ty::Nullable(Box::new(ty))
    } else {
        ty
    }
}

fn or_null(nullable: bool) -> &'static str {
    if nullable {
        " or null"
    } else {
        ""
    }
}
