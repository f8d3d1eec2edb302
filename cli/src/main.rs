//! The `voucherify-webhooks` command: the crate's checks, for people and for CI.

use std::process::ExitCode;

mod check;
mod http;
mod listen;
mod output;
mod parse;
mod sample;
mod signing;
mod suggest;

const USAGE: &str = "\
usage: voucherify-webhooks <command> [options]

commands:
  parse [--event TYPE] [--emit DIR] FILE...
      parse each file (a full envelope, or a bare `data` object with --event) into its
      Rust type and print one JSON line per file; --emit writes each value back out,
      serialised again from the typed value, into DIR/<file name>; it refuses two inputs
      of one name and the folder of an input (never overwrites an input).
  check [--event TYPE] [--strict] [--max-size BYTES] [--format human|json|junit] PATH...
      check each file (PATH, or every *.json below it) against the contract: JSON Schema,
      typed parse, round trip; --strict also fails on drift (undocumented properties);
      exit 1 on a violation (an unlisted enum value is one). Only regular files of at
      most --max-size bytes (default 16 MiB; K, M, G suffixes) are read: others are
      skipped and named.
  sign --secret S FILE
      print the x-voucherify-signature value Voucherify would send for the file.
  verify --secret S --signature SIG FILE
      exit 0 when SIG is a valid signature of the file, 1 when it is not.
  sample EVENT_TYPE [--channel project_settings|distribution] [--seed N]
      print a webhook of that event, valid against its schema, built from the seed.
  send EVENT_TYPE --to URL --secret S [--file F] [--channel C] [--seed N]
      post a signed webhook (a sample, or the file as it is) to a receiver at an http:// or
      https:// URL and print the status and the answer (up to 1 MiB); exit 1 when the answer
      is not 2XX.
  listen --secret S --out DIR [--addr 127.0.0.1:3000] [--forward URL] [--max-body BYTES]
      receive webhooks on a local address (loopback by default): verify each signature
      (401 when wrong), and save every verified webhook byte for byte, once per id, as
      DIR/<event type>/<id>.json before answering 200; 400 for a body that is no webhook,
      413 over --max-body (default 1M). One line per delivery on stdout; --forward also
      posts each saved delivery, with its signature, to your own service.

exit status: 0 when every check passed, 1 when one failed, 2 on a usage or I/O error.
";

/// A failure that ends the command with status 2: bad arguments, or a file that cannot be
/// read or written.
pub enum UsageError {
    Usage(String),
    Io(String),
}

impl From<lexopt::Error> for UsageError {
    fn from(e: lexopt::Error) -> Self {
        UsageError::Usage(e.to_string())
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
    Some(format!("usage: voucherify-webhooks {}\n", body.join("\n")))
}

/// Whether the arguments after the command ask for its help (before a `--`, after which
/// everything is a file name).
fn asks_for_help() -> bool {
    std::env::args_os()
        .skip(2)
        .take_while(|arg| arg != "--")
        .any(|arg| arg == "--help" || arg == "-h")
}

fn main() -> ExitCode {
    let mut parser = lexopt::Parser::from_env();
    let result = match parser.next() {
        Ok(Some(lexopt::Arg::Value(command)))
            if asks_for_help() && command.to_str().and_then(command_usage).is_some() =>
        {
            let usage = command.to_str().and_then(command_usage).unwrap_or_default();
            return match output::print(&usage) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(2),
            };
        }
        Ok(Some(lexopt::Arg::Value(command))) => match command.to_str() {
            Some("check") => check::run(parser),
            Some("parse") => parse::run(parser),
            Some("sign") => signing::sign(parser),
            Some("verify") => signing::verify(parser),
            Some("sample") => sample::sample(parser),
            Some("send") => sample::send(parser),
            Some("listen") => listen::run(parser),
            Some(other) => Err(UsageError::Usage(format!("unknown command `{other}`"))),
            None => Err(UsageError::Usage("the command is not valid UTF-8".into())),
        },
        Ok(Some(lexopt::Arg::Long("help") | lexopt::Arg::Short('h'))) => {
            return match output::print(USAGE) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(2),
            };
        }
        Ok(Some(other)) => Err(UsageError::Usage(other.unexpected().to_string())),
        Ok(None) => Err(UsageError::Usage("a command is needed".into())),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(code) => code,
        Err(UsageError::Usage(message)) => {
            eprintln!("voucherify-webhooks: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(UsageError::Io(message)) => {
            eprintln!("voucherify-webhooks: {message}");
            ExitCode::from(2)
        }
    }
}
