//! The library API: the whole pipeline (load -> resolve -> emit -> write) for the `generate`
//! command, and [`Builder`] for `build.rs` users who keep their own schema set.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::emit::rust::{self, EmitError, Runtime};
use crate::resolve::{self, Options, ResolveErrors};
use crate::schema::{self, LoadErrors};
use crate::write::{self, Mode, Report, WriteError};

/// The file [`Builder::generate`] writes into its output folder.
pub const OUTPUT_FILE: &str = "voucherify_webhooks.rs";

/// The path [`Builder`]'s code names the runtime by, unless [`Builder::runtime_path`] says.
pub const DEFAULT_RUNTIME_PATH: &str = "::voucherify_webhooks_runtime";

/// Where the generated types live inside the `voucherify-webhooks` crate.
pub const TYPES_DIR: &str = "src/types";

/// Where the emitted JSON Schemas (and the bundle the crate embeds) live inside the crate.
pub const SCHEMAS_DIR: &str = "schemas";

/// Anything that stops a generation, with the file at fault.
#[derive(Debug)]
pub enum Error {
    Load(LoadErrors),
    Resolve(ResolveErrors),
    Emit(EmitError),
    Write(WriteError),
    /// No output folder was given and `OUT_DIR` is not set (not inside a build script).
    NoOutDir,
    /// `family_features(true)`, and the crate's manifest declares no feature for some families.
    MissingFeatures(MissingFeatures),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Load(e) => e.fmt(f),
            Error::Resolve(e) => e.fmt(f),
            Error::Emit(e) => e.fmt(f),
            Error::Write(e) => e.fmt(f),
            Error::NoOutDir => f.write_str(
                "no output folder: call `out_dir(...)`, or run inside a build script where `OUT_DIR` is set",
            ),
            Error::MissingFeatures(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

/// What [`generate`] found in each folder it owns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generation {
    /// `src/types/`, paths relative to it.
    pub types: Report,
    /// `schemas/`, paths relative to it.
    pub json_schemas: Report,
}

/// Generates everything the `voucherify-webhooks` crate at `crate_dir` holds from the schema set
/// in `schemas`: the Rust types ([`generate_types`]) and the JSON Schemas
/// ([`generate_json_schemas`]), loading the schemas once.
pub fn generate(schemas: &Path, crate_dir: &Path, mode: Mode) -> Result<Generation, Error> {
    let set = load(schemas)?;
    Ok(Generation {
        types: types(&set, crate_dir, mode)?,
        json_schemas: json_schemas(&set, crate_dir, mode)?,
    })
}

/// Generates `generated/src/types/` of the `voucherify-webhooks` crate at `crate_dir` from the
/// schema set in `schemas`, or (with [`Mode::Check`]) reports what differs without writing.
/// Paths in the report are relative to `crate_dir/src/types`.
pub fn generate_types(schemas: &Path, crate_dir: &Path, mode: Mode) -> Result<Report, Error> {
    let set = load(schemas)?;
    types(&set, crate_dir, mode)
}

/// Writes (or checks) `generated/schemas/`: the JSON Schema (Draft 2020-12) of the envelope,
/// of every event's whole webhook and of its bare `data`, and `bundle.json`, which the crate
/// embeds. Paths in the report are relative to `crate_dir/schemas`.
pub fn generate_json_schemas(
    schemas: &Path,
    crate_dir: &Path,
    mode: Mode,
) -> Result<Report, Error> {
    let set = load(schemas)?;
    json_schemas(&set, crate_dir, mode)
}

/// Loads a schema set as the generated code sees it: one shared object per shape
/// ([`resolve::shapes`]), so the Rust types and the JSON Schemas name each shape once.
pub(crate) fn load(schemas: &Path) -> Result<schema::SchemaSet, Error> {
    let set = schema::load(schemas).map_err(Error::Load)?;
    Ok(resolve::shapes::unify(&set).set)
}

fn json_schemas(set: &schema::SchemaSet, crate_dir: &Path, mode: Mode) -> Result<Report, Error> {
    let files = crate::emit::schema_files::files(set);
    write::sync_owning(&crate_dir.join(SCHEMAS_DIR), &files, mode, &["json"]).map_err(Error::Write)
}

fn types(set: &schema::SchemaSet, crate_dir: &Path, mode: Mode) -> Result<Report, Error> {
    let ir = resolve::resolve(
        set,
        Options {
            family_features: true,
        },
    )
    .map_err(Error::Resolve)?;
    let files: Vec<(PathBuf, String)> = rust::tree(&ir, &Runtime::default())
        .map_err(Error::Emit)?
        .into_iter()
        .map(|(name, text)| (PathBuf::from(name), text))
        .collect();
    write::sync(&crate_dir.join(TYPES_DIR), &files, mode).map_err(Error::Write)
}

/// Generates Rust types from your own schema set in a build script, in the manner of
/// `prost-build`: one file, `voucherify_webhooks.rs`, of inline modules, written to `OUT_DIR`
/// (only when its contents change).
///
/// ```no_run
/// // In build.rs's `main`:
/// println!("cargo:rerun-if-changed=schemas");
/// voucherify_codegen::Builder::new()
///     .schemas("schemas")
///     .generate()
///     .unwrap_or_else(|e| panic!("{e}"));
/// ```
///
/// ```ignore
/// // src/lib.rs
/// pub mod webhooks {
///     include!(concat!(env!("OUT_DIR"), "/voucherify_webhooks.rs"));
/// }
/// ```
///
/// The crate that includes the file depends on `voucherify-webhooks-runtime` alone: the
/// generated code reaches the derives, `Map`, `serde` and `serde_json` through it (see
/// [`Builder::runtime_path`]), and the generated `Event` implements its `EventSet`, so that
/// `voucherify_webhooks_runtime::Webhook<Event>` dispatches, receives and checks webhooks of
/// your set.
#[derive(Debug, Clone)]
pub struct Builder {
    schemas: PathBuf,
    out_dir: Option<PathBuf>,
    family_features: bool,
    /// The Rust path of the types in the user's crate, when a view digest is wanted.
    view_digest: Option<String>,
    /// Also write the JSON Schemas into `<out dir>/schemas/`.
    json_schemas: bool,
    /// The path the generated code names the runtime by.
    runtime_path: String,
    /// The manifest whose `[features]` the families are checked against.
    features_manifest: Option<PathBuf>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// Schemas from `schemas/` (relative to the package, where build scripts run), output to
    /// `OUT_DIR`, no family features.
    pub fn new() -> Self {
        Builder {
            schemas: PathBuf::from("schemas"),
            out_dir: None,
            family_features: false,
            view_digest: None,
            json_schemas: false,
            runtime_path: DEFAULT_RUNTIME_PATH.to_string(),
            features_manifest: None,
        }
    }

