//! The digest: the schema set as `#[derive(View)]` reads it, pre-digested by
//! `voucherify-codegen generate` so that the proc-macro parses no YAML and resolves no `$ref`.
//!
//! One record per line, fields separated by one space; `#` starts a comment line:
//!
//! ```text
//! digest 1                               format version (first record)
//! root ::voucherify_webhooks             the Rust path that holds every named type
//! runtime ::voucherify_webhooks_runtime  (optional) the runtime's path; `::voucherify_webhooks`
//! gates macro                            (optional) gates are `<root>::__view_gate_<gate>!`
//! o SimpleCustomer -                     an object: name, gate (`-`: none); its properties follow
//! p o ?string source_id                  `r` required / `o` optional, shape, wire name (rest of line)
//! e SimpleOrderStatus -                  a string enum: name, gate
//! u Discount redemption                  a tagged union: name, gate
//! n CampaignDeleted campaign @Campaign   an event's data type that is not an object: name, gate, shape
//! v campaign.deleted CampaignDeleted     a wire event type and the name of its data type
//! ```
//!
//! Shapes: `string`, `integer`, `number`, `boolean`, `any` (any JSON value), `object` (an object
//! with any properties), `[S]` (array of S), `{S}` (map of S), `?S` (S or null), `@Name` (a named
//! type). Names are the Rust names of the generated types.
//!
//! The built-in digest (`digest.txt` beside this file) is embedded with `include_str!`, so cargo
//! rebuilds this crate, and with it every view, when `generate` changes it. It is parsed once
//! per compiler process; a digest named by `schemas = "..."` is cached by its contents.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The shape of a value, as the digest spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    String,
    Integer,
    Number,
    Boolean,
    Any,
    /// An object with any properties.
    FreeForm,
    Array(Box<Shape>),
    Map(Box<Shape>),
    Nullable(Box<Shape>),
    Named(String),
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prop {
    pub wire: String,
    pub required: bool,
    pub shape: Shape,
}

/// What a named type is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Def {
    Object(Vec<Prop>),
    Enum,
    Union,
    /// An event's data type around another shape.
    Newtype(Shape),
}

/// One named type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    pub name: String,
    pub def: Def,
    /// The cargo feature of `voucherify-webhooks` that compiles the type, if any.
    pub gate: Option<String>,
}

/// A parsed digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The Rust path of the named types, e.g. `::voucherify_webhooks`.
    pub root: String,
    /// The Rust path of the runtime (`View`, the fit traits), `::voucherify_webhooks` unless
    /// the digest names another.
    pub runtime: String,
    /// Whether gates are checked through `<root>::__view_gate_<gate>!`.
    pub gated: bool,
    types: Vec<TypeDef>,
    index: HashMap<String, usize>,
    /// Wire event type -> data type name, sorted.
    events: BTreeMap<String, String>,
}

