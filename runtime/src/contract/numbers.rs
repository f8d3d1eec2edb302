//! Numbers that change when read: found in the body's own text, since a comparison of two
//! values read by the same parser cannot see what that parser rounded.
//!
//! This crate reads numbers as serde_json does by default: an `i64`, a `u64` or an `f64`. So
//! `123456789012345678901234567890`, `-9223372036854775809`, `0.10000000000000000001` and
//! `1e-400` are read as the nearest `f64` (the last as `0.0`). serde_json's
//! `arbitrary_precision` feature would keep their text, but it is not turned on here:
//! - Cargo unifies features, so it would change `serde_json::Number` for every crate in a
//!   service that depends on this one: numbers compare by their text (`1.0` and `1.00` differ),
//!   each number in a `Value` allocates a `String`, and a number that is not an integer token,
//!   read through serde's buffered paths (untagged or internally tagged enums, `flatten`),
//!   arrives as a one-entry map and fails to deserialize (serde-rs/json#721 and #1108, open);
//! - the typed fields stay `i64` and `f64` either way, so only `extra` and `Data::Raw` would
//!   keep the digits.
//!
//! Voucherify's amounts are integers in cents and its ids are strings, so such numbers are not
//! expected; when one comes, the contract check names it as a round-trip violation at its
//! pointer, and the verified body still holds the exact digits.

use serde_json::Value;

use super::checker::escape;
use super::tree::Noticed;
use super::{Kind, Violation};

/// Every number in the JSON `body` whose value changes when read (and so when written back),
/// as a [`Kind::RoundTrip`] violation at its pointer, in document order. Empty for a body that
/// is not JSON (that is reported elsewhere).
///
/// ```
/// let found = voucherify_webhooks::contract::numbers_that_change(br#"{"a": [1, 1e-400]}"#);
/// assert_eq!(found[0].pointer, "/a/1");
/// assert!(found[0].message.contains("is read as 0.0"));
/// ```
pub fn numbers_that_change(body: &[u8]) -> Vec<Violation> {
    let mut found = Vec::new();
    scan(body, &mut found, false);
    found
}

/// What the text of `body` loses when read (as [`tree::read`](super::tree::read) read it and
/// noticed): the numbers that change (as [`numbers_that_change`]), each a
/// [`Kind::RoundTrip`] violation, and the keys an object gives more than once (a map keeps one
/// value per key), each a [`Kind::Unrepresentable`] one. The text is scanned only when the
/// reading saw a number read as `f64` or a key given twice.
pub(super) fn lost_in_reading(body: &[u8], noticed: Noticed) -> Vec<Violation> {
    let mut found = Vec::new();
    if noticed.float || noticed.key_given_twice {
        scan(body, &mut found, noticed.key_given_twice);
    }
    found
}

