//! What a field's type is asserted to fit: the schema's shapes as the types and traits of
//! `voucherify_webhooks::view`, and the little the derive reads of a user's type itself (is it
//! written `Option<_>`, is it `Value`), which rustc cannot tell it.

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{GenericArgument, PathArguments, Type};

use super::digest::{Def, Digest, Shape};

/// `ty: bound`, as a call that rustc checks at the field's type. The bound is the kind's own
/// trait (`FitsInteger`), not `Fits<Integer>`, so that rustc reports that trait's message.
pub fn assertion(bound: TokenStream, ty: &Type) -> TokenStream {
    let call = quote_spanned!(ty.span()=> __fits::<#ty>(););
    quote! {
        {
            fn __fits<__T: #bound>() {}
            #call
        }
    }
}

/// The trait a field of `shape` must implement (`FitsString`, `FitsArray<kind::String>`);
/// records the gates of the types it names.
pub fn bound(
    digest: &Digest,
    root: &syn::Path,
    shape: &Shape,
    gates: &mut BTreeSet<String>,
) -> TokenStream {
    kind(digest, root, shape, gates).bound
}

/// A shape as types: `full` stands for it inside `Fits<...>`, `bound` is the trait of its kind.
struct Kind {
    full: TokenStream,
    bound: TokenStream,
}

fn kind(digest: &Digest, root: &syn::Path, shape: &Shape, gates: &mut BTreeSet<String>) -> Kind {
    let runtime = syn::parse_str::<syn::Path>(&digest.runtime)
        .unwrap_or_else(|_| syn::parse_quote!(::voucherify_webhooks));
    let view = quote!(#runtime::view);
    let plain = |name: &str, fits: &str| {
        let name = syn::Ident::new(name, Span::call_site());
        let fits = syn::Ident::new(fits, Span::call_site());
        Kind {
            full: quote!(#view::kind::#name),
            bound: quote!(#view::#fits),
        }
    };
    let wrapped = |name: &str, fits: &str, inner: Kind| {
        let name = syn::Ident::new(name, Span::call_site());
        let fits = syn::Ident::new(fits, Span::call_site());
        let inner = inner.full;
        Kind {
            full: quote!(#view::kind::#name<#inner>),
            bound: quote!(#view::#fits<#inner>),
        }
    };
    match shape {
        Shape::String => plain("String", "FitsString"),
        Shape::Integer => plain("Integer", "FitsInteger"),
        Shape::Number => plain("Number", "FitsNumber"),
        Shape::Boolean => plain("Boolean", "FitsBoolean"),
        Shape::Any => plain("Any", "FitsAny"),
        Shape::FreeForm => plain("AnyObject", "FitsAnyObject"),
        Shape::Array(item) => wrapped("Array", "FitsArray", kind(digest, root, item, gates)),
        Shape::Map(value) => wrapped("MapOf", "FitsMap", kind(digest, root, value, gates)),
        Shape::Nullable(inner) => {
            wrapped("Nullable", "FitsNullable", kind(digest, root, inner, gates))
        }
        Shape::Named(name) => {
            // The digest's parser checked every name and every name is an identifier; `Any`
            // is only a fallback that keeps this function total.
            let (Some(def), Ok(ident)) = (digest.get(name), syn::parse_str::<syn::Ident>(name))
            else {
                return plain("Any", "FitsAny");
            };
            let (name, fits) = match &def.def {
                Def::Newtype(inner) => return kind(digest, root, inner, gates),
                Def::Object(_) => ("Object", "FitsObject"),
                Def::Enum => ("Enum", "FitsEnum"),
                Def::Union => ("Union", "FitsUnion"),
            };
            if let Some(gate) = &def.gate {
                gates.insert(gate.clone());
            }
            let name = syn::Ident::new(name, Span::call_site());
            let fits = syn::Ident::new(fits, Span::call_site());
            Kind {
                full: quote!(#view::kind::#name<#root::#ident>),
                bound: quote!(#view::#fits<#root::#ident>),
            }
        }
    }
}

/// `T` of a field written `Option<T>` (any path ending in `Option`).
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if path.qself.is_some() || last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(inner)) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// A field written `Value` or `serde_json::Value`, which holds `null` itself.
pub fn is_value(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    path.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "Value" && s.arguments.is_empty())
}

/// A type as the user wrote it, for messages: `Option<Vec<String>>`.
pub fn type_text(ty: &Type) -> String {
    let mut text = ty.to_token_stream().to_string();
    for (from, to) in [
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ::", "::"),
        (":: ", "::"),
        (" ,", ","),
        ("& ", "&"),
    ] {
        text = text.replace(from, to);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_types_as_users_do() {
        let ty: Type = syn::parse_quote!(Option<Vec<std::borrow::Cow<'static, str>>>);
        assert_eq!(
            type_text(&ty),
            "Option<Vec<std::borrow::Cow<'static, str>>>"
        );
        let ty: Type = syn::parse_quote!(&'a str);
        assert_eq!(type_text(&ty), "&'a str");
        assert!(option_inner(&syn::parse_quote!(core::option::Option<u8>)).is_some());
        assert!(option_inner(&syn::parse_quote!(Vec<u8>)).is_none());
        assert!(is_value(&syn::parse_quote!(serde_json::Value)));
    }
}
