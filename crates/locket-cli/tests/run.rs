//! `locket run` end to end against a local echo server (std only: 127.0.0.1, a free port, a
//! thread per connection, keep-alive) that records every request: variables and their
//! precedence, data files, folders, bodies, auth, redirects, timeouts, bail, parallel runs,
//! reports, vault references with their destination rules, and that no secret leaks.
//! Collections are written by the tests themselves.

mod common;

#[allow(dead_code)]
#[path = "../../locket-providers/tests/support/fake_connect.rs"]
mod fake_connect;
#[allow(dead_code)]
#[path = "../../locket-providers/tests/support/fake_http.rs"]
mod fake_http;

use std::collections::HashSet;
use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use data_encoding::{BASE64, HEXLOWER};
use serde_json::{Value, json};

// ---- the echo server ----------------------------------------------------------------------

/// One request as the server received it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    connection: usize,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

enum Reply {
    /// Status, extra headers, body.
    Fixed(u16, Vec<(String, String)>, Vec<u8>),
    /// The request back as JSON (method, url, headers, body), as newman's echo servers do.
    Echo,
    /// Read the request, never answer.
    Hang,
}

type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for Server {
    /// Stops accepting: the flag, then one connection to wake the accept loop.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl Server {
    fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let record = Arc::clone(&seen);
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if stopped.load(Ordering::SeqCst) {
                    return;
                }
                let (record, handler) = (Arc::clone(&record), Arc::clone(&handler));
                let id = connections.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || serve(stream, id, &record, &*handler));
            }
        });
        Server { port, seen, stop }
    }

    fn echo() -> Server {
        Server::start(|_| Reply::Echo)
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

    fn only(&self) -> Seen {
        let all = self.requests();
        assert_eq!(all.len(), 1, "{all:#?}");
        all.into_iter().next().unwrap()
    }
}

/// Requests on one connection until the client closes it (keep-alive).
fn serve(stream: TcpStream, connection: usize, record: &Mutex<Vec<Seen>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
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
            connection,
        };
        let reply = handler(&seen);
        record.lock().unwrap().push(seen.clone());
        let (status, extra, body) = match reply {
            Reply::Fixed(status, extra, body) => (status, extra, body),
            Reply::Echo => {
                let json = json!({
                    "method": seen.method,
                    "url": seen.target,
                    "headers": seen.headers.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
                    "body": seen.body_text(),
                });
                (
                    200,
                    vec![("Content-Type".into(), "application/json".into())],
                    json.to_string().into_bytes(),
                )
            }
            Reply::Hang => {
                std::thread::sleep(Duration::from_secs(20));
                return;
            }
        };
        let mut head = format!(
            "HTTP/1.1 {status} Whatever\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (n, v) in extra {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        // One write: a head and a body in two small writes meet delayed ACKs (40 ms stalls).
        let mut reply = head.into_bytes();
        reply.extend_from_slice(&body);
        if out.write_all(&reply).is_err() {
            return;
        }
    }
}

// ---- helpers ------------------------------------------------------------------------------

const TOKEN: &str = "tok-3f9a1c77e2b54d08";
const API_KEY: &str = "key-77aa0e5b19c3";
const AWS_SECRET: &str = "aws-secret-wJalrXUtnFEMI-K7MDENG";

/// A temp dir with files, and `locket run` without a vault.
struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.tmp.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn run(&self, collection: &Value) -> assert_cmd::Command {
        let path = self.write("collection.json", collection.to_string());
        let mut c = bare_locket();
        c.current_dir(self.tmp.path())
            .arg("--vault-dir")
            .arg(self.path("no-vault"))
            .arg("run")
            .arg(path);
        c
    }
}

/// A v2.1 collection of the given items (and optional top-level fields).
fn collection(items: Value, extra: Value) -> Value {
    let mut c = json!({
        "info": {
            "_postman_id": "c0ffee",
            "name": "test collection",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "item": items,
    });
    if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            c.insert(k.clone(), v.clone());
        }
    }
    c
}

/// A URL on 127.0.0.1 where nothing listens (a port just bound and released): connecting fails.
fn dead_url() -> String {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    format!(
        "http://127.0.0.1:{}/dead",
        closed.local_addr().unwrap().port()
    )
}

fn get(name: &str, url: &str) -> Value {
    json!({ "name": name, "request": { "method": "GET", "url": url } })
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn exec(mut c: assert_cmd::Command) -> Out {
    let out = c.timeout(Duration::from_secs(60)).output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(c: assert_cmd::Command) -> Out {
    let out = exec(c);
    assert_eq!(
        out.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    out
}

fn secret(v: &TestVault, name: &str, value: &str, allow: &[&str]) {
    let mut c = v.cmd();
    c.args(["set", name]);
    for a in allow {
        c.args(["--allow", a]);
    }
    c.write_stdin(value).assert().success();
}

/// `locket run` with the vault and its key.
fn vault_run(v: &TestVault, dir: &Dir, collection: &Value) -> assert_cmd::Command {
    let path = dir.write("collection.json", collection.to_string());
    let mut c = v.cmd();
    c.current_dir(dir.tmp.path()).arg("run").arg(path);
    c
}

fn query(seen: &Seen) -> String {
    seen.target
        .split_once('?')
        .map(|(_, q)| q.to_string())
        .unwrap_or_default()
}

// ---- variables ----------------------------------------------------------------------------

#[test]
fn variables_follow_postman_precedence_disabled_duplicates_and_nesting() {
    let server = Server::echo();
    let dir = Dir::new();
    let env = dir.write(
        "env.json",
        json!({"name": "env", "values": [
            {"key": "host", "value": server.origin()},
            {"key": "env_only", "value": "from-env"},
            {"key": "shadowed", "value": "env"},
            {"key": "justDisabled", "value": "x", "disabled": true},
            {"key": "oneDisabled", "value": "1"},
            {"key": "oneDisabled", "value": "2", "enabled": false},
            {"key": "duplicate", "value": "1"},
            {"key": "duplicate", "value": "2"},
            {"key": "overridden", "value": "file"}
        ]})
        .to_string(),
    );
    let globals = dir.write(
        "globals.json",
        json!({"name": "g", "values": [
            {"key": "global_only", "value": "from-global"},
            {"key": "shadowed", "value": "global"},
            {"key": "gflag", "value": "file"}
        ]})
        .to_string(),
    );
    let c = collection(
        json!([get(
            "vars",
            "{{host}}/v?env={{env_only}}&glob={{global_only}}&coll={{coll_only}}&sh={{shadowed}}&cs={{coll_shadow}}&dis={{justDisabled}}&one={{oneDisabled}}&dup={{duplicate}}&nest={{nested}}&deep={{{{pointer}}}}&ov={{overridden}}&gv={{gflag}}&unknown={{nope}}"
        )]),
        json!({"variable": [
            {"key": "coll_only", "value": "from-collection"},
            {"key": "shadowed", "value": "collection"},
            {"key": "coll_shadow", "value": "collection"},
            {"key": "coll_shadow", "value": "collection-disabled", "disabled": true},
            {"key": "nested", "value": "<{{inner}}>"},
            {"key": "inner", "value": "{{env_only}}"},
            {"key": "pointer", "value": "coll_only"}
        ]}),
    );
    let mut cmd = dir.run(&c);
    cmd.arg("-e").arg(&env).arg("-g").arg(&globals);
    cmd.args(["--env-var", "overridden=flag", "--global-var", "gflag=flag"]);
    ok(cmd);
    let q = query(&server.only());
    for expected in [
        "env=from-env",
        "glob=from-global",
        "coll=from-collection",
        "sh=env",
        "cs=collection",
        "dis={{justDisabled}}",
        "one=1",
        "dup=2",
        "nest=%3Cfrom-env%3E",
        "deep=from-collection",
        "ov=flag",
        "gv=flag",
        "unknown={{nope}}",
    ] {
        assert!(q.split('&').any(|p| p == expected), "{expected} in {q}");
    }
}

#[test]
fn dynamic_variables_have_a_new_value_at_every_use() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([{
            "name": "dyn",
            "request": {
                "method": "POST",
                "url": server.url("/d"),
                "body": {"mode": "raw", "raw": "{{$guid}}|{{$guid}}|{{$timestamp}}|{{$isoTimestamp}}|{{$randomInt}}|{{$randomEmail}}|{{$randomUUID}}|{{$randomAlphaNumeric}}|{{$randomBoolean}}|{{$unknownDyn}}"}
            }
        }]),
        json!({}),
    );
    ok(dir.run(&c));
    let body = server.only().body_text();
    let parts: Vec<&str> = body.split('|').collect();
    assert_eq!(parts.len(), 10, "{body}");
    assert_eq!(parts[0].len(), 36);
    assert_ne!(parts[0], parts[1], "a new guid at every use");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let ts: u64 = parts[2].parse().unwrap();
    assert!(ts.abs_diff(now) < 120, "{ts} vs {now}");
    assert!(
        parts[3].ends_with('Z') && parts[3].contains('T'),
        "{}",
        parts[3]
    );
    assert!(parts[4].parse::<u32>().unwrap() <= 1000);
    assert!(parts[5].contains('@'));
    assert_eq!(parts[6].len(), 36);
    assert_eq!(parts[7].len(), 1);
    assert!(parts[8] == "true" || parts[8] == "false");
    assert_eq!(parts[9], "{{$unknownDyn}}");
}

#[test]
fn csv_and_json_data_files_give_one_iteration_per_row() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([get(
            "row",
            &format!("{}/row?a={{{{a}}}}&b={{{{b}}}}", server.origin())
        )]),
        json!({"variable": [{"key": "a", "value": "collection"}]}),
    );
    let csv = dir.write("data.csv", "\u{feff}a,b\n\"x, y\",1\nz, \"quoted\" \n");
    let mut cmd = dir.run(&c);
    cmd.arg("-d").arg(&csv);
    ok(cmd);
    let json_data = dir.write(
        "data.json",
        r#"[{"a": "j1", "b": 2}, {"a": "j2"}, {"a": "j3"}]"#,
    );
    let mut cmd = dir.run(&c);
    cmd.arg("-d").arg(&json_data);
    ok(cmd);
    let mut cmd = dir.run(&c);
    cmd.arg("-d").arg(&json_data).args(["-n", "1"]);
    ok(cmd);
    let targets: Vec<String> = server.requests().iter().map(|s| s.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/row?a=x,%20y&b=1",
            "/row?a=z&b=quoted",
            "/row?a=j1&b=2",
            "/row?a=j2&b={{b}}",
            "/row?a=j3&b={{b}}",
            "/row?a=j1&b=2",
        ]
    );
}

#[test]
fn iterations_and_folders_select_what_runs() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([
            get("top", &server.url("/top")),
            {"name": "A", "item": [get("a1", &server.url("/a1")), {"name": "Inner", "item": [get("a2", &server.url("/a2"))]}]},
            {"name": "B", "item": [get("b1", &server.url("/b1"))]}
        ]),
        json!({}),
    );
    let mut cmd = dir.run(&c);
    cmd.args(["-n", "2", "--folder", "Inner", "--folder", "B"]);
    ok(cmd);
    let targets: Vec<String> = server.requests().iter().map(|s| s.target.clone()).collect();
    assert_eq!(targets, ["/a2", "/b1", "/a2", "/b1"]);

    let mut cmd = dir.run(&c);
    cmd.args(["--folder", "Missing"]);
    let out = exec(cmd);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("\"Missing\""), "{}", out.stderr);
}

