//! Docs schema nodes -> the schema format of `schemas/`.
//!
//! What is carried over: types, `nullable`, formats, string and integer enums, short scalar
//! examples, `required`, properties in the docs' order, maps, free-form objects, arrays,
//! references to shared objects, and unions. What is not: prose and validation keywords
//! (see [`super::openapi::IGNORED_KEYWORDS`]).
//!
//! A components schema that is reached by a `$ref` becomes a shared object when it defines
//! something with a name (an object with properties, a string enum, a tagged union); anything
//! else (an alias of another schema, a plain array, an untagged union) is written out where it
//! is used, so that `objects/` holds only things a Rust type is made of.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::Value;

use super::diagnostic::{Diagnostic, Kind};
use super::envelope;
use super::error::ImportError;
use super::merge::{properties, Resolver};
use super::names::{self, Names};
use super::openapi::{AdditionalNode, Node, TypeField};
use super::sources::{Place, Sources};
use crate::schema::{is_type_name, Additional, EventFile, ForbiddenFlag, Schema, Type};

/// The whole schema set, in memory, before the overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub envelope: Schema,
    /// Sorted by wire event type.
    pub events: Vec<EventFile>,
    /// Shared objects by name.
    pub objects: BTreeMap<String, Schema>,
    /// The docs' flaws found while converting, and what was done about each.
    pub diagnostics: Vec<Diagnostic>,
}

/// The longest example string worth keeping; longer ones are prose or payload fragments.
const MAX_EXAMPLE_CHARS: usize = 64;
/// A chain of aliases longer than this is a cycle.
const MAX_ALIAS_DEPTH: usize = 32;

/// Converts everything the events and the envelope reach.
pub fn convert(sources: &Sources) -> Result<Converted, ImportError> {
    let mut c = Converter::new(sources);
    let mut roots = Vec::new();
    for spec in &sources.events {
        let place = Place {
            doc: spec.doc,
            pointer: spec.pointer.clone(),
        };
        let hint = names::data_name(&spec.schema).unwrap_or_default();
        let data = c.reference(&spec.schema, false, &place, &hint, Use::EventData, 0)?;
        if let Some(name) = &data.reference {
            *c.event_uses.entry(name.clone()).or_default() += 1;
        }
        roots.push((spec, data));
    }
    let (envelope_node, envelope_place) = envelope::build(&c.resolver, &mut c.diagnostics)?;
    let envelope = c.convert_flat(&envelope_node, &envelope_place, envelope::NAME)?;
    c.drain()?;

    let mut events = Vec::new();
    for (spec, data) in roots {
        // A data schema used by this event alone reads best inline, in the event's file.
        let data = match &data.reference {
            Some(name)
                if !data.nullable
                    && c.uses.get(name).copied().unwrap_or(0) == 0
                    && c.event_uses.get(name).copied() == Some(1) =>
            {
                let mut inline = c.objects.remove(name).unwrap_or(data);
                // The docs often wrap a shared schema in the event's own (`allOf: [$ref]`):
                // inline, the object is this event's data and takes its name
                // (`EventCustomerRedemptionSucceededData` -> `CustomerRedemptionSucceeded`,
                // not the wrapped `EventCustomerRedemption`).
                if let Some(own) = names::data_name(&spec.schema) {
                    if inline.name.as_deref() != Some(own.as_str()) {
                        let place = Place {
                            doc: spec.doc,
                            pointer: spec.pointer.clone(),
                        };
                        c.names.claim(&own, &sources.describe(&place))?;
                        inline.name = Some(own);
                    }
                }
                inline
            }
            _ => data,
        };
        events.push(EventFile {
            event: spec.wire.clone(),
            channel: spec.channel,
            docs: spec.docs.clone(),
            data,
        });
    }
    let mut diagnostics = c.diagnostics;
    diagnostics.append(&mut c.resolver.diagnostics.borrow_mut());
    Ok(Converted {
        envelope,
        events,
        objects: c.objects,
        diagnostics,
    })
}

