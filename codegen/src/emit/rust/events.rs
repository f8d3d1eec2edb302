//! The `events` module: the `Event` enum over every event's data type, and the dispatch on
//! the wire event type that the hand-written envelope parser calls.
//!
//! Dispatch is a `match` on the event type string, never an untagged enum: the envelope says
//! which type its `data` has, so only that type is tried and its error is the one reported.

use proc_macro2::TokenStream;
use quote::quote;

use crate::resolve::{EventInfo, Ir, Item, Struct, Ty, ENVELOPE_MODULE};
use crate::schema::Channel;

use super::idents::ident;
use super::{EmitError, Runtime};

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

fn parts(event: &EventInfo, rt: &Runtime) -> Result<Parts, EmitError> {
    let root = &rt.path;
    let module = ident(&event.module)?;
    let variant = ident(&event.variant)?;
    let data_type = ident(&event.rust_type)?;
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
        path: quote!(super::#module::#data_type),
        variant,
        event_type: event.event_type.clone(),
        channel: quote!(#root::Channel::#channel),
        rust_type: event.rust_type.clone(),
        doc: format!(" `{}` ([docs]({}))", event.event_type, event.docs),
    })
}

/// The body of the `events` module. `public_dispatch` makes `deserialize_event` public (for
/// a user's crate, whose own code does the dispatch) instead of crate-private.
pub fn module(ir: &Ir, public_dispatch: bool, rt: &Runtime) -> Result<TokenStream, EmitError> {
    let root = &rt.path;
    let events = ir
        .events
        .iter()
        .map(|e| parts(e, rt))
        .collect::<Result<Vec<_>, _>>()?;
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
    let event_set = event_set(ir, rt)?;
    Ok(quote! {
        /// A webhook's `data`, typed by its event type. One variant per documented event;
        /// events whose data have one shape hold one type, so one match arm can take them
        /// together (`Event::A(data) | Event::B(data)`).
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
            pub fn channel(&self) -> #root::Channel {
                match *self {
                    #(#cfg Event::#variant(_) => #channel,)*
                }
            }

            /// The name of the data type, e.g. `RedemptionEvent` (several events may share one).
            pub fn rust_type(&self) -> &'static str {
                match *self {
                    #(#cfg Event::#variant(_) => #rust_type,)*
                }
            }
        }

        /// Writes the event's data, as the webhook's `data` property holds it.
        impl #root::serde::Serialize for Event {
            // `serializer` goes unused only when every family's feature is off.
            #[allow(unused_variables)]
            fn serialize<S: #root::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match *self {
                    #(#cfg Event::#variant(ref data) => #root::serde::Serialize::serialize(&**data, serializer),)*
                }
            }
        }

        /// Parses `data` as the data of `event_type`; `None` when the event type is not
        /// documented (or its family's feature is off).
        #visibility fn deserialize_event<'de, D: #root::serde::Deserializer<'de>>(
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
            T: #root::serde::Deserialize<'de>,
            D: #root::serde::Deserializer<'de>,
        {
            Some(T::deserialize(data).map(|data| variant(Box::new(data))))
        }

        /// Every event type this build types, with its channel and the name of its data type,
        /// sorted by event type.
        pub const EVENT_TYPES: &[(&str, #root::Channel, &str)] = &[
            #(#cfg (#event_type, #channel, #rust_type),)*
        ];

        #event_set
    })
}

/// `impl EventSet for Event`, through which the runtime dispatches, receives and checks
/// webhooks of this set, with the impls of the envelope's `source` and `event` it reads. Only
/// where the envelope has `source.object` and `event.type` (a string each), which tell the
/// two channels apart; a set without them gets its types and no runtime.
fn event_set(ir: &Ir, rt: &Runtime) -> Result<Option<TokenStream>, EmitError> {
    let root = &rt.path;
    let Some(envelope) = ir.modules.iter().find(|m| m.name == ENVELOPE_MODULE) else {
        return Ok(None);
    };
    let find = |name: &str| {
        envelope.items.iter().find_map(|item| match item {
            Item::Struct(s) if s.name == name => Some(s),
            _ => None,
        })
    };
    let Some(top) = find("Envelope") else {
        return Ok(None);
    };
    let named = |wire: &str| {
        let field = top.fields.iter().find(|f| f.wire == wire && !f.optional)?;
        match &field.ty {
            Ty::Named(name) => find(name),
            Ty::Boxed(inner) => match &**inner {
                Ty::Named(name) => find(name),
                _ => None,
            },
            _ => None,
        }
    };
    let (Some(source), Some(meta)) = (named("source"), named("event")) else {
        return Ok(None);
    };
    let (Some(object), Some(event_type)) = (
        string_of(source, "object", envelope)?,
        string_of(meta, "type", envelope)?,
    ) else {
        return Ok(None);
    };
    let (source_ty, meta_ty) = (ident(&source.name)?, ident(&meta.name)?);
    let module = ident(ENVELOPE_MODULE)?;
    Ok(Some(quote! {
        impl #root::EventSet for Event {
            type Source = super::#module::#source_ty;
            type Meta = super::#module::#meta_ty;
            const EVENT_TYPES: &'static [(&'static str, #root::Channel, &'static str)] = EVENT_TYPES;
            fn deserialize_event<'de, D: #root::serde::Deserializer<'de>>(
                event_type: &str,
                data: D,
            ) -> Option<Result<Self, D::Error>> {
                deserialize_event(event_type, data)
            }
            fn event_type(&self) -> &'static str {
                Event::event_type(self)
            }
            fn rust_type(&self) -> &'static str {
                Event::rust_type(self)
            }
        }

        impl #root::WebhookSource for super::#module::#source_ty {
            fn object(&self) -> Option<&str> {
                #object
            }
        }

        impl #root::WebhookMeta for super::#module::#meta_ty {
            fn event_type(&self) -> &str {
                #event_type
            }
        }
    }))
}

/// The expression that reads the string property `wire` of `object` as `Option<&str>` (for
/// `source.object`) or `&str` (for `event.type`), the way its type holds it; `None` when the
/// property is absent from the schema or is no string.
fn string_of(
    object: &Struct,
    wire: &str,
    module: &crate::resolve::Module,
) -> Result<Option<TokenStream>, EmitError> {
    let Some(field) = object.fields.iter().find(|f| f.wire == wire) else {
        return Ok(None);
    };
    let name = ident(&field.ident)?;
    let is_enum = match &field.ty {
        Ty::String => false,
        Ty::Timestamp | Ty::Date => return Ok(None),
        Ty::Named(enum_name) => {
            let known = module
                .items
                .iter()
                .any(|item| matches!(item, Item::Enum(e) if &e.name == enum_name));
            if !known {
                return Ok(None);
            }
            true
        }
        _ => return Ok(None),
    };
    // `source.object` is read as an option, `event.type` as text ("" when absent).
    let tokens = match (wire, field.optional, is_enum) {
        ("object", true, true) => quote!(self.#name.as_ref().map(|o| o.as_str())),
        ("object", true, false) => quote!(self.#name.as_deref()),
        ("object", false, true) => quote!(Some(self.#name.as_str())),
        ("object", false, false) => quote!(Some(self.#name.as_str())),
        (_, true, true) => quote!(self.#name.as_ref().map_or("", |t| t.as_str())),
        (_, true, false) => quote!(self.#name.as_deref().unwrap_or("")),
        (_, false, _) => quote!(self.#name.as_str()),
    };
    Ok(Some(tokens))
}
