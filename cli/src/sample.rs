//! `voucherify-webhooks sample` and `send`: payloads on demand, and posting them to a receiver
//! the way Voucherify would, without Voucherify.

use std::path::PathBuf;
use std::process::ExitCode;

use lexopt::Arg::{Long, Value as Positional};
use lexopt::ValueExt as _;
use voucherify_webhooks::{json_schema, sample, signature, Channel, EVENT_TYPES};

use crate::UsageError;
use crate::{http, signing};

/// `sample <event type> [--channel project_settings|distribution] [--seed N]`.
pub fn sample(mut parser: lexopt::Parser) -> Result<ExitCode, UsageError> {
    let (mut event, mut channel, mut seed) = (None, None, 0u64);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("channel") => channel = Some(parser.value()?.string()?),
            Long("seed") => seed = parser.value()?.parse()?,
            Positional(e) if event.is_none() => event = Some(e.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let event = event.ok_or_else(|| UsageError::Usage("sample needs an event type".into()))?;
    let body = build(&event, channel.as_deref(), seed)?;
    crate::output::line(&serde_json::to_string_pretty(&body).unwrap_or_default())?;
    Ok(ExitCode::SUCCESS)
}

/// `send <event type> --to URL --secret S [--file payload.json] [--channel C] [--seed N]`.
pub fn send(mut parser: lexopt::Parser) -> Result<ExitCode, UsageError> {
    let (mut event, mut to, mut secret, mut file, mut channel, mut seed) =
        (None, None, None, None, None, 0u64);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("to") => to = Some(parser.value()?.string()?),
            Long("secret") => secret = Some(parser.value()?.string()?),
            Long("file") => file = Some(PathBuf::from(parser.value()?)),
            Long("channel") => channel = Some(parser.value()?.string()?),
            Long("seed") => seed = parser.value()?.parse()?,
            Positional(e) if event.is_none() => event = Some(e.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let event = event.ok_or_else(|| UsageError::Usage("send needs an event type".into()))?;
    let to = to.ok_or_else(|| UsageError::Usage("send needs --to URL".into()))?;
    let secret = signing::secret_given(secret, "send")?;
    let url = http::Url::parse(&to).map_err(UsageError::Usage)?;
    // A given file is sent byte for byte: re-serialising would change what was signed.
    let body = match file {
        Some(file) => std::fs::read(&file)
            .map_err(|e| UsageError::Io(format!("cannot read {}: {e}", file.display())))?,
        None => build(&event, channel.as_deref(), seed)?.to_vec(),
    };
    let header = signature::sign(secret.as_bytes(), &body);
    let response = http::post(&url, &[(signature::SIGNATURE_HEADER, &header)], &body)
        .map_err(UsageError::Io)?;
    crate::output::line(&response.status.to_string())?;
    if !response.body.is_empty() {
        crate::output::line(&response.body)?;
    }
    Ok(if (200..300).contains(&response.status) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A sample webhook of `event`, sent by `channel` (by default the channel that sends it).
fn build(
    event: &str,
    channel: Option<&str>,
    seed: u64,
) -> Result<sample::SampleWebhook, UsageError> {
    let Some((_, documented, _)) = EVENT_TYPES.iter().find(|(t, _, _)| *t == event) else {
        return Err(UsageError::Usage(crate::suggest::unknown_event_type(event)));
    };
    let distribution = match channel {
        None => *documented == Channel::Distribution,
        Some("project_settings") => false,
        Some("distribution") => true,
        Some(other) => {
            return Err(UsageError::Usage(format!(
                "--channel is project_settings or distribution, not `{other}`"
            )))
        }
    };
    let data_schema = json_schema::data(event)
        .ok_or_else(|| UsageError::Usage(format!("no JSON Schema for `{event}` in this build")))?;
    Ok(sample::webhook(event, distribution, &data_schema, seed))
}
