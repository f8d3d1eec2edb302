//! `examples/own-schemas` is a crate a user can copy: copied alone to a fresh folder, with its
//! path dependencies pointed at this workspace, it builds and its tests pass there (dispatch on
//! both channels, `receive`, a contract check against its own JSON Schemas, a view against its
//! own digest).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// Copies the files of `from` into `to`, folders included.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("a folder entry");
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&source, &target);
        } else {
            std::fs::copy(&source, &target).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        }
    }
}

#[test]
fn own_schemas_builds_when_copied_out() {
    let root = workspace();
    let copy = std::env::temp_dir().join(format!("own-schemas-copy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    copy_dir(&root.join("examples/own-schemas"), &copy);

    // The two path dependencies, made absolute, as the README tells a user to do.
    let manifest = copy.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("the manifest");
    assert!(
        !text.contains(".workspace = true") && !text.contains("workspace ="),
        "the example must not inherit from the workspace:\n{text}"
    );
    let mut rewritten = text.clone();
    for (relative, folder) in [("../../runtime", "runtime"), ("../../codegen", "codegen")] {
        let absolute = root.join(folder);
        let absolute = absolute.to_string_lossy().replace('\\', "/");
        assert!(
            rewritten.contains(relative),
            "no `{relative}` in the manifest"
        );
        rewritten = rewritten.replace(&format!("\"{relative}\""), &format!("\"{absolute}\""));
    }
    std::fs::write(&manifest, rewritten).expect("the manifest is written");
    // The workspace's lock, so that the copy resolves the versions already built, offline.
    std::fs::copy(root.join("Cargo.lock"), copy.join("Cargo.lock")).expect("the lock");

    // A target folder of its own inside the workspace's: nothing of the copy lands in the
    // workspace, and a second run only rebuilds the copy.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("own-schemas-copy");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--offline", "--quiet"])
        .current_dir(&copy)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let _ = std::fs::remove_dir_all(&copy);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the copied example does not build or pass:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Its own tests ran, among them the distribution's dispatch and the contract check.
    assert!(stdout.contains("test result: ok. 7 passed"), "{stdout}");
}
