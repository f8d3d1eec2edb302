//! What the `voucherify-codegen` command writes to standard output goes through here (a module
//! of the binary: the library prints nothing).

use std::io::{ErrorKind, Write};

/// Writes `text` to standard output. `print!` panics when the reader has gone
/// (`voucherify-codegen diff OLD NEW | head -1`); a reader that stopped listening is no error:
/// the command finishes its work (`learn --write` still writes) and ends with that work's
/// status. Any other failure to write is an error.
pub fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            Err(format!("cannot write to standard output: {e}"))
        }
        _ => Ok(()),
    }
}

/// [`print`] of one line.
pub fn line(text: &str) -> Result<(), String> {
    print(&format!("{text}\n"))
}
