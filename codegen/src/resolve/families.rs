//! Event families and module placement.
//!
//! Each event belongs to a family named by the first segment of its wire type; each family is
//! a module behind a cargo feature, so a service that needs two events compiles little. A
//! shared object that only one family reaches lives in that family's module for the same
//! reason; everything else reached from more than one place stays in `shared`.

use std::collections::{BTreeMap, BTreeSet};

use crate::schema::SchemaSet;

use super::error::ResolveError;
use super::idents::{snake, unraw, words};
use super::ir::{Item, Module, Ty};
use super::items::{event_file, Home, Placed};

/// The module of the envelope types.
pub const ENVELOPE_MODULE: &str = "envelope";
/// The module of objects that more than one family (or the envelope) uses.
pub const SHARED_MODULE: &str = "shared";
/// The module of the `Event` enum.
pub const EVENTS_MODULE: &str = "events";

/// Families whose module and feature differ from their first segment, to read well in Rust.
const RENAMED: &[(&str, &str, &str)] = &[
    (
        "business_validation_rule",
        "validation_rules",
        "validation-rules",
    ),
    (
        "manual_distribution_schedule",
        "distribution",
        "distribution",
    ),
];

/// The family of one event type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    /// The first segment of the wire event type.
    pub segment: String,
    /// The module (and file stem).
    pub module: String,
    /// The cargo feature.
    pub feature: String,
}

/// `redemption.succeeded` -> `redemption`; `business_validation_rule.created` ->
/// `validation_rules` behind the feature `validation-rules`.
pub fn family(event_type: &str) -> Family {
    let segment = event_type
        .split('.')
        .next()
        .unwrap_or(event_type)
        .to_string();
    match RENAMED.iter().find(|(s, _, _)| *s == segment) {
        Some((_, module, feature)) => Family {
            segment,
            module: module.to_string(),
            feature: feature.to_string(),
        },
        // The feature is the segment's words in kebab case: Cargo lets a feature start with
        // a digit (`1x`) but not with `-`, which the module's `_1x` would give.
        None => Family {
            module: snake(&segment),
            feature: words(&segment).join("-"),
            segment,
        },
    }
}

