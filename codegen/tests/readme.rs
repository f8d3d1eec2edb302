//! What a new user copies from README must work as written.

mod common;

use std::fs;

fn readme() -> String {
    fs::read_to_string(common::workspace().join("README.md")).unwrap()
}

#[test]
fn the_dependency_snippets_resolve_and_bring_serde_for_views() {
    let readme = readme();
    // The crate is not published: a registry version resolves nowhere.
    assert!(
        !readme.contains("voucherify-webhooks = { version ="),
        "README depends on an unpublished version"
    );
    assert!(readme.contains("serde = { version = \"1\", features = [\"derive\"] }"));
}

#[test]
fn the_view_feature_claim_names_the_shared_object_exception() {
    let readme = readme();
    assert!(!readme.contains("a view of an event needs that event's family feature"));
    assert!(readme.contains("`/data/customer`, `SimpleCustomer`) needs none"));
}

#[test]
fn generate_is_not_claimed_to_take_60_ms() {
    assert!(!readme().contains("takes about 60 ms"));
}

#[test]
fn the_command_is_installed_before_it_is_used_bare() {
    let readme = readme();
    let install = readme
        .find("cargo install --path cli")
        .expect("README installs the command");
    let first_use = ["check", "parse", "sign", "verify", "sample", "send"]
        .iter()
        .filter_map(|command| readme.find(&format!("\nvoucherify-webhooks {command} ")))
        .min()
        .expect("README uses the command");
    assert!(
        install < first_use,
        "README uses voucherify-webhooks before installing it"
    );
}