#[test]
fn a_v20_collection_with_string_urls_and_object_auth_runs() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = json!({
        "info": {"name": "v2.0", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
        "auth": {"type": "bearer", "bearer": {"token": "v20-token"}},
        "item": [
            {"name": "string request", "request": server.url("/plain")},
            {"name": "object", "request": {"url": server.url("/obj"), "method": "PUT",
              "header": "X-One: 1\nX-Two: 2", "body": {"mode": "raw", "raw": "hi"}}}
        ]
    });
    ok(dir.run(&c));
    let seen = server.requests();
    assert_eq!(seen[0].method, "GET");
    assert_eq!(seen[0].header("authorization"), Some("Bearer v20-token"));
    assert_eq!(seen[1].method, "PUT");
    assert_eq!(seen[1].header("x-two"), Some("2"));
    assert_eq!(seen[1].body_text(), "hi");
}

// ---- requests -----------------------------------------------------------------------------

#[test]
fn url_objects_headers_and_path_variables_are_sent_as_postman_builds_them() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([{
            "name": "url object",
            "request": {
                "method": "PATCH",
                "header": [
                    {"key": "X-On", "value": "{{v}}"},
                    {"key": "X-Off", "value": "no", "disabled": true},
                    {"key": "X-Dup", "value": "1"},
                    {"key": "X-Dup", "value": "2"}
                ],
                "url": {
                    "raw": "this is ignored when parts are given",
                    "protocol": "http",
                    "host": ["127", "0", "0", "1"],
                    "port": server.port.to_string(),
                    "path": ["users", ":id", "items"],
                    "query": [
                        {"key": "q", "value": "a b"},
                        {"key": "off", "value": "1", "disabled": true},
                        {"key": "flag", "value": null}
                    ],
                    "variable": [{"key": "id", "value": "{{v}}"}]
                }
            }
        }]),
        json!({"variable": [{"key": "v", "value": "42"}]}),
    );
    ok(dir.run(&c));
    let seen = server.only();
    assert_eq!(seen.method, "PATCH");
    assert_eq!(seen.target, "/users/42/items?q=a%20b&flag");
    assert_eq!(seen.header("x-on"), Some("42"));
    assert_eq!(seen.header("x-off"), None);
    let dups: Vec<&str> = seen
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("x-dup"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(dups, ["1", "2"]);
    assert!(seen.header("user-agent").unwrap().starts_with("locket/"));
    assert_eq!(seen.header("accept"), Some("*/*"));
}

#[test]
fn every_body_kind_is_sent_with_its_content_type() {
    let server = Server::echo();
    let dir = Dir::new();
    dir.write("upload.txt", "file contents\n");
    dir.write("raw.bin", [0u8, 1, 2, 255]);
    let post = |name: &str, body: Value| json!({"name": name, "request": {"method": "POST", "url": server.url(&format!("/{name}")), "body": body}});
    let c = collection(
        json!([
            post("raw", json!({"mode": "raw", "raw": "{\"a\": \"{{v}}\"}", "options": {"raw": {"language": "json"}}})),
            post("urlencoded", json!({"mode": "urlencoded", "urlencoded": [
                {"key": "a b", "value": "c&d=e"}, {"key": "off", "value": "x", "disabled": true}, {"key": "v", "value": "{{v}}"}]})),
            post("formdata", json!({"mode": "formdata", "formdata": [
                {"key": "text", "value": "{{v}}", "type": "text"},
                {"key": "doc", "type": "file", "src": "upload.txt"},
                {"key": "off", "value": "x", "disabled": true}]})),
            post("file", json!({"mode": "file", "file": {"src": "raw.bin"}})),
            post("graphql", json!({"mode": "graphql", "graphql": {"query": "query { user(id: {{v}}) { name } }", "variables": "{\"n\": {{v}}}"}})),
            {"name": "pruned", "request": {"method": "GET", "url": server.url("/pruned"), "body": {"mode": "raw", "raw": "dropped"}}},
            {"name": "kept", "protocolProfileBehavior": {"disableBodyPruning": true},
             "request": {"method": "GET", "url": server.url("/kept"), "body": {"mode": "raw", "raw": "kept"}}}
        ]),
        json!({"variable": [{"key": "v", "value": "7"}]}),
    );
    ok(dir.run(&c));
    let seen = server.requests();
    assert_eq!(seen.len(), 7);
    assert_eq!(seen[0].body_text(), "{\"a\": \"7\"}");
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(seen[1].body_text(), "a%20b=c%26d%3De&v=7");
    assert_eq!(
        seen[1].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let ct = seen[2].header("content-type").unwrap();
    let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
    let form = seen[2].body_text();
    assert!(form.starts_with(&format!("--{boundary}\r\n")), "{form}");
    assert!(
        form.contains("Content-Disposition: form-data; name=\"text\"\r\n\r\n7\r\n"),
        "{form}"
    );
    assert!(form.contains("name=\"doc\"; filename=\"upload.txt\"\r\nContent-Type: text/plain\r\n\r\nfile contents\n\r\n"), "{form}");
    assert!(!form.contains("name=\"off\""));
    assert!(form.ends_with(&format!("--{boundary}--\r\n")));
    assert_eq!(seen[3].body, [0u8, 1, 2, 255]);
    let gql: Value = serde_json::from_slice(&seen[4].body).unwrap();
    assert_eq!(
        gql,
        json!({"query": "query { user(id: 7) { name } }", "variables": {"n": 7}})
    );
    assert_eq!(seen[4].header("content-type"), Some("application/json"));
    assert!(
        seen[5].body.is_empty(),
        "GET bodies are pruned, as in Postman"
    );
    assert_eq!(seen[6].body_text(), "kept");
}

#[test]
fn http_errors_are_not_failures_but_transport_errors_are_and_bail_stops() {
    let server = Server::start(|s| {
        if s.target == "/500" {
            Reply::Fixed(500, vec![], b"boom".to_vec())
        } else {
            Reply::Echo
        }
    });
    let dead = dead_url();
    let dir = Dir::new();
    let ok_run = collection(json!([get("err", &server.url("/500"))]), json!({}));
    ok(dir.run(&ok_run));

    let c = collection(
        json!([get("dead", &dead), get("after", &server.url("/after"))]),
        json!({}),
    );
    let out = exec(dir.run(&c));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("cannot connect to"), "{}", out.stdout);
    assert!(
        server.requests().iter().any(|s| s.target == "/after"),
        "the run goes on"
    );

    let before = server.requests().len();
    let mut cmd = dir.run(&c);
    cmd.args(["--bail", "-n", "3"]);
    let out = exec(cmd);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("--bail"), "{}", out.stderr);
    assert_eq!(server.requests().len(), before, "nothing after the failure");
}

#[test]
fn a_request_that_takes_too_long_times_out() {
    let server = Server::start(|_| Reply::Hang);
    let dir = Dir::new();
    let c = collection(json!([get("slow", &server.url("/slow"))]), json!({}));
    let mut cmd = dir.run(&c);
    cmd.args(["--timeout-request", "300"]);
    let started = std::time::Instant::now();
    let out = exec(cmd);
    assert_eq!(out.code, 1);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(out.stdout.contains("within 300 ms"), "{}", out.stdout);
}

#[test]
fn redirects_are_followed_unless_ignored() {
    let server = Server::start(|s| match s.target.as_str() {
        "/from" => Reply::Fixed(302, vec![("Location".into(), "/to".into())], vec![]),
        _ => Reply::Echo,
    });
    let dir = Dir::new();
    let c = collection(json!([get("r", &server.url("/from"))]), json!({}));
    ok(dir.run(&c));
    let mut cmd = dir.run(&c);
    cmd.arg("--ignore-redirects");
    ok(cmd);
    let no_follow = collection(
        json!([{"name": "r", "protocolProfileBehavior": {"followRedirects": false},
                "request": {"method": "GET", "url": server.url("/from")}}]),
        json!({}),
    );
    ok(dir.run(&no_follow));
    let targets: Vec<String> = server.requests().iter().map(|s| s.target.clone()).collect();
    assert_eq!(targets, ["/from", "/to", "/from", "/from"]);
}

#[test]
fn parallel_iterations_all_run_over_reused_connections() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([
            get("one", &server.url("/1?i={{$randomInt}}")),
            get("two", &server.url("/2"))
        ]),
        json!({}),
    );
    let mut cmd = dir.run(&c);
    cmd.args(["-n", "20", "--parallel", "4"]);
    let out = ok(cmd);
    let seen = server.requests();
    assert_eq!(seen.len(), 40);
    let connections: HashSet<usize> = seen.iter().map(|s| s.connection).collect();
    assert!(
        connections.len() <= 8,
        "{} connections for 40 requests",
        connections.len()
    );
    assert_eq!(
        summary_cell(&out.stdout, "requests", 1),
        "40",
        "{}",
        out.stdout
    );
}

/// What the scripts logged, as the cli reporter shows it: the console boxes' lines without
/// their `│` prefix, joined, so a message the reporter cut at its width reads whole again.
fn console(stdout: &str) -> String {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  │ "))
        .collect()
}

/// A cell of the summary table: the `column`th value (1 = executed, 2 = failed) of a row.
fn summary_cell(stdout: &str, row: &str, column: usize) -> String {
    stdout
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .find(|l| l.split('┆').next().map(str::trim) == Some(row))
        .and_then(|l| l.split('┆').nth(column))
        .map(|cell| cell.trim().to_string())
        .unwrap_or_default()
}

// ---- auth ---------------------------------------------------------------------------------

fn auth(kind: &str, params: Value) -> Value {
    let list: Vec<Value> = params
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| json!({"key": k, "value": v}))
        .collect();
    json!({"type": kind, kind: list})
}

fn with_auth(name: &str, url: &str, a: Value) -> Value {
    json!({"name": name, "request": {"method": "GET", "url": url, "auth": a}})
}

