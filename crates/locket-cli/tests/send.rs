//! `locket send` against real local HTTP servers (std only: a listener on 127.0.0.1, port 0,
//! one thread per connection) that record every request they receive: what was substituted,
//! what was refused (and that nothing reached the server then), redirects, masking, errors.

mod common;

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use data_encoding::BASE64;
use predicates::prelude::*;
use predicates::str::contains as has;

// ---- the test server -----------------------------------------------------------------------

/// One request as the server received it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

enum Reply {
    /// Status, extra headers, body.
    Fixed(u16, Vec<(String, String)>, Vec<u8>),
    /// Everything received, in the body (and the Authorization header back as X-Echo-Auth),
    /// plus the base64 of the Authorization value and the percent-encoded body, as a server
    /// that logs or reflects input would show them.
    Echo,
    /// Accept, read the request, never answer.
    Hang,
}

fn ok(body: &str) -> Reply {
    Reply::Fixed(200, vec![], body.as_bytes().to_vec())
}

fn redirect(status: u16, location: &str) -> Reply {
    Reply::Fixed(
        status,
        vec![("Location".into(), location.into())],
        b"moved".to_vec(),
    )
}

type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let record = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (record, handler) = (Arc::clone(&record), Arc::clone(&handler));
                std::thread::spawn(move || serve(stream, &record, &*handler));
            }
        });
        Server { port, seen }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }

    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// One request per connection (answers carry `Connection: close`).
fn serve(stream: TcpStream, record: &Mutex<Vec<Seen>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let Some(common::http::RawRequest {
        method,
        target,
        headers,
        body,
    }) = common::http::read_request(&mut reader)
    else {
        return;
    };
    let seen = Seen {
        method,
        target,
        headers,
        body,
    };
    let reply = handler(&seen);
    record.lock().unwrap().push(seen.clone());
    let (status, extra, body) = match reply {
        Reply::Fixed(status, extra, body) => (status, extra, body),
        Reply::Echo => echo(&seen),
        Reply::Hang => {
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
    };
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (n, v) in extra {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&body);
}

fn echo(seen: &Seen) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let auth = seen.header("authorization").unwrap_or_default().to_string();
    let mut body = format!("{} {}\n", seen.method, seen.target);
    for (n, v) in &seen.headers {
        body.push_str(&format!("{n}: {v}\n"));
    }
    body.push_str(&format!("body: {}\n", String::from_utf8_lossy(&seen.body)));
    body.push_str(&format!(
        "authorization-base64: {}\n",
        BASE64.encode(auth.as_bytes())
    ));
    body.push_str(&format!("body-percent: {}\n", percent(&seen.body)));
    (200, vec![("X-Echo-Auth".into(), auth)], body.into_bytes())
}

fn percent(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        404 => "Not Found",
        _ => "Whatever",
    }
}

// ---- helpers --------------------------------------------------------------------------------

const TOKEN: &str = "tok-3f9a1c77e2b54d08";
const API_KEY: &str = "key-77aa0e5b19c3";
const PASSWORD: &str = "p@ss w/rd+1&x";

fn secret(v: &TestVault, name: &str, value: &str, allow: &[&str]) {
    let mut c = v.cmd();
    c.args(["set", name]);
    for d in allow {
        c.args(["--allow", d]);
    }
    c.write_stdin(value).assert().success();
}

