//! Structs and newtypes, with the `Object` (and for events `WebhookEvent`) derive.

use proc_macro2::TokenStream;
use quote::quote;

use crate::resolve::{EventAttrs, Field, Newtype, Struct};

use super::idents::{docs, ident};
use super::types::ty;
use super::{EmitError, Runtime};

/// A struct of the schema's properties. `#[non_exhaustive]` because the docs add properties
/// between releases: without it a new field breaks every struct literal in users' code, and
/// each docs addition would be a major version of the crate instead of a minor one.
pub fn object(s: &Struct, rt: &Runtime) -> Result<TokenStream, EmitError> {
    let root = &rt.path;
    let krate = &rt.attr;
    let name = ident(&s.name)?;
    let doc = docs(&s.docs);
    let (derive, attrs) = event_parts(&s.events, rt);
    let fields = s
        .fields
        .iter()
        .map(|f| field(f, rt))
        .collect::<Result<Vec<_>, _>>()?;
    let extra = ident(&s.extra)?;
    // The crate that holds the types decides: under its `redact-debug` feature `Debug` prints
    // the fields marked `#[wire(personal)]` as `<redacted>` (and the unknown properties by key).
    Ok(quote! {
        #doc
        #[derive(Clone, PartialEq, #root::Object #derive)]
        #[cfg_attr(not(feature = "redact-debug"), derive(Debug))]
        #[cfg_attr(feature = "redact-debug", derive(#root::RedactedDebug))]
        #krate
        #attrs
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Properties the schema does not list, kept as they came and written back.
            #[wire(extra)]
            pub #extra: #root::Map,
        }
    })
}

pub fn newtype(n: &Newtype, rt: &Runtime) -> Result<TokenStream, EmitError> {
    let root = &rt.path;
    let krate = &rt.attr;
    let name = ident(&n.name)?;
    let doc = docs(&n.docs);
    let (derive, attrs) = event_parts(n.event.as_slice(), rt);
    let inner = ty(&n.inner, rt)?;
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #root::Object #derive)]
        #krate
        #attrs
        pub struct #name(
            /// The whole `data` of the event.
            pub #inner,
        );
    })
}

fn field(f: &Field, rt: &Runtime) -> Result<TokenStream, EmitError> {
    let name = ident(&f.ident)?;
    let doc = docs(&f.docs);
    // Always spelled out when the ident differs, raw idents included, so the wire name can be
    // read off the struct without knowing the derive's rules.
    let rename = (f.ident != f.wire).then(|| {
        let wire = &f.wire;
        quote!(#[wire(rename = #wire)])
    });
    let value = ty(&f.ty, rt)?;
    let (optional, field_ty) = if f.optional {
        (Some(quote!(#[wire(optional)])), quote!(Option<#value>))
    } else {
        (None, value)
    };
    let personal = f.personal.then(|| quote!(#[wire(personal)]));
    Ok(quote! {
        #doc
        #rename
        #optional
        #personal
        pub #name: #field_ty,
    })
}

/// The extra derive and the attributes (one per event) of an event's data type.
fn event_parts(events: &[EventAttrs], rt: &Runtime) -> (Option<TokenStream>, TokenStream) {
    let root = &rt.path;
    if events.is_empty() {
        return (None, TokenStream::new());
    }
    let attrs = events.iter().map(|e| {
        let (event, channel, url) = (&e.event_type, e.channel.as_str(), &e.docs);
        quote!(#[wire(event = #event, channel = #channel, docs = #url)])
    });
    // Clippy takes the second event's `channel = "..."` for a repeat of the first's; each
    // attribute is one event, so none repeats another.
    let allow = (events.len() > 1).then(|| quote!(#[allow(clippy::duplicated_attributes)]));
    (
        Some(quote!(, #root::WebhookEvent)),
        quote!(#allow #(#attrs)*),
    )
}