#[test]
fn auth_types_and_their_inheritance() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([
            get("inherits collection basic", &server.url("/basic")),
            with_auth("bearer", &server.url("/bearer"), auth("bearer", json!({"token": "{{tok}}"}))),
            with_auth("apikey header", &server.url("/akh"), auth("apikey", json!({"key": "X-Api-Key", "value": "k1", "in": "header"}))),
            with_auth("apikey query", &server.url("/akq?x=1"), auth("apikey", json!({"key": "api_key", "value": "k 2", "in": "query"}))),
            with_auth("oauth2 header", &server.url("/o2h"), auth("oauth2", json!({"accessToken": "at1", "addTokenTo": "header", "headerPrefix": "Token"}))),
            with_auth("oauth2 query", &server.url("/o2q"), auth("oauth2", json!({"accessToken": "at2", "addTokenTo": "queryParams"}))),
            with_auth("noauth", &server.url("/none"), json!({"type": "noauth"})),
            {"name": "folder", "auth": auth("bearer", json!({"token": "folder-token"})), "item": [
                get("inherits folder", &server.url("/folder")),
                {"name": "inner", "auth": {"type": "inherit"}, "item": [get("inherits through", &server.url("/through"))]}
            ]}
        ]),
        json!({
            "auth": auth("basic", json!({"username": "user", "password": "{{pw}}"})),
            "variable": [{"key": "pw", "value": "p:w"}, {"key": "tok", "value": "t0k"}]
        }),
    );
    ok(dir.run(&c));
    let seen = server.requests();
    let by = |t: &str| {
        seen.iter()
            .find(|s| s.target.starts_with(t))
            .unwrap()
            .clone()
    };
    assert_eq!(
        by("/basic").header("authorization"),
        Some(format!("Basic {}", BASE64.encode(b"user:p:w")).as_str())
    );
    assert_eq!(by("/bearer").header("authorization"), Some("Bearer t0k"));
    assert_eq!(by("/akh").header("x-api-key"), Some("k1"));
    assert_eq!(by("/akh").header("authorization"), None);
    assert_eq!(by("/akq").target, "/akq?x=1&api_key=k+2");
    assert_eq!(by("/o2h").header("authorization"), Some("Token at1"));
    assert_eq!(by("/o2q").target, "/o2q?access_token=at2");
    assert_eq!(by("/none").header("authorization"), None);
    assert_eq!(
        by("/folder").header("authorization"),
        Some("Bearer folder-token")
    );
    assert_eq!(
        by("/through").header("authorization"),
        Some("Bearer folder-token")
    );
}

/// md5 hex, for the digest check (RFC 2617 with qop=auth), through `md5sum`.
fn md5_hex(text: &str) -> String {
    let mut child = std::process::Command::new("md5sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..32].to_string()
}

fn digest_params(header: &str) -> std::collections::HashMap<String, String> {
    header
        .trim_start_matches("Digest ")
        .split(", ")
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim_matches('"').to_string()))
        .collect()
}

#[test]
fn digest_auth_answers_the_servers_challenge() {
    const REALM: &str = "test@locket";
    const NONCE: &str = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
    let server = Server::start(|s| match s.header("authorization") {
        None => Reply::Fixed(
            401,
            vec![(
                "WWW-Authenticate".into(),
                format!(
                    "Digest realm=\"{REALM}\", qop=\"auth\", nonce=\"{NONCE}\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
                ),
            )],
            vec![],
        ),
        Some(h) => {
            let p = digest_params(h);
            let ha1 = md5_hex(&format!("{}:{REALM}:{}", p["username"], "s3cret pw"));
            let ha2 = md5_hex(&format!("{}:{}", s.method, p["uri"]));
            let expected = md5_hex(&format!(
                "{ha1}:{}:{}:{}:{}:{ha2}",
                p["nonce"], p["nc"], p["cnonce"], p["qop"]
            ));
            if p["response"] == expected && p["nonce"] == NONCE {
                Reply::Fixed(200, vec![], b"authenticated".to_vec())
            } else {
                Reply::Fixed(403, vec![], b"wrong digest".to_vec())
            }
        }
    });
    let dir = Dir::new();
    let c = collection(
        json!([with_auth(
            "digest",
            &server.url("/digest?a=1"),
            auth(
                "digest",
                json!({"username": "mufasa", "password": "s3cret pw"})
            )
        )]),
        json!({}),
    );
    let mut cmd = dir.run(&c);
    cmd.args(["-r", "json", "--reporter-json-export", "r.json"]);
    ok(cmd);
    let seen = server.requests();
    assert_eq!(seen.len(), 2, "the challenge, then the answer");
    assert_eq!(seen[1].target, "/digest?a=1");
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path("r.json")).unwrap()).unwrap();
    assert_eq!(report["run"]["executions"][0]["response"]["code"], 200);
}

/// HMAC-SHA256 through `openssl`, for an independent AWS Signature V4 check.
fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut child = std::process::Command::new("openssl")
        .args(["dgst", "-sha256", "-mac", "HMAC", "-macopt"])
        .arg(format!("hexkey:{}", HEXLOWER.encode(key)))
        .arg("-binary")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(data.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().stdout
}

fn sha256_hex(data: &[u8]) -> String {
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(data).unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()[..64].to_string()
}

#[test]
fn awsv4_signatures_verify_independently() {
    if std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_err()
    {
        eprintln!("skipped: openssl is not installed");
        return;
    }
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([{"name": "aws", "request": {"method": "POST", "url": server.url("/path/x?b=2&a=1"),
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": {"mode": "raw", "raw": "{\"k\":1}"},
            "auth": auth("awsv4", json!({"accessKey": "AKIDEXAMPLE", "secretKey": "{{sk}}", "region": "eu-west-3", "service": "execute-api"}))}}]),
        json!({"variable": [{"key": "sk", "value": AWS_SECRET}]}),
    );
    ok(dir.run(&c));
    let seen = server.only();
    let authz = seen.header("authorization").unwrap();
    let date = seen.header("x-amz-date").unwrap();
    let rest = authz
        .strip_prefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .unwrap();
    let scope = format!("{}/eu-west-3/execute-api/aws4_request", &date[..8]);
    assert!(rest.starts_with(&format!("{scope}, ")), "{authz}");
    let signed = rest
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    let signature = rest.split("Signature=").nth(1).unwrap();
    let mut canonical_headers = String::new();
    for name in signed.split(';') {
        let value = seen.header(name).unwrap();
        canonical_headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    let canonical = format!(
        "POST\n/path/x\na=1&b=2\n{canonical_headers}\n{signed}\n{}",
        sha256_hex(&seen.body)
    );
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{date}\n{scope}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    let mut key = hmac(format!("AWS4{AWS_SECRET}").as_bytes(), &date[..8]);
    for part in ["eu-west-3", "execute-api", "aws4_request"] {
        key = hmac(&key, part);
    }
    assert_eq!(HEXLOWER.encode(&hmac(&key, &to_sign)), signature);
    assert!(
        signed.contains("host") && signed.contains("x-amz-date") && signed.contains("content-type")
    );
}

#[test]
fn unsupported_auth_fails_that_request_clearly() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([
            with_auth(
                "ntlm",
                &server.url("/h"),
                auth("ntlm", json!({"username": "x"}))
            ),
            with_auth(
                "rsa",
                &server.url("/r"),
                auth(
                    "oauth1",
                    json!({"consumerKey": "k", "signatureMethod": "RSA-SHA256", "privateKey": "-"})
                )
            ),
            get("next", &server.url("/n"))
        ]),
        json!({}),
    );
    let out = exec(dir.run(&c));
    assert_eq!(out.code, 1);
    for refused in [
        "the auth type \"ntlm\" is not supported",
        "the OAuth 1.0 signature method \"RSA-SHA256\" is not supported",
    ] {
        assert!(out.stdout.contains(refused), "{}", out.stdout);
    }
    assert_eq!(server.only().target, "/n");
}

#[test]
fn a_self_multiplying_variable_fails_its_request_by_name_and_the_run_goes_on() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([
            get("hostile", &format!("{}?q={{{{bomb}}}}", server.url("/h"))),
            get("next", &server.url("/n"))
        ]),
        json!({"variable": [{"key": "bomb", "value": "{{bomb}}{{bomb}}{{bomb}}{{bomb}}"}]}),
    );
    let out = exec(dir.run(&c));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("substituting {{bomb}} grows the text past"),
        "{}",
        out.stdout
    );
    assert_eq!(server.only().target, "/n");
}

// ---- scripts, reporters --------------------------------------------------------------------

#[test]
fn scripts_set_variables_change_requests_and_report_assertions() {
    let server = Server::echo();
    let dir = Dir::new();
    let pre = json!([{"listen": "prerequest", "script": {"exec": [
        "pm.environment.set('step', pm.info.iteration + 1);",
        "pm.variables.set('local', 'L');",
        "pm.request.headers.add({key: 'X-Added', value: 'by-script'});",
        "console.log('about to send', pm.info.requestName);"
    ]}}, {"listen": "test", "script": {"exec": [
        "pm.test('status is 200', () => pm.response.to.have.status(200));",
        "pm.test('the request carried the step', () => pm.expect(pm.request.url.toString()).to.include('step='));",
        "tests['legacy works'] = responseCode.code === 200;",
        "pm.test.skip('not now', () => {});"
    ]}}]);
    let c = collection(
        json!([{"name": "scripted", "event": pre,
                "request": {"method": "GET", "url": server.url("/s?step={{step}}&l={{local}}")}}]),
        json!({"event": [{"listen": "test", "script": {"exec": ["pm.collectionVariables.set('seen', true)"]}}]}),
    );
    let mut cmd = dir.run(&c);
    cmd.args([
        "-n",
        "2",
        "-r",
        "cli,json,junit",
        "--reporter-json-export",
        "out/r.json",
        "--reporter-junit-export",
        "out/r.xml",
        "--export-environment",
        "out/env.json",
    ]);
    let out = ok(cmd);
    let seen = server.requests();
    assert_eq!(
        seen.iter().map(|s| s.target.clone()).collect::<Vec<_>>(),
        ["/s?step=1&l=L", "/s?step=2&l=L"],
        "pre-request variables reach the request"
    );
    assert!(
        seen.iter()
            .all(|s| s.header("x-added") == Some("by-script"))
    );
    assert!(out.stdout.contains("  ✓  status is 200"), "{}", out.stdout);
    assert!(
        out.stdout.contains("  -  [skipped] not now"),
        "{}",
        out.stdout
    );
    assert!(
        console(&out.stdout).contains("'about to send', 'scripted'"),
        "{}",
        out.stdout
    );
    assert_eq!(
        summary_cell(&out.stdout, "assertions", 1),
        "8",
        "{}",
        out.stdout
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path("out/r.json")).unwrap()).unwrap();
    assert_eq!(report["run"]["stats"]["assertions"]["total"], 8);
    assert_eq!(report["run"]["stats"]["assertions"]["failed"], 0);
    assert_eq!(report["run"]["stats"]["testScripts"]["total"], 4);
    let first = &report["run"]["executions"][0]["assertions"];
    assert_eq!(first[0]["assertion"], "status is 200");
    let skipped: Vec<&Value> = first
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["skipped"] == true)
        .collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["assertion"], "not now");
    let xml = std::fs::read_to_string(dir.path("out/r.xml")).unwrap();
    assert!(xml.contains("<testcase name=\"legacy works\""), "{xml}");
    let env: Value =
        serde_json::from_slice(&std::fs::read(dir.path("out/env.json")).unwrap()).unwrap();
    assert_eq!(env["values"][0]["key"], "step");
    assert_eq!(
        env["values"][0]["value"], 2,
        "numbers stay numbers, as in newman"
    );
}

