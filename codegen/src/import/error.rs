//! What can go wrong in an import. Every error names the file it is about and, where there is
//! one, the JSON pointer of the node, so that the message alone is enough to find the problem.

use std::fmt;
use std::path::PathBuf;

use super::diagnostic::Diagnostic;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// A file could not be read.
    Read { file: PathBuf, message: String },
    /// A file is not the JSON or YAML expected.
    Parse {
        file: PathBuf,
        pointer: String,
        message: String,
    },
    /// A file that is not JSON at all.
    NotJson {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// `import --strict` found flaws: every diagnostic is an error, and nothing was written.
    Strict { diagnostics: Vec<Diagnostic> },
    /// A docs schema the importer cannot turn into the schema format.
    Schema {
        file: PathBuf,
        pointer: String,
        message: String,
    },
    /// Two different nodes would get the same Rust name.
    NameCollision {
        name: String,
        first: String,
        second: String,
    },
    /// An entry of the overrides file is wrong, or changes nothing.
    Override {
        file: PathBuf,
        entry: usize,
        at: String,
        message: String,
    },
    /// The output could not be written.
    Write { file: PathBuf, message: String },
    /// The written schemas do not load: a bug in the importer, reported rather than hidden.
    Output { message: String },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Read { file, message } => {
                write!(f, "{}: cannot read: {message}", file.display())
            }
            ImportError::Parse {
                file,
                pointer,
                message,
            }
            | ImportError::Schema {
                file,
                pointer,
                message,
            } => {
                // `file#/json/pointer`, or the file alone where the whole document is at fault.
                let hash = if pointer.is_empty() { "" } else { "#" };
                write!(f, "{}{hash}{pointer}: {message}", file.display())
            }
            ImportError::NotJson {
                file,
                line,
                column,
                message,
            } => write!(f, "{}:{line}:{column}: not JSON: {message}", file.display()),
            ImportError::Strict { diagnostics } => {
                for d in diagnostics {
                    writeln!(f, "{d}")?;
                }
                write!(
                    f,
                    "{} flaws, each an error under --strict ({}); nothing was written",
                    diagnostics.len(),
                    super::diagnostic::count_by_kind(diagnostics)
                )
            }
            ImportError::NameCollision {
                name,
                first,
                second,
            } => write!(
                f,
                "the name `{name}` is given to two different nodes: {first} and {second} \
                 (rename one in the docs, or add a naming rule in import/names.rs)"
            ),
            ImportError::Override {
                file,
                entry,
                at,
                message,
            } => write!(
                f,
                "{}: override {} (`at: {at}`): {message}",
                file.display(),
                entry + 1
            ),
            ImportError::Write { file, message } => {
                write!(f, "{}: cannot write: {message}", file.display())
            }
            ImportError::Output { message } => {
                write!(
                    f,
                    "the imported schemas do not load (an importer bug): {message}"
                )
            }
        }
    }
}

impl std::error::Error for ImportError {}
