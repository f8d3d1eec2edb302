//! `voucherify-codegen`: turns Voucherify's webhook documentation into reviewed YAML schemas
//! (`import`), and those schemas into the `voucherify-webhooks` crate (`generate`).
//!
//! The pipeline is visible in the modules: [`schema`] loads the YAML,
//! and the later stages resolve and emit from what it loads.

pub mod emit;
pub mod import;
pub mod schema;
