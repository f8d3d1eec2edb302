//! `voucherify-webhooks parse`, run as a user runs it.

use std::path::Path;
use std::process::{Command, Output};

use voucherify_contract_tests::Scratch;

fn parse(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_voucherify-webhooks"))
        .arg("parse")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the command runs")
}

/// A payload whose text is not what `--emit` writes (compact, not pretty-printed).
fn payload() -> Vec<u8> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/payloads/voucher.published.json");
    let value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture).expect("fixture")).expect("JSON");
    serde_json::to_vec(&value).expect("serialises")
}

#[test]
fn emit_refuses_two_inputs_of_one_name() {
    let dir = Scratch::new("parse-same-name");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.join(sub)).expect("a folder");
        std::fs::write(dir.join(sub).join("hook.json"), payload()).expect("written");
    }
    let out = parse(&dir, &["--emit", "out", "a/hook.json", "b/hook.json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a/hook.json and b/hook.json would both be written to out/hook.json"),
        "{stderr}"
    );
    assert!(!dir.join("out/hook.json").exists(), "nothing written");

    let apart = parse(&dir, &["--emit", "out", "a/hook.json"]);
    assert_eq!(
        apart.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&apart.stdout)
    );
    assert!(dir.join("out/hook.json").exists());
}

#[test]
fn emit_refuses_to_overwrite_an_input() {
    let dir = Scratch::new("parse-in-place");
    std::fs::write(dir.join("hook.json"), payload()).expect("written");
    for (emit, input) in [
        (".", "hook.json"),
        ("./", "./hook.json"),
        ("..", "../hook.json"),
    ] {
        let cwd = match emit {
            ".." => {
                std::fs::create_dir_all(dir.join("sub")).expect("a folder");
                dir.join("sub")
            }
            _ => dir.to_path_buf(),
        };
        let out = parse(&cwd, &["--emit", emit, input]);
        assert_eq!(out.status.code(), Some(2), "--emit {emit} {input}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("would overwrite the input"), "{stderr}");
        assert_eq!(
            std::fs::read(dir.join("hook.json")).expect("still there"),
            payload(),
            "the input is unchanged"
        );
    }
}

#[test]
fn a_number_the_parse_changes_is_no_round_trip() {
    let dir = Scratch::new("parse-numbers");
    let text = String::from_utf8(payload()).expect("UTF-8");
    let body = text.replacen(r#""tier":"gold""#, r#""tier":"gold","tiny":1e-400"#, 1);
    assert_ne!(body, text);
    std::fs::write(dir.join("hook.json"), &body).expect("written");
    let out = parse(&dir, &["hook.json"]);
    assert_eq!(out.status.code(), Some(1));
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(line["round_trip"], false);
    assert_eq!(line["error"]["pointer"], "/data/customer/metadata/tiny");
}
