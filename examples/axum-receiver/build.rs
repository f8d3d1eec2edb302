//! Marks the Postgres crash test `#[ignore]`d where this machine has no PostgreSQL server, so the
//! test runner counts it as skipped, not as passed. (Installed PostgreSQL since the last build?
//! `touch build.rs`.)

include!("tests/support/find_postgres.rs");

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_postgres_server)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    if postgres_binaries().is_none() {
        println!("cargo::rustc-cfg=no_postgres_server");
    }
}
