//! Rust names for wire names: case conversion, keyword escaping and de-duplication.
//!
//! These rules decide the public API of the generated crate, so they are written out in one
//! place and tested on the awkward names that real payloads carry (`$is`, `1st`, `type`,
//! `ROLLED BACK`, `order.paid`).

use std::collections::BTreeSet;

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits a wire name into lowercase words at separators, case changes and letter/digit
/// boundaries: `createdAt` -> [created, at], `HTTPCode` -> [http, code], `ROLLED BACK` ->
/// `[rolled, back]`, `order.paid` -> `[order, paid]`, `$is` -> `[is]`, `v2Name` -> `[v2, name]`.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        // Only ASCII letters and digits make identifiers; anything else separates words (the
        // wire name is kept in `#[wire(rename)]`, so nothing is lost).
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_ascii_lowercase() && c.is_ascii_uppercase())
                // The last capital of an acronym starts a new word: `HTTPCode` -> HTTP, Code.
                || (prev.is_ascii_uppercase()
                    && c.is_ascii_uppercase()
                    && next.is_some_and(|n| n.is_ascii_lowercase()))
                // A digit run followed by a capital: `1st` stays whole, `2Name` splits.
                || (prev.is_ascii_digit() && c.is_ascii_uppercase());
            if boundary && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `snake_case` for a field or module: `createdAt` -> `created_at`, `1st` -> `_1st`, `type` ->
/// `r#type`, `self` -> `self_`, `$is` -> `is`. A name with no letters or digits becomes `field`.
pub fn snake(name: &str) -> String {
    let mut ident = words(name).join("_");
    if ident.is_empty() {
        ident = "field".to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    escape(ident)
}

/// `UpperCamelCase` for a type or variant: `ADD_MISSING_ITEMS` -> `AddMissingItems`,
/// `order.paid` -> `OrderPaid`, `1` -> `V1`. A name with no letters or digits becomes `Empty`.
pub fn upper_camel(name: &str) -> String {
    let mut ident: String = words(name)
        .iter()
        .map(|w| {
            let mut word = w.clone();
            if let Some(first) = word.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            word
        })
        .collect();
    if ident.is_empty() {
        ident = "Empty".to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'V');
    }
    escape(ident)
}

/// Escapes a Rust keyword: raw where Rust allows it, a trailing underscore where it does not.
pub fn escape(ident: String) -> String {
    if NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// The identifier without a raw prefix, as a person reads it (`r#type` -> `type`).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Hands out identifiers that are unique within one scope (the fields of a struct, the
/// variants of an enum). A clash gets the first free numeric suffix, in the order names
/// are asked for, so the result depends only on the schema's order.
#[derive(Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// True when `ident` is taken.
    pub fn contains(&self, ident: &str) -> bool {
        self.taken.contains(unraw(ident))
    }

    /// `ident` if free, else `ident2`, `ident3`, ... (`ident_2` for snake names, so that
    /// `_1st` and a later clash read well).
    pub fn claim(&mut self, ident: String) -> String {
        if self.taken.insert(unraw(&ident).to_string()) {
            return ident;
        }
        let base = unraw(&ident).to_string();
        let snake = base.starts_with(|c: char| c.is_lowercase() || c == '_');
        // `self_` + 2 is `self_2`, not `self__2`: a double underscore is not snake case.
        let stem = base.trim_end_matches('_');
        (2..)
            .map(|n| {
                if snake {
                    format!("{stem}_{n}")
                } else {
                    format!("{stem}{n}")
                }
            })
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(base)
    }

    /// Takes `ident`, adding underscores until it is free: for names that must stay
    /// recognisable, like `extra` -> `extra_` and `Other` -> `Other_`.
    pub fn claim_with_underscores(&mut self, ident: &str) -> String {
        let mut candidate = ident.to_string();
        while !self.taken.insert(candidate.clone()) {
            candidate.push('_');
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_fields() {
        let cases = [
            ("id", "id"),
            ("createdAt", "created_at"),
            ("HTTPCode", "http_code"),
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("$is", "is"),
            ("1st", "_1st"),
            ("2nd_place", "_2nd_place"),
            ("_id", "id"),
            ("source-id", "source_id"),
            ("loyalty_card.points", "loyalty_card_points"),
            ("ROLLED BACK", "rolled_back"),
            ("$", "field"),
            ("async", "r#async"),
            ("amountV2", "amount_v2"),
        ];
        for (wire, ident) in cases {
            assert_eq!(snake(wire), ident, "{wire}");
        }
    }

    #[test]
    fn upper_camel_types_and_variants() {
        let cases = [
            ("ROLLED BACK", "RolledBack"),
            ("ADD_MISSING_ITEMS", "AddMissingItems"),
            ("order.paid", "OrderPaid"),
            ("1", "V1"),
            (
                "customer.reward_redemptions.created",
                "CustomerRewardRedemptionsCreated",
            ),
            ("redeemableItem", "RedeemableItem"),
            ("", "Empty"),
            ("self", "Self_"),
            ("PERCENT", "Percent"),
            ("UNIT", "Unit"),
            ("HTTPCode", "HttpCode"),
        ];
        for (wire, ident) in cases {
            assert_eq!(upper_camel(wire), ident, "{wire}");
        }
    }

    #[test]
    fn scopes_resolve_clashes_in_order() {
        let mut scope = Scope::with_reserved(&[]);
        assert_eq!(scope.claim(snake("source_id")), "source_id");
        assert_eq!(scope.claim(snake("sourceId")), "source_id_2");
        assert_eq!(scope.claim(snake("source-id")), "source_id_3");
        assert_eq!(scope.claim(snake("type")), "r#type");
        assert_eq!(scope.claim(snake("self")), "self_");
        assert_eq!(scope.claim(snake("Self")), "self_2");
        assert_eq!(scope.claim_with_underscores("extra"), "extra");
        assert_eq!(scope.claim_with_underscores("extra"), "extra_");
        let mut variants = Scope::default();
        assert_eq!(variants.claim(upper_camel("order.paid")), "OrderPaid");
        assert_eq!(variants.claim(upper_camel("ORDER_PAID")), "OrderPaid2");
    }
}
