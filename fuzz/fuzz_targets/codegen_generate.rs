//! The schema loader and the Rust generator on any schema set. The input is text: lines
//! `@@ <path>` start a file (`envelope.yaml`, `objects/<Name>.yaml` or `events/<type>.yaml`;
//! other paths are skipped), and a line `@@ family-features` turns family features on. The set
//! is written to a temporary folder and generated: the generator may refuse it with an error,
//! but never panics, and the Rust it writes parses (`syn::parse_file`).
#![no_main]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use voucherify_codegen::Builder;

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let dir = folder();
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("objects")).unwrap();
    fs::create_dir_all(dir.join("events")).unwrap();

    let mut family_features = false;
    let mut current: Option<(PathBuf, String)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("@@ ") {
            flush(dir, current.take());
            let path = path.trim();
            if path == "family-features" {
                family_features = true;
            } else if let Some(path) = allowed(path) {
                current = Some((path, String::new()));
            }
        } else if let Some((_, contents)) = &mut current {
            contents.push_str(line);
        }
    }
    flush(dir, current);

    let source = Builder::new()
        .schemas(dir)
        .family_features(family_features)
        .generate_string();
    if let Ok(source) = source {
        if let Err(e) = syn::parse_file(&source) {
            panic!("generated Rust does not parse: {e}\n{source}");
        }
    }
});

/// One folder per process, so that parallel fuzz jobs do not share it.
fn folder() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        std::env::temp_dir().join(format!("voucherify-fuzz-schemas-{}", std::process::id()))
    })
}

/// A path inside the schema folder, or `None` for anything else.
fn allowed(path: &str) -> Option<PathBuf> {
    let name_ok = |name: &str| {
        !name.is_empty()
            && !name.starts_with('.')
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    match path.split_once('/') {
        None if path == "envelope.yaml" => Some(PathBuf::from(path)),
        Some((folder @ ("objects" | "events"), name))
            if name_ok(name) && name.ends_with(".yaml") =>
        {
            Some(Path::new(folder).join(name))
        }
        _ => None,
    }
}

fn flush(dir: &Path, file: Option<(PathBuf, String)>) {
    if let Some((path, contents)) = file {
        fs::write(dir.join(path), contents).unwrap();
    }
}
