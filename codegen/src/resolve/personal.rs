//! Which properties hold personal data, by name: the built-in half of the rule behind the
//! `redact-debug` feature (the other half is `x-personal: true` in a schema).
//!
//! A name is on the list when the value names, reaches or locates a person in the payloads
//! Voucherify sends: the customer's names and contacts, the parts of an address, birth dates,
//! and `metadata`, whose values are the project's own and often copy customer details. The
//! list errs on the side of hiding: a campaign's `name` is redacted as well, since the rule sees
//! names, not owners. Ids (`id`, `source_id`) stay visible so a log line can still be traced;
//! `country` and `description` stay as well (neither identifies a person).

/// Property names whose values are personal data wherever they appear.
const PERSONAL: &[&str] = &[
    "name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "line_1",
    "line_2",
    "city",
    "postal_code",
    "state",
    "birthdate",
    "birthday",
    "metadata",
];

/// The property `key` is personal by its name alone.
pub fn by_name(key: &str) -> bool {
    PERSONAL.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::by_name;

    #[test]
    fn names_contacts_and_addresses_are_personal_ids_are_not() {
        for key in ["email", "phone", "name", "line_1", "birthdate", "metadata"] {
            assert!(by_name(key), "{key}");
        }
        for key in ["id", "source_id", "country", "object", "Email"] {
            assert!(!by_name(key), "{key}");
        }
    }
}
