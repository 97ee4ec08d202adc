//! `locket check --secrets` end to end: planted secrets of every kind in every format, found at
//! their file:line:column and never printed; clean files; the ignore file; and the `--fix`
//! round trip (only the secret spans change, the vault holds the values, a second fix changes
//! nothing, and the fixed collection sends the same requests to a local server as before).
//! Every fixture is written by the tests.

mod common;

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

use common::*;

const GH: &str = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12";
const GITLAB: &str = "glpat-Xy9zAbCdEfGh1234IjKl";
const SLACK: &str = "xoxb-1234567890-AbCdEfGhIjKlMn";
const STRIPE: &str = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
const GOOGLE: &str = "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW";
const AWS: &str = "AKIAIOSFODNN7TESTKEY";
const NPM: &str = "npm_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2NrZXQtdGVzdCJ9.c2lnbmF0dXJlLW9mLWEtdGVzdA";
const RANDOM: &str = "q8Zr2LmX7vTn4KpW9sYb3HcJ6dF0";
const PASSWORD: &str = "c0rrect-h0rse-battery";
const API_KEY: &str = "plainApiKey4242";
const TYPED: &str = "s3cr3t-typed-value";
const PEM_BODY: &str = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";

fn pem() -> String {
    format!("-----BEGIN PRIVATE KEY-----\n{PEM_BODY}\n-----END PRIVATE KEY-----")
}

