//! One shape, one type: named objects, enums and unions whose schemas are equal (after the
//! overrides, which `schemas/` already holds) become one shared object, so that the Rust
//! types and the JSON Schemas' `$defs` hold each shape once. `generate` and `Builder` run
//! this on the loaded schema set; `schemas/` itself is not changed.
//!
//! Two named nodes are the same shape when they are equal in everything a payload or a Rust
//! type can tell: types, formats, enum values, properties (wire names, order, `required`,
//! `nullable`, `x-personal`), `additionalProperties`, items, union members and tag, and the
//! nested named types, which must be the same shapes in turn (found by refining until nothing
//! more merges). Not compared, because they are notes: `name`, `description`, `example` and
//! `x-import-notes`. A place's own `nullable`, `description`, `example` and `x-personal` stay
//! at that place, on the `$ref` that replaces the inline node (so a field keeps its docs).
//! A shared object that absorbs others keeps its own docs; a shape lifted out of several
//! places keeps the note they all agree on, or else says where it is used. An event's `data`
//! object takes part too: events whose data have one shape share one data type (each keeps its
//! own `Event` variant), and its `data` becomes a `$ref` that keeps the event's own name for the
//! variant. The envelope keeps its own types, a one-value enum of a union member (a tag) stays
//! in the member, and what Rust keeps as JSON (inside an `anyOf`, the unlisted properties of an
//! object with properties) is left as written; everything else nested takes part.
//!
//! The name a shape keeps depends on the schemas alone (see `choose_name`): a shared object's
//! name (`objects/`, the docs' own component name); else, for the data of several events, the
//! longest run of words their names share followed by `Event` (`VoucherEvent` for
//! `VoucherCreated` and `VoucherDeleted`); else the longest word suffix all names share
//! (`ValidityTimeframe`) when it is two words or more and no other type has it; else the
//! shortest name, ties broken alphabetically. Every other name of the group is gone from the
//! generated crate; [`Merge`] lists them, and `diff` reports the merges that change between
//! two schema sets.

use std::collections::{BTreeMap, BTreeSet};

use crate::schema::{Additional, EventFile, Schema, SchemaSet};

/// A group of names that denote one shape, and the name they share.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Merge {
    /// The name the shape keeps.
    pub into: String,
    /// The other names of the shape, sorted; none of them is generated.
    pub from: Vec<String>,
}

/// A schema set with one shared object per shape, and the names that were merged.
#[derive(Debug, Clone)]
pub struct Unified {
    pub set: SchemaSet,
    /// Sorted by `into`.
    pub merges: Vec<Merge>,
}

/// Where a named node is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// The root of `objects/<name>.yaml`.
    Object,
    /// Written where it is used, inside an object or an event's data.
    Inline,
    /// The `data` object of an event, written in its event file.
    EventData,
}

struct Candidate<'a> {
    node: &'a Schema,
    origin: Origin,
    /// Where it sits on the wire, for docs: `Campaign.validity_timeframe`, or
    /// `` `data.voucher.x` of `voucher.published` ``.
    place: String,
    /// A one-value enum of a union member (a tag): unions and the drift report read it in the
    /// member, so it never becomes a `$ref`. It is compared like any other node (two members
    /// with the same tag value can be the same shape), but stays out of its group's merge.
    pinned: bool,
}

