//! The reference engine (feature `jsonschema-reference`, for this project's tests and fuzz
//! targets): the `jsonschema` crate validates against the standalone schema documents, and a
//! walk of those documents finds the drift. A [`Checker::reference`](super::Checker::reference)
//! checks with it, so that tests can prove the checker's own rules say the same on every
//! payload they are given.

mod drift;

use std::borrow::Cow;

use jsonschema::error::{TypeKind, ValidationErrorKind as K};
use jsonschema::ValidationError;
use serde_json::Value;

use super::tree::Node;
use super::validate::{Error, ErrorKind};
use super::{explain, Violation};

/// A schema document and its validator (or why it did not compile).
pub(super) struct Compiled {
    schema: Value,
    validator: Result<jsonschema::Validator, String>,
}

impl Compiled {
    pub(super) fn new(schema: Value) -> Compiled {
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            // The schemas refer only inside themselves; refusing every other reference keeps a
            // check offline even where another crate turns on jsonschema's HTTP resolver.
            .with_retriever(NoRemote)
            .build(&schema)
            .map_err(|e| e.to_string());
        Compiled { schema, validator }
    }

    /// The violations and (with `drift`) the warnings of `value`.
    pub(super) fn findings(
        &self,
        value: &Value,
        drift: bool,
    ) -> Result<(Vec<Violation>, Vec<Violation>), String> {
        let validator = self.validator.as_ref().map_err(Clone::clone)?;
        let errors: Vec<Error<'_>> = validator.iter_errors(value).map(|e| convert(&e)).collect();
        let warnings = match drift {
            true => drift::warnings(&self.schema, value),
            false => Vec::new(),
        };
        Ok((explain::violations(&errors), warnings))
    }
}

struct NoRemote;

impl jsonschema::Retrieve for NoRemote {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("{uri}: remote references are not resolved").into())
    }
}

/// A jsonschema error in the terms [`explain`] words.
fn convert(error: &ValidationError<'_>) -> Error<'static> {
    let kind = match error.kind() {
        K::Required { property } => {
            ErrorKind::Required(property.as_str().unwrap_or_default().to_string())
        }
        K::Type { kind } => ErrorKind::Type(match kind {
            TypeKind::Single(t) => vec![t.as_str()],
            TypeKind::Multiple(set) => set.iter().map(|t| t.as_str()).collect(),
        }),
        K::Enum { options } => ErrorKind::Enum(options.as_array().cloned().unwrap_or_default()),
        K::Constant { expected_value } => ErrorKind::Const(expected_value.as_ref().clone()),
        K::Format { format } => ErrorKind::Format(format.to_string()),
        K::AdditionalProperties { unexpected } => {
            ErrorKind::AdditionalProperties(unexpected.clone())
        }
        K::AnyOf { context } => ErrorKind::AnyOf(members(context)),
        K::OneOfNotValid { context } => ErrorKind::OneOfNone(members(context)),
        K::OneOfMultipleValid { .. } => ErrorKind::OneOfMany,
        _ => ErrorKind::Other(error.to_string()),
    };
    Error {
        pointer: error.instance_path().as_str().to_string(),
        schema_path: error.schema_path().as_str().to_string(),
        instance: Cow::Owned(Node::from_value(error.instance().as_ref())),
        kind,
    }
}

fn members(context: &[Vec<ValidationError<'static>>]) -> Vec<Vec<Error<'static>>> {
    context
        .iter()
        .map(|member| member.iter().map(convert).collect())
        .collect()
}
