//! Resolve: from a loaded schema set to an IR of Rust items with final names.
//!
//! The passes, in order: reserve every name the schemas give; walk the envelope, the shared
//! objects and the events into items (deriving names for unnamed enums and unions, choosing
//! field idents, writing docs); box the references that close a cycle; sort the items into
//! modules by event family. The emitters only read the result.
//!
//! Before them, [`shapes::unify`] gives each shape one named type: it works on the schema set,
//! not the IR, because the JSON Schemas share the merged `$defs` as well, so `generate` and
//! `Builder` run it right after loading.

mod cycles;
mod docs;
mod error;
mod families;
pub mod idents;
mod ir;
mod items;
mod large;
mod personal;
pub mod shapes;

pub use error::{ResolveError, ResolveErrors};
pub use families::{family, Family, ENVELOPE_MODULE, EVENTS_MODULE, SHARED_MODULE};
pub use ir::{
    EventAttrs, EventInfo, Field, Ir, Item, Module, Newtype, StringEnum, Struct, Ty, Union, Variant,
};

use std::collections::BTreeMap;

use crate::schema::SchemaSet;

/// Choices that change the resolved output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Gate each event family's module behind a cargo feature of the same name.
    pub family_features: bool,
}

/// Resolves a loaded schema set, reporting every problem at once.
pub fn resolve(set: &SchemaSet, options: Options) -> Result<Ir, ResolveErrors> {
    let mut collector = items::Collector::new(set);
    collector.reserve_names();
    collector.envelope();
    collector.objects();
    collector.events();
    let items::Collector {
        mut items,
        mut errors,
        event_types,
        variants,
        ..
    } = collector;
    cycles::box_cycles(&mut items);
    large::box_large(&mut items);
    let modules = families::modules(
        set,
        items,
        &event_types,
        options.family_features,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ResolveErrors(errors));
    }
    // A data type shared by events of several families lives in `shared`, not in a family.
    let module_of: BTreeMap<&str, &str> = modules
        .iter()
        .flat_map(|m| m.items.iter().map(|item| (item.name(), m.name.as_str())))
        .collect();
    let events = set
        .events
        .iter()
        .zip(event_types)
        .zip(variants)
        .map(|((event, rust_type), variant)| {
            let family = family(&event.event);
            EventInfo {
                event_type: event.event.clone(),
                channel: event.channel,
                docs: event.docs.clone(),
                variant,
                module: module_of
                    .get(rust_type.as_str())
                    .map_or(family.module, |m| m.to_string()),
                rust_type,
                feature: options.family_features.then_some(family.feature),
            }
        })
        .collect();
    Ok(Ir { modules, events })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::schema::{Channel, EventFile, Schema};

    fn schema(yaml: &str) -> Schema {
        yaml_serde::from_str(yaml).unwrap()
    }

    fn event(event: &str, data: &str) -> EventFile {
        EventFile {
            event: event.into(),
            channel: Channel::ProjectSettings,
            docs: "https://docs.example.invalid".into(),
            data: schema(data),
        }
    }

    fn set(objects: &[(&str, &str)], events: Vec<EventFile>) -> SchemaSet {
        SchemaSet {
            envelope: schema("name: Envelope\ntype: object\nproperties:\n  id: {type: string}\n"),
            events,
            objects: objects
                .iter()
                .map(|(name, yaml)| (name.to_string(), schema(yaml)))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    fn errors(set: &SchemaSet) -> Vec<String> {
        let options = Options {
            family_features: true,
        };
        match resolve(set, options) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn every_problem_names_its_file_and_place() {
        let set = set(
            &[
                (
                    "Discount",
                    "name: Discount\noneOf:\n  - $ref: Plain\ntag: type\n",
                ),
                ("Plain", "name: Plain\ntype: object\nproperties:\n  type: {type: string}\n"),
                ("Vec", "name: Vec\ntype: object\nproperties:\n  x: {type: string}\n"),
            ],
            vec![
                event(
                    "order.created",
                    "name: OrderCreated\ntype: object\nproperties:\n  order:\n    type: object\n    properties:\n      id: {type: string}\n",
                ),
                event("order.paid", "name: OrderCreatedX\ntype: object\nproperties:\n  s:\n    type: string\n    enum: [a, a]\n"),
                event("shared.thing", "$ref: Plain\n"),
            ],
        );
        assert_eq!(
            errors(&set),
            [
                "objects/Vec.yaml at /: `name: Vec` would shadow a name the generated code uses; pick another",
                "objects/Discount.yaml at /oneOf/0: member `Plain` needs a `type` property whose `enum` has exactly one string value (it tells the members apart)",
                "events/order.created.yaml at /data/properties/order: an object with properties needs a `name` (the importer names every inline object)",
                "events/order.paid.yaml at /data/properties/s: the value `a` is listed twice",
                "events/shared.thing.yaml at /event: the event family `shared` would be the module `shared`, which the generator uses for something else",
            ]
        );
    }

    #[test]
    fn a_field_is_personal_by_its_name_or_by_x_personal() {
        let set = set(
            &[],
            vec![event(
                "order.created",
                "name: Created\ntype: object\nproperties:\n  id: {type: string}\n  email: {type: string}\n  nickname: {type: string, x-personal: true}\n",
            )],
        );
        let ir = resolve(
            &set,
            Options {
                family_features: false,
            },
        )
        .expect("valid");
        let personal: Vec<_> = ir
            .modules
            .iter()
            .flat_map(|m| &m.items)
            .filter_map(|item| match item {
                Item::Struct(s) if s.name == "Created" => Some(s),
                _ => None,
            })
            .flat_map(|s| &s.fields)
            .map(|f| (f.wire.as_str(), f.personal))
            .collect();
        assert_eq!(
            personal,
            [("id", false), ("email", true), ("nickname", true)]
        );
    }

    #[test]
    fn a_family_without_a_feature_name_is_refused_where_it_is_named() {
        let set = set(
            &[],
            vec![event(
                "$$.created",
                "name: Created\ntype: object\nproperties:\n  x: {type: string}\n",
            )],
        );
        assert_eq!(
            errors(&set),
            ["events/$$.created.yaml at /event: the event family `$$` has no ASCII letter or digit to name its Cargo feature; start the event type with one"]
        );
        let ir = resolve(
            &set,
            Options {
                family_features: false,
            },
        )
        .expect("no features asked for");
        assert_eq!(ir.events[0].feature, None);
    }

    #[test]
    fn an_event_type_name_may_not_clash_with_a_schema_name() {
        // Data that may be null gets a type of the event's own around the shared object.
        let set = set(
            &[(
                "OrderPaid",
                "name: OrderPaid\ntype: object\nproperties:\n  x: {type: string}\n",
            )],
            vec![event("order.paid", "$ref: OrderPaid\nnullable: true\n")],
        );
        assert_eq!(
            errors(&set),
            ["events/order.paid.yaml at /data: the event's data type would be named `OrderPaid`, which another schema already defines"]
        );
    }

    #[test]
    fn two_events_may_not_share_a_variant() {
        let set = set(
            &[(
                "Thing",
                "name: Thing\ntype: object\nproperties:\n  x: {type: string}\n",
            )],
            vec![
                event("order.paid", "$ref: Thing\n"),
                event("order_paid", "$ref: Thing\n"),
            ],
        );
        assert_eq!(
            errors(&set),
            ["events/order_paid.yaml at /event: the event's `Event` variant would be `OrderPaid`, which the event `order.paid` already has; name its data"]
        );
    }

    #[test]
    fn events_whose_data_is_one_shared_object_carry_it_itself() {
        let set = set(
            &[(
                "Thing",
                "name: Thing\ntype: object\ndescription: a note of its own\nproperties:\n  x: {type: string}\n",
            )],
            vec![
                event("order.created", "$ref: Thing\n"),
                event("order.paid", "$ref: Thing\nnullable: true\n"),
                event("order.updated", "$ref: Thing\n"),
            ],
        );
        let ir = resolve(
            &set,
            Options {
                family_features: true,
            },
        )
        .unwrap();
        let events: Vec<(&str, &str, &str)> = ir
            .events
            .iter()
            .map(|e| (e.variant.as_str(), e.rust_type.as_str(), e.module.as_str()))
            .collect();
        assert_eq!(
            events,
            [
                ("OrderCreated", "Thing", "order"),
                ("OrderPaid", "OrderPaid", "order"),
                ("OrderUpdated", "Thing", "order"),
            ]
        );
        let thing = ir
            .modules
            .iter()
            .flat_map(|m| &m.items)
            .find_map(|item| match item {
                Item::Struct(s) if s.name == "Thing" => Some(s),
                _ => None,
            })
            .unwrap();
        let listed: Vec<&str> = thing.events.iter().map(|e| e.event_type.as_str()).collect();
        assert_eq!(listed, ["order.created", "order.updated"]);
        assert_eq!(
            thing.docs,
            [
                "The data of the `order.created` and `order.updated` events. Wire object `Thing`.",
                "",
                "a note of its own.",
                "",
                "Docs: [`order.created`](https://docs.example.invalid), [`order.updated`](https://docs.example.invalid)."
            ]
        );
    }

    #[test]
    fn shared_objects_move_to_the_only_family_that_uses_them() {
        let set = set(
            &[
                (
                    "Both",
                    "name: Both\ntype: object\nproperties:\n  x: {type: string}\n",
                ),
                (
                    "Inner",
                    "name: Inner\ntype: object\nproperties:\n  x: {type: string}\n",
                ),
                (
                    "Only",
                    "name: Only\ntype: object\nproperties:\n  inner: {$ref: Inner}\n",
                ),
                (
                    "Orphan",
                    "name: Orphan\ntype: object\nproperties:\n  both: {$ref: Both}\n",
                ),
            ],
            vec![
                event("order.created", "$ref: Only\n"),
                event("order.paid", "$ref: Both\n"),
                event("customer.created", "$ref: Both\n"),
            ],
        );
        let ir = resolve(
            &set,
            Options {
                family_features: true,
            },
        )
        .unwrap();
        let layout: Vec<(String, Option<String>, Vec<&str>)> = ir
            .modules
            .iter()
            .map(|m| {
                (
                    m.name.clone(),
                    m.feature.clone(),
                    m.items.iter().map(Item::name).collect(),
                )
            })
            .collect();
        assert_eq!(
            layout,
            [
                ("envelope".into(), None, vec!["Envelope"]),
                ("shared".into(), None, vec!["Both", "Orphan"]),
                // The customer family's only event carries `Both`: it has no module of its own.
                ("order".into(), Some("order".into()), vec!["Inner", "Only"]),
            ]
        );
        assert_eq!(ir.modules[2].imports, []);
        let modules: Vec<(&str, &str)> = ir
            .events
            .iter()
            .map(|e| (e.event_type.as_str(), e.module.as_str()))
            .collect();
        assert_eq!(
            modules,
            [
                ("order.created", "order"),
                ("order.paid", "shared"),
                ("customer.created", "shared"),
            ]
        );
    }
}
