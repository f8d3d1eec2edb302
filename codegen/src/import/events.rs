//! The webhook list: which events the docs define, their wire names, channels and docs pages.

use std::path::Path;

use super::diagnostic::{Diagnostic, Kind};
use super::openapi::{Document, Node, Operation};
use crate::schema::{push_pointer_token, Channel};

/// One webhook event as the docs define it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpec {
    /// The wire event type, e.g. `redemption.succeeded`.
    pub wire: String,
    pub channel: Channel,
    /// The vendor's page for the event.
    pub docs: String,
    /// The components schema of the event's `data`.
    pub schema: String,
    /// Which of the documents defined it (index into the `--docs` list).
    pub doc: usize,
    /// Where in that document, as a JSON pointer, for errors.
    pub pointer: String,
}

/// Where the docs pages of the events live; the operation id completes the address.
const DOCS_BASE: &str = "https://docs.voucherify.io/reference/";

/// Which channel sends each event. The docs do not say it per event; this table is the one in
/// the project's notes on Voucherify (from the product page and the distribution creator).
/// An event the docs add later stops the import until it is added here.
const CHANNELS: &[(&str, Channel)] = {
    use Channel::{Both, Distribution as D, ProjectSettings as P};
    &[
        ("business_validation_rule.assignment.created", P),
        ("business_validation_rule.assignment.deleted", P),
        ("business_validation_rule.created", P),
        ("business_validation_rule.deleted", P),
        ("business_validation_rule.updated", P),
        ("campaign.created", P),
        ("campaign.deleted", P),
        ("campaign.disabled", P),
        ("campaign.enabled", P),
        ("campaign.loyalty_tier.created", P),
        ("campaign.loyalty_tier.deleted", P),
        ("campaign.loyalty_tier.updated", P),
        ("campaign.promotion_tier.created", P),
        ("campaign.promotion_tier.deleted", P),
        ("campaign.promotion_tier.disabled", P),
        ("campaign.promotion_tier.enabled", P),
        ("campaign.promotion_tier.updated", P),
        ("campaign.updated", P),
        ("campaign.vouchers.generation.completed", P),
        ("customer.consents.given", P),
        ("customer.consents.revoked", P),
        ("customer.created", P),
        ("customer.custom_event", D),
        ("customer.deleted", P),
        ("customer.holder.assignment.created", P),
        ("customer.holder.assignment.deleted", P),
        ("customer.loyalty.tier.downgraded", D),
        ("customer.loyalty.tier.joined", D),
        ("customer.loyalty.tier.left", D),
        ("customer.loyalty.tier.prolonged", D),
        ("customer.loyalty.tier.upgraded", D),
        ("customer.order.canceled", D),
        ("customer.order.created", D),
        ("customer.order.paid", D),
        ("customer.order.updated", D),
        ("customer.publication.succeeded", D),
        ("customer.redemption.rollback.succeeded", D),
        ("customer.redemption.succeeded", D),
        ("customer.reward_redemptions.completed", Both),
        ("customer.reward_redemptions.created", P),
        ("customer.reward_redemptions.pending", P),
        ("customer.rewarded", Both),
        ("customer.rewarded.loyalty_points", Both),
        ("customer.segment.entered", D),
        ("customer.segment.left", D),
        ("customer.updated", P),
        ("customer.voucher.gift.balance_added", D),
        ("customer.voucher.loyalty_card.pending_points.activated", D),
        ("customer.voucher.loyalty_card.pending_points.added", D),
        ("customer.voucher.loyalty_card.pending_points.canceled", D),
        ("customer.voucher.loyalty_card.pending_points.updated", D),
        ("customer.voucher.loyalty_card.points_added", D),
        ("customer.voucher.loyalty_card.points_expired", D),
        ("manual_distribution_schedule", D),
        ("publication.succeeded", P),
        ("redemption.failed", P),
        ("redemption.rollback.failed", P),
        ("redemption.rollback.succeeded", P),
        ("redemption.succeeded", P),
        ("voucher.created", P),
        ("voucher.deleted", P),
        ("voucher.disabled", P),
        ("voucher.enabled", P),
        ("voucher.gift.balance_added", P),
        ("voucher.gift.transaction.created", P),
        ("voucher.loyalty_card.pending_points.activated", P),
        ("voucher.loyalty_card.pending_points.added", P),
        ("voucher.loyalty_card.pending_points.canceled", P),
        ("voucher.loyalty_card.pending_points.updated", P),
        ("voucher.loyalty_card.points_added", P),
        ("voucher.loyalty_card.points_expired", P),
        ("voucher.loyalty_card.transaction.created", P),
        ("voucher.published", P),
        ("voucher.updated", P),
    ]
};

/// The channel of a wire event type, when the table knows it.
pub fn channel(wire: &str) -> Option<Channel> {
    CHANNELS
        .iter()
        .find(|(name, _)| *name == wire)
        .map(|(_, channel)| *channel)
}

