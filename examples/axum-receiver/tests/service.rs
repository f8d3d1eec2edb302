//! The receiver binary run as a service: killed without warning in the middle of its work and
//! started again (on SQLite, and on Postgres where the machine has a server), refusing to start
//! with an empty secret, and logging what it refuses without the body or the secret.

mod support;

use std::collections::BTreeMap;

use serde_json::json;
use support::postgres::{postgres_binaries, Postgres};
use support::process::{run_to_exit, start, ReceiverProcess};
use support::{envelope, post, post_signed, try_post, wait_for, Scratch, SECRET};
use voucherify_axum_receiver::{sqlite_url, Inbox};
use voucherify_webhooks::signature::sign;

/// How many rows the first instance processes before it hangs with the next one claimed.
const DONE_BEFORE_CRASH: usize = 3;
/// The batch answered before the crash.
const BATCH: usize = 12;
/// The lease the first instance's hung worker holds: how long its row waits after the crash.
/// The restarted instances keep the default (a minute), so nothing they claim is claimed twice.
const CRASHED_LEASE_MS: &str = "1000";

fn secret() -> &'static str {
    std::str::from_utf8(SECRET).expect("a UTF-8 secret")
}

fn vars<'a>(database_url: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut vars = vec![
        ("VOUCHERIFY_WEBHOOK_SECRET", secret()),
        ("DATABASE_URL", database_url),
        ("VOUCHERIFY_WORKER_POLL_MS", "50"),
    ];
    vars.extend_from_slice(extra);
    vars
}

/// The `i`th webhook of the test: mostly typed events, every fifth one of a type no schema knows
/// (stored and dead-lettered all the same).
fn delivery(i: usize) -> (String, Vec<u8>) {
    let id = format!("whs_crash_{i:03}");
    let body = if i % 5 == 4 {
        envelope(
            &id,
            "campaign.earning_rule.created",
            json!({"rule": {"id": format!("ern_{i}")}}),
        )
    } else {
        envelope(&id, "voucher.published", json!({"customer": null}))
    };
    (id, body)
}