    /// The schema folder: `envelope.yaml`, `objects/` and `events/`.
    ///
    /// ```no_run
    /// voucherify_codegen::Builder::new().schemas("webhook-schemas");
    /// ```
    pub fn schemas(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.schemas = dir.as_ref().to_path_buf();
        self
    }

    /// Where to write `voucherify_webhooks.rs` instead of `OUT_DIR`, for example a folder you
    /// commit.
    ///
    /// ```no_run
    /// voucherify_codegen::Builder::new().out_dir("src/generated");
    /// ```
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Gate each event family's module (named by the first segment of its event types, like
    /// `redemption`) behind a cargo feature of the same name, which your crate then declares.
    ///
    /// ```no_run
    /// voucherify_codegen::Builder::new().family_features(true);
    /// ```
    pub fn family_features(&mut self, on: bool) -> &mut Self {
        self.family_features = on;
        self
    }

    /// Also write `voucherify_webhooks.digest` beside the types: the schema set in the form
    /// `#[derive(View)]` reads, for views of your own schemas. `rust_path` is where your crate
    /// includes the generated file, so that views name its types.
    ///
    /// ```no_run
    /// voucherify_codegen::Builder::new().view_digest("crate::webhooks");
    /// ```
    ///
    /// ```ignore
    /// #[derive(serde::Deserialize, voucherify_webhooks_runtime::View)]
    /// #[view(event = "redemption.succeeded", path = "/data/redemption",
    ///        schemas = "$OUT_DIR/voucherify_webhooks.digest")]
    /// struct Redeemed {
    ///     id: String,
    /// }
    /// ```
    pub fn view_digest(&mut self, rust_path: &str) -> &mut Self {
        self.view_digest = Some(rust_path.to_string());
        self
    }

