//! Starts the receiver on a loopback port and posts to it what Voucherify (and others) might.

mod support;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};
use support::{envelope, post, post_signed, wait_for, Scratch, SECRET};
use tokio::net::TcpListener;
use voucherify_axum_receiver::inbox::Effect;
use voucherify_axum_receiver::{app, worker, Config, ConfigError, Inbox};
use voucherify_contract_tests::{event_type_of, json_files, shared_dir};
use voucherify_webhooks::signature::sign;

/// The receiver in this process, its inbox in a SQLite file in `dir`; the worker only when asked.
async fn start(dir: &Scratch, with_worker: bool) -> (SocketAddr, Inbox) {
    let config = Config::new(SECRET, dir.path().join("inbox.sqlite3"));
    let inbox = Inbox::open(&config.database_url).await.expect("opens");
    let router = app(&config, inbox.clone()).expect("a valid config");
    if with_worker {
        tokio::spawn(worker::run(inbox.clone(), config.worker.clone()));
    }
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("bound");
    tokio::spawn(async move { axum::serve(listener, router).await });
    (addr, inbox)
}

fn docs_examples() -> Vec<PathBuf> {
    json_files(&shared_dir().join("payloads/docs-examples"))
}

#[tokio::test]
async fn accepts_signed_webhooks_and_refuses_the_rest() {
    let dir = Scratch::new("receiver-accepts");
    // No worker: what was stored is what the handler stored.
    let (addr, inbox) = start(&dir, false).await;

    // A documented event, typed.
    let body = envelope(
        "whs_receiver_1",
        "voucher.published",
        json!({"customer": null}),
    );
    let (status, answer) = post_signed(addr, &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "accepted");

    // The same delivery again: acknowledged, not stored twice.
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

    // A bad signature, a missing one, an oversized body: refused.
    let body = envelope("whs_receiver_3", "voucher.published", json!({}));
    let (status, _) = post(addr, &body, Some(&sign(b"wrong secret", &body))).await;
    assert_eq!(status, 401);
    let (status, _) = post(addr, &body, None).await;
    assert_eq!(status, 401);
    let (status, _) = post_signed(addr, &vec![b' '; 2 * 1024 * 1024]).await;
    assert_eq!(status, 413);

    // A signed body that is no webhook (not JSON; a key given twice) is kept as a dead letter
    // under the digest of its bytes, once however often it comes: refusing it would lose it,
    // since a retry never parses. Before, it was answered 400 and stored nowhere.
    let twice = envelope("whs_receiver_4", "voucher.published", json!({}));
    let twice = String::from_utf8(twice).expect("UTF-8").replacen(
        "\"id\":",
        "\"id\": \"whs_other\", \"id\":",
        1,
    );
    let mut dead = Vec::new();
    for body in [&b"{\"id\": "[..], twice.as_bytes(), b"{\"id\": "] {
        let (status, answer) = post_signed(addr, body).await;
        assert_eq!(status, 200, "{answer}");
        let id = answer["id"].as_str().unwrap_or_default().to_string();
        assert!(id.starts_with("unparsed-"), "{answer}");
        dead.push((
            answer["status"].as_str().unwrap_or_default().to_string(),
            id,
        ));
    }
    assert_eq!(dead[0].0, "dead-lettered");
    assert_eq!(dead[1].0, "dead-lettered");
    assert_eq!(dead[2], ("duplicate".to_string(), dead[0].1.clone()));
    assert_ne!(dead[0].1, dead[1].1);

    // The two new deliveries and the two dead letters are in the inbox, each once.
    let stored: Vec<String> = inbox
        .attempts()
        .await
        .expect("the inbox answers")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        stored,
        [
            "whs_receiver_1",
            "whs_receiver_2",
            dead[0].1.as_str(),
            dead[1].1.as_str()
        ]
    );
}

