//! Resolve: from a loaded schema set to an IR of Rust items with final names.
//!
//! The passes, in order: reserve every name the schemas give; walk the envelope, the shared
//! objects and the events into items (deriving names for unnamed enums and unions, choosing
//! field idents, writing docs); box the references that close a cycle; sort the items into
//! modules by event family. The emitters only read the result.

mod cycles;
mod docs;
mod error;
mod families;
pub mod idents;
mod ir;
mod items;

pub use error::{ResolveError, ResolveErrors};
pub use families::{family, Family, ENVELOPE_MODULE, EVENTS_MODULE, SHARED_MODULE};
pub use ir::{
    EventAttrs, EventInfo, Field, Ir, Item, Module, Newtype, StringEnum, Struct, Ty, Union, Variant,
};

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
        ..
    } = collector;
    cycles::box_cycles(&mut items);
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
    let events = set
        .events
        .iter()
        .zip(event_types)
        .map(|(event, rust_type)| {
            let family = family(&event.event);
            EventInfo {
                event_type: event.event.clone(),
                channel: event.channel,
                docs: event.docs.clone(),
                rust_type,
                module: family.module,
                feature: options.family_features.then_some(family.feature),
            }
        })
        .collect();
    Ok(Ir { modules, events })
}
