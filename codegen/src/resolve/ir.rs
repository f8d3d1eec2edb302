//! The resolved model: what the Rust emitter needs and nothing of the YAML.
//!
//! Every name here is final (a Rust type name, field ident or variant ident), every type is
//! spelled out (boxing decided), every doc line is written, and every list is in output order.
//! The emitter only turns this into tokens.

use crate::schema::Channel;

/// The whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// In output order: `envelope`, `shared`, then the event families by module name.
    pub modules: Vec<Module>,
    /// Every event, sorted by wire event type.
    pub events: Vec<EventInfo>,
}

/// One module (one file of `generated/src/types/`).
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// The module's identifier and file stem, e.g. `validation_rules`.
    pub name: String,
    /// What the module holds, one line.
    pub doc: String,
    /// The cargo feature that gates the module, for event families.
    pub feature: Option<String>,
    /// Types this module uses from sibling modules: (module, sorted type names), sorted.
    pub imports: Vec<(String, Vec<String>)>,
    pub items: Vec<Item>,
}

/// One generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Struct(Struct),
    Newtype(Newtype),
    Enum(StringEnum),
    Union(Union),
}

impl Item {
    pub fn name(&self) -> &str {
        match self {
            Item::Struct(s) => &s.name,
            Item::Newtype(n) => &n.name,
            Item::Enum(e) => &e.name,
            Item::Union(u) => &u.name,
        }
    }
}

/// The event attributes of an event's data type.
#[derive(Debug, Clone, PartialEq)]
pub struct EventAttrs {
    pub event_type: String,
    pub channel: Channel,
    pub docs: String,
}

/// A struct of named fields; unknown properties land in `extra`.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub name: String,
    pub docs: Vec<String>,
    pub fields: Vec<Field>,
    /// The ident of the `#[wire(extra)]` map (`extra`, or `extra_` when a property takes it).
    pub extra: String,
    /// The events whose whole `data` this is, sorted by event type (none for other objects).
    pub events: Vec<EventAttrs>,
}

/// A one-field tuple struct around another type: the data type of an event whose data is no
/// object with properties, nor a `$ref` to one (a union, or data that may be null).
#[derive(Debug, Clone, PartialEq)]
pub struct Newtype {
    pub name: String,
    pub docs: Vec<String>,
    pub inner: Ty,
    pub event: Option<EventAttrs>,
}

/// One property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust ident, possibly raw (`r#type`).
    pub ident: String,
    /// The property name on the wire.
    pub wire: String,
    pub docs: Vec<String>,
    /// The type of a present value (`Ty::Nullable` when it may be null).
    pub ty: Ty,
    /// The property may be absent: the field is `Option<ty>` and marked `#[wire(optional)]`.
    pub optional: bool,
    /// The value is personal data: marked `#[wire(personal)]`, redacted by `redact-debug`.
    pub personal: bool,
}

/// An open string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub name: String,
    pub docs: Vec<String>,
    pub variants: Vec<Variant>,
    /// The ident of the fallback variant that keeps an unknown value.
    pub other: String,
}

/// One known value of a string enum, or one member of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub ident: String,
    /// The wire value (the enum value, or the union member's tag value).
    pub wire: String,
    pub docs: Vec<String>,
}

/// A `oneOf` told apart by a tag property.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub name: String,
    pub docs: Vec<String>,
    /// The wire name of the tag property.
    pub tag: String,
    /// Each member with the type it holds (always boxed in Rust).
    pub members: Vec<(Variant, String)>,
    /// The ident of the fallback variant that keeps an unknown member as JSON.
    pub other: String,
}

/// A Rust type, as the emitter spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    /// A `format: date-time` string: the runtime's `Timestamp`, which keeps the text.
    Timestamp,
    /// A `format: date` string: the runtime's `Date`, which keeps the text.
    Date,
    /// `i64`.
    Integer,
    /// `serde_json::Number`, which keeps `1` and `1.0` apart.
    Number,
    Boolean,
    /// Any JSON value.
    Value,
    /// A JSON object of any properties.
    FreeForm,
    Array(Box<Ty>),
    /// A JSON object used as a map: `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// A generated type by name.
    Named(String),
    /// `Box<T>`, where a cycle of by-value references needs one.
    Boxed(Box<Ty>),
    /// `Option<T>` for a value that may be `null`.
    Nullable(Box<Ty>),
}

impl Ty {
    /// The generated types this type names, with whether each is held by value (a cycle
    /// through it would make the type infinitely large).
    pub fn named(&self, by_value: bool, out: &mut Vec<(String, bool)>) {
        match self {
            Ty::Named(name) => out.push((name.clone(), by_value)),
            Ty::Nullable(inner) => inner.named(by_value, out),
            Ty::Array(inner) | Ty::Map(inner) | Ty::Boxed(inner) => inner.named(false, out),
            Ty::String
            | Ty::Timestamp
            | Ty::Date
            | Ty::Integer
            | Ty::Number
            | Ty::Boolean
            | Ty::Value
            | Ty::FreeForm => {}
        }
    }
}

/// One event, for the `Event` enum and the table of event types.
#[derive(Debug, Clone, PartialEq)]
pub struct EventInfo {
    pub event_type: String,
    pub channel: Channel,
    pub docs: String,
    /// The `Event` variant's ident.
    pub variant: String,
    /// The data type's name (shared by the events whose data have one shape).
    pub rust_type: String,
    /// The module that holds the data type.
    pub module: String,
    /// The feature that gates it, when families are features.
    pub feature: Option<String>,
}
