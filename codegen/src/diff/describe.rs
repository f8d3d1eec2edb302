//! Short words for a node and for a place, used in the report's sentences and its
//! `before`/`after` values.

use crate::schema::{Additional, Schema, Type};

/// What a node accepts, in a few words: `string (date-time) or null`, `array of Voucher`,
/// `SimpleCustomer`.
pub fn describe(node: &Schema) -> String {
    let base = if let Some(name) = &node.reference {
        name.clone()
    } else if !node.one_of.is_empty() {
        let tag = node.tag.as_deref().unwrap_or("?");
        let what = format!("a union by `{tag}` of {} members", node.one_of.len());
        named(node, what)
    } else {
        match node.ty {
            None if !node.any_of.is_empty() => {
                let members: Vec<String> = node.any_of.iter().map(describe).collect();
                format!("any of ({})", members.join(" | "))
            }
            None => "any JSON".into(),
            Some(Type::Object) if !node.properties.is_empty() => named(node, "an object".into()),
            Some(Type::Object) => match &node.additional_properties {
                Some(Additional::Values(values)) => format!("a map of {}", describe(values)),
                _ => "an object of any properties".into(),
            },
            Some(Type::Array) => match &node.items {
                Some(items) => format!("array of {}", describe(items)),
                None => "array".into(),
            },
            Some(Type::String) if node.enum_values.is_some() => named(node, "a string enum".into()),
            Some(ty) => {
                let ty = match ty {
                    Type::String => "string",
                    Type::Integer => "integer",
                    Type::Number => "number",
                    Type::Boolean => "boolean",
                    Type::Object | Type::Array => unreachable!("matched above"),
                };
                match &node.format {
                    Some(format) => format!("{ty} ({format})"),
                    None => ty.to_string(),
                }
            }
        }
    };
    if node.nullable {
        format!("{base} or null")
    } else {
        base
    }
}

fn named(node: &Schema, what: String) -> String {
    match &node.name {
        Some(name) => name.clone(),
        None => what,
    }
}

/// The thing a pointer ends at, for a sentence: `` `email` ``, `the items of `tags``, `the data`.
pub fn subject(pointer: &str) -> String {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(crate::schema::unescape_pointer_token)
        .collect();
    let last_property = |tokens: &[String]| -> Option<String> {
        let at = tokens.iter().rposition(|t| t == "properties")?;
        tokens.get(at + 1).cloned()
    };
    match tokens.last().map(String::as_str) {
        None => "the object".into(),
        Some("data") if tokens.len() == 1 => "the data".into(),
        Some("items") => match last_property(&tokens[..tokens.len() - 1]) {
            Some(p) => format!("each item of `{p}`"),
            None => "each item".into(),
        },
        Some("additionalProperties") => match last_property(&tokens[..tokens.len() - 1]) {
            Some(p) => format!("each value of `{p}`"),
            None => "each value".into(),
        },
        _ if tokens.len() >= 2 && tokens[tokens.len() - 2] == "properties" => {
            format!("`{}`", tokens[tokens.len() - 1])
        }
        _ if tokens.len() >= 2
            && matches!(tokens[tokens.len() - 2].as_str(), "oneOf" | "anyOf") =>
        {
            format!("member {} of the union", tokens[tokens.len() - 1])
        }
        _ => format!("`{pointer}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects() {
        assert_eq!(subject(""), "the object");
        assert_eq!(subject("/data"), "the data");
        assert_eq!(subject("/data/properties/a~1b"), "`a/b`");
        assert_eq!(subject("/properties/tags/items"), "each item of `tags`");
        assert_eq!(
            subject("/properties/m/additionalProperties"),
            "each value of `m`"
        );
        assert_eq!(subject("/oneOf/2"), "member 2 of the union");
    }
}
