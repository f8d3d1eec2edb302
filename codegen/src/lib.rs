//! `voucherify-codegen`: turns Voucherify's webhook documentation into reviewed YAML schemas
//! (`import`), and those schemas into the `voucherify-webhooks` crate (`generate`).
//!
//! The pipeline is visible in the modules: [`schema`] loads the YAML, [`resolve`] turns it into
//! an IR of Rust items with final names, [`emit`] writes Rust (and JSON Schema), and [`write`](mod@write)
//! puts files in place only where their contents changed. [`generate_types`] runs the pipeline
//! for the `generate` command; [`Builder`] runs it in a user's `build.rs`. [`diff`](mod@diff)
//! reports what changed between two schema sets (the `diff` command, and `import`'s report).

mod build;
pub mod diff;
pub mod digest;
pub mod emit;
mod error_list;
pub mod import;
pub mod learn;
pub mod resolve;
pub mod schema;
pub mod write;

pub use build::{
    generate, generate_json_schemas, generate_types, Builder, Error, Generation, OUTPUT_FILE,
    SCHEMAS_DIR, TYPES_DIR,
};
pub use digest::{generate_digest, DIGEST_FILE};
