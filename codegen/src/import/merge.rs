//! `allOf` merged away, and references looked through.
//!
//! The docs use `allOf` for two things: a "ref plus nullable" wrapper around one `$ref` (kept as
//! a reference with `nullable`), and composition, which is merged here into one object: the
//! union of the properties, the union of `required`, the members' types, formats and enums
//! reconciled. A conflict that has no single answer (two types, two formats, disjoint enums, a
//! map and a closed object) is an import error naming the schema and the property.
//!
//! `nullable` follows OpenAPI 3.0 usage, which is what the docs are written in: `nullable: true`
//! on the node that holds the `allOf` makes the result nullable; otherwise it is nullable only
//! when every member is.

use std::cell::RefCell;
use std::collections::HashMap;

use indexmap::IndexMap;

use super::diagnostic::{Diagnostic, Kind};
use super::error::ImportError;
use super::openapi::{AdditionalNode, Node, TypeField};
use super::sources::{Place, Sources};

/// Resolves references against the combined documents, caching merged components.
pub struct Resolver<'a> {
    pub sources: &'a Sources,
    flat: RefCell<HashMap<String, Node>>,
    /// Components being flattened, to report a reference cycle instead of overflowing.
    active: RefCell<Vec<String>>,
    /// `allOf` members that contradict each other, and what the merge made of them.
    pub diagnostics: RefCell<Vec<Diagnostic>>,
}

impl<'a> Resolver<'a> {
    pub fn new(sources: &'a Sources) -> Self {
        Resolver {
            sources,
            flat: RefCell::new(HashMap::new()),
            active: RefCell::new(Vec::new()),
            diagnostics: RefCell::new(Vec::new()),
        }
    }

    /// The raw node of a components schema, or an error at the referring place.
    pub fn component(&self, name: &str, from: &Place) -> Result<(&'a Node, Place), ImportError> {
        match self.sources.components.get(name) {
            Some(c) => Ok((&c.node, Place::component(c.doc, name))),
            None => Err(self
                .sources
                .error(from, format!("`$ref` names no components schema `{name}`"))),
        }
    }

    /// When `node` is just a reference (a `$ref` with only annotations, `nullable` or a
    /// matching `type` beside it, or a one-member `allOf` wrapper of one): the component name
    /// and whether the wrapper makes it nullable.
    pub fn as_reference(
        &self,
        node: &Node,
        place: &Place,
    ) -> Result<Option<(String, bool)>, ImportError> {
        let (target, inner_nullable) = if let Some(name) = node.ref_name() {
            (name.to_string(), false)
        } else if let Some([member]) = node.all_of.as_deref() {
            match self.as_reference(member, &place.child("allOf").child("0"))? {
                Some(found) => found,
                None => return Ok(None),
            }
        } else {
            return Ok(None);
        };
        let mut rest = node.clone();
        rest.reference = None;
        rest.all_of = None;
        rest.nullable = None;
        if let Some(ty) = rest.ty.take() {
            let flat = self.flat_component(&target, place)?;
            if flat.ty.is_some() && flat.ty.as_ref() != Some(&ty) {
                return Ok(None);
            }
        }
        if !rest.is_annotation_only() {
            return Ok(None);
        }
        Ok(Some((target, node.is_nullable() || inner_nullable)))
    }

    /// A components schema with every `allOf` inside it merged, cached.
    pub fn flat_component(&self, name: &str, from: &Place) -> Result<Node, ImportError> {
        if let Some(node) = self.flat.borrow().get(name) {
            return Ok(node.clone());
        }
        if self.active.borrow().iter().any(|a| a == name) {
            return Err(self.sources.error(
                from,
                format!(
                    "`{name}` refers to itself through `allOf`; recursive shapes are not supported"
                ),
            ));
        }
        let (node, place) = self.component(name, from)?;
        self.active.borrow_mut().push(name.to_string());
        let flat = self.flatten(node, &place);
        self.active.borrow_mut().pop();
        let flat = flat?;
        self.flat
            .borrow_mut()
            .insert(name.to_string(), flat.clone());
        Ok(flat)
    }