/// Scans `body` for the numbers that change, and with `duplicates` for keys given twice;
/// returns how many keys the text names.
fn scan<'b>(body: &'b [u8], found: &mut Vec<Violation>, duplicates: bool) -> usize {
    let mut count = 0;
    // Where the scan is: one frame per open object (with the raw text of its current key) or
    // array (with the index of its current item).
    let mut frames: Vec<Frame> = Vec::new();
    // The raw keys of every open object, each object's from its frame's `start`.
    let mut keys: Vec<&'b [u8]> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while let Some(&byte) = body.get(i) {
        match byte {
            b'{' => {
                frames.push(Frame::Object {
                    key: &[],
                    start: keys.len(),
                });
                expect_key = true;
                i += 1;
            }
            b'[' => {
                frames.push(Frame::Array(0));
                i += 1;
            }
            b'}' | b']' => {
                if let Some(Frame::Object { start, .. }) = frames.pop() {
                    if duplicates {
                        given_twice(&frames, &mut keys[start..], found);
                    }
                    keys.truncate(start);
                }
                i += 1;
            }
            b',' => {
                match frames.last_mut() {
                    Some(Frame::Array(index)) => *index += 1,
                    Some(Frame::Object { .. }) => expect_key = true,
                    None => return count,
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(body, i + 1);
                if expect_key {
                    if let Some(Frame::Object { key, .. }) = frames.last_mut() {
                        *key = &body[i..end];
                        count += 1;
                        if duplicates {
                            keys.push(*key);
                        }
                    }
                    expect_key = false;
                }
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while body
                    .get(i)
                    .is_some_and(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                {
                    i += 1;
                }
                let token = &body[start..i];
                let changed = match plainly_kept(token) {
                    true => None,
                    false => read_as(std::str::from_utf8(token).unwrap_or_default()),
                };
                if let Some(read_as) = changed {
                    let text = String::from_utf8_lossy(token);
                    found.push(Violation {
                        pointer: pointer(&frames),
                        schema_path: String::new(),
                        kind: Kind::RoundTrip,
                        message: format!(
                            "the number {text} is read as {read_as}: numbers are held as i64, u64 or f64, so it would be written back changed"
                        ),
                    });
                }
            }
            _ => i += 1,
        }
    }
    count
}

/// Reports each key of one object (`keys`, raw JSON text) that is given more than once.
fn given_twice(frames: &[Frame], keys: &mut [&[u8]], found: &mut Vec<Violation>) {
    if keys.len() < 2 {
        return;
    }
    let mut twice: Vec<String> = Vec::new();
    if keys.iter().any(|key| key.contains(&b'\\')) {
        // Escapes are read before comparing: `"a"` and `"\u0061"` are one key.
        let mut names: Vec<String> = keys.iter().map(|key| name(key)).collect();
        names.sort_unstable();
        twice.extend(
            names
                .windows(2)
                .filter(|p| p[0] == p[1])
                .map(|p| p[0].clone()),
        );
    } else {
        // The common case, allocating nothing: the raw texts sorted where they are.
        keys.sort_unstable();
        twice.extend(keys.windows(2).filter(|p| p[0] == p[1]).map(|p| name(p[0])));
    }
    twice.dedup();
    for key in twice {
        found.push(Violation {
            pointer: format!("{}/{}", pointer(frames), escape(&key)),
            schema_path: String::new(),
            kind: Kind::Unrepresentable,
            message: format!(
                "`{key}` is given more than once in this object: a map holds one value per key, so the parse refuses the body rather than lose the others"
            ),
        });
    }
}

/// A key's name from its raw JSON text (quotes included).
fn name(key: &[u8]) -> String {
    serde_json::from_slice::<String>(key)
        .unwrap_or_else(|_| String::from_utf8_lossy(key).into_owned())
}

enum Frame<'a> {
    /// An object: its current key, as its JSON text with the quotes, and where its keys start
    /// in the scan's list of keys.
    Object {
        key: &'a [u8],
        start: usize,
    },
    Array(usize),
}

/// The index just past the string whose text starts at `i` (after its opening quote).
fn string_end(body: &[u8], mut i: usize) -> usize {
    // Eight bytes at a time while none of them is a quote or a backslash: most of a body is
    // the text of its strings.
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    while let Some(chunk) = body.get(i..i + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().unwrap_or_default());
        if has_zero(word ^ (ONES * u64::from(b'"'))) || has_zero(word ^ (ONES * u64::from(b'\\'))) {
            break;
        }
        i += 8;
    }
    while let Some(&byte) = body.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    body.len()
}

fn pointer(frames: &[Frame]) -> String {
    let mut pointer = String::new();
    for frame in frames {
        pointer.push('/');
        match frame {
            Frame::Array(index) => pointer.push_str(&index.to_string()),
            Frame::Object { key, .. } => {
                let key: String = serde_json::from_slice(key).unwrap_or_default();
                pointer.push_str(&escape(&key));
            }
        }
    }
    pointer
}

/// Whether `text` is a number that keeps its value without looking closer: an integer of up
/// to 18 digits (it fits an i64), or a decimal without exponent of up to 15 digits (f64 holds
/// it). Most numbers are, and this allocates nothing.
fn plainly_kept(token: &[u8]) -> bool {
    let (mut digits, mut dot) = (0, false);
    for byte in token {
        match byte {
            b'0'..=b'9' => digits += 1,
            b'.' => dot = true,
            b'-' => {}
            _ => return false, // an exponent
        }
    }
    digits <= if dot { 15 } else { 18 }
}

