//! A minimal, careful HTTP/1.1 request reader for `listen`: one request per connection, a body
//! of `Content-Length` bytes only (Voucherify sends no chunked bodies), bounded in size and in
//! time so that neither a large nor a slow client can exhaust or hang the receiver.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The head (request line and headers) a webhook needs is a few hundred bytes.
const HEAD_LIMIT: usize = 16 * 1024;
/// How long one read may wait for the client.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the whole request may take, however it trickles in.
const REQUEST_DEADLINE: Duration = Duration::from_secs(30);

/// A request read whole.
pub struct Request {
    pub method: String,
    pub path: String,
    /// The `x-voucherify-signature` header, when sent (once).
    pub signature: Option<String>,
    pub body: Vec<u8>,
}

/// A request refused before its body was read, with the status to answer.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub reason: String,
}

fn refuse(status: u16, reason: impl Into<String>) -> Refusal {
    Refusal {
        status,
        reason: reason.into(),
    }
}

/// Reads one request from `stream`, whose body may be at most `max_body` bytes.
pub fn read(stream: &mut TcpStream, max_body: u64) -> Result<Request, Refusal> {
    let started = Instant::now();
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let mut buffer = Vec::with_capacity(1024);
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > HEAD_LIMIT {
            return Err(refuse(431, "the request head is longer than 16 KiB"));
        }
        read_some(stream, &mut buffer, started)?;
    };
    let head = std::str::from_utf8(&buffer[..head_end])
        .map_err(|_| refuse(400, "the request head is not UTF-8"))?;
    let (method, path, headers) = parse_head(head)?;
    let length = body_length(&headers, max_body)?;
    if headers
        .iter()
        .any(|(n, v)| n == "expect" && v.eq_ignore_ascii_case("100-continue"))
    {
        let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    let signatures: Vec<&(String, String)> = headers
        .iter()
        .filter(|(n, _)| n == voucherify_webhooks::signature::SIGNATURE_HEADER)
        .collect();
    let signature = match signatures[..] {
        [] => None,
        [(_, value)] => Some(value.clone()),
        _ => return Err(refuse(400, "more than one x-voucherify-signature header")),
    };
    let mut body = buffer.split_off(head_end + 4);
    // `length` is at most `max_body`, which the user chose to hold in memory.
    let length = usize::try_from(length).map_err(|_| refuse(413, "the body is too large"))?;
    while body.len() < length {
        read_some(stream, &mut body, started)?;
    }
    if body.len() > length {
        return Err(refuse(
            400,
            "more bytes than Content-Length (one request per connection)",
        ));
    }
    Ok(Request {
        method,
        path,
        signature,
        body,
    })
}

/// Appends what the client sends next; refuses a client that closes early or is too slow.
fn read_some(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    started: Instant,
) -> Result<(), Refusal> {
    if started.elapsed() > REQUEST_DEADLINE {
        return Err(refuse(408, "the request took longer than 30 s"));
    }
    let mut chunk = [0u8; 16 * 1024];
    match stream.read(&mut chunk) {
        Ok(0) => Err(refuse(400, "the client closed the connection mid-request")),
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            Ok(())
        }
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            Err(refuse(408, "the client sent nothing for 10 s"))
        }
        Err(e) => Err(refuse(400, format!("cannot read the request: {e}"))),
    }
}

type Headers = Vec<(String, String)>;

/// The method, the path, and the headers with lowercase names.
fn parse_head(head: &str) -> Result<(String, String, Headers), Refusal> {
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(path), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refuse(
            400,
            "the request line is not `METHOD PATH HTTP/1.1`",
        ));
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(refuse(505, format!("`{version}` is not HTTP/1.x")));
    }
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(refuse(400, "a header line has no `:`"));
        };
        // A space before the colon, or a folded line, is how requests are smuggled: refuse.
        if name.is_empty() || name.contains(|c: char| c.is_ascii_whitespace()) {
            return Err(refuse(400, "a header name is empty or has white space"));
        }
        headers.push((
            name.to_ascii_lowercase(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    Ok((method.to_string(), path.to_string(), headers))
}

/// The body's length from `Content-Length`, refusing a chunked body (411), a missing, doubtful
/// or too large length.
fn body_length(headers: &Headers, max_body: u64) -> Result<u64, Refusal> {
    if headers.iter().any(|(n, _)| n == "transfer-encoding") {
        return Err(refuse(
            411,
            "Transfer-Encoding is not accepted; send the body with a Content-Length",
        ));
    }
    let lengths: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n == "content-length")
        .map(|(_, v)| v.as_str())
        .collect();
    let length = match lengths[..] {
        [] => return Err(refuse(411, "no Content-Length")),
        [one] if !one.is_empty() && one.bytes().all(|b| b.is_ascii_digit()) => {
            one.parse::<u64>()
                .map_err(|_| refuse(413, "the Content-Length is too large"))?
        }
        [_] => return Err(refuse(400, "the Content-Length is not a number")),
        _ => return Err(refuse(400, "more than one Content-Length")),
    };
    if length > max_body {
        return Err(refuse(
            413,
            format!("the body of {length} bytes is over the limit of {max_body} (--max-body)"),
        ));
    }
    Ok(length)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Writes a complete answer and closes the connection (one request per connection).
pub fn answer(stream: &mut TcpStream, status: u16, text: &str) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        505 => "HTTP Version Not Supported",
        _ => "",
    };
    let body = text;
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// After refusing a request whose body was not read: reads and drops what the client still
/// sends (up to 1 MiB), so that closing with unread bytes does not reset the connection and
/// lose the answer before the client reads it.
pub fn drain(stream: &mut TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = std::io::copy(&mut stream.take(1024 * 1024), &mut std::io::sink());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn lengths() {
        let ok = |h: &[(&str, &str)]| body_length(&headers(h), 100);
        assert_eq!(ok(&[("content-length", "12")]), Ok(12));
        assert_eq!(ok(&[("content-length", "101")]).unwrap_err().status, 413);
        assert_eq!(
            ok(&[("content-length", "99999999999999999999999")])
                .unwrap_err()
                .status,
            413
        );
        assert_eq!(ok(&[]).unwrap_err().status, 411);
        assert_eq!(
            ok(&[("transfer-encoding", "chunked"), ("content-length", "3")])
                .unwrap_err()
                .status,
            411
        );
        for bad in ["-1", "+3", "3 ", "", "0x10"] {
            assert_eq!(
                ok(&[("content-length", bad)]).unwrap_err().status,
                400,
                "{bad:?}"
            );
        }
        assert_eq!(
            ok(&[("content-length", "3"), ("content-length", "3")])
                .unwrap_err()
                .status,
            400
        );
    }

    #[test]
    fn heads() {
        let (method, path, headers) =
            parse_head("POST /hooks HTTP/1.1\r\nHost: x\r\nContent-Length:  3 ").unwrap();
        assert_eq!((method.as_str(), path.as_str()), ("POST", "/hooks"));
        assert_eq!(headers[1], ("content-length".into(), "3".into()));
        for bad in [
            "POST /hooks",
            "POST /hooks HTTP/2",
            "POST /hooks HTTP/1.1\r\nContent-Length : 3",
            "POST /hooks HTTP/1.1\r\n folded",
        ] {
            assert!(parse_head(bad).is_err(), "{bad:?}");
        }
    }
}
