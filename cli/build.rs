//! Marks the tests that need Voucherify's material as ignored where it is absent (see the file).

#[path = "../tests/shared_material.rs"]
mod shared_material;

fn main() {
    shared_material::emit("..");
}
