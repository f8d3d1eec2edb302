//! `voucherify-webhooks parse`: does each payload parse into its type and survive a round trip?

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use serde_json::Value;
use voucherify_webhooks::{parse_data, Data, DataError, Untyped, Webhook, EVENT_TYPES};

use crate::UsageError;

/// One line of output.
#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    ok: bool,
    event_type: Option<String>,
    channel: Option<&'static str>,
    rust_type: Option<String>,
    round_trip: bool,
    error: Option<ErrorOut>,
}

#[derive(Serialize)]
struct ErrorOut {
    pointer: String,
    message: String,
}

impl From<DataError> for ErrorOut {
    fn from(e: DataError) -> Self {
        ErrorOut {
            pointer: e.pointer,
            message: e.message,
        }
    }
}

/// What parsing one file gave: the line's facts and the value to write back.
struct Outcome {
    event_type: Option<String>,
    channel: Option<&'static str>,
    rust_type: Option<String>,
    typed: bool,
    error: Option<ErrorOut>,
    reserialised: Option<Value>,
}

pub fn run(mut parser: lexopt::Parser) -> Result<ExitCode, UsageError> {
    use lexopt::Arg::{Long, Value as Positional};
    use lexopt::ValueExt as _;
    let mut event: Option<String> = None;
    let mut emit: Option<PathBuf> = None;
    let mut files: Vec<OsString> = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("event") => event = Some(parser.value()?.string()?),
            Long("emit") => emit = Some(parser.value()?.into()),
            Positional(file) => files.push(file),
            other => return Err(other.unexpected().into()),
        }
    }
    if files.is_empty() {
        return Err(UsageError::Usage("parse needs at least one FILE".into()));
    }
    if let Some(dir) = &emit {
        std::fs::create_dir_all(dir)
            .map_err(|e| UsageError::Io(format!("cannot create {}: {e}", dir.display())))?;
        check_targets(dir, &files)?;
    }
    let mut all_ok = true;
    for file in files {
        let path = PathBuf::from(file);
        let body = std::fs::read(&path)
            .map_err(|e| UsageError::Io(format!("cannot read {}: {e}", path.display())))?;
        let outcome = match &event {
            Some(event_type) => parse_bare(event_type, &body),
            None => parse_envelope(&body),
        };
        let original: Option<Value> = serde_json::from_slice(&body).ok();
        // Both values went through the same parser: a number it changed is found in the text.
        let changed = voucherify_webhooks::contract::numbers_that_change(&body);
        let round_trip = changed.is_empty()
            && matches!((&outcome.reserialised, &original), (Some(a), Some(b)) if a == b);
        let ok = outcome.typed && round_trip;
        all_ok &= ok;
        let shown = path.display().to_string();
        let line = Line {
            path: &shown,
            ok,
            event_type: outcome.event_type,
            channel: outcome.channel,
            rust_type: outcome.rust_type,
            round_trip,
            error: outcome.error.or_else(|| {
                let first = changed.into_iter().next();
                (outcome.typed && !round_trip).then(|| match first {
                    Some(number) => ErrorOut {
                        pointer: number.pointer,
                        message: number.message,
                    },
                    None => ErrorOut {
                        pointer: String::new(),
                        message: "serialising the typed value did not give back the same JSON"
                            .into(),
                    },
                })
            }),
        };
        crate::output::line(&serde_json::to_string(&line).unwrap_or_default())?;
        if let (Some(dir), Some(value)) = (&emit, &outcome.reserialised) {
            write_back(dir, &path, value)?;
        }
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn parse_envelope(body: &[u8]) -> Outcome {
    match Webhook::from_slice(body) {
        Err(e) => Outcome {
            event_type: None,
            channel: None,
            rust_type: None,
            typed: false,
            error: Some(ErrorOut {
                pointer: match &e {
                    voucherify_webhooks::ParseError::NotAnEnvelope(inner) => inner.pointer.clone(),
                    _ => String::new(),
                },
                message: e.to_string(),
            }),
            reserialised: None,
        },
        Ok(webhook) => {
            let event_type = webhook.event_type().to_string();
            let reserialised = serde_json::to_value(&webhook).ok();
            let channel = Some(webhook.channel().as_str());
            match webhook.data {
                Data::Typed(event) => Outcome {
                    event_type: Some(event_type),
                    channel,
                    rust_type: Some(event.rust_type().to_string()),
                    typed: true,
                    error: None,
                    reserialised,
                },
                Data::Raw(raw) => Outcome {
                    event_type: Some(event_type),
                    channel,
                    rust_type: Some(kept_raw(&raw.reason)),
                    typed: false,
                    error: Some(match raw.reason {
                        Untyped::Mismatch(e) => e.into(),
                        other => ErrorOut {
                            pointer: "/data".into(),
                            message: other.to_string(),
                        },
                    }),
                    reserialised,
                },
            }
        }
    }
}

fn parse_bare(event_type: &str, body: &[u8]) -> Outcome {
    let known = EVENT_TYPES.iter().find(|(t, _, _)| *t == event_type);
    let channel = known.map(|(_, channel, _)| channel.as_str());
    match parse_data(event_type, body) {
        None => Outcome {
            event_type: Some(event_type.to_string()),
            channel,
            rust_type: Some(kept_raw(&Untyped::UnknownEventType(event_type.into()))),
            typed: false,
            error: Some(ErrorOut {
                pointer: String::new(),
                message: crate::suggest::unknown_event_type(event_type),
            }),
            reserialised: serde_json::from_slice(body).ok(),
        },
        Some(Ok(event)) => Outcome {
            event_type: Some(event_type.to_string()),
            channel,
            rust_type: Some(event.rust_type().to_string()),
            typed: true,
            error: None,
            reserialised: serde_json::to_value(&event).ok(),
        },
        Some(Err(e)) => Outcome {
            event_type: Some(event_type.to_string()),
            channel,
            rust_type: known
                .map(|(_, _, rust)| format!("{rust} (not typed: kept as serde_json::Value)")),
            typed: false,
            error: Some(e.into()),
            reserialised: None,
        },
    }
}

fn kept_raw(reason: &Untyped) -> String {
    match reason {
        Untyped::UnknownEventType(_) => "serde_json::Value (unknown event type, kept raw)".into(),
        _ => "serde_json::Value (data did not fit its type, kept raw)".into(),
    }
}

/// Refuses, before anything is written, an `--emit` folder where one output would overwrite
/// another (two inputs of the same name) or an input itself (the folder an input is in).
fn check_targets(dir: &Path, files: &[OsString]) -> Result<(), UsageError> {
    let real = |path: &Path| {
        std::fs::canonicalize(path)
            .map_err(|e| UsageError::Io(format!("cannot read {}: {e}", path.display())))
    };
    let emit_dir = real(dir)?;
    let mut written: std::collections::HashMap<&std::ffi::OsStr, &Path> = Default::default();
    for file in files {
        let path = Path::new(file);
        let name = path
            .file_name()
            .ok_or_else(|| UsageError::Usage(format!("{} has no file name", path.display())))?;
        let target = dir.join(name);
        if let Some(first) = written.insert(name, path) {
            return Err(UsageError::Usage(format!(
                "{} and {} would both be written to {}: emit them in separate runs",
                first.display(),
                path.display(),
                target.display()
            )));
        }
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        if real(folder)? == emit_dir {
            return Err(UsageError::Usage(format!(
                "--emit {} would overwrite the input {}: emit into another folder",
                dir.display(),
                path.display()
            )));
        }
    }
    Ok(())
}

fn write_back(dir: &Path, path: &Path, value: &Value) -> Result<(), UsageError> {
    let name = path
        .file_name()
        .ok_or_else(|| UsageError::Usage(format!("{} has no file name", path.display())))?;
    let target = dir.join(name);
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    std::fs::write(&target, text)
        .map_err(|e| UsageError::Io(format!("cannot write {}: {e}", target.display())))
}
