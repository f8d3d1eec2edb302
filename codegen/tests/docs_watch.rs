//! `scripts/docs-watch.sh` against Voucherify's documents through `file://` URLs, on a copy of
//! the schemas (the repository is not touched), and the workflow that runs it.
//!
//! The script's `cargo test --workspace` step is skipped here (`DOCS_WATCH_SKIP_TESTS=1`): CI
//! runs those tests anyway, and a test running the whole suite again would be slow.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const SCRIPT: &str = "scripts/docs-watch.sh";

/// A scratch folder holding a copy of the committed schemas.
fn scratch(test: &str) -> PathBuf {
    let dir = common::scratch(&format!("docs-watch-{test}"));
    common::copy_dir(&common::schemas(), &dir.join("schemas"));
    dir
}

/// Runs the script on the document `doc` of the docs folder; its exit code and report.
fn watch(dir: &Path, doc: &str) -> (i32, String) {
    let url = format!("file://{}", common::docs_dir().join(doc).display());
    let output = Command::new("bash")
        .arg(common::workspace().join(SCRIPT))
        .env("DOCS_WATCH_URL", url)
        .env("DOCS_WATCH_SCHEMAS", dir.join("schemas"))
        .env("DOCS_WATCH_GENERATED", dir.join("generated"))
        .env("DOCS_WATCH_DIGEST", dir.join("digest.txt"))
        .env("DOCS_WATCH_REPORT", dir.join("report.md"))
        .env(
            "DOCS_WATCH_CODEGEN",
            env!("CARGO_BIN_EXE_voucherify-codegen"),
        )
        .env("DOCS_WATCH_SKIP_TESTS", "1")
        .output()
        .expect("bash runs");
    let report = fs::read_to_string(dir.join("report.md")).unwrap_or_default();
    let code = output.status.code().unwrap_or(-1);
    if ![0, 3].contains(&code) {
        panic!(
            "the watch failed ({code}):\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    (code, report)
}

#[test]
#[cfg_attr(
    docs_absent,
    ignore = "needs ../shared/voucherify (Voucherify's OpenAPI documents)"
)]
fn todays_docs_change_nothing_and_the_retained_consents_events_stay() {
    let dir = scratch("today");
    let (code, report) = watch(&dir, "OpenAPIWebhooks.json");
    let events = dir.join("schemas/events");
    let kept = ["customer.consents.given", "customer.consents.revoked"]
        .map(|e| events.join(format!("{e}.yaml")).is_file());
    let generated = dir.join("generated/src/types").is_dir();
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("No changes."), "{report}");
    assert_eq!(kept, [true, true]);
    assert!(
        report.contains("kept events/customer.consents.given.yaml")
            && report.contains("OpenAPIWebhooks-2024-08-19.json"),
        "the report names the retained events and their document:\n{report}"
    );
    assert!(generated, "the watch generates the crate");
}

#[test]
#[cfg_attr(
    docs_absent,
    ignore = "needs ../shared/voucherify (Voucherify's OpenAPI documents)"
)]
fn an_older_document_changes_events_and_the_report_names_them() {
    let dir = scratch("older");
    let (code, report) = watch(&dir, "OpenAPIWebhooks-2024-08-19.json");
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(code, 3, "{report}");
    assert!(report.starts_with("### Schema changes"), "{report}");
    assert!(
        report.contains("**Events removed** (12)") && report.contains("`customer.updated`"),
        "{report}"
    );
    assert!(report.contains("DOCS_WATCH_SKIP_TESTS=1"), "{report}");
}

#[test]
fn a_bad_variable_is_a_usage_error_naming_it() {
    let output = Command::new("bash")
        .arg(common::workspace().join(SCRIPT))
        .env("DOCS_WATCH_SKIP_TESTS", "yes")
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("DOCS_WATCH_SKIP_TESTS"), "{stderr}");
}

#[test]
fn the_workflow_runs_the_script_weekly_and_opens_a_pull_request_on_a_change() {
    let file = common::workspace().join(".github/workflows/docs-watch.yml");
    let text = fs::read_to_string(&file).expect("the workflow file");
    let workflow: Value = yaml_serde::from_str(&text).expect("the workflow is YAML");
    let on = &workflow["on"];
    let cron = on["schedule"][0]["cron"].as_str().expect("a schedule");
    assert_eq!(cron.split_whitespace().count(), 5, "{cron}");
    assert!(
        on.get("workflow_dispatch").is_some(),
        "it can be run by hand"
    );
    let steps = workflow["jobs"]["watch"]["steps"]
        .as_array()
        .expect("the job's steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.iter().any(|r| r.contains(SCRIPT)), "names {SCRIPT}");
    assert!(
        runs.iter()
            .any(|r| r.contains("gh pr create") && r.contains("--body-file")),
        "opens a pull request with the report"
    );
    // The codes the workflow acts on are the ones the script documents.
    let script = fs::read_to_string(common::workspace().join(SCRIPT)).unwrap();
    for code in ["#   3  the schemas changed", "#   4  the schemas changed"] {
        assert!(script.contains(code), "{code}");
    }
    assert!(text.contains("steps.watch.outputs.code == '3'"));
}
