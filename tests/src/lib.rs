//! Shared helpers of the contract tests: where the vendor's material is, and saying so when it
//! is not there.

use std::path::PathBuf;

/// The folder of Voucherify's material (`docs/`, `voucherify/`, `payloads/`): `$VOUCHERIFY_SHARED_DIR`,
/// or `../shared` beside the workspace. `None` (with a note on stderr) when neither exists, as on
/// a user's fresh clone.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("VOUCHERIFY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is absent, so the checks against Voucherify's own material did not run \
             (set VOUCHERIFY_SHARED_DIR to run them)",
            dir.display()
        );
        None
    }
}

/// Wraps a bare `data` object in a v2024-01-01 envelope of the channel that sends `event_type`:
/// a project-settings envelope names the event in `type`, a distribution envelope in
/// `event.type` (its `type` is the user's own event name).
pub fn envelope(
    id: &str,
    event_type: &str,
    distribution: bool,
    data: serde_json::Value,
) -> serde_json::Value {
    let (source, r#type) = if distribution {
        (
            serde_json::json!({"id": "distr_contract", "object": "distribution", "target_url": "https://receiver.example.com/hooks"}),
            "Event name typed by a user",
        )
    } else {
        (
            serde_json::json!({"id": "wh_contract", "object": "webhook", "target_url": "https://receiver.example.com/hooks"}),
            event_type,
        )
    };
    serde_json::json!({
        "id": id,
        "project_id": "proj_contract",
        "created_at": "2024-01-01T11:11:11.111Z",
        "type": r#type,
        "data": data,
        "source": source,
        "event": {
            "id": "ev_contract",
            "type": event_type,
            "created_at": "2024-01-01T11:11:11.111Z",
            "group_id": "v-contract",
            "event_source": {"channel": "API"}
        }
    })
}

/// The `*.json` files of a folder, sorted.
pub fn json_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// The event type a payload file is named after: `redemption.succeeded__1.json` ->
/// `redemption.succeeded`.
pub fn event_type_of(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    stem.split("__").next().unwrap_or(stem).to_string()
}
