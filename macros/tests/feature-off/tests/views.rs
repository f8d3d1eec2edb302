//! The compile-fail case of `#[derive(View)]` for an event family whose feature is off: the
//! derive's error names the feature to enable. It lives in a crate of its own because the
//! macros' suite compiles its cases with every family on.
//!
//! To accept a changed message after reviewing it: `TRYBUILD=overwrite cargo test -p
//! voucherify-views-feature-off`.

#[test]
fn a_view_of_a_family_that_is_off_names_its_feature() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/views/*.rs");
}
