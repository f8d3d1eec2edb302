//! `#[derive(View)]`: a user's own struct, checked against the schema of the object it reads.
//!
//! The derive is a thin layer over [`check`] (where a path leads, which names exist, what may be
//! absent or null) and [`digest`] (the schema set, pre-digested by `voucherify-codegen`), both
//! testable without a compiler. It leaves type checking to rustc: each field becomes one
//! assertion ([`fits`]) that its type implements the trait of the schema's kind (`FitsInteger`,
//! `FitsArray<kind::String>`), spanned at the field's type, so a type that cannot hold the
//! schema's values is an ordinary error at the user's field (the idea sqlx uses for query
//! results).
//!
//! Every problem is collected and reported at once, each at its own span; the impls are
//! emitted even then, so that code using the view does not add errors of its own.

mod check;
mod digest;
mod fits;
mod serde_attrs;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericParam, LitStr};

use crate::attrs::Errors;
use check::{Holds, PathProblem, Target};
use digest::{Digest, Shape};
use fits::{assertion, bound, is_value, option_inner, type_text};

/// What `#[view(...)]` says.
#[derive(Default)]
struct ViewAttrs {
    event: Option<LitStr>,
    path: Option<LitStr>,
    object: Option<LitStr>,
    schemas: Option<LitStr>,
    /// The runtime's path, over the digest's (as serde's `#[serde(crate = "...")]`).
    krate: Option<LitStr>,
}

pub fn expand(input: &DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let tokens = expand_collecting(input, &mut errors);
    let mut out = errors.into_compile_errors();
    out.extend(tokens);
    out
}

fn expand_collecting(input: &DeriveInput, errors: &mut Errors) -> TokenStream {
    let attrs = view_attrs(input, errors);
    let name = &input.ident;
    let Data::Struct(data) = &input.data else {
        errors.push(
            name.span(),
            "`View` derives only for structs of named fields",
        );
        return TokenStream::new();
    };
    let Fields::Named(fields) = &data.fields else {
        errors.push(
            data.fields.span(),
            "`View` derives only for structs of named fields: each field reads one property",
        );
        return TokenStream::new();
    };
    for param in &input.generics.params {
        match param {
            GenericParam::Lifetime(_) if attrs.event.is_none() => {}
            GenericParam::Lifetime(l) => errors.push(
                l.span(),
                "a view of an event is read from a webhook by `from_webhook` and owns its data: use String rather than &str",
            ),
            other => errors.push(
                other.span(),
                "`View` does not support type or const parameters: a view's fields have the schema's types",
            ),
        }
    }

    let (mut digest, tracked) = match load_digest(attrs.schemas.as_ref()) {
        Ok(loaded) => loaded,
        Err(message) => {
            let span = attrs.schemas.as_ref().map_or(name.span(), LitStr::span);
            errors.push(span, message);
            return TokenStream::new();
        }
    };
    if let Some(krate) = &attrs.krate {
        std::sync::Arc::make_mut(&mut digest).runtime = krate.value();
    }
    let runtime: syn::Path = match syn::parse_str(&digest.runtime) {
        Ok(runtime) => runtime,
        Err(_) => {
            let span = attrs.krate.as_ref().map_or(name.span(), LitStr::span);
            errors.push(
                span,
                format!("the runtime path `{}` is no Rust path", digest.runtime),
            );
            return TokenStream::new();
        }
    };
    let root: syn::Path = match syn::parse_str(&digest.root) {
        Ok(root) => root,
        Err(_) => {
            errors.push(
                name.span(),
                format!("the digest's root `{}` is no Rust path", digest.root),
            );
            return TokenStream::new();
        }
    };
    let Some(target) = target(&digest, &attrs, name, errors) else {
        return TokenStream::new();
    };

    let container = serde_attrs::container(&input.attrs);
    if let Some(span) = container.deny_unknown_fields {
        errors.push(
            span,
            "a view reads some properties of a larger object: `deny_unknown_fields` would refuse every payload that has a property this struct does not name",
        );
    }
    let rule = container.rename_all.as_ref().map(|r| r.value());
    let mut gates = BTreeSet::new();
    let mut assertions = Vec::new();
    for field in &fields.named {
        let serde = serde_attrs::field(&field.attrs);
        let Some(ident) = &field.ident else { continue };
        if serde.skip {
            continue;
        }
        let (option, inner) = match option_inner(&field.ty) {
            Some(inner) => (true, inner),
            None => (false, &field.ty),
        };
        if serde.flatten {
            // A flattened struct reads the same object: it must be a view of it (or a map).
            let bound = bound(
                &digest,
                &root,
                &Shape::Named(target.name.to_string()),
                &mut gates,
            );
            assertions.push(assertion(bound, inner));
            continue;
        }
        let field_name = ident.to_string();
        let field_name = field_name.trim_start_matches("r#");
        let (wire, wire_span) = match (&serde.rename, &rule) {
            (Some(rename), _) => (rename.value(), rename.span()),
            (None, Some(rule)) => match check::rename_all(rule, field_name) {
                Ok(wire) => (wire, ident.span()),
                // serde reports the unknown rule itself.
                Err(_) => continue,
            },
            (None, None) => (field_name.to_string(), ident.span()),
        };
        for alias in &serde.aliases {
            if !target.props.iter().any(|p| p.wire == alias.value()) {
                errors.push(
                    alias.span(),
                    check::unknown_property(target.name, target.props, &alias.value(), None),
                );
            }
        }
        let Some(prop) = target.props.iter().find(|p| p.wire == wire) else {
            errors.push(
                wire_span,
                check::unknown_property(target.name, target.props, &wire, None),
            );
            continue;
        };
        if serde.custom {
            // The user's own function reads the value: its type is theirs to choose.
            continue;
        }
        let holds = Holds {
            option,
            value: is_value(&field.ty),
            default: serde.default || container.default,
        };
        let problem = check::presence(target.name, prop, holds, &type_text(&field.ty));
        let shape = match &prop.shape {
            // An `Option` (or the error just reported) covers `null`: the rest is the type's.
            Shape::Nullable(inner) if option || problem.is_some() => inner,
            shape => shape,
        };
        if let Some(problem) = problem {
            errors.push(field.ty.span(), problem);
        }
        assertions.push(assertion(bound(&digest, &root, shape, &mut gates), inner));
    }

    let view = quote!(#runtime::view);
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let target_ident = match syn::parse_str::<syn::Ident>(target.name) {
        Ok(ident) => ident,
        Err(_) => {
            errors.push(
                name.span(),
                format!("`{}` is no Rust type name", target.name),
            );
            return TokenStream::new();
        }
    };
    if let Some(gate) = digest.get(target.name).and_then(|t| t.gate.clone()) {
        gates.insert(gate);
    }
    // An event view with generic parameters was reported above; an impl without them would
    // only add an error of its own.
    let event = attrs
        .event
        .as_ref()
        .filter(|_| input.generics.params.is_empty());
    let view_impl = event.map(|event| {
        let pointer = attrs
            .path
            .as_ref()
            .map_or_else(|| "/data".to_string(), LitStr::value);
        quote! {
            impl #view::View for #name {
                type Events = #root::Event;
                const EVENT: &'static str = #event;
                const POINTER: &'static str = #pointer;
            }
        }
    });
    let tracked = tracked.map(|path| {
        let path = path.to_string_lossy().into_owned();
        // Makes cargo rebuild this crate when the digest changes.
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    });
    let mut tokens = quote! {
        const _: () = {
            #tracked
            #[allow(dead_code, clippy::extra_unused_lifetimes)]
            fn __check #impl_generics () #where_clause {
                #(#assertions)*
            }
            impl #impl_generics #view::FitsObject<#root::#target_ident> for #name #ty_generics #where_clause {}
        };
    };
    if digest.gated {
        for gate in gates.iter().rev() {
            let gate = syn::Ident::new(
                &format!("__view_gate_{}", gate.replace('-', "_")),
                Span::call_site(),
            );
            tokens = quote!(#root::#gate! { #tokens });
        }
    }
    // Outside the gates: it names no generated type, so code that uses the view adds no errors
    // to the one that names the missing feature.
    tokens.extend(view_impl);
    tokens
}

