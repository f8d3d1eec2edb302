//! The compile-fail suite of `#[derive(View)]`: one case per kind of error, each with the
//! compiler's output committed beside it (`views/*.stderr`) and reviewed like code. The pass
//! half (views that compile and read payloads) is `tests/tests/views.rs` of the contract tests.
//!
//! To accept changed messages after reviewing them: `TRYBUILD=overwrite cargo test -p
//! voucherify-webhooks-macros --test views`.

#[test]
fn views_that_disagree_with_the_schema_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/views/*.rs");
}
