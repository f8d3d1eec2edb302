//! What every subcommand owes a user: its own `--help`, "did you mean" for a misspelt event
//! type, and a quiet end when the reader of its output goes away (`| head`).

use std::process::{Command, Stdio};

const COMMANDS: &[&str] = &["parse", "check", "sign", "verify", "sample", "send"];

fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_voucherify-webhooks"))
}

#[test]
fn every_subcommand_answers_help_with_its_own_usage() {
    for name in COMMANDS {
        for flag in ["--help", "-h"] {
            let out = command().args([name, flag]).output().expect("runs");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{name} {flag}: {:?}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                stdout.starts_with(&format!("usage: voucherify-webhooks {name} ")),
                "{name} {flag}: {stdout}"
            );
            // Its own usage only, not every command's.
            let others = COMMANDS.iter().filter(|other| *other != name);
            for other in others {
                assert!(
                    !stdout.contains(&format!("voucherify-webhooks {other} ")),
                    "{name} {flag} shows {other}: {stdout}"
                );
            }
        }
    }
    // After `--`, `--help` is a file name.
    let out = command()
        .args(["sign", "--secret", "s", "--", "--help"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Every place the command takes an event type answers a typo with the closest one, not with
/// the list of every event type.
#[test]
fn a_misspelt_event_type_gets_did_you_mean_not_the_list() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/payloads/redemption.succeeded.json"
    );
    let usage_errors: &[&[&str]] = &[
        &["sample", "voucher.publised"],
        &[
            "send",
            "voucher.publised",
            "--to",
            "http://127.0.0.1:9/",
            "--secret",
            "s",
        ],
        &["check", "--event", "voucher.publised", file],
    ];
    for args in usage_errors {
        let out = command().args(*args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("did you mean `voucher.published`?"),
            "{args:?}: {stderr}"
        );
        assert!(
            !stderr.contains("redemption.succeeded"),
            "{args:?}: {stderr}"
        );
    }
    // `parse` reports each file on its own JSON line (the data is kept raw, as the library
    // keeps an unknown event type), so the suggestion is in that line's error.
    let out = command()
        .args(["parse", "--event", "voucher.publised", file])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(
        line["error"]["message"],
        "no schema for the event type `voucher.publised`; did you mean `voucher.published`?"
    );
}

/// Runs the command with its standard output closed by its reader at once (before most of
/// it is written), and returns its exit code and standard error.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("ends");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_every_subcommand_quietly() {
    let dir = std::env::temp_dir().join(format!("vw-closed-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("redemption.succeeded.json");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/payloads/redemption.succeeded.json"
        ),
        &file,
    )
    .unwrap();
    let file = file.to_str().unwrap();
    // Many files, so that the output is larger than a pipe's buffer.
    let many: Vec<&str> = std::iter::repeat_n(file, 2000).collect();
    let mut parse = vec!["parse"];
    parse.extend(&many);
    let mut check = vec!["check"];
    check.extend(&many);
    let signature = {
        let out = command()
            .args(["sign", "--secret", "s", file])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let runs: Vec<Vec<&str>> = vec![
        parse,
        check,
        vec!["sample", "voucher.published"],
        vec!["sign", "--secret", "s", file],
        vec!["verify", "--secret", "s", "--signature", &signature, file],
        vec!["--help"],
        vec!["sample", "--help"],
    ];
    for args in runs {
        let (_, stderr) = with_closed_stdout(&args);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", args[0]);
        assert!(!stderr.contains("Broken pipe"), "{}: {stderr}", args[0]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
