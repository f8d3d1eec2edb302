//! Marks tests `#[ignore]`d where what they need is absent, so that the test runner counts them
//! as skipped, not as passed: Voucherify's material (see `tests/shared_material.rs`), and a
//! PostgreSQL server for the Postgres crash test. (Installed PostgreSQL since the last build?
//! `touch build.rs`.)

#[path = "../../tests/shared_material.rs"]
mod shared_material;

include!("tests/support/find_postgres.rs");

fn main() {
    shared_material::emit("../..");
    println!("cargo::rustc-check-cfg=cfg(no_postgres_server)");
    println!("cargo::rerun-if-env-changed=PATH");
    if postgres_binaries().is_none() {
        println!("cargo::rustc-cfg=no_postgres_server");
    }
}
