//! Walks two schema sets side by side and records every change with its place.
//!
//! Shared objects are compared by name, once each, and events by event type; a change inside
//! a shared object is reported at the object, not at every event that uses it. Where a node
//! switches between a `$ref` and an inline shape, or between two `$ref`s, the shapes behind
//! them are compared at the place of use, so that moving a shape into `objects/` or renaming
//! it reports only what a payload or a Rust user would notice.

use std::collections::BTreeMap;

use serde_json::Value;

use super::describe::{describe, subject};
use super::kinds::{Kind, Rust};
use super::Change;
use crate::schema::{push_pointer_token, Additional, EventFile, Schema, SchemaSet, Type};

/// Where a node sits: the event or object it belongs to, and its pointer in that file.
#[derive(Debug, Clone)]
struct Place {
    event: Option<String>,
    object: Option<String>,
    pointer: String,
}

impl Place {
    fn child(&self, tail: &str) -> Place {
        let mut next = self.clone();
        next.pointer.push_str(tail);
        next
    }

    /// The thing the place names, for a sentence.
    fn subject(&self) -> String {
        match (&self.object, self.pointer.as_str()) {
            (Some(name), "") => format!("`{name}`"),
            _ => subject(&self.pointer),
        }
    }

    fn property(&self, key: &str) -> Place {
        let mut next = self.child("/properties/");
        push_pointer_token(&mut next.pointer, key);
        next
    }
}

/// The forms a node can take, as far as payloads and the generated types are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Any JSON value (`serde_json::Value`).
    Any,
    OneOf,
    /// A union nothing tells apart (`serde_json::Value`).
    AnyOf,
    /// An object with properties (a struct).
    Struct,
    /// An object whose values share a shape (a map).
    Map,
    /// An object with any properties.
    FreeObject,
    Array,
    /// An array of anything (`serde_json::Value`).
    AnyArray,
    String,
    Integer,
    Number,
    Boolean,
}

fn form(s: &Schema) -> Form {
    if !s.one_of.is_empty() {
        return Form::OneOf;
    }
    match s.ty {
        None if !s.any_of.is_empty() => Form::AnyOf,
        None => Form::Any,
        Some(Type::Object) if !s.properties.is_empty() => Form::Struct,
        Some(Type::Object) => match s.additional_properties {
            Some(Additional::Values(_)) => Form::Map,
            _ => Form::FreeObject,
        },
        Some(Type::Array) if s.items.is_some() => Form::Array,
        Some(Type::Array) => Form::AnyArray,
        Some(Type::String) => Form::String,
        Some(Type::Integer) => Form::Integer,
        Some(Type::Number) => Form::Number,
        Some(Type::Boolean) => Form::Boolean,
    }
}

impl Form {
    /// The generated code keeps the node as `serde_json::Value`, which holds anything.
    fn is_raw(self) -> bool {
        matches!(self, Form::Any | Form::AnyOf | Form::AnyArray)
    }

    fn is_object(self) -> bool {
        matches!(self, Form::Struct | Form::Map | Form::FreeObject)
    }
}

/// How the values of `new` relate to those of `old`, for two different forms: a superset
/// (widened), a subset (narrowed), or neither.
fn relation(old: Form, new: Form) -> Kind {
    use Form::*;
    match (old, new) {
        (_, Any) | (Integer, Number) | (Struct | Map, FreeObject) | (Array, AnyArray) => {
            Kind::TypeWidened
        }
        (Any, _) | (Number, Integer) | (FreeObject, Struct | Map) | (AnyArray, Array) => {
            Kind::TypeNarrowed
        }
        (a, b) if a.is_object() && b.is_object() => Kind::ShapeChanged,
        (OneOf | AnyOf, _) | (_, OneOf | AnyOf) => Kind::ShapeChanged,
        _ => Kind::TypeChanged,
    }
}

pub struct Walk<'a> {
    old: &'a SchemaSet,
    new: &'a SchemaSet,
    /// The Rust type of each name that shares one with others (`resolve::shapes`), per side.
    old_rust: BTreeMap<&'a str, &'a str>,
    new_rust: BTreeMap<&'a str, &'a str>,
    pub changes: Vec<Change>,
    /// The pairs of shapes behind references being compared along the current path: a
    /// recursive shape is compared once.
    expanding: Vec<(String, String)>,
}

