//! Emit: from the schema set to other forms.

pub mod json_schema;
