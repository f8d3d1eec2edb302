//! The kinds of change the report knows: each one a record with a stable id, a sentence for
//! people, and its two classifications (the wire, and the generated crate's semver).
//!
//! The ids are part of the report's JSON and never change meaning; a new kind gets a new id.

use std::fmt;

use serde::Serialize;

/// What a change does to the payloads that pass `voucherify-webhooks check --strict` (no
/// violation and no drift: every property and enum value documented).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Wire {
    /// Every payload keeps its verdict.
    None,
    /// A payload that failed before may pass now; none that passed can fail.
    Looser,
    /// A payload that passed before may fail now.
    Stricter,
    /// Both: some payloads that passed may fail, some that failed may pass.
    Both,
}

impl Wire {
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::None => "none",
            Wire::Looser => "looser",
            Wire::Stricter => "stricter",
            Wire::Both => "both",
        }
    }

    /// True when a payload that conformed before may fail now.
    pub fn may_reject(self) -> bool {
        matches!(self, Wire::Stricter | Wire::Both)
    }
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The version bump a change needs in `voucherify-webhooks` under Cargo's semver rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rust {
    /// Docs or behaviour only: no public item changes.
    Patch,
    /// Items are added; code that compiled still compiles.
    Minor,
    /// Items are removed or change type; code that compiled may not.
    Major,
}

impl Rust {
    pub fn as_str(self) -> &'static str {
        match self {
            Rust::Patch => "patch",
            Rust::Minor => "minor",
            Rust::Major => "major",
        }
    }
}

impl fmt::Display for Rust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One kind of change, with what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    /// The stable id, as in the JSON report.
    pub id: &'static str,
    /// One line for people.
    pub description: &'static str,
    pub wire: Wire,
    /// The Rust impact where the node has a Rust type of its own. Where the generated code
    /// keeps the node as `serde_json::Value` (inside an `anyOf` member, or anywhere the schema
    /// accepts any JSON) or as `i64` (an integer enum), a change is a patch.
    pub rust: Rust,
}

macro_rules! kinds {
    ($($variant:ident $id:literal $wire:ident $rust:ident $description:literal;)*) => {
        /// Every kind of change, in the order of [`KINDS`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($variant,)*
        }

        /// Every kind, with its id, description and classifications.
        pub const KINDS: &[(Kind, KindInfo)] = &[
            $((Kind::$variant, KindInfo {
                id: $id,
                description: $description,
                wire: Wire::$wire,
                rust: Rust::$rust,
            }),)*
        ];
    };
}

kinds! {
    EventAdded "event-added" Looser Minor
        "a new event type: its webhooks were unknown before (a new `Event` variant and data type)";
    EventRemoved "event-removed" Stricter Major
        "an event type is gone: its webhooks are unknown now (its variant and types are removed)";
    EventChannelChanged "event-channel-changed" Both Patch
        "an event is sent by another channel, so it is told apart by another envelope field";
    EventDocsChanged "event-docs-changed" None Patch
        "an event's documentation page moved";
    EventRetained "event-retained" None Patch
        "an event the newest documents no longer define is kept as an earlier one described it (retained.yaml)";
    ObjectAdded "object-added" None Minor
        "a new shared object (a new type; where it is used is reported where it is used)";
    ObjectRemoved "object-removed" None Major
        "a shared object is gone (its type is removed; its uses are reported where they changed)";
    PropertyAdded "property-added" Looser Minor
        "an optional property is documented: a payload that sent it was drift and may pass now";
    RequiredPropertyAdded "required-property-added" Both Minor
        "a required property is documented: payloads without it fail now, ones with it may pass";
    PropertyRemoved "property-removed" Stricter Major
        "an optional property is no longer documented: sending it is drift now (its field is removed)";
    RequiredPropertyRemoved "required-property-removed" Both Major
        "a required property is no longer documented: payloads without it pass, ones with it are drift";
    PropertyMadeRequired "property-made-required" Stricter Major
        "a property must be present now (its field loses its `Option`)";
    PropertyMadeOptional "property-made-optional" Looser Major
        "a property may be absent now (its field becomes an `Option`)";
    NullableAdded "nullable-added" Looser Major
        "`null` is allowed now (the Rust type gains an `Option`)";
    NullableRemoved "nullable-removed" Stricter Major
        "`null` is no longer allowed (the Rust type loses an `Option`)";
    TypeChanged "type-changed" Both Major
        "a value has another type now";
    TypeWidened "type-widened" Looser Major
        "a value's type accepts more now (integer to number, a shape to any JSON)";
    TypeNarrowed "type-narrowed" Stricter Major
        "a value's type accepts less now (number to integer, any JSON to a shape)";
    ShapeChanged "shape-changed" Both Major
        "an object became a map, a union another kind of union, or the like";
    TypeRenamed "type-renamed" None Major
        "the same shape has another Rust type name (the old name is gone)";
    TypesMerged "types-merged" None Major
        "shapes that had Rust types of their own are equal now and share one type (the other names are gone)";
    TypesSplit "types-split" None Major
        "a shape that shared a Rust type differs now and has a type of its own again";
    EnumValueAdded "enum-value-added" Looser Minor
        "an enum gains a value (a new variant of a `#[non_exhaustive]` enum; it was `Other` before)";
    EnumValueRemoved "enum-value-removed" Stricter Major
        "an enum loses a value (its variant is removed)";
    EnumAdded "enum-added" Stricter Major
        "a value is restricted to a closed set of values (a `String` becomes an enum)";
    EnumRemoved "enum-removed" Looser Major
        "a value is no longer restricted to a closed set (an enum becomes a `String`)";
    FormatAdded "format-added" Stricter Patch
        "a string must follow a format now (checked by the contract check, still a `String`)";
    FormatRemoved "format-removed" Looser Patch
        "a string need not follow a format any longer";
    FormatChanged "format-changed" Both Patch
        "a string must follow another format";
    UnionMemberAdded "union-member-added" Looser Minor
        "a union gains a member (a new variant of a `#[non_exhaustive]` enum for a `oneOf`)";
    UnionMemberRemoved "union-member-removed" Stricter Major
        "a union loses a member (its variant is removed for a `oneOf`)";
    UnionTagChanged "union-tag-changed" Both Major
        "a tagged union is told apart by another property";
    AdditionalPropertiesForbidden "additional-properties-forbidden" None Patch
        "unlisted properties are forbidden (under --strict they were drift already)";
    AdditionalPropertiesAllowed "additional-properties-allowed" None Patch
        "unlisted properties are no longer forbidden (under --strict they stay drift)";
    DescriptionChanged "description-changed" None Patch
        "the note on a node changed (the Rust docs change)";
}

impl Kind {
    pub fn info(self) -> &'static KindInfo {
        // Every variant is in the table, in declaration order.
        &KINDS[self as usize].1
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_declaration_order_and_ids_are_unique() {
        let mut ids = std::collections::BTreeSet::new();
        for (i, (kind, info)) in KINDS.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{}", info.id);
            assert!(ids.insert(info.id), "duplicate id {}", info.id);
            assert!(info.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }
}
