//! `voucherify-webhooks check`: do payloads conform to the contract the crate was generated
//! from? Every violation of every file, as text for people, JSON for scripts, or JUnit XML for
//! CI systems.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;
use voucherify_webhooks::contract::{self, Checker, Kind, ReadError, Report, Violation};

use crate::UsageError;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Json,
    Junit,
}

/// One checked file: its report, or why it could not be checked.
pub struct Checked {
    pub path: String,
    pub outcome: Result<Report, Unchecked>,
}

/// Why a path could not be checked: `unreadable`, `not_json`, `unrepresentable`, `no_payloads`
/// (a folder without `*.json` files), or skipped as `not_a_file` (a FIFO, a device) or
/// `too_large`; and the message.
pub struct Unchecked {
    pub kind: &'static str,
    pub message: String,
}

impl Unchecked {
    /// Skipped on purpose, rather than failed to read.
    fn skipped(&self) -> bool {
        matches!(self.kind, "not_a_file" | "too_large")
    }
}

impl Checked {
    fn unchecked(path: String, kind: &'static str, message: String) -> Checked {
        Checked {
            path,
            outcome: Err(Unchecked { kind, message }),
        }
    }

    fn passed(&self, strict: bool) -> bool {
        match &self.outcome {
            Ok(report) => report.ok && (!strict || report.warnings.is_empty()),
            Err(_) => false,
        }
    }
}

pub fn run(mut parser: lexopt::Parser) -> Result<ExitCode, UsageError> {
    use lexopt::Arg::{Long, Value as Positional};
    use lexopt::ValueExt as _;
    let mut event: Option<String> = None;
    let mut strict = false;
    let mut format = Format::Human;
    let mut max_size = contract::MAX_PAYLOAD_BYTES;
    let mut paths: Vec<OsString> = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("event") => event = Some(parser.value()?.string()?),
            Long("strict") => strict = true,
            Long("max-size") => max_size = size(&parser.value()?.string()?, "--max-size")?,
            Long("format") => {
                format = match parser.value()?.string()?.as_str() {
                    "human" => Format::Human,
                    "json" => Format::Json,
                    "junit" => Format::Junit,
                    other => {
                        return Err(UsageError::Usage(format!(
                            "--format is human, json or junit, not `{other}`"
                        )))
                    }
                }
            }
            Positional(path) => paths.push(path),
            other => return Err(other.unexpected().into()),
        }
    }
    if paths.is_empty() {
        return Err(UsageError::Usage("check needs at least one PATH".into()));
    }
    if let Some(t) = &event {
        if voucherify_webhooks::json_schema::data(t).is_none() {
            return Err(UsageError::Usage(format!(
                "--event: {}",
                crate::suggest::unknown_event_type(t)
            )));
        }
    }
    // Drift is looked for only when it can fail the run.
    let checker = if strict {
        Checker::new()
    } else {
        Checker::without_drift()
    };
    let mut checked = Vec::new();
    for path in paths.into_iter().map(PathBuf::from) {
        match contract::json_files(&path) {
            // A folder with nothing to check is a mistake in the command, not a pass.
            Ok(files) if files.is_empty() => checked.push(Checked::unchecked(
                path.display().to_string(),
                "no_payloads",
                "no *.json files below it".into(),
            )),
            Ok(files) => {
                for file in files {
                    checked.push(check_file(
                        &checker,
                        event.as_deref(),
                        strict,
                        max_size,
                        file,
                    ));
                }
            }
            Err(e) => checked.push(Checked::unchecked(
                path.display().to_string(),
                "unreadable",
                format!("cannot read: {e}"),
            )),
        }
    }
    let text = match format {
        Format::Human => human(&checked, strict, colour()),
        Format::Json => json(&checked, strict),
        Format::Junit => junit(&checked, strict),
    };
    crate::output::print(&text)?;
    Ok(if checked.iter().any(|c| c.outcome.is_err()) {
        ExitCode::from(2)
    } else if checked.iter().all(|c| c.passed(strict)) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `16777216`, `512K`, `16M`, `1G` (powers of 1024; `KiB`, `MiB`, `GiB` too).
pub fn size(text: &str, flag: &str) -> Result<u64, UsageError> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = match &text[digits.len()..] {
        "" => 1,
        "K" | "KiB" => 1 << 10,
        "M" | "MiB" => 1 << 20,
        "G" | "GiB" => 1 << 30,
        _ => 0,
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            UsageError::Usage(format!(
                "{flag} is a number of bytes, with K, M or G for powers of 1024 (16M), not `{text}`"
            ))
        })
}

