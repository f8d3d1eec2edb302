//! Rust-ready names for the nodes that need one (objects, string enums, tagged unions).
//!
//! The rules are deterministic so that a re-import gives the same names:
//! - a components schema keeps its name in UpperCamelCase (`SimpleCustomer` stays;
//!   `4_obj_reward_object_parameters_CAMPAIGN` drops its leading digit word and becomes
//!   `ObjRewardObjectParametersCampaign`);
//! - an event's data schema drops the `Event` prefix and `Data` suffix
//!   (`EventRedemptionSucceededData` -> `RedemptionSucceeded`);
//! - an inline node is named after its parent and its place: `RedemptionSucceeded` + `order` ->
//!   `RedemptionSucceededOrder`, array items add `Item`, map values add `Value`, a union member
//!   adds its tag value;
//! - two nodes with the same name are an error, never a silent suffix.

use std::collections::BTreeMap;

use super::error::ImportError;
use crate::schema::is_type_name;

/// The Rust name of a components schema.
pub fn component_name(name: &str) -> Option<String> {
    let words: Vec<&str> = words(name).collect();
    // A leading word of digits only (`4_obj_...`) is a docs filing prefix, not part of the name.
    let skip = words
        .iter()
        .take_while(|w| w.bytes().all(|b| b.is_ascii_digit()))
        .count();
    let out: String = words[skip..].iter().map(|w| camel_word(w)).collect();
    is_type_name(&out).then_some(out)
}

/// The Rust name of an event's data schema: `EventRedemptionSucceededData` -> `RedemptionSucceeded`.
pub fn data_name(name: &str) -> Option<String> {
    let short = name.strip_prefix("Event").unwrap_or(name);
    let short = short.strip_suffix("Data").unwrap_or(short);
    if short.is_empty() {
        component_name(name)
    } else {
        component_name(short)
    }
}

/// The part a property (or a tag value) adds to its parent's name: `loyalty_card` ->
/// `LoyaltyCard`, `$is` -> `Is`, `DISCOUNT_COUPONS` -> `DiscountCoupons`.
pub fn part(word: &str) -> Option<String> {
    let out: String = words(word).map(camel_word).collect();
    (!out.is_empty()).then_some(out)
}

/// Splits on everything that cannot be in a Rust identifier.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// `CAMPAIGN` -> `Campaign` (a shouted word), `order` -> `Order`, `SimpleCustomer` stays.
fn camel_word(word: &str) -> String {
    let shouted = word.len() > 1 && !word.bytes().any(|b| b.is_ascii_lowercase());
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest: String = chars.collect();
    let rest = if shouted {
        rest.to_ascii_lowercase()
    } else {
        rest
    };
    format!("{}{rest}", first.to_ascii_uppercase())
}

/// Every name given so far, with the place that got it, so that a second claim is an error.
#[derive(Debug, Default)]
pub struct Names {
    taken: BTreeMap<String, String>,
}

impl Names {
    /// Gives `name` to the node at `place`, or fails naming both places.
    pub fn claim(&mut self, name: &str, place: &str) -> Result<(), ImportError> {
        if let Some(first) = self.taken.get(name) {
            return Err(ImportError::NameCollision {
                name: name.to_string(),
                first: first.clone(),
                second: place.to_string(),
            });
        }
        self.taken.insert(name.to_string(), place.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components() {
        assert_eq!(
            component_name("SimpleCustomer").as_deref(),
            Some("SimpleCustomer")
        );
        assert_eq!(
            component_name("4_obj_reward_object_parameters_CAMPAIGN_GIFT_VOUCHERS").as_deref(),
            Some("ObjRewardObjectParametersCampaignGiftVouchers")
        );
        assert_eq!(
            component_name("ValidationRuleRules01").as_deref(),
            Some("ValidationRuleRules01")
        );
        assert_eq!(component_name("4_5"), None);
    }

    #[test]
    fn data_schemas() {
        assert_eq!(
            data_name("EventRedemptionSucceededData").as_deref(),
            Some("RedemptionSucceeded")
        );
        assert_eq!(
            data_name("EventCustomerRewardRedemptionsBase").as_deref(),
            Some("CustomerRewardRedemptionsBase")
        );
    }

    #[test]
    fn parts() {
        assert_eq!(part("loyalty_card").as_deref(), Some("LoyaltyCard"));
        assert_eq!(part("$is").as_deref(), Some("Is"));
        assert_eq!(part("type").as_deref(), Some("Type"));
        assert_eq!(part("DISCOUNT_COUPONS").as_deref(), Some("DiscountCoupons"));
        assert_eq!(part("amountOff").as_deref(), Some("AmountOff"));
        assert_eq!(part("$"), None);
    }

    #[test]
    fn a_second_claim_is_an_error() {
        let mut names = Names::default();
        names.claim("A", "here").unwrap();
        let err = names.claim("A", "there").unwrap_err().to_string();
        assert!(err.contains("here") && err.contains("there"), "{err}");
    }
}