#[tokio::test]
async fn the_worker_processes_each_stored_webhook_once() {
    let dir = Scratch::new("receiver-worker");
    let (addr, inbox) = start(&dir, true).await;
    for (id, event_type) in [
        ("whs_worker_1", "voucher.published"),
        ("whs_worker_2", "campaign.earning_rule.created"),
        ("whs_worker_1", "voucher.published"),
    ] {
        let (status, answer) = post_signed(addr, &envelope(id, event_type, json!({}))).await;
        assert_eq!(status, 200, "{answer}");
    }
    // A signed body that is no webhook is stored and processed as a dead letter.
    let (status, answer) = post_signed(addr, b"{\"id\": ").await;
    assert_eq!(status, 200, "{answer}");
    wait_for(&inbox, "all three processed", |c| c.processed == 3).await;
    let effects = inbox.effects().await.expect("the inbox answers");
    let summary: Vec<(&str, &str)> = effects
        .iter()
        .map(|e| (e.webhook_id.as_str(), e.outcome.as_str()))
        .collect();
    assert_eq!(summary[0], ("whs_worker_1", "handled"));
    assert_eq!(summary[1].0, "whs_worker_2");
    assert!(
        summary[1].1.starts_with("dead-lettered: "),
        "an unknown event type is kept for a person: {summary:?}"
    );
    assert!(summary[2].0.starts_with("unparsed-"), "{summary:?}");
    assert!(
        summary[2]
            .1
            .starts_with("dead-lettered: not JSON at line 1"),
        "{summary:?}"
    );
    assert_eq!(summary.len(), 3);
}

#[tokio::test]
async fn a_row_taken_over_after_its_lease_has_its_effect_once() {
    let dir = Scratch::new("receiver-takeover");
    let (addr, inbox) = start(&dir, false).await;
    let body = envelope(
        "whs_takeover",
        "voucher.published",
        json!({"customer": null}),
    );
    assert_eq!(post_signed(addr, &body).await.0, 200);
    // A worker whose lease runs out at once: slow, stuck, or on a machine that froze.
    let slow = inbox
        .claim(Duration::ZERO)
        .await
        .expect("claims")
        .expect("a row");
    let fast = loop {
        match inbox.claim(Duration::from_secs(60)).await.expect("claims") {
            Some(claimed) => break claimed,
            // The lease ends at the millisecond it was taken; the next one is free.
            None => tokio::time::sleep(Duration::from_millis(1)).await,
        }
    };
    assert_eq!(fast.seq, slow.seq, "the expired row is taken over");
    let effect = Effect {
        webhook_id: "whs_takeover".into(),
        event_type: "voucher.published".into(),
        outcome: "handled".into(),
    };
    assert!(inbox.finish(&fast, &effect).await.expect("finishes"));
    assert!(
        !inbox.finish(&slow, &effect).await.expect("finishes"),
        "the slow worker's finish writes nothing"
    );
    assert_eq!(inbox.effects().await.expect("answers"), [effect]);
}

#[tokio::test]
async fn an_empty_secret_is_refused_at_start() {
    let dir = Scratch::new("receiver-empty-secret");
    let config = Config::new("", dir.path().join("inbox.sqlite3"));
    let inbox = Inbox::open(&config.database_url).await.expect("opens");
    let refused = app(&config, inbox).err();
    assert_eq!(refused, Some(ConfigError::EmptySecret));
    assert!(
        refused.expect("refused").to_string().contains("empty"),
        "the error says what is wrong"
    );
}

#[tokio::test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
async fn every_docs_example_in_a_signed_envelope_is_accepted() {
    let examples = docs_examples();
    assert!(!examples.is_empty(), "no docs examples");
    let dir = Scratch::new("receiver-docs");
    let (addr, inbox) = start(&dir, true).await;
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
    // Each one was processed once, typed as its event.
    let n = examples.len() as i64;
    wait_for(&inbox, "every example processed", |c| c.processed == n).await;
    let effects = inbox.effects().await.expect("the inbox answers");
    assert_eq!(effects.len(), examples.len());
    let untyped: Vec<_> = effects.iter().filter(|e| e.outcome != "handled").collect();
    assert!(untyped.is_empty(), "not typed: {untyped:?}");
}