fn send(v: &TestVault) -> assert_cmd::Command {
    let mut c = v.cmd();
    c.arg("send");
    c
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(mut c: assert_cmd::Command) -> Run {
    let out = c.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Fails if any output shows a secret value, raw or in a form the masking covers.
fn assert_no_leak(r: &Run, values: &[&str]) {
    for value in values {
        let forms = [
            value.to_string(),
            BASE64.encode(value.as_bytes()),
            percent(value.as_bytes()),
        ];
        for form in &forms {
            assert!(
                !contains(&r.stdout, form.as_bytes()),
                "stdout shows {form:?}: {}",
                String::from_utf8_lossy(&r.stdout)
            );
            assert!(
                !r.stderr.contains(form.as_str()),
                "stderr shows {form:?}: {}",
                r.stderr
            );
        }
    }
}

// ---- substitution ---------------------------------------------------------------------------

#[test]
fn references_are_resolved_in_path_query_headers_and_body() {
    let server = Server::start(|_| ok("done"));
    let v = TestVault::new();
    secret(&v, "seg", "segment-4242", &[]);
    secret(&v, "q", "query-9911", &[]);
    secret(&v, "tok", TOKEN, &[&server.origin()]);
    secret(&v, "hname", "X-Custom-Name", &[]);
    secret(&v, "pw", PASSWORD, &[]);
    let mut c = send(&v);
    c.arg(server.url("/items/{{vault:seg}}?key={{vault:q}}&x=1"))
        .args(["-H", "Authorization: Bearer {{vault:tok}}"])
        .args(["-H", "{{vault:hname}}: set-by-name"])
        .args(["-d", "user=me&password={{vault:pw}}"]);
    let r = run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, b"done");
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    let s = &seen[0];
    assert_eq!(s.method, "POST", "a body makes it a POST, as in curl");
    assert_eq!(s.target, "/items/segment-4242?key=query-9911&x=1");
    assert_eq!(s.header("authorization"), Some(&*format!("Bearer {TOKEN}")));
    assert_eq!(s.header("x-custom-name"), Some("set-by-name"));
    assert_eq!(
        s.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(s.body, format!("user=me&password={PASSWORD}").as_bytes());
    assert!(s.header("user-agent").unwrap().starts_with("locket/"));
    assert_no_leak(&r, &[TOKEN, PASSWORD, "segment-4242", "query-9911"]);
}

#[test]
fn data_file_is_sent_byte_for_byte_with_references_resolved() {
    let server = Server::start(|_| ok(""));
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    let file = v.path("body.json");
    std::fs::write(&file, "{\"token\": \"{{vault:tok}}\"}\n\n").unwrap();
    let mut c = send(&v);
    c.arg(server.url("/"))
        .args([
            "-X",
            "PUT",
            "-H",
            "Content-Type: application/json",
            "--data-file",
        ])
        .arg(&file);
    let r = run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = &server.requests()[0];
    assert_eq!(s.method, "PUT");
    assert_eq!(s.header("content-type"), Some("application/json"));
    assert_eq!(s.body, format!("{{\"token\": \"{TOKEN}\"}}\n\n").as_bytes());
}

#[test]
fn get_is_the_default_and_needs_no_vault_without_references() {
    let server = Server::start(|_| ok("plain"));
    let v = TestVault::new();
    // No key at all: a request without references never opens the vault.
    let r = run({
        let mut c = v.cmd_no_key();
        c.arg("send").arg(server.url("/plain"));
        c
    });
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, b"plain");
    let s = &server.requests()[0];
    assert_eq!((s.method.as_str(), s.body.len()), ("GET", 0));
    assert_eq!(s.header("accept"), Some("*/*"));
}

#[test]
fn usage_errors_are_exit_2_and_send_nothing() {
    let server = Server::start(|_| ok(""));
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    for args in [
        vec!["-H", "no colon here"],
        vec!["-H", "Bad Name: x"],
        vec!["-H", ": empty name"],
        vec!["-X", "GE T"],
        vec!["--timeout", "0"],
        vec!["--timeout", "-3"],
        vec!["--data-file", "/nonexistent/body"],
    ] {
        let mut c = send(&v);
        c.arg(server.url("/")).args(&args);
        let r = run(c);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("error:"), "{args:?}: {}", r.stderr);
    }
    send(&v)
        .args(["-d", "a", "--data-file", "b"])
        .arg(server.url("/"))
        .assert()
        .code(2);
    assert!(server.requests().is_empty());
}

#[test]
fn unresolved_references_are_exit_4_and_send_nothing() {
    let server = Server::start(|_| ok(""));
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    let file = v.path("body.txt");
    std::fs::write(&file, "x={{vault:nope}}").unwrap();
    let mut c = send(&v);
    c.arg(server.url("/{{vault:tok}}"))
        .args(["-H", "X-A: {{vault:missing}}", "-H", "X-B: {{vault:}}"])
        .arg("--data-file")
        .arg(&file);
    let r = run(c);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("header 1:1:6"), "{}", r.stderr);
    assert!(r.stderr.contains("header 2:1:6"), "{}", r.stderr);
    assert!(r.stderr.contains("body.txt:1:3"), "{}", r.stderr);
    assert!(server.requests().is_empty());
    assert_no_leak(&r, &[TOKEN]);
}

// ---- destinations ---------------------------------------------------------------------------

