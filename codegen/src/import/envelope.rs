//! The envelope `{id, project_id, created_at, type, data, source, event}` that both channels send.
//!
//! The docs describe it twice, once per channel (`WebhookProjectSettingPayload`,
//! `WebhookDistributionPayload`), and a receiver cannot know the channel before it has parsed
//! the envelope. So the envelope is the *join* of the two: what either channel may send.
//! Property by property: a property of either is kept; it is required only where both require
//! it; an enum is kept only where both have one (with the values of both); a format or example
//! only where both agree. This is what turns `type` into a plain string (distribution sends the
//! user's free text), `source.object` into `webhook | distribution`, and leaves out the
//! project-settings `event.type` enum, which lists distribution events only.
//!
//! Where the channels disagree on a type, the join is a union of both (a diagnostic).
//!
//! `DefaultPayloadData1` and `DefaultPayloadData2` split the same envelope into two fragments;
//! every property they list should be in the join with the same type, and a diagnostic says
//! where one is not, so that a change in the docs does not drift silently. (Their
//! `event.entity_id` is required, the channel payloads' is not; real envelopes often lack it, so
//! the join's answer stands.) Documents of early 2024 have only the fragments: the envelope is
//! built from them. The per-event `*Webhook` envelope schemas are not read at all: they require
//! a `name` that is no property, and one of them nests `data.data`.
//!
//! Last, the envelope keeps what the crate's receiver reads from every webhook (`CONTRACT`).

use indexmap::IndexMap;

use super::diagnostic::{Diagnostic, Kind};
use super::error::ImportError;
use super::merge::Resolver;
use super::openapi::{Node, TypeField};
use super::sources::Place;

/// The name of the envelope object, which overrides use too.
pub const NAME: &str = "Envelope";
/// The channel payloads that are joined.
pub const CHANNEL_PAYLOADS: [&str; 2] =
    ["WebhookProjectSettingPayload", "WebhookDistributionPayload"];
/// The fragments that the envelope must cover.
pub const FRAGMENTS: [&str; 2] = ["DefaultPayloadData1", "DefaultPayloadData2"];

