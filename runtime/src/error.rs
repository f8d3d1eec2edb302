//! Errors of a parse, each naming the JSON pointer of the place that failed.

use std::fmt;

/// Why a webhook's `data` did not fit the type of its event: where, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    /// JSON pointer into the whole body, e.g. `/data/order/amount`.
    pub pointer: String,
    /// What was expected and what was found, e.g. `expected integer, got string "7000"`.
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {}", self.message)
    }
}

impl std::error::Error for DataError {}

impl DataError {
    /// Builds the error of a failed typed read of the value at `prefix`.
    pub(crate) fn from_path_error(
        prefix: &str,
        error: serde_path_to_error::Error<serde_json::Error>,
    ) -> Self {
        let mut pointer = format!("{prefix}{}", pointer_of(error.path()));
        let mut message = error.inner().to_string();
        // serde_json appends " at line L column C"; a pointer says more.
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        // A union reports the place inside its member as `at <pointer>: <message>`.
        while let Some(rest) = message.strip_prefix("at /") {
            let Some((inner, text)) = rest.split_once(": ") else {
                break;
            };
            pointer.push('/');
            pointer.push_str(inner);
            message = text.to_string();
        }
        DataError {
            pointer,
            message: plain_message(&message),
        }
    }
}

/// A body that is not a v2024-01-01 webhook at all. Anything that is one parses, even when its
/// `data` is not what the docs say (see [`crate::Data::Raw`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// Not JSON.
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON that cannot be held without changing it, so it is refused rather than changed: a
    /// lone UTF-16 surrogate escape, a number beyond the range of `f64`, nesting deeper than
    /// 128 levels, or an object that gives a key twice. The signature was right: log the body
    /// and dead-letter it.
    Unrepresentable {
        line: usize,
        column: usize,
        message: String,
    },
    /// A webhook of the older v2018-08-01 format.
    LegacyV2018,
    /// JSON, but not the v2024-01-01 envelope (a distribution's raw payload, say).
    NotAnEnvelope(DataError),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Json { line, column, message } => {
                write!(f, "not JSON: {message} at line {line} column {column}")
            }
            ParseError::Unrepresentable {
                line,
                column,
                message,
            } => write!(
                f,
                "JSON that cannot be kept as it is: {message} at line {line} column {column}"
            ),
            ParseError::LegacyV2018 => f.write_str(
                "legacy v2018-08-01 webhook, not v2024-01-01: switch the endpoint to v2024-01-01 in Project settings",
            ),
            ParseError::NotAnEnvelope(e) => write!(f, "not a v2024-01-01 webhook envelope: {e}"),
        }
    }
}

impl std::error::Error for ParseError {}

/// The JSON pointer of a path that `serde_path_to_error` tracked.
/// A property name as a JSON pointer segment (RFC 6901: `~` is `~0`, `/` is `~1`): the one
/// escape of the runtime, for parse errors and the contract's reports alike.
pub(crate) fn escape_pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

pub(crate) fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// Rewrites serde's wording (`invalid type: string "x", expected i64`) into the schema's
/// (`expected integer, got string "x"`).
fn plain_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((got, expected)) = rest.rsplit_once(", expected ") {
            return format!(
                "expected {}, got {}",
                schema_word(expected),
                got.replace('`', "")
            );
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("missing required property {rest}");
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((got, expected)) = rest.rsplit_once(", expected ") {
            return format!(
                "expected {}, got {}",
                schema_word(expected),
                got.replace('`', "")
            );
        }
    }
    message.to_string()
}

fn schema_word(expected: &str) -> String {
    match expected {
        "i64" | "u64" | "i32" | "u32" | "an integer" => "integer".into(),
        "a string" | "a borrowed string" => "string".into(),
        "a boolean" => "boolean".into(),
        "a JSON number" | "f64" => "number".into(),
        "a sequence" => "array".into(),
        "a map" | "any valid JSON value" => "object".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_escape_tilde_before_slash() {
        assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
        assert_eq!(escape_pointer_token("~1"), "~01");
    }

    #[test]
    fn messages_use_the_schema_words() {
        assert_eq!(
            plain_message("invalid type: string \"7000\", expected i64"),
            "expected integer, got string \"7000\""
        );
        assert_eq!(
            plain_message("invalid type: null, expected a string"),
            "expected string, got null"
        );
        assert_eq!(
            plain_message("missing field `id`"),
            "missing required property `id`"
        );
    }
}
