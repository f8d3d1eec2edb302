//! The errors of a walk as [`Violation`]s: a kind, the pointer of the place at fault and one
//! line in the words of the schema.
//!
//! A failed union (`anyOf`, `oneOf`) is explained by the one member that was meant: the
//! members of another JSON type (the `null` of a nullable reference, say) are set aside, and so,
//! among several left, are the members whose tag (a property with a one-value enum) does not
//! match. When one member is left, its own errors are reported at their exact places; when the
//! tag matches no member, the tag is reported as a value not in the enum of all the tags.

use serde_json::Value;

use super::checker::escape;
use super::tree::{self, Node};
use super::validate::{Error, ErrorKind as K};
use super::{Kind, Violation};

pub(super) fn violations(errors: &[Error<'_>]) -> Vec<Violation> {
    let mut out = Vec::new();
    for error in errors {
        explain(error, &mut out);
    }
    out
}

fn explain(error: &Error<'_>, out: &mut Vec<Violation>) {
    let pointer = error.pointer.clone();
    let schema_path = error.schema_path.clone();
    let instance = error.instance.as_ref();
    let mut push = |pointer: String, kind: Kind, message: String| {
        out.push(Violation {
            pointer,
            schema_path: schema_path.clone(),
            kind,
            message,
        })
    };
    match &error.kind {
        K::Required(name) => {
            push(
                format!("{pointer}/{}", escape(name)),
                Kind::MissingRequired,
                format!("missing required property `{name}`"),
            );
        }
        K::Type(types) => {
            let expected = or_list(types.iter().map(|t| t.to_string()));
            if instance.is_null() {
                push(
                    pointer,
                    Kind::NullNotAllowed,
                    format!("expected {expected}, not null"),
                );
            } else {
                let got = describe(instance);
                push(
                    pointer,
                    Kind::WrongType,
                    format!("expected {expected}, got {got}"),
                );
            }
        }
        K::Enum(listed) => push(pointer, Kind::NotInEnum, not_listed(instance, listed)),
        K::Const(expected) => push(
            pointer,
            Kind::NotInEnum,
            not_listed(instance, std::slice::from_ref(expected)),
        ),
        K::Format(format) => push(
            pointer,
            Kind::Format,
            format!(
                "{} is not a valid {format}{}",
                short(instance),
                format_hint(format)
            ),
        ),
        K::AdditionalProperties(unexpected) => {
            for name in unexpected {
                push(
                    format!("{pointer}/{}", escape(name)),
                    Kind::AdditionalProperty,
                    format!("`{name}` is not allowed: this object lists its properties and forbids others"),
                );
            }
        }
        K::AnyOf(members) | K::OneOfNone(members) => union(error, members, out),
        K::OneOfMany => push(
            pointer,
            Kind::NoMatchingShape,
            "matches more than one of the shapes allowed here".into(),
        ),
        K::Other(message) => push(pointer, Kind::Other, first_line(message)),
    }
}

/// Explains a union that no member matched (see the module docs).
fn union(error: &Error<'_>, members: &[Vec<Error<'_>>], out: &mut Vec<Violation>) {
    let at = error.pointer.as_str();
    let instance = error.instance.as_ref();
    // A member that only says "not my type" at the union's own place is of another type.
    let other_type = |errors: &Vec<Error<'_>>| {
        errors
            .iter()
            .all(|e| matches!(e.kind, K::Type(_)) && e.pointer == at)
    };
    let same_type: Vec<&Vec<Error<'_>>> = members.iter().filter(|m| !other_type(m)).collect();
    if same_type.is_empty() {
        // In the members' order: `object or null` for a nullable reference.
        let mut expected: Vec<&str> = Vec::new();
        for e in members.iter().flatten() {
            let types: &[&str] = match &e.kind {
                K::Type(types) => types,
                _ => &[],
            };
            for &t in types {
                if !expected.contains(&t) {
                    expected.push(t);
                }
            }
        }
        let expected = or_list(expected.into_iter().map(str::to_string));
        let (kind, message) = if instance.is_null() {
            (
                Kind::NullNotAllowed,
                format!("expected {expected}, not null"),
            )
        } else {
            (
                Kind::WrongType,
                format!("expected {expected}, got {}", describe(instance)),
            )
        };
        out.push(Violation {
            pointer: at.to_string(),
            schema_path: error.schema_path.clone(),
            kind,
            message,
        });
        return;
    }
    if let [member] = same_type.as_slice() {
        for e in member.iter() {
            explain(e, out);
        }
        return;
    }
    // Of several members of the value's type, those whose tag (a property with a one-value
    // enum) differs from the value's are not meant.
    let meant: Vec<&&Vec<Error<'_>>> = same_type
        .iter()
        .filter(|m| tag_mismatches(m, at).next().is_none())
        .collect();
    if let [member] = meant.as_slice() {
        for e in member.iter() {
            explain(e, out);
        }
        return;
    }
    if meant.is_empty() {
        // No member has the value's tag: the tag is the property every member disagrees on.
        let first: Vec<&str> = tag_mismatches(same_type[0], at)
            .map(|e| e.pointer.as_str())
            .collect();
        let tag_at = first.into_iter().find(|p| {
            same_type
                .iter()
                .all(|m| tag_mismatches(m, at).any(|e| e.pointer == *p))
        });
        if let Some(tag_at) = tag_at {
            let mut listed = Vec::new();
            let mut value = &tree::NULL;
            for e in same_type.iter().flat_map(|m| tag_mismatches(m, at)) {
                if e.pointer != tag_at {
                    continue;
                }
                value = e.instance.as_ref();
                let values: Vec<&Value> = match &e.kind {
                    K::Enum(options) => options.iter().collect(),
                    K::Const(expected) => vec![expected],
                    _ => Vec::new(),
                };
                for v in values {
                    if !listed.contains(v) {
                        listed.push(v.clone());
                    }
                }
            }
            out.push(Violation {
                pointer: tag_at.to_string(),
                schema_path: error.schema_path.clone(),
                kind: Kind::NotInEnum,
                message: not_listed(value, &listed),
            });
            return;
        }
    }
    // The shared objects the value came nearest to, named as in the schema's `$defs`.
    let mut nearest: Vec<&str> = Vec::new();
    let candidates = if meant.is_empty() {
        same_type.iter().collect()
    } else {
        meant
    };
    for member in candidates {
        let name = member.first().and_then(|e| {
            let path = e.schema_path.strip_prefix("/$defs/")?;
            path.split('/').next()
        });
        if let Some(name) = name.filter(|n| !nearest.contains(n)) {
            nearest.push(name);
        }
    }
    let nearest = if nearest.is_empty() {
        String::new()
    } else {
        format!(" (nearest: {})", nearest.join(", "))
    };
    out.push(Violation {
        pointer: at.to_string(),
        schema_path: error.schema_path.clone(),
        kind: Kind::NoMatchingShape,
        message: format!(
            "matches none of the {} shapes allowed here{nearest}",
            members.len()
        ),
    });
}

