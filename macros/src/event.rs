//! `#[derive(WebhookEvent)]`: the wire events (type, channel, docs) whose data a type is.
//!
//! Each event is one `#[wire(event = "...", channel = "...", docs = "...")]` attribute, so a
//! type that is the data of several events carries several, one per event.

use proc_macro2::TokenStream;
use quote::quote;

use crate::attrs::{runtime, wire, Errors};
use syn::DeriveInput;

pub fn expand(input: &DeriveInput) -> Result<TokenStream, Vec<syn::Error>> {
    let mut errors = Errors::default();
    let all = wire(
        &input.attrs,
        &["event", "channel", "docs", "crate"],
        &mut errors,
    );
    let rt = runtime(&all, &mut errors);
    let name = &input.ident;
    let mut events = Vec::new();
    // Read one attribute at a time: an event's channel and docs are the ones beside it.
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("wire")) {
        let attrs = wire(
            std::slice::from_ref(attr),
            &["event", "channel", "docs", "crate"],
            &mut Errors::default(),
        );
        let Some(event) = attrs.event else {
            if attrs.channel.is_some() || attrs.docs.is_some() {
                errors.push(
                    name.span(),
                    "`channel` and `docs` go in the same `#[wire(...)]` as their `event`",
                );
            }
            continue;
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
                continue;
            }
            None => {
                errors.push(
                    event.span(),
                    "`WebhookEvent` needs `channel = \"...\"` beside each `event`",
                );
                continue;
            }
        };
        let docs = attrs.docs.map(|d| d.value()).unwrap_or_default();
        events.push((event.value(), channel, docs, event.span()));
    }
    if events.is_empty() {
        errors.push(
            name.span(),
            "`WebhookEvent` needs `#[wire(event = \"...\", channel = \"...\")]`",
        );
    }
    events.sort_by(|a, b| a.0.cmp(&b.0));
    for pair in events.windows(2) {
        if pair[0].0 == pair[1].0 {
            errors.push(
                pair[1].3,
                format!("the event `{}` is listed twice", pair[1].0),
            );
        }
    }
    let kinds = events.iter().map(|(event, channel, docs, _)| {
        quote! {
            #rt::EventKind {
                event_type: #event,
                channel: #rt::Channel::#channel,
                docs: #docs,
            }
        }
    });
    errors.finish(quote! {
        impl #rt::WebhookEvent for #name {
            const EVENTS: &'static [#rt::EventKind] = &[#(#kinds),*];
        }
    })
}
