//! Just enough HTTP/1.1 to post a webhook to a local receiver, without an HTTP client crate
//! (the command has to stay cheap to build). Plain `http://` only.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A parsed `http://host[:port][/path]`.
pub struct Url {
    pub host: String,
    pub port: u16,
    pub path: String,
}

impl Url {
    pub fn parse(url: &str) -> Result<Url, String> {
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            format!("`{url}`: send posts over plain http:// to a receiver you run (no TLS)")
        })?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse()
                    .map_err(|_| format!("`{url}`: the port `{port}` is not a number"))?,
            ),
            None => (authority, 80),
        };
        if host.is_empty() {
            return Err(format!("`{url}` names no host"));
        }
        Ok(Url {
            host: host.to_string(),
            port,
            path: path.to_string(),
        })
    }
}

/// The status code and body of the answer.
pub struct Response {
    pub status: u16,
    pub body: String,
}

/// POSTs `body` with the given extra headers and reads the whole answer.
pub fn post(url: &Url, headers: &[(&str, &str)], body: &[u8]) -> Result<Response, String> {
    let address = format!("{}:{}", url.host, url.port);
    let mut stream =
        TcpStream::connect(&address).map_err(|e| format!("cannot connect to {address}: {e}"))?;
    // Voucherify itself gives up after 10 s.
    let limit = Some(Duration::from_secs(10));
    stream.set_read_timeout(limit).map_err(|e| e.to_string())?;
    stream.set_write_timeout(limit).map_err(|e| e.to_string())?;
    let mut request = format!(
        "POST {} HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\nuser-agent: voucherify-webhooks\r\n",
        url.path, url.host, body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .and_then(|()| stream.write_all(body))
        .map_err(|e| format!("cannot send to {address}: {e}"))?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .map_err(|e| format!("no answer from {address}: {e}"))?;
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("{address} did not answer with HTTP"))?;
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Ok(Response {
        status,
        body: if chunked {
            dechunk(body)
        } else {
            body.to_string()
        },
    })
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let url = Url::parse("http://127.0.0.1:3000/webhooks/voucherify").unwrap();
        assert_eq!(
            (url.host.as_str(), url.port, url.path.as_str()),
            ("127.0.0.1", 3000, "/webhooks/voucherify")
        );
        let url = Url::parse("http://localhost").unwrap();
        assert_eq!((url.port, url.path.as_str()), (80, "/"));
        assert!(Url::parse("https://example.com").is_err());
        assert!(Url::parse("http://:80/").is_err());
        assert!(Url::parse("http://host:port/").is_err());
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(dechunk("5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n"), "hello!");
    }
}
