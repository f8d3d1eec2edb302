//! `voucherify-webhooks listen`: a local receiver that records real deliveries. It verifies
//! each one's signature, answers as the example receiver does (200 / 401 / 400 / 413), keeps
//! every verified webhook byte for byte as `DIR/<event type>/<envelope id>.json` before it
//! answers 200, prints one line per delivery, and can pass each one on to the user's service
//! (as `stripe listen --forward-to` does). A folder it writes is what `check` and `learn` read.

mod request;
mod store;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use lexopt::Arg::Long;
use lexopt::ValueExt as _;
use voucherify_webhooks::{signature, Data, Webhook};

use crate::check::printable;
use crate::{http, signing, UsageError};

/// Voucherify's bodies are a few KiB; the default limit leaves room for large orders.
const DEFAULT_MAX_BODY: u64 = 1024 * 1024;

struct Settings {
    secret: String,
    out: PathBuf,
    forward: Option<http::Url>,
    max_body: u64,
    /// Only one delivery at a time checks for and writes its file.
    store_lock: Mutex<()>,
}

/// `listen --secret S --out DIR [--addr 127.0.0.1:3000] [--forward URL] [--max-body BYTES]`.
pub fn run(mut parser: lexopt::Parser) -> Result<ExitCode, UsageError> {
    let (mut secret, mut out, mut addr, mut forward, mut max_body, mut max_deliveries) =
        (None, None, None, None, DEFAULT_MAX_BODY, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("secret") => secret = Some(parser.value()?.string()?),
            Long("out") => out = Some(PathBuf::from(parser.value()?)),
            Long("addr") => addr = Some(parser.value()?.string()?),
            Long("forward") => forward = Some(parser.value()?.string()?),
            Long("max-body") => {
                max_body = crate::check::size(&parser.value()?.string()?, "--max-body")?
            }
            // For tests: stop after this many connections (each request is one).
            Long("max-deliveries") => max_deliveries = Some(parser.value()?.parse::<u64>()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let secret = signing::secret_given(secret, "listen")?;
    let out = out.ok_or_else(|| UsageError::Usage("listen needs --out DIR".into()))?;
    let forward = forward
        .map(|url| http::Url::parse(&url))
        .transpose()
        .map_err(UsageError::Usage)?;
    let addr = addr.unwrap_or_else(|| "127.0.0.1:3000".into());
    let addr: SocketAddr = addr
        .parse()
        .map_err(|e| UsageError::Usage(format!("--addr `{addr}` is not IP:PORT: {e}")))?;
    std::fs::create_dir_all(&out)
        .map_err(|e| UsageError::Io(format!("cannot create {}: {e}", out.display())))?;
    let listener = TcpListener::bind(addr)
        .map_err(|e| UsageError::Io(format!("cannot listen on {addr}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| UsageError::Io(format!("cannot listen on {addr}: {e}")))?;
    if !bound.ip().is_loopback() {
        eprintln!(
            "voucherify-webhooks: listening on {bound}, reachable from other machines; \
             deliveries are still checked against the secret"
        );
    }
    crate::output::line(&format!(
        "listening on {bound}, saving verified webhooks below {}",
        out.display()
    ))?;
    let settings = Arc::new(Settings {
        secret,
        out,
        forward,
        max_body,
        store_lock: Mutex::new(()),
    });
    let mut workers = Vec::new();
    let mut accepted = 0u64;
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                // Out of file descriptors, say: wait a moment rather than spin.
                eprintln!("voucherify-webhooks: cannot accept a connection: {e}");
                std::thread::sleep(std::time::Duration::from_millis(100));
                continue;
            }
        };
        let settings = Arc::clone(&settings);
        // One thread per connection: a slow client holds only its own, for at most the
        // request reader's deadline.
        workers.push(std::thread::spawn(move || deliver(stream, &settings)));
        workers.retain(|w| !w.is_finished());
        accepted += 1;
        if max_deliveries.is_some_and(|max| accepted >= max) {
            break;
        }
    }
    for worker in workers {
        let _ = worker.join();
    }
    Ok(ExitCode::SUCCESS)
}

/// One connection: read, verify, store, answer, forward, and say so in one line.
fn deliver(mut stream: TcpStream, settings: &Settings) {
    let request = match request::read(&mut stream, settings.max_body) {
        Ok(request) => request,
        Err(refusal) => {
            request::answer(&mut stream, refusal.status, &refusal.reason);
            request::drain(&mut stream);
            log(
                "-",
                "-",
                &format!("refused: {}", refusal.reason),
                refusal.status,
            );
            return;
        }
    };
    if request.method != "POST" {
        request::answer(&mut stream, 405, "webhooks are POSTed");
        log(
            "-",
            "-",
            &format!("refused: {} {}", request.method, request.path),
            405,
        );
        return;
    }
    let received = Webhook::receive(
        settings.secret.as_bytes(),
        &request.body,
        request.signature.as_deref(),
    );
    let webhook: Webhook = match received {
        Ok(webhook) => webhook,
        Err(refused) => {
            // Nothing unverified, and nothing that is no webhook, is kept.
            request::answer(&mut stream, refused.status(), &refused.to_string());
            log("-", "-", &refused.to_string(), refused.status());
            return;
        }
    };
    let kind = match &webhook.data {
        Data::Typed(_) => "typed".to_string(),
        Data::Raw(raw) => format!("raw ({})", raw.reason),
    };
    let stored = {
        let _held = settings
            .store_lock
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        store::store(
            &settings.out,
            webhook.event_type(),
            &webhook.id,
            &request.body,
        )
    };
    let (status, what) = match stored {
        Ok(store::Stored::New(path)) => (
            200,
            format!("{kind}, saved {}", relative(&path, &settings.out)),
        ),
        Ok(store::Stored::Duplicate(path)) => (
            200,
            format!("{kind}, duplicate of {}", relative(&path, &settings.out)),
        ),
        // Not kept, so not acknowledged: Voucherify retries a 5XX.
        Err(e) => (500, format!("{kind}, cannot save: {e}")),
    };
    request::answer(
        &mut stream,
        status,
        if status == 200 {
            "received"
        } else {
            "not saved"
        },
    );
    drop(stream);
    let forwarded = match (&settings.forward, status) {
        (Some(url), 200) => match forward(url, &request) {
            Ok(answer) => format!(", forwarded: {answer}"),
            Err(e) => format!(", forward failed: {e}"),
        },
        _ => String::new(),
    };
    log(
        &webhook.id,
        webhook.event_type(),
        &format!("{what}{forwarded}"),
        status,
    );
}

/// Posts the delivery's bytes and signature on, and gives the answer's status.
fn forward(url: &http::Url, request: &request::Request) -> Result<u16, String> {
    let header = request.signature.as_deref().unwrap_or_default();
    http::post(url, &[(signature::SIGNATURE_HEADER, header)], &request.body)
        .map(|answer| answer.status)
}

fn relative(path: &Path, out: &Path) -> String {
    path.strip_prefix(out).unwrap_or(path).display().to_string()
}

/// One line per delivery: time, id, event type, what became of it, status. The id and event
/// type come from the payload, so control characters in them are written inert.
fn log(id: &str, event_type: &str, what: &str, status: u16) {
    // The log only reports: a closed standard output must not stop a receiver that still
    // stores what it acknowledges.
    let _ = crate::output::line(&format!(
        "{} {} {} {status} {}",
        now(),
        printable(id),
        printable(event_type),
        printable(what)
    ));
}

/// The time as RFC 3339 UTC, to the second.
fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::civil(0), (1970, 1, 1));
        assert_eq!(super::civil(19_723), (2024, 1, 1));
        assert_eq!(super::civil(11_016), (2000, 2, 29));
        assert_eq!(super::civil(20_789), (2026, 12, 2));
    }
}