/// A member's errors that say a property of the union's object (at `at`) differs from the one
/// value its enum allows: the signs of a tag that does not match.
fn tag_mismatches<'e, 'v>(
    errors: &'e [Error<'v>],
    at: &'e str,
) -> impl Iterator<Item = &'e Error<'v>> + 'e {
    errors.iter().filter(move |e| {
        let one_value = match &e.kind {
            K::Enum(options) => options.len() == 1,
            K::Const(_) => true,
            _ => false,
        };
        one_value && e.pointer.rsplit_once('/').map(|(parent, _)| parent) == Some(at)
    })
}

/// `"nope" is not one of the listed values: "A", "B"`, at most ten of them.
fn not_listed(instance: &Node<'_>, listed: &[Value]) -> String {
    const MAX: usize = 10;
    let listed_value = |v| short(&Node::from_value(v));
    let mut values: Vec<String> = listed.iter().take(MAX).map(listed_value).collect();
    if listed.len() > MAX {
        values.push(format!("... ({} in all)", listed.len()));
    }
    format!(
        "{} is not one of the listed values: {}",
        short(instance),
        values.join(", ")
    )
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "another type".into(),
    }
}

/// A value's JSON type and, for a scalar, the value: `string "7000"`, `integer 7`, `object`.
fn describe(value: &Node<'_>) -> String {
    match value {
        Node::Null => "null".into(),
        Node::Bool(b) => format!("boolean {b}"),
        Node::Number(n) if n.is_f64() => format!("number {n}"),
        Node::Number(n) => format!("integer {n}"),
        Node::String(_) => format!("string {}", short(value)),
        Node::Array(_) => "array".into(),
        Node::Object(_) => "object".into(),
    }
}

