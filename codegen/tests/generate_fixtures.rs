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
    families,
    free_form,
    keyword_names,
    maps,
    nested_objects,
    newtype_event,
    nullable_optional,
    odd_names,
    open_enum,
    recursion,
    shadowing_names,
    tagged_union,
);

#[test]
fn generation_is_deterministic() {
    for case in ["families", "recursion", "open_enum"] {
        assert_eq!(generate(case), generate(case), "{case}");
    }
}
