//! `voucherify-webhooks sample` and `send`, run as a user runs them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;

use voucherify_webhooks::{signature, Webhook};

fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_voucherify-webhooks"))
}

#[test]
fn sample_prints_a_typed_webhook_of_the_asked_channel() {
    let out = command()
        .args(["sample", "customer.order.paid", "--seed", "4"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let webhook = Webhook::from_slice(&out.stdout).expect("a webhook");
    assert_eq!(webhook.event_type(), "customer.order.paid");
    assert_eq!(
        webhook.channel(),
        voucherify_webhooks::Channel::Distribution
    );
    assert!(webhook.typed().is_some());
    // The same seed gives the same payload.
    let again = command()
        .args(["sample", "customer.order.paid", "--seed", "4"])
        .output()
        .expect("runs");
    assert_eq!(out.stdout, again.stdout);

    let out = command()
        .args([
            "sample",
            "customer.rewarded",
            "--channel",
            "project_settings",
        ])
        .output()
        .expect("runs");
    let webhook = Webhook::from_slice(&out.stdout).expect("a webhook");
    assert_eq!(webhook.r#type, "customer.rewarded");
}

#[test]
fn sample_refuses_what_it_cannot_build() {
    for args in [
        &["sample", "campaign.earning_rule.created"][..],
        &["sample", "voucher.published", "--channel", "sms"],
        &["sample"],
    ] {
        let out = command().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

/// A one-request HTTP server on a loopback port: answers `status` and hands back the request.
fn serve_once(status: &'static str) -> (u16, std::thread::JoinHandle<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let answer =
        format!("HTTP/1.1 {status}\r\ncontent-length: 8\r\nconnection: close\r\n\r\nreceived");
    serve_on(listener, answer.into_bytes())
}

/// Serves one request on `listener` with the raw `answer` (written in pieces, as a slow
/// server would) and hands back the request.
fn serve_on(
    listener: TcpListener,
    answer: Vec<u8>,
) -> (u16, std::thread::JoinHandle<(String, Vec<u8>)>) {
    let port = listener.local_addr().expect("bound").port();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("a connection");
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("a header line");
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().expect("a length");
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("the body");
        let stream = reader.get_mut();
        for piece in answer.chunks(4096) {
            // The client may stop reading (a capped answer): that ends the answer here.
            if stream
                .write_all(piece)
                .and_then(|()| stream.flush())
                .is_err()
            {
                break;
            }
        }
        (head, body)
    });
    (port, handle)
}

#[test]
fn send_posts_a_signed_sample_and_prints_the_answer() {
    let (port, server) = serve_once("200 OK");
    let url = format!("http://127.0.0.1:{port}/webhooks/voucherify");
    let out = command()
        .args([
            "send",
            "voucher.published",
            "--to",
            &url,
            "--secret",
            "s3cret",
            "--seed",
            "2",
        ])
        .output()
        .expect("runs");
    let (head, body) = server.join().expect("served");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "200\nreceived\n");
    assert!(
        head.starts_with("POST /webhooks/voucherify HTTP/1.1\r\n"),
        "{head}"
    );
    let header = head
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{}: ", signature::SIGNATURE_HEADER)))
        .expect("a signature header");
    let webhook = Webhook::receive(b"s3cret", &body, Some(header)).expect("signed and parsed");
    assert_eq!(webhook.event_type(), "voucher.published");
}

#[test]
fn send_sends_a_file_byte_for_byte_and_fails_on_a_refusal() {
    let file = std::env::temp_dir().join(format!("vf-send-{}.json", std::process::id()));
    let text = b"{\n  \"not\": \"an envelope\"\n}\n";
    std::fs::write(&file, text).expect("written");
    let (port, server) = serve_once("400 Bad Request");
    let out = command()
        .args([
            "send",
            "voucher.published",
            "--to",
            &format!("http://127.0.0.1:{port}/"),
            "--secret",
            "k",
        ])
        .arg("--file")
        .arg(&file)
        .output()
        .expect("runs");
    let (_, body) = server.join().expect("served");
    let _ = std::fs::remove_file(&file);
    assert_eq!(body, text);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("400\n"));
}

#[test]
fn send_reports_a_receiver_that_is_not_there() {
    // Bind and drop a port so that nothing listens on it.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("bound")
        .port();
    let out = command()
        .args([
            "send",
            "voucher.published",
            "--to",
            &format!("http://127.0.0.1:{port}/"),
            "--secret",
            "k",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot connect"));
    let out = command()
        .args([
            "send",
            "voucher.published",
            "--to",
            "https://example.com/",
            "--secret",
            "k",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sign_and_verify_a_file() {
    let file = std::env::temp_dir().join(format!("vf-sign-{}.json", std::process::id()));
    std::fs::write(&file, b"{\n  \"a\": 1\n}").expect("written");
    let out = command()
        .args(["sign", "--secret", "secretKey"])
        .arg(&file)
        .output()
        .expect("runs");
    let signature = String::from_utf8_lossy(&out.stdout).trim().to_string();
    // The HMAC of the compact body `{"a":1}`, as Voucherify computes it.
    assert_eq!(
        signature,
        "a17d2ac229d1ebbb5f10e839c7985c4818e5986eab297f7e5979196d4d7d3ed2"
    );
    let verify = |sig: &str| {
        command()
            .args(["verify", "--secret", "secretKey", "--signature", sig])
            .arg(&file)
            .output()
            .expect("runs")
            .status
            .code()
    };
    assert_eq!(verify(&signature), Some(0));
    assert_eq!(verify(&signature.to_uppercase()), Some(0));
    for malformed in ["", "xyz", "abcd", &"0".repeat(64)] {
        assert_eq!(verify(malformed), Some(1), "{malformed:?}");
    }
    let missing = command()
        .args([
            "verify",
            "--secret",
            "k",
            "--signature",
            "00",
            "/nonexistent/body.json",
        ])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_file(&file);
}

#[test]
fn sign_verify_and_send_refuse_an_empty_secret() {
    let file = std::env::temp_dir().join(format!("vf-empty-secret-{}.json", std::process::id()));
    std::fs::write(&file, b"{\"a\":1}").expect("written");
    // The HMAC keyed with nothing, which anyone can compute.
    let forged = signature::sign(b"", b"{\"a\":1}");
    let runs = [
        vec!["sign", "--secret", ""],
        vec!["verify", "--secret", "", "--signature", &forged],
        vec![
            "send",
            "voucher.published",
            "--to",
            "http://127.0.0.1:9/",
            "--secret",
            "",
        ],
    ];
    for args in runs {
        let mut command = command();
        command.args(&args);
        if args[0] != "send" {
            command.arg(&file);
        }
        let out = command.output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--secret is empty"), "{args:?}: {stderr}");
    }
    let _ = std::fs::remove_file(&file);
}

fn send_to(url: &str) -> std::process::Output {
    command()
        .args(["send", "voucher.published", "--to", url, "--secret", "k"])
        .output()
        .expect("runs")
}

#[test]
fn send_prints_a_chunked_answer_that_splits_a_character() {
    // "ok – ✓" with the en dash and the check mark cut across chunks.
    let text = "ok \u{2013} \u{2713}".as_bytes();
    let (a, b) = text.split_at(4);
    let (b, c) = b.split_at(b.len() - 1);
    let mut answer =
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
    for chunk in [a, b, c] {
        answer.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        answer.extend_from_slice(chunk);
        answer.extend_from_slice(b"\r\n");
    }
    answer.extend_from_slice(b"0\r\n\r\n");
    let (port, server) = serve_on(TcpListener::bind("127.0.0.1:0").expect("a port"), answer);
    let out = send_to(&format!("http://127.0.0.1:{port}/"));
    server.join().expect("served");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "200\nok \u{2013} \u{2713}\n"
    );
}

#[test]
fn send_reads_no_more_than_its_limit_of_an_answer() {
    // 64 MiB announced and sent: the command stops at its limit and says so.
    let size = 64 * 1024 * 1024;
    let mut answer =
        format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\nconnection: close\r\n\r\n")
            .into_bytes();
    answer.resize(answer.len() + size, b'x');
    let (port, server) = serve_on(TcpListener::bind("127.0.0.1:0").expect("a port"), answer);
    let out = send_to(&format!("http://127.0.0.1:{port}/"));
    server.join().expect("served");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("more than 1048576 bytes"), "{stderr}");
}

#[test]
fn send_reaches_an_ipv6_loopback_receiver() {
    let Ok(listener) = TcpListener::bind("[::1]:0") else {
        eprintln!("skipped: this machine has no IPv6 loopback");
        return;
    };
    let (port, server) = serve_on(
        listener,
        b"HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_vec(),
    );
    let out = send_to(&format!("http://[::1]:{port}/webhooks"));
    let (head, _) = server.join().expect("served");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "202\n");
    assert!(head.starts_with("POST /webhooks HTTP/1.1\r\n"), "{head}");
}