fn check_file(
    checker: &Checker,
    event: Option<&str>,
    strict: bool,
    max_size: u64,
    path: PathBuf,
) -> Checked {
    let shown = path.display().to_string();
    let body = match contract::read_payload(&path, max_size) {
        Ok(body) => body,
        Err(e) => {
            let kind = match e {
                ReadError::NotAFile(_) => "not_a_file",
                ReadError::TooLarge { .. } => "too_large",
                _ => "unreadable",
            };
            return Checked::unchecked(shown, kind, e.to_string());
        }
    };
    let mut report = match event {
        Some(t) => checker.check_data(t, &body),
        None => checker.check(&body),
    };
    let unreadable = |kind| matches!(kind, Kind::NotJson | Kind::Unrepresentable);
    if let Some(refused) = report.violations.iter().find(|v| unreadable(v.kind)) {
        let message = match refused.pointer.as_str() {
            "" => refused.message.clone(),
            pointer => format!("at {pointer}: {}", refused.message),
        };
        return Checked::unchecked(shown, refused.kind.as_str(), message);
    }
    // Drift is reported only when asked for: it fails the run only then.
    if !strict {
        report.warnings.clear();
    }
    Checked {
        path: shown,
        outcome: Ok(report),
    }
}

/// Colour only for a person at a terminal, and not for one who asked for none (`NO_COLOR`).
fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// One line per file, its findings indented below it, and `N passed, N failed` last (and
/// `N not checked` when some were not). Everything that comes from a payload or a file name
/// is [`printable`]: a payload cannot write to the terminal or forge a line.
pub fn human(checked: &[Checked], strict: bool, colour: bool) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    for c in checked {
        match &c.outcome {
            Err(e) => {
                let label = match e.skipped() {
                    true => paint(YELLOW, "SKIP "),
                    false => paint(RED, "ERROR"),
                };
                let (path, message) = (printable(&c.path), printable(&e.message));
                let _ = writeln!(out, "{label} {path}: {message}");
            }
            Ok(report) => {
                let label = if c.passed(strict) {
                    paint(GREEN, "PASS ")
                } else {
                    paint(RED, "FAIL ")
                };
                let event_type = report.event_type.as_deref().unwrap_or("no event type");
                let (path, event_type) = (printable(&c.path), printable(event_type));
                let _ = writeln!(out, "{label} {path} ({event_type})");
                for v in &report.violations {
                    let _ = writeln!(out, "      {}", printable(&line(v)));
                }
                for w in &report.warnings {
                    let warning = paint(YELLOW, "warning:");
                    let _ = writeln!(out, "      {warning} {}", printable(&line(w)));
                }
            }
        }
    }
    let Counts {
        passed,
        failed,
        not_checked,
    } = Counts::of(checked, strict);
    let _ = write!(out, "{passed} passed, {failed} failed");
    match not_checked {
        0 => out.push('\n'),
        n => {
            let _ = writeln!(out, ", {n} not checked");
        }
    }
    out
}

/// A file that could not be checked neither passed nor failed.
struct Counts {
    passed: usize,
    failed: usize,
    not_checked: usize,
}

impl Counts {
    fn of(checked: &[Checked], strict: bool) -> Counts {
        let not_checked = checked.iter().filter(|c| c.outcome.is_err()).count();
        let passed = checked.iter().filter(|c| c.passed(strict)).count();
        Counts {
            passed,
            failed: checked.len() - passed - not_checked,
            not_checked,
        }
    }
}

/// Text from a payload or a file name as one inert line: control characters (ESC, BEL, line
/// breaks, C1) and the marks that reorder text (bidirectional overrides) are written as
/// `\u{1b}`, so a payload can neither drive the terminal nor start a line of its own.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let inert = |c: char| {
        !(c.is_control()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    };
    if text.chars().all(inert) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match inert(c) {
            true => out.push(c),
            false => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    out.into()
}

fn line(v: &Violation) -> String {
    if v.schema_path.is_empty() {
        v.to_string()
    } else {
        format!("{v} (schema {})", v.schema_path)
    }
}

#[derive(Serialize)]
struct JsonOut<'a> {
    files: Vec<JsonFile<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    event_type: Option<&'a str>,
    ok: bool,
    violations: Vec<Finding<'a>>,
    warnings: Vec<Finding<'a>>,
    round_trip: Option<bool>,
    typed: Option<&'a str>,
}

#[derive(Serialize)]
struct Finding<'a> {
    pointer: &'a str,
    schema_path: &'a str,
    kind: &'a str,
    message: &'a str,
}