/// Every planted value, whole and without its first 5 characters: none may be printed.
fn planted() -> Vec<String> {
    let mut all: Vec<String> = [
        GH,
        GITLAB,
        SLACK,
        STRIPE,
        GOOGLE,
        AWS,
        NPM,
        JWT,
        RANDOM,
        PASSWORD,
        API_KEY,
        TYPED,
        PEM_BODY,
        "s3rv1ce-pa55",
        "ord3rs-k3y-v4lue",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let tails: Vec<String> = all.iter().map(|s| s[5..].to_string()).collect();
    all.extend(tails);
    all
}

/// (file, the secret as written there, kind): written into `dir`.
fn write_fixtures(dir: &Path) -> Vec<(&'static str, String, &'static str)> {
    let escaped_gh = format!("\\u0067hp_{}", &GH[4..]);
    let collection = format!(
        r#"{{
  "info": {{"name": "Planted", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
  "item": [{{
    "name": "Orders",
    "event": [{{"listen": "prerequest", "script": {{"exec": ["pm.environment.set('slack', '{SLACK}');"]}}}}],
    "request": {{
      "method": "POST",
      "url": {{"raw": "https://api.shop.example/orders?api_key=ord3rs-k3y-v4lue", "query": [{{"key": "api_key", "value": "ord3rs-k3y-v4lue"}}]}},
      "header": [
        {{"key": "Authorization", "value": "Bearer {escaped_gh}"}},
        {{"key": "X-Api-Key", "value": "{API_KEY}"}},
        {{"key": "X-Custom", "value": "{RANDOM}"}},
        {{"key": "X-Request-Id", "value": "550e8400-e29b-41d4-a716-446655440000"}}
      ],
      "auth": {{"type": "basic", "basic": [{{"key": "username", "value": "shop"}}, {{"key": "password", "value": "{PASSWORD}"}}]}},
      "body": {{"mode": "raw", "raw": "{{\"card\": \"{STRIPE}\", \"sha\": \"da39a3ee5e6b4b0d3255bfef95601890afd80709\"}}"}}
    }}
  }}]
}}
"#
    );
    let environment = format!(
        r#"{{"name": "prod", "values": [
  {{"key": "signing_key", "value": "{}", "type": "secret"}},
  {{"key": "session", "value": "{JWT}", "type": "default"}},
  {{"key": "typed", "value": "{TYPED}", "type": "secret"}},
  {{"key": "base", "value": "https://api.shop.example", "type": "default"}}
]}}
"#,
        pem().replace('\n', "\\n")
    );
    let escaped_google = format!("\\x41{}", &GOOGLE[1..]);
    let request = format!(
        "$kind: http-request\nmethod: GET\nurl: https://api.maps.example/geo\nheaders:\n  Authorization: Bearer {GITLAB}\n  Accept: application/json\nauth:\n  type: apikey\n  credentials:\n    - key: key\n      value: X-Goog-Api-Key\n    - key: value\n      value: \"{escaped_google}\"\nbody:\n  type: text\n  content: |\n    token={NPM}\n"
    );
    let yaml_env = format!(
        "name: staging\nvalues:\n  - key: aws\n    value: {AWS}\n    type: default\n  - key: id\n    value: 123e4567-e89b-12d3-a456-426614174000\n"
    );
    let dotenv = "# local\nPORT=8080\nDB_PASSWORD=\"s3rv1ce-pa55\"\nTEST_TOKEN=n0t-a-real-one # locket:ignore\n";
    let v3 = dir.join("postman/collections/Maps");
    std::fs::create_dir_all(&v3).unwrap();
    std::fs::create_dir_all(dir.join("postman/environments")).unwrap();
    std::fs::write(dir.join("planted.postman_collection.json"), &collection).unwrap();
    std::fs::write(dir.join("prod.postman_environment.json"), &environment).unwrap();
    std::fs::write(v3.join("Geocode.request.yaml"), &request).unwrap();
    std::fs::write(
        dir.join("postman/environments/staging.environment.yaml"),
        &yaml_env,
    )
    .unwrap();
    std::fs::write(dir.join(".env"), dotenv).unwrap();
    vec![
        (".env", "s3rv1ce-pa55".into(), "secret-parameter"),
        (
            "planted.postman_collection.json",
            SLACK.into(),
            "slack-token",
        ),
        (
            "planted.postman_collection.json",
            "ord3rs-k3y-v4lue".into(),
            "secret-parameter",
        ),
        (
            "planted.postman_collection.json",
            "ord3rs-k3y-v4lue\"}".into(),
            "secret-parameter",
        ),
        (
            "planted.postman_collection.json",
            escaped_gh,
            "github-token",
        ),
        (
            "planted.postman_collection.json",
            API_KEY.into(),
            "auth-header",
        ),
        (
            "planted.postman_collection.json",
            RANDOM.into(),
            "high-entropy",
        ),
        (
            "planted.postman_collection.json",
            PASSWORD.into(),
            "auth-field",
        ),
        (
            "planted.postman_collection.json",
            STRIPE.into(),
            "stripe-key",
        ),
        (
            "postman/collections/Maps/Geocode.request.yaml",
            GITLAB.into(),
            "gitlab-token",
        ),
        (
            "postman/collections/Maps/Geocode.request.yaml",
            escaped_google,
            "google-api-key",
        ),
        (
            "postman/collections/Maps/Geocode.request.yaml",
            NPM.into(),
            "npm-token",
        ),
        (
            "postman/environments/staging.environment.yaml",
            AWS.into(),
            "aws-access-key-id",
        ),
        (
            "prod.postman_environment.json",
            "-----BEGIN".into(),
            "private-key",
        ),
        ("prod.postman_environment.json", JWT.into(), "jwt"),
        (
            "prod.postman_environment.json",
            TYPED.into(),
            "secret-variable",
        ),
    ]
}

/// `locket check FLAGS .` in `dir` (the flags start with `--secrets`).
fn check_secrets(v: &TestVault, dir: &Path, flags: &[&str]) -> std::process::Output {
    v.cmd()
        .current_dir(dir)
        .arg("check")
        .args(flags)
        .arg(".")
        .output()
        .unwrap()
}

/// `file:line:column` of the n-th occurrence of `written` in the file.
fn location(dir: &Path, file: &str, written: &str, nth: usize) -> String {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let offset = text.match_indices(written).nth(nth).unwrap().0;
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{file}:{line}:{column}")
}

fn assert_no_value(out: &std::process::Output) {
    for v in planted() {
        assert!(!contains(&out.stdout, v.as_bytes()), "stdout has {v}");
        assert!(!contains(&out.stderr, v.as_bytes()), "stderr has {v}");
    }
}