#[test]
fn a_destination_a_secret_is_not_allowed_for_is_refused_and_nothing_is_sent() {
    let server = Server::start(|_| ok(""));
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &["api.example.com"]);
    // A bare host means https only: http to the same host is refused too.
    secret(&v, "https-only", API_KEY, &["127.0.0.1"]);
    for header in [
        "Authorization: Bearer {{vault:tok}}",
        "X-Key: {{vault:https-only}}",
    ] {
        let mut c = send(&v);
        c.arg(server.url("/x")).args(["-H", header]);
        let r = run(c);
        assert_eq!(r.code, 4, "{}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("not allowed to be sent to {}", server.origin())),
            "{}",
            r.stderr
        );
        assert_no_leak(&r, &[TOKEN, API_KEY]);
    }
    let mut c = send(&v);
    c.arg(server.url("/x"))
        .args(["-H", "Authorization: Bearer {{vault:tok}}"]);
    let r = run(c);
    assert!(
        r.stderr.contains("(allowed: api.example.com)"),
        "{}",
        r.stderr
    );
    // The body counts as much as the headers.
    let mut c = send(&v);
    c.arg(server.url("/x")).args(["-d", "t={{vault:tok}}"]);
    assert_eq!(run(c).code, 4);
    assert!(
        server.requests().is_empty(),
        "the server received a request"
    );

    // Allowed with scheme and port: sent.
    secret(&v, "tok", TOKEN, &[&server.origin()]);
    let mut c = send(&v);
    c.arg(server.url("/x"))
        .args(["-H", "Authorization: Bearer {{vault:tok}}"]);
    assert_eq!(run(c).code, 0);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_secret_in_the_url_is_checked_against_the_url_it_builds() {
    let server = Server::start(|_| ok(""));
    let v = TestVault::new();
    // The host itself comes from a secret allowed only elsewhere.
    secret(&v, "host", "127.0.0.1", &["https://127.0.0.1"]);
    let mut c = send(&v);
    c.arg(format!("http://{{{{vault:host}}}}:{}/", server.port));
    let r = run(c);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(server.requests().is_empty());
}

// ---- redirects ------------------------------------------------------------------------------

/// A server that redirects every request to `to`.
fn redirector(status: u16, to: String) -> Server {
    Server::start(move |_| redirect(status, &to))
}

#[test]
fn without_location_a_redirect_is_printed_not_followed() {
    let target = Server::start(|_| ok("landed"));
    let first = redirector(302, target.url("/landing"));
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    let mut c = send(&v);
    c.arg(first.url("/start"))
        .args(["-i", "-H", "Authorization: Bearer {{vault:tok}}"]);
    let r = run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, b"moved");
    assert!(r.stderr.contains("HTTP/1.1 302 Found"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("location: {}", target.url("/landing"))),
        "{}",
        r.stderr
    );
    assert_eq!(first.requests().len(), 1);
    assert!(target.requests().is_empty());
}

#[test]
fn a_redirect_to_an_allowed_destination_is_followed_without_credentials_across_origins() {
    let target = Server::start(|_| ok("landed"));
    let first = redirector(302, target.url("/landing?from=first"));
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[&first.origin(), &target.origin()]);
    secret(&v, "key", API_KEY, &[&first.origin(), &target.origin()]);
    let mut c = send(&v);
    c.arg(first.url("/start"))
        .args(["-L", "-i"])
        .args(["-H", "Authorization: Bearer {{vault:tok}}"])
        .args(["-H", "X-Api-Key: {{vault:key}}"]);
    let r = run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, b"landed");
    // -i shows every response on the way.
    assert!(r.stderr.contains("HTTP/1.1 302 Found"), "{}", r.stderr);
    assert!(r.stderr.contains("HTTP/1.1 200 OK"), "{}", r.stderr);
    let first_seen = &first.requests()[0];
    assert_eq!(
        first_seen.header("authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
    let landed = target.requests();
    assert_eq!(landed.len(), 1);
    assert_eq!(landed[0].target, "/landing?from=first");
    assert_eq!(landed[0].header("x-api-key"), Some(API_KEY));
    assert_eq!(
        landed[0].header("authorization"),
        None,
        "Authorization is dropped on a cross-origin redirect, as in curl and reqwest"
    );
}

#[test]
fn a_redirect_to_a_destination_not_allowed_is_refused_and_the_target_receives_nothing() {
    let target = Server::start(|_| ok("landed"));
    let first = redirector(307, target.url("/steal"));
    let v = TestVault::new();
    secret(&v, "key", API_KEY, &[&first.origin()]);
    secret(&v, "free", TOKEN, &[]);
    let mut c = send(&v);
    c.arg(first.url("/start")).arg("-L").args([
        "-H",
        "X-Api-Key: {{vault:key}}",
        "-H",
        "X-Other: {{vault:free}}",
    ]);
    let r = run(c);
    // A refusal is exit 4 on every hop, the first as a redirect.
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains("refused to follow the redirect"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&target.url("/steal")), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "key is not allowed to be sent to {}",
            target.origin()
        )),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("free is"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert_eq!(first.requests().len(), 1);
    assert!(
        target.requests().is_empty(),
        "the redirect target received a request"
    );
    assert_no_leak(&r, &[API_KEY, TOKEN]);
}