impl<'a> Walk<'a> {
    pub fn new(
        old: &'a SchemaSet,
        new: &'a SchemaSet,
        old_rust: BTreeMap<&'a str, &'a str>,
        new_rust: BTreeMap<&'a str, &'a str>,
    ) -> Self {
        Walk {
            old,
            new,
            old_rust,
            new_rust,
            changes: Vec::new(),
            expanding: Vec::new(),
        }
    }

    /// Events added and removed, the envelope, the shared objects, then each event's data.
    pub fn all(&mut self) {
        let old: BTreeMap<&str, &EventFile> = self
            .old
            .events
            .iter()
            .map(|e| (e.event.as_str(), e))
            .collect();
        let new: BTreeMap<&str, &EventFile> = self
            .new
            .events
            .iter()
            .map(|e| (e.event.as_str(), e))
            .collect();
        for (name, event) in &old {
            if !new.contains_key(name) {
                let at = event_place(name, "");
                let message = format!("`{name}` is no longer documented");
                let before = Value::from(event.channel.as_str());
                self.push(Kind::EventRemoved, &at, Some(before), None, message);
            }
        }
        for (name, event) in &new {
            if !old.contains_key(name) {
                let at = event_place(name, "");
                let message = format!("`{name}` is documented now");
                let after = Value::from(event.channel.as_str());
                self.push(Kind::EventAdded, &at, None, Some(after), message);
            }
        }

        let envelope = Place {
            event: None,
            object: Some(
                self.new
                    .envelope
                    .name
                    .clone()
                    .unwrap_or_else(|| "Envelope".into()),
            ),
            pointer: String::new(),
        };
        self.node(&self.old.envelope, &self.new.envelope, &envelope);

        self.objects();

        for (name, new_event) in &new {
            let Some(old_event) = old.get(name) else {
                continue;
            };
            let at = event_place(name, "");
            if old_event.channel != new_event.channel {
                let (before, after) = (old_event.channel.as_str(), new_event.channel.as_str());
                let message = format!("sent by {after} webhooks now, not {before}");
                self.push(
                    Kind::EventChannelChanged,
                    &at.child("/channel"),
                    Some(before.into()),
                    Some(after.into()),
                    message,
                );
            }
            if old_event.docs != new_event.docs {
                self.push(
                    Kind::EventDocsChanged,
                    &at.child("/docs"),
                    Some(old_event.docs.clone().into()),
                    Some(new_event.docs.clone().into()),
                    "the documentation page moved".into(),
                );
            }
            self.node(&old_event.data, &new_event.data, &at.child("/data"));
        }
    }

    /// Shared objects by name. One that only moved between `objects/` and an inline place
    /// keeps its Rust type, so it is neither added nor removed.
    fn objects(&mut self) {
        let (old, new) = (self.old, self.new);
        let old_names = old.defined_names();
        let new_names = new.defined_names();
        let names: std::collections::BTreeSet<&String> =
            old.objects.keys().chain(new.objects.keys()).collect();
        for name in names {
            let at = object_place(name);
            match (old.objects.get(name), new.objects.get(name)) {
                (Some(before), Some(after)) => self.node(before, after, &at),
                (Some(before), None) if !new_names.contains(name.as_str()) => {
                    let message = format!("the shared object `{name}` is gone");
                    let before = Value::from(describe(before));
                    self.push(Kind::ObjectRemoved, &at, Some(before), None, message);
                }
                (None, Some(after)) if !old_names.contains(name.as_str()) => {
                    let message = format!("a new shared object `{name}`");
                    let after = Value::from(describe(after));
                    self.push(Kind::ObjectAdded, &at, None, Some(after), message);
                }
                _ => {}
            }
        }
    }

