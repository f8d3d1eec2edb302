//! The schemas of an event set, compiled once into rules that [`validate`](super::validate)
//! walks: every node of the bundle becomes one [`Rule`] in one arena, its keywords read into
//! plain fields (a type set, a sorted property table, the required names, the enum values), so
//! that a check looks nothing up by keyword and builds no string unless it finds something.
//!
//! The schemas are the generator's, so the rules know exactly the keywords it writes: `type`,
//! `enum`, `const`, `format`, `properties`, `required`, `additionalProperties`, `items`,
//! `anyOf`, `oneOf`, `allOf` and `$ref` into the bundle's `$defs`. Annotations (`examples`,
//! `description`, `title`, `default`, `deprecated`, `$schema`, `x-*`) are skipped. Any other
//! keyword would be a rule this crate does not enforce, so it fails the compilation (the check
//! then reports it) rather than passing payloads silently. Of the formats, `date-time`,
//! `date` and `time` are asserted (the ones the generated types read); any other is an
//! annotation, as the JSON Schema specification allows.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::checker::escape;
use super::tree::Node;
use crate::json_schema::Bundle;

/// The index of a [`Rule`] in its [`Rules`].
pub(super) type RuleId = u32;

/// One schema node.
#[derive(Debug, Default)]
pub(super) struct Rule {
    /// Where the node is in its standalone schema document (`/$defs/SimpleOrder/properties/id`);
    /// the schema paths of violations and warnings start here.
    pub at: Box<str>,
    /// `type`: the allowed JSON types; `None` allows any.
    pub types: Option<Types>,
    /// `enum`.
    pub enumeration: Option<Vec<Value>>,
    /// `const`.
    pub constant: Option<Value>,
    /// `format`, when it is one this crate asserts.
    pub format: Option<Format>,
    /// `properties`, sorted by name for a binary search; each with whether it is `required`.
    pub properties: Option<Vec<Property>>,
    /// `required` names, in the schema's order.
    pub required: Vec<Box<str>>,
    /// How many of `required` are listed in `properties` (those are counted while the
    /// properties are walked; the others are looked up).
    pub required_listed: usize,
    /// `additionalProperties`.
    pub additional: Additional,
    /// `items`.
    pub items: Option<RuleId>,
    pub any_of: Vec<RuleId>,
    pub one_of: Vec<RuleId>,
    pub all_of: Vec<RuleId>,
    /// `$ref`, resolved.
    pub reference: Option<RuleId>,
    /// The rule is a `type` and nothing else that a scalar could break (no `enum`, `const`,
    /// `format`, union or reference): a scalar value is judged by its type alone, without a
    /// walk.
    pub plain: Option<Types>,
    /// Where each property's name hashes to: slots of `properties` indexes plus one (zero for
    /// none), for properties lists too long to scan.
    pub slots: Box<[u32]>,
    /// The tags: properties whose own `enum` has one value, as (name, value). A value that has such a property with another value was not meant for this
    /// shape (see `Walk::meant`).
    pub tags: Vec<(Box<str>, Value)>,
}

#[derive(Debug)]
pub(super) struct Property {
    pub name: Box<str>,
    pub rule: RuleId,
    pub required: bool,
    /// The `plain` of the property's rule, kept here: a scalar property is judged without a
    /// look at its rule (the rules are many and large, a rule's properties few and close).
    pub plain: Option<Types>,
}

#[derive(Debug, Default)]
pub(super) enum Additional {
    #[default]
    Allowed,
    Forbidden,
    Rule(RuleId),
}

/// A set of JSON types, with the names in the order validation messages list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Types(u8);

/// The JSON types, in the order of their bits (which is the order messages list them in).
const TYPE_NAMES: [&str; 7] = [
    "null", "boolean", "integer", "number", "string", "array", "object",
];

impl Types {
    const NULL: u8 = 1;
    const BOOLEAN: u8 = 1 << 1;
    const INTEGER: u8 = 1 << 2;
    const NUMBER: u8 = 1 << 3;
    const STRING: u8 = 1 << 4;
    const ARRAY: u8 = 1 << 5;
    const OBJECT: u8 = 1 << 6;

    fn bit(name: &str) -> Option<u8> {
        TYPE_NAMES.iter().position(|n| *n == name).map(|i| 1u8 << i)
    }

    /// Whether the value is of one of the types. An integer is a `number`; a number whose
    /// value is whole (`2.0`) is an `integer`, as the JSON Schema specification says.
    pub fn admit(self, value: &Node<'_>) -> bool {
        let bits = self.0;
        match value {
            Node::Null => bits & Self::NULL != 0,
            Node::Bool(_) => bits & Self::BOOLEAN != 0,
            Node::Number(n) => {
                bits & Self::NUMBER != 0
                    || (bits & Self::INTEGER != 0
                        && (n.is_i64()
                            || n.is_u64()
                            || n.as_f64().is_some_and(|f| f.fract() == 0.0)))
            }
            Node::String(_) => bits & Self::STRING != 0,
            Node::Array(_) => bits & Self::ARRAY != 0,
            Node::Object(_) => bits & Self::OBJECT != 0,
        }
    }

