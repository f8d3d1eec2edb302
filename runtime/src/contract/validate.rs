//! One walk of a payload along its [`Rules`]: every place that breaks a rule, as an [`Error`]
//! for [`explain`](super::explain) to word, and, in the same walk, the drift (properties no
//! `properties` lists, which a typed value keeps in `extra`).
//!
//! The walk follows JSON Schema's meaning for the keywords the rules know: every keyword of a
//! node applies on its own (a string outside the enum of an integer field breaks both `type`
//! and `enum`), object keywords apply to objects only, array keywords to arrays only. A union
//! that no member matches reports the errors of every member, which `explain` sorts out.
//!
//! Drift follows what fits: it walks into a node's children only when the node's `type`
//! lists the value's own JSON type, and into a union through the member the value was meant
//! for ([`Walk::meant`]), whether or not that member matched.
//!
//! Nothing is allocated for a payload that conforms: pointers and schema paths are built only
//! for what is reported.

use std::borrow::Cow;

use serde_json::Value;

use super::checker::escape;
use super::rules::{Additional, Property, Rule, RuleId, Rules};
use super::tree::{Node, Object};
use super::{Kind, Violation};

/// A walk stops after this many schema steps without a payload step (`$ref` chains, unions of
/// unions): a guard against a schema that refers to itself without nesting.
const MAX_HOPS: u32 = 32;

/// A rule that a value breaks, in JSON Schema's terms.
#[derive(Debug)]
pub(super) struct Error<'v> {
    /// The JSON pointer of the value.
    pub pointer: String,
    /// The schema path of the keyword broken.
    pub schema_path: String,
    pub instance: Cow<'v, Node<'v>>,
    pub kind: ErrorKind<'v>,
}

#[derive(Debug)]
pub(super) enum ErrorKind<'v> {
    /// An absent property of `required`.
    Required(String),
    /// `type`: the names of the types allowed.
    Type(Vec<&'static str>),
    Enum(Vec<Value>),
    Const(Value),
    Format(String),
    /// `additionalProperties: false`: the properties not listed.
    AdditionalProperties(Vec<String>),
    /// `anyOf`: the errors of each member.
    AnyOf(Vec<Vec<Error<'v>>>),
    /// `oneOf` that no member matches: the errors of each member.
    OneOfNone(Vec<Vec<Error<'v>>>),
    /// `oneOf` that more than one member matches.
    OneOfMany,
    /// Anything else, in words (from the reference engine).
    #[cfg_attr(not(feature = "jsonschema-reference"), allow(dead_code))]
    Other(String),
}

/// Where a walk is in the payload: the steps from the root, kept on the stack and written out
/// as a JSON pointer only for what is reported.
#[derive(Clone, Copy)]
enum Step<'p> {
    Root,
    Key(&'p Step<'p>, &'p str),
    Index(&'p Step<'p>, usize),
}

impl Step<'_> {
    fn pointer(&self) -> String {
        match self {
            Step::Root => String::new(),
            Step::Key(parent, key) => format!("{}/{}", parent.pointer(), escape(key)),
            Step::Index(parent, i) => format!("{}/{i}", parent.pointer()),
        }
    }
}

/// Walks `value` along the rule `root`: the errors, and (with `drift`) the warnings.
pub(super) fn walk<'v>(
    rules: &Rules,
    root: RuleId,
    value: &'v Node<'v>,
    drift: bool,
) -> (Vec<Error<'v>>, Vec<Violation>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let walk = Walk { rules };
    walk.collect(
        root,
        value,
        &Step::Root,
        &mut errors,
        drift.then_some(&mut warnings),
        0,
    );
    (errors, warnings)
}

struct Walk<'r> {
    rules: &'r Rules,
}

