//! `voucherify-webhooks check`, run as a user runs it: its three output formats (snapshots) and
//! its exit codes. The payloads are the workspace's fixtures (`tests/fixtures/`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use voucherify_contract_tests::Scratch;

/// Runs the command in `dir`, so that the paths it prints are the relative ones given.
fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_voucherify-webhooks"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the command runs")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A passing file, a failing one, one with several violations, a legacy webhook and one that
/// is not JSON.
const MIXED: &[&str] = &[
    "payloads/redemption.succeeded.json",
    "contract/wrong-type.json",
    "contract/several.json",
    "payloads/legacy-v2018.json",
    "payloads/not-json.json",
];

#[test]
fn json_output() {
    let out = check(&fixtures(), &[&["--format", "json"], MIXED].concat());
    assert_eq!(out.status.code(), Some(2), "not JSON is an I/O-class error");
    let text = stdout(&out);
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("the output is JSON");
    assert_eq!(
        parsed["summary"],
        serde_json::json!({"checked": 4, "passed": 1, "failed": 3, "not_checked": 1})
    );
    insta::assert_snapshot!(text);
}

#[test]
fn junit_output() {
    let out = check(&fixtures(), &[&["--format", "junit"], MIXED].concat());
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn human_output_of_a_folder_ends_with_the_counts() {
    let out = check(&fixtures(), &["contract"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    assert_eq!(text.lines().last(), Some("0 passed, 10 failed"));
    insta::assert_snapshot!(text);
}

#[test]
fn exit_codes() {
    let dir = fixtures();
    let pass = check(&dir, &["payloads/voucher.published.json"]);
    assert_eq!(pass.status.code(), Some(0), "{}", stdout(&pass));
    assert_eq!(stdout(&pass).lines().last(), Some("1 passed, 0 failed"));

    // Drift fails the run only with --strict.
    let drift = "payloads/redemption.succeeded.json";
    assert_eq!(check(&dir, &[drift]).status.code(), Some(0));
    let strict = check(&dir, &["--strict", drift]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stdout(&strict).contains("warning: /data/loyalty_bonus_preview"));

    assert_eq!(
        check(&dir, &["contract/wrong-type.json"]).status.code(),
        Some(1)
    );

    let missing = check(&dir, &["no-such-file.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stdout(&missing).contains("ERROR no-such-file.json: cannot read"));
    // A file that could not be read neither passed nor failed.
    let both = check(
        &dir,
        &["no-such-file.json", "payloads/voucher.published.json"],
    );
    assert_eq!(
        stdout(&both).lines().last(),
        Some("1 passed, 0 failed, 1 not checked")
    );
    let both = check(
        &dir,
        &[
            "--format",
            "json",
            "no-such-file.json",
            "contract/wrong-type.json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&both.stdout).expect("JSON");
    assert_eq!(
        report["summary"],
        serde_json::json!({"checked": 1, "passed": 0, "failed": 1, "not_checked": 1})
    );

    for usage in [
        &["--format", "xml", "payloads"][..],
        &["--event", "no.such.event", "payloads"],
        &[],
    ] {
        let out = check(&dir, usage);
        assert_eq!(out.status.code(), Some(2), "{usage:?}");
        assert!(!out.stderr.is_empty(), "{usage:?}");
    }
}

#[test]
fn bare_data_with_event() {
    let dir = std::env::temp_dir().join(format!("vf-check-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let body: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixtures().join("payloads/redemption.succeeded.json")).expect("fixture"),
    )
    .expect("JSON");
    let mut data = body["data"].clone();
    std::fs::write(dir.join("good.json"), data.to_string()).expect("written");
    data["order"]["amount"] = "12000".into();
    std::fs::write(dir.join("bad.json"), data.to_string()).expect("written");

    let out = check(
        &dir,
        &["--event", "redemption.succeeded", "--format", "json", "."],
    );
    std::fs::remove_dir_all(&dir).expect("removed");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["files"][0]["path"], "./bad.json");
    assert_eq!(
        report["files"][0]["violations"][0]["pointer"],
        "/order/amount"
    );
    assert_eq!(report["files"][1]["ok"], true);
    assert_eq!(report["files"][1]["typed"], "RedemptionEvent");
}

#[test]
fn an_unlisted_enum_value_is_one_violation_with_or_without_strict() {
    for strict in [&[][..], &["--strict"]] {
        let args = [strict, &["--format", "json", "contract/not-in-enum.json"]].concat();
        let out = check(&fixtures(), &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let file = &report["files"][0];
        let at_status = |findings: &serde_json::Value| {
            findings
                .as_array()
                .expect("a list")
                .iter()
                .filter(|f| f["pointer"] == "/data/order/status")
                .map(|f| f["kind"].as_str().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(at_status(&file["violations"]), ["not_in_enum"], "{args:?}");
        assert_eq!(
            at_status(&file["warnings"]),
            Vec::<String>::new(),
            "{args:?}"
        );
    }
}

#[test]
fn control_characters_from_a_payload_are_escaped_in_human_output() {
    let dir = Scratch::new("check-control");
    let mut body: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixtures().join("payloads/redemption.succeeded.json")).expect("fixture"),
    )
    .expect("JSON");
    // Retitles a terminal, rings it, and forges a passing line.
    body["type"] =
        "x\u{1b}]0;owned\u{7}\nPASS  forged.json (redemption.succeeded)\r\u{9b}2J".into();
    body["data"]["customer"]["\u{1b}[2J"] = 1.into();
    std::fs::write(dir.join("evil.json"), body.to_string()).expect("written");
    let out = check(&dir, &["--strict", "evil.json"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for c in text.chars() {
        assert!(!c.is_control() || c == '\n', "{c:?} in {text}");
    }
    assert!(
        text.contains("\\u{1b}]0;owned\\u{7}\\u{a}PASS  forged.json"),
        "{text}"
    );
    assert!(!text.lines().any(|l| l.starts_with("PASS")), "{text}");
}

/// Runs `check`, killing it if it has not ended after a minute: a hang fails the test rather
/// than stalling the suite.
#[cfg(unix)]
fn check_or_kill(dir: &Path, args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_voucherify-webhooks"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the command runs");
    let id = child.id();
    let (done, waited) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match waited.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(output) => output.expect("the command ran"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("check {args:?} hung");
        }
    }
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_large_files_are_skipped_and_named() {
    let dir = Scratch::new("check-special");
    let fifo = dir.join("fifo.json");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.json")).expect("a symlink");
    std::fs::copy(
        fixtures().join("payloads/voucher.published.json"),
        dir.join("good.json"),
    )
    .expect("copied");

    let human = check_or_kill(&dir, &["."]);
    assert_eq!(human.status.code(), Some(2), "a skipped file is not a pass");
    let text = stdout(&human);
    assert!(
        text.contains("SKIP  ./fifo.json: skipped: a FIFO, not a regular file"),
        "{text}"
    );
    assert!(
        text.contains("SKIP  ./zero.json: skipped: a device, not a regular file"),
        "{text}"
    );
    assert!(text.contains("PASS  ./good.json"), "{text}");
    assert_eq!(
        text.lines().last(),
        Some("1 passed, 0 failed, 2 not checked")
    );

    let json = check_or_kill(&dir, &["--format", "json", "."]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let kinds: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["violations"][0]["kind"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(kinds, ["not_a_file", "none", "not_a_file"]);

    let junit = stdout(&check_or_kill(&dir, &["--format", "junit", "."]));
    assert!(junit.contains(r#"errors="0" skipped="2""#), "{junit}");
    assert!(
        junit.contains(r#"<skipped message="not_a_file: skipped: a FIFO, not a regular file"/>"#),
        "{junit}"
    );

    // The size cap: a flag, and a file over it is skipped unread.
    let small = check_or_kill(&dir, &["--max-size", "1K", "good.json"]);
    assert_eq!(small.status.code(), Some(2));
    assert!(
        stdout(&small).contains("SKIP  good.json: skipped: larger than the limit of 1024 bytes"),
        "{}",
        stdout(&small)
    );
    let bad = check_or_kill(&dir, &["--max-size", "lots", "good.json"]);
    assert_eq!(bad.status.code(), Some(2));
}