/// Merges every group of named nodes with the same shape into one shared object.
pub fn unify(set: &SchemaSet) -> Unified {
    let candidates = candidates(set);
    let groups = groups(&candidates);
    let mut taken = names_in_use(set);
    let contested = contested_event_names(&groups, &candidates);
    let mut merges: Vec<Merge> = Vec::new();
    // A pinned node stays where it is; the others of its group still merge.
    let movable = groups.iter().map(|group| -> Vec<String> {
        group
            .iter()
            .filter(|n| !candidates[n.as_str()].pinned)
            .cloned()
            .collect()
    });
    for group in movable.filter(|group| group.len() > 1) {
        let group = &group;
        let into = choose_name(group, &candidates, &taken, &contested);
        taken.insert(into.clone());
        let from = group.iter().filter(|n| **n != into).cloned().collect();
        merges.push(Merge { into, from });
    }
    merges.sort();
    let target: BTreeMap<&str, &str> = merges
        .iter()
        .flat_map(|m| {
            std::iter::once(m.into.as_str())
                .chain(m.from.iter().map(String::as_str))
                .map(move |n| (n, m.into.as_str()))
        })
        .collect();

    let mut objects = BTreeMap::new();
    for (name, object) in &set.objects {
        match target.get(name.as_str()) {
            Some(into) if *into != name => {}
            _ => {
                objects.insert(name.clone(), rewrite(object, &target, true));
            }
        }
    }
    for merge in &merges {
        // A name no member had (a common suffix) takes the node of the shortest member.
        let model = match candidates.get(&merge.into) {
            Some(chosen) => chosen,
            None => &candidates[&merge.from[shortest(&merge.from)]],
        };
        if model.origin != Origin::Object {
            let mut lifted = rewrite(model.node, &target, true);
            lifted.name = Some(merge.into.clone());
            // A note that only some places had belongs to those places (it stays on their
            // `$ref`s); the shared type says where it is used instead.
            let notes: BTreeSet<Option<&String>> = members(merge)
                .map(|name| {
                    candidates
                        .get(name)
                        .and_then(|c| c.node.description.as_ref())
                })
                .collect();
            let events = members(merge)
                .any(|name| candidates.get(name).map(|c| c.origin) == Some(Origin::EventData));
            if notes.len() > 1 || lifted.description.is_none() {
                // The data of events is described by its events when it is resolved.
                lifted.description = (!events).then(|| places_note(merge, &candidates));
            }
            // These say how the place that used it sends it; they stay on that place's `$ref`.
            lifted.nullable = false;
            lifted.personal = false;
            objects.insert(merge.into.clone(), lifted);
        }
    }
    let mut out = set.clone();
    out.objects = objects;
    out.envelope = rewrite(&set.envelope, &target, true);
    for event in &mut out.events {
        let own = super::items::event_variant_name(event);
        event.data = match target.get(own.as_str()) {
            // The data has the shape of a shared type: a `$ref` to it, which keeps the event's
            // own name (its `Event` variant) and its notes.
            Some(into) if eligible_data(event) => Schema {
                reference: Some(into.to_string()),
                name: Some(own),
                description: event.data.description.clone(),
                example: event.data.example.clone(),
                ..Schema::default()
            },
            _ => rewrite(&event.data, &target, true),
        };
    }
    Unified { set: out, merges }
}

/// Every name of a merge, the one it keeps first.
fn members(merge: &Merge) -> impl Iterator<Item = &String> {
    std::iter::once(&merge.into).chain(&merge.from)
}

/// The note of a shape that no shared object defined: where it is used, so that its docs
/// point at the places (at most four are named).
fn places_note(merge: &Merge, candidates: &BTreeMap<String, Candidate<'_>>) -> String {
    let mut places: Vec<&str> = members(merge)
        .filter_map(|name| candidates.get(name))
        .map(|c| c.place.as_str())
        .collect();
    places.sort();
    let more = places.len().saturating_sub(4);
    let mut note = format!(
        "One shape at several places: {}",
        places[..places.len() - more].join(", ")
    );
    if more > 0 {
        note.push_str(&format!(" and {more} more"));
    }
    note
}

/// The name a group of same-shaped nodes keeps (the groups are taken in the order of their
/// smallest name, each name claimed before the next group chooses):
/// 1. the name of a shared object of the group (`objects/`: the docs named that schema), the
///    shortest, then the first alphabetically, if there is one;
/// 2. else, when the group holds the data of one event, that data's name; when it holds the
///    data of several, see [`events_name`];
/// 3. else the longest UpperCamel suffix of at least two words that every name of the group
///    ends with and that no other type uses (`CampaignValidityTimeframe` and
///    `VoucherValidityTimeframe` -> `ValidityTimeframe`): the shape's neutral name;
/// 4. else the shortest name of the group, then the first alphabetically.
fn choose_name(
    group: &[String],
    candidates: &BTreeMap<String, Candidate<'_>>,
    taken: &BTreeSet<String>,
    contested: &BTreeSet<String>,
) -> String {
    let of_origin = |origin| of_origin(group, candidates, origin);
    let shared = of_origin(Origin::Object);
    if !shared.is_empty() {
        return shared[shortest(&shared)].clone();
    }
    match of_origin(Origin::EventData).as_slice() {
        [] => {}
        [one] => return one.clone(),
        events => {
            if let Some(name) = events_name(events, taken, contested) {
                return name;
            }
        }
    }
    if let Some(suffix) = common_suffix(group)
        .into_iter()
        .find(|s| group.contains(s) || !taken.contains(s))
    {
        return suffix;
    }
    group[shortest(group)].clone()
}

