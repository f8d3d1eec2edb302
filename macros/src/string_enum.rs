//! `#[derive(StringEnum)]`: an enum of wire strings, open to values it does not list.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident, LitStr};

use crate::attrs::{runtime, wire, Errors};

pub fn expand(input: &DeriveInput) -> Result<TokenStream, Vec<syn::Error>> {
    let mut errors = Errors::default();
    let container = wire(&input.attrs, &["crate"], &mut errors);
    let rt = runtime(&container, &mut errors);
    let Data::Enum(data) = &input.data else {
        errors.push(input.ident.span(), "`StringEnum` derives only for enums");
        return errors.finish(TokenStream::new());
    };
    let mut known: Vec<(&Ident, LitStr)> = Vec::new();
    let mut other: Option<&Ident> = None;
    for variant in &data.variants {
        let attrs = wire(&variant.attrs, &["rename", "other"], &mut errors);
        match (&variant.fields, attrs.other, attrs.rename) {
            (Fields::Unit, None, Some(rename)) => known.push((&variant.ident, rename)),
            (Fields::Unnamed(f), Some(_), None) if f.unnamed.len() == 1 => {
                if other.replace(&variant.ident).is_some() {
                    errors.push(variant.ident.span(), "only one variant may be `#[wire(other)]`");
                }
            }
            _ => errors.push(
                variant.ident.span(),
                "each variant is either a unit variant with `#[wire(rename = \"VALUE\")]` or `#[wire(other)] Other(String)`",
            ),
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (_, value) in &known {
        if !seen.insert(value.value()) {
            errors.push(
                value.span(),
                format!("the value `{}` is listed twice", value.value()),
            );
        }
    }
    let name = &input.ident;
    let expecting = format!("a string (`{name}`)");
    let as_str = known
        .iter()
        .map(|(ident, value)| quote! { #name::#ident => #value, });
    let from_wire = known
        .iter()
        .map(|(ident, value)| quote! { #value => #name::#ident, });
    let values = known.iter().map(|(_, value)| value);
    let (other_as_str, fallback) = match other {
        Some(other) => (
            quote! { #name::#other(value) => value, },
            quote! { value => return ::core::result::Result::Ok(#name::#other(value.into())), },
        ),
        None => (
            quote! {},
            quote! { value => return ::core::result::Result::Err(value), },
        ),
    };
    let generated = crate::generated(name, &rt);
    let tokens = quote! {
        impl #name {
            /// Every value this enum lists, in the order of the schema.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    #other_as_str
                }
            }

            /// Reads a wire value: `Err` hands back a value that the enum does not list and
            /// cannot keep.
            #[allow(clippy::should_implement_trait)]
            pub fn from_wire<__S: ::core::convert::AsRef<str> + ::core::convert::Into<::std::string::String>>(value: __S) -> ::core::result::Result<Self, __S> {
                ::core::result::Result::Ok(match value.as_ref() {
                    #(#from_wire)*
                    _ => match value {
                        #fallback
                    },
                })
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        const _: () = {
            use #rt::__private::serde;

            #generated

            impl serde::Serialize for #name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    serializer.serialize_str(self.as_str())
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
                        fn visit_str<__E: serde::de::Error>(self, value: &str) -> ::core::result::Result<#name, __E> {
                            #name::from_wire(value).map_err(|value| __E::unknown_variant(value, #name::VALUES))
                        }
                        fn visit_string<__E: serde::de::Error>(self, value: ::std::string::String) -> ::core::result::Result<#name, __E> {
                            #name::from_wire(value).map_err(|value| __E::unknown_variant(&value, #name::VALUES))
                        }
                    }
                    deserializer.deserialize_str(__Visitor)
                }
            }
        };
    };
    errors.finish(tokens)
}
