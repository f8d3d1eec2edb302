//! Derive macros behind `voucherify-webhooks`. Use them through that crate
//! (`voucherify_webhooks::Object` and friends) or through `voucherify-webhooks-runtime`: the
//! code they emit names its runtime items as `::voucherify_webhooks::__private`, or under the
//! path `#[wire(crate = "...")]` gives (as serde's `#[serde(crate = "...")]`), which is how the
//! code `voucherify_codegen::Builder` writes reaches the runtime (`Builder::runtime_path`).
//! `#[derive(View)]` takes the runtime's path from its digest, or from `#[view(crate = "...")]`.
//!
//! - [`Object`]: lossless serde for a struct of named fields: every property the struct does not
//!   know lands in its `#[wire(extra)]` map and is written back, absent stays absent and null
//!   stays null.
//! - [`StringEnum`]: an open string enum whose `#[wire(other)]` variant keeps unknown values.
//! - [`Union`]: a `oneOf` told apart by a tag property, with a fallback for unknown tags.
//! - [`RedactedDebug`]: `Debug` that prints personal fields as `<redacted>`.
//! - [`WebhookEvent`]: ties a data type to the wire events (type, channel, docs) it is the data of.
//!
//! Every attribute problem is reported at once, each at its own span.

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

mod attrs;
mod event;
mod object;
mod redact;
mod string_enum;
mod union;
mod view;

/// Lossless `Serialize` and `Deserialize` for a struct of named fields (or a newtype, which is
/// transparent).
///
/// Field attributes: `#[wire(rename = "type")]` (the wire name when it differs from the field),
/// `#[wire(optional)]` (the property may be absent; the field is an `Option`), `#[wire(extra)]`
/// (exactly one field, a `serde_json::Map`, that keeps unknown properties).
///
/// An object that gives a key twice is refused, listed or not, and so is one inside any field
/// whose type the runtime reads that way (`KeysOnce`: the generated types, `serde_json::Value`,
/// `Map`, `BTreeMap<String, _>`, and `Option`, `Vec` or `Box` of them). A field of a type of
/// your own is read by its own `Deserialize`.
#[proc_macro_derive(Object, attributes(wire))]
pub fn derive_object(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    object::expand(&input)
        .unwrap_or_else(to_compile_errors)
        .into()
}

/// `Debug` for an `Object` struct that hides personal data: each field marked
/// `#[wire(personal)]` prints as `<redacted>` (an `Option` keeps its `Some`/`None` shape), and the
/// `#[wire(extra)]` field prints only the names of the unknown properties. The generated types
/// derive it instead of `Debug` under their crate's `redact-debug` feature.
#[proc_macro_derive(RedactedDebug, attributes(wire))]
pub fn derive_redacted_debug(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    redact::expand(&input)
        .unwrap_or_else(to_compile_errors)
        .into()
}

/// `Serialize`, `Deserialize`, `as_str`, `Display` and `From<&str>` for an enum of wire strings.
///
/// Each unit variant carries `#[wire(rename = "VALUE")]`; a variant `#[wire(other)] Other(String)`
/// keeps values the enum does not list (without one, an unknown value is an error).
#[proc_macro_derive(StringEnum, attributes(wire))]
pub fn derive_string_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    string_enum::expand(&input)
        .unwrap_or_else(to_compile_errors)
        .into()
}

/// `Serialize` and `Deserialize` for a union told apart by a tag property:
/// `#[wire(tag = "type")]` on the enum, `#[wire(rename = "AMOUNT")]` on each one-field variant,
/// and `#[wire(other)] Other(serde_json::Value)` for a tag the union does not list.
#[proc_macro_derive(Union, attributes(wire))]
pub fn derive_union(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    union::expand(&input)
        .unwrap_or_else(to_compile_errors)
        .into()
}

/// `voucherify_webhooks::WebhookEvent` from one
/// `#[wire(event = "redemption.succeeded", channel = "project_settings", docs = "https://...")]`
/// per event the type is the data of (clippy's `duplicated_attributes` takes a repeated
/// `channel` for a repeated attribute: allow it on such a type).
#[proc_macro_derive(WebhookEvent, attributes(wire))]
pub fn derive_webhook_event(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    event::expand(&input)
        .unwrap_or_else(to_compile_errors)
        .into()
}

/// A service's own struct, checked when it compiles against the schema of the object it reads,
/// and read from a webhook by the JSON pointer it declares.
///
/// ```ignore
/// #[derive(serde::Deserialize, voucherify_webhooks::View)]
/// #[view(event = "redemption.succeeded", path = "/data/customer")]
/// struct RedeemingCustomer {
///     id: Option<String>,
///     #[serde(rename = "source_id")]
///     external_id: Option<String>,
/// }
/// ```
///
/// `#[view(object = "SimpleCustomer")]` checks against a named object instead (for nested
/// views); `schemas = "path/to/digest"` (relative to the package, or `$OUT_DIR/...`) against a
/// digest of your own schemas. See `voucherify_webhooks::view` for what fits what.
#[proc_macro_derive(View, attributes(view))]
pub fn derive_view(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    view::expand(&input).into()
}

fn to_compile_errors(errors: Vec<syn::Error>) -> proc_macro2::TokenStream {
    errors.into_iter().map(|e| e.to_compile_error()).collect()
}

/// What every derived type is: `Generated` (so that `#[derive(View)]` accepts it where the
/// schema has its shape, and no other type by accident) and `KeysOnce` (its `Deserialize`
/// refuses a key given twice, in it and in every field).
fn generated(name: &syn::Ident, rt: &proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    quote::quote! {
        impl #rt::__private::Generated for #name {}
        impl #rt::__private::KeysOnce for #name {
            fn deserialize_keys_once<'de, __D: #rt::__private::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                <#name as #rt::__private::serde::Deserialize>::deserialize(deserializer)
            }
        }
    }
}
