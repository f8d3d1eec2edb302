//! "Did you mean" for a misspelt name, instead of the list of every name.

/// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c)
}

/// The refusal of an event type this build has no schema for, with the closest one known.
pub fn unknown_event_type(event: &str) -> String {
    let known = voucherify_webhooks::EVENT_TYPES.iter().map(|(t, _, _)| *t);
    match closest(event, known) {
        Some(near) => format!("no schema for the event type `{event}`; did you mean `{near}`?"),
        None => format!(
            "no schema for the event type `{event}` ({} are known, such as `voucher.published`)",
            voucherify_webhooks::EVENT_TYPES.len()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_gets_the_closest_event_type_and_nonsense_gets_none() {
        assert_eq!(
            unknown_event_type("voucher.publised"),
            "no schema for the event type `voucher.publised`; did you mean `voucher.published`?"
        );
        assert_eq!(closest("zzzz", ["voucher.published"]), None);
    }
}