#[test]
fn every_planted_secret_is_found_where_it_is_and_never_printed() {
    let v = TestVault::new();
    let dir = v.tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    let planted = write_fixtures(&dir);
    let out = check_secrets(&v, &dir, &["--secrets"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_no_value(&out);
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let mut expected = Vec::new();
    for (file, written, kind) in &planted {
        // The query value is found twice in the collection: in the URL and in the list.
        let nth = usize::from(written.ends_with("\"}"));
        let written = written.trim_end_matches("\"}");
        expected.push(format!("{}  {kind}  ", location(&dir, file, written, nth)));
    }
    for e in &expected {
        assert!(
            lines.iter().any(|l| l.starts_with(e.as_str())),
            "missing {e} in\n{stdout}"
        );
    }
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    assert!(stdout.contains("not moved: in a script"), "{stdout}");
}

#[test]
fn clean_files_pass_and_the_ignore_file_silences_a_finding() {
    let v = TestVault::new();
    let dir = v.tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("ok.postman_collection.json"),
        r#"{"info": {"name": "ok"}, "item": [{"name": "a", "request": {"url": "{{baseUrl}}/v1/users/da39a3ee5e6b4b0d3255bfef95601890afd80709?page=2", "header": [{"key": "Authorization", "value": "Bearer {{vault:token}}"}, {"key": "X-Id", "value": "550e8400-e29b-41d4-a716-446655440000"}]}}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("package.json"),
        r#"{"name": "x", "version": "1.0.0"}"#,
    )
    .unwrap();
    let clean = check_secrets(&v, &dir, &["--secrets"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert!(clean.stdout.is_empty());

    std::fs::write(dir.join(".env"), format!("API_TOKEN={TYPED}\n")).unwrap();
    let found = check_secrets(&v, &dir, &["--secrets", "--json"]);
    assert_eq!(found.status.code(), Some(4));
    assert_no_value(&found);
    let rows: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    let id = rows[0]["id"].as_str().unwrap();
    std::fs::write(dir.join(".locketignore"), format!("# a fixture\n{id}\n")).unwrap();
    let ignored = check_secrets(&v, &dir, &["--secrets"]);
    assert_eq!(ignored.status.code(), Some(0), "{}", stderr(&ignored));
}

// ---- the --fix round trip ---------------------------------------------------------------------

/// Records each request (method, target, headers sorted, body) and answers 200.
struct Recorder {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.seen.lock().unwrap().push("stop".into());
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl Recorder {
    fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if record.lock().unwrap().last().is_some_and(|l| l == "stop") {
                    return;
                }
                let record = Arc::clone(&record);
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut out = stream;
                    while let Some(r) = http::read_request(&mut reader) {
                        let mut headers: Vec<String> = r
                            .headers
                            .iter()
                            .map(|(n, v)| format!("{}: {v}", n.to_ascii_lowercase()))
                            .collect();
                        headers.sort();
                        let body = String::from_utf8_lossy(&r.body);
                        record.lock().unwrap().push(format!(
                            "{} {}\n{}\n\n{body}",
                            r.method,
                            r.target,
                            headers.join("\n")
                        ));
                        let _ = out.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                    }
                });
            }
        });
        Recorder { port, seen }
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

fn runnable_collection(port: u16) -> String {
    format!(
        r#"{{
  "info": {{"name": "Shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
  "item": [
    {{
      "name": "List orders",
      "request": {{
        "method": "GET",
        "url": {{"raw": "http://127.0.0.1:{port}/orders?api_key=ord3rs-k3y-v4lue&page=2", "protocol": "http", "host": ["127","0","0","1"], "port": "{port}", "path": ["orders"],
                 "query": [{{"key": "api_key", "value": "ord3rs-k3y-v4lue"}}, {{"key": "page", "value": "2"}}]}},
        "header": [
          {{"key": "Authorization", "value": "Bearer \u0067hp_{gh_tail}"}},
          {{"key": "X-Custom", "value": "{RANDOM}"}}
        ]
      }}
    }},
    {{
      "name": "Pay",
      "request": {{
        "method": "POST",
        "url": "http://127.0.0.1:{port}/pay",
        "auth": {{"type": "basic", "basic": [{{"key": "username", "value": "shop"}}, {{"key": "password", "value": "{PASSWORD}"}}]}},
        "header": [{{"key": "Content-Type", "value": "application/json"}}],
        "body": {{"mode": "raw", "raw": "{{\"card\": \"{STRIPE}\"}}"}}
      }}
    }}
  ]
}}
"#,
        gh_tail = &GH[4..]
    )
}

