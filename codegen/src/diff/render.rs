//! The report in three forms: for a terminal, for tools (JSON), for a pull request (Markdown).

use std::fmt::Write;

use serde::Serialize;

use super::{Change, Kind, Report, Rust, Wire};

/// The report's form, as `--format` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Markdown,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "human" => Some(Format::Human),
            "json" => Some(Format::Json),
            "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Human => human(report),
        Format::Json => json(report),
        Format::Markdown => markdown(report),
    }
}

/// Changes other than events added and removed, grouped by the file they are in, in order.
fn groups(report: &Report) -> Vec<(String, Vec<&Change>)> {
    let mut groups: Vec<(String, Vec<&Change>)> = Vec::new();
    for change in &report.changes {
        if matches!(change.kind, Kind::EventAdded | Kind::EventRemoved) {
            continue;
        }
        let owner = change.owner();
        match groups.last_mut() {
            Some((last, changes)) if *last == owner => changes.push(change),
            _ => groups.push((owner, vec![change])),
        }
    }
    groups
}

/// One sentence: what the changes need and what they do to payloads.
fn verdict(report: &Report) -> String {
    let count = |rust: Rust| report.changes.iter().filter(|c| c.rust == rust).count();
    let bump = match report.bump() {
        None => return "No changes.".into(),
        Some(bump) => bump,
    };
    let wire = |wire: Wire| report.changes.iter().filter(|c| c.wire == wire).count();
    format!(
        "{} change{}, {} breaking: voucherify-webhooks needs a {bump} version \
         ({} major, {} minor, {} patch); on the wire {} stricter, {} looser, {} both, {} none.",
        report.changes.len(),
        if report.changes.len() == 1 { "" } else { "s" },
        report.breaking(),
        count(Rust::Major),
        count(Rust::Minor),
        count(Rust::Patch),
        wire(Wire::Stricter),
        wire(Wire::Looser),
        wire(Wire::Both),
        wire(Wire::None),
    )
}

/// For a terminal: events added and removed, then each file's changes, then the verdict.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    for (kind, label) in [
        (Kind::EventAdded, "Events added"),
        (Kind::EventRemoved, "Events removed"),
    ] {
        let events = report.events(kind);
        if !events.is_empty() {
            let info = kind.info();
            let _ = writeln!(
                out,
                "{label} ({}; wire {}, rust {}): {}",
                events.len(),
                info.wire,
                info.rust,
                events.join(", ")
            );
        }
    }
    for (owner, changes) in groups(report) {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "{owner}");
        for change in changes {
            let pointer = if change.pointer.is_empty() {
                "/"
            } else {
                &change.pointer
            };
            let _ = writeln!(
                out,
                "  {pointer}: {} [{}; wire {}, rust {}]",
                change.message, change.kind, change.wire, change.rust
            );
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&verdict(report));
    out.push('\n');
    out
}

/// The stable JSON shape: `{"changes": [{"kind", "event"?, "object"?, "pointer", "before"?,
/// "after"?, "wire", "rust", "message"}], "summary": {"changes", "breaking", "bump",
/// "events_added", "events_removed", "wire": {..}, "rust": {..}}}`.
pub fn json(report: &Report) -> String {
    let wire = |wire: Wire| report.changes.iter().filter(|c| c.wire == wire).count();
    let rust = |rust: Rust| report.changes.iter().filter(|c| c.rust == rust).count();
    let shape = JsonReport {
        changes: &report.changes,
        summary: JsonSummary {
            changes: report.changes.len(),
            breaking: report.breaking(),
            bump: report.bump().map(Rust::as_str),
            events_added: report.events(Kind::EventAdded),
            events_removed: report.events(Kind::EventRemoved),
            wire: WireCounts {
                none: wire(Wire::None),
                looser: wire(Wire::Looser),
                stricter: wire(Wire::Stricter),
                both: wire(Wire::Both),
            },
            rust: RustCounts {
                patch: rust(Rust::Patch),
                minor: rust(Rust::Minor),
                major: rust(Rust::Major),
            },
        },
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&shape).unwrap_or_default();
    text.push('\n');
    text
}

// Structs rather than `json!`, so that the keys keep the documented order.
#[derive(Serialize)]
struct JsonReport<'a> {
    changes: &'a [Change],
    summary: JsonSummary<'a>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    changes: usize,
    breaking: usize,
    bump: Option<&'static str>,
    events_added: Vec<&'a str>,
    events_removed: Vec<&'a str>,
    wire: WireCounts,
    rust: RustCounts,
}

#[derive(Serialize)]
struct WireCounts {
    none: usize,
    looser: usize,
    stricter: usize,
    both: usize,
}

#[derive(Serialize)]
struct RustCounts {
    patch: usize,
    minor: usize,
    major: usize,
}

/// For a pull request body: a heading with the bump, the events, a table of the changes.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let heading = match report.bump() {
        None => "No changes to the schemas".to_string(),
        Some(bump) => format!("Schema changes: a {bump} version of `voucherify-webhooks`"),
    };
    let _ = writeln!(out, "### {heading}\n");
    for (kind, label) in [
        (Kind::EventAdded, "Events added"),
        (Kind::EventRemoved, "Events removed"),
    ] {
        let events = report.events(kind);
        if !events.is_empty() {
            let names: Vec<String> = events.iter().map(|e| format!("`{e}`")).collect();
            let _ = writeln!(
                out,
                "**{label}** ({}): {}\n",
                events.len(),
                names.join(", ")
            );
        }
    }
    let groups = groups(report);
    if !groups.is_empty() {
        out.push_str("| where | change | kind | wire | rust |\n|---|---|---|---|---|\n");
        for (owner, changes) in groups {
            for change in changes {
                let place = if change.pointer.is_empty() {
                    format!("`{owner}`")
                } else {
                    format!("`{owner}` `{}`", change.pointer)
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | `{}` | {} | {} |",
                    cell(&place),
                    cell(&change.message),
                    change.kind,
                    change.wire,
                    change.rust
                );
            }
        }
        out.push('\n');
    }
    out.push_str(&verdict(report));
    out.push('\n');
    out
}

/// A table cell: a `|` would end it, a line break would end the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
