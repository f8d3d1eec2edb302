//! `voucherify-webhooks listen`, end to end over loopback: the command runs as a child process
//! on a free port, deliveries are posted to it (by `send`, or by hand where a request must be
//! malformed), and the files it writes are compared with the bytes sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

use voucherify_contract_tests::{envelope, event_type_of, json_files, Scratch, UNTYPED_FIXTURES};
use voucherify_webhooks::{signature, Channel, Webhook, EVENT_TYPES};

const SECRET: &str = "listen-test-secret";

fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_voucherify-webhooks"))
}

/// `listen` running as a child process; killed when dropped.
struct Listener {
    child: Child,
    stdout: BufReader<ChildStdout>,
    addr: String,
}

impl Listener {
    fn start(out: &Path, extra: &[&str]) -> Listener {
        let mut child = command()
            .args([
                "listen",
                "--secret",
                SECRET,
                "--addr",
                "127.0.0.1:0",
                "--out",
            ])
            .arg(out)
            .args(extra)
            .stdout(Stdio::piped())
            .spawn()
            .expect("listen starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("its stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("the first line");
        // `listening on 127.0.0.1:PORT, saving ...`
        let addr = first
            .strip_prefix("listening on ")
            .and_then(|rest| rest.split(',').next())
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .to_string();
        Listener {
            child,
            stdout,
            addr,
        }
    }

    /// The next line the command prints: the one of the last delivery.
    fn line(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("a line");
        line
    }

    fn url(&self) -> String {
        format!("http://{}/webhooks/voucherify", self.addr)
    }

    /// Posts `body` with `signature`, by hand; the answer's status and its log line.
    fn post(&mut self, body: &[u8], signature: Option<&str>) -> (u16, String) {
        let mut request = format!(
            "POST /webhooks/voucherify HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            self.addr,
            body.len()
        )
        .into_bytes();
        if let Some(signature) = signature {
            request
                .extend_from_slice(format!("x-voucherify-signature: {signature}\r\n").as_bytes());
        }
        request.extend_from_slice(b"\r\n");
        request.extend_from_slice(body);
        self.raw(&request)
    }

    /// Sends `request` as it is; the answer's status and the log line.
    fn raw(&mut self, request: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        stream.write_all(request).expect("sends");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("an answer");
        let answer = String::from_utf8_lossy(&answer);
        let status = answer
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
        (status, self.line())
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every file below `dir`, sorted.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(files_below(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn check(paths: &[PathBuf]) -> std::process::Output {
    command()
        .arg("check")
        .args(paths)
        .output()
        .expect("check runs")
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn every_docs_example_sent_is_saved_byte_for_byte_and_passes_check() {
    let scratch = Scratch::new("listen-docs");
    let out = scratch.join("out");
    let mut listener = Listener::start(&out, &[]);
    let examples =
        json_files(&voucherify_contract_tests::shared_dir().join("payloads/docs-examples"));
    assert!(examples.len() >= 72, "{} docs examples", examples.len());
    for (i, example) in examples.iter().enumerate() {
        let event_type = event_type_of(example);
        let data = serde_json::from_slice(&std::fs::read(example).expect("readable"))
            .expect("an example is JSON");
        let distribution = EVENT_TYPES
            .iter()
            .any(|(t, c, _)| *t == event_type && *c == Channel::Distribution);
        let id = format!("whs_docs_{i}");
        let body = envelope(&id, &event_type, distribution, data).to_vec();
        let file = scratch.join(format!("{id}.json"));
        std::fs::write(&file, &body).expect("written");
        let sent = command()
            .args([
                "send",
                &event_type,
                "--to",
                &listener.url(),
                "--secret",
                SECRET,
                "--file",
            ])
            .arg(&file)
            .output()
            .expect("send runs");
        assert!(
            sent.status.success(),
            "{}: {}",
            example.display(),
            String::from_utf8_lossy(&sent.stdout)
        );
        let line = listener.line();
        assert!(
            line.contains(&format!(" {id} {event_type} 200 typed, saved ")),
            "{}: {line}",
            example.display()
        );
        let saved = out.join(&event_type).join(format!("{id}.json"));
        assert_eq!(
            std::fs::read(&saved).expect("saved"),
            body,
            "{}",
            example.display()
        );
    }
    assert_eq!(files_below(&out).len(), examples.len());
    let checked = check(&[out]);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
}

#[test]
fn fixtures_are_saved_once_and_refusals_write_nothing() {
    let scratch = Scratch::new("listen-fixtures");
    let out = scratch.join("out");
    let mut listener = Listener::start(&out, &[]);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/payloads");
    let mut saved = Vec::new();
    for path in json_files(&fixtures) {
        let body = std::fs::read(&path).expect("readable");
        let header = signature::sign(SECRET.as_bytes(), &body);
        let (status, line) = listener.post(&body, Some(&header));
        match Webhook::from_slice(&body) {
            Ok(webhook) => {
                assert_eq!(status, 200, "{}: {line}", path.display());
                let file = out
                    .join(webhook.event_type())
                    .join(format!("{}.json", webhook.id));
                if line.contains(" saved ") {
                    assert_eq!(
                        std::fs::read(&file).expect("saved"),
                        body,
                        "{}",
                        path.display()
                    );
                    let name = path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or_default();
                    if !UNTYPED_FIXTURES.contains(&name) {
                        assert!(line.contains(" 200 typed, "), "{line}");
                        saved.push(file);
                    } else {
                        assert!(line.contains(" 200 raw ("), "{line}");
                    }
                } else {
                    // Two fixtures of one id and event type: the first one stays.
                    assert!(
                        line.contains(" duplicate of "),
                        "{}: {line}",
                        path.display()
                    );
                }
            }
            Err(_) => assert_eq!(status, 400, "{}: {line}", path.display()),
        }
    }
    assert!(saved.len() >= 5, "{saved:?}");
    let checked = check(&saved);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );

    // A duplicate: the same id again, other bytes; answered 200, not written again.
    let first = std::fs::read(&saved[0]).expect("saved");
    let mut again = first.clone();
    again.extend_from_slice(b"\n");
    let (status, line) = listener.post(&again, Some(&signature::sign(SECRET.as_bytes(), &again)));
    assert_eq!(status, 200, "{line}");
    assert!(line.contains(" duplicate of "), "{line}");
    assert_eq!(std::fs::read(&saved[0]).expect("saved"), first);

    // Refusals: nothing is written.
    let before = files_below(&out);
    let body = envelope(
        "whs_unsigned",
        "voucher.published",
        false,
        serde_json::json!({}),
    )
    .to_vec();
    let forged = signature::sign(b"another secret", &body);
    for signature in [Some(forged.as_str()), None, Some("not hex")] {
        let (status, line) = listener.post(&body, signature);
        assert_eq!(status, 401, "{signature:?}: {line}");
    }
    let (status, _) = listener
        .raw(b"POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n3\r\n{}\n\r\n0\r\n\r\n");
    assert_eq!(status, 411);
    let (status, _) = listener.raw(b"POST / HTTP/1.1\r\nhost: x\r\n\r\n");
    assert_eq!(status, 411);
    let (status, _) = listener.raw(b"GET / HTTP/1.1\r\ncontent-length: 0\r\n\r\n");
    assert_eq!(status, 405);
    assert_eq!(files_below(&out), before);
}

#[test]
fn a_hostile_id_and_event_type_stay_inside_the_folder() {
    let scratch = Scratch::new("listen-hostile");
    let out = scratch.join("a/b/out");
    let mut listener = Listener::start(&out, &[]);
    let hostile = [
        ("../../escaped", "../../escaped"),
        ("/tmp/absolute", "..\\..\\windows"),
        ("nul\u{0}byte\nline\u{1b}[31m", "."),
        ("..", ""),
        (&"x".repeat(5000), "a/b/c"),
    ];
    let mut bodies = Vec::new();
    for (i, (event_type, id)) in hostile.iter().enumerate() {
        let mut value = envelope(id, event_type, false, serde_json::json!({"n": i})).to_value();
        value["id"] = serde_json::Value::String(id.to_string());
        let body = serde_json::to_vec(&value).expect("serialises");
        let (status, line) = listener.post(&body, Some(&signature::sign(SECRET.as_bytes(), &body)));
        assert_eq!(status, 200, "{event_type:?} {id:?}: {line}");
        assert!(line.contains(" saved "), "{line}");
        assert_eq!(line.lines().count(), 1, "one line: {line:?}");
        bodies.push(body);
    }
    // Every delivery is one file, two levels below `out`, and nothing is outside it.
    let mut files = files_below(&out);
    assert_eq!(files.len(), hostile.len(), "{files:?}");
    for file in &files {
        let inside = file.strip_prefix(&out).expect("below out");
        assert_eq!(inside.components().count(), 2, "{}", file.display());
    }
    let mut contents: Vec<Vec<u8>> = files
        .drain(..)
        .map(|f| std::fs::read(f).expect("read"))
        .collect();
    contents.sort();
    bodies.sort();
    assert_eq!(contents, bodies);
    assert_eq!(
        files_below(&scratch).len(),
        hostile.len(),
        "nothing outside out"
    );
}

#[test]
fn a_body_over_the_limit_is_refused_with_413_and_an_empty_secret_is_refused() {
    let scratch = Scratch::new("listen-limit");
    let out = scratch.join("out");
    let mut listener = Listener::start(&out, &["--max-body", "1K"]);
    let body = envelope(
        "whs_large",
        "voucher.published",
        false,
        serde_json::json!({"pad": "x".repeat(2000)}),
    )
    .to_vec();
    let (status, line) = listener.post(&body, Some(&signature::sign(SECRET.as_bytes(), &body)));
    assert_eq!(status, 413, "{line}");
    assert!(files_below(&out).is_empty());

    let refused = command()
        .args(["listen", "--secret", "", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--secret is empty"));
}

#[test]
fn forward_posts_the_same_bytes_and_signature_and_a_failed_forward_changes_nothing() {
    let scratch = Scratch::new("listen-forward");
    // The user's own service: a second `listen` with the same secret.
    let service_out = scratch.join("service");
    let mut service = Listener::start(&service_out, &[]);
    let out = scratch.join("out");
    let mut listener = Listener::start(&out, &["--forward", &service.url()]);
    let body = envelope(
        "whs_forwarded",
        "voucher.published",
        false,
        serde_json::json!({}),
    )
    .to_vec();
    let (status, line) = listener.post(&body, Some(&signature::sign(SECRET.as_bytes(), &body)));
    assert_eq!(status, 200, "{line}");
    assert!(line.contains("forwarded: 200"), "{line}");
    let service_line = service.line();
    assert!(
        service_line.contains(" whs_forwarded voucher.published 200 "),
        "{service_line}"
    );
    let stored = out.join("voucher.published/whs_forwarded.json");
    let passed = service_out.join("voucher.published/whs_forwarded.json");
    assert_eq!(std::fs::read(stored).expect("saved"), body);
    assert_eq!(std::fs::read(passed).expect("forwarded"), body);

    // The service gone: the delivery is saved and acknowledged all the same.
    drop(service);
    let body = envelope(
        "whs_unforwarded",
        "voucher.published",
        false,
        serde_json::json!({}),
    )
    .to_vec();
    let (status, line) = listener.post(&body, Some(&signature::sign(SECRET.as_bytes(), &body)));
    assert_eq!(status, 200, "{line}");
    assert!(line.contains("forward failed: "), "{line}");
    assert_eq!(
        std::fs::read(out.join("voucher.published/whs_unforwarded.json")).expect("saved"),
        body
    );
}