/// Why a component is referred to: an event's data root does not count as a use by another
/// schema (it decides whether the data is written inline).
#[derive(Clone, Copy, PartialEq)]
enum Use {
    EventData,
    Schema,
}

struct Converter<'a> {
    resolver: Resolver<'a>,
    sources: &'a Sources,
    names: Names,
    /// Components that are the data schema of an event: named by [`names::data_name`].
    data_schemas: HashSet<&'a str>,
    /// Data schemas of more than one event (the docs have pasted one event's into another).
    shared_data: HashSet<&'a str>,
    /// The names the generator gives events' data types (`RedemptionSucceeded`).
    event_names: HashSet<String>,
    /// Shared components already queued or converted.
    started: HashSet<String>,
    queue: VecDeque<String>,
    objects: BTreeMap<String, Schema>,
    /// References from schemas (not from event roots), by Rust name.
    uses: HashMap<String, usize>,
    event_uses: HashMap<String, usize>,
    /// Components being written out where they are used, to stop a shape that contains
    /// itself without a name to refer to.
    inlining: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Converter<'a> {
    fn new(sources: &'a Sources) -> Self {
        Converter {
            resolver: Resolver::new(sources),
            sources,
            names: Names::default(),
            data_schemas: sources.events.iter().map(|e| e.schema.as_str()).collect(),
            shared_data: sources
                .events
                .iter()
                .filter(|e| {
                    sources
                        .events
                        .iter()
                        .filter(|o| o.schema == e.schema)
                        .count()
                        > 1
                })
                .map(|e| e.schema.as_str())
                .collect(),
            event_names: sources
                .events
                .iter()
                .filter_map(|e| names::part(&e.wire))
                .collect(),
            started: HashSet::new(),
            queue: VecDeque::new(),
            objects: BTreeMap::new(),
            uses: HashMap::new(),
            event_uses: HashMap::new(),
            inlining: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Converts the queued shared components until none is left.
    fn drain(&mut self) -> Result<(), ImportError> {
        while let Some(component) = self.queue.pop_front() {
            let (_, place) = self
                .resolver
                .component(&component, &Place::component(0, ""))?;
            let name = self.rust_name(&component, &place)?;
            let flat = self.resolver.flat_component(&component, &place)?;
            let schema = self.convert_flat(&flat, &place, &name)?;
            self.objects.insert(name, schema);
        }
        Ok(())
    }

    /// The Rust name of a components schema.
    fn rust_name(&self, component: &str, place: &Place) -> Result<String, ImportError> {
        let name = match names::data_name(component) {
            // A data schema shared by several events stays a shared object, and the generator
            // names each event's data type after the event: the object keeps its docs name
            // where the short one would be an event's (`EventRedemptionSucceeded`).
            Some(short)
                if self.shared_data.contains(component) && self.event_names.contains(&short) =>
            {
                names::component_name(component)
            }
            short if self.data_schemas.contains(component) => short,
            _ => names::component_name(component),
        };
        name.ok_or_else(|| {
            self.sources.error(
                place,
                format!("cannot make a Rust type name of `{component}`"),
            )
        })
    }

    /// A `$ref` to `component` used at `place`: a reference to a shared object, or the
    /// component written out here when it names nothing.
    fn reference(
        &mut self,
        component: &str,
        nullable: bool,
        place: &Place,
        hint: &str,
        usage: Use,
        depth: usize,
    ) -> Result<Schema, ImportError> {
        if depth > MAX_ALIAS_DEPTH {
            return Err(self
                .sources
                .error(place, format!("`{component}` is an alias of itself")));
        }
        let (raw, component_place) = self.resolver.component(component, place)?;
        if let Some((target, also_nullable)) = self.resolver.as_reference(raw, &component_place)? {
            return self.reference(
                &target,
                nullable || also_nullable,
                &component_place,
                hint,
                usage,
                depth + 1,
            );
        }
        let flat = self.resolver.flat_component(component, place)?;
        if self.names_itself(&flat, &component_place)? {
            let name = self.rust_name(component, &component_place)?;
            if self.started.insert(component.to_string()) {
                self.queue.push_back(component.to_string());
            }
            if usage == Use::Schema {
                *self.uses.entry(name.clone()).or_default() += 1;
            }
            let mut schema = Schema::reference(name);
            schema.nullable = nullable;
            return Ok(schema);
        }
        if self.inlining.iter().any(|c| c == component) {
            return Err(self.sources.error(
                place,
                format!("`{component}` contains itself but is no object with properties, so it has no name to refer to"),
            ));
        }
        self.inlining.push(component.to_string());
        let schema = self.convert_flat(&flat, &component_place, hint);
        self.inlining.pop();
        let mut schema = schema?;
        schema.nullable |= nullable;
        Ok(schema)
    }

    /// Any docs node.
    fn convert(&mut self, node: &Node, place: &Place, hint: &str) -> Result<Schema, ImportError> {
        if let Some((target, nullable)) = self.resolver.as_reference(node, place)? {
            let mut schema = self.reference(&target, nullable, place, hint, Use::Schema, 0)?;
            add_notes(&mut schema.import_notes, &node.notes);
            return Ok(schema);
        }
        let flat = self.resolver.flatten(node, place)?;
        self.convert_flat(&flat, place, hint)
    }

    /// A node whose own `allOf` and `$ref` are already resolved.
    fn convert_flat(&mut self, n: &Node, place: &Place, hint: &str) -> Result<Schema, ImportError> {
        let mut notes = n.notes.clone();
        if let Some(TypeField::Many(list)) = &n.ty {
            let types: Vec<&String> = list.iter().filter(|t| *t != "null").collect();
            if types.len() > 1 {
                return self.type_union(n, &types, list.len() > types.len(), place, hint);
            }
        }
        let (ty, null_in_type) = self.type_of(n, place);
        if let Some(TypeField::One(name)) = &n.ty {
            if ty.is_none() {
                self.flaw(
                    &mut notes,
                    Kind::BadValue,
                    &place.child("type"),
                    format!("`type: {name}` is no JSON type"),
                    "ignored the `type`",
                );
            }
        }
        let mut s = Schema {
            ty,
            nullable: n.is_nullable() || null_in_type,
            ..Schema::default()
        };

        let mut enum_values = n.enum_values.clone();
        if let Some(values) = &mut enum_values {
            if values.iter().any(Value::is_null) {
                values.retain(|v| !v.is_null());
                s.nullable = true;
            }
        }
        let mut items = n.items.as_deref().cloned();
        if s.ty == Some(Type::Array) && enum_values.is_some() {
            // The docs put an item enum on the array itself, which no array can satisfy.
            let item = items.get_or_insert_with(Node::default);
            item.enum_values = enum_values.take();
            self.flaw(
                &mut notes,
                Kind::MisplacedKeyword,
                &place.child("enum"),
                "`enum` is written on an array, which no array can match",
                "moved it to the items",
            );
        }
        if let Some(mut values) = enum_values {
            let fits = |v: &Value| match s.ty {
                Some(Type::String) => v.is_string(),
                Some(Type::Integer) => v.is_i64() || v.is_u64(),
                _ => false,
            };
            if !values.iter().all(fits) {
                let kept: Vec<Value> = values.iter().filter(|v| fits(v)).cloned().collect();
                let ty = match s.ty {
                    Some(ty) => format!("`type: {}`", type_name(ty)),
                    None => "no type".to_string(),
                };
                let what = match s.ty {
                    Some(Type::String | Type::Integer) => "values that do not fit it",
                    _ => "values, which the schemas keep only on strings and integers",
                };
                let action = if kept.is_empty() {
                    format!("kept {ty} and dropped the `enum`")
                } else {
                    format!("kept {ty} and the values that fit it")
                };
                self.flaw(
                    &mut notes,
                    Kind::EnumOffType,
                    &place.child("enum"),
                    format!("the `enum` of a node with {ty} lists {what}"),
                    action,
                );
                values = kept;
            }
            if !values.is_empty() {
                s.enum_values = Some(values);
            }
        }

        if let Some(format) = &n.format {
            if s.ty == Some(Type::String) {
                s.format = Some(format.clone());
            } else {
                self.flaw(
                    &mut notes,
                    Kind::KeywordOffType,
                    &place.child("format"),
                    format!("`format: {format}` is given to a value that is no string"),
                    "ignored the `format`",
                );
            }
        }
        s.example = n
            .example
            .as_ref()
            .filter(|e| short_example(e, s.ty, s.enum_values.as_deref()))
            .cloned();

        let object_keywords =
            n.properties.is_some() || n.required.is_some() || n.additional_properties.is_some();
        let not_object = s.ty.is_some() && s.ty != Some(Type::Object);
        if object_keywords && not_object {
            self.flaw(
                &mut notes,
                Kind::KeywordOffType,
                place,
                format!(
                    "`properties`, `required` or `additionalProperties` on a node of `type: {}`",
                    type_name(s.ty.unwrap_or(Type::Object))
                ),
                "ignored them, as JSON Schema does",
            );
        }
        if let Some(props) = n.properties.as_ref().filter(|_| !not_object) {
            for (key, child) in props {
                let child_hint = format!("{hint}{}", names::part(key).unwrap_or_default());
                let child_place = place.child("properties").child(key);
                let schema = self.convert(child, &child_place, &child_hint)?;
                s.properties.insert(key.clone(), schema);
            }
        }
        for required in n.required.iter().flatten().filter(|_| !not_object) {
            if s.properties.contains_key(required) {
                if !s.requires(required) {
                    s.required.push(required.clone());
                }
            } else {
                self.flaw(
                    &mut notes,
                    Kind::RequiredNoProperty,
                    &place.child("required"),
                    format!("`required` lists `{required}`, which is no property"),
                    "dropped it from `required`",
                );
            }
        }
        // `required` carries no order: list it in the order of the properties.
        let properties = &s.properties;
        s.required
            .sort_by_key(|r| properties.get_index_of(r.as_str()).unwrap_or(usize::MAX));
        s.additional_properties = match n.additional_properties.as_ref().filter(|_| !not_object) {
            None | Some(AdditionalNode::Flag(true)) => None,
            Some(AdditionalNode::Flag(false)) => Some(Additional::Forbidden(ForbiddenFlag)),
            Some(AdditionalNode::Schema(values)) if values.is_annotation_only() => None,
            Some(AdditionalNode::Schema(values)) => {
                let at = place.child("additionalProperties");
                let schema = self.convert(values, &at, &format!("{hint}Value"))?;
                Some(Additional::Values(Box::new(schema)))
            }
        };

        if s.ty == Some(Type::Array) {
            let item = items.unwrap_or_default();
            let schema = self.convert(&item, &place.child("items"), &format!("{hint}Item"))?;
            s.items = Some(Box::new(schema));
        } else if items.is_some() {
            self.flaw(
                &mut notes,
                Kind::KeywordOffType,
                &place.child("items"),
                "`items` is given to a value that is no array",
                "ignored the `items`",
            );
        }

        let (keyword, members) = match (&n.one_of, &n.any_of) {
            (Some(_), Some(_)) => {
                return Err(self
                    .sources
                    .error(place, "both `oneOf` and `anyOf` on one node"))
            }
            (Some(m), None) => ("oneOf", Some(m)),
            (None, Some(m)) => ("anyOf", Some(m)),
            (None, None) => ("", None),
        };
        if let Some(members) = members {
            // A union's members carry the type; the node itself is only the choice.
            s.ty = None;
            let tag = if keyword == "oneOf" {
                self.find_tag(members, place)?
            } else {
                None
            };
            for (i, member) in members.iter().enumerate() {
                let at = place.child(keyword).child(&i.to_string());
                let member_hint = match &tag {
                    Some((_, values)) => {
                        format!("{hint}{}", names::part(&values[i]).unwrap_or_default())
                    }
                    None => format!("{hint}Option{}", i + 1),
                };
                let schema = self.convert(member, &at, &member_hint)?;
                match tag {
                    Some(_) => s.one_of.push(schema),
                    None => s.any_of.push(schema),
                }
            }
            s.tag = tag.map(|(tag, _)| tag);
        }

        self.name_node(&mut s, hint, place)?;
        add_notes(&mut s.import_notes, &notes);
        Ok(s)
    }

    /// A 3.1 `type` list of several types: a union of one member per type, each with the
    /// keywords that apply to it.
    fn type_union(
        &mut self,
        n: &Node,
        types: &[&String],
        nullable: bool,
        place: &Place,
        hint: &str,
    ) -> Result<Schema, ImportError> {
        let mut s = Schema {
            nullable: nullable || n.is_nullable(),
            ..Schema::default()
        };
        for (i, ty) in types.iter().enumerate() {
            let mut member = n.clone();
            member.ty = Some(TypeField::One(ty.to_string()));
            member.nullable = None;
            member.notes.clear();
            if *ty != "object" {
                member.properties = None;
                member.required = None;
                member.additional_properties = None;
            }
            if *ty != "array" {
                member.items = None;
            }
            if *ty != "string" {
                member.format = None;
            }
            member.enum_values = member.enum_values.map(|values| {
                values
                    .into_iter()
                    .filter(|v| match ty.as_str() {
                        "string" => v.is_string(),
                        "integer" => v.is_i64() || v.is_u64(),
                        _ => false,
                    })
                    .collect::<Vec<_>>()
            });
            if member.enum_values.as_ref().is_some_and(Vec::is_empty) {
                member.enum_values = None;
            }
            let member_hint = format!("{hint}Option{}", i + 1);
            s.any_of
                .push(self.convert_flat(&member, place, &member_hint)?);
        }
        add_notes(&mut s.import_notes, &n.notes);
        Ok(s)
    }

    /// Gives `s` its name when it is something a Rust type is made of.
    fn name_node(&mut self, s: &mut Schema, hint: &str, place: &Place) -> Result<(), ImportError> {
        let named = (s.ty == Some(Type::Object) && !s.properties.is_empty())
            || (s.ty == Some(Type::String) && s.enum_values.is_some())
            || !s.one_of.is_empty();
        if !named {
            return Ok(());
        }
        if !is_type_name(hint) {
            return Err(self.sources.error(
                place,
                format!("the naming rules give this node the name `{hint}`, which is not a Rust type name"),
            ));
        }
        self.names.claim(hint, &self.sources.describe(place))?;
        s.name = Some(hint.to_string());
        Ok(())
    }

    /// True when the flattened node converts to something with a name of its own.
    fn names_itself(&self, n: &Node, place: &Place) -> Result<bool, ImportError> {
        let (ty, _) = self.type_of(n, place);
        Ok(match ty {
            Some(Type::Object) => {
                properties(n).is_some() && n.one_of.is_none() && n.any_of.is_none()
            }
            Some(Type::String) => n.enum_values.is_some() && n.one_of.is_none(),
            _ => false,
        } || match &n.one_of {
            Some(members) => self.find_tag(members, place)?.is_some(),
            None => false,
        })
    }

    /// The property that tells the members of a `oneOf` apart: present in every member with
    /// a single-value string enum, a different value in each. The first such property of the
    /// first member wins. Returns it with each member's value.
    fn find_tag(
        &self,
        members: &[Node],
        place: &Place,
    ) -> Result<Option<(String, Vec<String>)>, ImportError> {
        if members.len() < 2 {
            return Ok(None);
        }
        let mut flats = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let at = place.child("oneOf").child(&i.to_string());
            flats.push((self.resolver.flatten(member, &at)?, at));
        }
        let Some(first) = properties(&flats[0].0) else {
            return Ok(None);
        };
        'candidates: for key in first.keys() {
            let mut values: Vec<String> = Vec::new();
            for (flat, at) in &flats {
                let Some(prop) = flat.properties.as_ref().and_then(|p| p.get(key)) else {
                    continue 'candidates;
                };
                let prop = self
                    .resolver
                    .flatten(prop, &at.child("properties").child(key))?;
                match prop.enum_values.as_deref() {
                    Some([Value::String(v)]) if !values.contains(v) => values.push(v.clone()),
                    _ => continue 'candidates,
                }
            }
            return Ok(Some((key.clone(), values)));
        }
        Ok(None)
    }

    /// The node's type (said or implied) and whether a 3.1 type list admits `null`. A list of
    /// several types, or a name that is no type, gives no type.
    fn type_of(&self, n: &Node, _place: &Place) -> (Option<Type>, bool) {
        let (name, nullable) = match &n.ty {
            None => return (implied_type(n), false),
            Some(TypeField::One(t)) => (t.as_str(), false),
            Some(TypeField::Many(list)) => {
                let rest: Vec<&String> = list.iter().filter(|t| *t != "null").collect();
                match rest.as_slice() {
                    [one] => (one.as_str(), rest.len() < list.len()),
                    [] => return (None, true),
                    _ => return (None, false),
                }
            }
        };
        let ty = match name {
            "object" => Type::Object,
            "array" => Type::Array,
            "string" => Type::String,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            _ => return (None, false),
        };
        (Some(ty), nullable)
    }

    /// Records a flaw found at `place`, and its note for the node being converted.
    fn flaw(
        &mut self,
        notes: &mut Vec<String>,
        kind: Kind,
        place: &Place,
        problem: impl Into<String>,
        action: impl Into<String>,
    ) {
        let d = Diagnostic::docs(
            kind,
            &self.sources.file(place.doc),
            &place.pointer,
            problem,
            action,
        );
        notes.push(d.note());
        self.diagnostics.push(d);
    }
}