/// The docs' key of a webhook (`EVENTS.BUS_VAL_RULE.CREATED`, or `/EVENTS...` under `paths`) ->
/// the wire event type (`business_validation_rule.created`).
pub fn wire_name(key: &str) -> Option<String> {
    let key = key.strip_prefix('/').unwrap_or(key);
    let rest = key.strip_prefix("EVENTS.")?;
    // The docs file the manual distribution under a made-up group; on the wire it is one word.
    let rest = rest
        .strip_prefix("DISTRIBUTION.")
        .filter(|r| *r == "MANUAL_DISTRIBUTION_SCHEDULE")
        .unwrap_or(rest);
    let wire = rest
        .split('.')
        .map(|part| match part {
            "BUS_VAL_RULE" => "business_validation_rule".to_string(),
            part => part.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join(".");
    let ok = wire.split('.').all(|part| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    });
    ok.then_some(wire)
}

/// The events a document defines, in document order. `webhooks` and `paths` are both read;
/// the current layout keeps the data schema in the request body, the 2024 one in the `200`
/// response. A webhook that is no Voucherify event, or whose data schema cannot be found, is
/// skipped with a diagnostic.
pub fn collect(
    doc_index: usize,
    file: &Path,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<EventSpec> {
    let mut out = Vec::new();
    for (section, items) in [("webhooks", &doc.webhooks), ("paths", &doc.paths)] {
        for (key, item) in items {
            let mut pointer = format!("/{section}/");
            push_pointer_token(&mut pointer, key);
            match spec(
                doc_index,
                file,
                key,
                item.post.as_ref(),
                &pointer,
                diagnostics,
            ) {
                Ok(spec) => out.push(spec),
                Err((pointer, problem)) => diagnostics.push(Diagnostic::docs(
                    Kind::NotAnEvent,
                    file,
                    &pointer,
                    problem,
                    "skipped the webhook",
                )),
            }
        }
    }
    out
}

/// One webhook's event, or where and why it is none.
fn spec(
    doc: usize,
    file: &Path,
    key: &str,
    operation: Option<&Operation>,
    pointer: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<EventSpec, (String, String)> {
    let fail = |pointer: &str, message: String| (pointer.to_string(), message);
    let Some(operation) = operation else {
        return Err(fail(pointer, format!("`{key}` has no `post` operation")));
    };
    let pointer = format!("{pointer}/post");
    let wire = wire_name(key).ok_or_else(|| {
        fail(
            &pointer,
            format!("`{key}` is no Voucherify event key like `EVENTS.REDEMPTION.SUCCEEDED`"),
        )
    })?;
    let channel = channel(&wire).ok_or_else(|| {
        fail(
            &pointer,
            format!(
                "the event `{wire}` is not in the importer's table of channels \
                 (add it to the table in import/events.rs)"
            ),
        )
    })?;
    let docs = match operation.operation_id.as_deref() {
        Some(id) => format!("{DOCS_BASE}{id}"),
        None => {
            diagnostics.push(Diagnostic::docs(
                Kind::WebhookLayout,
                file,
                &pointer,
                "the operation has no `operationId`, which names the event's docs page",
                "linked the docs' reference index instead",
            ));
            DOCS_BASE.to_string()
        }
    };
    let (schema_pointer, schema) = data_schema(operation).ok_or_else(|| {
        fail(
            &pointer,
            "no `application/json` schema in the request body or the `200` response".into(),
        )
    })?;
    let schema_pointer = format!("{pointer}{schema_pointer}");
    let schema = schema.ref_name().ok_or_else(|| {
        fail(
            &schema_pointer,
            "the event's data schema is no `$ref` to `#/components/schemas/...`".into(),
        )
    })?;
    Ok(EventSpec {
        wire,
        channel,
        docs,
        schema: schema.to_string(),
        doc,
        pointer: schema_pointer,
    })
}

fn data_schema(operation: &Operation) -> Option<(&'static str, &Node)> {
    const JSON: &str = "application/json";
    if let Some(schema) = operation
        .request_body
        .as_ref()
        .and_then(|b| b.content.get(JSON))
        .and_then(|m| m.schema.as_ref())
    {
        return Some(("/requestBody/content/application~1json/schema", schema));
    }
    operation
        .responses
        .get("200")
        .and_then(|b| b.content.get(JSON))
        .and_then(|m| m.schema.as_ref())
        .map(|s| ("/responses/200/content/application~1json/schema", s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names() {
        assert_eq!(
            wire_name("EVENTS.REDEMPTION.SUCCEEDED").as_deref(),
            Some("redemption.succeeded")
        );
        assert_eq!(
            wire_name("/EVENTS.CUSTOMER.CONSENTS.GIVEN").as_deref(),
            Some("customer.consents.given")
        );
        assert_eq!(
            wire_name("EVENTS.BUS_VAL_RULE.ASSIGNMENT.CREATED").as_deref(),
            Some("business_validation_rule.assignment.created")
        );
        assert_eq!(
            wire_name("EVENTS.DISTRIBUTION.MANUAL_DISTRIBUTION_SCHEDULE").as_deref(),
            Some("manual_distribution_schedule")
        );
        assert_eq!(wire_name("REDEMPTION.SUCCEEDED"), None);
        assert_eq!(wire_name("EVENTS.A..B"), None);
    }

    #[test]
    fn the_channel_table_is_sorted_and_complete() {
        assert_eq!(CHANNELS.len(), 74);
        assert!(CHANNELS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(channel("customer.rewarded"), Some(Channel::Both));
        assert_eq!(channel("customer.order.paid"), Some(Channel::Distribution));
        assert_eq!(channel("voucher.published"), Some(Channel::ProjectSettings));
    }
}