    /// Whether the value's own JSON type is listed, without the `integer`-valued number rule
    /// (how [`drift`](super::validate) decides which shape a value was meant for).
    pub fn lists_type_of(self, value: &Node<'_>) -> bool {
        let bit = match value {
            Node::Null => Self::NULL,
            Node::Bool(_) => Self::BOOLEAN,
            Node::Number(n) if n.is_i64() || n.is_u64() => Self::INTEGER | Self::NUMBER,
            Node::Number(_) => Self::NUMBER,
            Node::String(_) => Self::STRING,
            Node::Array(_) => Self::ARRAY,
            Node::Object(_) => Self::OBJECT,
        };
        self.0 & bit != 0
    }

    pub fn names(self) -> impl Iterator<Item = &'static str> {
        TYPE_NAMES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
    }
}

/// A `format` this crate asserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    DateTime,
    Date,
    Time,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Time => "time",
        }
    }

    pub fn admits(self, text: &str) -> bool {
        match self {
            Format::DateTime => super::formats::is_date_time(text),
            Format::Date => super::formats::is_date(text),
            Format::Time => super::formats::is_time(text),
        }
    }
}

/// Every rule of a bundle, and the roots of its documents.
#[derive(Debug)]
pub(super) struct Rules {
    rules: Vec<Rule>,
    /// The envelope alone (`envelope.json`).
    pub envelope: RuleId,
    /// Per event type, sorted: (event type, whole webhook, bare data).
    pub events: Vec<(Box<str>, RuleId, RuleId)>,
}

impl Rules {
    pub fn get(&self, id: RuleId) -> &Rule {
        &self.rules[id as usize]
    }

    /// Compiles the whole bundle; an error names the schema place that cannot be enforced.
    pub fn compile(bundle: &Bundle) -> Result<Rules, String> {
        let parsed: Map<String, Value> = serde_json::from_str(bundle.text())
            .map_err(|e| format!("bundle.json is not JSON: {e}"))?;
        let empty = Map::new();
        let section = |name: &str| {
            parsed
                .get(name)
                .and_then(Value::as_object)
                .unwrap_or(&empty)
        };
        let defs = section("$defs");
        let mut compiler = Compiler {
            rules: Vec::new(),
            defs: HashMap::new(),
        };
        // The shared objects first, so that every `$ref` resolves to an id already given.
        for name in defs.keys() {
            let id = compiler.reserve(format!("/$defs/{}", escape(name)));
            compiler.defs.insert(name.clone(), id);
        }
        for (name, node) in defs {
            let id = compiler.defs[name.as_str()];
            compiler.fill(id, node)?;
        }
        let null = Value::Null;
        let envelope_node = parsed.get("envelope").unwrap_or(&null);
        let envelope = compiler.root(envelope_node, String::new())?;
        let mut events: Vec<(Box<str>, RuleId, RuleId)> = Vec::new();
        for (event_type, data) in section("data") {
            let whole = compiler.root(envelope_node, String::new())?;
            let data_rule = compiler.node(data, "/properties/data".into())?;
            let root = &mut compiler.rules[whole as usize];
            if let Some(properties) = &mut root.properties {
                match properties.binary_search_by(|p| (*p.name).cmp("data")) {
                    Ok(i) => properties[i].rule = data_rule,
                    Err(i) => {
                        let required = root.required.iter().any(|r| &**r == "data");
                        properties.insert(
                            i,
                            Property {
                                name: "data".into(),
                                rule: data_rule,
                                required,
                                plain: None,
                            },
                        );
                        root.required_listed += usize::from(required);
                        root.slots = slots(properties);
                    }
                }
            }
            let bare = compiler.root(data, String::new())?;
            events.push((event_type.as_str().into(), whole, bare));
        }
        events.sort_by(|a, b| a.0.cmp(&b.0));
        let plain: Vec<Option<Types>> = compiler.rules.iter().map(|r| r.plain).collect();
        for rule in &mut compiler.rules {
            for property in rule.properties.iter_mut().flatten() {
                property.plain = plain[property.rule as usize];
            }
        }
        Ok(Rules {
            rules: compiler.rules,
            envelope,
            events,
        })
    }

    /// The (whole webhook, bare data) roots of an event type.
    pub fn event(&self, event_type: &str) -> Option<(RuleId, RuleId)> {
        let i = self
            .events
            .binary_search_by(|(t, _, _)| (**t).cmp(event_type))
            .ok()?;
        let (_, whole, data) = &self.events[i];
        Some((*whole, *data))
    }
}

