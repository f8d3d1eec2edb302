//! The `x-voucherify-signature` header: HMAC-SHA256 of the body, keyed with the webhook secret.
//!
//! Voucherify computes the HMAC over the JSON body with the whitespace outside strings removed.
//! A receiver holds the body as it came over the wire, which may or may not have that
//! whitespace, so [`verify`] tries the raw bytes first (the common, cheap case) and the stripped
//! bytes only when that fails. The body is never re-serialised: key order, escapes and number
//! formatting would change, and with them the HMAC.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "x-voucherify-signature";

type HmacSha256 = Hmac<Sha256>;

/// Why a signature was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// No signature header (or an empty one).
    Missing,
    /// The signature has a character that is not a hex digit.
    NotHex,
    /// The signature is hex but not 64 digits long (an HMAC-SHA256 is 32 bytes).
    WrongLength(usize),
    /// A well-formed signature that the body and secret do not produce.
    Mismatch,
    /// A webhook secret is empty: anyone can compute an HMAC keyed with nothing, so such a
    /// secret would let forged webhooks through. This is the receiver's configuration at fault,
    /// not the delivery's.
    EmptySecret,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::Missing => write!(f, "no `{SIGNATURE_HEADER}` header"),
            SignatureError::NotHex => f.write_str("the signature is not hexadecimal"),
            SignatureError::WrongLength(n) => {
                write!(f, "the signature has {n} hex digits; an HMAC-SHA256 has 64")
            }
            SignatureError::Mismatch => {
                f.write_str("the signature does not match the body and the webhook secret")
            }
            SignatureError::EmptySecret => f.write_str(
                "the webhook secret is empty; set it to the secret shown in Voucherify's project settings",
            ),
        }
    }
}

impl std::error::Error for SignatureError {}

/// Checks `signature` (the header's value) for `body` against the webhook `secret`.
///
/// An empty `secret` is refused ([`SignatureError::EmptySecret`]) whatever the signature: it
/// is almost always an unset configuration value, and it would verify forged webhooks.
pub fn verify(secret: &[u8], body: &[u8], signature: &str) -> Result<(), SignatureError> {
    verify_any(&[secret], body, signature)
}

/// Like [`verify`], accepting a signature made with any of `secrets`: keep the old and the new
/// secret here while rotating. One empty secret among them refuses every webhook
/// ([`SignatureError::EmptySecret`]), as in [`verify`].
pub fn verify_any(secrets: &[&[u8]], body: &[u8], signature: &str) -> Result<(), SignatureError> {
    if secrets.iter().any(|secret| secret.is_empty()) {
        return Err(SignatureError::EmptySecret);
    }
    let expected = decode(signature)?;
    for secret in secrets {
        if mac(secret, body).verify_slice(&expected).is_ok() {
            return Ok(());
        }
    }
    // Only now, on the unusual path, pay for a stripped copy of the body; a body that is not
    // JSON has nothing Voucherify would have stripped.
    let Some(stripped) = strip_whitespace(body) else {
        return Err(SignatureError::Mismatch);
    };
    if stripped.len() != body.len() {
        for secret in secrets {
            if mac(secret, &stripped).verify_slice(&expected).is_ok() {
                return Ok(());
            }
        }
    }
    Err(SignatureError::Mismatch)
}

/// The signature Voucherify would send for `body`: lowercase hex HMAC-SHA256 of the body with
/// whitespace outside strings removed, or of the body as it is when it is not JSON.
///
/// It signs with any secret, an empty one too (for tests of a receiver's refusal); [`verify`]
/// refuses an empty secret.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let tag = match strip_whitespace(body) {
        Some(stripped) => mac(secret, &stripped).finalize(),
        None => mac(secret, body).finalize(),
    };
    hex(&tag.into_bytes())
}

fn mac(secret: &[u8], body: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(body);
    mac
}