    /// The node with its own reference followed and its own `allOf` merged (nodes below it are
    /// left as they are: they are converted, and merged, in their turn).
    pub fn flatten(&self, node: &Node, place: &Place) -> Result<Node, ImportError> {
        if let Some((target, nullable)) = self.as_reference(node, place)? {
            let mut flat = self.flat_component(&target, place)?;
            flat.nullable = Some(flat.is_nullable() || nullable);
            flat.add_notes(&node.notes);
            return Ok(flat);
        }
        // A `$ref` with constraints beside it means "both": the same as an `allOf`.
        let mut members: Vec<(Node, Place)> = Vec::new();
        let mut rest = node.clone();
        if let Some(name) = node.ref_name() {
            let (_, target_place) = self.component(name, place)?;
            members.push((self.flat_component(name, place)?, target_place));
            rest.reference = None;
        }
        let Some(all_of) = rest.all_of.take() else {
            if members.is_empty() {
                return Ok(rest);
            }
            return self.merge_members(members, rest, place);
        };
        for (i, member) in all_of.iter().enumerate() {
            let member_place = place.child("allOf").child(&i.to_string());
            members.push((self.flatten(member, &member_place)?, member_place));
        }
        self.merge_members(members, rest, place)
    }

    /// Merges the flattened members and the node's own keywords (`rest`).
    fn merge_members(
        &self,
        members: Vec<(Node, Place)>,
        rest: Node,
        place: &Place,
    ) -> Result<Node, ImportError> {
        let wrapper_nullable = rest.is_nullable();
        let all_nullable = !members.is_empty() && members.iter().all(|(m, _)| m.is_nullable());
        let mut merged = rest;
        merged.nullable = None;
        for (member, _) in members {
            let mut member = member;
            member.nullable = None;
            merged = self.merge_two(merged, member, place)?;
        }
        if wrapper_nullable || all_nullable {
            merged.nullable = Some(true);
        }
        Ok(merged)
    }

    /// Both `a` and `b` hold: one node that says what they say together.
    fn merge_two(&self, a: Node, b: Node, place: &Place) -> Result<Node, ImportError> {
        let conflict = |what: String| {
            self.sources
                .error(place, format!("cannot merge `allOf`: {what}"))
        };
        if let (Some(x), Some(y)) = (&a.ty, &b.ty) {
            if x != y {
                // Nothing is both; a receiver is better served by either.
                let note = self.contradiction(
                    place,
                    format!(
                        "the members give types {} and {}",
                        type_text(x),
                        type_text(y)
                    ),
                    "widened it to a union of both (`anyOf`)",
                );
                return Ok(Node {
                    notes: vec![note],
                    any_of: Some(vec![a, b]),
                    ..Node::default()
                });
            }
        }
        let mut out = a;
        out.add_notes(&b.notes);
        out.ty = out.ty.take().or(b.ty);
        out.nullable = match (out.nullable, b.nullable) {
            (Some(x), Some(y)) => Some(x && y),
            _ => None,
        };
        out.format = match (out.format.take(), b.format) {
            (Some(x), Some(y)) if x != y => {
                let note = self.contradiction(
                    place,
                    format!("the members give formats `{x}` and `{y}`"),
                    "dropped the `format`",
                );
                out.notes.push(note);
                None
            }
            (x, y) => x.or(y),
        };
        out.enum_values = match (out.enum_values.take(), b.enum_values) {
            (Some(x), Some(y)) => {
                let both: Vec<_> = x.iter().filter(|v| y.contains(v)).cloned().collect();
                if both.is_empty() {
                    let note = self.contradiction(
                        place,
                        "the members' enums have no value in common",
                        "kept the values of both",
                    );
                    out.notes.push(note);
                    let mut all = x;
                    all.extend(
                        y.into_iter()
                            .filter(|v| !all.contains(v))
                            .collect::<Vec<_>>(),
                    );
                    Some(all)
                } else {
                    Some(both)
                }
            }
            (x, y) => x.or(y),
        };
        out.example = out.example.take().or(b.example);
        out.required = match (out.required.take(), b.required) {
            (Some(mut x), Some(y)) => {
                for r in y {
                    if !x.contains(&r) {
                        x.push(r);
                    }
                }
                Some(x)
            }
            (x, y) => x.or(y),
        };
        out.properties = match (out.properties.take(), b.properties) {
            (Some(mut x), Some(y)) => {
                for (key, schema) in y {
                    match x.get_index_of(&key) {
                        Some(i) => {
                            let at = place.child("properties").child(&key);
                            let mine = std::mem::take(&mut x[i]);
                            x[i] = self.merge_child(mine, schema, &at)?;
                        }
                        None => {
                            x.insert(key, schema);
                        }
                    }
                }
                Some(x)
            }
            (x, y) => x.or(y),
        };
        out.additional_properties =
            match (out.additional_properties.take(), b.additional_properties) {
                (Some(AdditionalNode::Flag(true)), y) => y,
                (x, Some(AdditionalNode::Flag(true))) => x,
                (Some(AdditionalNode::Flag(false)), Some(AdditionalNode::Schema(map)))
                | (Some(AdditionalNode::Schema(map)), Some(AdditionalNode::Flag(false))) => {
                    let note = self.contradiction(
                        place,
                        "one member is a map and another forbids extra properties",
                        "kept the map",
                    );
                    out.notes.push(note);
                    Some(AdditionalNode::Schema(map))
                }
                (Some(AdditionalNode::Schema(x)), Some(AdditionalNode::Schema(y))) => {
                    let at = place.child("additionalProperties");
                    Some(AdditionalNode::Schema(Box::new(
                        self.merge_child(*x, *y, &at)?,
                    )))
                }
                (x, y) => x.or(y),
            };
        out.items = match (out.items.take(), b.items) {
            (Some(x), Some(y)) => {
                Some(Box::new(self.merge_child(*x, *y, &place.child("items"))?))
            }
            (x, y) => x.or(y),
        };
        let unions = |n: &Node| n.one_of.is_some() || n.any_of.is_some();
        if unions(&out) && (b.one_of.is_some() || b.any_of.is_some()) {
            return Err(conflict("two members are unions (`oneOf`)".into()));
        }
        out.one_of = out.one_of.take().or(b.one_of);
        out.any_of = out.any_of.take().or(b.any_of);
        if unions(&out) && out.properties.as_ref().is_some_and(|p| !p.is_empty()) {
            return Err(conflict(
                "a union (`oneOf`) and an object with properties".into(),
            ));
        }
        Ok(out)
    }