impl<'r> Walk<'r> {
    /// Every error of `value` against the rule `id`, and the drift when `drift` is given.
    ///
    /// The errors come in the order the reference engine gives them (cheap keywords first,
    /// `$ref` last): the first error of a union's member names the shape it came nearest to.
    fn collect<'v>(
        &self,
        id: RuleId,
        value: &'v Node<'v>,
        step: &Step<'_>,
        errors: &mut Vec<Error<'v>>,
        mut drift: Option<&mut Vec<Violation>>,
        hops: u32,
    ) {
        if hops > MAX_HOPS {
            return;
        }
        let rule = self.rules.get(id);
        // The generator writes `$ref` alone; were there keywords beside it, they would be
        // validated too, but drift follows the reference only.
        let reference_drift = match rule.reference {
            Some(_) => drift.take(),
            None => None,
        };
        let error = |keyword: &str, kind: ErrorKind<'v>| Error {
            pointer: step.pointer(),
            schema_path: format!("{}/{keyword}", rule.at),
            instance: Cow::Borrowed(value),
            kind,
        };
        if let Some(types) = rule.types {
            if !types.admit(value) {
                errors.push(error("type", ErrorKind::Type(types.names().collect())));
            }
        }
        if let Some(constant) = &rule.constant {
            if !same(constant, value) {
                errors.push(error("const", ErrorKind::Const(constant.clone())));
            }
        }
        if let Some(listed) = &rule.enumeration {
            if !listed.iter().any(|v| same(v, value)) {
                errors.push(error("enum", ErrorKind::Enum(listed.clone())));
            }
        }
        // `required` comes here, found while the properties are walked.
        let required_at = errors.len();
        if let (Some(format), Node::String(text)) = (rule.format, value) {
            if !format.admits(text) {
                errors.push(error("format", ErrorKind::Format(format.name().into())));
            }
        }
        // Drift goes on into a value only of a type the node lists.
        let mut children_drift = drift
            .as_deref_mut()
            .filter(|_| rule.types.is_none_or(|t| t.lists_type_of(value)));
        match value {
            Node::Object(object) => self.object(
                rule,
                value,
                object,
                step,
                errors,
                required_at,
                children_drift,
            ),
            Node::Array(items) => {
                if let Some(item_rule) = rule.items {
                    for (i, item) in items.iter().enumerate() {
                        let here = Step::Index(step, i);
                        let drift = children_drift.as_deref_mut();
                        self.collect(item_rule, item, &here, errors, drift, 0);
                    }
                }
            }
            _ => {}
        }
        for member in &rule.all_of {
            self.collect(*member, value, step, errors, None, hops + 1);
        }
        if !rule.any_of.is_empty() && !self.any_of(rule, value, step, drift.as_deref_mut(), hops) {
            let members = self.member_errors(&rule.any_of, value, step, hops);
            errors.push(error("anyOf", ErrorKind::AnyOf(members)));
        }
        if !rule.one_of.is_empty() {
            // The member walked for the drift is known valid when its walk found no error:
            // it is not walked a second time to be counted.
            let mut walked = None;
            if let Some(drift) = drift {
                if let Some(meant) = self.meant(&rule.one_of, value) {
                    let mut errors = Vec::new();
                    self.collect(meant, value, step, &mut errors, Some(drift), hops + 1);
                    walked = errors.is_empty().then_some(meant);
                }
            }
            let matching = rule
                .one_of
                .iter()
                .filter(|m| Some(**m) == walked || self.valid(**m, value, hops + 1))
                .count();
            match matching {
                1 => {}
                0 => {
                    let members = self.member_errors(&rule.one_of, value, step, hops);
                    errors.push(error("oneOf", ErrorKind::OneOfNone(members)));
                }
                _ => errors.push(error("oneOf", ErrorKind::OneOfMany)),
            }
        }
        if let Some(target) = rule.reference {
            self.collect(target, value, step, errors, reference_drift, hops + 1);
        }
    }

    /// Whether an `anyOf` matches, walking the member the value was meant for with the drift.
    fn any_of(
        &self,
        rule: &Rule,
        value: &Node<'_>,
        step: &Step<'_>,
        drift: Option<&mut Vec<Violation>>,
        hops: u32,
    ) -> bool {
        let mut walked = None;
        if let Some(drift) = drift {
            if let Some(meant) = self.meant(&rule.any_of, value) {
                let mut errors = Vec::new();
                self.collect(meant, value, step, &mut errors, Some(drift), hops + 1);
                if errors.is_empty() {
                    return true;
                }
                walked = Some(meant);
            }
        }
        rule.any_of
            .iter()
            .any(|m| Some(*m) != walked && self.valid(*m, value, hops + 1))
    }

    /// The errors of each member of a union that none matched.
    fn member_errors<'v>(
        &self,
        members: &[RuleId],
        value: &'v Node<'v>,
        step: &Step<'_>,
        hops: u32,
    ) -> Vec<Vec<Error<'v>>> {
        members
            .iter()
            .map(|m| {
                let mut errors = Vec::new();
                self.collect(*m, value, step, &mut errors, None, hops + 1);
                errors
            })
            .collect()
    }

    /// The object keywords: `required` (its errors placed at `required_at`, before those of
    /// the properties), `properties`, then `additionalProperties`.
    #[allow(clippy::too_many_arguments)]
    fn object<'v>(
        &self,
        rule: &Rule,
        whole: &'v Node<'v>,
        object: &'v Object<'v>,
        step: &Step<'_>,
        errors: &mut Vec<Error<'v>>,
        required_at: usize,
        mut drift: Option<&mut Vec<Violation>>,
    ) {
        let mut required_seen = 0;
        let mut unexpected = Vec::new();
        // The errors of values under `additionalProperties`, which come after the properties'.
        let mut additional = Vec::new();
        for (key, value) in object.iter() {
            let here = Step::Key(step, key);
            match rule.property(key) {
                Some(property) => {
                    required_seen += usize::from(property.required);
                    if plain_scalar_fits(property, value) {
                        continue;
                    }
                    self.collect(property.rule, value, &here, errors, drift.as_deref_mut(), 0);
                }
                None => {
                    if let Additional::Rule(values) = rule.additional {
                        let drift = drift.as_deref_mut();
                        self.collect(values, value, &here, &mut additional, drift, 0);
                        continue;
                    }
                    if let Additional::Forbidden = rule.additional {
                        unexpected.push(key.to_string());
                    }
                    // An object with neither `properties` nor a value shape is free-form: its
                    // properties are all as documented as they will ever be.
                    if let (Some(drift), Some(_)) = (drift.as_deref_mut(), &rule.properties) {
                        drift.push(Violation {
                            pointer: here.pointer(),
                            schema_path: format!("{}/properties", rule.at),
                            kind: Kind::UndocumentedProperty,
                            message: format!(
                                "`{key}` is not documented here (a typed value keeps it in `extra`)"
                            ),
                        });
                    }
                }
            }
        }
        if required_seen < rule.required_listed || rule.required.len() > rule.required_listed {
            let missing = rule
                .required
                .iter()
                .filter(|name| !object.contains_key(name))
                .map(|name| Error {
                    pointer: step.pointer(),
                    schema_path: format!("{}/required", rule.at),
                    instance: Cow::Borrowed(whole),
                    kind: ErrorKind::Required(name.to_string()),
                });
            let missing: Vec<Error<'v>> = missing.collect();
            errors.splice(required_at..required_at, missing);
        }
        if !unexpected.is_empty() {
            errors.push(Error {
                pointer: step.pointer(),
                schema_path: format!("{}/additionalProperties", rule.at),
                instance: Cow::Borrowed(whole),
                kind: ErrorKind::AdditionalProperties(unexpected),
            });
        }
        errors.append(&mut additional);
    }

    /// Whether `value` matches the rule `id`: the walk of [`Walk::collect`] without the
    /// errors, stopping at the first.
    fn valid(&self, id: RuleId, value: &Node<'_>, hops: u32) -> bool {
        if hops > MAX_HOPS {
            return true;
        }
        let rule = self.rules.get(id);
        if rule
            .reference
            .is_some_and(|target| !self.valid(target, value, hops + 1))
        {
            return false;
        }
        if rule.types.is_some_and(|t| !t.admit(value))
            || rule
                .enumeration
                .as_ref()
                .is_some_and(|listed| !listed.iter().any(|v| same(v, value)))
            || rule.constant.as_ref().is_some_and(|c| !same(c, value))
        {
            return false;
        }
        if let (Some(format), Node::String(text)) = (rule.format, value) {
            if !format.admits(text) {
                return false;
            }
        }
        if !rule.any_of.is_empty() && !rule.any_of.iter().any(|m| self.valid(*m, value, hops + 1)) {
            return false;
        }
        if !rule.one_of.is_empty()
            && rule
                .one_of
                .iter()
                .filter(|m| self.valid(**m, value, hops + 1))
                .count()
                != 1
        {
            return false;
        }
        if !rule.all_of.iter().all(|m| self.valid(*m, value, hops + 1)) {
            return false;
        }
        match value {
            Node::Object(object) => {
                let mut required_seen = 0;
                for (key, value) in object.iter() {
                    let fits = match rule.property(key) {
                        Some(property) => {
                            required_seen += usize::from(property.required);
                            plain_scalar_fits(property, value)
                                || self.valid(property.rule, value, 0)
                        }
                        None => match rule.additional {
                            Additional::Allowed => true,
                            Additional::Forbidden => false,
                            Additional::Rule(values) => self.valid(values, value, 0),
                        },
                    };
                    if !fits {
                        return false;
                    }
                }
                required_seen == rule.required_listed
                    && (rule.required.len() == rule.required_listed
                        || rule.required.iter().all(|n| object.contains_key(n)))
            }
            Node::Array(items) => match rule.items {
                Some(item_rule) => items.iter().all(|item| self.valid(item_rule, item, 0)),
                None => true,
            },
            _ => true,
        }
    }

    /// The member of a union the value was meant for: of its JSON type; for an object, with no
    /// one-value `enum` (a tag) that the value contradicts; then preferring a member whose
    /// `enum` lists the value, then the one sharing the most property names with it.
    fn meant(&self, members: &[RuleId], value: &Node<'_>) -> Option<RuleId> {
        let fits = |member: &RuleId| {
            let resolved = self.resolve(*member);
            !(resolved.types.is_some_and(|t| !t.lists_type_of(value))
                || contradicts_tag(resolved, value))
        };
        // Most unions are a reference or `null`: one member of the value's type, no scoring.
        let mut candidates = members.iter().filter(|m| fits(m));
        let first = *candidates.next()?;
        if candidates.next().is_none() {
            return Some(first);
        }
        let mut best: Option<(RuleId, (bool, usize))> = None;
        for member in members.iter().filter(|m| fits(m)) {
            let resolved = self.resolve(*member);
            let listed = match &resolved.enumeration {
                Some(values) => values.iter().any(|v| value == v),
                None => true,
            };
            let shared = match (&resolved.properties, value) {
                (Some(_), Node::Object(o)) => o
                    .iter()
                    .filter(|(k, _)| resolved.property(k).is_some())
                    .count(),
                _ => 0,
            };
            let score = (listed, shared);
            if best.is_none_or(|(_, most)| score > most) {
                best = Some((*member, score));
            }
        }
        best.map(|(member, _)| member)
    }

    /// The rule at the end of a chain of `$ref`s.
    fn resolve(&self, mut id: RuleId) -> &'r Rule {
        for _ in 0..MAX_HOPS {
            match self.rules.get(id).reference {
                Some(target) => id = target,
                None => break,
            }
        }
        self.rules.get(id)
    }
}