impl Digest {
    /// Parses a digest; an error names the line.
    pub fn parse(text: &str) -> Result<Digest, String> {
        let mut digest = Digest {
            root: String::new(),
            runtime: "::voucherify_webhooks".to_string(),
            gated: false,
            types: Vec::new(),
            index: HashMap::new(),
            events: BTreeMap::new(),
        };
        let mut version = false;
        for (number, line) in text.lines().enumerate() {
            let at = |message: String| format!("line {}: {message}", number + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
            if !version {
                if tag != "digest" || rest != "1" {
                    return Err(at("expected `digest 1` (the format version) first".into()));
                }
                version = true;
                continue;
            }
            match tag {
                "root" => digest.root = rest.to_string(),
                "runtime" => digest.runtime = rest.to_string(),
                "gates" if rest == "macro" => digest.gated = true,
                "o" | "e" | "u" | "n" => {
                    let mut parts = rest.splitn(3, ' ');
                    let name = parts.next().unwrap_or_default();
                    let gate = parts.next().unwrap_or_default();
                    let tail = parts.next();
                    // A gate becomes part of a macro's name (`__view_gate_validation_rules`).
                    let gate_ok = gate == "-" || is_ident(&gate.replace('-', "_"));
                    if !is_ident(name) || !gate_ok {
                        return Err(at(format!("expected `{tag} <Name> <gate>`")));
                    }
                    let def = match (tag, tail) {
                        ("o", None) => Def::Object(Vec::new()),
                        ("e", None) => Def::Enum,
                        ("u", None) => Def::Union,
                        ("n", Some(shape)) => Def::Newtype(parse_shape(shape).map_err(at)?),
                        _ => return Err(at(format!("unexpected fields after `{tag} {name}`"))),
                    };
                    if digest
                        .index
                        .insert(name.to_string(), digest.types.len())
                        .is_some()
                    {
                        return Err(at(format!("`{name}` is defined twice")));
                    }
                    digest.types.push(TypeDef {
                        name: name.to_string(),
                        def,
                        gate: (gate != "-").then(|| gate.to_string()),
                    });
                }
                "p" => {
                    let mut parts = rest.splitn(3, ' ');
                    let (Some(presence), Some(shape), Some(wire)) =
                        (parts.next(), parts.next(), parts.next())
                    else {
                        return Err(at("expected `p <r|o> <shape> <wire name>`".into()));
                    };
                    let required = match presence {
                        "r" => true,
                        "o" => false,
                        other => return Err(at(format!("`{other}` is neither `r` nor `o`"))),
                    };
                    let shape = parse_shape(shape).map_err(at)?;
                    match digest.types.last_mut().map(|t| &mut t.def) {
                        Some(Def::Object(props)) => props.push(Prop {
                            wire: wire.to_string(),
                            required,
                            shape,
                        }),
                        _ => return Err(at("a property outside an object".into())),
                    }
                }
                "v" => {
                    let Some((event, name)) = rest.split_once(' ') else {
                        return Err(at("expected `v <event type> <Name>`".into()));
                    };
                    digest.events.insert(event.to_string(), name.to_string());
                }
                other => return Err(at(format!("unknown record `{other}`"))),
            }
        }
        if !version {
            return Err("empty: expected `digest 1`".into());
        }
        if digest.root.is_empty() {
            return Err("no `root` record".into());
        }
        digest.check_names()?;
        Ok(digest)
    }

    /// Every name a shape or an event refers to is defined.
    fn check_names(&self) -> Result<(), String> {
        fn names<'a>(shape: &'a Shape, out: &mut Vec<&'a str>) {
            match shape {
                Shape::Named(name) => out.push(name),
                Shape::Array(inner) | Shape::Map(inner) | Shape::Nullable(inner) => {
                    names(inner, out)
                }
                _ => {}
            }
        }
        let mut referred = Vec::new();
        for t in &self.types {
            match &t.def {
                Def::Object(props) => props.iter().for_each(|p| names(&p.shape, &mut referred)),
                Def::Newtype(shape) => names(shape, &mut referred),
                Def::Enum | Def::Union => {}
            }
        }
        referred.extend(self.events.values().map(String::as_str));
        match referred.into_iter().find(|n| !self.index.contains_key(*n)) {
            Some(missing) => Err(format!("`{missing}` is referred to but not defined")),
            None => Ok(()),
        }
    }

    /// The named type `name`.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.index.get(name).map(|&i| &self.types[i])
    }

    /// The data type's name of a wire event type.
    pub fn event(&self, event_type: &str) -> Option<&str> {
        self.events.get(event_type).map(String::as_str)
    }

    /// Every wire event type, sorted.
    pub fn event_types(&self) -> impl Iterator<Item = &str> {
        self.events.keys().map(String::as_str)
    }

    /// Every object's name, in digest order.
    pub fn object_names(&self) -> impl Iterator<Item = &str> {
        self.types
            .iter()
            .filter(|t| matches!(t.def, Def::Object(_)))
            .map(|t| t.name.as_str())
    }
}

fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn parse_shape(text: &str) -> Result<Shape, String> {
    let (shape, rest) = shape_prefix(text)?;
    if rest.is_empty() {
        Ok(shape)
    } else {
        Err(format!("unexpected `{rest}` after the shape in `{text}`"))
    }
}

/// Reads one shape from the start of `text`; returns it and what follows.
fn shape_prefix(text: &str) -> Result<(Shape, &str), String> {
    if let Some(rest) = text.strip_prefix('?') {
        let (inner, rest) = shape_prefix(rest)?;
        return Ok((Shape::Nullable(Box::new(inner)), rest));
    }
    for (open, close, wrap) in [
        ('[', ']', Shape::Array as fn(Box<Shape>) -> Shape),
        ('{', '}', Shape::Map),
    ] {
        if let Some(rest) = text.strip_prefix(open) {
            let (inner, rest) = shape_prefix(rest)?;
            let rest = rest
                .strip_prefix(close)
                .ok_or_else(|| format!("expected `{close}` in `{text}`"))?;
            return Ok((wrap(Box::new(inner)), rest));
        }
    }
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '@'))
        .unwrap_or(text.len());
    let (word, rest) = text.split_at(end);
    let shape = match word {
        "string" => Shape::String,
        "integer" => Shape::Integer,
        "number" => Shape::Number,
        "boolean" => Shape::Boolean,
        "any" => Shape::Any,
        "object" => Shape::FreeForm,
        _ => match word.strip_prefix('@') {
            Some(name) if is_ident(name) => Shape::Named(name.to_string()),
            _ => return Err(format!("unknown shape `{word}`")),
        },
    };
    Ok((shape, rest))
}

