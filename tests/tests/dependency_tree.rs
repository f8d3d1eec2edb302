//! A service that depends on `voucherify-webhooks` builds no command-line code and, without the
//! `contract` feature, no `jsonschema`: read off cargo's own dependency tree. And the packages
//! meant for the registry can be packaged: read off cargo's own metadata.

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

/// The packages README lists for the registry, in the order they are published.
const PUBLISHED: [&str; 5] = [
    "voucherify-webhooks-macros",
    "voucherify-webhooks-runtime",
    "voucherify-codegen",
    "voucherify-webhooks",
    "voucherify-webhooks-cli",
];

/// What `cargo publish` refuses or warns about, checked without the network: a package marked
/// `publish = false`, a missing description, license or readme, and a path dependency (other
/// than a dev-dependency, which cargo drops) without a version, which resolves nowhere once
/// published. `cargo publish --dry-run` itself needs the registry (see README, "Publishing").
#[test]
fn the_library_packages_are_ready_to_publish() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
        ])
        .current_dir(workspace)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    for name in PUBLISHED {
        let package = packages
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("no package {name}"));
        // `publish = false` is `[]`: no registry allowed.
        assert_ne!(
            package["publish"],
            serde_json::json!([]),
            "{name} is publish = false"
        );
        for field in ["description", "license", "readme"] {
            assert!(package[field].is_string(), "{name} has no {field}");
        }
        for dependency in package["dependencies"].as_array().unwrap() {
            let local = dependency["path"].is_string();
            let dev = dependency["kind"] == "dev";
            if local && !dev {
                let dependency_name = dependency["name"].as_str().unwrap();
                assert_ne!(
                    dependency["req"], "*",
                    "{name} depends on {dependency_name} by path without a version"
                );
                // It is published first.
                let position = |n: &str| PUBLISHED.iter().position(|p| *p == n);
                assert!(
                    position(dependency_name).is_some_and(|d| Some(d) < position(name)),
                    "{name} depends on {dependency_name}, which is not published before it"
                );
            }
        }
    }
}
