//! A Voucherify webhook receiver in axum that loses nothing, as a careful service writes it.
//!
//! `POST /webhooks/voucherify`:
//! 1. the body is read up to a size limit (413 beyond it);
//! 2. [`Webhook::receive`] checks `x-voucherify-signature` (401) and parses (400);
//! 3. the body, as it was signed, is stored in the durable [`Inbox`] under its envelope `id`,
//!    a unique key: a redelivery (Voucherify delivers at least once and retries) is acknowledged
//!    and stored nowhere, whichever instance it reaches;
//! 4. only then the answer goes out (503 if the store failed, so that Voucherify retries), well
//!    inside the 10 s Voucherify waits for a 2XX.
//!
//! The [`worker`] processes stored rows apart from the request, and writes each one's effect in
//! the transaction that marks it done; rows a crashed instance left are picked up again.
//! Every refused request is logged with its reason, never with its body or the secret.

mod config;
pub mod inbox;
pub mod worker;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use voucherify_webhooks::signature::SIGNATURE_HEADER;
use voucherify_webhooks::{Data, ParseError, ReceiveError, Untyped, Webhook};

pub use config::{sqlite_url, Config, ConfigError, WorkerConfig, DEFAULT_INBOX_PATH};
pub use inbox::{Inbox, Stored};

/// The path Voucherify posts to.
pub const PATH: &str = "/webhooks/voucherify";

struct Receiver {
    secrets: Vec<Vec<u8>>,
    inbox: Inbox,
}

/// The router, storing into `inbox`. Refuses a `config` that would accept forged webhooks.
pub fn app(config: &Config, inbox: Inbox) -> Result<Router, ConfigError> {
    config.check()?;
    let receiver = Arc::new(Receiver {
        secrets: config.secrets.clone(),
        inbox,
    });
    Ok(Router::new()
        .route(PATH, post(receive))
        .layer(DefaultBodyLimit::max(config.body_limit))
        .with_state(receiver))
}

type Answer = (StatusCode, Json<serde_json::Value>);

async fn receive(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let status = rejection.status();
            return refuse(status, &rejection.body_text(), rejection.body_text());
        }
    };
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let secrets: Vec<&[u8]> = receiver.secrets.iter().map(Vec::as_slice).collect();
    let webhook = match Webhook::receive_any(&secrets, &body, signature) {
        Ok(webhook) => webhook,
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            return refuse(status, &log_reason(&e), e.to_string());
        }
    };
    // A body that parsed as JSON is UTF-8; the check costs nothing and keeps the store honest.
    let Ok(text) = std::str::from_utf8(&body) else {
        let reason = "the body is not UTF-8";
        return refuse(StatusCode::BAD_REQUEST, reason, reason.into());
    };
    let event_type = webhook.event_type().to_string();
    match receiver.inbox.store(&webhook.id, &event_type, text).await {
        Ok(Stored::New) => {}
        Ok(Stored::Duplicate) => {
            eprintln!("duplicate {}: already in the inbox", webhook.id);
            return (
                StatusCode::OK,
                Json(json!({ "status": "duplicate", "id": webhook.id })),
            );
        }
        Err(e) => {
            // Not acknowledged: Voucherify retries, and the webhook is stored then.
            eprintln!("unavailable 503 for {}: cannot store: {e}", webhook.id);
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "error": "the inbox is unavailable; retry later" })),
            );
        }
    }
    let kind = match &webhook.data {
        Data::Typed(_) => "typed",
        Data::Raw(raw) => match raw.reason {
            Untyped::UnknownEventType(_) => "unknown event type",
            _ => "data kept raw",
        },
    };
    eprintln!("accepted {}: {event_type} ({kind})", webhook.id);
    (
        StatusCode::OK,
        Json(
            json!({ "status": "accepted", "id": webhook.id, "event_type": event_type, "data": kind }),
        ),
    )
}

/// Logs a refusal and builds its answer. The log says why, for the operator; it never holds
/// the body (an attacker's or a misconfigured sender's) nor the secret.
fn refuse(status: StatusCode, reason: &str, answer: String) -> Answer {
    eprintln!("refused {}: {reason}", status.as_u16());
    (status, Json(json!({ "error": answer })))
}

/// The reason to log for a refused delivery. A parse error's message may quote a value from the
/// body (`invalid type: string "..."`); the log keeps its place and kind, not the value.
fn log_reason(e: &ReceiveError) -> String {
    match e {
        ReceiveError::Signature(e) => format!("signature refused: {e}"),
        ReceiveError::Payload(ParseError::Json { line, column, .. }) => {
            format!("payload refused: not JSON at line {line} column {column}")
        }
        ReceiveError::Payload(ParseError::NotAnEnvelope(e)) => {
            let pointer = if e.pointer.is_empty() {
                "/"
            } else {
                &e.pointer
            };
            format!("payload refused: not a v2024-01-01 webhook envelope at {pointer}")
        }
        ReceiveError::Payload(e @ ParseError::LegacyV2018) => format!("payload refused: {e}"),
        ReceiveError::Payload(_) => "payload refused".into(),
    }
}
