//! `#[derive(Object)]`: lossless serde for a struct of named fields.
//!
//! Written out here instead of using `serde_derive` with `#[serde(flatten)]` because flatten
//! buffers every object into an intermediate tree (slow), hides the path of a failing field
//! (bad errors), and cannot tell an absent property from a null one.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, PathArguments, Type};

use crate::attrs::{runtime, wire, Errors};

/// One named field as the derive sees it.
struct Field<'a> {
    ident: &'a Ident,
    ty: &'a Type,
    wire_name: LitStr,
    kind: Kind<'a>,
}

enum Kind<'a> {
    /// Must be present; `Option<T>` here means "present, maybe null".
    Required,
    /// May be absent: the field is `Option<inner>`.
    Optional { inner: &'a Type },
}

pub fn expand(input: &DeriveInput) -> Result<TokenStream, Vec<syn::Error>> {
    let mut errors = Errors::default();
    // The container may carry the event attributes read by `WebhookEvent`.
    let container = wire(
        &input.attrs,
        &["event", "channel", "docs", "crate"],
        &mut errors,
    );
    let rt = runtime(&container, &mut errors);
    if !input.generics.params.is_empty() {
        errors.push(
            input.generics.span(),
            "`Object` does not support generic types",
        );
    }
    let Data::Struct(data) = &input.data else {
        errors.push(input.ident.span(), "`Object` derives only for structs");
        return errors.finish(TokenStream::new());
    };
    match &data.fields {
        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
            errors.finish(newtype(input, &fields.unnamed[0].ty, &rt))
        }
        Fields::Named(fields) => {
            let mut known = Vec::new();
            let mut extra = None;
            for field in &fields.named {
                // `personal` is read by `RedactedDebug`; serde has no use for it.
                let attrs = wire(
                    &field.attrs,
                    &["rename", "optional", "extra", "personal"],
                    &mut errors,
                );
                let ident = field.ident.as_ref().expect("named fields have idents");
                if let Some(span) = attrs.extra {
                    if extra.replace(ident).is_some() {
                        errors.push(span, "only one field may be `#[wire(extra)]`");
                    }
                    continue;
                }
                let wire_name = attrs.rename.unwrap_or_else(|| {
                    LitStr::new(ident.to_string().trim_start_matches("r#"), ident.span())
                });
                let kind = match attrs.optional {
                    None => Kind::Required,
                    Some(span) => match option_inner(&field.ty) {
                        Some(inner) => Kind::Optional { inner },
                        None => {
                            errors.push(span, "a `#[wire(optional)]` field must be an `Option<_>`");
                            continue;
                        }
                    },
                };
                known.push(Field {
                    ident,
                    ty: &field.ty,
                    wire_name,
                    kind,
                });
            }
            let mut seen = std::collections::BTreeMap::new();
            for f in &known {
                if let Some(first) = seen.insert(f.wire_name.value(), f.ident) {
                    errors.push(
                        f.wire_name.span(),
                        format!(
                            "the wire name `{}` is also used by `{first}`",
                            f.wire_name.value()
                        ),
                    );
                }
            }
            let Some(extra) = extra else {
                errors.push(
                    input.ident.span(),
                    "an `Object` needs one `#[wire(extra)] extra: Map` field to keep unknown properties",
                );
                return errors.finish(TokenStream::new());
            };
            errors.finish(named(input, &known, extra, &rt))
        }
        _ => {
            errors.push(
                input.ident.span(),
                "`Object` derives for structs with named fields, or newtypes",
            );
            errors.finish(TokenStream::new())
        }
    }
}

/// `Option<T>` -> `T`, read from the syntax (the only form the generator writes).
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

