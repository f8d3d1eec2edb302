//! Open string enums and tagged unions: both keep what they do not know in an `Other`
//! variant, so a value Voucherify adds later never breaks a parse.

use proc_macro2::TokenStream;
use quote::quote;

use crate::resolve::{StringEnum, Union};

use super::idents::{docs, ident};
use super::{EmitError, Runtime};

pub fn string_enum(e: &StringEnum, rt: &Runtime) -> Result<TokenStream, EmitError> {
    let (root, krate) = (&rt.path, &rt.attr);
    let name = ident(&e.name)?;
    let doc = docs(&e.docs);
    let other = ident(&e.other)?;
    let variants = e
        .variants
        .iter()
        .map(|v| {
            let ident = ident(&v.ident)?;
            let doc = docs(&v.docs);
            let wire = &v.wire;
            Ok(quote! {
                #doc
                #[wire(rename = #wire)]
                #ident,
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, #root::StringEnum)]
        #krate
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            #[wire(other)]
            #other(String),
        }
    })
}

pub fn union(u: &Union, rt: &Runtime) -> Result<TokenStream, EmitError> {
    let (root, krate) = (&rt.path, &rt.attr);
    let name = ident(&u.name)?;
    let doc = docs(&u.docs);
    let other = ident(&u.other)?;
    let tag = &u.tag;
    let members = u
        .members
        .iter()
        .map(|(v, member)| {
            let ident = ident(&v.ident)?;
            let member = super::idents::ident(member)?;
            let doc = docs(&v.docs);
            let wire = &v.wire;
            Ok(quote! {
                #doc
                #[wire(rename = #wire)]
                #ident(Box<#member>),
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let other_doc =
        format!(" A member whose `{tag}` this version of the crate does not know, kept as JSON.");
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #root::Union)]
        #krate
        #[wire(tag = #tag)]
        #[non_exhaustive]
        pub enum #name {
            #(#members)*
            #[doc = #other_doc]
            #[wire(other)]
            #other(#root::serde_json::Value),
        }
    })
}