/// Kill after the answer, before the worker finished; restart as two instances; redeliver.
async fn loses_nothing_across_a_crash(database_url: &str) {
    // 1. One instance whose worker hangs, holding a claimed row, after a few rows.
    let hang_after = DONE_BEFORE_CRASH.to_string();
    let mut first = start(&vars(
        database_url,
        &[
            ("VOUCHERIFY_WORKER_HANG_AFTER", &hang_after),
            ("VOUCHERIFY_WORKER_LEASE_MS", CRASHED_LEASE_MS),
        ],
    ));
    let batch: Vec<_> = (0..BATCH).map(delivery).collect();
    for (id, body) in &batch {
        let (status, answer) = post_signed(first.addr, body).await;
        assert_eq!(
            (status, answer["status"].as_str()),
            (200, Some("accepted")),
            "{id}: {answer}"
        );
    }
    let hung = first
        .wait_for_line(|line| line.starts_with("worker: hanging with "))
        .unwrap_or_else(|| panic!("the worker did not hang:\n{}", first.log()));
    let hung_id = hung["worker: hanging with ".len()..]
        .split(' ')
        .next()
        .expect("an id")
        .to_string();

    // 2. Every delivery was answered 200; now the process dies with work left.
    first.kill();
    let inbox = Inbox::open(database_url).await.expect("the inbox opens");
    let counts = inbox.counts().await.expect("the inbox answers");
    assert_eq!(
        counts.stored, BATCH as i64,
        "every answered delivery is stored"
    );
    assert_eq!(
        counts.processed, DONE_BEFORE_CRASH as i64,
        "the worker had not finished when it was killed"
    );

    // 3. While it is down a redelivery finds nobody: Voucherify retries it later.
    assert!(
        try_post(first.addr, &batch[0].1, Some(&sign(SECRET, &batch[0].1)))
            .await
            .is_err(),
        "nothing listens while the receiver is down"
    );

    // 4. Back as two instances on the same inbox; every delivery of the batch comes again.
    let a = start(&vars(database_url, &[]));
    let b = start(&vars(database_url, &[]));
    let instances: [&ReceiverProcess; 2] = [&a, &b];
    for (i, (id, body)) in batch.iter().enumerate() {
        let (status, answer) = post_signed(instances[i % 2].addr, body).await;
        assert_eq!(
            (status, answer["status"].as_str()),
            (200, Some("duplicate")),
            "{id} again: {answer}"
        );
    }

    // 5. New deliveries, each sent to both instances at once: one stores it, the other says
    //    it is a duplicate.
    let fresh: Vec<_> = (BATCH..BATCH + 4).map(delivery).collect();
    for (id, body) in &fresh {
        let (to_a, to_b) = tokio::join!(post_signed(a.addr, body), post_signed(b.addr, body));
        let mut statuses = [to_a.1["status"].as_str(), to_b.1["status"].as_str()];
        statuses.sort();
        assert_eq!(
            (to_a.0, to_b.0, statuses),
            (200, 200, [Some("accepted"), Some("duplicate")]),
            "{id}: {} / {}",
            to_a.1,
            to_b.1
        );
    }

    // 6. Every accepted webhook is processed, the hung one included, each exactly once.
    let total = (BATCH + fresh.len()) as i64;
    wait_for(&inbox, "every row processed", |c| c.processed == total).await;
    // Redeliveries after processing are still no-ops.
    for (_, body) in batch.iter().chain(&fresh) {
        let (status, answer) = post_signed(b.addr, body).await;
        assert_eq!(
            (status, answer["status"].as_str()),
            (200, Some("duplicate"))
        );
    }
    let effects = inbox.effects().await.expect("the inbox answers");
    let mut times: BTreeMap<&str, usize> = BTreeMap::new();
    for effect in &effects {
        *times.entry(effect.webhook_id.as_str()).or_default() += 1;
    }
    let expected: BTreeMap<&str, usize> = batch
        .iter()
        .chain(&fresh)
        .map(|(id, _)| (id.as_str(), 1))
        .collect();
    assert_eq!(
        times, expected,
        "each accepted webhook has exactly one effect"
    );
    for effect in &effects {
        let unknown = effect.event_type == "campaign.earning_rule.created";
        assert_eq!(
            effect.outcome.starts_with("dead-lettered"),
            unknown,
            "{effect:?}"
        );
    }
    let attempts: BTreeMap<String, i64> = inbox
        .attempts()
        .await
        .expect("the inbox answers")
        .into_iter()
        .collect();
    assert_eq!(
        attempts.get(&hung_id),
        Some(&2),
        "the row the crashed worker held was claimed again: {attempts:?}"
    );
    inbox.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_inbox_loses_nothing_when_the_receiver_is_killed() {
    let dir = Scratch::new("receiver-crash-sqlite");
    loses_nothing_across_a_crash(&sqlite_url(&dir.path().join("inbox.sqlite3"))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    no_postgres_server,
    ignore = "skipped: no PostgreSQL server (initdb, postgres) on PATH or in /usr/lib/postgresql when this was built"
)]
async fn postgres_inbox_loses_nothing_when_the_receiver_is_killed() {
    let Some(bin) = postgres_binaries() else {
        eprintln!("SKIPPED: no PostgreSQL server (initdb, postgres) on this machine");
        return;
    };
    let server = Postgres::start(&bin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is installed but would not start: {e}"));
    loses_nothing_across_a_crash(&server.url).await;
}

#[test]
fn an_empty_secret_stops_the_receiver_at_start() {
    let dir = Scratch::new("receiver-empty-secret-start");
    let inbox = dir.path().join("inbox.sqlite3");
    let inbox = inbox.to_str().expect("a UTF-8 path");
    let (status, log) = run_to_exit(&[
        ("VOUCHERIFY_WEBHOOK_SECRET", ""),
        ("VOUCHERIFY_INBOX_PATH", inbox),
    ]);
    assert_eq!(status.code(), Some(2), "{log}");
    assert!(log.contains("the webhook secret is empty"), "{log}");
    assert!(!log.contains("listening"), "{log}");
}

#[tokio::test]
async fn refused_requests_are_logged_with_the_reason_and_without_the_body() {
    let dir = Scratch::new("receiver-refusal-log");
    let inbox = dir.path().join("inbox.sqlite3");
    let mut receiver = start(&[
        ("VOUCHERIFY_WEBHOOK_SECRET", secret()),
        (
            "VOUCHERIFY_INBOX_PATH",
            inbox.to_str().expect("a UTF-8 path"),
        ),
    ]);
    let addr = receiver.addr;
    const MARKER: &str = "BODY-MARKER-4242";
    let signed_elsewhere = envelope(MARKER, "voucher.published", json!({"note": MARKER}));
    let wrong = sign(b"another secret", &signed_elsewhere);
    assert_eq!(post(addr, &signed_elsewhere, Some(&wrong)).await.0, 401);
    assert_eq!(post(addr, &signed_elsewhere, None).await.0, 401);
    // Signed bodies that are no webhook are kept as dead letters, logged with the reason.
    let not_json = format!("{{\"id\": \"{MARKER}\", ");
    assert_eq!(post_signed(addr, not_json.as_bytes()).await.0, 200);
    // An envelope whose `id` is a number: the parse error's own message quotes the value.
    let no_envelope = format!("{{\"id\": 4242, \"object\": \"event\", \"type\": \"{MARKER}\"}}");
    let (status, answer) = post_signed(addr, no_envelope.as_bytes()).await;
    assert_eq!(status, 200, "{answer}");
    let huge = MARKER.repeat(1 + 2 * 1024 * 1024 / MARKER.len());
    assert_eq!(post_signed(addr, huge.as_bytes()).await.0, 413);

    for _ in 0..5 {
        receiver
            .wait_for_line(|line| {
                line.starts_with("refused ") || line.starts_with("dead-lettered ")
            })
            .unwrap_or_else(|| panic!("a refusal was not logged:\n{}", receiver.log()));
    }
    receiver.kill();
    let log = receiver.log();
    let refusals: Vec<&str> = log.lines().filter(|l| l.starts_with("refused ")).collect();
    assert_eq!(refusals.len(), 3, "{log}");
    assert!(refusals[0].starts_with("refused 401: "), "{log}");
    assert!(refusals[0].contains("does not match"), "{log}");
    assert!(refusals[1].starts_with("refused 401: "), "{log}");
    assert!(refusals[1].contains("x-voucherify-signature"), "{log}");
    assert!(refusals[2].starts_with("refused 413: "), "{log}");
    assert!(refusals[2].contains("length limit"), "{log}");
    let dead: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("dead-lettered "))
        .collect();
    assert_eq!(dead.len(), 2, "{log}");
    assert!(dead[0].contains("not JSON"), "{log}");
    assert!(dead[1].contains("envelope"), "{log}");
    // Every line but the one with the port it listens on.
    let said: Vec<&str> = log
        .lines()
        .filter(|l| !l.starts_with("listening"))
        .collect();
    let said = said.join("\n");
    assert!(
        !said.contains(MARKER),
        "the log holds part of a body:\n{log}"
    );
    assert!(
        !said.contains("4242"),
        "the log quotes a body's value:\n{log}"
    );
    assert!(!said.contains(secret()), "the log holds the secret:\n{log}");
}