/// Whether `value` is a scalar that the property's rule, a plain `type`, admits: the common
/// leaf, settled without a walk (which would find nothing, and no drift, in a scalar).
fn plain_scalar_fits(property: &Property, value: &Node<'_>) -> bool {
    !matches!(value, Node::Object(_) | Node::Array(_))
        && property.plain.is_some_and(|t| t.admit(value))
}

/// Whether the value contradicts a tag of the rule: a property whose `enum` has one value,
/// present in the value with another.
fn contradicts_tag(rule: &Rule, value: &Node<'_>) -> bool {
    let Node::Object(object) = value else {
        return false;
    };
    rule.tags
        .iter()
        .any(|(name, tag)| object.get(name).is_some_and(|v| v != tag))
}

/// Equality as JSON Schema means it for `enum` and `const`: numbers by their value (`1` is
/// `1.0`), arrays item by item, objects key by key.
fn same(a: &Value, b: &Node<'_>) -> bool {
    match (a, b) {
        (Value::Number(x), Node::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Node::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Node::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => b == a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_the_same_by_value() {
        let same = |a: Value, b: Value| same(&a, &Node::from_value(&b));
        assert!(same(json!(1), json!(1.0)));
        assert!(same(json!([1, {"a": 2}]), json!([1.0, {"a": 2.0}])));
        assert!(!same(json!(1), json!(2)));
        assert!(!same(json!("1"), json!(1)));
        assert!(!same(json!(u64::MAX), json!(-1)));
        assert!(!same(json!({"a": 1}), json!({"b": 1})));
    }

    #[test]
    fn pointers_escape_keys() {
        let root = Step::Root;
        let a = Step::Key(&root, "a/b~c");
        let b = Step::Index(&a, 3);
        assert_eq!(b.pointer(), "/a~1b~0c/3");
    }
}