#[test]
fn redirects_change_the_method_as_curl_does_and_are_limited() {
    // Same origin: 307 keeps POST and its body, 303 turns it into a body-less GET.
    let server = Server::start(|s| match s.target.as_str() {
        "/307" => redirect(307, "/303"),
        "/303" => redirect(303, "/end"),
        "/loop" => redirect(302, "/loop"),
        _ => ok("end"),
    });
    let v = TestVault::new();
    secret(&v, "pw", PASSWORD, &[&server.origin()]);
    let mut c = send(&v);
    c.arg(server.url("/307"))
        .args(["-L", "-d", "pw={{vault:pw}}"]);
    let r = run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let seen = server.requests();
    let summary: Vec<(&str, &str, usize)> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.target.as_str(), s.body.len()))
        .collect();
    let body_len = format!("pw={PASSWORD}").len();
    assert_eq!(
        summary,
        [
            ("POST", "/307", body_len),
            ("POST", "/303", body_len),
            ("GET", "/end", 0)
        ]
    );
    let mut c = send(&v);
    c.arg(server.url("/loop")).args(["-L", "--max-redirs", "2"]);
    let r = run(c);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("more than 2 redirects"), "{}", r.stderr);
    assert_eq!(server.requests().len(), 3 + 3);
}

// ---- output and masking ---------------------------------------------------------------------

#[test]
fn echoed_secrets_are_masked_on_stdout_in_every_form() {
    let server = Server::start(|_| Reply::Echo);
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    secret(&v, "pw", PASSWORD, &[]);
    let mut c = send(&v);
    c.arg(server.url("/echo"))
        .args(["-H", "Authorization: Bearer {{vault:tok}}"])
        .args(["-d", "{{vault:pw}}"]);
    let r = run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = String::from_utf8_lossy(&r.stdout);
    // The server did receive the values: the masking is in what locket prints.
    let s = &server.requests()[0];
    assert_eq!(s.body, PASSWORD.as_bytes());
    assert!(out.contains("authorization: Bearer ********"), "{out}");
    assert!(out.contains("body: ********"), "{out}");
    assert!(out.contains("body-percent: ********"), "{out}");
    assert!(out.contains("authorization-base64: "), "{out}");
    assert_no_leak(&r, &[TOKEN, PASSWORD]);
    assert!(
        !out.contains(&BASE64.encode(format!("Bearer {TOKEN}").as_bytes())),
        "{out}"
    );
}

#[test]
fn include_and_verbose_print_masked_headers_on_stderr() {
    let server = Server::start(|_| Reply::Echo);
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    secret(&v, "q", "query-value-5150", &[]);
    let mut c = send(&v);
    c.arg(server.url("/echo?q={{vault:q}}")).args([
        "-i",
        "-H",
        "Authorization: Bearer {{vault:tok}}",
    ]);
    let r = run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.starts_with("HTTP/1.1 200 OK\n"), "{}", r.stderr);
    assert!(
        r.stderr.contains("x-echo-auth: Bearer ********"),
        "{}",
        r.stderr
    );
    assert!(!contains(&r.stdout, b"HTTP/1.1"), "headers go to stderr");
    assert_no_leak(&r, &[TOKEN, "query-value-5150"]);

    let mut c = send(&v);
    c.arg(server.url("/echo?q={{vault:q}}")).args([
        "-v",
        "-H",
        "Authorization: Bearer {{vault:tok}}",
    ]);
    let r = run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "> GET /echo?q=********",
        &format!("> host: 127.0.0.1:{}", server.port),
        "> authorization: Bearer ********",
        "> user-agent: locket/",
        "< HTTP/1.1 200 OK",
        "< x-echo-auth: Bearer ********",
    ] {
        assert!(r.stderr.contains(line), "{line:?} in {}", r.stderr);
    }
    assert_no_leak(&r, &[TOKEN, "query-value-5150"]);
}

