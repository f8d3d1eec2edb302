//! Identifiers and doc attributes as tokens.
//!
//! The resolver has already chosen every name; this only spells them as tokens, raw where the
//! name says so (`r#type`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::EmitError;

/// An identifier token for a name the resolver chose. A name that is not an identifier is a
/// generator bug, reported as an error rather than a panic.
pub fn ident(name: &str) -> Result<Ident, EmitError> {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let valid = bare
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && bare != "_";
    if !valid {
        return Err(EmitError(format!("`{name}` is not a Rust identifier")));
    }
    Ok(if raw {
        Ident::new_raw(bare, Span::call_site())
    } else {
        Ident::new(bare, Span::call_site())
    })
}

/// `#[doc = "..."]` attributes, one per line, wrapped to a readable width; prettyplease
/// prints them as `///` comments.
pub fn docs(lines: &[String]) -> TokenStream {
    let wrapped: Vec<String> = lines
        .iter()
        .flat_map(|line| wrap(line, DOC_WIDTH))
        .collect();
    let lines = wrapped.iter().map(|line| {
        // A leading space makes `/// text` rather than `///text`.
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
}

/// The width of doc text, so that a doc comment in a nested module stays within 100 columns.
const DOC_WIDTH: usize = 88;

/// Greedy word wrap. Words are never split, so a long URL or code span stays whole.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && current.len() + 1 + word.len() > width {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_between_words_only() {
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(
            wrap("https://a.very.long/url x", 5),
            ["https://a.very.long/url", "x"]
        );
    }

    #[test]
    fn raw_and_plain_idents() {
        assert_eq!(ident("r#type").unwrap().to_string(), "r#type");
        assert_eq!(ident("_1st").unwrap().to_string(), "_1st");
        assert!(ident("1st").is_err());
        assert!(ident("a-b").is_err());
        assert!(ident("_").is_err());
    }
}
