//! Load: the YAML schema format and its loader.

mod checks;
mod depth;
mod load;
mod model;

pub use checks::{closest, is_type_name};
pub use depth::{too_deep, MAX_DEPTH};
pub use load::{load, LoadError, LoadErrors, SchemaSet, ENVELOPE_FILE, EVENTS_DIR, OBJECTS_DIR};
pub use model::{
    push_pointer_token, unescape_pointer_token, Additional, Channel, EventFile, ForbiddenFlag,
    Schema, Type,
};
