//! `#[derive(RedactedDebug)]`: `Debug` for an `Object` struct that keeps personal data out of
//! logs. The generated types derive it in place of `Debug` under their crate's `redact-debug`
//! feature, so the choice is the crate's, made where its features are known.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, Type};

use crate::attrs::{wire, Errors};
use crate::object::option_inner;

pub fn expand(input: &DeriveInput) -> Result<TokenStream, Vec<syn::Error>> {
    let mut errors = Errors::default();
    // The container attributes belong to `Object` and `WebhookEvent`; accepted, not used.
    wire(
        &input.attrs,
        &["event", "channel", "docs", "crate"],
        &mut errors,
    );
    let name = &input.ident;
    let Data::Struct(data) = &input.data else {
        errors.push(
            input.ident.span(),
            "`RedactedDebug` derives only for structs",
        );
        return errors.finish(TokenStream::new());
    };
    let Fields::Named(fields) = &data.fields else {
        errors.push(
            input.ident.span(),
            "`RedactedDebug` derives for structs with named fields",
        );
        return errors.finish(TokenStream::new());
    };
    let entries = fields.named.iter().map(|field| {
        let attrs = wire(
            &field.attrs,
            &["rename", "optional", "extra", "personal"],
            &mut errors,
        );
        let ident = field.ident.as_ref().expect("named fields have idents");
        let label = ident.to_string().trim_start_matches("r#").to_string();
        let value = if attrs.extra.is_some() {
            // Unknown properties may hold anything: their names show the shape, not the values.
            quote!(&self.#ident.keys().collect::<::std::vec::Vec<_>>())
        } else if attrs.personal.is_some() {
            match option_depth(&field.ty) {
                0 => quote!(&__Redacted),
                depth => {
                    let shape = shape(depth);
                    quote!(&{ let __v = &self.#ident; #shape })
                }
            }
        } else {
            quote!(&self.#ident)
        };
        quote!(.field(#label, #value))
    });
    let entries: Vec<_> = entries.collect();
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    errors.finish(quote! {
        const _: () = {
            /// Stands where a personal value was.
            struct __Redacted;
            impl ::core::fmt::Debug for __Redacted {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str("<redacted>")
                }
            }
            impl #impl_generics ::core::fmt::Debug for #name #ty_generics #where_clause {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(stringify!(#name))
                        #(#entries)*
                        .finish()
                }
            }
        };
    })
}

/// How many `Option`s wrap the value: their `Some`/`None` still shows (absent, null, present).
fn option_depth(mut ty: &Type) -> usize {
    let mut depth = 0;
    while let Some(inner) = option_inner(ty) {
        depth += 1;
        ty = inner;
    }
    depth
}

/// An expression over `__v: &Option<...>` (`depth` levels) that keeps the `Option`s and
/// replaces the value.
fn shape(depth: usize) -> TokenStream {
    if depth == 1 {
        quote!(__v.as_ref().map(|_| __Redacted))
    } else {
        let inner = shape(depth - 1);
        quote!(__v.as_ref().map(|__v| #inner))
    }
}