#[test]
fn script_failures_are_clear_and_the_run_goes_on() {
    let server = Server::echo();
    let dir = Dir::new();
    let item = |name: &str, code: &str| {
        json!({"name": name, "event": [{"listen": "test", "script": {"exec": ["// first line", code]}}],
               "request": {"method": "GET", "url": server.url(&format!("/{name}"))}})
    };
    let c = collection(
        json!([
            item("syntax", "pm.test('x', () => {"),
            item("throws", "throw new TypeError('bad thing');"),
            item(
                "assertion",
                "pm.test('one is two', () => pm.expect(1).to.eql(2));"
            ),
            item("require", "require('left-pad');"),
            item("loop", "while (true) {}"),
            item(
                "memory",
                "const a = []; while (true) a.push('x'.repeat(1 << 20));"
            ),
            item("after", "pm.test('still runs', () => {});")
        ]),
        json!({}),
    );
    let mut cmd = dir.run(&c);
    cmd.args([
        "--timeout-script",
        "300",
        "-r",
        "cli,json",
        "--reporter-json-export",
        "r.json",
    ]);
    let started = std::time::Instant::now();
    let out = exec(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(server.requests().len(), 7, "every request was sent");
    let r: Value = serde_json::from_slice(&std::fs::read(dir.path("r.json")).unwrap()).unwrap();
    let failures: Vec<(String, String, String)> = r["run"]["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["source"]["name"].as_str().unwrap_or_default().to_string(),
                f["error"]["name"].as_str().unwrap_or_default().to_string(),
                f["error"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    let named = |item: &str| {
        failures
            .iter()
            .find(|(source, _, _)| source == item)
            .unwrap_or_else(|| panic!("no failure for {item}: {failures:?}"))
            .clone()
    };
    assert_eq!(named("syntax").1, "SyntaxError");
    assert_eq!(
        named("throws"),
        ("throws".into(), "TypeError".into(), "bad thing".into())
    );
    assert_eq!(named("assertion").1, "AssertionError");
    assert!(
        named("require").2.contains("Cannot find module 'left-pad'"),
        "{failures:?}"
    );
    assert!(
        named("loop").2.contains("300"),
        "the timeout is named: {failures:?}"
    );
    assert!(!named("memory").1.is_empty(), "{failures:?}");
    assert!(failures.iter().all(|(source, _, _)| source != "after"));
    // The failure table names the request and the line.
    assert!(
        out.stdout
            .contains("TypeError: bad thing (at \"throws\", line 2)"),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("script(s) threw"), "{}", out.stderr);
}

/// newman counts each `pm.sendRequest` as a request of the run, lists it under its request in
/// the cli reporter, and makes one that got no response a failure (exit 1) even when no test
/// looks at it.
#[test]
fn send_requests_are_requests_of_the_run_as_newman_counts_them() {
    let server = Server::echo();
    let dead = dead_url();
    let dir = Dir::new();
    let c = collection(
        json!([{
            "name": "main",
            "request": { "method": "GET", "url": server.url("/main") },
            "event": [
                { "listen": "prerequest", "script": { "exec": [
                    format!("pm.sendRequest('{}', () => {{}});", server.url("/before"))
                ]}},
                { "listen": "test", "script": { "exec": [
                    format!("pm.sendRequest('{dead}', () => {{}});"),
                    "pm.test('main answered', () => pm.response.to.have.status(200));"
                ]}}
            ]
        }]),
        json!({}),
    );
    let mut cmd = dir.run(&c);
    cmd.args(["-r", "cli,json", "--reporter-json-export", "r.json"]);
    let out = exec(cmd);
    assert_eq!(
        out.code, 1,
        "a refused pm.sendRequest fails the run: {}",
        out.stdout
    );
    let r: Value = serde_json::from_slice(&std::fs::read(dir.path("r.json")).unwrap()).unwrap();
    assert_eq!(r["run"]["stats"]["requests"]["total"], 3);
    assert_eq!(r["run"]["stats"]["requests"]["failed"], 1);
    let failures = r["run"]["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["at"], "request");
    // In the cli: the pre-request's request before the main one, the refused one after it,
    // numbered as failure 1 here and in the failure table.
    let before = out
        .stdout
        .find("/before [200")
        .expect("pre-request sendRequest line");
    let main = out.stdout.find("/main [200").expect("main request line");
    let refused = out
        .stdout
        .find("/dead [errored]")
        .expect("refused sendRequest line");
    assert!(before < main && main < refused, "{}", out.stdout);
    assert!(
        out.stdout.contains("main (pm.sendRequest"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("main answered"), "{}", out.stdout);
}

#[test]
fn json_and_junit_reports_have_newmans_shape() {
    let server = Server::echo();
    let dead = dead_url();
    let dir = Dir::new();
    let c = collection(
        json!([get("ok <&>", &server.url("/ok")), {"name": "F", "item": [get("dead", &dead)]}]),
        json!({}),
    );
    let mut cmd = dir.run(&c);
    cmd.args([
        "-n",
        "2",
        "-r",
        "json,junit",
        "--reporter-json-export",
        "r.json",
        "--reporter-junit-export",
        "r.xml",
    ]);
    let out = exec(cmd);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty(), "no cli reporter: {}", out.stdout);
    let r: Value = serde_json::from_slice(&std::fs::read(dir.path("r.json")).unwrap()).unwrap();
    assert_eq!(r["collection"]["info"]["name"], "test collection");
    let stats = &r["run"]["stats"];
    assert_eq!(stats["iterations"]["total"], 2);
    assert_eq!(stats["iterations"]["failed"], 2);
    assert_eq!(stats["requests"]["total"], 4);
    assert_eq!(stats["requests"]["failed"], 2);
    let ex = r["run"]["executions"].as_array().unwrap();
    assert_eq!(ex.len(), 4);
    assert_eq!(ex[0]["item"]["name"], "ok <&>");
    assert_eq!(ex[0]["cursor"]["iteration"], 0);
    assert_eq!(ex[0]["request"]["method"], "GET");
    assert_eq!(ex[0]["response"]["code"], 200);
    assert!(ex[0]["response"]["responseTime"].as_f64().unwrap() >= 0.0);
    assert!(
        ex[1]["requestError"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot connect")
    );
    let failures = r["run"]["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0]["source"]["name"], "dead");
    assert!(r["run"]["timings"]["responseAverage"].is_number());
    let xml = std::fs::read_to_string(dir.path("r.xml")).unwrap();
    assert!(xml.starts_with("<?xml"));
    // newman's shape: one suite per request (its iterations together), errors in system-err.
    assert!(
        xml.contains("<testsuites name=\"test collection\" tests=\"2\""),
        "{xml}"
    );
    assert!(
        xml.contains("<testsuite name=\"ok &lt;&amp;&gt;\""),
        "{xml}"
    );
    assert!(xml.contains("<testsuite name=\"F / dead\""), "{xml}");
    assert_eq!(
        xml.matches("RequestError: cannot connect").count(),
        2,
        "{xml}"
    );
}

#[test]
fn bad_input_is_a_usage_error() {
    let dir = Dir::new();
    let mut c = bare_locket();
    c.args(["run", "/nonexistent/collection.json"]);
    let out = exec(c);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot read the collection"),
        "{}",
        out.stderr
    );
    let not_collection = dir.write("x.json", r#"{"requests": [], "order": []}"#);
    let mut c = bare_locket();
    c.arg("run").arg(&not_collection);
    let out = exec(c);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("v1 collection"), "{}", out.stderr);
    let good = collection(json!([]), json!({}));
    for args in [
        vec!["--env-var", "novalue"],
        vec!["-n", "0"],
        vec!["--parallel", "0"],
        vec!["-r", "html"],
    ] {
        let mut c = dir.run(&good);
        c.args(&args);
        assert_eq!(exec(c).code, 2, "{args:?}");
    }
}

// ---- vault references ----------------------------------------------------------------------

#[test]
fn vault_references_resolve_everywhere_and_never_leak() {
    let v = TestVault::new();
    let server = Server::echo();
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &[&server.origin()]);
    secret(&v, "api-key", API_KEY, &[]);
    secret(&v, "aws-secret", AWS_SECRET, &[]);
    let env = dir.write(
        "env.json",
        json!({"name": "e", "values": [{"key": "envKey", "value": "{{vault:api-key}}"}]})
            .to_string(),
    );
    let c = collection(
        json!([
            {"name": "everywhere", "request": {
                "method": "POST",
                "url": format!("{}/v?k={{{{vault:api-key}}}}&e={{{{envKey}}}}", server.origin()),
                "header": [{"key": "X-Token", "value": "{{vault:token}}"}, {"key": "X-Coll", "value": "{{collKey}}"}],
                "body": {"mode": "raw", "raw": "token={{vault:token}}"},
                "auth": auth("bearer", json!({"token": "{{vault:token}}"}))
            }},
            with_auth("aws", &server.url("/aws"), auth("awsv4", json!({"accessKey": "AKID", "secretKey": "{{vault:aws-secret}}", "region": "us-east-1", "service": "s3"})))
        ]),
        json!({"variable": [{"key": "collKey", "value": "{{vault:token}}"}]}),
    );
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.arg("-e").arg(&env).args([
        "-r",
        "cli,json,junit",
        "--reporter-json-export",
        "r.json",
        "--reporter-junit-export",
        "r.xml",
    ]);
    let out = ok(cmd);
    let seen = server.requests();
    assert_eq!(query(&seen[0]), format!("k={API_KEY}&e={API_KEY}"));
    assert_eq!(seen[0].header("x-token"), Some(TOKEN));
    assert_eq!(seen[0].header("x-coll"), Some(TOKEN));
    assert_eq!(
        seen[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(seen[0].body_text(), format!("token={TOKEN}"));
    assert!(
        seen[1]
            .header("authorization")
            .unwrap()
            .starts_with("AWS4-HMAC-SHA256")
    );

    // The echo answers carry the secrets back; nothing locket printed or wrote shows them.
    let mut outputs = vec![out.stdout.clone(), out.stderr.clone()];
    outputs.push(std::fs::read_to_string(dir.path("r.json")).unwrap());
    outputs.push(std::fs::read_to_string(dir.path("r.xml")).unwrap());
    for file in files_under(dir.tmp.path()) {
        outputs.push(String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned());
    }
    for text in &outputs {
        for value in [TOKEN, API_KEY, AWS_SECRET, &BASE64.encode(TOKEN.as_bytes())] {
            assert!(!text.contains(value), "a secret leaked:\n{text}");
        }
    }
    let report = std::fs::read_to_string(dir.path("r.json")).unwrap();
    assert!(report.contains("********"), "{report}");
}

#[test]
fn a_secret_not_allowed_for_a_destination_stops_only_that_request() {
    let v = TestVault::new();
    let allowed = Server::echo();
    let other = Server::echo();
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &[&allowed.origin()]);
    let c = collection(
        json!([
            {"name": "to other", "request": {"method": "GET", "url": other.url("/x"),
                "header": [{"key": "Authorization", "value": "Bearer {{vault:token}}"}]}},
            {"name": "to allowed", "request": {"method": "GET", "url": allowed.url("/y"),
                "header": [{"key": "Authorization", "value": "Bearer {{vault:token}}"}]}},
            get("no secret to other", &other.url("/plain"))
        ]),
        json!({}),
    );
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.args(["-r", "cli,json", "--reporter-json-export", "r.json"]);
    let out = exec(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("refused: nothing was sent to http://127.0.0.1:"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("token is not allowed to be sent to"),
        "{}",
        out.stdout
    );
    let other_seen: Vec<String> = other.requests().iter().map(|s| s.target.clone()).collect();
    assert_eq!(
        other_seen,
        ["/plain"],
        "nothing with the secret reached the other server"
    );
    assert_eq!(
        allowed.only().header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let r: Value = serde_json::from_slice(&std::fs::read(dir.path("r.json")).unwrap()).unwrap();
    assert!(
        r["run"]["failures"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("refused")
    );
    assert!(!out.stdout.contains(TOKEN) && !out.stderr.contains(TOKEN));
}

/// Every path goes through the same guard: a redirect to a host the secret may not reach is
/// refused by `run` and by `send` with the same message, and the host receives nothing.
#[test]
fn a_redirect_to_a_destination_not_allowed_is_refused_as_send_refuses_it() {
    let v = TestVault::new();
    let other = Server::echo();
    let target = other.url("/stolen");
    let redirector = Server::start(move |_| {
        Reply::Fixed(307, vec![("Location".into(), target.clone())], vec![])
    });
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &[&redirector.origin()]);
    let c = collection(
        json!([{"name": "r", "request": {"method": "GET", "url": redirector.url("/go"),
            "header": [{"key": "X-Key", "value": "{{vault:token}}"}]}}]),
        json!({}),
    );
    let out = exec(vault_run(&v, &dir, &c));
    assert_eq!(
        out.code, 1,
        "in a run, a refused request is a failed request"
    );
    let refusal = |text: &str| {
        let at = text
            .find("refused to follow the redirect")
            .unwrap_or_else(|| panic!("no refusal in {text}"));
        text[at..]
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end_matches(['│', ' '])
            .to_string()
    };
    let from_run = refusal(&out.stdout);

    let mut send = v.cmd();
    send.args([
        "send",
        "-L",
        &redirector.url("/go"),
        "-H",
        "X-Key: {{vault:token}}",
    ]);
    let sent = send.output().unwrap();
    assert_eq!(
        sent.status.code(),
        Some(4),
        "in send, a refusal is exit 4 on every hop"
    );
    let from_send = refusal(&String::from_utf8_lossy(&sent.stderr));
    assert_eq!(from_run, from_send);
    assert!(
        from_run.contains("token is not allowed to be sent to"),
        "{from_run}"
    );
    assert!(other.requests().is_empty());
    assert!(!out.stdout.contains(TOKEN) && !from_send.contains(TOKEN));
}

#[test]
fn unresolved_references_are_exit_4_and_a_locked_vault_exit_3() {
    let v = TestVault::new();
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([{"name": "r", "request": {"method": "GET", "url": server.url("/x"),
            "header": [{"key": "X-Key", "value": "{{vault:missing}}"}, {"key": "X-Bad", "value": "{{vault:}}"}]}}]),
        json!({}),
    );
    let out = exec(vault_run(&v, &dir, &c));
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("2 references could not be resolved; nothing was sent"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("/r: header X-Key"), "{}", out.stderr);

    let path = dir.write("c.json", c.to_string());
    let mut locked = v.cmd_no_key();
    locked.arg("run").arg(path);
    let out = exec(locked);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(server.requests().is_empty());
}

#[test]
fn without_references_no_vault_is_needed() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(json!([get("plain", &server.url("/p"))]), json!({}));
    let out = ok(dir.run(&c));
    assert!(out.stdout.contains("test collection"), "{}", out.stdout);
    assert!(
        out.stdout.contains("→ plain\n  GET http://"),
        "{}",
        out.stdout
    );
}

#[test]
fn delay_request_waits_between_requests() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([get("a", &server.url("/a")), get("b", &server.url("/b"))]),
        json!({}),
    );
    let mut cmd = dir.run(&c);
    cmd.args(["--delay-request", "400", "-n", "2"]);
    let started = std::time::Instant::now();
    ok(cmd);
    // Three gaps between four requests; none before the first.
    assert!(
        started.elapsed() >= Duration::from_millis(1200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn https_to_a_server_that_does_not_speak_tls_is_a_tls_failure() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(
        json!([get("tls", &format!("https://127.0.0.1:{}/t", server.port))]),
        json!({}),
    );
    let out = exec(dir.run(&c));
    assert_eq!(out.code, 1);
    // The plain-http server reads the ClientHello and hangs up: a handshake failure, named.
    assert!(out.stdout.contains("https://127.0.0.1:"), "{}", out.stdout);
    assert!(
        out.stdout.to_lowercase().contains("tls handshake"),
        "{}",
        out.stdout
    );
}

/// `openssl s_server -www` with a fresh self-signed certificate on a free port, killed on drop.
struct TlsServer {
    child: std::process::Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl TlsServer {
    fn start() -> Option<TlsServer> {
        let dir = tempfile::tempdir().unwrap();
        let (key, cert) = (dir.path().join("key.pem"), dir.path().join("cert.pem"));
        let made = std::process::Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args(["-subj", "/CN=127.0.0.1", "-keyout"])
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .ok()?;
        if !made.status.success() {
            return None;
        }
        let port = {
            let probe = TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        };
        let child = std::process::Command::new("openssl")
            .args(["s_server", "-quiet", "-www", "-accept"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("-cert")
            .arg(&cert)
            .arg("-key")
            .arg(&key)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let server = TlsServer {
            child,
            port,
            _dir: dir,
        };
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(server);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn certificates_are_verified_unless_insecure_or_strict_ssl_is_off() {
    let Some(server) = TlsServer::start() else {
        eprintln!("skipped: openssl cannot start a TLS server here");
        return;
    };
    let dir = Dir::new();
    let url = format!("https://127.0.0.1:{}/", server.port);
    let c = collection(json!([get("tls", &url)]), json!({}));
    let out = exec(dir.run(&c));
    assert_eq!(out.code, 1, "a self-signed certificate is refused");
    assert!(
        out.stdout.contains("-k skips certificate checks"),
        "{}",
        out.stdout
    );

    let mut insecure = dir.run(&c);
    insecure.arg("-k");
    let out = ok(insecure);
    assert!(out.stdout.contains("[200 "), "{}", out.stdout);

    let relaxed = collection(
        json!([{"name": "tls", "protocolProfileBehavior": {"strictSSL": false},
                "request": {"method": "GET", "url": url}}]),
        json!({}),
    );
    let out = ok(dir.run(&relaxed));
    assert!(out.stdout.contains("[200 "), "{}", out.stdout);
}

#[test]
fn on_a_terminal_a_progress_bar_replaces_the_request_lines() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: script (util-linux) is not installed");
        return;
    }
    let server = Server::echo();
    let dir = Dir::new();
    let path = dir.write(
        "c.json",
        collection(json!([get("p", &server.url("/p"))]), json!({})).to_string(),
    );
    let locket = assert_cmd::cargo::cargo_bin("locket");
    let out = on_tty(
        &format!(
            "{} --vault-dir {} run {} -n 30",
            locket.display(),
            dir.path("no-vault").display(),
            path.display()
        ),
        "",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        !text.contains("→ [1] p"),
        "no request lines on a terminal: {text}"
    );
    let row = text
        .lines()
        .find(|l| l.contains("requests ┆"))
        .unwrap_or_default();
    assert!(row.split_whitespace().any(|w| w == "30"), "{text}");
    assert_eq!(server.requests().len(), 30);
}

#[test]
fn secret_typed_postman_variables_are_masked_too() {
    const ENV_SECRET: &str = "env-secret-5d1c0f7a";
    let server = Server::echo();
    let dir = Dir::new();
    let env = dir.write(
        "env.json",
        json!({"name": "e", "values": [{"key": "pw", "value": ENV_SECRET, "type": "secret"}]})
            .to_string(),
    );
    let c = collection(
        json!([{"name": "s", "request": {"method": "GET", "url": server.url("/s?pw={{pw}}"),
            "header": [{"key": "X-Pw", "value": "{{pw}}"}]}}]),
        json!({}),
    );
    let mut cmd = dir.run(&c);
    cmd.arg("-e")
        .arg(&env)
        .args(["-r", "cli,json", "--reporter-json-export", "r.json"]);
    let out = ok(cmd);
    assert_eq!(server.only().header("x-pw"), Some(ENV_SECRET), "sent as is");
    let report = std::fs::read_to_string(dir.path("r.json")).unwrap();
    for text in [&out.stdout, &out.stderr, &report] {
        assert!(!text.contains(ENV_SECRET), "{text}");
    }
    assert!(report.contains("pw=********"), "{report}");
}

#[test]
fn more_iterations_than_data_rows_repeat_the_last_row_as_newman_does() {
    let server = Server::echo();
    let dir = Dir::new();
    let c = collection(json!([get("r", &server.url("/r?a={{a}}"))]), json!({}));
    let data = dir.write("d.json", r#"[{"a": "one"}, {"a": "two"}]"#);
    let mut cmd = dir.run(&c);
    cmd.arg("-d").arg(&data).args(["-n", "4"]);
    ok(cmd);
    let targets: Vec<String> = server.requests().iter().map(|s| s.target.clone()).collect();
    assert_eq!(targets, ["/r?a=one", "/r?a=two", "/r?a=two", "/r?a=two"]);
}

// ---- pm.vault ---------------------------------------------------------------------------

const MINTED: &str = "minted-by-script-5d1e88c0";
const ROTATED: &str = "rotated-by-script-0b7f3a19";

/// A request with one test script.
fn tested(name: &str, url: &str, code: &str) -> Value {
    json!({"name": name, "request": {"method": "GET", "url": url},
           "event": [{"listen": "test", "script": {"exec": [code]}}]})
}

/// `locket --json list`, by name.
fn listed(v: &TestVault) -> std::collections::HashMap<String, Value> {
    let out = v.cmd().args(["--json", "list"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    all.into_iter()
        .map(|s| (s["name"].as_str().unwrap().to_string(), s))
        .collect()
}

/// Every failure message of a JSON report.
fn failure_messages(path: &std::path::Path) -> Vec<String> {
    let r: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    r["run"]["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn pm_vault_is_denied_without_permission_and_the_run_goes_on() {
    let v = TestVault::new();
    let server = Server::echo();
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &[]);
    let handled = "pm.vault.get('token').then(v => console.log('got', v), e => console.log('get:', e.message));\n\
                   pm.vault.set('token', 'changed').catch(e => console.log('set:', e.message));\n\
                   pm.vault.unset('token').catch(e => console.log('unset:', e.message));";
    let c = collection(
        json!([
            tested("handled", &server.url("/a"), handled),
            tested(
                "unhandled",
                &server.url("/b"),
                "pm.vault.get('token'); console.log('the script goes on');"
            ),
            get("after", &server.url("/c"))
        ]),
        json!({}),
    );
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.args([
        "-r",
        "cli,json,junit",
        "--reporter-json-export",
        "r.json",
        "--reporter-junit-export",
        "r.xml",
    ]);
    let out = exec(cmd);
    assert_eq!(
        out.code, 1,
        "the unhandled rejection is a script error\n{}",
        out.stdout
    );
    assert_eq!(server.requests().len(), 3, "the run went on");
    for op in ["get", "set", "unset"] {
        assert!(
            console(&out.stdout).contains(&format!("'{op}:', 'Vault access denied")),
            "{}",
            out.stdout
        );
    }
    assert!(
        console(&out.stdout).contains("'the script goes on'"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Scripts may use the vault"));
    let failures = failure_messages(&dir.path("r.json"));
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].starts_with("Vault access denied"),
        "{failures:?}"
    );
    assert!(failures[0].contains("--allow-script-vault"), "{failures:?}");
    let junit = std::fs::read_to_string(dir.path("r.xml")).unwrap();
    assert!(junit.contains("Vault access denied"), "{junit}");
    assert_eq!(v.get("token"), TOKEN, "nothing changed in the vault");
    assert!(!out.stdout.contains(TOKEN) && !out.stderr.contains(TOKEN));
}

#[test]
fn an_allowed_get_reads_only_secrets_allowed_for_the_request() {
    let v = TestVault::new();
    let server = Server::echo();
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &[&server.origin()]);
    secret(&v, "elsewhere", API_KEY, &["api.example.com"]);
    secret(&v, "off", "disabled-value-1234", &[]);
    secret(&v, "pin", "12", &[]);
    v.cmd().args(["disable", "off"]).assert().success();
    let read = "const t = await pm.vault.get('token');\n\
                console.log('pin', (await pm.vault.get('pin')).length);\n\
                pm.environment.set('t', t);\n\
                console.log('token is', t);\n\
                console.log('elsewhere', await pm.vault.get('elsewhere'));\n\
                console.log('off', await pm.vault.get('off'));\n\
                console.log('missing', await pm.vault.get('missing'));";
    let pre = "pm.variables.set('p', await pm.vault.get('token'));";
    let c = collection(
        json!([
            tested("read", &server.url("/read"), read),
            {"name": "use", "request": {"method": "GET", "url": server.url("/use"),
                "header": [{"key": "X-T", "value": "{{t}}"}, {"key": "X-P", "value": "{{p}}"}]},
             "event": [{"listen": "prerequest", "script": {"exec": [pre]}}]}
        ]),
        json!({}),
    );
    for permission in ["flag", "env"] {
        let mut cmd = vault_run(&v, &dir, &c);
        match permission {
            "flag" => cmd.arg("--allow-script-vault"),
            _ => cmd.env("LOCKET_ALLOW_SCRIPT_VAULT", "1"),
        };
        let out = ok(cmd);
        assert_eq!(
            out.stdout.matches("Scripts may use the vault").count(),
            1,
            "{}",
            out.stdout
        );
        let logged = console(&out.stdout);
        assert!(logged.contains("'token is', '********'"), "{}", out.stdout);
        for line in [
            "'elsewhere', undefined",
            "'off', undefined",
            "'missing', undefined",
        ] {
            assert!(logged.contains(line), "{line}\n{}", out.stdout);
        }
        assert!(
            out.stderr.contains(
                "pm.vault.get(elsewhere): elsewhere is not allowed to be sent to 127.0.0.1"
            ),
            "{}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("pm.vault.get(off)")
                && !out.stderr.contains("pm.vault.get(token)")
        );
        assert!(logged.contains("'pin', 2"), "{}", out.stdout);
        assert!(
            out.stderr
                .contains("pm.vault.get(pin): the value is shorter than 4 characters"),
            "{}",
            out.stderr
        );
        let used = server.requests().into_iter().last().unwrap();
        assert_eq!(
            used.header("x-t"),
            Some(TOKEN),
            "the value read was the secret's"
        );
        assert_eq!(
            used.header("x-p"),
            Some(TOKEN),
            "pre-request scripts read too"
        );
        for text in [&out.stdout, &out.stderr] {
            for value in [TOKEN, API_KEY, "disabled-value-1234"] {
                assert!(!text.contains(value), "{value} leaked:\n{text}");
            }
        }
    }
}

#[test]
fn set_stores_as_locket_set_does_and_unset_removes() {
    let v = TestVault::new();
    let server = Server::echo();
    let dir = Dir::new();
    secret(&v, "scoped", TOKEN, &[&server.origin()]);
    secret(&v, "off", "old-disabled-value", &[]);
    v.cmd().args(["disable", "off"]).assert().success();
    secret(&v, "doomed", API_KEY, &[]);
    let script = format!(
        "await pm.vault.set('minted', '{MINTED}');\n\
         await pm.vault.set('scoped', '{ROTATED}');\n\
         await pm.vault.set('off', 'enabled-again-value');\n\
         await pm.vault.unset('doomed');\n\
         await pm.vault.unset('never-was');\n\
         console.log('read back', (await pm.vault.get('minted')).length);"
    );
    // Later references see what the script wrote: the new value, or no value once unset.
    let c = collection(
        json!([
            tested("write", &server.url("/w"), &script),
            {"name": "rotated", "request": {"method": "GET", "url": server.url("/r"),
                "header": [{"key": "X-Scoped", "value": "{{vault:scoped}}"}]}},
            {"name": "removed", "request": {"method": "GET", "url": server.url("/d"),
                "header": [{"key": "X-Doomed", "value": "{{vault:doomed}}"}]}}
        ]),
        json!({}),
    );
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.args([
        "--allow-script-vault",
        "-r",
        "cli,json",
        "--reporter-json-export",
        "r.json",
    ]);
    let out = exec(cmd);
    assert_eq!(
        out.code, 1,
        "the request to the removed secret failed\n{}",
        out.stderr
    );
    let sent: Vec<String> = server.requests().iter().map(|s| s.target.clone()).collect();
    assert_eq!(sent, ["/w", "/r"]);
    assert_eq!(server.requests()[1].header("x-scoped"), Some(ROTATED));
    let failures = failure_messages(&dir.path("r.json"));
    assert_eq!(
        failures,
        [
            "{{vault:doomed}} could not be resolved: a script removed it (pm.vault.unset) earlier in this run"
        ]
    );
    assert!(
        console(&out.stdout).contains(&format!("'read back', {}", MINTED.len())),
        "{}",
        out.stdout
    );
    assert_eq!(v.get("minted"), MINTED);
    assert_eq!(v.get("scoped"), ROTATED);
    assert_eq!(v.get("off"), "enabled-again-value");
    let list = listed(&v);
    assert_eq!(
        list["minted"]["allowed_domains"],
        json!([]),
        "a new secret: no allowed domains"
    );
    assert_eq!(
        list["scoped"]["allowed_domains"],
        json!([server.origin()]),
        "kept, as locket set keeps them"
    );
    assert_eq!(
        list["off"]["enabled"],
        json!(true),
        "set enables, as in Postman"
    );
    assert!(!list.contains_key("doomed"), "unset removed it");
    v.cmd().args(["get", "doomed"]).assert().failure();
    for text in [&out.stdout, &out.stderr] {
        for value in [MINTED, ROTATED, "enabled-again-value"] {
            assert!(!text.contains(value), "{value} leaked:\n{text}");
        }
    }
}

#[test]
fn a_value_a_script_touched_cannot_leave_for_a_host_it_may_not_reach() {
    let v = TestVault::new();
    let allowed = Server::echo();
    let other = Server::echo();
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &[&allowed.origin()]);
    secret(&v, "scoped", API_KEY, &[&allowed.origin()]);
    // Read (then smuggled base64 and percent-encoded), and written (a new value of a scoped
    // secret): neither reaches the other server, by pm.sendRequest or by a collection request.
    let steal = format!(
        "const t = await pm.vault.get('token');\n\
         await pm.vault.set('scoped', '{ROTATED}');\n\
         try {{ await pm.sendRequest({{ url: '{}', header: {{ 'X-Stolen': btoa(t) }} }}); console.log('sent'); }}\n\
         catch (e) {{ console.log('refused:', e.message); }}\n\
         pm.environment.set('stolen', encodeURIComponent(t));\n\
         pm.environment.set('rotated', '{ROTATED}');",
        other.url("/send-request")
    );
    let c = collection(
        json!([
            tested("steal", &allowed.url("/read"), &steal),
            get("by url", &other.url("/u?x={{stolen}}")),
            {"name": "by body", "request": {"method": "POST", "url": other.url("/b"),
                "body": {"mode": "raw", "raw": "{\"v\": \"{{rotated}}\"}"}}},
            get("clean", &other.url("/clean"))
        ]),
        json!({}),
    );
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.args([
        "--allow-script-vault",
        "-r",
        "cli,json",
        "--reporter-json-export",
        "r.json",
    ]);
    let out = exec(cmd);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let reached: Vec<String> = other.requests().iter().map(|s| s.target.clone()).collect();
    assert_eq!(
        reached,
        ["/clean"],
        "nothing a script touched reached the other host"
    );
    let host = format!("127.0.0.1:{}", other.port);
    assert!(out.stdout.contains("refused: "), "{}", out.stdout);
    let failures = failure_messages(&dir.path("r.json"));
    // The refused pm.sendRequest is a failure of the run, as newman makes any that got no
    // response; then the two refused collection requests.
    assert_eq!(failures.len(), 3, "{failures:?}");
    for (failure, secret) in failures.iter().zip(["token", "token", "scoped"]) {
        assert!(
            failure.contains(&format!("{secret} is not allowed")) && failure.contains(&host),
            "{failures:?}"
        );
    }
    assert!(
        out.stdout.contains("token is not allowed to be sent to")
            && out.stdout.contains("refused: nothing was sent"),
        "pm.sendRequest's refusal names the secret and host:\n{}",
        out.stdout
    );
    for text in [
        &out.stdout,
        &out.stderr,
        &std::fs::read_to_string(dir.path("r.json")).unwrap(),
    ] {
        for value in [TOKEN, ROTATED, &BASE64.encode(TOKEN.as_bytes())] {
            assert!(!text.contains(value), "{value} leaked:\n{text}");
        }
    }
}

/// The cli reporter quotes and escapes a logged string, splits it on its newlines and cuts its
/// line every 54 characters, as newman does: a secret is masked before any of that, so no
/// piece of it shows whatever the layout.
#[test]
fn a_secret_logged_by_a_script_is_masked_before_the_console_lays_it_out() {
    const QUOTED: &str = r"it's-a-long\secret-with-quotes-and-a-backslash-0f3e9a7c2b1d58e6";
    let v = TestVault::new();
    let server = Server::echo();
    let dir = Dir::new();
    secret(&v, "quoted", QUOTED, &[&server.origin()]);
    let script = "const t = await pm.vault.get('quoted');\n\
        console.log(t);\n\
        console.log({ token: t, list: [t, t.length] });\n\
        console.log('a first line\\n' + t + '\\nand a last one');\n\
        console.log('padding to move the cut', t);";
    let c = collection(
        json!([tested("log", &server.url("/get"), script)]),
        json!({}),
    );
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.arg("--allow-script-vault");
    let out = exec(cmd);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let console = console(&out.stdout);
    assert!(
        console.contains("********"),
        "nothing masked:\n{}",
        out.stdout
    );
    assert!(console.contains("[ '********', 63 ]"), "{console}");
    let chars: Vec<char> = QUOTED.chars().collect();
    for piece in chars.windows(10) {
        let piece: String = piece.iter().collect();
        assert!(
            !console.contains(&piece),
            "{piece:?} of the secret shows:\n{}",
            out.stdout
        );
    }
}

#[test]
fn nothing_a_script_reads_sets_or_logs_leaks_into_any_output_or_export() {
    let v = TestVault::new();
    let server = Server::echo();
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &[&server.origin()]);
    let script = format!(
        "const t = await pm.vault.get('token');\n\
         await pm.vault.set('minted', '{MINTED}');\n\
         console.log('read', t, 'set', '{MINTED}', btoa(t), JSON.stringify({{ t }}));\n\
         console.warn(encodeURIComponent(t + ' ' + '{MINTED}'));\n\
         pm.environment.set('t', t);\n\
         pm.environment.set('header', 'Bearer ' + t);\n\
         pm.globals.set('m', '{MINTED}');\n\
         pm.test('has ' + t, () => pm.expect(t).to.equal('{MINTED}'));"
    );
    let c = collection(
        json!([
            tested("touch", &server.url("/touch"), &script),
            {"name": "echo", "request": {"method": "POST", "url": server.url("/echo"),
                "header": [{"key": "Authorization", "value": "{{header}}"}],
                "body": {"mode": "raw", "raw": "{{t}} {{m}}"}},
             "event": [{"listen": "test", "script": {"exec": ["console.log(pm.response.text()); pm.test(pm.response.text(), () => { throw new Error(pm.response.text()); });"]}}]}
        ]),
        json!({}),
    );
    let env = dir.write("env.json", json!({"name": "e", "values": []}).to_string());
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.arg("-e").arg(&env).args([
        "--allow-script-vault",
        "-r",
        "cli,json,junit",
        "--reporter-json-export",
        "out/r.json",
        "--reporter-junit-export",
        "out/r.xml",
        "--export-environment",
        "out/env.json",
        "--export-globals",
        "out/globals.json",
        "--verbose",
    ]);
    let out = exec(cmd);
    assert_eq!(out.code, 1, "the failing assertions\n{}", out.stderr);
    let echo = server.requests().into_iter().last().unwrap();
    assert_eq!(
        echo.body_text(),
        format!("{TOKEN} {MINTED}"),
        "the values did reach the allowed host"
    );

    let exported: Value =
        serde_json::from_slice(&std::fs::read(dir.path("out/env.json")).unwrap()).unwrap();
    let value = |key: &str| {
        exported["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["key"] == key)
            .map(|v| v["value"].clone())
    };
    assert_eq!(value("t"), Some(json!("{{vault:token}}")), "{exported}");
    assert_eq!(
        value("header"),
        Some(json!("Bearer {{vault:token}}")),
        "{exported}"
    );
    let globals: Value =
        serde_json::from_slice(&std::fs::read(dir.path("out/globals.json")).unwrap()).unwrap();
    assert_eq!(
        globals["values"][0]["value"],
        json!("{{vault:minted}}"),
        "{globals}"
    );

    // Everything locket wrote (the collection, the input, holds the script's literal).
    let mut outputs = vec![out.stdout.clone(), out.stderr.clone()];
    for file in files_under(&dir.path("out")) {
        outputs.push(String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned());
    }
    assert_eq!(outputs.len(), 6, "stdout, stderr and four files");
    let forms = [
        TOKEN.to_string(),
        MINTED.to_string(),
        BASE64.encode(TOKEN.as_bytes()),
        format!("{TOKEN}%20{MINTED}"),
    ];
    for text in &outputs {
        for value in &forms {
            assert!(!text.contains(value.as_str()), "{value} leaked:\n{text}");
        }
    }
}

#[test]
fn a_linked_secret_is_read_through_its_external_vault_and_never_written_by_scripts() {
    const CONNECT_TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.run-test-connect-token.sig";
    const LINKED: &str = "sk_live_linked_from_connect_8080";
    let connect = fake_connect::FakeConnect::start(CONNECT_TOKEN);
    let prod = connect.add_vault("Prod");
    connect.put_item(&prod, "Stripe", &[("secret-key", LINKED)]);
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "1password", "op", "--connect-host"])
        .arg(connect.url())
        .arg("--connect-token-stdin")
        .write_stdin(format!("{CONNECT_TOKEN}\n"))
        .assert()
        .success();
    let server = Server::echo();
    let dir = Dir::new();
    v.cmd()
        .args(["link", "stripe", "op://Prod/Stripe/secret-key", "--allow"])
        .arg(server.origin())
        .assert()
        .success();
    let script = "const s = await pm.vault.get('stripe');\n\
                  pm.environment.set('s', s);\n\
                  await pm.vault.set('stripe', 'overwritten').catch(e => console.log('set:', e.message));\n\
                  await pm.vault.unset('stripe').catch(e => console.log('unset:', e.message));";
    let c = collection(
        json!([
            tested("linked", &server.url("/l"), script),
            {"name": "use", "request": {"method": "GET", "url": server.url("/use"),
                "header": [{"key": "X-S", "value": "{{s}}"}]}}
        ]),
        json!({}),
    );
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.arg("--allow-script-vault");
    let out = ok(cmd);
    assert_eq!(
        server.requests().last().unwrap().header("x-s"),
        Some(LINKED),
        "fetched from the external vault"
    );
    assert!(
        console(&out.stdout).contains(
            "'set:', 'pm.vault.set(stripe): \"stripe\" is linked to op:op://Prod/Stripe/secret-key"
        ),
        "{}",
        out.stdout
    );
    assert!(
        console(&out.stdout).contains(
            "'unset:', 'pm.vault.unset(stripe): stripe is linked to op:op://Prod/Stripe/secret-key"
        ),
        "{}",
        out.stdout
    );
    assert!(listed(&v)["stripe"]["link"].is_object(), "still linked");
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains(LINKED), "leaked:\n{text}");
    }
}

// ---- cookies ------------------------------------------------------------------------------

#[test]
fn cookies_are_kept_across_the_run_read_from_and_written_to_a_jar_file() {
    let v = TestVault::new();
    // The server hands back as a cookie whatever the request's X-Give header carried: here a
    // vault secret, which the exported jar must not show.
    let server = Server::start(|seen| match seen.target.as_str() {
        "/login" => Reply::Fixed(
            200,
            vec![
                ("Set-Cookie".into(), "session=abc; Path=/".into()),
                ("Set-Cookie".into(), "scoped=1; Path=/admin".into()),
                (
                    "Set-Cookie".into(),
                    format!("given={}; Path=/; HttpOnly", seen.header("x-give").unwrap()),
                ),
            ],
            b"{}".to_vec(),
        ),
        "/logout" => Reply::Fixed(
            200,
            vec![(
                "Set-Cookie".into(),
                "scoped=; Path=/admin; Expires=Thu, 01 Jan 1970 00:00:00 GMT".into(),
            )],
            b"{}".to_vec(),
        ),
        _ => Reply::Echo,
    });
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &[&server.origin()]);
    let jar = dir.write(
        "jar.json",
        json!({"cookies": [{"key": "pre", "value": "loaded", "domain": "127.0.0.1",
                            "path": "/", "hostOnly": true}]})
        .to_string(),
    );
    let test = |lines: &[&str]| json!([{"listen": "test", "script": {"exec": lines}}]);
    let c = collection(
        json!([
            {"name": "login", "request": {"method": "POST", "url": server.url("/login"),
                "header": [{"key": "X-Give", "value": "{{vault:token}}"}]},
             "event": test(&["pm.test('cookies after login', () => {",
                "  pm.expect(pm.cookies.get('session')).to.equal('abc');",
                "  pm.expect(pm.cookies.has('scoped')).to.be.false;",
                "});"])},
            {"name": "me", "request": {"method": "GET", "url": server.url("/me"),
                "header": [{"key": "Cookie", "value": "mine=1"}]}},
            {"name": "admin", "request": {"method": "GET", "url": server.url("/admin/x")},
             "event": test(&["pm.test('path cookie', () => pm.expect(pm.cookies.get('scoped')).to.equal('1'));"])},
            {"name": "logout", "request": {"method": "GET", "url": server.url("/logout")}},
            {"name": "admin again", "request": {"method": "GET", "url": server.url("/admin/y")}}
        ]),
        json!({}),
    );
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.arg("--cookie-jar")
        .arg(&jar)
        .args(["--export-cookie-jar", "out/jar.json"]);
    let out = ok(cmd);
    assert!(
        out.stdout.contains("✓  cookies after login"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("✓  path cookie"), "{}", out.stdout);

    let cookie = |i: usize| server.requests()[i].header("cookie").map(str::to_string);
    assert_eq!(
        cookie(0).as_deref(),
        Some("pre=loaded"),
        "the jar file's cookie"
    );
    let given = format!("given={TOKEN}");
    assert_eq!(
        cookie(1),
        Some(format!("mine=1; pre=loaded; session=abc; {given}")),
        "the request's own cookie first, then the jar's; /admin's cookie stays on /admin"
    );
    assert_eq!(
        cookie(2),
        Some(format!("scoped=1; pre=loaded; session=abc; {given}"))
    );
    assert_eq!(
        cookie(4),
        Some(format!("pre=loaded; session=abc; {given}")),
        "a cookie the server expired is not sent again"
    );

    let path = dir.path("out/jar.json");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains(TOKEN),
        "the jar file shows a vault value:\n{text}"
    );
    let exported: Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = exported["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["given", "pre", "session"]);
    assert_eq!(exported["cookies"][0]["httpOnly"], true);
    assert_eq!(exported["cookies"][0]["hostOnly"], true);

    // A jar file locket cannot use is a usage error that names it, before any request.
    let bad = dir.write("bad.json", r#"{"cookies": [{"key": "k"}]}"#);
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.arg("--cookie-jar").arg(&bad);
    let out = exec(cmd);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("bad.json cannot be used as a cookie jar: cookie #0"),
        "{}",
        out.stderr
    );
    assert_eq!(server.requests().len(), 5);
}

#[test]
fn a_script_jar_cookie_is_sent_where_it_matches_and_cannot_carry_a_secret_elsewhere() {
    let v = TestVault::new();
    let server = Server::start(|seen| match seen.target.as_str() {
        "/login" => Reply::Fixed(
            200,
            vec![(
                "Set-Cookie".into(),
                format!("given={}; Path=/", seen.header("x-give").unwrap()),
            )],
            b"{}".to_vec(),
        ),
        _ => Reply::Echo,
    });
    // Another host, reached by name: the token may not go there.
    let other = Server::echo();
    let elsewhere = format!("http://localhost:{}", other.port);
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &[&server.origin()]);
    let script = format!(
        "const jar = pm.cookies.jar();\n\
         jar.set('{own}/', 'fromScript', 'jar-value', (err, stored) => {{\n\
           pm.test('set', () => pm.expect(err).to.equal(null));\n\
           jar.getAll('{own}/', (err2, all) => pm.test('getAll', () =>\n\
             pm.expect(all.map(c => c.name).sort()).to.eql(['fromScript', 'given'])));\n\
         }});\n\
         jar.set('{elsewhere}/', 'stolen', pm.cookies.get('given'));\n\
         pm.test('a bad url throws as newman throws', () =>\n\
           pm.expect(() => jar.get(42, 'x', () => {{}})).to.throw('CookieJar.get() requires a valid url'));",
        own = server.origin(),
    );
    let c = collection(
        json!([
            {"name": "login", "request": {"method": "POST", "url": server.url("/login"),
                "header": [{"key": "X-Give", "value": "{{vault:token}}"}]},
             "event": [{"listen": "test", "script": {"exec": script}}]},
            get("own host", &server.url("/me")),
            get("elsewhere", &format!("{elsewhere}/x"))
        ]),
        json!({}),
    );
    let out = exec(vault_run(&v, &dir, &c));
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    for name in ["set", "getAll", "a bad url throws as newman throws"] {
        assert!(out.stdout.contains(&format!("✓  {name}")), "{}", out.stdout);
    }
    assert_eq!(
        server.requests()[1].header("cookie"),
        Some(format!("given={TOKEN}; fromScript=jar-value").as_str())
    );
    assert!(
        other.requests().is_empty(),
        "the cookie a script set carried the token elsewhere"
    );
    assert!(
        out.stdout
            .contains("token is not allowed to be sent to http://localhost"),
        "{}",
        out.stdout
    );
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains(TOKEN), "leaked:\n{text}");
    }
}

/// A secret in a request's URL path and query, shown by the URL parser percent-encoded by its
/// own rules: masked in the cli output, the JSON and JUnit reports and error messages, never
/// in part. `MARK` is a run of the secret every encoding but base64 keeps as written.
#[test]
fn a_secret_in_the_url_is_masked_in_every_report() {
    const SECRET: &str = "pw Zq9XvW\"<{}|^é@/k";
    const MARK: &str = "Zq9XvW";
    let v = TestVault::new();
    let server = Server::echo();
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = Dir::new();
    secret(&v, "pw", SECRET, &[]);
    let c = collection(
        json!([
            get("sent", &server.url("/a/{{vault:pw}}?q={{vault:pw}}")),
            get(
                "failed",
                &format!("http://127.0.0.1:{closed}/a/{{{{vault:pw}}}}?q={{{{vault:pw}}}}")
            ),
        ]),
        json!({}),
    );
    let mut cmd = vault_run(&v, &dir, &c);
    cmd.args([
        "-r",
        "cli,json,junit",
        "--reporter-json-export",
        "r.json",
        "--reporter-junit-export",
        "r.xml",
        "--verbose",
    ]);
    let out = exec(cmd);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        server.only().target.contains(MARK),
        "the server got the secret"
    );
    for text in [
        out.stdout.clone(),
        out.stderr.clone(),
        std::fs::read_to_string(dir.path("r.json")).unwrap(),
        std::fs::read_to_string(dir.path("r.xml")).unwrap(),
    ] {
        assert!(!text.contains(MARK), "a part of the secret shows:\n{text}");
        assert!(!text.contains(&BASE64.encode(SECRET.as_bytes())), "{text}");
    }
    assert!(out.stdout.contains("********"), "{}", out.stdout);
}

/// A plain-http request through a proxy not allowed for its secret fails (the proxy gets
/// nothing) unless `--allow-cleartext-proxy` says otherwise, as in `send`.
#[test]
fn a_cleartext_proxy_is_refused_unless_the_flag_allows_it() {
    let v = TestVault::new();
    let proxy = Server::echo();
    let dir = Dir::new();
    secret(&v, "token", TOKEN, &["http://127.0.0.1:9"]);
    let c = collection(
        json!([{"name": "via proxy", "request": {"method": "GET", "url": "http://127.0.0.1:9/x",
            "header": [{"key": "X-Token", "value": "{{vault:token}}"}]}}]),
        json!({}),
    );
    let attempt = |flags: &[&str]| {
        let mut cmd = vault_run(&v, &dir, &c);
        cmd.args(flags)
            .env("HTTP_PROXY", proxy.origin())
            .env_remove("http_proxy")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env_remove("LOCKET_ALLOW_CLEARTEXT_PROXY");
        exec(cmd)
    };
    let refused = attempt(&[]);
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    assert!(
        refused
            .stdout
            .contains("--allow-cleartext-proxy or LOCKET_ALLOW_CLEARTEXT_PROXY=1"),
        "{}",
        refused.stdout
    );
    assert!(proxy.requests().is_empty(), "the proxy received nothing");
    let allowed = attempt(&["--allow-cleartext-proxy"]);
    assert_eq!(allowed.code, 0, "{}{}", allowed.stdout, allowed.stderr);
    assert_eq!(proxy.only().target, "http://127.0.0.1:9/x");
}

#[test]
fn an_empty_form_body_sends_no_body_and_no_form_content_type() {
    let server = Server::echo();
    let dir = Dir::new();
    let form = |mode: &str, list: Value| {
        json!({"name": mode, "request": {"method": "POST", "url": server.url("/f"),
               "body": {"mode": mode, mode: list}}})
    };
    let c = collection(
        json!([
            form("formdata", json!([])),
            form(
                "urlencoded",
                json!([{"key": "a", "value": "1", "disabled": true}])
            )
        ]),
        json!({}),
    );
    ok(dir.run(&c));
    for seen in server.requests() {
        assert_eq!(seen.body, b"", "{seen:?}");
        assert_eq!(seen.header("content-type"), None, "{seen:?}");
        assert_eq!(seen.header("content-length"), Some("0"), "{seen:?}");
    }
}

// ---- client certificates and extra CAs (--ssl-*) ------------------------------------------

/// A test CA, a server certificate for 127.0.0.1 and a client certificate, all PEM.
struct Pki {
    ca: String,
    server: (String, String),
    client: (String, String),
}

fn pki() -> Pki {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, SanType};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name
        .push(DnType::CommonName, "locket test CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let leaf = |name: &str, san: Option<SanType>| {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.subject_alt_names.extend(san);
        let cert = params.signed_by(&key, &issuer).unwrap();
        (cert.pem(), key.serialize_pem())
    };
    Pki {
        ca: ca_cert.pem(),
        server: leaf(
            "test server",
            Some(SanType::IpAddress("127.0.0.1".parse().unwrap())),
        ),
        client: leaf("test client", None),
    }
}

