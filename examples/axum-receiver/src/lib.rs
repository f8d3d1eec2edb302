//! A Voucherify webhook receiver in axum, as a service would write it.
//!
//! `POST /webhooks/voucherify`:
//! 1. the body is read up to a size limit (413 beyond it);
//! 2. [`Webhook::receive`] checks `x-voucherify-signature` (401) and parses (400);
//! 3. a delivery whose envelope `id` was seen before is acknowledged and not processed again
//!    (Voucherify delivers at least once and retries);
//! 4. the webhook is handed to a worker through a queue and the answer goes out at once, well
//!    inside the 10 s Voucherify waits for a 2XX.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use tokio::sync::mpsc;
use voucherify_webhooks::signature::SIGNATURE_HEADER;
use voucherify_webhooks::{Data, Untyped, Webhook};

/// The path Voucherify posts to.
pub const PATH: &str = "/webhooks/voucherify";

/// How the receiver is set up.
#[derive(Clone, Debug)]
pub struct Config {
    /// Webhook secrets from Project settings; more than one while rotating.
    pub secrets: Vec<Vec<u8>>,
    /// The largest body accepted, in bytes.
    pub body_limit: usize,
    /// How many recent envelope ids are remembered for deduplication.
    pub remembered_ids: usize,
}

impl Config {
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Config {
            secrets: vec![secret.into()],
            body_limit: 1024 * 1024,
            remembered_ids: 100_000,
        }
    }
}

/// What the worker is handed: a webhook seen for the first time.
pub type Delivery = Webhook;

struct Receiver {
    secrets: Vec<Vec<u8>>,
    seen: Mutex<Seen>,
    queue: mpsc::UnboundedSender<Delivery>,
}

/// The most recent envelope ids, oldest forgotten first.
struct Seen {
    ids: HashSet<String>,
    order: VecDeque<String>,
    capacity: usize,
}

impl Seen {
    /// True when `id` is new (and now remembered).
    fn insert(&mut self, id: &str) -> bool {
        if self.ids.contains(id) {
            return false;
        }
        if self.order.len() == self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.ids.remove(&old);
            }
        }
        self.ids.insert(id.to_string());
        self.order.push_back(id.to_string());
        true
    }
}

/// The router, and the receiving end of the queue of new deliveries.
pub fn app(config: Config) -> (Router, mpsc::UnboundedReceiver<Delivery>) {
    let (queue, deliveries) = mpsc::unbounded_channel();
    let receiver = Arc::new(Receiver {
        secrets: config.secrets,
        seen: Mutex::new(Seen {
            ids: HashSet::new(),
            order: VecDeque::new(),
            capacity: config.remembered_ids.max(1),
        }),
        queue,
    });
    let router = Router::new()
        .route(PATH, post(receive))
        .layer(DefaultBodyLimit::max(config.body_limit))
        .with_state(receiver);
    (router, deliveries)
}

async fn receive(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, Json<serde_json::Value>) {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let secrets: Vec<&[u8]> = receiver.secrets.iter().map(Vec::as_slice).collect();
    let webhook = match Webhook::receive_any(&secrets, &body, signature) {
        Ok(webhook) => webhook,
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            return (status, Json(json!({ "error": e.to_string() })));
        }
    };
    let new = match receiver.seen.lock() {
        Ok(mut seen) => seen.insert(&webhook.id),
        // A poisoned lock only means another request panicked; the set itself is intact.
        Err(poisoned) => poisoned.into_inner().insert(&webhook.id),
    };
    let event_type = webhook.event_type().to_string();
    if !new {
        return (
            StatusCode::OK,
            Json(json!({ "status": "duplicate", "id": webhook.id })),
        );
    }
    let kind = match &webhook.data {
        Data::Typed(_) => "typed",
        Data::Raw(raw) => match raw.reason {
            Untyped::UnknownEventType(_) => "unknown event type",
            _ => "data kept raw",
        },
    };
    eprintln!("voucherify webhook {}: {event_type} ({kind})", webhook.id);
    let id = webhook.id.clone();
    // The worker may have stopped (the service is shutting down); the delivery is still
    // acknowledged, since Voucherify would only retry it into the same state.
    let _ = receiver.queue.send(webhook);
    (
        StatusCode::OK,
        Json(json!({ "status": "accepted", "id": id, "event_type": event_type, "data": kind })),
    )
}