/// The name of one data type for the data of several events (`names` sorted, each the event's
/// own data type name), if it is free:
/// - the longest run of consecutive words that every name has, the first in the first name,
///   followed by `Event` (`VoucherCreated`, `VoucherDeleted` -> `VoucherEvent`;
///   `RedemptionRollbackFailed`, `CustomerRedemptionRollbackSucceeded` ->
///   `RedemptionRollbackEvent`), unless no word is shared or another group of events would
///   have the same name (`contested`);
/// - else the words all names start with, then what follows them in each name, joined by `Or`
///   (`CustomerLoyaltyTierDowngraded`, `CustomerLoyaltyTierUpgraded` ->
///   `CustomerLoyaltyTierDowngradedOrUpgraded`).
fn events_name(
    names: &[String],
    taken: &BTreeSet<String>,
    contested: &BTreeSet<String>,
) -> Option<String> {
    if let Some(name) = run_name(names).filter(|n| !contested.contains(n)) {
        if !taken.contains(&name) {
            return Some(name);
        }
    }
    let words: Vec<Vec<&str>> = names.iter().map(|n| camel_words(n)).collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let common = (0..shortest)
        .take_while(|&i| words.iter().all(|w| w[i] == words[0][i]))
        .count();
    let rests: Vec<String> = words.iter().map(|w| w[common..].concat()).collect();
    let name = format!("{}{}", words[0][..common].concat(), rests.join("Or"));
    (!taken.contains(&name)).then_some(name)
}

/// `names`' longest shared run of words followed by `Event`; `None` when they share no word.
fn run_name(names: &[String]) -> Option<String> {
    let words: Vec<Vec<&str>> = names.iter().map(|n| camel_words(n)).collect();
    let first = words.first()?;
    let has_run = |w: &Vec<&str>, run: &[&str]| w.windows(run.len()).any(|x| x == run);
    for len in (1..=first.len()).rev() {
        for start in 0..=first.len() - len {
            let run = &first[start..start + len];
            if words.iter().all(|w| has_run(w, run)) {
                return Some(format!("{}Event", run.concat()));
            }
        }
    }
    None
}

/// The names of [`run_name`] that two groups of event data would both take: neither gets it.
fn contested_event_names(
    groups: &[Vec<String>],
    candidates: &BTreeMap<String, Candidate<'_>>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut contested = BTreeSet::new();
    for group in groups {
        let events = of_origin(group, candidates, Origin::EventData);
        if events.len() < 2 {
            continue;
        }
        if let Some(name) = run_name(&events) {
            if !seen.insert(name.clone()) {
                contested.insert(name);
            }
        }
    }
    contested
}

/// The names of `group` defined where `origin` says.
fn of_origin(
    group: &[String],
    candidates: &BTreeMap<String, Candidate<'_>>,
    origin: Origin,
) -> Vec<String> {
    group
        .iter()
        .filter(|name| candidates[name.as_str()].origin == origin)
        .cloned()
        .collect()
}

/// The index of the shortest name, the first alphabetically among equals (0 for none).
fn shortest(names: &[String]) -> usize {
    (0..names.len())
        .min_by_key(|&i| (names[i].len(), names[i].as_str()))
        .unwrap_or(0)
}

/// The UpperCamel word suffixes of at least two words that every name ends with, longest first.
fn common_suffix(names: &[String]) -> Vec<String> {
    let words: Vec<Vec<&str>> = names.iter().map(|n| camel_words(n)).collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let mut common = 0;
    while common < shortest {
        let word = |w: &[&str]| w[w.len() - 1 - common].to_string();
        if words.iter().all(|w| word(w) == word(&words[0])) {
            common += 1;
        } else {
            break;
        }
    }
    let first = &words[0];
    (2..=common)
        .rev()
        .map(|n| first[first.len() - n..].concat())
        .collect()
}

/// `VoucherValidityTimeframe` -> `["Voucher", "Validity", "Timeframe"]` (a word starts at each
/// capital letter; digits stay with the word before them).
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    if !name.is_empty() {
        words.push(&name[start..]);
    }
    words
}