    /// Compares one node of each side, at `at`.
    fn node(&mut self, old: &Schema, new: &Schema, at: &Place) {
        let (old_target, new_target) = (target(self.old, old), target(self.new, new));
        let (old_form, new_form) = (form(old_target), form(new_target));

        if let (Some(before), Some(after)) = (type_name(old), type_name(new)) {
            // Two names of one shape are one Rust type: switching between them renames
            // nothing. A name whose shape joins or leaves a shared type is reported once, for
            // the group (`types-merged`, `types-split`), not at every place that uses it.
            let renamed = before != after;
            let before = self.old_rust.get(before).copied().unwrap_or(before);
            let after = self.new_rust.get(after).copied().unwrap_or(after);
            if renamed && before != after {
                let message = format!("{} is `{after}` now, not `{before}`", at.subject());
                self.push(
                    Kind::TypeRenamed,
                    at,
                    Some(before.into()),
                    Some(after.into()),
                    message,
                );
            }
        }

        let old_nullable = old.nullable || old_target.nullable;
        let new_nullable = new.nullable || new_target.nullable;
        if old_nullable != new_nullable {
            let (kind, message) = if new_nullable {
                (Kind::NullableAdded, "may be null now")
            } else {
                (Kind::NullableRemoved, "may no longer be null")
            };
            let message = format!("{} {message}", at.subject());
            // `serde_json::Value` holds `null` itself: no `Option` comes or goes.
            let raw = old_form.is_raw() && new_form.is_raw();
            self.push_with(kind, at, None, None, message, raw);
        }

        if old.description != new.description {
            let message = format!("the note on {} changed", at.subject());
            let before = old.description.clone().map(Value::from);
            let after = new.description.clone().map(Value::from);
            self.push(Kind::DescriptionChanged, at, before, after, message);
        }

        match (&old.reference, &new.reference) {
            // The same object on both sides is compared once, on its own.
            (Some(a), Some(b)) if a == b => {}
            (None, None) => self.shape(old, new, at),
            (a, b) => {
                let key = (a.clone().unwrap_or_default(), b.clone().unwrap_or_default());
                if self.expanding.contains(&key) {
                    return;
                }
                self.expanding.push(key);
                self.shape(old_target, new_target, at);
                self.expanding.pop();
            }
        }
    }

    /// Compares what two nodes accept, below names and `null`.
    fn shape(&mut self, old: &Schema, new: &Schema, at: &Place) {
        let (old_form, new_form) = (form(old), form(new));
        if old_form != new_form {
            // A shape that becomes one member of an untagged union (an override's `also_type`)
            // accepts more, and the reverse accepts less.
            let kind = if new_form == Form::AnyOf && new.any_of.iter().any(|m| self.same(old, m)) {
                Kind::TypeWidened
            } else if old_form == Form::AnyOf && old.any_of.iter().any(|m| self.same(m, new)) {
                Kind::TypeNarrowed
            } else {
                relation(old_form, new_form)
            };
            let (before, after) = (describe(old), describe(new));
            let message = format!("{} was {before}, is {after} now", at.subject());
            // A change between two forms that are both `serde_json::Value` in Rust.
            let raw = old_form.is_raw() && new_form.is_raw();
            self.push_with(
                kind,
                at,
                Some(before.into()),
                Some(after.into()),
                message,
                raw,
            );
            return;
        }
        match old_form {
            Form::Struct => self.properties(old, new, at),
            Form::Map => {
                if let (Some(Additional::Values(a)), Some(Additional::Values(b))) =
                    (&old.additional_properties, &new.additional_properties)
                {
                    self.node(a, b, &at.child("/additionalProperties"));
                }
            }
            Form::Array => {
                if let (Some(a), Some(b)) = (&old.items, &new.items) {
                    self.node(a, b, &at.child("/items"));
                }
            }
            Form::OneOf => self.one_of(old, new, at),
            Form::AnyOf => self.any_of(old, new, at),
            Form::String | Form::Integer => self.enums(old, new, at, old_form == Form::Integer),
            _ => {}
        }
        self.format(old, new, at);
    }

    fn properties(&mut self, old: &Schema, new: &Schema, at: &Place) {
        for (key, before) in &old.properties {
            let here = at.property(key);
            let Some(after) = new.properties.get(key) else {
                let (kind, required) = if old.requires(key) {
                    (Kind::RequiredPropertyRemoved, "required")
                } else {
                    (Kind::PropertyRemoved, "optional")
                };
                let described = describe(before);
                let message = format!("`{key}` ({required}, {described}) is no longer documented");
                self.push(kind, &here, Some(described.into()), None, message);
                continue;
            };
            match (old.requires(key), new.requires(key)) {
                (false, true) => {
                    let message = format!("`{key}` is required now");
                    self.push(Kind::PropertyMadeRequired, &here, None, None, message);
                }
                (true, false) => {
                    let message = format!("`{key}` may be absent now");
                    self.push(Kind::PropertyMadeOptional, &here, None, None, message);
                }
                _ => {}
            }
            self.node(before, after, &here);
        }
        for (key, after) in &new.properties {
            if old.properties.contains_key(key) {
                continue;
            }
            let (kind, required) = if new.requires(key) {
                (Kind::RequiredPropertyAdded, "required")
            } else {
                (Kind::PropertyAdded, "optional")
            };
            let described = describe(after);
            let message = format!("`{key}` is documented now ({required}, {described})");
            self.push(
                kind,
                &at.property(key),
                None,
                Some(described.into()),
                message,
            );
        }
        let forbids =
            |s: &Schema| matches!(s.additional_properties, Some(Additional::Forbidden(_)));
        match (forbids(old), forbids(new)) {
            (false, true) => self.push(
                Kind::AdditionalPropertiesForbidden,
                &at.child("/additionalProperties"),
                None,
                Some(false.into()),
                "properties it does not list are forbidden now".into(),
            ),
            (true, false) => self.push(
                Kind::AdditionalPropertiesAllowed,
                &at.child("/additionalProperties"),
                Some(false.into()),
                None,
                "properties it does not list are no longer forbidden".into(),
            ),
            _ => {}
        }
    }

