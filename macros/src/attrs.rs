//! The `#[wire(...)]` attribute, read with every error kept (serde's `Ctxt` idea): a derive
//! reports all the problems of a type in one compile.

use proc_macro2::Span;
use syn::{Attribute, LitStr};

/// What one `#[wire(...)]` list (or several) on one item says.
#[derive(Default)]
pub struct Wire {
    pub rename: Option<LitStr>,
    pub optional: Option<Span>,
    pub extra: Option<Span>,
    pub other: Option<Span>,
    pub personal: Option<Span>,
    pub tag: Option<LitStr>,
    pub event: Option<LitStr>,
    pub channel: Option<LitStr>,
    pub docs: Option<LitStr>,
    /// `crate = "..."`: the path of the runtime (as serde's `#[serde(crate = "...")]`).
    pub krate: Option<LitStr>,
}

/// Collects errors; `finish` turns them into the derive's result.
#[derive(Default)]
pub struct Errors(Vec<syn::Error>);

impl Errors {
    pub fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        self.0.push(syn::Error::new(span, message));
    }

    pub fn add(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    /// Every error as `compile_error!` tokens, for a derive that emits its code as well.
    pub fn into_compile_errors(self) -> proc_macro2::TokenStream {
        self.0.into_iter().map(|e| e.to_compile_error()).collect()
    }

    pub fn finish<T>(self, value: T) -> Result<T, Vec<syn::Error>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

/// The path the expansion names the runtime by: `#[wire(crate = "...")]`, else
/// `::voucherify_webhooks` (which re-exports the runtime).
pub fn runtime(wire: &Wire, errors: &mut Errors) -> proc_macro2::TokenStream {
    match &wire.krate {
        None => quote::quote!(::voucherify_webhooks),
        Some(path) => match path.parse::<syn::Path>() {
            Ok(path) => quote::quote!(#path),
            Err(_) => {
                errors.push(
                    path.span(),
                    format!(
                        "`{}` is no Rust path; expected e.g. `::voucherify_webhooks_runtime`",
                        path.value()
                    ),
                );
                quote::quote!(::voucherify_webhooks)
            }
        },
    }
}

/// Reads every `#[wire(...)]` among `attrs`. `allowed` names the keys this item may carry.
pub fn wire(attrs: &[Attribute], allowed: &[&str], errors: &mut Errors) -> Wire {
    let mut wire = Wire::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("wire")) {
        let result = attr.parse_nested_meta(|meta| {
            let Some(key) = meta.path.get_ident().map(|i| i.to_string()) else {
                return Err(meta.error("expected a key such as `rename`"));
            };
            if !allowed.contains(&key.as_str()) {
                return Err(meta.error(format!(
                    "`{key}` does not belong here; expected one of: {}",
                    allowed.join(", ")
                )));
            }
            let span = meta
                .path
                .get_ident()
                .map_or_else(Span::call_site, |i| i.span());
            match key.as_str() {
                "optional" => wire.optional = Some(span),
                "extra" => wire.extra = Some(span),
                "other" => wire.other = Some(span),
                "personal" => wire.personal = Some(span),
                "rename" => wire.rename = Some(meta.value()?.parse()?),
                "tag" => wire.tag = Some(meta.value()?.parse()?),
                "event" => wire.event = Some(meta.value()?.parse()?),
                "channel" => wire.channel = Some(meta.value()?.parse()?),
                "docs" => wire.docs = Some(meta.value()?.parse()?),
                "crate" => wire.krate = Some(meta.value()?.parse()?),
                _ => unreachable!("checked against `allowed` above"),
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.add(e);
        }
    }
    wire
}
