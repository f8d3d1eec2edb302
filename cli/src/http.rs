//! Posting a webhook the way Voucherify would: over `http://` or `https://` (a staging service
//! behind TLS), to a host name, an IPv4 or an IPv6 address (`http://[::1]:3000/`), through
//! `ureq` with rustls. The answer is read up to [`REPLY_LIMIT`] bytes: a receiver that answers
//! without end must not exhaust this command's memory.

use std::time::Duration;

/// How much of the receiver's answer is read; a webhook receiver answers a few words.
pub const REPLY_LIMIT: u64 = 1024 * 1024;

/// Voucherify itself gives up on a receiver after 10 s.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A URL `send` can post to: `http://` or `https://`, with a host.
pub struct Url(String);

impl Url {
    pub fn parse(url: &str) -> Result<Url, String> {
        let parsed: ureq::http::Uri = url
            .parse()
            .map_err(|e| format!("`{url}` is not a URL: {e}"))?;
        match parsed.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(format!("`{url}`: send posts to an http:// or https:// URL")),
        }
        if parsed.host().is_none_or(str::is_empty) {
            return Err(format!("`{url}` names no host"));
        }
        // The URI type keeps a port it cannot read; say so here rather than at connection time.
        let authority = parsed.authority().map_or("", |a| a.as_str());
        let after_host = authority
            .rsplit_once(']')
            .map_or(authority, |(_, rest)| rest);
        if let Some((_, port)) = after_host.rsplit_once(':') {
            if port.parse::<u16>().is_err() {
                return Err(format!("`{url}`: the port `{port}` is not a number"));
            }
        }
        Ok(Url(url.to_string()))
    }
}

/// The status code and body of the answer.
pub struct Response {
    pub status: u16,
    /// The answer as text (invalid UTF-8 shown as U+FFFD), at most [`REPLY_LIMIT`] bytes of it.
    pub body: String,
}

/// POSTs `body` as JSON with the given extra headers and reads the answer.
pub fn post(url: &Url, headers: &[(&str, &str)], body: &[u8]) -> Result<Response, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        // A 4XX or 5XX is an answer to print, not a failure to reach the receiver.
        .http_status_as_error(false)
        .user_agent("voucherify-webhooks")
        .build()
        .into();
    let mut request = agent
        .post(&url.0)
        .header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.send(body).map_err(|e| match e {
        ureq::Error::Io(e) => format!("cannot connect to {}: {e}", url.0),
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
            format!("cannot connect to {}: {e}", url.0)
        }
        e => format!("cannot post to {}: {e}", url.0),
    })?;
    let status = response.status().as_u16();
    let answer = response
        .body_mut()
        .with_config()
        .limit(REPLY_LIMIT)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => format!(
                "{} answered {status} with more than {REPLY_LIMIT} bytes; not read",
                url.0
            ),
            e => format!("no complete answer from {}: {e}", url.0),
        })?;
    Ok(Response {
        status,
        body: String::from_utf8_lossy(&answer).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for good in [
            "http://127.0.0.1:3000/webhooks/voucherify",
            "http://localhost",
            "https://staging.example.com/hooks",
            "http://[::1]:3000/",
        ] {
            assert!(Url::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "ftp://example.com/",
            "example.com/hooks",
            "http://host:port/",
            "http:///path",
        ] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
    }
}
