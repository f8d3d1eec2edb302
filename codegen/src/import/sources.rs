//! The documents of one import, combined: every components schema by name and every event.
//!
//! Several documents may be given (the current one and an older one that still documents a
//! few events). The first document that defines a name wins, both for components schemas and
//! for events; a later document only adds what the earlier ones lack. So the order of `--docs`
//! is the order of authority, newest first.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::diagnostic::{Diagnostic, Kind};
use super::error::ImportError;
use super::events::{self, EventSpec};
use super::openapi::{self, Document, Node, COMPONENTS_PREFIX};
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
    /// The flaws found in the documents, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Sources {
    /// Reads the documents in order of authority.
    pub fn read(files: &[PathBuf]) -> Result<Sources, ImportError> {
        let mut docs = Vec::new();
        let mut diagnostics = Vec::new();
        for file in files {
            docs.push(openapi::read(file, &mut diagnostics)?);
        }
        let mut sources = Sources::from_documents(files, docs)?;
        // A later document's flaws in what an earlier one defines are none of this import's.
        diagnostics.retain(|d| !sources.shadowed(d));
        diagnostics.append(&mut sources.diagnostics);
        sources.diagnostics = diagnostics;
        Ok(sources)
    }

    /// True when `d` is about a components schema or a webhook that an earlier document
    /// defines, so that this one's is not read.
    fn shadowed(&self, d: &Diagnostic) -> bool {
        let super::diagnostic::Location::Docs { file, pointer } = &d.location else {
            return false;
        };
        let Some(doc) = self.files.iter().position(|f| f == file) else {
            return false;
        };
        let mut tokens = pointer.split('/').skip(1);
        let (first, second, third) = (tokens.next(), tokens.next(), tokens.next());
        let unescape = crate::schema::unescape_pointer_token;
        match (first, second, third) {
            (Some("components"), Some("schemas"), Some(name)) => self
                .components
                .get(&unescape(name))
                .is_some_and(|c| c.doc != doc),
            (Some("webhooks" | "paths"), Some(key), _) => events::wire_name(&unescape(key))
                .is_some_and(|wire| self.events.iter().any(|e| e.wire == wire && e.doc != doc)),
            _ => false,
        }
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
            for spec in events::collect(doc_index, file, &doc, &mut sources.diagnostics) {
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
        sources.free_dangling_references();
        Ok(sources)
    }

    /// A `$ref` to a schema no document defines: the node it stands in is kept as free-form
    /// JSON (with whatever else it says), and an event whose data schema is missing gets
    /// free-form data, so that nothing else is lost over one missing name.
    fn free_dangling_references(&mut self) {
        let defined: std::collections::HashSet<String> = self.components.keys().cloned().collect();
        let mut found = Vec::new();
        let files = self.files.clone();
        for (name, component) in &mut self.components {
            let file = files.get(component.doc).cloned().unwrap_or_default();
            let root = Place::component(component.doc, name).pointer;
            let mut check = |pointer: &str, node: &mut Node| {
                let Some(target) = node.ref_name() else {
                    return;
                };
                let local = node
                    .reference
                    .as_deref()
                    .is_some_and(|r| r.starts_with(COMPONENTS_PREFIX));
                if local && defined.contains(target) {
                    return;
                }
                let d = Diagnostic::docs(
                    Kind::MissingSchema,
                    &file,
                    &format!("{pointer}/$ref"),
                    format!(
                        "`$ref: {}` names no schema of `components/schemas`",
                        node.reference.as_deref().unwrap_or_default()
                    ),
                    "kept the node as free-form JSON",
                );
                node.notes.push(d.note());
                node.reference = None;
                found.push(d);
            };
            check(&root, &mut component.node);
            component.node.for_each_child_mut(&root, &mut check);
        }
        for spec in &self.events {
            if defined.contains(&spec.schema) || self.components.contains_key(&spec.schema) {
                continue;
            }
            let d = Diagnostic::docs(
                Kind::MissingSchema,
                &self.file(spec.doc),
                &format!("{}/$ref", spec.pointer),
                format!(
                    "the data schema of `{}` is `{}`, which `components/schemas` does not define",
                    spec.wire, spec.schema
                ),
                "kept the event's data as free-form JSON",
            );
            let node = Node {
                ty: Some(openapi::TypeField::One("object".into())),
                notes: vec![d.note()],
                ..Node::default()
            };
            self.components.insert(
                spec.schema.clone(),
                Component {
                    doc: spec.doc,
                    node,
                },
            );
            found.push(d);
        }
        self.diagnostics.extend(found);
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