/// The envelope as one docs node, and the place it is reported at.
pub fn build(
    resolver: &Resolver,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(Node, Place), ImportError> {
    let [first, second] = CHANNEL_PAYLOADS;
    let defined = |name: &str| resolver.sources.components.contains_key(name);
    if !defined(first) || !defined(second) {
        let (mut node, place) = from_what_is_there(resolver, diagnostics);
        keep_contract(resolver, &mut node, &place, diagnostics)?;
        return Ok((node, place));
    }
    let (_, place) = resolver.component(first, &Place::component(0, first))?;
    let a = resolver.flat_component(first, &place)?;
    let (_, second_place) = resolver.component(second, &place)?;
    let b = resolver.flat_component(second, &second_place)?;
    let mut joined = join(resolver, a, b, &place, diagnostics)?;
    for fragment in FRAGMENTS {
        // The fragments only check the join; a document without them checks nothing.
        if !resolver.sources.components.contains_key(fragment) {
            continue;
        }
        let (_, fragment_place) = resolver.component(fragment, &place)?;
        let part = resolver.flat_component(fragment, &fragment_place)?;
        covers(resolver, &joined, &part, &fragment_place, diagnostics)?;
    }
    keep_contract(resolver, &mut joined, &place, diagnostics)?;
    Ok((joined, place))
}

/// What either `a` or `b` accepts (as far as the schema format can say it).
/// The envelope of documents that lack a channel payload (those of early 2024 describe it only
/// in the fragments): the channel payload there is, else the fragments merged, else a
/// free-form object; with a diagnostic, as the envelope is then less checked than usual.
fn from_what_is_there(resolver: &Resolver, diagnostics: &mut Vec<Diagnostic>) -> (Node, Place) {
    let there: Vec<&str> = CHANNEL_PAYLOADS
        .iter()
        .chain(&FRAGMENTS)
        .copied()
        .filter(|name| resolver.sources.components.contains_key(*name))
        .collect();
    let channel: Vec<&str> = there
        .iter()
        .copied()
        .filter(|n| CHANNEL_PAYLOADS.contains(n))
        .collect();
    let parts = if channel.is_empty() { there } else { channel };
    let doc = parts
        .first()
        .and_then(|n| resolver.sources.components.get(*n))
        .map_or(0, |c| c.doc);
    let place = Place::component(doc, parts.first().copied().unwrap_or(CHANNEL_PAYLOADS[0]));
    let wrapper = Node {
        ty: Some(super::openapi::TypeField::One("object".into())),
        all_of: Some(
            parts
                .iter()
                .map(|name| Node {
                    reference: Some(format!("{}{name}", super::openapi::COMPONENTS_PREFIX)),
                    ..Node::default()
                })
                .collect(),
        ),
        ..Node::default()
    };
    let action = match parts.as_slice() {
        [] => "kept the envelope as a free-form object".to_string(),
        parts => format!("built the envelope from {}", parts.join(" and ")),
    };
    let d = Diagnostic::docs(
        Kind::MissingSchema,
        &resolver.sources.file(doc),
        "/components/schemas",
        format!(
            "the docs do not define both channel payloads ({})",
            CHANNEL_PAYLOADS.join(", ")
        ),
        action,
    );
    let mut node = resolver.flatten(&wrapper, &place).unwrap_or_default();
    if node.ty.is_none() {
        node.ty = Some(super::openapi::TypeField::One("object".into()));
    }
    node.notes.insert(0, d.note());
    diagnostics.push(d);
    (node, place)
}

/// What the receiver of the `voucherify-webhooks` crate reads from every envelope, whatever
/// the docs say: the properties (a path from the envelope), their type, and whether every
/// webhook has them. `source.object` also needs its two values, which tell the channels apart.
/// `source.object` is optional: the receiver takes an envelope without it for a
/// project-settings webhook, as the channel payloads' join says.
const CONTRACT: &[(&[&str], &str, bool)] = &[
    (&["id"], "string", true),
    (&["project_id"], "string", true),
    (&["created_at"], "string", true),
    (&["type"], "string", true),
    (&["data"], "object", true),
    (&["source"], "object", true),
    (&["source", "object"], "string", false),
    (&["event"], "object", true),
    (&["event", "type"], "string", true),
];
const CHANNEL_VALUES: [&str; 2] = ["webhook", "distribution"];

/// Makes the envelope say what the receiver reads ([`CONTRACT`]); every place where the docs
/// say otherwise (a flaw: real envelopes have these) is a diagnostic.
fn keep_contract(
    resolver: &Resolver,
    envelope: &mut Node,
    place: &Place,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), ImportError> {
    let file = resolver.sources.file(place.doc);
    for (path, ty, required) in CONTRACT {
        let (last, parents) = path.split_last().expect("a path");
        let mut parent = &mut *envelope;
        let mut at = place.clone();
        for key in parents {
            at = at.child("properties").child(key);
            parent = parent
                .properties
                .get_or_insert_with(IndexMap::new)
                .entry(key.to_string())
                .or_default();
        }
        at = at.child("properties").child(last);
        let name = path.join(".");
        let mut flaw = |problem: String, action: String, node: &mut Node| {
            let d = Diagnostic::docs(Kind::Conflict, &file, &at.pointer, problem, action);
            node.notes.push(d.note());
            diagnostics.push(d);
        };
        let listed = parent.required.iter().flatten().any(|r| r == last);
        let properties = parent.properties.get_or_insert_with(IndexMap::new);
        if !properties.contains_key(*last) {
            let mut node = Node::default();
            let d = format!("the envelope has no `{name}`, which the receiver reads");
            flaw(d, format!("added it: `type: {ty}`"), &mut node);
            node.ty = Some(TypeField::One(ty.to_string()));
            if path == &["source", "object"] {
                node.enum_values = Some(CHANNEL_VALUES.iter().map(|v| (*v).into()).collect());
            }
            properties.insert(last.to_string(), node);
            if *required && !listed {
                parent
                    .required
                    .get_or_insert_with(Vec::new)
                    .push(last.to_string());
            }
            continue;
        }
        if *required && !listed {
            let d = format!("the envelope's `{name}` is not required, but every webhook has it and the receiver reads it");
            flaw(d, "made it required".into(), parent);
            parent
                .required
                .get_or_insert_with(Vec::new)
                .push(last.to_string());
        } else if !*required && listed {
            let d = format!("the envelope's `{name}` is required, but the receiver takes an envelope without it for a project-settings webhook");
            flaw(d, "made it optional".into(), parent);
            if let Some(list) = &mut parent.required {
                list.retain(|r| r != last);
            }
        }
        let Some(node) = parent.properties.as_mut().and_then(|p| p.get_mut(*last)) else {
            continue;
        };
        let flat = resolver.flatten(node, &at)?;
        let given = flat.ty.clone();
        if given != Some(TypeField::One(ty.to_string())) {
            let given = match given {
                Some(t) => format!("`type: {}`", type_text(Some(&t)).trim_matches('`')),
                None => "no type".into(),
            };
            let d = format!(
                "the envelope's `{name}` is read as `type: {ty}`, but the docs give {given}"
            );
            let notes = std::mem::take(&mut node.notes);
            *node = Node {
                ty: Some(TypeField::One(ty.to_string())),
                nullable: flat.nullable,
                notes,
                properties: (*ty == "object").then(|| flat.properties.clone()).flatten(),
                required: (*ty == "object").then(|| flat.required.clone()).flatten(),
                enum_values: flat.enum_values.clone(),
                ..Node::default()
            };
            flaw(d, format!("kept `type: {ty}`"), node);
        }
        if path == &["source", "object"] {
            let mut values = flat.enum_values.clone().unwrap_or_default();
            values.retain(serde_json::Value::is_string);
            let missing: Vec<&str> = CHANNEL_VALUES
                .iter()
                .copied()
                .filter(|v| !values.iter().any(|x| x == v))
                .collect();
            if !missing.is_empty() {
                let d = format!(
                    "the envelope's `source.object` tells the channels apart, but the docs do not list {}",
                    missing.join(" and ")
                );
                values.extend(missing.iter().map(|v| serde_json::Value::from(*v)));
                node.enum_values = Some(values);
                flaw(d, "added them to its `enum`".into(), node);
            }
        }
    }
    Ok(())
}

/// Where the channels disagree on the type, the join is the union of both shapes.
fn join(
    resolver: &Resolver,
    a: Node,
    b: Node,
    place: &Place,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Node, ImportError> {
    let nullable = (a.is_nullable() || b.is_nullable()).then_some(true);
    if a.ty.is_some() && b.ty.is_some() && a.ty != b.ty {
        let d = Diagnostic::docs(
            Kind::Conflict,
            &resolver.sources.file(place.doc),
            &place.pointer,
            format!(
                "the two channel payloads ({}) give this property different types ({} and {})",
                CHANNEL_PAYLOADS.join(", "),
                type_text(a.ty.as_ref()),
                type_text(b.ty.as_ref()),
            ),
            "widened it to a union of both (`anyOf`)",
        );
        let node = Node {
            nullable,
            notes: vec![d.note()],
            any_of: Some(vec![a, b]),
            ..Node::default()
        };
        diagnostics.push(d);
        return Ok(node);
    }
    let mut out = Node {
        ty: a.ty.or(b.ty),
        nullable,
        ..Node::default()
    };
    out.add_notes(&a.notes);
    out.add_notes(&b.notes);
    out.format = a.format.filter(|f| b.format.as_ref() == Some(f));
    out.example = a.example.filter(|e| b.example.as_ref() == Some(e));
    out.enum_values = match (a.enum_values, b.enum_values) {
        (Some(mut x), Some(y)) => {
            for v in y {
                if !x.contains(&v) {
                    x.push(v);
                }
            }
            Some(x)
        }
        _ => None,
    };
    out.required = match (a.required, b.required) {
        (Some(x), Some(y)) => Some(x.into_iter().filter(|r| y.contains(r)).collect()),
        _ => None,
    };
    out.properties = match (a.properties, b.properties) {
        (None, None) => None,
        (x, y) => {
            let mut joined: IndexMap<String, Node> = x.unwrap_or_default();
            for (key, theirs) in y.unwrap_or_default() {
                let at = place.child("properties").child(&key);
                let merged = match joined.shift_remove(&key) {
                    Some(ours) => join_child(resolver, ours, theirs, &at, diagnostics)?,
                    None => theirs,
                };
                joined.insert(key, merged);
            }
            Some(joined)
        }
    };
    Ok(out)
}

/// Joins two property schemas; the same reference on both sides stays a reference.
fn join_child(
    resolver: &Resolver,
    a: Node,
    b: Node,
    place: &Place,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Node, ImportError> {
    if let (Some(x), Some(y)) = (
        resolver.as_reference(&a, place)?,
        resolver.as_reference(&b, place)?,
    ) {
        if x.0 == y.0 {
            return Ok(if x.1 { a } else { b });
        }
    }
    let a = resolver.flatten(&a, place)?;
    let b = resolver.flatten(&b, place)?;
    join(resolver, a, b, place, diagnostics)
}

/// Every property of `part` is in `whole`, with the same type, all the way down.
fn covers(
    resolver: &Resolver,
    whole: &Node,
    part: &Node,
    place: &Place,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), ImportError> {
    let mut disagree = |at: &Place, problem: String| {
        diagnostics.push(Diagnostic::docs(
            Kind::Conflict,
            &resolver.sources.file(at.doc),
            &at.pointer,
            problem,
            "ignored the fragment here: the envelope follows the channel payloads",
        ))
    };
    let mut deeper = Vec::new();
    for (key, theirs) in part.properties.iter().flatten() {
        let at = place.child("properties").child(key);
        let Some(ours) = whole.properties.as_ref().and_then(|p| p.get(key)) else {
            disagree(
                &at,
                format!("the envelope built from the channel payloads has no `{key}`"),
            );
            continue;
        };
        let ours = resolver.flatten(ours, &at)?;
        let theirs = resolver.flatten(theirs, &at)?;
        if ours.any_of.is_some() {
            // A conflict of the channels, widened: it holds the fragment's shape too.
            continue;
        }
        if ours.ty.is_some() && theirs.ty.is_some() && ours.ty != theirs.ty {
            disagree(
                &at,
                format!("the envelope built from the channel payloads gives `{key}` another type"),
            );
            continue;
        }
        deeper.push((ours, theirs, at));
    }
    for (ours, theirs, at) in deeper {
        covers(resolver, &ours, &theirs, &at, diagnostics)?;
    }
    Ok(())
}

fn type_text(ty: Option<&super::openapi::TypeField>) -> String {
    match ty {
        Some(super::openapi::TypeField::One(t)) => format!("`{t}`"),
        Some(super::openapi::TypeField::Many(ts)) => format!("`[{}]`", ts.join(", ")),
        None => "none".into(),
    }
}