/// Hex (either case) to 32 bytes, refusing anything else without panicking.
fn decode(signature: &str) -> Result<[u8; 32], SignatureError> {
    let signature = signature.trim();
    if signature.is_empty() {
        return Err(SignatureError::Missing);
    }
    let digits = signature.as_bytes();
    let mut values = Vec::with_capacity(digits.len());
    for &d in digits {
        values.push(match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            b'A'..=b'F' => d - b'A' + 10,
            _ => return Err(SignatureError::NotHex),
        });
    }
    if values.len() != 64 {
        return Err(SignatureError::WrongLength(values.len()));
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(values.chunks_exact(2)) {
        *byte = pair[0] << 4 | pair[1];
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

/// The body without the whitespace (space, tab, CR, LF) that JSON allows between tokens, or
/// `None` when the body is not JSON.
///
/// One pass that checks the body's grammar while it strips, so that whitespace is removed only
/// where removing it cannot change what the body says: `[1 2]` and `t r u e` are not JSON, and
/// are not made into `[12]` and `true` (which would let a body verify with the signature of
/// another). Nesting is tracked on a heap stack, so a deep body costs memory, not stack.
pub fn strip_whitespace(body: &[u8]) -> Option<Vec<u8>> {
    std::str::from_utf8(body).ok()?;
    let mut out = Vec::with_capacity(body.len());
    // Open containers, innermost last: `true` for an object.
    let mut open: Vec<bool> = Vec::new();
    let mut expect = Expect::Value;
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
            continue;
        }
        let start = i;
        match (expect, b) {
            (Expect::Value | Expect::ValueOrClose, b'{') => {
                open.push(true);
                expect = Expect::KeyOrClose;
                i += 1;
            }
            (Expect::Value | Expect::ValueOrClose, b'[') => {
                open.push(false);
                expect = Expect::ValueOrClose;
                i += 1;
            }
            (Expect::KeyOrClose, b'}') | (Expect::ValueOrClose, b']') => {
                open.pop();
                expect = after_value(&open);
                i += 1;
            }
            (Expect::CommaOrClose, b',') => {
                expect = if open.last() == Some(&true) {
                    Expect::Key
                } else {
                    Expect::Value
                };
                i += 1;
            }
            (Expect::CommaOrClose, b'}' | b']') => {
                if open.pop() != Some(b == b'}') {
                    return None;
                }
                expect = after_value(&open);
                i += 1;
            }
            (Expect::Colon, b':') => {
                expect = Expect::Value;
                i += 1;
            }
            (Expect::Key | Expect::KeyOrClose, b'"') => {
                i = string_end(body, i)?;
                expect = Expect::Colon;
            }
            (Expect::Value | Expect::ValueOrClose, b'"') => {
                i = string_end(body, i)?;
                expect = after_value(&open);
            }
            (Expect::Value | Expect::ValueOrClose, b't' | b'f' | b'n') => {
                let word: &[u8] = match b {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                if !body[i..].starts_with(word) {
                    return None;
                }
                i += word.len();
                expect = after_value(&open);
            }
            (Expect::Value | Expect::ValueOrClose, b'-' | b'0'..=b'9') => {
                i = number_end(body, i)?;
                expect = after_value(&open);
            }
            _ => return None,
        }
        out.extend_from_slice(&body[start..i]);
    }
    (expect == Expect::End).then_some(out)
}

/// What the grammar allows next (whitespace aside).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Value,
    /// Just after `[`.
    ValueOrClose,
    /// Just after `{`.
    KeyOrClose,
    /// After a `,` in an object.
    Key,
    Colon,
    CommaOrClose,
    /// The top-level value is complete: only whitespace may follow.
    End,
}

fn after_value(open: &[bool]) -> Expect {
    if open.is_empty() {
        Expect::End
    } else {
        Expect::CommaOrClose
    }
}

/// The index just past the string that opens at `start`, checking its escapes and refusing
/// control characters (the body is already known to be UTF-8).
fn string_end(body: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match *body.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => match *body.get(i + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                b'u' => {
                    let digits = body.get(i + 2..i + 6)?;
                    if !digits.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    i += 6;
                }
                _ => return None,
            },
            0x00..=0x1f => return None,
            _ => i += 1,
        }
    }
}