/// Reads every `#[view(...)]`, reporting unknown and repeated keys.
fn view_attrs(input: &DeriveInput, errors: &mut Errors) -> ViewAttrs {
    let mut attrs = ViewAttrs::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("view")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            let slot =
                match key.as_str() {
                    "event" => &mut attrs.event,
                    "path" => &mut attrs.path,
                    "object" => &mut attrs.object,
                    "schemas" => &mut attrs.schemas,
                    "crate" => &mut attrs.krate,
                    _ => return Err(meta.error(
                        "unknown key; `#[view(...)]` takes event, path, object, schemas and crate",
                    )),
                };
            let value: LitStr = meta.value()?.parse()?;
            if slot.replace(value).is_some() {
                return Err(meta.error(format!("`{key}` is given twice")));
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.add(e);
        }
    }
    attrs
}

/// The object the view reads, or the errors that say why there is none.
fn target<'d>(
    digest: &'d Digest,
    attrs: &ViewAttrs,
    name: &syn::Ident,
    errors: &mut Errors,
) -> Option<Target<'d>> {
    match (&attrs.event, &attrs.object) {
        (Some(event), None) => {
            let path = attrs
                .path
                .as_ref()
                .map_or_else(|| "/data".into(), LitStr::value);
            match check::event_target(digest, &event.value(), &path) {
                Ok(target) => Some(target),
                Err(PathProblem::Event(message)) => {
                    errors.push(event.span(), message);
                    None
                }
                Err(PathProblem::Path(message)) => {
                    let span = attrs.path.as_ref().map_or(event.span(), LitStr::span);
                    errors.push(span, message);
                    None
                }
            }
        }
        (None, Some(object)) => {
            if let Some(path) = &attrs.path {
                errors.push(
                    path.span(),
                    "`path` goes with `event`; a view of a named object reads the whole object",
                );
            }
            match check::object_target(digest, &object.value()) {
                Ok(target) => Some(target),
                Err(message) => {
                    errors.push(object.span(), message);
                    None
                }
            }
        }
        (Some(_), Some(object)) => {
            errors.push(
                object.span(),
                "a view reads either a path in an event or a named object, not both",
            );
            None
        }
        (None, None) => {
            errors.push(
                name.span(),
                "`View` needs `#[view(event = \"...\", path = \"/data/...\")]` or `#[view(object = \"...\")]`",
            );
            None
        }
    }
}