    /// Records a contradiction between `allOf` members; returns the note for the node.
    fn contradiction(&self, place: &Place, problem: impl Into<String>, action: &str) -> String {
        let d = Diagnostic::docs(
            Kind::Conflict,
            &self.sources.file(place.doc),
            &place.pointer,
            format!("`allOf` cannot hold: {}", problem.into()),
            action,
        );
        let note = d.note();
        self.diagnostics.borrow_mut().push(d);
        note
    }

    /// Two schemas for the same property: the same reference stays a reference; a side that
    /// only annotates gives way; otherwise both are flattened and merged.
    fn merge_child(&self, a: Node, b: Node, place: &Place) -> Result<Node, ImportError> {
        if b.is_annotation_only() {
            let mut a = a;
            a.add_notes(&b.notes);
            return Ok(a);
        }
        if a.is_annotation_only() {
            let mut b = b;
            b.add_notes(&a.notes);
            return Ok(b);
        }
        let ra = self.as_reference(&a, place)?;
        let rb = self.as_reference(&b, place)?;
        if let (Some(x), Some(y)) = (&ra, &rb) {
            if x.0 == y.0 {
                return Ok(if x.1 { a } else { b });
            }
        }
        let fa = self.flatten(&a, place)?;
        let fb = self.flatten(&b, place)?;
        let nullable = fa.is_nullable() && fb.is_nullable();
        let mut merged = self.merge_two(fa, fb, place)?;
        merged.nullable = nullable.then_some(true);
        Ok(merged)
    }
}

fn type_text(ty: &TypeField) -> String {
    match ty {
        TypeField::One(t) => format!("`{t}`"),
        TypeField::Many(ts) => format!("`[{}]`", ts.join(", ")),
    }
}

/// Properties of a flattened node, or none.
pub fn properties(node: &Node) -> Option<&IndexMap<String, Node>> {
    node.properties.as_ref().filter(|p| !p.is_empty())
}
