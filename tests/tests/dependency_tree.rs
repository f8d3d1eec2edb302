//! A service that depends on `voucherify-webhooks` builds no command-line code and, without the
//! `contract` feature, no `jsonschema`: read off cargo's own dependency tree.

use std::path::Path;
use std::process::Command;

/// The normal (non-dev, non-build) dependencies of `voucherify-webhooks` with `args`.
fn tree(args: &[&str]) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "-p",
            "voucherify-webhooks",
            "-e",
            "normal",
        ])
        .args(["--prefix", "none", "--format", "{p}"])
        .args(args)
        .current_dir(workspace)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn packages(tree: &str) -> Vec<&str> {
    tree.lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect()
}

#[test]
fn the_library_builds_no_cli_and_no_jsonschema() {
    for args in [&["--no-default-features"][..], &[]] {
        let tree = tree(args);
        let packages = packages(&tree);
        assert!(packages.contains(&"voucherify-webhooks-runtime"), "{tree}");
        for unwanted in ["jsonschema", "lexopt", "voucherify-webhooks-cli"] {
            assert!(
                !packages.contains(&unwanted),
                "`{unwanted}` is built by a plain dependency ({args:?}):\n{tree}"
            );
        }
    }
}

/// The contract check enforces the schemas with rules of its own; `jsonschema` is only the
/// reference its tests compare with.
#[test]
fn the_contract_feature_brings_no_jsonschema() {
    let tree = tree(&["--no-default-features", "--features", "contract"]);
    assert!(!packages(&tree).contains(&"jsonschema"), "{tree}");
    // The check above could pass on a tree that never lists anything; this one cannot.
    assert!(packages(&tree).contains(&"serde_json"), "{tree}");
}
