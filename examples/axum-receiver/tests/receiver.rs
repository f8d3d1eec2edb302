//! Starts the receiver on a loopback port and posts to it what Voucherify (and others) might.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use voucherify_axum_receiver::{app, Config, Delivery, PATH};
use voucherify_contract_tests::{event_type_of, json_files, shared_dir};
use voucherify_webhooks::signature::sign;
use voucherify_webhooks::Data;

const SECRET: &[u8] = b"receiver-test-secret";

async fn start(config: Config) -> (SocketAddr, mpsc::UnboundedReceiver<Delivery>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("bound");
    let (router, deliveries) = app(config);
    tokio::spawn(async move { axum::serve(listener, router).await });
    (addr, deliveries)
}

/// One HTTP/1.1 POST, by hand: the test needs no HTTP client crate.
async fn post(addr: SocketAddr, body: &[u8], signature: Option<&str>) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    let mut head = format!(
        "POST {PATH} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    if let Some(signature) = signature {
        head.push_str(&format!("x-voucherify-signature: {signature}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("writes");
    // The server may answer 413 and close before reading all of a large body.
    let _ = stream.write_all(body).await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (
        status,
        serde_json::from_str(body).unwrap_or(Value::String(body.to_string())),
    )
}

async fn post_signed(addr: SocketAddr, body: &[u8]) -> (u16, Value) {
    post(addr, body, Some(&sign(SECRET, body))).await
}

/// A project-settings envelope around `data`.
fn envelope(id: &str, event_type: &str, data: Value) -> Vec<u8> {
    let body = voucherify_contract_tests::envelope(id, event_type, false, data);
    serde_json::to_vec_pretty(&body).expect("serialises")
}

fn docs_examples() -> Vec<PathBuf> {
    json_files(&shared_dir().join("payloads/docs-examples"))
}

#[tokio::test]
async fn accepts_signed_webhooks_and_refuses_the_rest() {
    let (addr, mut deliveries) = start(Config::new(SECRET)).await;

    // A documented event, typed.
    let body = envelope(
        "whs_receiver_1",
        "voucher.published",
        json!({"customer": null}),
    );
    let (status, answer) = post_signed(addr, &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "accepted");
    let first = deliveries.recv().await.expect("a delivery");
    assert_eq!(first.id, "whs_receiver_1");

    // The same delivery again: acknowledged, not processed twice.
    let (status, answer) = post_signed(addr, &body).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("duplicate"))
    );

    // An event type no schema knows: acknowledged and kept raw.
    let body = envelope(
        "whs_receiver_2",
        "campaign.earning_rule.created",
        json!({"rule": {"id": "ern_1"}}),
    );
    let (status, answer) = post_signed(addr, &body).await;
    assert_eq!(
        (status, answer["data"].as_str()),
        (200, Some("unknown event type"))
    );
    let unknown = deliveries.recv().await.expect("a delivery");
    assert!(matches!(unknown.data, Data::Raw(_)));

    // A bad signature, a missing one, a malformed body, an oversized body.
    let body = envelope("whs_receiver_3", "voucher.published", json!({}));
    let (status, _) = post(addr, &body, Some(&sign(b"wrong secret", &body))).await;
    assert_eq!(status, 401);
    let (status, _) = post(addr, &body, None).await;
    assert_eq!(status, 401);
    let (status, answer) = post_signed(addr, b"{\"id\": ").await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error"]
            .as_str()
            .unwrap_or_default()
            .contains("not JSON"),
        "{answer}"
    );
    let (status, _) = post_signed(addr, &vec![b' '; 2 * 1024 * 1024]).await;
    assert_eq!(status, 413);

    // Only the two new deliveries reached the worker.
    assert!(deliveries.try_recv().is_err());
}

#[tokio::test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
async fn every_docs_example_in_a_signed_envelope_is_accepted() {
    let examples = docs_examples();
    assert!(!examples.is_empty(), "no docs examples");
    let (addr, mut deliveries) = start(Config::new(SECRET)).await;
    let mut failures = Vec::new();
    for (i, path) in examples.iter().enumerate() {
        let data: Value =
            serde_json::from_slice(&std::fs::read(path).expect("readable")).expect("JSON");
        let event_type = event_type_of(path);
        let distribution = voucherify_webhooks::EVENT_TYPES
            .iter()
            .any(|(t, c, _)| *t == event_type && *c == voucherify_webhooks::Channel::Distribution);
        let body = voucherify_contract_tests::envelope(
            &format!("whs_docs_{i}"),
            &event_type,
            distribution,
            data,
        );
        let body = serde_json::to_vec(&body).expect("serialises");
        let (status, answer) = post_signed(addr, &body).await;
        if status != 200 {
            failures.push(format!("{}: {status} {answer}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Each one reached the worker once, typed as its event.
    let mut received = 0;
    while let Ok(webhook) = deliveries.try_recv() {
        received += 1;
        assert!(
            matches!(webhook.data, Data::Typed(_)),
            "{}: not typed",
            webhook.event_type()
        );
    }
    assert_eq!(received, examples.len());
}
