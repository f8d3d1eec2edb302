//! The `events` module: the `Event` enum over every event's data type, and the dispatch on
//! the wire event type that the hand-written envelope parser calls.
//!
//! Dispatch is a `match` on the event type string, never an untagged enum: the envelope says
//! which type its `data` has, so only that type is tried and its error is the one reported.

use proc_macro2::TokenStream;
use quote::quote;

use crate::resolve::{EventInfo, Ir};
use crate::schema::Channel;

use super::idents::ident;
use super::EmitError;

/// One event's pieces: its cfg attribute, variant ident and data type path.
struct Parts {
    cfg: Option<TokenStream>,
    variant: proc_macro2::Ident,
    path: TokenStream,
    event_type: String,
    channel: TokenStream,
    rust_type: String,
    doc: String,
}

fn parts(event: &EventInfo) -> Result<Parts, EmitError> {
    let module = ident(&event.module)?;
    let variant = ident(&event.rust_type)?;
    let channel = match event.channel {
        Channel::ProjectSettings => quote!(ProjectSettings),
        Channel::Distribution => quote!(Distribution),
        Channel::Both => quote!(Both),
    };
    Ok(Parts {
        cfg: event
            .feature
            .as_ref()
            .map(|feature| quote!(#[cfg(feature = #feature)])),
        path: quote!(super::#module::#variant),
        variant,
        event_type: event.event_type.clone(),
        channel: quote!(::voucherify_webhooks::Channel::#channel),
        rust_type: event.rust_type.clone(),
        doc: format!(" `{}` ([docs]({}))", event.event_type, event.docs),
    })
}

/// The body of the `events` module. `public_dispatch` makes `deserialize_event` public (for
/// a user's crate, whose own code does the dispatch) instead of crate-private.
pub fn module(ir: &Ir, public_dispatch: bool) -> Result<TokenStream, EmitError> {
    let events = ir.events.iter().map(parts).collect::<Result<Vec<_>, _>>()?;
    let cfg: Vec<_> = events.iter().map(|e| &e.cfg).collect();
    let variant: Vec<_> = events.iter().map(|e| &e.variant).collect();
    let path: Vec<_> = events.iter().map(|e| &e.path).collect();
    let event_type: Vec<_> = events.iter().map(|e| &e.event_type).collect();
    let channel: Vec<_> = events.iter().map(|e| &e.channel).collect();
    let rust_type: Vec<_> = events.iter().map(|e| &e.rust_type).collect();
    let doc: Vec<_> = events.iter().map(|e| &e.doc).collect();
    let visibility = if public_dispatch {
        quote!(pub)
    } else {
        quote!(pub(crate))
    };
    Ok(quote! {
        /// A webhook's `data`, typed by its event type. One variant per documented event.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(
                #[doc = #doc]
                #cfg
                #variant(Box<#path>),
            )*
        }

        impl Event {
            /// The wire event type, e.g. `redemption.succeeded`.
            pub fn event_type(&self) -> &'static str {
                match *self {
                    #(#cfg Event::#variant(_) => #event_type,)*
                }
            }

            /// The kind of webhook that sends this event.
            pub fn channel(&self) -> ::voucherify_webhooks::Channel {
                match *self {
                    #(#cfg Event::#variant(_) => #channel,)*
                }
            }

            /// The name of the data type, e.g. `RedemptionSucceeded`.
            pub fn rust_type(&self) -> &'static str {
                match *self {
                    #(#cfg Event::#variant(_) => #rust_type,)*
                }
            }
        }

        /// Writes the event's data, as the webhook's `data` property holds it.
        impl ::serde::Serialize for Event {
            // `serializer` goes unused only when every family's feature is off.
            #[allow(unused_variables)]
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match *self {
                    #(#cfg Event::#variant(ref data) => ::serde::Serialize::serialize(&**data, serializer),)*
                }
            }
        }

        /// Parses `data` as the data of `event_type`; `None` when the event type is not
        /// documented (or its family's feature is off).
        #visibility fn deserialize_event<'de, D: ::serde::Deserializer<'de>>(
            event_type: &str,
            data: D,
        ) -> Option<Result<Event, D::Error>> {
            match event_type {
                #(#cfg #event_type => typed(data, Event::#variant),)*
                _ => {
                    let _ = data;
                    None
                }
            }
        }

        /// Parses `data` as `T` and wraps it in its `Event` variant.
        // Unused only when every family's feature is off.
        #[allow(dead_code)]
        fn typed<'de, T, D>(data: D, variant: fn(Box<T>) -> Event) -> Option<Result<Event, D::Error>>
        where
            T: ::serde::Deserialize<'de>,
            D: ::serde::Deserializer<'de>,
        {
            Some(T::deserialize(data).map(|data| variant(Box::new(data))))
        }

        /// Every event type this build types, with its channel and the name of its data type,
        /// sorted by event type.
        pub const EVENT_TYPES: &[(&str, ::voucherify_webhooks::Channel, &str)] = &[
            #(#cfg (#event_type, #channel, #rust_type),)*
        ];
    })
}
