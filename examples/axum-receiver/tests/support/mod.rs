//! What the receiver's tests share: a hand-written HTTP POST, signed envelopes, temp folders,
//! and waiting for the worker.
#![allow(dead_code)] // each test file uses its own part

pub mod postgres;
pub mod process;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use voucherify_axum_receiver::inbox::Counts;
use voucherify_axum_receiver::{Inbox, PATH};
pub use voucherify_contract_tests::Scratch;
use voucherify_webhooks::signature::sign;

pub const SECRET: &[u8] = b"receiver-test-secret";

/// One HTTP/1.1 POST, by hand: the tests need no HTTP client crate. `Err` when nothing listens.
pub async fn try_post(
    addr: SocketAddr,
    body: &[u8],
    signature: Option<&str>,
) -> std::io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut head = format!(
        "POST {PATH} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    if let Some(signature) = signature {
        head.push_str(&format!("x-voucherify-signature: {signature}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
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
    Ok((
        status,
        serde_json::from_str(body).unwrap_or(Value::String(body.to_string())),
    ))
}

pub async fn post(addr: SocketAddr, body: &[u8], signature: Option<&str>) -> (u16, Value) {
    try_post(addr, body, signature)
        .await
        .unwrap_or_else(|e| panic!("cannot post to {addr}: {e}"))
}

pub async fn post_signed(addr: SocketAddr, body: &[u8]) -> (u16, Value) {
    post(addr, body, Some(&sign(SECRET, body))).await
}

/// A project-settings envelope around `data`.
pub fn envelope(id: &str, event_type: &str, data: Value) -> Vec<u8> {
    let body = voucherify_contract_tests::envelope(id, event_type, false, data);
    serde_json::to_vec_pretty(&body).expect("serialises")
}

/// Waits until `done` holds for the inbox's counts. The bound only turns a stuck worker into a
/// failure instead of a hung test; nothing is asserted about how long it took.
pub async fn wait_for(inbox: &Inbox, what: &str, done: impl Fn(Counts) -> bool) -> Counts {
    let give_up = Instant::now() + Duration::from_secs(120);
    loop {
        let counts = inbox.counts().await.expect("the inbox answers");
        if done(counts) {
            return counts;
        }
        assert!(
            Instant::now() < give_up,
            "gave up waiting for {what}: {counts:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