/// The digest to check against, and the file to track when it is the user's own.
fn load_digest(schemas: Option<&LitStr>) -> Result<(Arc<Digest>, Option<PathBuf>), String> {
    let Some(schemas) = schemas else {
        return digest::builtin().map(|d| (d, None));
    };
    let value = schemas.value();
    let path = match value.strip_prefix("$OUT_DIR/") {
        Some(rest) => std::env::var_os("OUT_DIR")
            .map(|dir| PathBuf::from(dir).join(rest))
            .ok_or("`$OUT_DIR` is not set: this crate has no build script")?,
        None => {
            let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
            PathBuf::from(manifest).join(&value)
        }
    };
    if path.is_dir() {
        return Err(format!(
            "{} is a folder: `schemas` names a digest file, which voucherify_codegen::Builder::view_digest writes (the derive reads no YAML)",
            path.display()
        ));
    }
    let digest = digest::from_file(&path)?;
    Ok((digest, Some(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(tokens: TokenStream) -> String {
        let input: DeriveInput = syn::parse2(tokens).unwrap();
        expand(&input).to_string()
    }

    #[test]
    fn a_good_view_expands_to_assertions_and_impls() {
        let out = expand_str(quote! {
            #[view(event = "redemption.succeeded", path = "/data/customer")]
            struct RedeemingCustomer {
                id: Option<String>,
                #[serde(rename = "source_id")]
                external_id: Option<String>,
                metadata: Option<serde_json::Value>,
            }
        });
        assert!(!out.contains("compile_error"), "{out}");
        assert!(out.contains("impl :: voucherify_webhooks :: view :: View for RedeemingCustomer"));
        assert!(out.contains("const POINTER : & 'static str = \"/data/customer\""));
        assert!(out.contains("fn __fits < __T : :: voucherify_webhooks :: view :: FitsString > () { } __fits :: < String > ()"), "{out}");
        assert!(out.contains(
            "FitsObject < :: voucherify_webhooks :: SimpleCustomer > for RedeemingCustomer"
        ));
        // SimpleCustomer is shared by every family: no feature needed.
        assert!(out.starts_with("const _"), "{out}");
        let data = expand_str(quote! {
            #[view(event = "redemption.succeeded")]
            struct Redeemed {
                created_at: Option<String>,
            }
        });
        assert!(
            data.starts_with(":: voucherify_webhooks :: __view_gate_redemption !"),
            "{data}"
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let out = expand_str(quote! {
            #[view(event = "redemption.succeeded", path = "/data/customer")]
            #[serde(deny_unknown_fields)]
            struct Bad {
                emial: Option<String>,
                id: String,
                #[serde(alias = "nmae")]
                name: Option<String>,
            }
        });
        for expected in [
            "`emial` is not a property of SimpleCustomer; did you mean `email`?",
            "`id` may be absent in SimpleCustomer (not required): use Option<String>, or #[serde(default)]",
            "`nmae` is not a property of SimpleCustomer; did you mean `name`?",
            "`deny_unknown_fields` would refuse",
        ] {
            assert!(out.contains(expected), "`{expected}` not in {out}");
        }
        // The impls are still there, so that code using the view adds no errors of its own.
        assert!(out.contains("impl :: voucherify_webhooks :: view :: View for Bad"));
    }

    #[test]
    fn attribute_mistakes() {
        let cases = [
            (
                quote!(
                    #[view(event = "redemption.succeeded", object = "SimpleCustomer")]
                    struct A {
                        id: String,
                    }
                ),
                "not both",
            ),
            (
                quote!(
                    struct A {
                        id: String,
                    }
                ),
                "`View` needs",
            ),
            (
                quote!(
                    #[view(objekt = "X")]
                    struct A {
                        id: String,
                    }
                ),
                "unknown key",
            ),
            (
                quote!(
                    #[view(object = "SimpleCustomer", path = "/data")]
                    struct A {
                        id: Option<String>,
                    }
                ),
                "`path` goes with `event`",
            ),
            (
                quote!(
                    #[view(object = "SimpleCustomer")]
                    struct A(String);
                ),
                "structs of named fields",
            ),
            (
                quote!(
                    #[view(event = "redemption.succeeded")]
                    struct A<'a> {
                        created_at: Option<&'a str>,
                    }
                ),
                "owns its data",
            ),
            (
                quote!(
                    #[view(object = "SimpleCustomer", schemas = "no/such/digest.txt")]
                    struct A {
                        id: Option<String>,
                    }
                ),
                "cannot read",
            ),
        ];
        for (tokens, expected) in cases {
            let out = expand_str(tokens);
            assert!(out.contains(expected), "`{expected}` not in {out}");
        }
    }
}
