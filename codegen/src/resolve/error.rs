//! Resolve errors: each names the schema file and the JSON pointer of the node at fault.

use std::fmt;

/// One problem the resolver found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveError {
    /// The file inside the schema folder: `events/redemption.succeeded.yaml`.
    pub file: String,
    /// The JSON pointer of the node inside the file: `/data/properties/order`.
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{} at {pointer}: {}", self.file, self.message)
    }
}

/// Every problem found in one resolve, in the order of the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveErrors(pub Vec<ResolveError>);

impl fmt::Display for ResolveErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::error_list::display(f, &self.0)
    }
}

impl std::error::Error for ResolveErrors {}
