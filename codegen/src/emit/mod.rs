//! Emit: from the schema set (JSON Schema) or the resolved IR (Rust) to source text.

pub mod digest;
pub mod json_schema;
pub mod rust;
pub mod schema_files;
