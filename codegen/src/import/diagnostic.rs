//! A flaw the importer found and worked around: where, what was wrong in the docs' (or the
//! overrides file's) terms, and what the importer did about it. The import goes on; under
//! `import --strict` every diagnostic is an error.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of flaw, with a stable id for scripts and the README's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A key that is no OpenAPI or JSON Schema keyword (`check`).
    UnknownKey,
    /// A keyword written wrong (`type:`), read as the keyword meant.
    MisspeltKey,
    /// A property written beside `properties` instead of inside it.
    PropertyOutsideProperties,
    /// `required` (or another keyword) where it does not belong.
    MisplacedKeyword,
    /// A keyword whose value is of the wrong kind (a list where a schema belongs).
    BadValue,
    /// A keyword that does not apply to the node's type (`items` on a string).
    KeywordOffType,
    /// An `enum` whose values do not fit the node's type.
    EnumOffType,
    /// `required` names a property the node does not have.
    RequiredNoProperty,
    /// Two descriptions of one thing disagree: the two channels' envelopes, or the members
    /// of an `allOf`.
    Conflict,
    /// A key written twice in one object.
    DuplicateKey,
    /// A webhook written in another layout than a `post` operation with an `operationId` and
    /// its schema in the request body or a `200` response.
    WebhookLayout,
    /// A webhook that is no Voucherify event, or that the importer cannot read.
    NotAnEvent,
    /// A `$ref` to a schema the docs do not define.
    MissingSchema,
    /// An override whose node is gone.
    StaleOverride,
    /// An override that changes nothing: the docs say the same now.
    RedundantOverride,
}

impl Kind {
    /// Every kind, in the order of the README's table.
    pub const ALL: [Kind; 15] = [
        Kind::UnknownKey,
        Kind::MisspeltKey,
        Kind::PropertyOutsideProperties,
        Kind::MisplacedKeyword,
        Kind::BadValue,
        Kind::KeywordOffType,
        Kind::EnumOffType,
        Kind::RequiredNoProperty,
        Kind::Conflict,
        Kind::DuplicateKey,
        Kind::WebhookLayout,
        Kind::NotAnEvent,
        Kind::MissingSchema,
        Kind::StaleOverride,
        Kind::RedundantOverride,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::UnknownKey => "unknown-key",
            Kind::MisspeltKey => "misspelt-key",
            Kind::PropertyOutsideProperties => "property-outside-properties",
            Kind::MisplacedKeyword => "misplaced-keyword",
            Kind::BadValue => "bad-value",
            Kind::KeywordOffType => "keyword-off-type",
            Kind::EnumOffType => "enum-off-type",
            Kind::RequiredNoProperty => "required-no-property",
            Kind::Conflict => "conflict",
            Kind::DuplicateKey => "duplicate-key",
            Kind::WebhookLayout => "webhook-layout",
            Kind::NotAnEvent => "not-an-event",
            Kind::MissingSchema => "missing-schema",
            Kind::StaleOverride => "stale-override",
            Kind::RedundantOverride => "redundant-override",
        }
    }
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A node of a docs file, by JSON pointer.
    Docs { file: PathBuf, pointer: String },
    /// An entry of the overrides file (numbered from 1 in messages).
    Override {
        file: PathBuf,
        entry: usize,
        at: String,
    },
}

/// One flaw and what the importer did about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub kind: Kind,
    pub location: Location,
    /// What is wrong, in the docs' terms.
    pub problem: String,
    /// What the importer did: "ignored the key", "skipped the webhook", ...
    pub action: String,
}

impl Diagnostic {
    pub fn docs(
        kind: Kind,
        file: &Path,
        pointer: &str,
        problem: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Diagnostic {
            kind,
            location: Location::Docs {
                file: file.to_path_buf(),
                pointer: pointer.to_string(),
            },
            problem: problem.into(),
            action: action.into(),
        }
    }

    /// The line recorded in the YAML where the decision took effect: the docs file by name
    /// only (the folder differs between machines), the pointer, the flaw and the decision.
    pub fn note(&self) -> String {
        match &self.location {
            Location::Docs { file, pointer } => {
                let name = file.file_name().unwrap_or(file.as_os_str());
                format!(
                    "{}#{pointer}: {}; {}",
                    name.to_string_lossy(),
                    self.problem,
                    self.action
                )
            }
            Location::Override { entry, at, .. } => format!(
                "override {} (`at: {at}`): {}; {}",
                entry + 1,
                self.problem,
                self.action
            ),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::Docs { file, pointer } => write!(f, "{}#{pointer}", file.display())?,
            Location::Override { file, entry, at } => {
                write!(f, "{}: override {} (`at: {at}`)", file.display(), entry + 1)?
            }
        }
        write!(
            f,
            ": {}; {} [{}]",
            self.problem,
            self.action,
            self.kind.id()
        )
    }
}

/// Counts by kind, for the command's summary line: `2 unknown-key, 1 not-an-event`.
pub fn count_by_kind(diagnostics: &[Diagnostic]) -> String {
    Kind::ALL
        .iter()
        .filter_map(|kind| {
            let n = diagnostics.iter().filter(|d| d.kind == *kind).count();
            (n > 0).then(|| format!("{n} {}", kind.id()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
