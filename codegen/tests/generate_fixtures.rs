//! Snapshots of the code generated for each fixture schema set in `tests/fixtures/generate/<case>/`,
//! one per construct. The same fixtures are compiled (and their payloads round-tripped) by
//! the crate in `tests/fixture-crate`, so a snapshot never holds code that does not build.

use std::path::{Path, PathBuf};

use voucherify_codegen::Builder;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/generate")
}

/// The fixture's generated file, as the fixture crate's build script makes it.
fn generate(case: &str) -> String {
    let dir = fixtures().join(case);
    Builder::new()
        .schemas(&dir)
        .family_features(dir.join("family-features").exists())
        .generate_string()
        .unwrap_or_else(|e| panic!("fixture {case}: {e}"))
}

macro_rules! fixture {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                insta::assert_snapshot!(stringify!($case), generate(stringify!($case)));
            }
        )*

        /// Every folder of `tests/fixtures/generate` has a snapshot test above.
        #[test]
        fn every_fixture_has_a_test() {
            let listed = [$(stringify!($case)),*];
            let mut found: Vec<String> = std::fs::read_dir(fixtures())
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            found.sort();
            let mut listed: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
            listed.sort();
            assert_eq!(found, listed, "add the new fixture to the `fixture!` list");
        }
    };
}

fixture!(
    event_data,
    families,
    free_form,
    keyword_names,
    maps,
    nested_objects,
    nullable_optional,
    odd_names,
    open_enum,
    recursion,
    same_shapes,
    shadowing_names,
    tagged_union,
);

#[test]
fn generation_is_deterministic() {
    for case in ["families", "recursion", "open_enum"] {
        assert_eq!(generate(case), generate(case), "{case}");
    }
}

/// `family_features(true)` with a manifest that lacks a family's feature: refused, naming the
/// family; with every feature declared, accepted. (Before, the family's types were left out
/// behind a `cfg` that could never be on.)
#[test]
fn a_family_without_a_feature_is_refused_by_name() {
    let dir = fixtures().join("families");
    let manifest =
        std::env::temp_dir().join(format!("families-manifest-{}.toml", std::process::id()));
    let generate = |features: &str| {
        std::fs::write(
            &manifest,
            format!("[package]\nname = \"x\"\n\n[features]\n{features}\n[dependencies]\norder = \"1\"\n"),
        )
        .unwrap();
        Builder::new()
            .schemas(&dir)
            .family_features(true)
            .features_from(&manifest)
            .generate_string()
    };
    let refused = generate("customer = []\n").unwrap_err().to_string();
    let accepted = generate("customer = []\norder = []\n");
    let _ = std::fs::remove_file(&manifest);
    assert!(
        refused.contains("family `order` (e.g. `order."),
        "{refused}"
    );
    assert!(refused.contains("add `order = []`"), "{refused}");
    assert!(!refused.contains("family `customer`"), "{refused}");
    assert!(accepted.is_ok(), "{accepted:?}");
}
