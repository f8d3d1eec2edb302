//! What every subcommand writes to standard output goes through here.

use std::io::{ErrorKind, Write};

use crate::UsageError;

/// Writes `text` to standard output. `print!` would panic on a closed pipe (`... | head`); a
/// reader that stopped listening is no error, and any other failure to write is one.
pub fn print(text: &str) -> Result<(), UsageError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(UsageError::Io(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

/// [`print`] of one line.
pub fn line(text: &str) -> Result<(), UsageError> {
    print(&format!("{text}\n"))
}
