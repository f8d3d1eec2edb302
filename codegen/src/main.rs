//! The `voucherify-codegen` command.

use std::path::PathBuf;
use std::process::ExitCode;

use voucherify_codegen::diff::{self, render::Format, FailOn};
use voucherify_codegen::write::Mode;
use voucherify_codegen::{import, schema};

mod output;

/// `println!` through [`output`], in a function that returns `Result<_, String>`: a closed
/// pipe is no panic, and no error.
macro_rules! outln {
    ($($arg:tt)*) => {
        output::line(&format!($($arg)*))?
    };
}

const USAGE: &str = "\
usage: voucherify-codegen <command> [options]

commands:
  events [--schemas DIR]   list every event type with its channel
  import --docs FILE... --out DIR [--overrides FILE] [--strict] [--prune-overrides]
                           import Voucherify's OpenAPI webhooks documents (newest first)
                           into the YAML schemas of DIR, applying DIR/overrides.yaml
                           (or FILE); the output is the same for the same input. The
                           docs' flaws and stale or redundant overrides are reported on
                           stderr and the import goes on; --strict makes each an error
                           (exit 1, nothing written); --prune-overrides removes the
                           overrides that change nothing from the overrides file; it
                           prints the change report (see `diff`) against what DIR held.
                           Events DIR/retained.yaml lists, and files `learn` inferred,
                           stay as they are while no document given defines them
  generate [--schemas DIR] [--out DIR] [--digest FILE] [--check]
                           write the Rust types of the voucherify-webhooks crate at DIR
                           (default `generated`) into DIR/src/types, and its JSON Schemas
                           into DIR/schemas, from the schemas (default `schemas`); --check
                           writes nothing and exits 1 when the files differ from a fresh
                           generation; the digest that `#[derive(View)]` reads goes to FILE
                           (default macros/src/view/digest.txt when --out is not given)
  learn --payloads PATH... [--schemas DIR] [--overrides FILE] [--event TYPE] [--write]
                           check payloads (files, or folders of .json files: whole
                           webhooks, or the bare data of event TYPE) against the schemas
                           (default `schemas`) and propose, for each place one does not
                           conform, the smallest override, merged with DIR/overrides.yaml
                           (or FILE); an undocumented event type gets an inferred schema.
                           Prints the entries; --write edits the overrides file (keeping
                           its comments and order) and writes the inferred events
  diff OLD NEW [--format human|json|markdown] [--fail-on breaking|any]
                           report what changed between two schema folders, each change
                           classified for the wire and for the crate's semver; exits 1
                           when a change --fail-on names is found, 2 on a usage error or
                           a folder that does not load; an event NEW/retained.yaml keeps
                           and OLD's did not is reported as `event-retained`
";

/// The command that refreshes the committed generated code, for stale-file messages.
const REFRESH: &str = "cargo run -p voucherify-codegen -- generate";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The lines of [`USAGE`] about one command, when it is one.
fn command_usage(command: &str) -> Option<String> {
    let mut lines = USAGE.lines().skip_while(|line| {
        line.strip_prefix("  ")
            .and_then(|rest| rest.strip_prefix(command))
            .is_none_or(|rest| !rest.is_empty() && !rest.starts_with(' '))
    });
    let first = lines.next()?;
    let rest = lines.take_while(|line| line.starts_with("      "));
    let body: Vec<&str> = std::iter::once(first.trim_start()).chain(rest).collect();
    Some(format!("usage: voucherify-codegen {}\n", body.join("\n")))
}

/// Whether the arguments after the command ask for its help (before a `--`).
fn asks_for_help() -> bool {
    std::env::args_os()
        .skip(2)
        .take_while(|arg| arg != "--")
        .any(|arg| arg == "--help" || arg == "-h")
}

