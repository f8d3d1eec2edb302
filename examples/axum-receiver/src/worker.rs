//! The worker: claims stored webhooks one at a time, processes them, and marks each done in the
//! transaction that writes its effect. Several workers (in one or several instances) may run
//! against one inbox; a row whose worker died is taken over when its lease runs out.

use voucherify_webhooks::{Data, Webhook};

use crate::config::WorkerConfig;
use crate::inbox::{Claimed, Effect, Inbox};
use crate::payload_reason;

/// Runs until the process ends. Database errors are logged and retried at the next poll: the
/// rows stay in the inbox meanwhile.
pub async fn run(inbox: Inbox, config: WorkerConfig) {
    let mut handled = 0usize;
    loop {
        let claimed = match inbox.claim(config.lease).await {
            Ok(Some(claimed)) => claimed,
            Ok(None) => {
                // Woken at once by this instance's handler, or by the poll for the rest.
                let _ = tokio::time::timeout(config.poll, inbox.stored()).await;
                continue;
            }
            Err(e) => {
                eprintln!("worker: cannot claim from the inbox: {e}");
                tokio::time::sleep(config.poll).await;
                continue;
            }
        };
        if config.hang_after == Some(handled) {
            eprintln!(
                "worker: hanging with {} claimed (VOUCHERIFY_WORKER_HANG_AFTER={handled})",
                claimed.webhook_id
            );
            std::future::pending::<()>().await;
        }
        let effect = process(&claimed);
        match inbox.finish(&claimed, &effect).await {
            Ok(true) => {
                handled += 1;
                eprintln!("worker: {} {}", claimed.webhook_id, effect.outcome);
            }
            Ok(false) => eprintln!(
                "worker: {} was processed by another worker meanwhile; nothing written",
                claimed.webhook_id
            ),
            // The transaction rolled back: the row is claimed again when the lease runs out.
            Err(e) => eprintln!("worker: cannot finish {}: {e}", claimed.webhook_id),
        }
    }
}

/// What the service does with a webhook. Here the effect is a row in `voucherify_effects`; a
/// real service writes its own tables in [`Inbox::finish`]'s transaction instead.
fn process(claimed: &Claimed) -> Effect {
    // The body was verified before it was stored; parsing it again costs less than storing
    // a second, parsed copy, and follows the crate when it learns new event types.
    let (event_type, outcome) = match Webhook::from_slice(claimed.body.as_bytes()) {
        Ok(webhook) => {
            let outcome = match &webhook.data {
                Data::Typed(_) => "handled".to_string(),
                // A new event type, or data the docs do not describe: kept for a person.
                Data::Raw(raw) => format!("dead-lettered: {}", raw.reason),
            };
            (webhook.event_type().to_string(), outcome)
        }
        // Stored as a dead letter (signed, but no webhook), or read differently by a newer
        // crate than the one that stored it. Retrying would not help, so it is marked, not
        // lost; the reason names the place, never a value of the body (it is logged).
        Err(e) => (
            String::new(),
            format!("dead-lettered: {}", payload_reason(&e)),
        ),
    };
    Effect {
        webhook_id: claimed.webhook_id.clone(),
        event_type,
        outcome,
    }
}