/// Every type name the set defines, and each event's variant name.
fn names_in_use(set: &SchemaSet) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = set
        .defined_names()
        .into_iter()
        .map(str::to_string)
        .collect();
    names.extend(set.events.iter().map(super::items::event_variant_name));
    names
}

/// Every named node outside the envelope, an event's data object under its data type's name, by
/// name (names are unique in a schema set: the loader refuses a duplicate).
fn candidates(set: &SchemaSet) -> BTreeMap<String, Candidate<'_>> {
    let tags = tag_values(set);
    let mut out = BTreeMap::new();
    for (name, object) in &set.objects {
        out.insert(
            name.clone(),
            Candidate {
                node: object,
                origin: Origin::Object,
                place: format!("`{name}`"),
                pinned: false,
            },
        );
        nested(object, name, None, &tags, &mut out);
    }
    for event in &set.events {
        if eligible_data(event) {
            out.insert(
                super::items::event_variant_name(event),
                Candidate {
                    node: &event.data,
                    origin: Origin::EventData,
                    place: format!("`data` of `{}`", event.event),
                    pinned: false,
                },
            );
        }
        nested(&event.data, "data", Some(&event.event), &tags, &mut out);
    }
    out
}

/// Whether an event's data takes part: an object of its own properties (not a union, not a
/// `$ref`, which already names a shared type, and not nullable, which Rust spells around it).
fn eligible_data(event: &EventFile) -> bool {
    event.data.is_struct() && !event.data.nullable
}

/// The named nodes strictly inside `node` that have a Rust type.
fn nested<'a>(
    node: &'a Schema,
    path: &str,
    event: Option<&str>,
    tags: &[*const Schema],
    out: &mut BTreeMap<String, Candidate<'a>>,
) {
    // What Rust keeps as JSON (an `anyOf`, the unlisted properties of an object with
    // properties) has no Rust type: it is left as written, so no type is named after it.
    let additional = match &node.additional_properties {
        Some(Additional::Values(values)) if node.properties.is_empty() => {
            Some(("{}".to_string(), &**values))
        }
        _ => None,
    };
    let children = (node.properties.iter().map(|(k, v)| (format!(".{k}"), v)))
        .chain(node.items.as_deref().map(|i| ("[]".to_string(), i)))
        .chain(additional)
        .chain(node.one_of.iter().map(|m| (String::new(), m)));
    for (step, child) in children {
        let path = format!("{path}{step}");
        if let Some(name) = &child.name {
            let place = match event {
                Some(event) => format!("`{path}` of `{event}`"),
                None => format!("`{path}`"),
            };
            out.insert(
                name.clone(),
                Candidate {
                    node: child,
                    origin: Origin::Inline,
                    place,
                    pinned: tags.contains(&(child as *const Schema)),
                },
            );
        }
        nested(child, &path, event, tags, out);
    }
}

/// The one-value enums of every union member (a `oneOf` or an `anyOf`, through `$ref`): a
/// tagged union tells its members apart by the enum written in each member, and the contract
/// check's drift report picks the member of an `anyOf` a value was meant for by them, reading
/// them in place. So they stay where they are.
fn tag_values(set: &SchemaSet) -> Vec<*const Schema> {
    let mut roots = vec![&set.envelope];
    roots.extend(set.objects.values());
    roots.extend(set.events.iter().map(|e| &e.data));
    let mut tags = Vec::new();
    for root in roots {
        root.walk(&mut String::new(), &mut |_, node| {
            for member in node.one_of.iter().chain(&node.any_of) {
                let member = match &member.reference {
                    Some(name) => set.objects.get(name),
                    None => Some(member),
                };
                let properties = member.into_iter().flat_map(|m| m.properties.values());
                for property in properties {
                    if property.enum_values.as_ref().is_some_and(|v| v.len() == 1) {
                        tags.push(property as *const Schema);
                    }
                }
            }
        });
    }
    tags
}