fn run() -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(Long("help")) | Some(Short('h')) | None => {
            output::print(USAGE)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => return Err(format!("{}\n{USAGE}", other.unexpected())),
    };
    if let Some(usage) = command_usage(&command).filter(|_| asks_for_help()) {
        output::print(&usage)?;
        return Ok(ExitCode::SUCCESS);
    }
    match command.as_str() {
        "events" => {
            let mut schemas = PathBuf::from("schemas");
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("schemas") => schemas = parser.value().map_err(|e| e.to_string())?.into(),
                    other => return Err(format!("{}\n{USAGE}", other.unexpected())),
                }
            }
            let set = schema::load(&schemas).map_err(|e| e.to_string())?;
            for event in &set.events {
                outln!("{} {}", event.event, event.channel.as_str());
            }
            Ok(ExitCode::SUCCESS)
        }
        "import" => import(&mut parser),
        "generate" => generate(&mut parser),
        "diff" => diff(&mut parser),
        "learn" => learn(&mut parser),
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

/// `import --docs FILE... --out DIR [--overrides FILE] [--strict] [--prune-overrides]`.
fn import(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut docs: Vec<PathBuf> = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut overrides: Option<PathBuf> = None;
    let mut options = import::Options::default();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("docs") => {
                // `--docs a.json b.json` as well as `--docs a.json --docs b.json`.
                for value in parser.values().map_err(|e| e.to_string())? {
                    docs.push(value.into());
                }
            }
            Long("out") => out = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("overrides") => {
                overrides = Some(parser.value().map_err(|e| e.to_string())?.into())
            }
            Long("strict") => options.strict = true,
            Long("prune-overrides") => options.prune_overrides = true,
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    let out = out.ok_or_else(|| format!("import needs `--out DIR`\n{USAGE}"))?;
    if docs.is_empty() {
        return Err(format!("import needs `--docs FILE...`\n{USAGE}"));
    }
    let overrides = match overrides {
        // A file named on the command line must exist; the default may be absent (no overrides).
        Some(file) if !file.is_file() => {
            return Err(format!("{}: no such overrides file", file.display()))
        }
        Some(file) => file,
        None => out.join("overrides.yaml"),
    };
    // What `--out` held before, to report what the import changes in it.
    let before = out
        .join(schema::ENVELOPE_FILE)
        .is_file()
        .then(|| schema::load(&out));
    let summary = match import::import_with(&docs, &overrides, &out, options) {
        Ok(summary) => summary,
        Err(e @ import::ImportError::Strict { .. }) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.to_string()),
    };
    for diagnostic in &summary.diagnostics {
        eprintln!("warning: {diagnostic}");
    }
    if !summary.diagnostics.is_empty() {
        eprintln!(
            "{} flaws worked around ({}); `--strict` makes them errors",
            summary.diagnostics.len(),
            import::diagnostic::count_by_kind(&summary.diagnostics)
        );
    }
    if summary.pruned > 0 {
        eprintln!(
            "removed {} redundant overrides from {}",
            summary.pruned,
            overrides.display()
        );
    }
    report_import(before, &out, &summary.kept)?;
    outln!(
        "{} events, {} objects, {} overrides: {} files written, {} unchanged, {} removed",
        summary.events,
        summary.objects,
        summary.overrides,
        summary.changed,
        summary.unchanged,
        summary.removed
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints what an import changed in `out`: the change report against what it held before.
fn report_import(
    before: Option<Result<schema::SchemaSet, schema::LoadErrors>>,
    out: &std::path::Path,
    kept: &[(PathBuf, import::kept::Why)],
) -> Result<(), String> {
    use import::kept::Why;
    for (file, why) in kept {
        let why = match why {
            Why::Inferred => "inferred by `learn` from payloads".to_string(),
            Why::Retained(r) => format!(
                "retained from {} ({}): {}",
                r.from,
                import::kept::RETAINED_FILE,
                r.reason
            ),
            Why::UsedBy(event) => format!("used by the kept event {event}"),
        };
        outln!(
            "kept {} although no document given defines it: {why}",
            file.display()
        );
    }
    let before = match before {
        None => return Ok(()), // a first import: everything is new
        Some(Ok(set)) => set,
        Some(Err(e)) => {
            eprintln!(
                "note: no change report: what {} held did not load:\n{e}",
                out.display()
            );
            return Ok(());
        }
    };
    let after = schema::load(out).map_err(|e| e.to_string())?;
    let report = diff::diff(&before, &after);
    output::print(&diff::render::human(&report))?;
    if !report.events(diff::Kind::EventRemoved).is_empty() {
        outln!(
            "(an event is removed when no document given defines it: was a --docs file left out? An event Voucherify still sends can be kept in retained.yaml)"
        );
    }
    Ok(())
}

/// `learn --payloads PATH... [--schemas DIR] [--overrides FILE] [--event TYPE] [--write]`.
fn learn(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    use voucherify_codegen::learn;
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut schemas = PathBuf::from("schemas");
    let mut overrides: Option<PathBuf> = None;
    let mut event: Option<String> = None;
    let mut write = false;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("payloads") => {
                for value in parser.values().map_err(|e| e.to_string())? {
                    paths.push(value.into());
                }
            }
            Long("schemas") => schemas = parser.value().map_err(|e| e.to_string())?.into(),
            Long("overrides") => {
                overrides = Some(parser.value().map_err(|e| e.to_string())?.into())
            }
            Long("event") => {
                event = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?,
                )
            }
            Long("write") => write = true,
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    if paths.is_empty() {
        return Err(format!("learn needs `--payloads PATH...`\n{USAGE}"));
    }
    let overrides = overrides.unwrap_or_else(|| schemas.join("overrides.yaml"));
    let set = schema::load(&schemas).map_err(|e| e.to_string())?;
    let existing = import::overrides::read(&overrides).map_err(|e| e.to_string())?;
    let payloads = learn::read_payloads(&paths, event.as_deref())?;
    let learned = learn::learn(&set, &existing, &payloads);

    let changed: Vec<_> = learned.changed().collect();
    if !write {
        if !changed.is_empty() {
            outln!("# new or extended entries of {}", overrides.display());
            output::print(&learn::render_entries(changed.iter().copied()))?;
        }
        for inferred in &learned.inferred {
            let file = schemas
                .join(schema::EVENTS_DIR)
                .join(format!("{}.yaml", inferred.event.event));
            outln!("# proposed {} (written with --write)", file.display());
            output::print(&learn::inferred_file(inferred)?)?;
        }
    }
    let undocumented: usize = learned.inferred.iter().map(|i| i.payloads.len()).sum();
    outln!(
        "{} payloads: {} conform, {} need overrides ({} places, {} entries new or extended), {} of undocumented event types{}, {} cannot be learnt from",
        learned.checked,
        learned.conforming,
        learned.violating,
        learned.proposed.len(),
        changed.len(),
        undocumented,
        match learned.inferred.is_empty() {
            true => String::new(),
            false => format!(
                " ({})",
                learned.inferred.iter().map(|i| i.event.event.as_str()).collect::<Vec<_>>().join(", ")
            ),
        },
        learned.unlearnable.len(),
    );
    for (label, reason) in &learned.unlearnable {
        outln!("  cannot learn from {label}: {reason}");
    }
    if write && !learned.is_empty() {
        let text = match std::fs::read_to_string(&overrides) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("{}: {e}", overrides.display())),
        };
        let text = import::prune::edit_text(&overrides, &text, &existing, &learned.merged)
            .map_err(|e| e.to_string())?;
        std::fs::write(&overrides, text).map_err(|e| format!("{}: {e}", overrides.display()))?;
        outln!("wrote {} entries to {}", changed.len(), overrides.display());
        for inferred in &learned.inferred {
            let file = schemas
                .join(schema::EVENTS_DIR)
                .join(format!("{}.yaml", inferred.event.event));
            std::fs::write(&file, learn::inferred_file(inferred)?)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            outln!("wrote {} (inferred: review it)", file.display());
        }
        outln!(
            "now run `cargo run -p voucherify-codegen -- import --docs ... --out {}` and then `cargo run -p voucherify-codegen -- generate`; `diff` shows what the entries change for the Rust types",
            schemas.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `diff OLD NEW [--format human|json|markdown] [--fail-on breaking|any]`.
fn diff(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut format = Format::Human;
    let mut fail_on: Option<FailOn> = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Value(folder) if folders.len() < 2 => folders.push(folder.into()),
            Long("format") => {
                let name = parser.value().map_err(|e| e.to_string())?;
                let name = name.to_string_lossy();
                format = Format::parse(&name).ok_or_else(|| {
                    format!("unknown format `{name}`: use human, json or markdown")
                })?;
            }
            Long("fail-on") => {
                let name = parser.value().map_err(|e| e.to_string())?;
                fail_on = Some(match name.to_string_lossy().as_ref() {
                    "breaking" => FailOn::Breaking,
                    "any" => FailOn::Any,
                    other => {
                        return Err(format!("unknown --fail-on `{other}`: use breaking or any"))
                    }
                });
            }
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    let [old, new] = <[PathBuf; 2]>::try_from(folders)
        .map_err(|_| format!("diff needs two schema folders, OLD and NEW\n{USAGE}"))?;
    let report = diff::diff_dirs(&old, &new).map_err(|e| e.to_string())?;
    output::print(&diff::render::render(&report, format))?;
    match fail_on {
        Some(on) if report.fails(on) => Ok(ExitCode::from(1)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// `generate [--schemas DIR] [--out DIR] [--digest FILE] [--check]`.
fn generate(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut schemas = PathBuf::from("schemas");
    let mut out = PathBuf::from("generated");
    let mut out_given = false;
    let mut digest: Option<PathBuf> = None;
    let mut mode = Mode::Write;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("schemas") => schemas = parser.value().map_err(|e| e.to_string())?.into(),
            Long("out") => {
                out = parser.value().map_err(|e| e.to_string())?.into();
                out_given = true;
            }
            Long("digest") => digest = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("check") => mode = Mode::Check,
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    let started = std::time::Instant::now();
    let generation =
        voucherify_codegen::generate(&schemas, &out, mode).map_err(|e| e.to_string())?;
    // The digest lives in the proc-macro crate, beside the default `generated` crate; a
    // generation into another folder writes one only where `--digest` says.
    let digest =
        digest.or_else(|| (!out_given).then(|| PathBuf::from(voucherify_codegen::DIGEST_FILE)));
    let digest_report = match &digest {
        Some(file) => Some(
            voucherify_codegen::generate_digest(&schemas, file, mode).map_err(|e| e.to_string())?,
        ),
        None => None,
    };
    let mut folders = vec![
        (out.join(voucherify_codegen::TYPES_DIR), &generation.types),
        (
            out.join(voucherify_codegen::SCHEMAS_DIR),
            &generation.json_schemas,
        ),
    ];
    if let (Some(file), Some(report)) = (&digest, &digest_report) {
        let dir = file.parent().map(PathBuf::from).unwrap_or_default();
        folders.push((dir, report));
    }
    match mode {
        Mode::Check if folders.iter().all(|(_, report)| report.is_clean()) => {
            for (dir, report) in &folders {
                outln!("{}: up to date ({} files)", dir.display(), report.unchanged);
            }
            Ok(ExitCode::SUCCESS)
        }
        Mode::Check => {
            for (dir, report) in &folders {
                for (label, paths) in [
                    ("stale", &report.stale),
                    ("missing", &report.missing),
                    ("extra", &report.extra),
                ] {
                    for path in paths {
                        eprintln!("{label}: {}", dir.join(path).display());
                    }
                }
            }
            eprintln!(
                "the generated code is out of date with the schemas; refresh it with `{REFRESH}`"
            );
            Ok(ExitCode::from(1))
        }
        Mode::Write => {
            let elapsed = started.elapsed().as_millis();
            for (dir, report) in &folders {
                outln!(
                    "{}: {} written, {} removed, {} unchanged",
                    dir.display(),
                    report.stale.len() + report.missing.len(),
                    report.extra.len(),
                    report.unchanged,
                );
            }
            outln!("generated in {elapsed} ms");
            Ok(ExitCode::SUCCESS)
        }
    }
}
