//! `#[derive(WebhookEvent)]`: the wire event type and channel of an event's data type.

use proc_macro2::TokenStream;
use quote::quote;

use crate::attrs::{runtime, wire, Errors};
use syn::DeriveInput;

pub fn expand(input: &DeriveInput) -> Result<TokenStream, Vec<syn::Error>> {
    let mut errors = Errors::default();
    let attrs = wire(
        &input.attrs,
        &["event", "channel", "docs", "crate"],
        &mut errors,
    );
    let rt = runtime(&attrs, &mut errors);
    let name = &input.ident;
    let Some(event) = attrs.event else {
        errors.push(
            name.span(),
            "`WebhookEvent` needs `#[wire(event = \"...\")]`",
        );
        return errors.finish(TokenStream::new());
    };
    let channel = match attrs.channel.as_ref().map(|c| (c.value(), c.span())) {
        Some((value, _)) if value == "project_settings" => quote!(ProjectSettings),
        Some((value, _)) if value == "distribution" => quote!(Distribution),
        Some((value, _)) if value == "both" => quote!(Both),
        Some((value, span)) => {
            errors.push(
                span,
                format!(
                    "unknown channel `{value}`; expected project_settings, distribution or both"
                ),
            );
            return errors.finish(TokenStream::new());
        }
        None => {
            errors.push(
                name.span(),
                "`WebhookEvent` needs `#[wire(channel = \"...\")]`",
            );
            return errors.finish(TokenStream::new());
        }
    };
    let docs = attrs.docs.map(|d| d.value()).unwrap_or_default();
    errors.finish(quote! {
        impl #rt::WebhookEvent for #name {
            const EVENT_TYPE: &'static str = #event;
            const CHANNEL: #rt::Channel = #rt::Channel::#channel;
            const DOCS: &'static str = #docs;
        }
    })
}
