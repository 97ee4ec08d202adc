//! A recording echo server for `locket run` tests: every request (method, target, headers in
//! lower case and sorted, body, with a multipart boundary replaced) is kept for the test to
//! compare, and answered with `{"url", "method"}` as JSON. std only, 127.0.0.1 on a free port, a
//! thread per connection, stopped when dropped.

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A request as the server saw it, normalized for comparison: header names in lower case and
/// sorted, the multipart boundary (random per run) replaced.
#[derive(Debug, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

pub struct Echo {
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Echo {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl Echo {
    pub fn start() -> Echo {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (record, stopped) = (Arc::clone(&seen), Arc::clone(&stop));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if stopped.load(Ordering::SeqCst) {
                    return;
                }
                let record = Arc::clone(&record);
                std::thread::spawn(move || serve(stream, &record));
            }
        });
        Echo { port, seen, stop }
    }

    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests seen since the last call.
    pub fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

fn serve(stream: TcpStream, record: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    while let Some(r) = super::http::read_request(&mut reader) {
        let mut body = String::from_utf8_lossy(&r.body).into_owned();
        let mut headers: Vec<(String, String)> = r
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        for (name, value) in &mut headers {
            if let Some((_, boundary)) = value.split_once("boundary=")
                && name == "content-type"
            {
                body = body.replace(boundary, "<boundary>");
                *value = value.replace(boundary, "<boundary>");
            }
        }
        headers.sort();
        // The echo: the URL back as JSON, for the fixtures' test scripts.
        let reply = format!("{{\"url\":{:?},\"method\":{:?}}}", r.target, r.method);
        record.lock().unwrap().push(Seen {
            method: r.method,
            target: r.target,
            headers,
            body,
        });
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{reply}",
            reply.len()
        );
        if out.write_all(head.as_bytes()).is_err() {
            return;
        }
    }
}

/// What `locket run` printed, and its exit code.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `locket run COLLECTION ARGS…` without a vault, from `cwd`.
pub fn run(cwd: &Path, collection: &Path, args: &[&str]) -> Out {
    let no_vault = tempfile::tempdir().unwrap();
    let out = super::bare_locket()
        .current_dir(cwd)
        .arg("--vault-dir")
        .arg(no_vault.path().join("none"))
        .arg("run")
        .arg(collection)
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// [`run`], which must succeed.
pub fn run_ok(cwd: &Path, collection: &Path, args: &[&str]) -> Out {
    let out = run(cwd, collection, args);
    assert_eq!(
        out.code,
        0,
        "{}:\n{}\n{}",
        collection.display(),
        out.stdout,
        out.stderr
    );
    out
}

/// `METHOD TARGET` of each request, in order.
pub fn targets(seen: &[Seen]) -> Vec<String> {
    seen.iter()
        .map(|s| format!("{} {}", s.method, s.target))
        .collect()
}
