//! Violations -> override entries: one entry per place, every payload that needs it in its
//! `evidence`, merged with the entries the file has and sorted as the file is (by `at`).

use std::collections::BTreeMap;

use serde_json::Value;

use super::check::{Fix, Violation};
use crate::import::overrides::Override;
use crate::schema::Type;

/// The fixes one payload needs, as the payload's label and its violations.
pub struct Found<'a> {
    pub label: &'a str,
    pub violations: &'a [Violation],
}

/// An entry of the merged file: where it comes from and whether learning changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub entry: Override,
    /// Its index in the existing file; `None` for a new entry.
    pub existing: Option<usize>,
    /// New, or an existing entry that learning added to.
    pub changed: bool,
}

/// The entries the payloads need, one per place, sorted by `at`.
pub fn propose(found: &[Found]) -> Vec<Override> {
    // place -> (entry, evidence lines)
    let mut places: BTreeMap<String, (Override, Vec<String>)> = BTreeMap::new();
    for payload in found {
        // One evidence line per payload and place, naming each fix once (its first pointer);
        // "has no `a`, `b`" for several properties missing from one object.
        let mut lines: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
        for violation in payload.violations {
            let Ok(fix) = &violation.fix else { continue };
            let (entry, _) = places.entry(violation.at.clone()).or_insert_with(|| {
                let entry = Override {
                    at: violation.at.clone(),
                    ..Override::default()
                };
                (entry, Vec::new())
            });
            add_fix(entry, fix);
            let pointer = match violation.pointer.as_str() {
                "" => "/",
                p => p,
            };
            let said = lines.entry(violation.at.as_str()).or_default();
            let (key, text) = match fix {
                Fix::Nullable => ("null".to_string(), format!("{pointer} is null")),
                Fix::Optional(p) => {
                    let key = format!("optional {pointer}");
                    if let Some((_, text)) = said.iter_mut().find(|(k, _)| *k == key) {
                        text.push_str(&format!(", `{p}`"));
                        continue;
                    }
                    (key, format!("{pointer} has no `{p}`"))
                }
                Fix::AddEnum(v) => (
                    format!("enum {v}"),
                    format!("{pointer} is {}", violation.found),
                ),
                Fix::AlsoType(t) => (
                    format!("type {}", type_name(*t)),
                    format!("{pointer} is {}", violation.found),
                ),
                Fix::ToArray => ("array".to_string(), format!("{pointer} is a list")),
                Fix::AllowAdditional(p) => (
                    format!("additional {p}"),
                    format!("{pointer} has `{p}`, which the docs do not list"),
                ),
                Fix::DropFormat(f) => (
                    "format".to_string(),
                    format!("{pointer} is {}, not a {f}", violation.found),
                ),
            };
            if !said.iter().any(|(k, _)| *k == key) {
                said.push((key, text));
            }
        }
        for (at, said) in lines {
            let text = said
                .into_iter()
                .map(|(_, s)| s)
                .collect::<Vec<_>>()
                .join(", ");
            if let Some((_, evidence)) = places.get_mut(at) {
                evidence.push(format!("{}: {text}", payload.label));
            }
        }
    }
    places
        .into_values()
        .map(|(mut entry, evidence)| {
            entry.evidence = evidence.join("; ");
            entry
        })
        .collect()
}

