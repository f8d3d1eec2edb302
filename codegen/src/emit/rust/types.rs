//! Rust types as tokens.
//!
//! Paths outside the prelude are written in full (`::serde_json::Number`) so that the code
//! works unchanged in this workspace's crate and in a user's crate that includes the builder's
//! output; both depend on `voucherify-webhooks`, `serde` and `serde_json`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::resolve::Ty;

use super::idents::ident;
use super::EmitError;

pub fn ty(ty: &Ty) -> Result<TokenStream, EmitError> {
    Ok(match ty {
        Ty::String => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(::serde_json::Number),
        Ty::Boolean => quote!(bool),
        Ty::Value => quote!(::serde_json::Value),
        Ty::FreeForm => quote!(::voucherify_webhooks::Map),
        Ty::Array(inner) => {
            let inner = self::ty(inner)?;
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = self::ty(inner)?;
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Ty::Named(name) => {
            let name = ident(name)?;
            quote!(#name)
        }
        Ty::Boxed(inner) => {
            let inner = self::ty(inner)?;
            quote!(Box<#inner>)
        }
        Ty::Nullable(inner) => {
            let inner = self::ty(inner)?;
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
            ty(&t).unwrap().to_string(),
            "Option < Vec < :: std :: collections :: BTreeMap < String , Box < Voucher > > > >"
        );
    }
}