#[test]
fn output_file_gets_the_body_unmasked_and_private() {
    let server = Server::start(|_| Reply::Echo);
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    let file = v.path("response.txt");
    let mut c = send(&v);
    c.arg(server.url("/echo"))
        .args(["-H", "Authorization: Bearer {{vault:tok}}", "-o"])
        .arg(&file);
    let r = run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let body = std::fs::read_to_string(&file).unwrap();
    assert!(
        body.contains(&format!("authorization: Bearer {TOKEN}")),
        "{body}"
    );
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // As curl: an existing file is overwritten.
    let mut c = send(&v);
    c.arg(server.url("/again")).arg("-o").arg(&file);
    assert_eq!(run(c).code, 0);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("GET /again")
    );
    assert_no_leak(&r, &[TOKEN]);
}

#[test]
fn any_http_status_is_exit_0_unless_fail() {
    let server = Server::start(|_| Reply::Fixed(404, vec![], b"no such thing".to_vec()));
    let v = TestVault::new();
    let mut c = send(&v);
    c.arg(server.url("/missing"));
    let r = run(c);
    assert_eq!((r.code, r.stdout.as_slice()), (0, &b"no such thing"[..]));
    let mut c = send(&v);
    c.arg(server.url("/missing")).arg("--fail");
    let r = run(c);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("404 Not Found"), "{}", r.stderr);
}

// ---- failures -------------------------------------------------------------------------------

#[test]
fn a_server_that_never_answers_times_out() {
    let server = Server::start(|_| Reply::Hang);
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    let started = Instant::now();
    let mut c = send(&v);
    c.arg(server.url("/slow/{{vault:tok}}"))
        .args(["--timeout", "1"]);
    let r = run(c);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert!(r.stderr.contains("within 1 s"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&server.url("/slow/********")),
        "{}",
        r.stderr
    );
    assert_no_leak(&r, &[TOKEN]);
}

#[test]
fn connection_refused_names_the_masked_url() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    let mut c = send(&v);
    c.arg(format!("http://127.0.0.1:{port}/x?token={{{{vault:tok}}}}"));
    let r = run(c);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "cannot connect to http://127.0.0.1:{port}/x?token=********"
        )),
        "{}",
        r.stderr
    );
    assert_no_leak(&r, &[TOKEN]);
}

#[test]
fn bad_urls_are_exit_1_and_masked() {
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    for (url, why) in [
        ("ftp://127.0.0.1/{{vault:tok}}", "not supported"),
        ("127.0.0.1/{{vault:tok}}", "no scheme"),
        ("http://exa mple.com/{{vault:tok}}", "not a valid URL"),
    ] {
        let r = run({
            let mut c = send(&v);
            c.arg(url);
            c
        });
        assert_eq!(r.code, 1, "{url}: {}", r.stderr);
        assert!(r.stderr.contains(why), "{url}: {}", r.stderr);
        assert!(r.stderr.contains("********"), "{url}: {}", r.stderr);
        assert_no_leak(&r, &[TOKEN]);
    }
}

#[test]
fn a_locked_vault_is_exit_3_and_sends_nothing() {
    let server = Server::start(|_| ok(""));
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[]);
    let mut c = v.cmd_no_key();
    c.arg("send")
        .arg(server.url("/"))
        .args(["-H", "Authorization: Bearer {{vault:tok}}"]);
    c.assert()
        .code(3)
        .stderr(has("the vault is locked").and(has("LOCKET_VAULT_KEY")));
    assert!(server.requests().is_empty());
}

#[test]
fn no_output_of_any_outcome_shows_a_secret() {
    let echo = Server::start(|_| Reply::Echo);
    let target = Server::start(|_| Reply::Echo);
    let bounce = redirector(302, target.url("/x"));
    let v = TestVault::new();
    secret(&v, "tok", TOKEN, &[&echo.origin(), &bounce.origin()]);
    secret(&v, "pw", PASSWORD, &[]);
    let with = |c: &mut assert_cmd::Command| {
        c.args(["-H", "Authorization: Bearer {{vault:tok}}"]).args([
            "-H",
            "X-Pw: {{vault:pw}}",
            "-d",
            "{{vault:pw}}={{vault:tok}}",
        ]);
    };
    let mut runs = Vec::new();
    for (url, flags) in [
        (echo.url("/a?t={{vault:tok}}"), vec!["-v"]),
        (echo.url("/a"), vec!["-i"]),
        (bounce.url("/b"), vec!["-L", "-v"]),
        (target.url("/c"), vec!["-v"]),
    ] {
        let mut c = send(&v);
        c.arg(url).args(flags);
        with(&mut c);
        runs.push(run(c));
    }
    // Connection refused, with the unrestricted secret everywhere.
    let mut c = send(&v);
    c.arg("http://127.0.0.1:1/{{vault:pw}}").args([
        "-v",
        "-H",
        "X-Pw: {{vault:pw}}",
        "-d",
        "{{vault:pw}}",
    ]);
    runs.push(run(c));
    assert_eq!(
        runs.iter().map(|r| r.code).collect::<Vec<_>>(),
        [0, 0, 4, 4, 1]
    );
    for r in &runs {
        assert_no_leak(r, &[TOKEN, PASSWORD]);
    }
    assert!(target.requests().is_empty());
}

