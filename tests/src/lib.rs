//! Shared helpers of the contract tests: where the vendor's material is, envelopes, and the
//! corpus of payloads that must type.

use std::path::PathBuf;

/// The folder of Voucherify's material (`docs/`, `voucherify/`, `payloads/`): `$VOUCHERIFY_SHARED_DIR`,
/// or `../shared` beside the workspace.
///
/// A test that reads it carries
/// `#[cfg_attr(shared_absent, ignore = "needs ../shared (Voucherify's docs and payloads)")]`:
/// the build script (`shared_material.rs`) sets `shared_absent` where the folder is absent, as on
/// a user's fresh clone, so `cargo test` counts the test as ignored. Panics, naming the folder,
/// where it is absent all the same (a test run with `--include-ignored`). A folder without
/// `payloads/` counts as absent.
pub fn shared_dir() -> PathBuf {
    let dir = match std::env::var_os("VOUCHERIFY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    assert!(
        dir.join("payloads").is_dir(),
        "{} is absent or has no payloads/: this test needs Voucherify's own material (set \
         VOUCHERIFY_SHARED_DIR to the folder)",
        dir.display()
    );
    dir
}

/// Wraps a bare `data` object in a v2024-01-01 envelope of the channel that sends `event_type`:
/// a project-settings envelope names the event in `type`, a distribution envelope in
/// `event.type` (its `type` is the user's own event name).
///
/// The properties come in the order Voucherify sends them (`type` before `data`), which a
/// `serde_json::Map` would sort away; [`Envelope`] keeps it when serialised.
pub fn envelope(
    id: &str,
    event_type: &str,
    distribution: bool,
    data: serde_json::Value,
) -> Envelope {
    let (source, r#type) = if distribution {
        (
            serde_json::json!({"id": "distr_contract", "object": "distribution", "target_url": "https://receiver.example.com/hooks"}),
            "Event name typed by a user".to_string(),
        )
    } else {
        (
            serde_json::json!({"id": "wh_contract", "object": "webhook", "target_url": "https://receiver.example.com/hooks"}),
            event_type.to_string(),
        )
    };
    Envelope {
        id: id.to_string(),
        project_id: "proj_contract".into(),
        created_at: "2024-01-01T11:11:11.111Z".into(),
        r#type,
        data,
        source,
        event: serde_json::json!({
            "id": "ev_contract",
            "type": event_type,
            "created_at": "2024-01-01T11:11:11.111Z",
            "group_id": "v-contract",
            "event_source": {"channel": "API"}
        }),
    }
}

/// A test envelope whose properties serialise in wire order.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Envelope {
    pub id: String,
    pub project_id: String,
    pub created_at: String,
    pub r#type: String,
    pub data: serde_json::Value,
    pub source: serde_json::Value,
    pub event: serde_json::Value,
}

impl Envelope {
    /// The JSON text, as a receiver gets it.
    pub fn to_vec(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("an envelope serialises")
    }

    /// The same envelope as a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("an envelope serialises")
    }
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

/// The project's fixtures that are meant not to type, each for a case of its own: refused bodies
/// (`legacy-v2018`, `not-json`, `raw-distribution-payload`) and data kept raw (a payload-designer
/// body, a wrong type, an event type no schema knows). Every other fixture must type.
pub const UNTYPED_FIXTURES: [&str; 6] = [
    "distribution.payload-designer.json",
    "legacy-v2018.json",
    "mismatch.redemption.succeeded.json",
    "not-json.json",
    "raw-distribution-payload.json",
    "unknown-event.campaign.earning_rule.created.json",
];

/// Every docs example of `../shared` in an envelope of its event's channel, with `id` as the
/// envelope id: `(file name, body)`, in file order.
pub fn docs_example_envelopes(id: &str) -> Vec<(String, Vec<u8>)> {
    json_files(&shared_dir().join("payloads/docs-examples"))
        .into_iter()
        .map(|path| {
            let event_type = event_type_of(&path);
            let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let data =
                serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let distribution = voucherify_webhooks::EVENT_TYPES.iter().any(|(t, c, _)| {
                *t == event_type && *c == voucherify_webhooks::Channel::Distribution
            });
            let body = envelope(id, &event_type, distribution, data).to_vec();
            (path.display().to_string(), body)
        })
        .collect()
}

/// The payloads that must type: the project's typed fixtures and, when `../shared` is there,
/// every docs example wrapped in an envelope of its channel. As (name, body) pairs; the
/// benchmarks and the allocation test measure the same set.
///
/// Panics, naming the file, where a payload that must type does not (or a fixture listed in
/// [`UNTYPED_FIXTURES`] does), so that the set measured never shrinks unnoticed.
pub fn typed_corpus() -> Vec<(String, Vec<u8>)> {
    let mut corpus = Vec::new();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    let mut untyped = Vec::new();
    for path in json_files(&fixtures) {
        let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if UNTYPED_FIXTURES.contains(&name) {
            untyped.push(name.to_string());
            assert!(
                typing_failure(&body).is_some(),
                "{}: types, but is listed in UNTYPED_FIXTURES",
                path.display()
            );
            continue;
        }
        if let Some(failure) = typing_failure(&body) {
            panic!("{}: {failure}", path.display());
        }
        corpus.push((path.display().to_string(), body));
    }
    assert_eq!(
        untyped, UNTYPED_FIXTURES,
        "UNTYPED_FIXTURES names a missing file"
    );
    if cfg!(not(shared_absent)) {
        for (name, body) in docs_example_envelopes("whs_corpus") {
            if let Some(failure) = typing_failure(&body) {
                panic!("{name} (in an envelope): {failure}");
            }
            corpus.push((name, body));
        }
    }
    corpus
}

/// Why a body does not parse into a typed event, or `None` when it does.
fn typing_failure(body: &[u8]) -> Option<String> {
    match voucherify_webhooks::Webhook::from_slice(body) {
        Err(e) => Some(format!("not a webhook: {e}")),
        Ok(webhook) => match &webhook.data {
            voucherify_webhooks::Data::Typed(_) => None,
            voucherify_webhooks::Data::Raw(raw) => Some(format!("kept raw: {}", raw.reason)),
        },
    }
}

/// A fresh folder of one test's own below the system's temporary folder, removed when
/// dropped. `name`, the process id and a count keep tests that run at once apart.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("vf-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("a scratch folder {}: {e}", dir.display()));
        Scratch(dir)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