fn run_collection(v: &TestVault, file: &Path) -> std::process::Output {
    let out = v.cmd().arg("run").arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
    out
}

#[test]
fn fix_moves_the_values_changes_only_their_spans_and_runs_the_same() {
    let v = TestVault::new();
    let server = Recorder::start();
    let dir = v.tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("shop.postman_collection.json");
    let original = runnable_collection(server.port);
    assert!(
        original.contains(r"\u0067hp_"),
        "the fixture escapes a secret"
    );
    std::fs::write(&file, &original).unwrap();
    let dotenv = dir.join(".env");
    let env_text =
        format!("# keep me\nPORT=8080\nDB_PASSWORD='{PASSWORD}'\nSTRIPE_KEY=\"{STRIPE}\" # live\n");
    std::fs::write(&dotenv, &env_text).unwrap();
    std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o640)).unwrap();

    run_collection(&v, &file);
    let before = server.take();
    assert_eq!(before.len(), 2, "{before:#?}");

    let fixed = check_secrets(&v, &dir, &["--secrets", "--fix", "--yes"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    assert_no_value(&fixed);

    // Only the secret spans changed: cut them out of both and the rest is equal, byte for byte.
    let after = std::fs::read_to_string(&file).unwrap();
    let writings = [
        format!(r"\u0067hp_{}", &GH[4..]),
        "ord3rs-k3y-v4lue".to_string(),
        RANDOM.to_string(),
        PASSWORD.to_string(),
        STRIPE.to_string(),
    ];
    assert_eq!(cut(&original, &writings), cut_references(&after), "{after}");
    let env_after = std::fs::read_to_string(&dotenv).unwrap();
    assert_eq!(
        cut(&env_text, &writings),
        cut_references(&env_after),
        "{env_after}"
    );
    assert!(env_after.starts_with("# keep me\nPORT=8080\nDB_PASSWORD='{{vault:"));
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&file).unwrap().permissions())
            & 0o777,
        0o640
    );

    // The vault holds each value under the name the file now references; one value, one name.
    let mut names: Vec<String> = references(&after);
    names.extend(references(&env_after));
    names.sort();
    names.dedup();
    let mut values: Vec<String> = names.iter().map(|n| v.get(n)).collect();
    values.sort();
    let mut expected = vec![
        GH.to_string(),
        "ord3rs-k3y-v4lue".into(),
        RANDOM.into(),
        PASSWORD.into(),
        STRIPE.into(),
    ];
    expected.sort();
    assert_eq!(values, expected, "{names:?}");

    // A second fix finds nothing and changes nothing.
    let again = check_secrets(&v, &dir, &["--secrets", "--fix", "--yes"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
    assert_eq!(std::fs::read_to_string(&dotenv).unwrap(), env_after);

    // The fixed collection sends the same requests, the secrets now from the vault (and masked
    // in what run prints, which the literal values were not).
    assert_no_value(&run_collection(&v, &file));
    assert_eq!(server.take(), before);
    drop(server);
}

fn cut(text: &str, writings: &[String]) -> String {
    let mut out = text.to_string();
    for w in writings {
        out = out.replace(w.as_str(), "\u{0}");
    }
    out
}

fn cut_references(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{vault:") {
        out.push_str(&rest[..start]);
        out.push('\u{0}');
        let end = rest[start..].find("}}").unwrap() + start + 2;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn references(text: &str) -> Vec<String> {
    text.match_indices("{{vault:")
        .map(|(i, _)| {
            let rest = &text[i + 8..];
            rest[..rest.find("}}").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn fix_with_a_locked_vault_changes_no_file() {
    let v = TestVault::new();
    let dir = v.tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    let text = format!("API_TOKEN={TYPED}\n");
    std::fs::write(dir.join(".env"), &text).unwrap();
    let out = v
        .cmd_no_key()
        .env("LOCKET_NO_PROMPT", "1")
        .current_dir(&dir)
        .args(["check", "--secrets", "--fix", "--yes", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_no_value(&out);
    assert_eq!(std::fs::read_to_string(dir.join(".env")).unwrap(), text);
    let names = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(names, 1, "no temporary file is left behind");
}

#[test]
fn fix_rewrites_yaml_and_environments_in_place_whatever_their_quoting() {
    let v = TestVault::new();
    let dir = v.tmp.path().join("repo");
    let v3 = dir.join("postman/collections/Maps");
    std::fs::create_dir_all(&v3).unwrap();
    let escaped_google = format!("\\x41{}", &GOOGLE[1..]);
    let request = format!(
        "$kind: http-request\n# a comment that stays\nmethod: GET\nurl: https://api.maps.example/geo\nheaders:\n  Authorization: Bearer {GITLAB}   # pasted\nauth:\n  type: apikey\n  credentials:\n    - key: value\n      value: \"{escaped_google}\"\nbody:\n  type: text\n  content: |\n    first line\n    token={NPM}\n"
    );
    let yaml_env = format!(
        "name: staging\nvalues:\n  - key: signing\n    type: secret\n    value: |\n      {}\n      {PEM_BODY}\n      -----END PRIVATE KEY-----\n  - key: region\n    value: eu-west-1\n",
        "-----BEGIN PRIVATE KEY-----"
    );
    let json_env = format!(
        "{{\n  \"name\": \"prod\",\n  \"values\": [{{\"key\": \"signing_key\", \"value\": \"{}\", \"type\": \"secret\"}}]\n}}\n",
        pem().replace('\n', "\\n")
    );
    std::fs::write(v3.join("Geocode.request.yaml"), &request).unwrap();
    std::fs::write(dir.join("staging.environment.yaml"), &yaml_env).unwrap();
    std::fs::write(dir.join("prod.postman_environment.json"), &json_env).unwrap();

    let out = check_secrets(&v, &dir, &["--secrets", "--fix", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_value(&out);

    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    assert_eq!(
        read(&v3.join("Geocode.request.yaml")),
        "$kind: http-request\n# a comment that stays\nmethod: GET\nurl: https://api.maps.example/geo\nheaders:\n  Authorization: \"Bearer {{vault:maps.geocode.authorization}}\"   # pasted\nauth:\n  type: apikey\n  credentials:\n    - key: value\n      value: \"{{vault:maps.geocode.apikey-value}}\"\nbody:\n  type: text\n  content: |\n    first line\n    token={{vault:maps.geocode.body}}\n"
    );
    assert_eq!(
        read(&dir.join("staging.environment.yaml")),
        "name: staging\nvalues:\n  - key: signing\n    type: secret\n    value: |\n      {{vault:prod.signing-key}}\n  - key: region\n    value: eu-west-1\n"
    );
    assert_eq!(
        read(&dir.join("prod.postman_environment.json")),
        "{\n  \"name\": \"prod\",\n  \"values\": [{\"key\": \"signing_key\", \"value\": \"{{vault:prod.signing-key}}\", \"type\": \"secret\"}]\n}\n",
        "the same key in two files is one vault secret"
    );
    assert_eq!(v.get("maps.geocode.authorization"), GITLAB);
    assert_eq!(v.get("maps.geocode.apikey-value"), GOOGLE);
    assert_eq!(v.get("maps.geocode.body"), NPM);
    assert_eq!(v.get("prod.signing-key"), pem());
}

#[test]
fn byte_order_marks_are_kept_and_utf16_is_scanned_but_not_rewritten() {
    let v = TestVault::new();
    let dir = v.tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    let env = format!(
        r#"{{"name": "bom", "values": [{{"key": "t", "value": "{TYPED}", "type": "secret"}}]}}"#
    );
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(env.as_bytes());
    std::fs::write(dir.join("bom.postman_environment.json"), &bom).unwrap();
    let globals = format!(r#"{{"name": "g", "values": [{{"key": "k", "value": "{AWS}"}}]}}"#);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(globals.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.join("g.postman_globals.json"), &utf16).unwrap();

    let out = check_secrets(&v, &dir, &["--secrets", "--fix", "--yes"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_no_value(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Columns count the mark's 3 bytes; a UTF-16 file's, the decoded text's bytes.
    let bom_at = format!(
        "bom.postman_environment.json:1:{}  secret-variable",
        env.find(TYPED).unwrap() + 4
    );
    let utf16_at = format!(
        "g.postman_globals.json:1:{}  aws-access-key-id  AKIA…  g › variable k  id:",
        globals.find(AWS).unwrap() + 1
    );
    assert!(stdout.contains(&bom_at), "{stdout}");
    assert!(stdout.contains(&utf16_at), "{stdout}");
    assert!(stdout.contains("not moved: the file is UTF-16"), "{stdout}");
    let fixed = std::fs::read(dir.join("bom.postman_environment.json")).unwrap();
    assert_eq!(
        fixed,
        [
            &b"\xEF\xBB\xBF"[..],
            env.replace(TYPED, "{{vault:bom.t}}").as_bytes()
        ]
        .concat()
    );
    assert_eq!(
        std::fs::read(dir.join("g.postman_globals.json")).unwrap(),
        utf16
    );
    assert_eq!(v.get("bom.t"), TYPED);
}

#[test]
fn on_a_terminal_fix_asks_first_and_a_no_changes_nothing() {
    let v = TestVault::new();
    let dir = v.tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    let text = format!("API_TOKEN={TYPED}\n");
    std::fs::write(dir.join(".env"), &text).unwrap();
    let key_file = v.tmp.path().join("key");
    std::fs::write(&key_file, &v.key).unwrap();
    let locket = assert_cmd::cargo::cargo_bin("locket");
    let fix = |answer: &str| {
        on_tty(
            &format!(
                "cd {} && LOCKET_VAULT_KEY_FILE={} {} --vault-dir {} check --secrets --fix .",
                dir.display(),
                key_file.display(),
                locket.display(),
                v.dir.display()
            ),
            &format!("{answer}\n"),
        )
    };
    let out = fix("no");
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        screen.contains("Move 1 secret(s) into the vault at"),
        "{screen}"
    );
    assert!(
        screen.contains("not confirmed; nothing was changed"),
        "{screen}"
    );
    assert!(!screen.contains(TYPED), "{screen}");
    assert_eq!(std::fs::read_to_string(dir.join(".env")).unwrap(), text);

    let out = fix("yes");
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        screen.contains("moved to {{vault:env.api-token}}"),
        "{screen}"
    );
    assert!(!screen.contains(TYPED), "{screen}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".env")).unwrap(),
        "API_TOKEN={{vault:env.api-token}}\n"
    );
    assert_eq!(v.get("env.api-token"), TYPED);
}

#[test]
fn names_are_deduplicated_and_hosts_become_allowed_domains() {
    let v = TestVault::new();
    v.set("api.get.authorization", "another value already stored");
    let dir = v.tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("api.postman_collection.json"),
        format!(
            r#"{{"info": {{"name": "api"}}, "item": [
  {{"name": "get", "request": {{"url": "https://api.one.example:8443/x", "header": [{{"key": "Authorization", "value": "Bearer {GH}"}}]}}}},
  {{"name": "put", "request": {{"url": "http://localhost:8080/x", "header": [{{"key": "Authorization", "value": "Bearer {GH}"}}]}}}},
  {{"name": "other", "request": {{"url": "{{{{base}}}}/x", "header": [{{"key": "X-Api-Key", "value": "{API_KEY}"}}]}}}}
]}}"#
        ),
    )
    .unwrap();
    let out = check_secrets(&v, &dir, &["--secrets", "--fix", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = v.cmd().args(["--json", "list"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let domains = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {list}"))["allowed_domains"]
            .clone()
    };
    // The name was taken by another value: -2. One value, one secret, both hosts allowed.
    assert_eq!(v.get("api.get.authorization-2"), GH);
    assert_eq!(
        domains("api.get.authorization-2"),
        serde_json::json!(["api.one.example", "http://localhost:8080"])
    );
    assert_eq!(
        v.get("api.get.authorization"),
        "another value already stored"
    );
    // A request whose host is a variable: allowed anywhere.
    assert_eq!(domains("api.other.x-api-key"), serde_json::json!([]));
}