#[test]
fn help_says_any_status_is_exit_0() {
    bare_locket()
        .args(["send", "--help"])
        .assert()
        .success()
        .stdout(has("whatever its HTTP status").and(has("--max-redirs")));
}

// ---- proxies --------------------------------------------------------------------------------

/// A plain-http request through a proxy shows the proxy everything it carries: the proxy is a
/// hop the guard admits like any other (NO_PROXY and the opt-in variable are honoured).
#[test]
fn a_proxy_that_would_see_a_secret_in_cleartext_is_refused() {
    let proxy = Server::start(|_| ok("via proxy"));
    let target = "http://127.0.0.1:9/api";
    let v = TestVault::new();
    secret(&v, "key", API_KEY, &["http://127.0.0.1:9"]);
    let attempt = |extra: &[(&str, &str)], flags: &[&str]| {
        let mut c = send(&v);
        c.arg(target)
            .args(flags)
            .args(["-H", "X-Api-Key: {{vault:key}}"])
            .env("HTTP_PROXY", proxy.origin())
            .env_remove("http_proxy")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy");
        for (k, val) in extra {
            c.env(k, val);
        }
        run(c)
    };
    let refused = attempt(&[], &[]);
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&format!(
            "through the proxy {}, which would see it",
            proxy.origin()
        )) && refused
            .stderr
            .contains("--allow-cleartext-proxy or LOCKET_ALLOW_CLEARTEXT_PROXY=1"),
        "{}",
        refused.stderr
    );
    assert!(proxy.requests().is_empty(), "the proxy received nothing");

    let allowed = attempt(&[("LOCKET_ALLOW_CLEARTEXT_PROXY", "1")], &[]);
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
    let seen = proxy.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, target, "the proxy got the absolute URL");

    let flagged = attempt(&[], &["--allow-cleartext-proxy"]);
    assert_eq!(flagged.code, 0, "the flag opts in too: {}", flagged.stderr);
    assert_eq!(proxy.requests().len(), 2);
    assert_no_leak(&refused, &[API_KEY]);
}

// ---- every form of a secret in the URL --------------------------------------------------------

/// A secret whose characters the URL parser treats differently in a path and in a query
/// (kept, percent-encoded, non-ASCII). `MARK` is a run of it that every encoding but base64
/// keeps as written: finding it anywhere would be a (partial) leak.
const URL_SECRET: &str = "pw Zq9XvW\"<{}|^é@/k";
const MARK: &str = "Zq9XvW";

/// `send` with a secret in the URL's path and query: `-v` (request line, echoed body), and an
/// error naming the URL (nothing listening) show it masked in every form, never in part.
#[test]
fn a_secret_in_the_url_is_masked_in_every_form_send_shows() {
    let server = Server::start(|_| Reply::Echo);
    let v = TestVault::new();
    secret(&v, "pw", URL_SECRET, &[]);
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    for (url, succeeds) in [
        (server.url("/a/{{vault:pw}}?q={{vault:pw}}"), true),
        (
            format!("http://127.0.0.1:{closed}/a/{{{{vault:pw}}}}?q={{{{vault:pw}}}}"),
            false,
        ),
    ] {
        let mut c = send(&v);
        c.arg(&url).arg("-v");
        let r = run(c);
        assert_eq!(r.code == 0, succeeds, "{}", r.stderr);
        let shown = format!("{}{}", String::from_utf8_lossy(&r.stdout), r.stderr);
        assert!(shown.contains("********"), "{shown}");
        assert!(
            !shown.contains(MARK),
            "a part of the secret shows:\n{shown}"
        );
        assert_no_leak(&r, &[URL_SECRET]);
    }
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].target.contains(MARK), "the server got the secret");
}
