//! The documents of one import, combined: every components schema by name and every event.
//!
//! Several documents may be given (the current one and an older one that still documents a
//! few events). The first document that defines a name wins, both for components schemas and
//! for events; a later document only adds what the earlier ones lack. So the order of `--docs`
//! is the order of authority, newest first.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::error::ImportError;
use super::events::{self, EventSpec};
use super::openapi::{self, Document, Node};
use crate::schema::push_pointer_token;

/// A place in the input, for errors: which document, and the JSON pointer in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub doc: usize,
    pub pointer: String,
}

impl Place {
    /// The place of a components schema.
    pub fn component(doc: usize, name: &str) -> Place {
        let mut pointer = String::from("/components/schemas/");
        push_pointer_token(&mut pointer, name);
        Place { doc, pointer }
    }

    /// A place below this one: `child("properties")` then `child("order")`.
    pub fn child(&self, token: &str) -> Place {
        let mut pointer = self.pointer.clone();
        pointer.push('/');
        push_pointer_token(&mut pointer, token);
        Place {
            doc: self.doc,
            pointer,
        }
    }
}

/// One components schema and the document it came from.
#[derive(Debug, Clone)]
pub struct Component {
    pub doc: usize,
    pub node: Node,
}

/// Everything the import reads.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<PathBuf>,
    pub components: IndexMap<String, Component>,
    /// Sorted by wire event type.
    pub events: Vec<EventSpec>,
    /// Events a later document also defines, ignored in favour of the earlier one.
    pub shadowed_events: usize,
}

impl Sources {
    /// Reads the documents in order of authority.
    pub fn read(files: &[PathBuf]) -> Result<Sources, ImportError> {
        let mut docs = Vec::new();
        for file in files {
            docs.push(openapi::read(file)?);
        }
        Sources::from_documents(files, docs)
    }

    /// Combines parsed documents (`files` name them in errors).
    pub fn from_documents(files: &[PathBuf], docs: Vec<Document>) -> Result<Sources, ImportError> {
        let mut sources = Sources {
            files: files.to_vec(),
            ..Sources::default()
        };
        for (doc_index, doc) in docs.into_iter().enumerate() {
            let file = files
                .get(doc_index)
                .map(PathBuf::as_path)
                .unwrap_or(Path::new("?"));
            for spec in events::collect(doc_index, file, &doc)? {
                if sources.events.iter().any(|e| e.wire == spec.wire) {
                    sources.shadowed_events += 1;
                } else {
                    sources.events.push(spec);
                }
            }
            for (name, node) in doc.components.schemas {
                sources.components.entry(name).or_insert(Component {
                    doc: doc_index,
                    node,
                });
            }
        }
        sources.events.sort_by(|a, b| a.wire.cmp(&b.wire));
        Ok(sources)
    }

    /// The file of a document.
    pub fn file(&self, doc: usize) -> PathBuf {
        self.files.get(doc).cloned().unwrap_or_default()
    }

    /// An error at a place in the input.
    pub fn error(&self, place: &Place, message: impl Into<String>) -> ImportError {
        ImportError::Schema {
            file: self.file(place.doc),
            pointer: place.pointer.clone(),
            message: message.into(),
        }
    }

    /// `file#pointer`, for messages that name several places.
    pub fn describe(&self, place: &Place) -> String {
        format!("{}#{}", self.file(place.doc).display(), place.pointer)
    }
}
