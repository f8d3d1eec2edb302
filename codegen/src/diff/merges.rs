//! The Rust types that identical shapes share (`resolve::shapes`), compared between two schema
//! sets: the YAML keeps every name, but the generated crate has one type per shape, so a
//! change that makes two shapes equal (or different again) renames Rust types without
//! touching a payload. Each group that changes is one change, named by the type it keeps.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::kinds::Kind;
use super::Change;
use crate::resolve::shapes::Merge;
use crate::schema::SchemaSet;

/// For every name a merge involves, the name of its Rust type.
pub fn rust_names(merges: &[Merge]) -> BTreeMap<&str, &str> {
    merges
        .iter()
        .flat_map(|m| {
            std::iter::once(m.into.as_str())
                .chain(m.from.iter().map(String::as_str))
                .map(move |n| (n, m.into.as_str()))
        })
        .collect()
}

/// The changes of the shared Rust types between `old` and `new`: a group whose names had
/// other Rust types before is `types-merged`, once; a name that leaves a group is
/// `types-split`, once per group it leaves. Names only one side defines are reported where
/// they are added or removed, not here.
pub fn changes(
    old: &SchemaSet,
    new: &SchemaSet,
    old_merges: &[Merge],
    new_merges: &[Merge],
) -> Vec<Change> {
    let (old_names, new_names) = (rust_names(old_merges), rust_names(new_merges));
    let (old_defined, new_defined) = (old.defined_names(), new.defined_names());
    let both = |n: &str| old_defined.contains(n) && new_defined.contains(n);
    let rust =
        |names: &BTreeMap<&str, &str>, n: &str| names.get(n).copied().unwrap_or(n).to_string();

    let mut out = Vec::new();
    for merge in new_merges {
        let moved: Vec<&str> = std::iter::once(merge.into.as_str())
            .chain(merge.from.iter().map(String::as_str))
            .filter(|n| both(n) && rust(&old_names, n) != merge.into)
            .collect();
        if moved.is_empty() {
            continue;
        }
        let before: BTreeSet<String> = moved.iter().map(|n| rust(&old_names, n)).collect();
        out.push(change(
            Kind::TypesMerged,
            &merge.into,
            Value::from(before.iter().cloned().collect::<Vec<_>>()),
            Value::from(merge.into.clone()),
            format!(
                "{} {} the Rust type `{}` now (the same shape); {} gone",
                list(&before),
                if before.len() == 1 { "is" } else { "are" },
                merge.into,
                if before.len() == 1 {
                    "its own name is"
                } else {
                    "their own names are"
                },
            ),
        ));
    }
    for merge in old_merges {
        let left: BTreeSet<String> = std::iter::once(merge.into.as_str())
            .chain(merge.from.iter().map(String::as_str))
            .filter(|n| both(n) && rust(&new_names, n) != merge.into && !new_names.contains_key(n))
            .map(str::to_string)
            .collect();
        if left.is_empty() {
            continue;
        }
        out.push(change(
            Kind::TypesSplit,
            &merge.into,
            Value::from(merge.into.clone()),
            Value::from(left.iter().cloned().collect::<Vec<_>>()),
            format!(
                "{} no longer {} the Rust type `{}`: the shapes differ now",
                list(&left),
                if left.len() == 1 { "shares" } else { "share" },
                merge.into,
            ),
        ));
    }
    out
}

fn change(kind: Kind, object: &str, before: Value, after: Value, message: String) -> Change {
    let info = kind.info();
    Change {
        kind,
        event: None,
        object: Some(object.to_string()),
        pointer: String::new(),
        before: Some(before),
        after: Some(after),
        wire: info.wire,
        rust: info.rust,
        message,
    }
}

/// `` `A` `` , `` `A` and `B` ``, `` `A`, `B` and `C` ``.
fn list<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> String {
    let names: Vec<String> = names
        .into_iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
