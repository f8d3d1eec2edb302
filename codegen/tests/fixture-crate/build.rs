//! Generates every fixture of `../fixtures/generate` with the builder (exactly as the snapshot tests
//! do) and writes `fixtures.rs`: one module per fixture, and a dispatch used by the tests.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/generate");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut cases: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap_or_else(|e| panic!("{}: {e}", fixtures.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();

    let mut modules = String::new();
    let mut arms = String::new();
    for case in &cases {
        let dir = fixtures.join(case);
        voucherify_codegen::Builder::new()
            .schemas(&dir)
            .out_dir(out.join(case))
            .family_features(dir.join("family-features").exists())
            // The snapshots show the default path; here the runtime is a renamed dependency.
            .runtime_path("::rt")
            .generate()
            .unwrap_or_else(|e| panic!("fixture {case}:\n{e}"));
        writeln!(
            modules,
            "/// The fixture `{case}`.\npub mod {case} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{case}/voucherify_webhooks.rs\")); }}"
        )
        .unwrap();
        writeln!(
            arms,
            "        \"{case}\" => {{ let event = {case}::deserialize_event(event_type, &mut de)?; \
             Some(event.and_then(|e| Ok(Parsed {{ event_type: e.event_type(), rust_type: e.rust_type(), value: rt::serde_json::to_value(&e)? }}))) }}"
        )
        .unwrap();
    }
    let index = format!(
        "{modules}
/// Parses `json` as the data of `event_type` with the types of fixture `case`, and writes it
/// back. `None` when the fixture does not type that event.
pub fn round_trip(case: &str, event_type: &str, json: &str) -> Option<Result<Parsed, rt::serde_json::Error>> {{
    let mut de = rt::serde_json::Deserializer::from_str(json);
    match case {{
{arms}        _ => None,
    }}
}}
"
    );
    std::fs::write(out.join("fixtures.rs"), index).expect("OUT_DIR is writable");
}