    /// Enum values, of strings (a Rust enum) or integers (an `i64` in Rust).
    fn enums(&mut self, old: &Schema, new: &Schema, at: &Place, integer: bool) {
        let what = at.subject();
        match (&old.enum_values, &new.enum_values) {
            (None, None) => {}
            (None, Some(values)) => {
                let message = format!("{what} is one of {} now", list(values));
                let after = Value::Array(values.clone());
                self.push_with(Kind::EnumAdded, at, None, Some(after), message, integer);
            }
            (Some(values), None) => {
                let message = format!("{what} is no longer limited to {}", list(values));
                let before = Value::Array(values.clone());
                self.push_with(Kind::EnumRemoved, at, Some(before), None, message, integer);
            }
            (Some(before), Some(after)) => {
                for value in before.iter().filter(|v| !after.contains(v)) {
                    let message = format!("{what} can no longer be {}", literal(value));
                    let before = Some(value.clone());
                    self.push_with(Kind::EnumValueRemoved, at, before, None, message, integer);
                }
                for value in after.iter().filter(|v| !before.contains(v)) {
                    let message = format!("{what} may be {} now", literal(value));
                    let after = Some(value.clone());
                    self.push_with(Kind::EnumValueAdded, at, None, after, message, integer);
                }
            }
        }
    }

    fn format(&mut self, old: &Schema, new: &Schema, at: &Place) {
        let what = at.subject();
        let (kind, message) = match (&old.format, &new.format) {
            (None, Some(f)) => (Kind::FormatAdded, format!("{what} must be a {f} now")),
            (Some(f), None) => (
                Kind::FormatRemoved,
                format!("{what} need no longer be a {f}"),
            ),
            (Some(a), Some(b)) if a != b => (
                Kind::FormatChanged,
                format!("{what} must be a {b} now, not a {a}"),
            ),
            _ => return,
        };
        let before = old.format.clone().map(Value::from);
        let after = new.format.clone().map(Value::from);
        self.push(kind, at, before, after, message);
    }

    /// A tagged union's members, matched by their tag value.
    fn one_of(&mut self, old: &Schema, new: &Schema, at: &Place) {
        if old.tag != new.tag {
            let (before, after) = (old.tag.clone(), new.tag.clone());
            let message = format!(
                "{} is told apart by `{}` now, not `{}`",
                at.subject(),
                after.as_deref().unwrap_or("nothing"),
                before.as_deref().unwrap_or("nothing"),
            );
            let (before, after) = (before.map(Value::from), after.map(Value::from));
            self.push(Kind::UnionTagChanged, at, before, after, message);
            return;
        }
        let tag = old.tag.as_deref().unwrap_or_default();
        let old_members = members(self.old, &old.one_of, tag);
        let new_members = members(self.new, &new.one_of, tag);
        for (key, (i, member)) in &old_members {
            let Some((j, now)) = new_members.get(key) else {
                let message = format!("{} no longer has the member `{key}`", at.subject());
                let here = at.child(&format!("/oneOf/{i}"));
                let before = Some(Value::from(describe(member)));
                self.push(Kind::UnionMemberRemoved, &here, before, None, message);
                continue;
            };
            self.node(member, now, &at.child(&format!("/oneOf/{j}")));
        }
        for (key, (j, member)) in &new_members {
            if !old_members.contains_key(key) {
                let message = format!("{} has a new member `{key}`", at.subject());
                let here = at.child(&format!("/oneOf/{j}"));
                let after = Some(Value::from(describe(member)));
                self.push(Kind::UnionMemberAdded, &here, None, after, message);
            }
        }
    }