/// A value as JSON, cut to a readable length on one line.
fn short(value: &Node<'_>) -> String {
    const MAX: usize = 60;
    let text = match value {
        Node::Array(_) => return "an array".into(),
        Node::Object(_) => return "an object".into(),
        _ => serde_json::to_string(value).unwrap_or_default(),
    };
    if text.chars().count() <= MAX {
        return text;
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}...")
}

fn format_hint(format: &str) -> &'static str {
    match format {
        "date-time" => " (RFC 3339, like 2024-01-01T11:11:11.111Z)",
        "date" => " (like 2024-01-01)",
        "time" => " (like 11:11:11Z)",
        _ => "",
    }
}

/// The first line of a message that may quote a whole value: cut short.
fn first_line(message: &str) -> String {
    const MAX: usize = 160;
    let line = message.lines().next().unwrap_or_default();
    if line.chars().count() <= MAX {
        return line.to_string();
    }
    let cut: String = line.chars().take(MAX).collect();
    format!("{cut}...")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_described_briefly() {
        let describe = |value| describe(&Node::from_value(&value));
        assert_eq!(describe(json!("7000")), "string \"7000\"");
        assert_eq!(describe(json!(7)), "integer 7");
        assert_eq!(describe(json!(7.5)), "number 7.5");
        assert_eq!(describe(json!({"a": 1})), "object");
        assert_eq!(
            short(&Node::from_value(&json!("x".repeat(100)))),
            format!("\"{}...", "x".repeat(59))
        );
        assert_eq!(
            or_list(["object", "null"].map(String::from).into_iter()),
            "object or null"
        );
    }

    /// Property names are escaped in the pointers built here (`/` as `~1`, `~` as `~0`): a
    /// pointer to `a/b~c` must not read as the path `a`, `b~c`.
    #[test]
    fn the_pointers_built_here_escape_property_names() {
        use crate::json_schema::Bundle;
        static BUNDLE: Bundle = Bundle::new(
            r#"{"$defs": {}, "data": {}, "envelope": {
                "type": "object",
                "required": ["spring/2024~a"],
                "properties": {"spring/2024~a": {"type": "string"}},
                "additionalProperties": false
            }}"#,
        );
        let rules = super::super::rules::Rules::compile(&BUNDLE).unwrap();
        let instance = Node::from_value(&json!({"bonus/extra~1": 1}));
        let (errors, _) = super::super::validate::walk(&rules, rules.envelope, &instance, false);
        let found = violations(&errors);
        let pointers: Vec<(&str, Kind)> =
            found.iter().map(|v| (v.pointer.as_str(), v.kind)).collect();
        assert!(
            pointers.contains(&("/spring~12024~0a", Kind::MissingRequired)),
            "{pointers:?}"
        );
        assert!(
            pointers.contains(&("/bonus~1extra~01", Kind::AdditionalProperty)),
            "{pointers:?}"
        );
    }
}
