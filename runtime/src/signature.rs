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
        }
    }
}

impl std::error::Error for SignatureError {}

/// Checks `signature` (the header's value) for `body` against the webhook `secret`.
pub fn verify(secret: &[u8], body: &[u8], signature: &str) -> Result<(), SignatureError> {
    verify_any(&[secret], body, signature)
}

/// Like [`verify`], accepting a signature made with any of `secrets`: keep the old and the new
/// secret here while rotating.
pub fn verify_any(secrets: &[&[u8]], body: &[u8], signature: &str) -> Result<(), SignatureError> {
    let expected = decode(signature)?;
    for secret in secrets {
        if mac(secret, body).verify_slice(&expected).is_ok() {
            return Ok(());
        }
    }
    // Only now, on the unusual path, pay for a stripped copy of the body.
    let stripped = strip_whitespace(body);
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
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let is_json = serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok();
    let tag = if is_json {
        mac(secret, &strip_whitespace(body)).finalize()
    } else {
        mac(secret, body).finalize()
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

/// The body without the JSON whitespace (space, tab, CR, LF) that stands outside strings.
pub fn strip_whitespace(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut in_string = false;
    let mut escaped = false;
    for &b in body {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => {}
                b'"' => {
                    in_string = true;
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
    }
    out
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
            strip_whitespace(b"{ \"a \\\" b\" : 1 }"),
            b"{\"a \\\" b\":1}"
        );
        assert_eq!(strip_whitespace(b"[\"\\\\\", 2 ]"), b"[\"\\\\\",2]");
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