/// The digest of this crate's own schemas, parsed once per compiler process.
pub fn builtin() -> Result<Arc<Digest>, String> {
    static BUILTIN: OnceLock<Result<Arc<Digest>, String>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| Digest::parse(include_str!("digest.txt")).map(Arc::new))
        .clone()
        .map_err(|e| format!("the digest built into voucherify-webhooks-macros is malformed: {e}"))
}

/// The digest in the file at `path`. A file is parsed again only when its contents change,
/// so a long-lived compiler process (an IDE's) never reads a stale copy.
pub fn from_file(path: &Path) -> Result<Arc<Digest>, String> {
    type Cache = Mutex<HashMap<PathBuf, (Vec<u8>, Arc<Digest>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let cache = CACHE.get_or_init(Default::default);
    // A poisoned lock only means another expansion panicked; the map is still sound.
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((cached, digest)) = cache.get(path) {
        if *cached == bytes {
            return Ok(digest.clone());
        }
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| format!("{} is not UTF-8, so no digest", path.display()))?;
    let digest = Arc::new(Digest::parse(text).map_err(|e| format!("{}: {e}", path.display()))?);
    cache.insert(path.to_path_buf(), (bytes, digest.clone()));
    Ok(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "\
# a comment
digest 1
root ::voucherify_webhooks
gates macro
o Customer -
p r string id
p o ?string e mail
p o [?@Customer] friends
p o {integer} counts
e Kind redemption
n Wrapped redemption ?@Customer
v customer.created Customer
v customer.wrapped Wrapped
";

    #[test]
    fn reads_every_record() {
        let d = Digest::parse(SMALL).unwrap();
        assert_eq!(d.root, "::voucherify_webhooks");
        assert!(d.gated);
        let Def::Object(props) = &d.get("Customer").unwrap().def else {
            panic!("an object")
        };
        assert_eq!(
            props[1],
            Prop {
                wire: "e mail".into(),
                required: false,
                shape: Shape::Nullable(Box::new(Shape::String)),
            }
        );
        assert_eq!(
            props[2].shape,
            Shape::Array(Box::new(Shape::Nullable(Box::new(Shape::Named(
                "Customer".into()
            )))))
        );
        assert_eq!(props[3].shape, Shape::Map(Box::new(Shape::Integer)));
        assert_eq!(d.get("Kind").unwrap().gate.as_deref(), Some("redemption"));
        assert_eq!(d.event("customer.wrapped"), Some("Wrapped"));
        assert_eq!(
            d.event_types().collect::<Vec<_>>(),
            ["customer.created", "customer.wrapped"]
        );
        assert_eq!(d.object_names().collect::<Vec<_>>(), ["Customer"]);
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            (
                "o X -\n",
                "line 1: expected `digest 1` (the format version) first",
            ),
            (
                "digest 1\nroot r\np r string x\n",
                "line 3: a property outside an object",
            ),
            (
                "digest 1\nroot r\no X -\np r [string x\n",
                "line 4: expected `]` in `[string`",
            ),
            (
                "digest 1\nroot r\no X -\np q string x\n",
                "line 4: `q` is neither `r` nor `o`",
            ),
            (
                "digest 1\nroot r\no X -\np r strin x\n",
                "line 4: unknown shape `strin`",
            ),
            (
                "digest 1\nroot r\no X -\no X -\n",
                "line 4: `X` is defined twice",
            ),
            ("digest 1\nroot r\nz\n", "line 3: unknown record `z`"),
            (
                "digest 1\nroot r\no X a.b\n",
                "line 3: expected `o <Name> <gate>`",
            ),
            (
                "digest 1\nroot r\nv a.b Missing\n",
                "`Missing` is referred to but not defined",
            ),
            ("digest 1\no X -\n", "no `root` record"),
            ("", "empty: expected `digest 1`"),
        ];
        for (text, expected) in cases {
            assert_eq!(Digest::parse(text).unwrap_err(), expected, "{text}");
        }
    }

    #[test]
    fn the_built_in_digest_parses() {
        let d = builtin().unwrap();
        assert_eq!(d.root, "::voucherify_webhooks");
        assert_eq!(d.event("redemption.succeeded"), Some("RedemptionEvent"));
        assert!(d.get("SimpleCustomer").is_some());
    }

    #[test]
    fn a_file_is_read_again_when_it_changes() {
        let dir = std::env::temp_dir().join(format!("vf-view-digest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("digest.txt");
        std::fs::write(&file, "digest 1\nroot crate\no A -\n").unwrap();
        assert!(from_file(&file).unwrap().get("A").is_some());
        std::fs::write(&file, "digest 1\nroot crate\no B -\n").unwrap();
        let again = from_file(&file).unwrap();
        assert!(again.get("A").is_none() && again.get("B").is_some());
        assert!(from_file(&dir.join("absent.txt"))
            .unwrap_err()
            .starts_with("cannot read"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
