//! The `voucherify-codegen` command.

use std::path::PathBuf;
use std::process::ExitCode;

use voucherify_codegen::schema;

const USAGE: &str = "\
usage: voucherify-codegen <command> [options]

commands:
  events [--schemas DIR]   list every event type with its channel
";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(Long("help")) | Some(Short('h')) | None => {
            print!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => return Err(format!("{}\n{USAGE}", other.unexpected())),
    };
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
                println!("{} {}", event.event, event.channel.as_str());
            }
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}