/// The index just past the number that starts at `start`:
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn number_end(body: &[u8], start: usize) -> Option<usize> {
    let digits_from = |i: usize| -> usize {
        body[i..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(body.len(), |n| i + n)
    };
    let mut i = start;
    if body[i] == b'-' {
        i += 1;
    }
    match body.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits_from(i),
        _ => return None,
    }
    if body.get(i) == Some(&b'.') {
        let end = digits_from(i + 1);
        if end == i + 1 {
            return None;
        }
        i = end;
    }
    if matches!(body.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(body.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let end = digits_from(i);
        if end == i {
            return None;
        }
        i = end;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors written for this project (the vendor's own are checked by the contract tests).
    const SECRET: &[u8] = b"whsec-test";

    #[test]
    fn signs_the_body_without_outside_whitespace() {
        let compact = br#"{"a":"x y","b":[1,2]}"#;
        let spaced = b"{\n  \"a\": \"x y\",\n  \"b\": [1, 2]\n}";
        assert_eq!(sign(SECRET, compact), sign(SECRET, spaced));
        assert_ne!(
            sign(SECRET, compact),
            sign(SECRET, br#"{"a":"xy","b":[1,2]}"#)
        );
        let signature = sign(SECRET, compact);
        assert_eq!(verify(SECRET, spaced, &signature), Ok(()));
        assert_eq!(verify(SECRET, compact, &signature.to_uppercase()), Ok(()));
    }

    #[test]
    fn strings_keep_their_whitespace_and_escapes() {
        assert_eq!(
            strip_whitespace(b"{ \"a \\\" b\" : 1 }").as_deref(),
            Some(&b"{\"a \\\" b\":1}"[..])
        );
        assert_eq!(
            strip_whitespace(b"[\"\\\\\", 2 ]").as_deref(),
            Some(&b"[\"\\\\\",2]"[..])
        );
        assert_eq!(
            strip_whitespace(b" {\"a\" :\t[ -1.5e+3 , true,false ,null, {} , [ ] ] }\r\n")
                .as_deref(),
            Some(&br#"{"a":[-1.5e+3,true,false,null,{},[]]}"#[..])
        );
    }

    #[test]
    fn strips_only_between_the_tokens_of_a_json_body() {
        // Whitespace inside a number or a literal, or a body that is not JSON, is kept: such a
        // body is not the one that was signed.
        for body in [
            &br#"{"b":[1 2],"t":t r u e}"#[..],
            br#"{"b":[1 2]}"#,
            br#"{"t":t r u e}"#,
            b"m e s s a g e",
            b"- 1",
            b"1 .5",
            b"[1,]",
            b"{\"a\":1,}",
            b"{\"a\" 1}",
            b"[1}",
            b"{\"a\":1]",
            b"\"unterminated",
            b"\"\\q\"",
            b"\"\\u12g4\"",
            b"01",
            b"1.",
            b"1e",
            b"[",
            b"",
            b"  ",
            b"{} {}",
            b"nul",
            b"\"\xff\"",
        ] {
            assert_eq!(
                strip_whitespace(body),
                None,
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
        let compact = br#"{"b":[12],"t":true}"#;
        let signature = sign(SECRET, compact);
        assert_eq!(
            verify(SECRET, br#"{"b":[1 2],"t":t r u e}"#, &signature),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(SECRET, br#"{ "b" : [ 12 ] , "t" : true }"#, &signature),
            Ok(())
        );
        let signature = sign(SECRET, b"message");
        assert_eq!(
            verify(SECRET, b"m e s s a g e", &signature),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(verify(SECRET, b"message", &signature), Ok(()));
    }

    #[test]
    fn deep_json_is_stripped_without_recursion() {
        let depth = 100_000;
        let mut spaced = "[ ".repeat(depth);
        spaced.push_str(&" ]".repeat(depth));
        let compact = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(
            strip_whitespace(spaced.as_bytes()),
            Some(compact.into_bytes())
        );
    }

    #[test]
    fn an_empty_secret_is_refused_whatever_the_signature() {
        let body = br#"{"id":"whs_1"}"#;
        // Anyone can compute the HMAC keyed with nothing.
        let forged = sign(b"", body);
        assert_eq!(verify(b"", body, &forged), Err(SignatureError::EmptySecret));
        assert_eq!(verify(b"", body, ""), Err(SignatureError::EmptySecret));
        assert_eq!(
            verify_any(&[b"real", b""], body, &forged),
            Err(SignatureError::EmptySecret)
        );
        assert!(SignatureError::EmptySecret
            .to_string()
            .contains("secret is empty"));
    }

    #[test]
    fn refuses_malformed_signatures_with_a_reason() {
        let body = b"{}";
        assert_eq!(verify(SECRET, body, ""), Err(SignatureError::Missing));
        assert_eq!(verify(SECRET, body, "zz"), Err(SignatureError::NotHex));
        assert_eq!(
            verify(SECRET, body, "abcd"),
            Err(SignatureError::WrongLength(4))
        );
        assert_eq!(verify(SECRET, body, "é"), Err(SignatureError::NotHex));
        assert_eq!(
            verify(SECRET, body, &"0".repeat(64)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"other", body, &sign(SECRET, body)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn any_of_several_secrets_may_match() {
        let body = br#"{"id":"whs_1"}"#;
        let signature = sign(b"new", body);
        assert_eq!(verify_any(&[b"old", b"new"], body, &signature), Ok(()));
        assert_eq!(
            verify_any(&[b"old"], body, &signature),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_any(&[], body, &signature),
            Err(SignatureError::Mismatch)
        );
    }
}
