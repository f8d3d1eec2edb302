//! `voucherify-webhooks sign` and `verify`: the `x-voucherify-signature` header of a file.

use std::path::PathBuf;
use std::process::ExitCode;

use lexopt::Arg::{Long, Value as Positional};
use lexopt::ValueExt as _;
use voucherify_webhooks::signature;

use crate::UsageError;

/// `sign --secret S FILE`: prints the header value Voucherify would send for the file.
pub fn sign(mut parser: lexopt::Parser) -> Result<ExitCode, UsageError> {
    let mut secret = None;
    let mut file = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("secret") => secret = Some(parser.value()?.string()?),
            Positional(f) if file.is_none() => file = Some(PathBuf::from(f)),
            other => return Err(other.unexpected().into()),
        }
    }
    let secret = secret_given(secret, "sign")?;
    let body = read(file, "sign")?;
    crate::output::line(&signature::sign(secret.as_bytes(), &body))?;
    Ok(ExitCode::SUCCESS)
}

/// `verify --secret S --signature SIG FILE`: exit 0 when the signature is valid, 1 when not.
pub fn verify(mut parser: lexopt::Parser) -> Result<ExitCode, UsageError> {
    let (mut secret, mut sig, mut file) = (None, None, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("secret") => secret = Some(parser.value()?.string()?),
            Long("signature") => sig = Some(parser.value()?.string()?),
            Positional(f) if file.is_none() => file = Some(PathBuf::from(f)),
            other => return Err(other.unexpected().into()),
        }
    }
    let secret = secret_given(secret, "verify")?;
    let sig = sig.ok_or_else(|| UsageError::Usage("verify needs --signature".into()))?;
    let body = read(file, "verify")?;
    match signature::verify(secret.as_bytes(), &body, &sig) {
        Ok(()) => {
            crate::output::line("valid")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            crate::output::line(&format!("invalid: {e}"))?;
            Ok(ExitCode::from(1))
        }
    }
}

/// The `--secret` of `command`, refusing an absent or empty one: an empty secret is almost
/// always an unset variable (`--secret "$SECRET"`), and an HMAC keyed with it proves nothing.
pub fn secret_given(secret: Option<String>, command: &str) -> Result<String, UsageError> {
    match secret {
        None => Err(UsageError::Usage(format!("{command} needs --secret"))),
        Some(secret) if secret.is_empty() => Err(UsageError::Usage(format!(
            "{command}: the --secret is empty (an unset variable?); give the webhook secret"
        ))),
        Some(secret) => Ok(secret),
    }
}

fn read(file: Option<PathBuf>, command: &str) -> Result<Vec<u8>, UsageError> {
    let file = file.ok_or_else(|| UsageError::Usage(format!("{command} needs a FILE")))?;
    std::fs::read(&file).map_err(|e| UsageError::Io(format!("cannot read {}: {e}", file.display())))
}
