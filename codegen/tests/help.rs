//! Every subcommand of `voucherify-codegen` answers `--help` with its own usage.

use std::process::Command;

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