/// An HTTPS server on 127.0.0.1 that requires a client certificate from `ca`; it answers every
/// request with 200 and the number of certificates the client presented. Stops when dropped.
struct MutualTlsServer {
    port: u16,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl MutualTlsServer {
    fn start(pki: &Pki) -> MutualTlsServer {
        use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(CertificateDer::from_pem_slice(pki.ca.as_bytes()).unwrap())
            .unwrap();
        let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
            Arc::new(roots),
            provider.clone(),
        )
        .build()
        .unwrap();
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_client_cert_verifier(verifier)
            .with_single_cert(
                vec![CertificateDer::from_pem_slice(pki.server.0.as_bytes()).unwrap()],
                PrivateKeyDer::from_pem_slice(pki.server.1.as_bytes()).unwrap(),
            )
            .unwrap();
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let config = config.clone();
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                    let Ok(conn) = rustls::ServerConnection::new(config) else {
                        return;
                    };
                    let mut tls = rustls::StreamOwned::new(conn, stream);
                    if common::http::read_request(&mut BufReader::new(&mut tls)).is_none() {
                        return;
                    }
                    let presented = tls.conn.peer_certificates().map_or(0, <[_]>::len);
                    let body = format!("client certificates: {presented}");
                    let _ = write!(
                        tls,
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                });
            }
        });
        MutualTlsServer { port, stop }
    }
}

