//! `#[derive(Union)]`: a `oneOf` whose members are told apart by a tag property.
//!
//! The tag may come anywhere in the object, so the value is read into a `serde_json::Value`
//! first and the member chosen by its tag is read from that. An error inside the member is
//! reported as `at <pointer inside the member>: <message>` so that the caller can join it to the
//! pointer of the union itself.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident, LitStr};

use crate::attrs::{runtime, wire, Errors};

pub fn expand(input: &DeriveInput) -> Result<TokenStream, Vec<syn::Error>> {
    let mut errors = Errors::default();
    let container = wire(&input.attrs, &["tag", "crate"], &mut errors);
    let rt = runtime(&container, &mut errors);
    let Data::Enum(data) = &input.data else {
        errors.push(input.ident.span(), "`Union` derives only for enums");
        return errors.finish(TokenStream::new());
    };
    let Some(tag) = container.tag else {
        errors.push(
            input.ident.span(),
            "a `Union` needs `#[wire(tag = \"property\")]`",
        );
        return errors.finish(TokenStream::new());
    };
    let mut members: Vec<(&Ident, LitStr)> = Vec::new();
    let mut other: Option<&Ident> = None;
    for variant in &data.variants {
        let attrs = wire(&variant.attrs, &["rename", "other"], &mut errors);
        let one_field = matches!(&variant.fields, Fields::Unnamed(f) if f.unnamed.len() == 1);
        match (one_field, attrs.other, attrs.rename) {
            (true, None, Some(rename)) => members.push((&variant.ident, rename)),
            (true, Some(_), None) => {
                if other.replace(&variant.ident).is_some() {
                    errors.push(variant.ident.span(), "only one variant may be `#[wire(other)]`");
                }
            }
            _ => errors.push(
                variant.ident.span(),
                "each variant has one field and either `#[wire(rename = \"TAG\")]` or `#[wire(other)]`",
            ),
        }
    }
    let Some(other) = other else {
        errors.push(
            input.ident.span(),
            "a `Union` needs `#[wire(other)] Other(serde_json::Value)` for tags it does not list",
        );
        return errors.finish(TokenStream::new());
    };
    let name = &input.ident;
    let all = members.iter().map(|(ident, _)| *ident).chain([other]);
    let read = members.iter().map(|(ident, value)| {
        quote! {
            ::core::option::Option::Some(#value) => private::union_member(value).map(#name::#ident),
        }
    });
    let generated = crate::generated(name, &rt);
    let tokens = quote! {
        const _: () = {
            use #rt::__private::{self as private, serde};

            #generated

            impl serde::Serialize for #name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    match self {
                        #(#name::#all(member) => serde::Serialize::serialize(member, serializer),)*
                    }
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    let value = <private::Value as private::KeysOnce>::deserialize_keys_once(deserializer)?;
                    match value.get(#tag).and_then(private::Value::as_str) {
                        #(#read)*
                        _ => ::core::result::Result::Ok(#name::#other(value)),
                    }
                }
            }
        };
    };
    errors.finish(tokens)
}