struct Compiler {
    rules: Vec<Rule>,
    defs: HashMap<String, RuleId>,
}

impl Compiler {
    fn reserve(&mut self, at: String) -> RuleId {
        self.rules.push(Rule {
            at: at.into(),
            ..Rule::default()
        });
        (self.rules.len() - 1) as RuleId
    }

    fn root(&mut self, node: &Value, at: String) -> Result<RuleId, String> {
        self.node(node, at)
    }

    fn node(&mut self, node: &Value, at: String) -> Result<RuleId, String> {
        let id = self.reserve(at);
        self.fill(id, node)?;
        Ok(id)
    }

    fn fill(&mut self, id: RuleId, node: &Value) -> Result<(), String> {
        let at = self.rules[id as usize].at.to_string();
        let object = match node {
            Value::Object(object) => object,
            // `true` admits everything; `false` would need a rule of its own, and the
            // generator never writes one.
            Value::Bool(true) => return Ok(()),
            _ => return Err(format!("{}: a schema node must be an object", shown(&at))),
        };
        let mut rule = Rule {
            at: at.clone().into(),
            ..Rule::default()
        };
        for (keyword, value) in object {
            let here = format!("{at}/{}", escape(keyword));
            match keyword.as_str() {
                "type" => rule.types = Some(types(value, &here)?),
                "enum" => {
                    let values = value
                        .as_array()
                        .ok_or_else(|| format!("{here}: `enum` must be an array"))?;
                    rule.enumeration = Some(values.clone());
                }
                "const" => rule.constant = Some(value.clone()),
                "format" => {
                    rule.format = match value.as_str() {
                        Some("date-time") => Some(Format::DateTime),
                        Some("date") => Some(Format::Date),
                        Some("time") => Some(Format::Time),
                        _ => None,
                    }
                }
                "properties" => {
                    let listed = value
                        .as_object()
                        .ok_or_else(|| format!("{here}: `properties` must be an object"))?;
                    let mut properties = Vec::with_capacity(listed.len());
                    for (name, node) in listed {
                        let rule = self.node(node, format!("{here}/{}", escape(name)))?;
                        properties.push(Property {
                            name: name.as_str().into(),
                            rule,
                            required: false,
                            plain: None,
                        });
                    }
                    properties.sort_by(|a, b| a.name.cmp(&b.name));
                    rule.properties = Some(properties);
                }
                "required" => {
                    let names = value
                        .as_array()
                        .ok_or_else(|| format!("{here}: `required` must be an array"))?;
                    for name in names {
                        let name = name
                            .as_str()
                            .ok_or_else(|| format!("{here}: `required` lists strings only"))?;
                        // A name listed twice is required once.
                        if !rule.required.iter().any(|r| &**r == name) {
                            rule.required.push(name.into());
                        }
                    }
                }
                "additionalProperties" => {
                    rule.additional = match value {
                        Value::Bool(false) => Additional::Forbidden,
                        Value::Bool(true) => Additional::Allowed,
                        node => Additional::Rule(self.node(node, here)?),
                    }
                }
                "items" => rule.items = Some(self.node(value, here)?),
                "anyOf" | "oneOf" | "allOf" => {
                    let members = value
                        .as_array()
                        .ok_or_else(|| format!("{here}: `{keyword}` must be an array"))?;
                    let mut ids = Vec::with_capacity(members.len());
                    for (i, member) in members.iter().enumerate() {
                        ids.push(self.node(member, format!("{here}/{i}"))?);
                    }
                    match keyword.as_str() {
                        "anyOf" => rule.any_of = ids,
                        "oneOf" => rule.one_of = ids,
                        _ => rule.all_of = ids,
                    }
                }
                "$ref" => {
                    let target = value
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/$defs/"))
                        .and_then(|name| self.defs.get(name));
                    match target {
                        Some(target) => rule.reference = Some(*target),
                        None => {
                            return Err(format!(
                                "{here}: {value} does not name an object of this bundle's `$defs`"
                            ))
                        }
                    }
                }
                "examples" | "description" | "title" | "default" | "deprecated" | "$schema"
                | "$comment" => {}
                other if other.starts_with("x-") => {}
                other => {
                    return Err(format!(
                        "{here}: the keyword `{other}` is not one this checker enforces"
                    ))
                }
            }
        }
        if let Some(properties) = &mut rule.properties {
            for property in properties.iter_mut() {
                if rule.required.contains(&property.name) {
                    property.required = true;
                    rule.required_listed += 1;
                }
                if let Some([tag]) = self.rules[property.rule as usize].enumeration.as_deref() {
                    rule.tags.push((property.name.clone(), tag.clone()));
                }
            }
        }
        rule.slots = slots(rule.properties.as_deref().unwrap_or_default());
        rule.plain = rule.types.filter(|_| {
            rule.enumeration.is_none()
                && rule.constant.is_none()
                && rule.format.is_none()
                && rule.reference.is_none()
                && rule.any_of.is_empty()
                && rule.one_of.is_empty()
                && rule.all_of.is_empty()
        });
        self.rules[id as usize] = rule;
        Ok(())
    }
}

