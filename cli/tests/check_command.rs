//! `voucherify-webhooks check`, run as a user runs it: its three output formats (snapshots) and
//! its exit codes. The payloads are the workspace's fixtures (`tests/fixtures/`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
        serde_json::json!({"checked": 5, "passed": 1, "failed": 4})
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
    assert_eq!(report["files"][1]["typed"], "RedemptionSucceeded");
}
