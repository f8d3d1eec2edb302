//! String enums and tagged unions: the items whose variants come from wire values.

use crate::schema::Schema;

use crate::resolve::docs;
use crate::resolve::idents::{upper_camel, Scope};
use crate::resolve::ir::{Item, StringEnum, Union, Variant};

use super::{Collector, Cx};

impl Collector<'_> {
    pub(super) fn string_enum(&mut self, schema: &Schema, cx: &Cx) -> String {
        let name = self.name_for(schema, cx);
        let mut scope = Scope::with_reserved(&["Other"]);
        let mut variants: Vec<Variant> = Vec::new();
        for value in schema.enum_values.iter().flatten() {
            let Some(value) = value.as_str() else {
                continue;
            };
            if variants.iter().any(|v| v.wire == value) {
                self.error(cx, format!("the value `{value}` is listed twice"));
                continue;
            }
            let ident = variant_ident(&mut scope, value);
            variants.push(Variant {
                ident,
                wire: value.to_string(),
                docs: vec![format!("`{value}`")],
            });
        }
        let first = docs::note(schema).unwrap_or_else(|| {
            "A string with a documented set of values; any other value is kept in [`Self::Other`]"
                .to_string()
        });
        let wire = format!("Wire values of {}", docs::wire_place(&cx.place));
        let item = Item::Enum(StringEnum {
            name: name.clone(),
            docs: docs::type_docs(first, wire, &cx.place),
            variants,
            other: "Other".into(),
        });
        self.put(self.items.len(), cx, item);
        name
    }

    pub(super) fn union(&mut self, schema: &Schema, cx: &Cx) -> String {
        let set = self.set;
        let name = self.name_for(schema, cx);
        let slot = self.items.len();
        let tag = schema.tag.clone().unwrap_or_default();
        let inner = cx.inside(&name);
        let mut scope = Scope::with_reserved(&["Other"]);
        let mut members: Vec<(Variant, String)> = Vec::new();
        for (i, member) in schema.one_of.iter().enumerate() {
            let member_cx = inner.child(&format!("/oneOf/{i}"), "", "");
            let (target, type_name) = match (&member.reference, &member.name) {
                (Some(reference), _) => match set.objects.get(reference) {
                    Some(target) => (target, reference.clone()),
                    None => continue, // the loader reports unknown references
                },
                (None, Some(member_name)) if !member.properties.is_empty() => {
                    self.ty(member, &member_cx);
                    (member, member_name.clone())
                }
                _ => {
                    self.error(
                        &member_cx,
                        "a `oneOf` member must be a `$ref` or a named object",
                    );
                    continue;
                }
            };
            let value = target
                .properties
                .get(&tag)
                .and_then(|p| match p.enum_values.as_deref() {
                    Some([single]) => single.as_str(),
                    _ => None,
                });
            let Some(value) = value else {
                self.error(
                    &member_cx,
                    format!(
                        "member `{type_name}` needs a `{tag}` property whose `enum` has exactly one string value (it tells the members apart)"
                    ),
                );
                continue;
            };
            if members.iter().any(|(v, _)| v.wire == value) {
                self.error(
                    &member_cx,
                    format!("two members of the `oneOf` have the `{tag}` value `{value}`"),
                );
                continue;
            }
            let ident = variant_ident(&mut scope, value);
            let docs = vec![format!("`{tag}` is `{value}`: a [`{type_name}`].")];
            members.push((
                Variant {
                    ident,
                    wire: value.to_string(),
                    docs,
                },
                type_name,
            ));
        }
        let first = docs::note(schema).unwrap_or_else(|| {
            format!(
                "One of several kinds of object, told apart by `{tag}`; an unknown kind is kept as JSON in [`Self::Other`]"
            )
        });
        let wire = format!("Wire object {}", docs::wire_place(&cx.place));
        let item = Item::Union(Union {
            name: name.clone(),
            docs: docs::type_docs(first, wire, &cx.place),
            tag,
            members,
            other: "Other".into(),
        });
        self.put(slot, cx, item);
        name
    }
}

/// A variant ident for a wire value; `Other` is the fallback's, so a value named so gets
/// `Other_`.
fn variant_ident(scope: &mut Scope, value: &str) -> String {
    let ident = upper_camel(value);
    if ident == "Other" {
        scope.claim_with_underscores(&ident)
    } else {
        scope.claim(ident)
    }
}