    /// Also writes the JSON Schemas (Draft 2020-12) of the schema set into `<out dir>/schemas/`,
    /// laid out as in `voucherify-webhooks`: `envelope.json`, `events/<event type>.json` (a whole
    /// webhook), `data/<event type>.json` (its `data`) and `bundle.json` (every object once), for
    /// contract checks of your own payloads with any JSON Schema tool, or with the runtime's
    /// `contract` once your `Event` names its bundle:
    ///
    /// ```ignore
    /// use voucherify_webhooks_runtime::json_schema::{Bundle, JsonSchemas};
    /// static SCHEMAS: Bundle =
    ///     Bundle::new(include_str!(concat!(env!("OUT_DIR"), "/schemas/bundle.json")));
    /// impl JsonSchemas for webhooks::Event {
    ///     fn json_schemas() -> &'static Bundle {
    ///         &SCHEMAS
    ///     }
    /// }
    /// let report = voucherify_webhooks_runtime::contract::check::<webhooks::Event>(body);
    /// ```
    ///
    /// ```no_run
    /// voucherify_codegen::Builder::new().json_schemas(true).generate().unwrap();
    /// ```
    pub fn json_schemas(&mut self, on: bool) -> &mut Self {
        self.json_schemas = on;
        self
    }

    /// The path the generated code names the runtime by: `::voucherify_webhooks_runtime` unless
    /// set. Use it when your crate renames the dependency (`rt = { package =
    /// "voucherify-webhooks-runtime", ... }` needs `"::rt"`), re-exports the runtime from a
    /// module of its own, or depends on `voucherify-webhooks` instead (`"::voucherify_webhooks"`,
    /// which re-exports it). The derives are told the same path (`#[wire(crate = "...")]`), and so
    /// is `#[derive(View)]`, through the digest.
    ///
    /// ```no_run
    /// voucherify_codegen::Builder::new().runtime_path("::rt");
    /// ```
    pub fn runtime_path(&mut self, path: &str) -> &mut Self {
        self.runtime_path = path.to_string();
        self
    }

    /// The manifest (`Cargo.toml`) whose `[features]` must declare every family when
    /// [`Builder::family_features`] is on. Inside a build script it is the package's own
    /// (`CARGO_MANIFEST_DIR/Cargo.toml`) unless set; elsewhere nothing is checked unless set.
    ///
    /// ```no_run
    /// voucherify_codegen::Builder::new().family_features(true).features_from("Cargo.toml");
    /// ```
    pub fn features_from(&mut self, manifest: impl AsRef<Path>) -> &mut Self {
        self.features_manifest = Some(manifest.as_ref().to_path_buf());
        self
    }

    /// The manifest to check the families against: the one set, else the package's own when
    /// run by cargo as a build script (`TARGET` is set for build scripts only).
    fn features_manifest(&self) -> Option<PathBuf> {
        if let Some(manifest) = &self.features_manifest {
            return Some(manifest.clone());
        }
        std::env::var_os("TARGET")?;
        let dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
        Some(Path::new(&dir).join("Cargo.toml"))
    }

    /// The generated source, without writing it.
    pub fn generate_string(&self) -> Result<String, Error> {
        let set = load(&self.schemas)?;
        self.source(&set)
    }

    fn source(&self, set: &schema::SchemaSet) -> Result<String, Error> {
        let ir = resolve::resolve(
            set,
            Options {
                family_features: self.family_features,
            },
        )
        .map_err(Error::Resolve)?;
        // The folder's own name only: the header must not depend on where the crate sits.
        let folder = self
            .schemas
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "schemas".into());
        if let Some(manifest) = self.features_manifest().filter(|_| self.family_features) {
            check_features(&ir, manifest)?;
        }
        let header = format!("// @generated by voucherify-codegen from {folder}/. Do not edit.");
        let runtime = Runtime::new(&self.runtime_path).map_err(Error::Emit)?;
        rust::single_file(&ir, &header, &runtime).map_err(Error::Emit)
    }