/// The groups of names with the same shape, each sorted, found by refinement: start with every
/// name on its own, compare the nodes with each nested name replaced by its group's first
/// name, regroup, and repeat until the groups stay as they are. Groups only ever grow, so this
/// ends; a cycle of names merges only where the shapes are equal without assuming it.
fn groups(candidates: &BTreeMap<String, Candidate<'_>>) -> Vec<Vec<String>> {
    let mut canon: BTreeMap<&str, &str> = candidates
        .keys()
        .map(|n| (n.as_str(), n.as_str()))
        .collect();
    loop {
        let mut by_key: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for (name, candidate) in candidates {
            let key = shape_key(candidate, &canon);
            by_key.entry(key).or_default().push(name.as_str());
        }
        let mut next = BTreeMap::new();
        for group in by_key.values() {
            // Names come in sorted order, so the first is the smallest.
            for name in group {
                next.insert(*name, group[0]);
            }
        }
        if next == canon {
            let mut groups: Vec<Vec<String>> = by_key
                .into_values()
                .map(|g| g.into_iter().map(str::to_string).collect())
                .collect();
            groups.sort();
            return groups;
        }
        canon = next;
    }
}

/// What two nodes of the same shape have in common, as text.
fn shape_key(candidate: &Candidate<'_>, canon: &BTreeMap<&str, &str>) -> String {
    let mut shape = strip(candidate.node, canon);
    shape.name = None;
    if candidate.origin != Origin::Object {
        shape.nullable = false;
        shape.personal = false;
    }
    // Serialising a schema cannot fail: every key is a string.
    serde_json::to_string(&shape).unwrap_or_default()
}

/// `node` without its notes, every nested named node replaced by its group's first name.
fn strip(node: &Schema, canon: &BTreeMap<&str, &str>) -> Schema {
    let mut out = map_children(node, &mut |child| match child
        .name
        .as_deref()
        .and_then(|n| canon.get(n))
    {
        Some(group) => Schema {
            reference: Some(group.to_string()),
            nullable: child.nullable,
            personal: child.personal,
            ..Schema::default()
        },
        None => {
            let mut stripped = strip(child, canon);
            stripped.name = None;
            stripped
        }
    });
    out.description = None;
    out.example = None;
    out.import_notes = Vec::new();
    if let Some(reference) = &out.reference {
        out.reference = Some(
            canon
                .get(reference.as_str())
                .copied()
                .unwrap_or(reference)
                .to_string(),
        );
    }
    out
}

/// `node` with every nested node of a merged group replaced by a `$ref` to the name the group
/// keeps, and every `$ref` to a merged name pointed at it.
fn rewrite(node: &Schema, target: &BTreeMap<&str, &str>, root: bool) -> Schema {
    if !root {
        if let Some(into) = node.name.as_deref().and_then(|n| target.get(n)) {
            return Schema {
                reference: Some(into.to_string()),
                nullable: node.nullable,
                personal: node.personal,
                description: node.description.clone(),
                example: node.example.clone(),
                ..Schema::default()
            };
        }
    }
    let mut out = map_children(node, &mut |child| rewrite(child, target, false));
    if let Some(into) = node.reference.as_deref().and_then(|r| target.get(r)) {
        out.reference = Some(into.to_string());
    }
    out
}

