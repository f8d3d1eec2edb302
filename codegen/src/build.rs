//! The library API: the whole pipeline (load -> resolve -> emit -> write) for the `generate`
//! command, and [`Builder`] for `build.rs` users who keep their own schema set.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::emit::rust::{self, EmitError};
use crate::resolve::{self, Options, ResolveErrors};
use crate::schema::{self, LoadErrors};
use crate::write::{self, Mode, Report, WriteError};

/// The file [`Builder::generate`] writes into its output folder.
pub const OUTPUT_FILE: &str = "voucherify_webhooks.rs";

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
    let set = schema::load(schemas).map_err(Error::Load)?;
    Ok(Generation {
        types: types(&set, crate_dir, mode)?,
        json_schemas: json_schemas(&set, crate_dir, mode)?,
    })
}

/// Generates `generated/src/types/` of the `voucherify-webhooks` crate at `crate_dir` from the
/// schema set in `schemas`, or (with [`Mode::Check`]) reports what differs without writing.
/// Paths in the report are relative to `crate_dir/src/types`.
pub fn generate_types(schemas: &Path, crate_dir: &Path, mode: Mode) -> Result<Report, Error> {
    let set = schema::load(schemas).map_err(Error::Load)?;
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
    let set = schema::load(schemas).map_err(Error::Load)?;
    json_schemas(&set, crate_dir, mode)
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
    let files: Vec<(PathBuf, String)> = rust::tree(&ir)
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
/// The crate that includes the file depends on `voucherify-webhooks` (for the derives and
/// `Map`), `serde` and `serde_json`.
#[derive(Debug, Clone)]
pub struct Builder {
    schemas: PathBuf,
    out_dir: Option<PathBuf>,
    family_features: bool,
    /// The Rust path of the types in the user's crate, when a view digest is wanted.
    view_digest: Option<String>,
    /// Also write the JSON Schemas into `<out dir>/schemas/`.
    json_schemas: bool,
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
    /// #[derive(serde::Deserialize, voucherify_webhooks::View)]
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
    /// contract checks of your own payloads with any JSON Schema tool.
    ///
    /// ```no_run
    /// voucherify_codegen::Builder::new().json_schemas(true).generate().unwrap();
    /// ```
    pub fn json_schemas(&mut self, on: bool) -> &mut Self {
        self.json_schemas = on;
        self
    }

    /// The generated source, without writing it.
    pub fn generate_string(&self) -> Result<String, Error> {
        let set = schema::load(&self.schemas).map_err(Error::Load)?;
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
        let header = format!("// @generated by voucherify-codegen from {folder}/. Do not edit.");
        rust::single_file(&ir, &header).map_err(Error::Emit)
    }

    /// Generates and writes `voucherify_webhooks.rs`; returns its path.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let set = schema::load(&self.schemas).map_err(Error::Load)?;
        let text = self.source(&set)?;
        if self.json_schemas {
            json_schemas(&set, &out_dir, Mode::Write)?;
        }
        if let Some(root) = &self.view_digest {
            let options = crate::emit::digest::DigestOptions {
                root: root.clone(),
                gates: false,
            };
            let header = "@generated by voucherify-codegen for #[derive(View)]. Do not edit.";
            let digest = crate::digest::digest_of(&set, &options, header)?;
            let file = out_dir.join(crate::digest::DIGEST_OUTPUT_FILE);
            crate::digest::write_file(&file, &digest, Mode::Write).map_err(Error::Write)?;
        }
        let path = out_dir.join(OUTPUT_FILE);
        let unchanged = fs::read(&path).is_ok_and(|current| current == text.as_bytes());
        if !unchanged {
            let written = fs::create_dir_all(&out_dir).and_then(|()| fs::write(&path, &text));
            written.map_err(|error| {
                Error::Write(WriteError {
                    path: path.clone(),
                    error,
                })
            })?;
        }
        Ok(path)
    }
}
