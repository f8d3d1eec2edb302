//! `voucherify-codegen learn`: real payloads against the schema set, and the overrides that
//! would make them conform.
//!
//! [`payloads`] reads and classifies the payloads, [`check`] finds each place a payload does
//! not conform and the smallest fix there, [`propose`] turns those into entries of
//! `overrides.yaml` merged with the file's, and [`infer`] proposes a schema for an event type
//! the schemas do not have. The file is edited by [`crate::import::prune::edit_text`], the
//! same text editor `import --prune-overrides` uses.

pub mod check;
pub mod infer;
pub mod payloads;
pub mod propose;

use std::collections::BTreeMap;

use serde_json::Value;

pub use payloads::{read_payloads, Payload};
pub use propose::Merged;

use crate::import::overrides::Override;
use crate::schema::{Channel, EventFile, SchemaSet};

/// A proposed schema for an event type the schemas do not have.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub event: EventFile,
    /// The payloads it was inferred from.
    pub payloads: Vec<String>,
}

/// What learning found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Learned {
    /// Payloads read.
    pub checked: usize,
    /// Payloads that conform already.
    pub conforming: usize,
    /// Payloads of documented events that need an override.
    pub violating: usize,
    /// The entries the payloads need, one per place, sorted by `at`.
    pub proposed: Vec<Override>,
    /// The file's entries with the proposed ones merged in.
    pub merged: Vec<Merged>,
    /// Proposed schemas for undocumented event types.
    pub inferred: Vec<Inferred>,
    /// Payloads (or places in them) no override can fix: label and reason.
    pub unlearnable: Vec<(String, String)>,
}

impl Learned {
    /// The merged entries that are new or gained something.
    pub fn changed(&self) -> impl Iterator<Item = &Override> {
        self.merged.iter().filter(|m| m.changed).map(|m| &m.entry)
    }

    /// True when learning changes nothing.
    pub fn is_empty(&self) -> bool {
        self.changed().next().is_none() && self.inferred.is_empty()
    }
}

/// The payloads of an event type the schemas do not have: its channel, and each payload's
/// label and `data`.
type Undocumented<'a> = (Channel, Vec<(&'a str, &'a Value)>);

/// Checks every payload against `set` and proposes the overrides (merged into `existing`) and
/// event schemas that would make them conform.
pub fn learn(set: &SchemaSet, existing: &[Override], payloads: &[Payload]) -> Learned {
    let mut learned = Learned {
        checked: payloads.len(),
        ..Learned::default()
    };
    let mut found: Vec<(&str, Vec<check::Violation>)> = Vec::new();
    // Undocumented event type -> its channel and its payloads' data.
    let mut unknown: BTreeMap<String, Undocumented> = BTreeMap::new();
    for payload in payloads {
        let target = match payloads::target(payload) {
            Ok(target) => target,
            Err(reason) => {
                learned.unlearnable.push((payload.label.clone(), reason));
                continue;
            }
        };
        let mut violations = Vec::new();
        if let Some(envelope) = target.envelope {
            violations.extend(check::check(set, &set.envelope, "Envelope", envelope, ""));
        }
        let documented = set.events.iter().find(|e| e.event == target.event);
        match documented {
            Some(event) => violations.extend(check::check(
                set,
                &event.data,
                &event.event,
                target.data,
                target.data_pointer,
            )),
            None => {
                let (_, datas) = unknown
                    .entry(target.event.clone())
                    .or_insert((target.channel, Vec::new()));
                datas.push((&payload.label, target.data));
            }
        }
        for violation in &violations {
            if let Err(reason) = &violation.fix {
                let pointer = if violation.pointer.is_empty() {
                    "/"
                } else {
                    &violation.pointer
                };
                learned
                    .unlearnable
                    .push((payload.label.clone(), format!("{pointer}: {reason}")));
            }
        }
        if documented.is_some() {
            if violations.is_empty() {
                learned.conforming += 1;
            } else if violations.iter().any(|v| v.fix.is_ok()) {
                learned.violating += 1;
            }
        }
        found.push((&payload.label, violations));
    }
    let found: Vec<propose::Found> = found
        .iter()
        .map(|(label, violations)| propose::Found { label, violations })
        .collect();
    learned.proposed = propose::propose(&found);
    learned.merged = propose::merge(existing, &learned.proposed);
    for (event, (channel, datas)) in unknown {
        let values: Vec<&Value> = datas.iter().map(|(_, v)| *v).collect();
        let data = infer::infer(&infer::upper_camel(&event), &values);
        learned.inferred.push(Inferred {
            event: EventFile {
                event: event.clone(),
                channel,
                // Not documented: the docs' reference index stands for its page.
                docs: "https://docs.voucherify.io/reference".to_string(),
                data,
            },
            payloads: datas.iter().map(|(l, _)| l.to_string()).collect(),
        });
    }
    learned
}

/// The text of an inferred event's file.
pub fn inferred_file(inferred: &Inferred) -> Result<String, String> {
    let body = yaml_serde::to_string(&inferred.event).map_err(|e| e.to_string())?;
    Ok(format!(
        "{}# From: {}\n{body}",
        infer::INFERRED_HEADER,
        inferred.payloads.join(", ")
    ))
}

/// The proposed entries as they would be written in `overrides.yaml`.
pub fn render_entries<'a>(entries: impl Iterator<Item = &'a Override>) -> String {
    entries.map(propose::render).collect()
}
