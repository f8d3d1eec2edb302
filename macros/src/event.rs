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
    let name = &input.ident;
    let mut events = Vec::new();
    let mut krate = None;
    // Read one attribute at a time: an event's channel and docs are the ones beside it.
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("wire")) {
        let attrs = wire(
            std::slice::from_ref(attr),
            &["event", "channel", "docs", "crate"],
            &mut errors,
        );
        krate = attrs.krate.or(krate);
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
    let rt = runtime(
        &crate::attrs::Wire {
            krate,
            ..Default::default()
        },
        &mut errors,
    );
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

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(input: DeriveInput) -> Vec<String> {
        match expand(&input) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn each_attribute_is_one_event_listed_sorted() {
        let input: DeriveInput = syn::parse_quote! {
            #[wire(event = "b.updated", channel = "distribution", docs = "https://b")]
            #[wire(crate = "::rt")]
            #[wire(event = "a.created", channel = "both")]
            struct Data {}
        };
        let code = expand(&input).unwrap().to_string();
        let a = code.find("\"a.created\"").unwrap();
        let b = code.find("\"b.updated\"").unwrap();
        assert!(a < b, "{code}");
        assert!(code.contains(":: rt :: EventKind"), "{code}");
    }

    #[test]
    fn every_problem_is_reported() {
        let input: DeriveInput = syn::parse_quote! {
            #[wire(event = "a.created", channel = "project_settings")]
            #[wire(event = "a.created", channel = "project_settings")]
            #[wire(channel = "both")]
            #[wire(event = "c.gone")]
            #[wire(event = "d.odd", channel = "sideways")]
            struct Data {}
        };
        assert_eq!(
            errors(input),
            [
                "`channel` and `docs` go in the same `#[wire(...)]` as their `event`",
                "`WebhookEvent` needs `channel = \"...\"` beside each `event`",
                "unknown channel `sideways`; expected project_settings, distribution or both",
                "the event `a.created` is listed twice",
            ]
        );
        let none: DeriveInput = syn::parse_quote!(
            struct Data {}
        );
        assert_eq!(
            errors(none),
            ["`WebhookEvent` needs `#[wire(event = \"...\", channel = \"...\")]`"]
        );
    }
}
