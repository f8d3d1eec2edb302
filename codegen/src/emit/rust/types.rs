//! Rust types as tokens.
//!
//! Paths outside the prelude are written in full, through the runtime's path
//! (`::voucherify_webhooks::serde_json::Number`), so that the code works unchanged in this
//! workspace's crate and in a user's crate that includes the builder's output, whatever name
//! the user's crate gives its one dependency, the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use crate::resolve::Ty;

use super::idents::ident;
use super::{EmitError, Runtime};

pub fn ty(ty: &Ty, rt: &Runtime) -> Result<TokenStream, EmitError> {
    let root = &rt.path;
    Ok(match ty {
        Ty::String => quote!(String),
        Ty::Timestamp => quote!(#root::Timestamp),
        Ty::Date => quote!(#root::Date),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(#root::serde_json::Number),
        Ty::Boolean => quote!(bool),
        Ty::Value => quote!(#root::serde_json::Value),
        Ty::FreeForm => quote!(#root::Map),
        Ty::Array(inner) => {
            let inner = self::ty(inner, rt)?;
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = self::ty(inner, rt)?;
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Ty::Named(name) => {
            let name = ident(name)?;
            quote!(#name)
        }
        Ty::Boxed(inner) => {
            let inner = self::ty(inner, rt)?;
            quote!(Box<#inner>)
        }
        Ty::Nullable(inner) => {
            let inner = self::ty(inner, rt)?;
            quote!(Option<#inner>)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_nested_types() {
        let t = Ty::Nullable(Box::new(Ty::Array(Box::new(Ty::Map(Box::new(Ty::Boxed(
            Box::new(Ty::Named("Voucher".into())),
        )))))));
        assert_eq!(
            ty(&t, &Runtime::default()).unwrap().to_string(),
            "Option < Vec < :: std :: collections :: BTreeMap < String , Box < Voucher > > > >"
        );
    }
}