impl<'a> From<&'a Violation> for Finding<'a> {
    fn from(v: &'a Violation) -> Self {
        Finding {
            pointer: &v.pointer,
            schema_path: &v.schema_path,
            kind: v.kind.as_str(),
            message: &v.message,
        }
    }
}

/// `checked` = `passed` + `failed`; a file that could not be checked counts in `not_checked`.
#[derive(Serialize)]
struct Summary {
    checked: usize,
    passed: usize,
    failed: usize,
    not_checked: usize,
}

/// `{"files": [...], "summary": {"checked", "passed", "failed", "not_checked"}}`,
/// pretty-printed. A file that could not be checked (or was skipped) has one violation of its
/// [`Unchecked`] kind.
pub fn json(checked: &[Checked], strict: bool) -> String {
    let files = checked
        .iter()
        .map(|c| match &c.outcome {
            Ok(report) => JsonFile {
                path: &c.path,
                event_type: report.event_type.as_deref(),
                ok: c.passed(strict),
                violations: report.violations.iter().map(Finding::from).collect(),
                warnings: report.warnings.iter().map(Finding::from).collect(),
                round_trip: report.round_trip,
                typed: report.typed,
            },
            Err(e) => JsonFile {
                path: &c.path,
                event_type: None,
                ok: false,
                violations: vec![Finding {
                    pointer: "",
                    schema_path: "",
                    kind: e.kind,
                    message: &e.message,
                }],
                warnings: Vec::new(),
                round_trip: None,
                typed: None,
            },
        })
        .collect();
    let counts = Counts::of(checked, strict);
    let out = JsonOut {
        files,
        summary: Summary {
            checked: counts.passed + counts.failed,
            passed: counts.passed,
            failed: counts.failed,
            not_checked: counts.not_checked,
        },
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

/// JUnit XML: one `testcase` per file (named by its path, classed by its event type); a
/// `failure` lists the violations (and, with `--strict`, the warnings), an `error` says why a
/// file could not be checked, `skipped` why it was not read.
pub fn junit(checked: &[Checked], strict: bool) -> String {
    let skipped = checked
        .iter()
        .filter(|c| c.outcome.as_ref().is_err_and(Unchecked::skipped))
        .count();
    let errors = checked.iter().filter(|c| c.outcome.is_err()).count() - skipped;
    let failures = checked
        .iter()
        .filter(|c| c.outcome.is_ok() && !c.passed(strict))
        .count();
    let counts = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\"",
        checked.len()
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"voucherify-webhooks check\" {counts}>"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"voucherify-webhooks check\" {counts}>"
    );
    for c in checked {
        let (classname, body) = match &c.outcome {
            Err(e) if e.skipped() => (
                "unchecked",
                Some(format!(
                    "<skipped message=\"{}: {}\"/>",
                    e.kind,
                    xml_attr(&e.message)
                )),
            ),
            Err(e) => (
                "unchecked",
                Some(format!(
                    "<error type=\"{}\" message=\"{}\">{}</error>",
                    e.kind,
                    xml_attr(&e.message),
                    xml(&e.message)
                )),
            ),
            Ok(report) => {
                let classname = report.event_type.as_deref().unwrap_or("unknown");
                let findings: Vec<String> = report
                    .violations
                    .iter()
                    .map(line)
                    .chain(
                        report
                            .warnings
                            .iter()
                            .map(|w| format!("warning: {}", line(w))),
                    )
                    .collect();
                let body = (!c.passed(strict)).then(|| {
                    let first = report.violations.first().or(report.warnings.first());
                    format!(
                        "<failure type=\"{}\" message=\"{}\">{}</failure>",
                        first.map_or("contract", |v| v.kind.as_str()),
                        xml_attr(&first.map(|v| v.to_string()).unwrap_or_default()),
                        xml(&findings.join("\n"))
                    )
                });
                (classname, body)
            }
        };
        let open = format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml_attr(classname),
            xml_attr(&c.path)
        );
        match body {
            None => {
                let _ = writeln!(out, "{open}/>");
            }
            Some(body) => {
                let _ = writeln!(out, "{open}>\n      {body}\n    </testcase>");
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Text as XML character data: the special characters escaped, and the control characters
/// XML 1.0 cannot hold at all (not even escaped) replaced.
pub fn xml(text: &str) -> String {
    escape(text, false)
}

/// Text as an XML attribute value: as [`xml`], and line breaks kept as references (a parser
/// would turn literal ones into spaces).
fn xml_attr(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\r' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_replaces_what_xml_cannot_hold() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\n\u{FFFD}"
        );
        assert_eq!(xml_attr("one\ntwo\tthree"), "one&#10;two&#9;three");
    }
}