fn newtype(input: &DeriveInput, inner: &Type, rt: &TokenStream) -> TokenStream {
    let name = &input.ident;
    let generated = crate::generated(name, rt);
    quote! {
        const _: () = {
            use #rt::__private::{self as private, serde};
            use private::{ReadAsSerde as _, ReadKeysOnce as _};
            #generated
            impl serde::Serialize for #name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    serde::Serialize::serialize(&self.0, serializer)
                }
            }
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    let seed = (&private::Field::<#inner>::new()).seed();
                    serde::de::DeserializeSeed::deserialize(seed, deserializer).map(#name)
                }
            }
        };
    }
}

fn named(input: &DeriveInput, fields: &[Field], extra: &Ident, rt: &TokenStream) -> TokenStream {
    let name = &input.ident;
    let generated = crate::generated(name, rt);
    let expecting = format!("an object `{name}`");
    let slots: Vec<Ident> = (0..fields.len())
        .map(|i| Ident::new(&format!("__f{i}"), Span::call_site()))
        .collect();

    let declare = fields.iter().zip(&slots).map(|(f, slot)| {
        let ty = f.ty;
        quote! { let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None; }
    });
    let arms = fields.iter().zip(&slots).map(|(f, slot)| {
        let (wire_name, ty) = (&f.wire_name, f.ty);
        let read = match f.kind {
            Kind::Required => quote! { map.next_value_seed((&private::Field::<#ty>::new()).seed())? },
            Kind::Optional { inner } => quote! { ::core::option::Option::Some(map.next_value_seed((&private::Field::<#inner>::new()).seed())?) },
        };
        quote! {
            #wire_name => {
                if #slot.is_some() {
                    return ::core::result::Result::Err(private::given_twice::<__A::Error>(#wire_name));
                }
                #slot = ::core::option::Option::Some(#read);
            }
        }
    });
    let build = fields.iter().zip(&slots).map(|(f, slot)| {
        let ident = f.ident;
        let wire_name = &f.wire_name;
        match f.kind {
            Kind::Required => quote! {
                #ident: match #slot {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => return ::core::result::Result::Err(<__A::Error as serde::de::Error>::missing_field(#wire_name)),
                }
            },
            Kind::Optional { .. } => quote! { #ident: #slot.unwrap_or(::core::option::Option::None) },
        }
    });
    let write = fields.iter().map(|f| {
        let ident = f.ident;
        let wire_name = &f.wire_name;
        match f.kind {
            Kind::Required => quote! { map.serialize_entry(#wire_name, &self.#ident)?; },
            Kind::Optional { .. } => quote! {
                if let ::core::option::Option::Some(value) = &self.#ident {
                    map.serialize_entry(#wire_name, value)?;
                }
            },
        }
    });

    quote! {
        const _: () = {
            use #rt::__private::{self as private, serde};
            use private::{ReadAsSerde as _, ReadKeysOnce as _};
            use serde::ser::SerializeMap as _;

            #generated

            impl serde::Serialize for #name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    let mut map = serializer.serialize_map(::core::option::Option::None)?;
                    #(#write)*
                    for (key, value) in &self.#extra {
                        map.serialize_entry(key, value)?;
                    }
                    map.end()
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    struct __Visitor;
                    impl<'de> serde::de::Visitor<'de> for __Visitor {
                        type Value = #name;
                        fn expecting(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_map<__A: serde::de::MapAccess<'de>>(self, mut map: __A) -> ::core::result::Result<#name, __A::Error> {
                            #(#declare)*
                            let mut extra = private::Map::new();
                            while let ::core::option::Option::Some(key) = map.next_key::<private::Key<'de>>()? {
                                match key.as_str() {
                                    #(#arms)*
                                    _ => {
                                        let value = map.next_value_seed(private::KeysOnceSeed::<private::Value>::new())?;
                                        private::insert_extra(&mut extra, key.into_string(), value)?;
                                    }
                                }
                            }
                            ::core::result::Result::Ok(#name {
                                #(#build,)*
                                #extra: extra,
                            })
                        }
                    }
                    deserializer.deserialize_map(__Visitor)
                }
            }
        };
    }
}