/// Adds the notes not there yet, in order.
fn add_notes(to: &mut Vec<String>, notes: &[String]) {
    for note in notes {
        if !to.contains(note) {
            to.push(note.clone());
        }
    }
}

fn type_name(ty: Type) -> &'static str {
    match ty {
        Type::Object => "object",
        Type::Array => "array",
        Type::String => "string",
        Type::Integer => "integer",
        Type::Number => "number",
        Type::Boolean => "boolean",
    }
}

/// The type a node without `type` implies by its other keywords.
fn implied_type(n: &Node) -> Option<Type> {
    if n.properties.is_some() || n.additional_properties.is_some() || n.required.is_some() {
        return Some(Type::Object);
    }
    if n.items.is_some() {
        return Some(Type::Array);
    }
    let values: Vec<&Value> = n
        .enum_values
        .iter()
        .flatten()
        .filter(|v| !v.is_null())
        .collect();
    if values.is_empty() {
        None
    } else if values.iter().all(|v| v.is_string()) {
        Some(Type::String)
    } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
        Some(Type::Integer)
    } else {
        None
    }
}

/// A short scalar example that fits the node; anything else is left out.
fn short_example(example: &Value, ty: Option<Type>, values: Option<&[Value]>) -> bool {
    if let Some(values) = values {
        return values.contains(example);
    }
    match (example, ty) {
        (Value::String(s), Some(Type::String)) => {
            s.chars().count() <= MAX_EXAMPLE_CHARS && !s.contains('\n')
        }
        (Value::Number(n), Some(Type::Integer)) => n.is_i64() || n.is_u64(),
        (Value::Number(_), Some(Type::Number)) => true,
        (Value::Bool(_), Some(Type::Boolean)) => true,
        _ => false,
    }
}