fn add_fix(entry: &mut Override, fix: &Fix) {
    match fix {
        Fix::Nullable => entry.nullable = Some(true),
        Fix::Optional(p) => push_new(entry.optional.get_or_insert_with(Vec::new), p.clone()),
        Fix::AddEnum(v) => push_new(entry.add_enum.get_or_insert_with(Vec::new), v.clone()),
        Fix::AlsoType(t) => {
            // Two other types at one place: a number covers an integer; any other pair is
            // kept as the first one seen and the second shows up on the next run.
            entry.also_type = Some(match (entry.also_type, *t) {
                (Some(Type::Integer), Type::Number) | (Some(Type::Number), Type::Integer) => {
                    Type::Number
                }
                (Some(old), _) => old,
                (None, t) => t,
            })
        }
        Fix::ToArray => entry.ty = Some(Type::Array),
        Fix::AllowAdditional(_) => entry.allow_additional = Some(true),
        Fix::DropFormat(_) => entry.drop_format = Some(true),
    }
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Merges the proposed entries into the file's: an entry at a place the file has already
/// gains what it lacks (operations and evidence) and keeps its position; a new one goes
/// before the first entry whose `at` sorts after it. Nothing already said is said again, so a
/// second run merges to the same entries.
pub fn merge(existing: &[Override], proposed: &[Override]) -> Vec<Merged> {
    let mut merged: Vec<Merged> = existing
        .iter()
        .enumerate()
        .map(|(i, entry)| Merged {
            entry: entry.clone(),
            existing: Some(i),
            changed: false,
        })
        .collect();
    for new in proposed {
        if let Some(old) = merged
            .iter_mut()
            .find(|m| m.entry.at == new.at && compatible(&m.entry, new))
        {
            let before = old.entry.clone();
            absorb(&mut old.entry, new);
            old.changed |= old.entry != before;
            continue;
        }
        let position = merged
            .iter()
            .position(|m| m.entry.at.as_str() > new.at.as_str())
            .unwrap_or(merged.len());
        merged.insert(
            position,
            Merged {
                entry: new.clone(),
                existing: None,
                changed: true,
            },
        );
    }
    merged
}

/// An existing entry can take the new one's operations unless both retype the node
/// differently (two `also_type`s apply one after the other, as two entries).
fn compatible(old: &Override, new: &Override) -> bool {
    match (old.also_type, new.also_type) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn absorb(old: &mut Override, new: &Override) {
    let mut added = false;
    if new.nullable.is_some() && old.nullable.is_none() {
        old.nullable = Some(true);
        added = true;
    }
    for (mine, theirs) in [(&mut old.optional, &new.optional)] {
        for p in theirs.iter().flatten() {
            let list = mine.get_or_insert_with(Vec::new);
            if !list.contains(p) {
                list.push(p.clone());
                added = true;
            }
        }
    }
    for v in new.add_enum.iter().flatten() {
        let list = old.add_enum.get_or_insert_with(Vec::new);
        if !list.contains(v) {
            list.push(v.clone());
            added = true;
        }
    }
    if new.ty.is_some() && old.ty.is_none() {
        old.ty = new.ty;
        added = true;
    }
    if new.also_type.is_some() && old.also_type.is_none() {
        old.also_type = new.also_type;
        added = true;
    }
    if new.allow_additional.is_some() && old.allow_additional.is_none() {
        old.allow_additional = Some(true);
        added = true;
    }
    if new.drop_format.is_some() && old.drop_format.is_none() {
        old.drop_format = Some(true);
        added = true;
    }
    if added {
        let missing: Vec<&str> = new
            .evidence
            .split("; ")
            .filter(|e| !old.evidence.contains(e))
            .collect();
        if !missing.is_empty() {
            old.evidence = format!("{}; {}", old.evidence, missing.join("; "));
        }
    }
}

/// One entry as the file writes it (two-space list indent, flow lists, quoted evidence).
pub fn render(entry: &Override) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let list = |values: &[Value]| {
        values
            .iter()
            .map(|v| match v {
                Value::String(s) => quote(s),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!("  - at: {}\n", entry.at);
    if entry.nullable == Some(true) {
        out.push_str("    nullable: true\n");
    }
    if let Some(optional) = &entry.optional {
        let values: Vec<Value> = optional.iter().cloned().map(Value::String).collect();
        out.push_str(&format!("    optional: [{}]\n", list(&values)));
    }
    if let Some(ty) = entry.ty {
        out.push_str(&format!("    type: {}\n", type_name(ty)));
    }
    if let Some(ty) = entry.also_type {
        out.push_str(&format!("    also_type: {}\n", type_name(ty)));
    }
    if let Some(values) = &entry.add_enum {
        out.push_str(&format!("    add_enum: [{}]\n", list(values)));
    }
    if entry.allow_additional == Some(true) {
        out.push_str("    allow_additional: true\n");
    }
    if entry.drop_format == Some(true) {
        out.push_str("    drop_format: true\n");
    }
    out.push_str(&format!("    evidence: {}\n", quote(&entry.evidence)));
    out
}

pub fn type_name(ty: Type) -> &'static str {
    match ty {
        Type::Object => "object",
        Type::Array => "array",
        Type::String => "string",
        Type::Integer => "integer",
        Type::Number => "number",
        Type::Boolean => "boolean",
    }
}
