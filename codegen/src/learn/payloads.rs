//! Reads payloads (files, or folders of `.json` files such as the ones `listen` writes) and
//! tells what each one is: a whole webhook, the bare `data` of a given event, or something no
//! override can be learnt from (not JSON, a legacy v2018-08-01 webhook, bare data of no known
//! event).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::schema::Channel;

/// One payload: a label for the evidence, its JSON (or why it is none), and the event type
/// when it is the bare `data` of that event.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// The file relative to the parent of the path given (`docs-examples/x.json`).
    pub label: String,
    pub json: Result<Value, String>,
    /// `Some` for bare `data` (`--event TYPE`), `None` for whole webhooks.
    pub event: Option<String>,
}

impl Payload {
    /// A payload from its bytes.
    pub fn from_bytes(label: impl Into<String>, bytes: &[u8], event: Option<&str>) -> Payload {
        Payload {
            label: label.into(),
            json: serde_json::from_slice(bytes).map_err(|e| {
                // serde_json's message ends with the position, which is said first here.
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                format!(
                    "not JSON: line {} column {}: {message}",
                    e.line(),
                    e.column()
                )
            }),
            event: event.map(str::to_string),
        }
    }
}

/// Reads every payload under `paths` (a file, or a folder searched for `.json` files), sorted
/// by path within each.
pub fn read_payloads(paths: &[PathBuf], event: Option<&str>) -> Result<Vec<Payload>, String> {
    let mut out = Vec::new();
    for path in paths {
        let base = path.parent().unwrap_or(Path::new(""));
        let mut files = Vec::new();
        if path.is_dir() {
            json_files(path, &mut files)?;
            files.sort();
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(format!("{}: no such file or folder", path.display()));
        }
        for file in files {
            let bytes = fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let label = file.strip_prefix(base).unwrap_or(&file);
            let label = label
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(Payload::from_bytes(label, &bytes, event));
        }
    }
    Ok(out)
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            json_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// What to check a payload as.
pub struct Target<'a> {
    /// The whole webhook, checked against the envelope; `None` for bare data.
    pub envelope: Option<&'a Value>,
    pub event: String,
    pub channel: Channel,
    pub data: &'a Value,
    /// Where `data` is in the payload (`/data`, or `` for bare data).
    pub data_pointer: &'static str,
}

/// Tells what a payload is, or why nothing can be learnt from it.
pub fn target(payload: &Payload) -> Result<Target<'_>, String> {
    let value = payload.json.as_ref().map_err(Clone::clone)?;
    if let Some(event) = &payload.event {
        return Ok(Target {
            envelope: None,
            event: event.clone(),
            channel: Channel::ProjectSettings,
            data: value,
            data_pointer: "",
        });
    }
    let object = value
        .as_object()
        .ok_or("not a webhook: the body is no JSON object")?;
    // v2018-08-01 webhooks are `{id, object: "event", webhook_id, ...}`: no `source`.
    if object.get("object").and_then(Value::as_str) == Some("event")
        && object.contains_key("webhook_id")
        && !object.contains_key("source")
    {
        return Err("a legacy v2018-08-01 webhook: its shape is not the v2024-01-01 one these schemas describe (switch the endpoint's version in Project settings)".into());
    }
    let data = object
        .get("data")
        .ok_or("not a webhook: no `data` (for the bare data of an event, give `--event TYPE`)")?;
    let distribution = object
        .get("source")
        .and_then(|s| s.get("object"))
        .and_then(Value::as_str)
        == Some("distribution");
    let event = if distribution {
        object.get("event").and_then(|e| e.get("type"))
    } else {
        object.get("type")
    };
    let event = event
        .and_then(Value::as_str)
        .ok_or("not a webhook: no event type (`type`, or `event.type` of a distribution)")?;
    Ok(Target {
        envelope: Some(value),
        event: event.to_string(),
        channel: if distribution {
            Channel::Distribution
        } else {
            Channel::ProjectSettings
        },
        data,
        data_pointer: "/data",
    })
}