/// A copy of `node` with `f` applied to each direct child.
fn map_children(node: &Schema, f: &mut dyn FnMut(&Schema) -> Schema) -> Schema {
    Schema {
        properties: node
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), f(v)))
            .collect(),
        items: node.items.as_deref().map(|i| Box::new(f(i))),
        additional_properties: match &node.additional_properties {
            Some(Additional::Values(values)) => Some(Additional::Values(Box::new(f(values)))),
            other => other.clone(),
        },
        one_of: node.one_of.iter().map(&mut *f).collect(),
        any_of: node.any_of.iter().map(&mut *f).collect(),
        ..node.clone()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::schema::{Channel, EventFile};

    fn schema(yaml: &str) -> Schema {
        yaml_serde::from_str(yaml).unwrap()
    }

    /// A set of shared objects and one event per data schema (`thing.<n>`).
    fn set(objects: &[&str], events: &[&str]) -> SchemaSet {
        SchemaSet {
            envelope: schema("name: Envelope\ntype: object\nproperties:\n  id: {type: string}\n"),
            events: events
                .iter()
                .enumerate()
                .map(|(i, data)| EventFile {
                    event: format!("thing.e{i}"),
                    channel: Channel::ProjectSettings,
                    docs: "https://docs.example.invalid".into(),
                    data: schema(data),
                })
                .collect(),
            objects: objects
                .iter()
                .map(|yaml| {
                    let s = schema(yaml);
                    (s.name.clone().unwrap(), s)
                })
                .collect::<BTreeMap<_, _>>(),
        }
    }

    fn merges(set: &SchemaSet) -> Vec<(String, Vec<String>)> {
        unify(set)
            .merges
            .into_iter()
            .map(|m| (m.into, m.from))
            .collect()
    }

    /// An event's data with one inline object `name` at `at`, of the given properties, and a
    /// property of its own (so that the data of two events differ).
    fn data(event: &str, inline: &[(&str, &str, &str)]) -> String {
        let mut text =
            format!("name: {event}\ntype: object\nproperties:\n  {event}_only: {{type: string}}\n");
        for (at, name, properties) in inline {
            text.push_str(&format!(
                "  {at}:\n    name: {name}\n    type: object\n    properties:\n{properties}"
            ));
        }
        text
    }

    const FROM: &str = "      from: {type: string, format: date-time}\n";

    #[test]
    fn equal_inline_shapes_share_one_object_named_by_their_common_suffix() {
        let set = set(
            &[],
            &[
                &data("First", &[("window", "FirstValidityTimeframe", FROM)]),
                &data("Second", &[("window", "SecondValidityTimeframe", FROM)]),
            ],
        );
        assert_eq!(
            merges(&set),
            [(
                "ValidityTimeframe".to_string(),
                vec![
                    "FirstValidityTimeframe".to_string(),
                    "SecondValidityTimeframe".to_string()
                ]
            )]
        );
        let unified = unify(&set).set;
        let lifted = &unified.objects["ValidityTimeframe"];
        assert_eq!(lifted.name.as_deref(), Some("ValidityTimeframe"));
        assert_eq!(
            lifted.description.as_deref(),
            Some("One shape at several places: `data.window` of `thing.e0`, `data.window` of `thing.e1`")
        );
        for event in &unified.events {
            assert_eq!(
                event.data.properties["window"].reference.as_deref(),
                Some("ValidityTimeframe")
            );
        }
    }

    #[test]
    fn a_shared_object_keeps_its_name_and_a_place_keeps_its_nullable_and_note() {
        let set = set(
            &["name: Window\ntype: object\nproperties:\n  from: {type: string, format: date-time}\n"],
            &[&data("First", &[("window", "FirstWin", FROM)])
                .replace("    name: FirstWin\n", "    name: FirstWin\n    nullable: true\n    description: the first one\n")],
        );
        assert_eq!(
            merges(&set),
            [("Window".to_string(), vec!["FirstWin".to_string()])]
        );
        let unified = unify(&set).set;
        let place = &unified.events[0].data.properties["window"];
        assert_eq!(place.reference.as_deref(), Some("Window"));
        assert!(place.nullable);
        assert_eq!(place.description.as_deref(), Some("the first one"));
        assert!(!unified.objects["Window"].nullable);
    }

    #[test]
    fn nested_shapes_merge_once_their_insides_do() {
        let inner = |name: &str| {
            format!("      inner:\n        name: {name}\n        type: object\n        properties:\n          x: {{type: integer}}\n")
        };
        let set = set(
            &[],
            &[
                &data("A", &[("outer", "AOuter", &inner("AOuterInner"))]),
                &data("B", &[("outer", "BOuter", &inner("BOuterInner"))]),
            ],
        );
        let found: Vec<String> = merges(&set).into_iter().map(|(into, _)| into).collect();
        // `AOuter` and `BOuter` share one word only: the shortest name, then the first; the
        // inner objects share two (`OuterInner`).
        assert_eq!(found, ["AOuter", "OuterInner"]);
    }

    #[test]
    fn what_a_payload_or_a_rust_type_can_tell_apart_is_not_merged() {
        let differs = [
            (
                "      from: {type: string}\n",
                "      from: {type: string, format: date}\n",
            ),
            (
                "      from: {type: string}\n",
                "      from: {type: string, nullable: true}\n",
            ),
            (
                "      from: {type: string}\n",
                "      from: {type: string, x-personal: true}\n",
            ),
            ("      from: {type: string}\n", "      to: {type: string}\n"),
            (
                "      a: {type: string}\n      b: {type: string}\n",
                "      b: {type: string}\n      a: {type: string}\n",
            ),
        ];
        for (one, other) in differs {
            let set = set(
                &[],
                &[
                    &data("First", &[("w", "FirstWindow", one)]),
                    &data("Second", &[("w", "SecondWindow", other)]),
                ],
            );
            assert_eq!(merges(&set), [], "{one} / {other}");
        }
        // Notes are no part of a shape.
        let noted = "      from: {type: string, description: a note, example: x}\n";
        let set = set(
            &[],
            &[
                &data(
                    "First",
                    &[("w", "FirstWindow", "      from: {type: string}\n")],
                ),
                &data("Second", &[("w", "SecondWindow", noted)]),
            ],
        );
        assert_eq!(merges(&set).len(), 1);
    }

    #[test]
    fn a_union_members_tag_value_stays_in_the_member() {
        let member = |name: &str, tag: &str| {
            format!("name: {name}\ntype: object\nproperties:\n  type:\n    name: {name}Type\n    type: string\n    enum: [{tag}]\n  x: {{type: string}}\n")
        };
        let (a, b) = (member("Fixed", "FIXED"), member("OtherFixed", "FIXED"));
        let union = "name: Rule\noneOf:\n  - $ref: Fixed\ntag: type\n";
        let set = set(
            &[&a, &b, union],
            &["name: Data\ntype: object\nproperties:\n  rule: {$ref: Rule}\n  other: {$ref: OtherFixed}\n"],
        );
        // The objects are one shape; the member's tag enum stays in it, not a `$ref`.
        assert_eq!(
            merges(&set),
            [("Fixed".to_string(), vec!["OtherFixed".to_string()])]
        );
        let unified = unify(&set).set;
        let tag = &unified.objects["Fixed"].properties["type"];
        assert_eq!(tag.reference, None);
        assert_eq!(tag.name.as_deref(), Some("FixedType"));
        assert!(!unified.objects.contains_key("OtherFixed"));
    }

    #[test]
    fn a_one_value_enum_of_an_any_of_member_stays_in_the_member() {
        // The drift report reads `kind: {enum: [X]}` in place to find the member meant.
        let member = |name: &str, tag: &str| {
            format!("name: {name}\ntype: object\nproperties:\n  kind:\n    name: {name}Kind\n    type: string\n    enum: [{tag}]\n")
        };
        let (a, b) = (member("Unit", "UNIT"), member("UnitMultiple", "UNIT"));
        let set = set(
            &[&a, &b],
            &["name: Data\ntype: object\nproperties:\n  d:\n    anyOf:\n      - $ref: Unit\n      - $ref: UnitMultiple\n"],
        );
        let unified = unify(&set).set;
        // The members are one shape (one kept); their `kind` is not lifted into `UnitKind`.
        let kind = &unified.objects["Unit"].properties["kind"];
        assert_eq!(kind.reference, None);
        assert_eq!(kind.enum_values, Some(vec![serde_json::json!("UNIT")]));
    }

    #[test]
    fn a_suffix_another_type_has_is_not_taken() {
        let set = set(
            &["name: ValidityTimeframe\ntype: string\nenum: [X]\n"],
            &[
                &data("First", &[("w", "FirstValidityTimeframe", FROM)]),
                &data("Second", &[("w", "SecondValidityTimeframe", FROM)]),
            ],
        );
        assert_eq!(merges(&set)[0].0, "FirstValidityTimeframe");
    }

    #[test]
    fn events_whose_data_have_one_shape_share_one_type_named_by_their_shared_words() {
        let item = "  item:\n    $ref: Item\n    nullable: true\n";
        let tier = "  tier: {type: string}\n";
        let set = set(
            &["name: Item\ntype: object\nproperties:\n  id: {type: string}\n"],
            &[
                &format!("name: ItemCreated\ntype: object\nproperties:\n{item}"),
                &format!("name: ItemDeleted\ntype: object\nproperties:\n{item}"),
                // Two groups share the words `CustomerTier`: neither takes `CustomerTierEvent`.
                &format!("name: CustomerTierJoined\ntype: object\nproperties:\n{tier}"),
                &format!("name: CustomerTierLeft\ntype: object\nproperties:\n{tier}"),
                &format!("name: CustomerTierDowngraded\ntype: object\nproperties:\n{tier}  down: {{type: boolean}}\n"),
                &format!("name: CustomerTierUpgraded\ntype: object\nproperties:\n{tier}  down: {{type: boolean}}\n"),
                // A run of words in the middle: `RollbackEvent`.
                "name: RollbackFailed\ntype: object\nproperties:\n  r: {type: integer}\n",
                "name: CustomerRollbackSucceeded\ntype: object\nproperties:\n  r: {type: integer}\n",
            ],
        );
        assert_eq!(
            merges(&set),
            [
                (
                    "CustomerTierDowngradedOrUpgraded".to_string(),
                    vec![
                        "CustomerTierDowngraded".to_string(),
                        "CustomerTierUpgraded".to_string()
                    ]
                ),
                (
                    "CustomerTierJoinedOrLeft".to_string(),
                    vec![
                        "CustomerTierJoined".to_string(),
                        "CustomerTierLeft".to_string()
                    ]
                ),
                (
                    "ItemEvent".to_string(),
                    vec!["ItemCreated".to_string(), "ItemDeleted".to_string()]
                ),
                (
                    "RollbackEvent".to_string(),
                    vec![
                        "CustomerRollbackSucceeded".to_string(),
                        "RollbackFailed".to_string()
                    ]
                ),
            ]
        );
        let unified = unify(&set).set;
        let lifted = &unified.objects["ItemEvent"];
        assert_eq!(lifted.name.as_deref(), Some("ItemEvent"));
        // Its events describe it when it is resolved; no note of places.
        assert_eq!(lifted.description, None);
        // Each event's data is a `$ref` that keeps the event's own name, for its variant.
        let data: Vec<(Option<&str>, Option<&str>)> = unified.events[..2]
            .iter()
            .map(|e| (e.data.reference.as_deref(), e.data.name.as_deref()))
            .collect();
        assert_eq!(
            data,
            [
                (Some("ItemEvent"), Some("ItemCreated")),
                (Some("ItemEvent"), Some("ItemDeleted"))
            ]
        );
        // The unified set resolves: each event keeps its variant, the two share a type.
        let ir = crate::resolve::resolve(
            &unified,
            crate::resolve::Options {
                family_features: false,
            },
        )
        .expect("resolves");
        let items: Vec<(&str, &str)> = ir.events[..2]
            .iter()
            .map(|e| (e.variant.as_str(), e.rust_type.as_str()))
            .collect();
        assert_eq!(
            items,
            [("ItemCreated", "ItemEvent"), ("ItemDeleted", "ItemEvent")]
        );
    }

    #[test]
    fn the_data_of_one_event_keeps_its_name_and_a_shared_object_its_own() {
        let window =
            "    name: {w}\n    type: object\n    properties:\n      from: {type: string}\n";
        let set = set(
            &["name: Plain\ntype: object\nproperties:\n  p: {type: integer}\n"],
            &[
                // The data of `thing.e0` has the shape of an inline object of `thing.e1`.
                "name: Window\ntype: object\nproperties:\n  from: {type: string}\n",
                &format!(
                    "name: Other\ntype: object\nproperties:\n  w:\n{}",
                    window.replace("{w}", "OtherW")
                ),
                // The data of `thing.e2` has the shape of the shared object.
                "name: Third\ntype: object\nproperties:\n  p: {type: integer}\n",
            ],
        );
        assert_eq!(
            merges(&set),
            [
                ("Plain".to_string(), vec!["Third".to_string()]),
                ("Window".to_string(), vec!["OtherW".to_string()]),
            ]
        );
        let unified = unify(&set).set;
        assert_eq!(unified.events[2].data.reference.as_deref(), Some("Plain"));
        assert_eq!(unified.events[2].data.name.as_deref(), Some("Third"));
        assert_eq!(
            unified.events[1].data.properties["w"].reference.as_deref(),
            Some("Window")
        );
    }

    #[test]
    fn recursive_shapes_end() {
        let node = |name: &str| {
            format!("name: {name}\ntype: object\nproperties:\n  children:\n    type: array\n    items: {{$ref: {name}}}\n")
        };
        let (a, b) = (node("TreeA"), node("TreeB"));
        let set = set(
            &[&a, &b],
            &["name: Data\ntype: object\nproperties:\n  a: {$ref: TreeA}\n  b: {$ref: TreeB}\n"],
        );
        // Each refers to itself: equal only by assuming they are, which refinement never does.
        assert_eq!(merges(&set), []);
    }
}
