//! A scripted HTTP/1.1 server on 127.0.0.1 for what a healthy store never does on demand:
//! fail with 5xx, throttle with 429, answer late. It counts the requests it answers from its
//! script, so tests can check that retries happen and are bounded.
//!
//! Requests first go to a `prelude` (a provider's setup calls the test does not count, such as
//! Vault's token and mount lookups); those it does not answer are numbered from 1 and answered
//! by the `script`. Every answer closes its connection, so each retry is a fresh request on a
//! fresh connection and nothing is left half-read.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An answer: status, headers, body, and how long to wait before sending it.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<String>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Prelude = dyn Fn(&Request) -> Option<Response> + Send + Sync;
type Script = dyn Fn(usize, &Request) -> Response + Send + Sync;

pub struct FakeHttp {
    addr: SocketAddr,
    scripted: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
}

impl FakeHttp {
    pub fn start(
        prelude: impl Fn(&Request) -> Option<Response> + Send + Sync + 'static,
        script: impl Fn(usize, &Request) -> Response + Send + Sync + 'static,
    ) -> FakeHttp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let scripted = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let prelude: Arc<Prelude> = Arc::new(prelude);
        let script: Arc<Script> = Arc::new(script);
        let (seen, flag) = (Arc::clone(&scripted), Arc::clone(&stop));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let (seen, prelude, script) =
                    (Arc::clone(&seen), Arc::clone(&prelude), Arc::clone(&script));
                std::thread::spawn(move || serve(stream, &seen, &*prelude, &*script));
            }
        });
        FakeHttp {
            addr,
            scripted,
            stop,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests the script has answered (or is answering).
    pub fn scripted(&self) -> usize {
        self.scripted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Drop for FakeHttp {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag and ends (closing the listener).
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Request>>, prelude: &Prelude, script: &Script) {
    // A client that stops mid-request must not keep this thread forever.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Some(request) = read_request(&stream) else {
        return;
    };
    let response = match prelude(&request) {
        Some(response) => response,
        None => {
            let n = {
                let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
                seen.push(request.clone());
                seen.len()
            };
            script(n, &request)
        }
    };
    std::thread::sleep(response.delay);
    write_response(stream, &response);
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    parse_request(&mut BufReader::new(stream.try_clone().ok()?))
}

/// Reads one HTTP/1.1 request (request line, headers, a `Content-Length` body) from `reader`;
/// `None` at the end of the stream or on a malformed request. Shared by every fake server in
/// the tests, over plain TCP or TLS.
pub fn parse_request(reader: &mut impl BufRead) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    let mut length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.trim().split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_string());
            if name == "content-length" {
                length = value.parse().unwrap_or(0);
            }
            headers.push((name, value));
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

fn write_response(mut stream: TcpStream, response: &Response) {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(response.body.as_bytes());
    let _ = stream.flush();
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