/// Sorts items into modules, in output order, each with the imports it needs.
pub fn modules(
    set: &SchemaSet,
    items: Vec<Placed>,
    event_types: &[String],
    family_features: bool,
    errors: &mut Vec<ResolveError>,
) -> Vec<Module> {
    let families: Vec<Family> = set.events.iter().map(|e| family(&e.event)).collect();
    for (event, family) in set.events.iter().zip(&families) {
        if family_features && family.feature.is_empty() {
            errors.push(ResolveError {
                file: event_file(event),
                pointer: "/event".into(),
                message: format!(
                    "the event family `{}` has no ASCII letter or digit to name its Cargo feature; \
                     start the event type with one",
                    family.segment
                ),
            });
        }
        if [ENVELOPE_MODULE, SHARED_MODULE, EVENTS_MODULE, "mod"].contains(&unraw(&family.module)) {
            errors.push(ResolveError {
                file: event_file(event),
                pointer: "/event".into(),
                message: format!(
                    "the event family `{}` would be the module `{}`, which the generator uses for something else",
                    family.segment, family.module
                ),
            });
        }
    }

    let names: Vec<String> = items.iter().map(|p| p.item.name().to_string()).collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let references: Vec<Vec<usize>> = items
        .iter()
        .map(|p| {
            referenced(&p.item)
                .iter()
                .filter_map(|n| index.get(n.as_str()).copied())
                .collect()
        })
        .collect();

    // Who reaches each item: family modules, or `shared` for the envelope and for objects
    // that no event reaches (kept in `shared`, so whatever they use stays there too).
    let mut reached: Vec<BTreeSet<String>> = vec![BTreeSet::new(); items.len()];
    for (name, family) in event_types.iter().zip(&families) {
        if let Some(&root) = index.get(name.as_str()) {
            mark(root, &family.module, &references, &mut reached);
        }
    }
    for (i, placed) in items.iter().enumerate() {
        if placed.home == Home::Envelope {
            mark(i, SHARED_MODULE, &references, &mut reached);
        }
    }
    for i in 0..items.len() {
        if items[i].home == Home::Shared && reached[i].is_empty() {
            mark(i, SHARED_MODULE, &references, &mut reached);
        }
    }

    let module_of: Vec<String> = items
        .iter()
        .zip(&reached)
        .map(|(placed, reached)| match placed.home {
            Home::Envelope => ENVELOPE_MODULE.to_string(),
            Home::Event(e) => families[e].module.clone(),
            Home::Shared => match reached.iter().collect::<Vec<_>>().as_slice() {
                [only] if only.as_str() != SHARED_MODULE => only.to_string(),
                _ => SHARED_MODULE.to_string(),
            },
        })
        .collect();

    // Output order: envelope, shared, then families by module name; inside a family, the
    // events' own types first (in event order), then the shared objects moved there.
    let mut grouped: BTreeMap<(u8, String), Vec<(bool, usize)>> = BTreeMap::new();
    for (i, module) in module_of.iter().enumerate() {
        let rank = match module.as_str() {
            ENVELOPE_MODULE => 0,
            SHARED_MODULE => 1,
            _ => 2,
        };
        let moved = items[i].home == Home::Shared;
        grouped
            .entry((rank, module.clone()))
            .or_default()
            .push((moved, i));
    }
    let mut slots: Vec<Option<Item>> = items.into_iter().map(|p| Some(p.item)).collect();
    let mut modules = Vec::new();
    for ((_, name), mut members) in grouped {
        members.sort_by_key(|&(moved, i)| (moved, i));
        let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for &(_, i) in &members {
            for &j in &references[i] {
                if module_of[j] != name {
                    imports
                        .entry(module_of[j].clone())
                        .or_default()
                        .insert(names[j].clone());
                }
            }
        }
        let family = families.iter().find(|f| f.module == name);
        let doc = match family {
            None if name == ENVELOPE_MODULE => {
                "The envelope around every webhook: the fields common to all events.".to_string()
            }
            None => "Objects that events of more than one family (or the envelope) use.".to_string(),
            Some(f) => format!(
                "The events whose type starts with `{}.`: their data types and the objects only they use.",
                f.segment
            ),
        };
        modules.push(Module {
            doc,
            feature: family
                .filter(|_| family_features)
                .map(|f| f.feature.clone()),
            imports: imports
                .into_iter()
                .map(|(m, names)| (m, names.into_iter().collect()))
                .collect(),
            items: members
                .iter()
                .filter_map(|&(_, i)| slots[i].take())
                .collect(),
            name,
        });
    }
    modules
}

/// Every generated type an item names, in any position.
pub fn referenced(item: &Item) -> Vec<String> {
    let mut named = Vec::new();
    match item {
        Item::Struct(s) => s.fields.iter().for_each(|f| f.ty.named(false, &mut named)),
        Item::Newtype(n) => n.inner.named(false, &mut named),
        Item::Union(u) => {
            for (_, member) in &u.members {
                Ty::Named(member.clone()).named(false, &mut named);
            }
        }
        Item::Enum(_) => {}
    }
    named.into_iter().map(|(name, _)| name).collect()
}

/// Adds `label` to `start` and everything it reaches.
fn mark(start: usize, label: &str, references: &[Vec<usize>], reached: &mut [BTreeSet<String>]) {
    let mut todo = vec![start];
    while let Some(i) = todo.pop() {
        if reached[i].insert(label.to_string()) {
            todo.extend(&references[i]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_by_first_segment() {
        let cases = [
            ("redemption.succeeded", "redemption", "redemption"),
            ("customer.rewarded", "customer", "customer"),
            ("voucher.loyalty_card.points_added", "voucher", "voucher"),
            ("campaign.created", "campaign", "campaign"),
            (
                "business_validation_rule.created",
                "validation_rules",
                "validation-rules",
            ),
            ("publication.succeeded", "publication", "publication"),
            (
                "manual_distribution_schedule.created",
                "distribution",
                "distribution",
            ),
            ("order_item.created", "order_item", "order-item"),
            // Cargo refuses a feature that starts with `-`; one that starts with a digit is fine.
            ("1x.created", "_1x", "1x"),
            ("2fa_Check.passed", "_2fa_check", "2fa-check"),
            ("type.created", "r#type", "type"),
        ];
        for (event, module, feature) in cases {
            let f = family(event);
            assert_eq!(
                (f.module.as_str(), f.feature.as_str()),
                (module, feature),
                "{event}"
            );
        }
    }
}
