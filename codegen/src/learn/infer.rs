//! An event type the schemas do not have: a proposed schema for its `data`, inferred from the
//! payloads that carry it. Types from the values, `required` where every payload has the
//! property, `nullable` where one sends `null`; nothing more (no enums, formats or closed
//! objects: a handful of payloads cannot show those).

use serde_json::Value;

use super::check::type_of;
use crate::resolve::idents;
use crate::schema::{Schema, Type};

/// The first lines of an inferred event file. `import` keeps an event file that starts with
/// them while the docs do not define the event (see `import::write`).
pub const INFERRED_HEADER: &str = "\
# Inferred by `voucherify-codegen learn` from payloads, not from Voucherify's docs: REVIEW IT.
# The import keeps this file until the docs define the event; then the docs' schema replaces it.
";

/// The schema of values seen at one place; `name` names it (and, with a suffix, its parts)
/// where it is an object with properties.
pub fn infer(name: &str, values: &[&Value]) -> Schema {
    let nullable = values.iter().any(|v| v.is_null());
    let present: Vec<&Value> = values.iter().copied().filter(|v| !v.is_null()).collect();
    let mut types: Vec<Type> = Vec::new();
    for value in &present {
        let ty = type_of(value);
        if !types.contains(&ty) {
            types.push(ty);
        }
    }
    // An integer where other payloads send a fraction is a number.
    if types.contains(&Type::Number) {
        types.retain(|t| *t != Type::Integer);
    }
    let mut schema = match types.as_slice() {
        [] => Schema::default(),
        [ty] => of_one_type(name, *ty, &present),
        _ => Schema {
            any_of: types
                .iter()
                .enumerate()
                .map(|(i, ty)| {
                    let these: Vec<&Value> = present
                        .iter()
                        .copied()
                        .filter(|v| type_of(v) == *ty || *ty == Type::Number && v.is_number())
                        .collect();
                    of_one_type(&format!("{name}Option{}", i + 1), *ty, &these)
                })
                .collect(),
            ..Schema::default()
        },
    };
    // A node with no keys accepts `null` already.
    schema.nullable = nullable && schema != Schema::default();
    schema
}

fn of_one_type(name: &str, ty: Type, values: &[&Value]) -> Schema {
    let mut schema = Schema::of_type(ty);
    match ty {
        Type::Object => {
            let objects: Vec<&serde_json::Map<String, Value>> =
                values.iter().filter_map(|v| v.as_object()).collect();
            let mut keys: Vec<&String> = Vec::new();
            for object in &objects {
                for key in object.keys() {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
            for key in keys {
                let these: Vec<&Value> = objects.iter().filter_map(|o| o.get(key)).collect();
                if these.len() == objects.len() {
                    schema.required.push(key.clone());
                }
                let child = infer(&format!("{name}{}", upper_camel(key)), &these);
                schema.properties.insert(key.clone(), child);
            }
            if !schema.properties.is_empty() {
                schema.name = Some(name.to_string());
            }
        }
        Type::Array => {
            let items: Vec<&Value> = values
                .iter()
                .filter_map(|v| v.as_array())
                .flatten()
                .collect();
            schema.items = Some(Box::new(infer(&format!("{name}Item"), &items)));
        }
        _ => {}
    }
    schema
}

/// `customer.loyalty_tier.joined` -> `CustomerLoyaltyTierJoined`: the generator's rule
/// ([`idents::upper_camel`]), so that an inferred name is the type name the generator makes of
/// it (`HTTPCode` -> `HttpCode` in both). A schema name is not escaped: the generator escapes it.
pub fn upper_camel(text: &str) -> String {
    let ident = idents::upper_camel(text);
    idents::unraw(&ident).trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn required_where_every_payload_has_it_nullable_where_one_sends_null() {
        let a = json!({"id": "x", "n": 1, "tags": ["a"]});
        let b = json!({"id": "y", "n": null});
        let s = infer("Thing", &[&a, &b]);
        assert_eq!(s.name.as_deref(), Some("Thing"));
        assert_eq!(s.required, vec!["id".to_string(), "n".to_string()]);
        assert_eq!(s.properties["n"].ty, Some(Type::Integer));
        assert!(s.properties["n"].nullable);
        assert!(!s.properties["id"].nullable);
        assert_eq!(
            s.properties["tags"].items.as_ref().unwrap().ty,
            Some(Type::String)
        );
    }

    #[test]
    fn names() {
        assert_eq!(
            upper_camel("customer.loyalty_tier.joined"),
            "CustomerLoyaltyTierJoined"
        );
        assert_eq!(upper_camel("3d"), "V3d");
        assert_eq!(upper_camel("HTTPCode"), "HttpCode");
        assert_eq!(upper_camel("self"), "Self");
    }
}