    /// An untagged union's members, matched by shape: one that changed at all is reported
    /// as removed and added (the union is `serde_json::Value` in Rust either way).
    fn any_of(&mut self, old: &Schema, new: &Schema, at: &Place) {
        let mut unmatched: Vec<(usize, &Schema)> = new.any_of.iter().enumerate().collect();
        for (i, member) in old.any_of.iter().enumerate() {
            match unmatched.iter().position(|(_, m)| self.same(member, m)) {
                Some(found) => {
                    unmatched.remove(found);
                }
                None => {
                    let described = describe(member);
                    let message = format!("{} no longer accepts {described}", at.subject());
                    let here = at.child(&format!("/anyOf/{i}"));
                    let before = Some(described.into());
                    self.push_with(Kind::UnionMemberRemoved, &here, before, None, message, true);
                }
            }
        }
        for (j, member) in unmatched {
            let described = describe(member);
            let message = format!("{} accepts {described} now", at.subject());
            let here = at.child(&format!("/anyOf/{j}"));
            let after = Some(described.into());
            self.push_with(Kind::UnionMemberAdded, &here, None, after, message, true);
        }
    }

    /// True when comparing `old` with `new` finds nothing.
    fn same(&self, old: &Schema, new: &Schema) -> bool {
        let mut walk = Walk {
            old: self.old,
            new: self.new,
            old_rust: self.old_rust.clone(),
            new_rust: self.new_rust.clone(),
            changes: Vec::new(),
            expanding: self.expanding.clone(),
        };
        walk.node(
            old,
            new,
            &Place {
                event: None,
                object: None,
                pointer: String::new(),
            },
        );
        walk.changes.is_empty()
    }

    fn push(
        &mut self,
        kind: Kind,
        at: &Place,
        before: Option<Value>,
        after: Option<Value>,
        message: String,
    ) {
        self.push_with(kind, at, before, after, message, false);
    }

    /// `raw`: the generated code holds the node as `serde_json::Value` or `i64` on both
    /// sides, so no Rust item changes.
    fn push_with(
        &mut self,
        kind: Kind,
        at: &Place,
        before: Option<Value>,
        after: Option<Value>,
        message: String,
        raw: bool,
    ) {
        let info = kind.info();
        self.changes.push(Change {
            kind,
            event: at.event.clone(),
            object: at.object.clone(),
            pointer: at.pointer.clone(),
            before,
            after,
            wire: info.wire,
            rust: if raw { Rust::Patch } else { info.rust },
            message,
        });
    }
}

fn event_place(event: &str, pointer: &str) -> Place {
    Place {
        event: Some(event.to_string()),
        object: None,
        pointer: pointer.to_string(),
    }
}

fn object_place(name: &str) -> Place {
    Place {
        event: None,
        object: Some(name.to_string()),
        pointer: String::new(),
    }
}

/// The node a `$ref` names, or the node itself.
fn target<'s>(set: &'s SchemaSet, node: &'s Schema) -> &'s Schema {
    static ANY: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
    match &node.reference {
        // The loader has checked every reference; a missing one compares as "any".
        Some(name) => set
            .objects
            .get(name)
            .unwrap_or_else(|| ANY.get_or_init(Schema::default)),
        None => node,
    }
}

/// The Rust type name a node stands for: the object it refers to, or the one it defines.
fn type_name(node: &Schema) -> Option<&str> {
    node.reference.as_deref().or(node.name.as_deref())
}

/// A tagged union's members by tag value (by position where a member has none), with their
/// index.
fn members<'s>(
    set: &'s SchemaSet,
    members: &'s [Schema],
    tag: &str,
) -> BTreeMap<String, (usize, &'s Schema)> {
    members
        .iter()
        .enumerate()
        .map(|(i, member)| {
            let value = target(set, member)
                .properties
                .get(tag)
                .and_then(|p| p.enum_values.as_ref())
                .and_then(|values| values.first())
                .and_then(Value::as_str)
                .map(String::from)
                .unwrap_or_else(|| format!("#{i}"));
            (value, (i, member))
        })
        .collect()
}

fn literal(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

fn list(values: &[Value]) -> String {
    values.iter().map(literal).collect::<Vec<_>>().join(", ")
}