/// How serde_json writes back the number `text`, when that is another value; `None` when the
/// value is kept (`1.50` written as `1.5` keeps it).
fn read_as(text: &str) -> Option<String> {
    let decimal = Decimal::parse(text)?;
    // The common case without a parse: an integer of up to 18 digits fits an i64, and a
    // decimal of up to 15 significant digits in f64's normal range comes back the same.
    let integer = !text.contains(['.', 'e', 'E']);
    if (integer && decimal.digits.len() + decimal.exponent.max(0) as usize <= 18)
        || (decimal.digits.len() <= 15 && decimal.exponent.abs() < 290)
    {
        return None;
    }
    let again = match serde_json::from_str::<Value>(text).ok()? {
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (Decimal::parse(&again)? != decimal).then_some(again)
}

/// A decimal number's value: its significant digits (no leading or trailing zeros) times ten
/// to the power `exponent`; zero has no digits and no sign.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

impl Decimal {
    fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], rest[at + 1..].parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all = format!("{whole}{fraction}");
        if all.is_empty() || !all.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let trimmed = all.trim_end_matches('0');
        let exponent = exponent
            .checked_sub(fraction.len() as i64)?
            .checked_add((all.len() - trimmed.len()) as i64)?;
        let digits = trimmed.trim_start_matches('0').to_string();
        Some(match digits.is_empty() {
            true => Decimal {
                negative: false,
                digits,
                exponent: 0,
            },
            false => Decimal {
                negative,
                digits,
                exponent,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_given_twice_are_named_once_each() {
        let body =
            br#"{"a": {"x": 1, "y": 2, "x": 3, "x": 4}, "b": [{"k": 1, "\u006b": 2}], "c": 1}"#;
        let found = lost_in_reading(body, super::super::tree::read(body).unwrap().1);
        let pointers: Vec<&str> = found.iter().map(|v| v.pointer.as_str()).collect();
        assert_eq!(pointers, ["/a/x", "/b/0/k"]);
        assert!(found.iter().all(|v| v.kind == Kind::Unrepresentable));
        let body = br#"{"a": {"x": 1}, "b": {"x": 1}, "s": "a \" \\ quoted \"\u0022 string"}"#;
        let noticed = super::super::tree::read(body).unwrap().1;
        assert!(lost_in_reading(body, noticed).is_empty());
        // Told that a key was given twice, the scan finds none here.
        let told = Noticed {
            key_given_twice: true,
            float: true,
        };
        assert!(lost_in_reading(body, told).is_empty());
        // The public scan of numbers does not look for keys.
        assert!(numbers_that_change(br#"{"x": 1, "x": 2}"#).is_empty());
    }

    /// The string's end is found eight bytes at a time: wherever the quote or an escape falls.
    #[test]
    fn strings_end_at_their_closing_quote() {
        for len in 0usize..40 {
            for escape_at in [None, Some(0), Some(len / 2), Some(len.saturating_sub(1))] {
                let mut text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                if let Some(at) = escape_at.filter(|at| *at < len) {
                    text.splice(at..at, *b"\\\"");
                }
                let body = [b"\"".as_slice(), &text, b"\": 1".as_slice()].concat();
                assert_eq!(
                    string_end(&body, 1),
                    text.len() + 2,
                    "{}",
                    String::from_utf8_lossy(&body)
                );
            }
        }
    }

    /// The shortcut never says "kept" of a number that changes.
    #[test]
    fn the_plainly_kept_are_kept() {
        for text in [
            "0",
            "-0",
            "7000",
            "-9223372036854775808",
            "999999999999999999",
            "0.1",
            "-12345.6789",
            "0.000000000000001",
            "123456789012345",
            "1.0e2",
            "1e400",
            "12345678901234567890",
            "0.10000000000000000001",
            "9223372036854775808",
        ] {
            if plainly_kept(text.as_bytes()) {
                assert_eq!(read_as(text), None, "{text}");
            }
        }
        assert!(plainly_kept(b"7000") && plainly_kept(b"0.1"));
        assert!(!plainly_kept(b"12345678901234567890") && !plainly_kept(b"1e400"));
    }

    #[test]
    fn numbers_keep_or_change_their_value() {
        for kept in [
            "0",
            "-0",
            "7",
            "12000",
            "1.5",
            "1.50",
            "0.1",
            "1e2",
            "1E-7",
            "-3.25e10",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
            "0.30000000000000004",
        ] {
            assert_eq!(read_as(kept), None, "{kept}");
        }
        for (changed, read) in [
            ("123456789012345678901234567890", "1.2345678901234568e+29"),
            ("-9223372036854775809", "-9.223372036854776e+18"),
            ("18446744073709551617", "1.8446744073709552e+19"),
            // 2^70 is an f64, but is written back as 1180591620717411300000.
            ("1180591620717411303424", "1.1805916207174113e+21"),
            ("0.10000000000000000001", "0.1"),
            ("1e-400", "0.0"),
        ] {
            assert_eq!(read_as(changed).as_deref(), Some(read), "{changed}");
        }
    }

    #[test]
    fn each_changed_number_is_named_by_its_pointer() {
        let body = br#"{"a~/b": [1, {"x": "1e-400 in a string, \"", "y": 1e-400}], "z": 0.10000000000000000001}"#;
        let pointers: Vec<String> = numbers_that_change(body)
            .into_iter()
            .map(|v| v.pointer)
            .collect();
        assert_eq!(pointers, ["/a~0~1b/1/y", "/z"]);
        assert_eq!(numbers_that_change(b"1e-400")[0].pointer, "");
        assert!(numbers_that_change(br#"{"a": 1, "b": [2.5, -0]}"#).is_empty());
    }
}
