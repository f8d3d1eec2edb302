//! What every subcommand of `voucherify-codegen` owes a user: its own `--help`, and a quiet end
//! when the reader of its output goes away (`voucherify-codegen diff OLD NEW | head -1`).

use std::process::{Command, Stdio};

const COMMANDS: &[&str] = &["events", "import", "generate", "learn", "diff"];

#[test]
fn every_subcommand_answers_help_with_its_own_usage() {
    for name in COMMANDS {
        for flag in ["--help", "-h"] {
            let out = Command::new(env!("CARGO_BIN_EXE_voucherify-codegen"))
                .args([name, flag])
                .output()
                .expect("runs");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{name} {flag}: {:?}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                stdout.starts_with(&format!("usage: voucherify-codegen {name}")),
                "{name} {flag}: {stdout}"
            );
            for other in COMMANDS.iter().filter(|other| *other != name) {
                assert!(
                    !stdout.contains(&format!("\n  {other} ")),
                    "{name} {flag} shows {other}: {stdout}"
                );
            }
        }
    }
}

/// Runs the command with its standard output closed by its reader at once, before it writes
/// (it loads schema folders first), and returns its exit code and standard error.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_voucherify-codegen"))
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

/// A reader that stops listening is no error: the command ends quietly with the status of its
/// work (0 here), not with a panic (101) or `Broken pipe` on stderr. Rust ignores SIGPIPE, so
/// without the one writer every `print!` after the reader left panicked.
#[test]
fn a_closed_pipe_ends_every_printing_subcommand_quietly() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let schemas = format!("{root}/schemas");
    // Two unrelated schema sets: a long report (every event added or removed).
    let fixture = format!("{root}/codegen/tests/fixtures/generate/families");
    let runs: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["diff", "--help"],
        vec!["events", "--schemas", &schemas],
        vec!["diff", &fixture, &schemas],
        vec!["diff", &fixture, &schemas, "--format", "json"],
    ];
    for args in runs {
        let (code, stderr) = with_closed_stdout(&args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
}
