//! What the `#[serde(...)]` attributes of a view say about its wire names and absent values.
//!
//! Read leniently: serde_derive owns these attributes and reports their mistakes, so a key this
//! derive does not need is skipped and a malformed one is left for serde to explain.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{Attribute, LitStr};

/// The container attributes that matter to a view.
#[derive(Default)]
pub struct Container {
    pub rename_all: Option<LitStr>,
    pub default: bool,
    pub deny_unknown_fields: Option<Span>,
}

/// The field attributes that matter to a view.
#[derive(Default)]
pub struct Field {
    /// The wire name (`rename = "..."` or `rename(deserialize = "...")`).
    pub rename: Option<LitStr>,
    pub aliases: Vec<LitStr>,
    pub default: bool,
    pub flatten: bool,
    /// `skip` or `skip_deserializing`: serde never reads the field.
    pub skip: bool,
    /// `deserialize_with` or `with`: the user's own function reads the value.
    pub custom: bool,
}

pub fn container(attrs: &[Attribute]) -> Container {
    let mut out = Container::default();
    for_each_key(attrs, |key, meta| {
        match key {
            "rename_all" => out.rename_all = renamed(meta)?,
            "default" => {
                out.default = true;
                skip_value(meta)?;
            }
            "deny_unknown_fields" => out.deny_unknown_fields = Some(meta.path.span()),
            _ => skip_value(meta)?,
        }
        Ok(())
    });
    out
}

pub fn field(attrs: &[Attribute]) -> Field {
    let mut out = Field::default();
    for_each_key(attrs, |key, meta| {
        match key {
            "rename" => out.rename = renamed(meta)?,
            "alias" => out.aliases.push(meta.value()?.parse()?),
            "default" => {
                out.default = true;
                skip_value(meta)?;
            }
            "flatten" => out.flatten = true,
            "skip" | "skip_deserializing" => out.skip = true,
            "deserialize_with" | "with" => {
                out.custom = true;
                skip_value(meta)?;
            }
            _ => skip_value(meta)?,
        }
        Ok(())
    });
    out
}

/// Calls `each` with every key of every `#[serde(...)]`.
fn for_each_key(
    attrs: &[Attribute],
    mut each: impl FnMut(&str, &ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        // An error here is serde's to report, with its own message.
        let _ = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            each(&key, &meta)
        });
    }
}

/// `key = "x"`, or the `deserialize` half of `key(serialize = "a", deserialize = "b")`.
fn renamed(meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(syn::Token![=]) {
        return Ok(Some(meta.value()?.parse()?));
    }
    let mut found = None;
    meta.parse_nested_meta(|inner| {
        let value: LitStr = inner.value()?.parse()?;
        if inner.path.is_ident("deserialize") {
            found = Some(value);
        }
        Ok(())
    })?;
    Ok(found)
}

/// Consumes whatever follows a key: `= value`, `(...)` or nothing.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(tokens: TokenStream) -> Vec<Attribute> {
        let item: syn::ItemStruct = syn::parse2(quote::quote!(#tokens struct S;)).unwrap();
        item.attrs
    }

    #[test]
    fn reads_what_a_view_needs_and_skips_the_rest() {
        let c = container(&attrs(quote::quote! {
            #[serde(rename_all = "camelCase", bound(deserialize = "T: X"), default)]
            #[serde(deny_unknown_fields)]
        }));
        assert_eq!(c.rename_all.unwrap().value(), "camelCase");
        assert!(c.default && c.deny_unknown_fields.is_some());

        let f = field(&attrs(quote::quote! {
            #[serde(rename(serialize = "out", deserialize = "in"), alias = "other")]
            #[serde(default = "zero", skip_serializing_if = "Option::is_none", flatten)]
            #[doc = "not serde"]
        }));
        assert_eq!(f.rename.unwrap().value(), "in");
        assert_eq!(f.aliases[0].value(), "other");
        assert!(f.default && f.flatten && !f.skip && !f.custom);

        let f = field(&attrs(
            quote::quote!(#[serde(skip_deserializing, with = "m")]),
        ));
        assert!(f.skip && f.custom && f.rename.is_none());
    }
}