impl Drop for MutualTlsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

#[test]
fn client_certificates_and_extra_cas_are_used_as_newman_uses_them() {
    let pki = pki();
    let server = MutualTlsServer::start(&pki);
    let dir = Dir::new();
    let ca = dir.write("ca.pem", &pki.ca);
    let cert = dir.write("client.pem", &pki.client.0);
    let key = dir.write("client.key", &pki.client.1);
    let both = dir.write(
        "client-and-key.pem",
        format!("{}{}", pki.client.0, pki.client.1),
    );
    let c = collection(
        json!([{
            "name": "mtls",
            "request": { "method": "GET", "url": format!("https://127.0.0.1:{}/who", server.port) },
            "event": [{ "listen": "test", "script": { "exec": [
                "pm.test('the server saw a client certificate', () => pm.expect(pm.response.text()).to.equal('client certificates: 1'));"
            ]}}]
        }]),
        json!({}),
    );
    let with = |args: &[&std::path::Path], flags: &[&str]| {
        let mut cmd = dir.run(&c);
        for (flag, path) in flags.iter().zip(args) {
            cmd.arg(flag).arg(path);
        }
        exec(cmd)
    };
    // The test CA is not the system's: without --ssl-extra-ca-certs the server is not trusted.
    let untrusted = with(&[], &[]);
    assert_eq!(untrusted.code, 1, "{}", untrusted.stdout);
    assert!(
        untrusted.stdout.to_lowercase().contains("certificate"),
        "{}",
        untrusted.stdout
    );
    // Trusted, but no client certificate: the server ends the handshake.
    let anonymous = with(&[&ca], &["--ssl-extra-ca-certs"]);
    assert_eq!(anonymous.code, 1, "{}", anonymous.stdout);
    // Certificate and key apart, or in one file: the request goes through and the test passes.
    for out in [
        with(
            &[&ca, &cert, &key],
            &[
                "--ssl-extra-ca-certs",
                "--ssl-client-cert",
                "--ssl-client-key",
            ],
        ),
        with(
            &[&ca, &both],
            &["--ssl-extra-ca-certs", "--ssl-client-cert"],
        ),
    ] {
        assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains("the server saw a client certificate"),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn unusable_certificates_and_keys_are_usage_errors_that_never_quote_the_key() {
    let pki = pki();
    let dir = Dir::new();
    let c = collection(json!([get("never", "https://127.0.0.1:9/")]), json!({}));
    let cert = dir.write("client.pem", &pki.client.0);
    let body_line = |pem: &str| pem.lines().nth(1).unwrap().to_string();
    let encrypted = dir.write(
        "encrypted.key",
        format!(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n{}\n-----END ENCRYPTED PRIVATE KEY-----\n",
            body_line(&pki.client.1)
        ),
    );
    let not_pem = dir.write("garbage.pem", "hello");
    let cases: [(&[&str], &[&std::path::Path], &str); 5] = [
        (
            &["--ssl-client-cert", "--ssl-client-key"],
            &[&cert, &encrypted],
            "is encrypted",
        ),
        (&["--ssl-client-cert"], &[&cert], "no PEM private key"),
        (
            &["--ssl-client-cert", "--ssl-client-key"],
            &[&not_pem, &dir.write("k.pem", &pki.client.1)],
            "no PEM certificate",
        ),
        (
            &["--ssl-extra-ca-certs"],
            &[&not_pem],
            "--ssl-extra-ca-certs",
        ),
        (
            &["--ssl-client-cert"],
            &[&dir.path("missing.pem")],
            "cannot read the client certificate",
        ),
    ];
    for (flags, paths, expected) in cases {
        let mut cmd = dir.run(&c);
        for (flag, path) in flags.iter().zip(paths) {
            cmd.arg(flag).arg(path);
        }
        let out = exec(cmd);
        assert_eq!(out.code, 2, "{flags:?}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{flags:?}: {}", out.stderr);
        assert!(
            !out.stderr.contains(&body_line(&pki.client.1)),
            "{}",
            out.stderr
        );
    }
}