/// Lists shorter than this are scanned; the others looked up through `Rule::slots`.
const SCANNED: usize = 8;

/// The open-addressing table of `Rule::slots`: twice as many slots as names, so that a probe
/// ends soon.
fn slots(properties: &[Property]) -> Box<[u32]> {
    if properties.len() < SCANNED {
        return Box::new([]);
    }
    let mut slots = vec![0u32; (properties.len() * 2).next_power_of_two()];
    let mask = slots.len() - 1;
    for (i, property) in properties.iter().enumerate() {
        let mut at = hash(&property.name) & mask;
        while slots[at] != 0 {
            at = (at + 1) & mask;
        }
        slots[at] = i as u32 + 1;
    }
    slots.into_boxed_slice()
}

/// FNV-1a: short keys, few of them, no adversary to fear (the names are the schema's).
fn hash(name: &str) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
    }
    hash as usize
}

impl Rule {
    /// The property of `name`, if `properties` lists it.
    pub fn property(&self, name: &str) -> Option<&Property> {
        let properties = self.properties.as_deref()?;
        if self.slots.is_empty() {
            return properties
                .iter()
                .find(|p| p.name.len() == name.len() && *p.name == *name);
        }
        let mask = self.slots.len() - 1;
        let mut at = hash(name) & mask;
        loop {
            let property = properties.get(self.slots[at].checked_sub(1)? as usize)?;
            if *property.name == *name {
                return Some(property);
            }
            at = (at + 1) & mask;
        }
    }
}

fn types(value: &Value, here: &str) -> Result<Types, String> {
    let bit = |name: &Value| {
        name.as_str()
            .and_then(Types::bit)
            .ok_or_else(|| format!("{here}: {name} is not a JSON type"))
    };
    match value {
        Value::Array(names) => {
            let mut bits = 0;
            for name in names {
                bits |= bit(name)?;
            }
            Ok(Types(bits))
        }
        name => Ok(Types(bit(name)?)),
    }
}

fn shown(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_are_numbers_and_whole_numbers_are_integers() {
        let integer = types(&json!("integer"), "").unwrap();
        let node = |value| Node::from_value(&value);
        assert!(integer.admit(&node(json!(2))));
        assert!(integer.admit(&node(json!(2.0))));
        assert!(!integer.admit(&node(json!(2.5))));
        let number = types(&json!("number"), "").unwrap();
        assert!(number.admit(&node(json!(2))));
        let nullable = types(&json!(["string", "null"]), "").unwrap();
        assert_eq!(nullable.names().collect::<Vec<_>>(), ["null", "string"]);
    }

    #[test]
    fn properties_are_found_by_name_in_short_and_long_lists() {
        for count in [0, 3, SCANNED, 50] {
            let names: Vec<String> = (0..count).map(|i| format!("p{i}")).collect();
            let properties = names.iter().enumerate().map(|(i, name)| Property {
                name: name.as_str().into(),
                rule: i as RuleId,
                required: false,
                plain: None,
            });
            let properties: Vec<Property> = properties.collect();
            let rule = Rule {
                slots: slots(&properties),
                properties: Some(properties),
                ..Rule::default()
            };
            for (i, name) in names.iter().enumerate() {
                assert_eq!(rule.property(name).map(|p| p.rule), Some(i as RuleId));
            }
            for absent in ["", "p", "q1", "p1000"] {
                assert!(rule.property(absent).is_none(), "{absent} in {count}");
            }
        }
    }

    #[test]
    fn a_keyword_not_enforced_fails_the_compilation() {
        static BUNDLE: Bundle = Bundle::new(
            r#"{"$defs": {}, "envelope": {"type": "object", "properties": {"id": {"type": "string", "pattern": "^evt"}}}, "data": {}}"#,
        );
        let error = Rules::compile(&BUNDLE).unwrap_err();
        assert!(error.contains("/properties/id/pattern"), "{error}");
    }

    #[test]
    fn a_reference_outside_the_bundle_fails_the_compilation() {
        static BUNDLE: Bundle =
            Bundle::new(r##"{"$defs": {}, "envelope": {"$ref": "#/$defs/Missing"}, "data": {}}"##);
        let error = Rules::compile(&BUNDLE).unwrap_err();
        assert!(error.contains("/$ref"), "{error}");
    }
}
