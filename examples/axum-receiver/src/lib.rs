//! A Voucherify webhook receiver in axum that loses nothing, as a careful service writes it.
//!
//! `POST /webhooks/voucherify`:
//! 1. the body is read up to a size limit (413 beyond it);
//! 2. [`Webhook::receive`] checks `x-voucherify-signature` (401) and parses;
//! 3. the body, as it was signed, is stored in the durable [`Inbox`] under its envelope `id`,
//!    a unique key: a redelivery (Voucherify delivers at least once and retries) is acknowledged
//!    and stored nowhere, whichever instance it reaches. A signed body that is no webhook this
//!    crate can hold (not JSON, a key given twice, a lone surrogate escape) is stored too, as a
//!    dead letter under the SHA-256 of its bytes: signed means sent with the secret, and a
//!    retry would never parse, so refusing it would only lose it;
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
    // Signed, then parsed: a signed body that is no webhook is kept below, not refused.
    let parsed = match Webhook::receive_any(&secrets, &body, signature) {
        Ok(webhook) => Ok(webhook),
        Err(ReceiveError::Payload(e)) => Err(e),
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            return refuse(status, &log_reason(&e), e.to_string());
        }
    };
    // The inbox holds text. JSON is UTF-8, and so is every body that parsed; a signed body
    // that is not is refused (no byte of it could be stored as it came).
    let Ok(text) = std::str::from_utf8(&body) else {
        let reason = "the body is not UTF-8";
        return refuse(StatusCode::BAD_REQUEST, reason, reason.into());
    };
    let (id, event_type) = match &parsed {
        Ok(webhook) => (webhook.id.clone(), webhook.event_type().to_string()),
        // Its retries carry the same bytes, so they find it stored.
        Err(_) => (dead_letter_id(&body), String::new()),
    };
    match receiver.inbox.store(&id, &event_type, text).await {
        Ok(Stored::New) => {}
        Ok(Stored::Duplicate) => {
            eprintln!("duplicate {id}: already in the inbox");
            return (
                StatusCode::OK,
                Json(json!({ "status": "duplicate", "id": id })),
            );
        }
        Err(e) => {
            // Not acknowledged: Voucherify retries, and the webhook is stored then.
            eprintln!("unavailable 503 for {id}: cannot store: {e}");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "error": "the inbox is unavailable; retry later" })),
            );
        }
    }
    let webhook = match parsed {
        Ok(webhook) => webhook,
        Err(refusal) => {
            // The worker marks it dead-lettered with the parse's reason.
            let reason = payload_reason(&refusal);
            eprintln!("dead-lettered {id}: {reason}");
            return (
                StatusCode::OK,
                Json(json!({ "status": "dead-lettered", "id": id, "error": reason })),
            );
        }
    };
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

/// The inbox key of a signed body that is no webhook: `unparsed-` and the SHA-256 of its bytes,
/// in hex. An envelope `id` is `whs_...`, so the two never meet.
fn dead_letter_id(body: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(body);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("unparsed-{hex}")
}

/// Logs a refusal and builds its answer. The log says why, for the operator; it never holds
/// the body (an attacker's or a misconfigured sender's) nor the secret.
fn refuse(status: StatusCode, reason: &str, answer: String) -> Answer {
    eprintln!("refused {}: {reason}", status.as_u16());
    (status, Json(json!({ "error": answer })))
}

/// The reason to log for a refused delivery.
fn log_reason(e: &ReceiveError) -> String {
    match e {
        ReceiveError::Signature(e) => format!("signature refused: {e}"),
        ReceiveError::Payload(e) => format!("payload refused: {}", payload_reason(e)),
    }
}

/// Why a signed body is no webhook, to log and to answer. A parse error's message may quote a
/// value from the body (`invalid type: string "..."`); this keeps its place and kind, not the
/// value.
pub(crate) fn payload_reason(e: &ParseError) -> String {
    match e {
        ParseError::Json { line, column, .. } => format!("not JSON at line {line} column {column}"),
        ParseError::Unrepresentable { line, column, .. } => {
            format!("JSON that cannot be held as it is, at line {line} column {column}")
        }
        ParseError::NotAnEnvelope(e) => {
            let pointer = if e.pointer.is_empty() {
                "/"
            } else {
                &e.pointer
            };
            format!("not a v2024-01-01 webhook envelope at {pointer}")
        }
        e @ ParseError::LegacyV2018 => e.to_string(),
        _ => "no webhook".into(),
    }
}