    /// Generates and writes `voucherify_webhooks.rs`; returns its path.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let set = load(&self.schemas)?;
        let text = self.source(&set)?;
        if self.json_schemas {
            json_schemas(&set, &out_dir, Mode::Write)?;
        }
        if let Some(root) = &self.view_digest {
            let options = crate::emit::digest::DigestOptions {
                root: root.clone(),
                gates: false,
                runtime: self.runtime_path.clone(),
            };
            let header = "@generated by voucherify-codegen for #[derive(View)]. Do not edit.";
            let digest = crate::digest::digest_of(&set, &options, header)?;
            let file = out_dir.join(crate::digest::DIGEST_OUTPUT_FILE);
            crate::digest::write_file(&file, &digest, Mode::Write).map_err(Error::Write)?;
        }
        let path = out_dir.join(OUTPUT_FILE);
        crate::write::write_if_changed(&path, &text, Mode::Write).map_err(Error::Write)?;
        // The generated structs read the feature `redact-debug` (a `Debug` without personal
        // data). Declared here for cargo's cfg check, so a crate that has no such feature
        // compiles without warnings (the feature is then simply off); run outside a build
        // script (no `OUT_DIR`), the line would only be noise.
        if std::env::var_os("OUT_DIR").is_some() {
            println!("cargo::rustc-check-cfg=cfg(feature, values(\"redact-debug\"))");
        }
        Ok(path)
    }
}

/// Families whose cargo feature the including crate does not declare: their types would be
/// left out behind a `cfg` that can never be on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingFeatures {
    /// The manifest that was read.
    pub manifest: PathBuf,
    /// (feature, an event type of its family), sorted.
    pub missing: Vec<(String, String)>,
}

impl fmt::Display for MissingFeatures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: family_features(true), but [features] declares no feature for {} event famil{}:",
            self.manifest.display(),
            self.missing.len(),
            if self.missing.len() == 1 { "y" } else { "ies" }
        )?;
        for (feature, event) in &self.missing {
            writeln!(
                f,
                "  family `{feature}` (e.g. `{event}`): add `{feature} = []`"
            )?;
        }
        f.write_str("or call family_features(false) to compile every family unconditionally")
    }
}

/// Refuses a set whose families have no feature in `manifest`'s `[features]`.
fn check_features(ir: &resolve::Ir, manifest: PathBuf) -> Result<(), Error> {
    let text = fs::read_to_string(&manifest).map_err(|error| {
        Error::Write(WriteError {
            path: manifest.clone(),
            error,
        })
    })?;
    let declared = declared_features(&text);
    let mut missing: Vec<(String, String)> = Vec::new();
    for event in &ir.events {
        let Some(feature) = &event.feature else {
            continue;
        };
        if !declared.contains(feature) && !missing.iter().any(|(f, _)| f == feature) {
            missing.push((feature.clone(), event.event_type.clone()));
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    missing.sort();
    Err(Error::MissingFeatures(MissingFeatures {
        manifest,
        missing,
    }))
}

/// The keys of a manifest's `[features]` table. A line scan, not a TOML parser: it reads the
/// table as cargo's own layout and every formatter writes it (one `name = [...]` per line,
/// possibly spread over several lines, keys bare or quoted).
fn declared_features(manifest: &str) -> Vec<String> {
    let mut features = Vec::new();
    let mut inside = false;
    let mut depth = 0usize;
    for line in manifest.lines() {
        let line = line.split(" #").next().unwrap_or("").trim();
        if depth == 0
            && line.starts_with('[')
            && !line.starts_with("[[")
            && line.ends_with(']')
            && !line.contains('=')
        {
            inside = line == "[features]";
            continue;
        }
        if !inside || line.is_empty() || line.starts_with('#') {
            continue;
        }
        if depth == 0 {
            if let Some((key, _)) = line.split_once('=') {
                features.push(key.trim().trim_matches('"').to_string());
            }
        }
        depth += line.matches('[').count();
        depth = depth.saturating_sub(line.matches(']').count());
    }
    features
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_read_from_the_manifest_table() {
        let manifest = r#"
[package]
name = "x"

[features]
default = ["redemption",
  "customer"]
redemption = []
"validation-rules" = [] # a comment
# customer = []

[dependencies]
serde = { version = "1", features = ["derive"] }
"#;
        assert_eq!(
            declared_features(manifest),
            ["default", "redemption", "validation-rules"]
        );
    }
}
