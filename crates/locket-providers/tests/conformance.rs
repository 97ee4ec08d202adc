//! The conformance suite: the same checks, run against every provider, each against its real
//! server where one can be installed (OpenBao dev for `hcv`, moto for `aws`) and against local
//! misbehaving servers for what a healthy store never does on demand.
//!
//! | check | expects |
//! |---|---|
//! | `found` | the value, and the version the store reports; the whole secret as a JSON object |
//! | `missing` | `NotFound`, naming the secret |
//! | `json_key` | `#KEY` picks a key of a JSON object, then a `#/json/pointer`; a missing key is `NotFound` naming it and the sorted keys; `#KEY` on a value that is no JSON object is `NotFound` |
//! | `older_version` | an older version read with the provider's version syntax; an unknown version is `NotFound` |
//! | `auth_failure` | `Auth` (saying `locket integration reauth`) or `PermissionDenied` (saying what to grant), for fetch and whoami |
//! | `server_down` | `Unavailable`, naming the address, well before the timeout |
//! | `slow_server` | a server that accepts and never answers: `Unavailable` within the timeout (2 s here) |
//! | `server_errors` | 500/502/503/504 in the store's error shape: retried, more than once and at most the documented attempts, then `Unavailable` |
//! | `throttled` | 429 in the store's shape: the same |
//! | `throttled_then_ok` | a 429 then a success: the value |
//! | `gateway_errors` | a bare 429 or 502 (a proxy or load balancer in front of the store): retried, bounded, `Unavailable` |
//! | `slow_read` | the setup calls answer, the read never does in time: `Unavailable` within the timeout |
//! | `echoed_credentials` | a store whose error message repeats the credentials it received: not shown |
//! | `debug_hides_credentials` | the provider's `Debug` shows no credential |
//!
//! And in every error of every check, neither `Display` nor `Debug` contains a seeded secret
//! value or a credential ([`Leaks`]).
//!
//! # Adding a provider
//!
//! 1. Write `tests/conformance/NAME.rs` with a fixture implementing [`Fixture`]: how to start
//!    (or join) its server on 127.0.0.1 at a free port, seed it (`write` a JSON object as a new
//!    version), spell references, build a provider with good credentials, with refused ones, and
//!    pointed at any `http://127.0.0.1:PORT` with a given timeout; and how the store answers
//!    a read, and fails, in its own HTTP shape (for the scripted fake). Stores with no
//!    installable server (Azure Key Vault, GCP Secret Manager, 1Password Connect) start a
//!    local fake of their published API built on `support::fake_http` (DESIGN.md §4). `at`
//!    and the fakes speak plain http: an HTTPS-only SDK (Azure, CRATES.md trap 5) needs
//!    `FakeHttp` and `Silent` behind TLS with an rcgen certificate its client trusts. Put
//!    server helpers the provider's own test file also needs in `tests/support/`.
//! 2. Declare it below with `#[cfg(feature = "…")] #[path = "conformance/NAME.rs"] mod …;`
//!    and add one line to the `conformance!` invocation at the bottom: every check becomes a
//!    `#[test]` named `NAME::CHECK` (`cargo test -p locket-providers --test conformance NAME::`).
//! 3. A check that fails shows a real gap: fix the provider, not the check. If a store
//!    genuinely lacks a feature (no versions, say), add an associated const to [`Fixture`]
//!    (`const VERSIONED: bool = true;`), set it in that fixture with the reason, and let the
//!    check skip that part for it, saying so on stderr; do not loosen a check for everyone.
//!
//! Timing bounds are generous (the machine is shared and noisy) but bounded, and every
//! server is stopped when the check ends (its handle's `Drop`).
#![cfg(any(
    feature = "hcv",
    feature = "aws",
    feature = "azure",
    feature = "onepassword",
    feature = "gcp"
))]

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use locket_providers::{Fetched, Provider, ProviderError};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

mod support;
use support::fake_http::{FakeHttp, Request, Response};
use support::silent::Silent;
use support::{assert_clean, free_port};

#[cfg(feature = "aws")]
#[path = "conformance/aws.rs"]
mod aws_fixture;
#[cfg(feature = "azure")]
#[path = "conformance/azure.rs"]
mod azure_fixture;
#[cfg(feature = "gcp")]
#[path = "conformance/gcp.rs"]
mod gcp_fixture;
#[cfg(feature = "hcv")]
#[path = "conformance/hcv.rs"]
mod hcv_fixture;
#[cfg(feature = "onepassword")]
#[path = "conformance/onepassword.rs"]
mod onepassword_fixture;

/// The timeout given to providers in the slow-server check.
const SHORT_TIMEOUT: Duration = Duration::from_secs(2);
/// The timeout everywhere else: long enough that retries, not the timeout, end a call.
const LONG_TIMEOUT: Duration = Duration::from_secs(10);
/// What a loaded 2-core machine may add to any bound.
const SLACK: Duration = Duration::from_secs(3);

/// One provider under test.
pub trait Fixture: Sized + 'static {
    type Provider: Provider + std::fmt::Debug;

    // --- against the store's real server (or its stand-in) ------------------------------

    /// Starts the store's server on 127.0.0.1, or joins the one other checks running now
    /// use; it stops when the last handle is dropped.
    fn start() -> Self;
    /// Writes `data` (a JSON object) as a new version of secret `name` (unique per check) and
    /// returns that version as the provider's [`Fetched::version`] will report it.
    fn write(&self, name: &str, data: &Value) -> String;
    /// The provider reference to `name`, at `version` (as [`Fixture::write`] returned it), and
    /// to `key` inside it.
    fn reference(&self, name: &str, version: Option<&str>, key: Option<&str>) -> String;
    /// A provider with good credentials, [`LONG_TIMEOUT`].
    fn provider(&self) -> Self::Provider;
    /// A provider whose credentials the store refuses, for a store where secret `name` holds
    /// `data` (the fixture may start a server of its own, kept alive in `server`).
    fn bad_credentials(&self, name: &str, data: &Value) -> BadCredentials<Self::Provider>;

    // --- without a real server ----------------------------------------------------------

    /// Every credential the fixture's providers use: none may ever be shown.
    fn credentials() -> Vec<String>;
    /// A provider pointed at `url` (`http://127.0.0.1:PORT`) with `timeout`.
    fn at(url: &str, timeout: Duration) -> Self::Provider;
    /// The documented bound on attempts per request, the first included.
    const MAX_ATTEMPTS: u32;
    /// A version that does not exist, in the provider's syntax.
    const MISSING_VERSION: &'static str;
    /// Whether the store keeps older versions a reference can name (`older_version`).
    const VERSIONED: bool = true;
    /// Whether a reference without a key reads the whole secret as a JSON object (`found`).
    const WHOLE_SECRET: bool = true;
    /// Whether `#KEY` picks from a JSON value (`json_key`'s pointers and key lists).
    const JSON_KEYS: bool = true;
    /// Writes `text` (not JSON) as a new version of secret `name`, for a store that can hold
    /// any text; `None` for one that holds only objects.
    fn write_text(&self, _name: &str, _text: &str) -> Option<String> {
        None
    }
    /// The reference the scripted fake is read with.
    const FAKE_REFERENCE: &'static str;
    /// Setup requests the fake answers without counting them (token or mount lookups).
    fn fake_prelude(_request: &Request) -> Option<Response> {
        None
    }
    /// The store's successful answer to [`Fixture::FAKE_REFERENCE`], holding `value`.
    fn fake_value(value: &str) -> Response;
    /// The store's own error answer with HTTP `status` (429 or 5xx), in its error shape.
    fn fake_error(status: u16) -> Response;
    /// The store refusing a read (a 4xx in its error shape) with `message` as its message.
    fn fake_refusal(message: &str) -> Response;
}

/// A provider with refused credentials, the credentials (never to be shown), and whatever
/// must stay alive while it is used.
pub struct BadCredentials<P> {
    pub provider: P,
    pub credentials: Vec<String>,
    pub server: Option<Box<dyn std::any::Any>>,
}

/// Secret values and credentials the current check has used; every error is checked against
/// them all.
struct Leaks(Mutex<Vec<String>>);

impl Leaks {
    fn new<F: Fixture>() -> Leaks {
        Leaks(Mutex::new(F::credentials()))
    }

    /// A fresh secret value (recorded): unique, recognisable, never expected in messages.
    fn value(&self, label: &str) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let value = format!(
            "{label}-conformance-secret-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        self.add(&value);
        value
    }

    fn add(&self, secret: &str) {
        self.0.lock().unwrap().push(secret.to_string());
    }

    /// `result`'s error, after checking its Display and Debug for every recorded secret.
    fn err(&self, what: &str, result: Result<Fetched, ProviderError>) -> ProviderError {
        match result {
            Ok(fetched) => panic!("{what}: expected an error, got {fetched:?}"),
            Err(e) => self.check(what, e),
        }
    }

    fn check(&self, what: &str, e: ProviderError) -> ProviderError {
        let secrets = self.0.lock().unwrap().clone();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        assert_clean(&e, &secrets);
        // Checked clean just above, so it may be shown: it helps reviewing the messages.
        eprintln!("{what}\n  -> {e:?}");
        e
    }
}

/// A name no other check (or earlier run against the same server) uses.
fn unique(label: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{label}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn text(fetched: &Fetched) -> String {
    String::from_utf8(fetched.value.expose_secret().to_vec()).expect("UTF-8 value")
}

fn ok(what: &str, result: Result<Fetched, ProviderError>) -> Fetched {
    result.unwrap_or_else(|e| panic!("{what}: {e:?}"))
}

macro_rules! assert_kind {
    ($err:expr, $pattern:pat) => {{
        let err = &$err;
        assert!(
            matches!(err, $pattern),
            "expected {}, got {err:?}",
            stringify!($pattern)
        );
    }};
}

/// The checks, generic over the fixture.
mod checks {
    use super::*;

    pub fn found<F: Fixture>() {
        let store = F::start();
        let leaks = Leaks::new::<F>();
        let name = unique("found");
        let value = leaks.value("found");
        let data = json!({ "value": value });
        let version = store.write(&name, &data);
        let vault = store.provider();

        let fetched = ok(
            "found",
            vault.fetch(&store.reference(&name, None, Some("value"))),
        );
        assert!(
            text(&fetched) == value,
            "the value read is not the one written"
        );
        assert_eq!(fetched.version.as_deref(), Some(version.as_str()));
        assert!(
            !format!("{fetched:?}").contains(&value),
            "Fetched's Debug shows the value"
        );

        if !F::WHOLE_SECRET {
            eprintln!("(no whole-secret read: this store's references always name a field)");
            return;
        }
        let whole = ok("whole", vault.fetch(&store.reference(&name, None, None)));
        let parsed: Value = serde_json::from_str(&text(&whole)).expect("a JSON object");
        assert!(parsed == data, "the whole secret is not the object written");
    }

    pub fn missing<F: Fixture>() {
        let store = F::start();
        let leaks = Leaks::new::<F>();
        // Something exists next to it, so the store is not just empty.
        let near = unique("present");
        store.write(&near, &json!({ "value": leaks.value("present") }));
        let vault = store.provider();
        let name = unique("missing");
        for key in [None, Some("value")] {
            let reference = store.reference(&name, None, key);
            let e = leaks.err(&reference, vault.fetch(&reference));
            assert_kind!(e, ProviderError::NotFound(_));
            assert!(
                e.to_string().contains(&name),
                "does not name the secret: {e}"
            );
        }
    }

    pub fn json_key<F: Fixture>() {
        let store = F::start();
        let leaks = Leaks::new::<F>();
        let name = unique("json");
        let password = leaks.value("password");
        let version = store.write(
            &name,
            &json!({ "username": "app", "password": password, "port": 5432, "tls": { "ca": "internal-ca" } }),
        );
        let vault = store.provider();
        let read = |key: &str| {
            let reference = store.reference(&name, None, Some(key));
            ok(&reference, vault.fetch(&reference))
        };
        let fetched = read("password");
        assert!(text(&fetched) == password, "#password is not the password");
        assert_eq!(fetched.version.as_deref(), Some(version.as_str()));
        assert_eq!(text(&read("username")), "app");
        assert_eq!(
            text(&read("port")),
            "5432",
            "non-string values as JSON text"
        );

        let reference = store.reference(&name, None, Some("api_key"));
        let e = leaks.err(&reference, vault.fetch(&reference));
        assert_kind!(e, ProviderError::NotFound(_));
        assert!(
            e.to_string().contains("`api_key`"),
            "does not name the key: {e}"
        );
        if !F::JSON_KEYS {
            eprintln!("(no JSON pointers: this store's references name a field)");
            return;
        }
        assert!(
            e.to_string()
                .contains("among its keys: `password`, `port`, `tls`, `username`)"),
            "does not list the keys, sorted: {e}"
        );
        assert_eq!(text(&read("/tls/ca")), "internal-ca", "a JSON pointer");
        assert_eq!(text(&read("tls")), r#"{"ca":"internal-ca"}"#);
        for key in ["/tls/nope", "/password/0"] {
            let reference = store.reference(&name, None, Some(key));
            let e = leaks.err(&reference, vault.fetch(&reference));
            assert_kind!(e, ProviderError::NotFound(_));
        }
        let plain = unique("plain");
        let Some(_) = store.write_text(&plain, &leaks.value("plain")) else {
            eprintln!("(this store holds JSON objects only)");
            return;
        };
        let reference = store.reference(&plain, None, Some("password"));
        let e = leaks.err(&reference, vault.fetch(&reference));
        assert_kind!(e, ProviderError::NotFound(_));
        assert!(
            e.to_string().contains("not a JSON object"),
            "does not say why: {e}"
        );
    }

    pub fn older_version<F: Fixture>() {
        if !F::VERSIONED {
            eprintln!("skipped: this store's references cannot name an older version");
            return;
        }
        let store = F::start();
        let leaks = Leaks::new::<F>();
        let name = unique("versions");
        let (one, two) = (leaks.value("one"), leaks.value("two"));
        let v1 = store.write(&name, &json!({ "value": one }));
        let v2 = store.write(&name, &json!({ "value": two }));
        assert_ne!(v1, v2, "the store gave both writes the same version");
        let vault = store.provider();

        let current = ok(
            "current",
            vault.fetch(&store.reference(&name, None, Some("value"))),
        );
        assert!(
            text(&current) == two,
            "the current value is not the last written"
        );
        assert_eq!(current.version.as_deref(), Some(v2.as_str()));
        let reference = store.reference(&name, Some(&v1), Some("value"));
        let older = ok(&reference, vault.fetch(&reference));
        assert!(text(&older) == one, "{reference} is not the first value");
        assert_eq!(older.version.as_deref(), Some(v1.as_str()));

        let reference = store.reference(&name, Some(F::MISSING_VERSION), Some("value"));
        let e = leaks.err(&reference, vault.fetch(&reference));
        assert_kind!(e, ProviderError::NotFound(_));
    }

    pub fn auth_failure<F: Fixture>() {
        let store = F::start();
        let leaks = Leaks::new::<F>();
        let name = unique("auth");
        let data = json!({ "value": leaks.value("auth") });
        let bad = store.bad_credentials(&name, &data);
        for credential in &bad.credentials {
            leaks.add(credential);
        }
        let reference = store.reference(&name, None, Some("value"));
        let fetch = leaks.err(
            "fetch with refused credentials",
            bad.provider.fetch(&reference),
        );
        let whoami = match bad.provider.whoami() {
            Ok(who) => panic!("whoami with refused credentials succeeded: {who}"),
            Err(e) => leaks.check("whoami with refused credentials", e),
        };
        for e in [fetch, whoami] {
            match &e {
                // What to do: the contract of ProviderError::Auth.
                ProviderError::Auth(m) => assert!(
                    m.contains("locket integration reauth"),
                    "Auth without the way out: {m}"
                ),
                ProviderError::PermissionDenied(m) => {
                    assert!(
                        m.contains("grant"),
                        "PermissionDenied without what to grant: {m}"
                    )
                }
                other => panic!("expected Auth or PermissionDenied, got {other:?}"),
            }
        }
    }

    pub fn server_down<F: Fixture>() {
        let leaks = Leaks::new::<F>();
        let port = free_port(); // bound and released: nothing listens there
        let vault = F::at(&format!("http://127.0.0.1:{port}"), LONG_TIMEOUT);
        let started = Instant::now();
        let e = leaks.err("server down", vault.fetch(F::FAKE_REFERENCE));
        let took = started.elapsed();
        eprintln!("  (after {took:?})");
        assert_kind!(e, ProviderError::Unavailable(_));
        assert!(
            e.to_string().contains(&port.to_string()),
            "does not name the address: {e}"
        );
        // Refused connections are retried with short pauses, never waited out to the timeout.
        assert!(took < LONG_TIMEOUT / 2 + SLACK, "took {took:?}");
        let e = match vault.whoami() {
            Ok(who) => panic!("whoami with the server down succeeded: {who}"),
            Err(e) => leaks.check("whoami, server down", e),
        };
        assert_kind!(e, ProviderError::Unavailable(_));
    }

    pub fn slow_server<F: Fixture>() {
        let leaks = Leaks::new::<F>();
        let silent = Silent::start();
        let vault = F::at(&silent.url(), SHORT_TIMEOUT);
        let started = Instant::now();
        let e = leaks.err("server that never answers", vault.fetch(F::FAKE_REFERENCE));
        let took = started.elapsed();
        eprintln!("  (after {took:?})");
        assert_kind!(e, ProviderError::Unavailable(_));
        assert!(
            took < SHORT_TIMEOUT + SLACK,
            "took {took:?} with a {SHORT_TIMEOUT:?} timeout"
        );
    }

    /// Every request answered with `answer`: retried, more than once, at most MAX_ATTEMPTS
    /// times, then Unavailable.
    fn retried_then_unavailable<F: Fixture>(what: &str, answer: Response) {
        let leaks = Leaks::new::<F>();
        let fake = FakeHttp::start(F::fake_prelude, move |_, _| answer.clone());
        let vault = F::at(&fake.url(), LONG_TIMEOUT);
        let e = leaks.err(what, vault.fetch(F::FAKE_REFERENCE));
        assert_kind!(e, ProviderError::Unavailable(_));
        let sent = fake.scripted();
        eprintln!("  ({sent} requests)");
        assert!(
            sent > 1 && sent <= F::MAX_ATTEMPTS as usize,
            "{what}: {sent} requests, expected 2..={}",
            F::MAX_ATTEMPTS
        );
    }

    pub fn server_errors<F: Fixture>() {
        for status in [500, 502, 503, 504] {
            retried_then_unavailable::<F>(&format!("always {status}"), F::fake_error(status));
        }
    }

    pub fn throttled<F: Fixture>() {
        retried_then_unavailable::<F>("always 429", F::fake_error(429));
    }

    pub fn gateway_errors<F: Fixture>() {
        for status in [429, 502] {
            let answer = Response::new(status, "text/plain", "upstream says no");
            retried_then_unavailable::<F>(&format!("bare {status} from a proxy"), answer);
        }
    }

    pub fn throttled_then_ok<F: Fixture>() {
        let leaks = Leaks::new::<F>();
        let value = leaks.value("patient");
        let answer = F::fake_value(&value);
        let fake = FakeHttp::start(F::fake_prelude, move |n, _| {
            if n == 1 {
                F::fake_error(429)
            } else {
                answer.clone()
            }
        });
        let fetched = ok(
            "429 then 200",
            F::at(&fake.url(), LONG_TIMEOUT).fetch(F::FAKE_REFERENCE),
        );
        assert!(
            text(&fetched) == value,
            "not the value of the second answer"
        );
        assert_eq!(fake.scripted(), 2);
    }

    pub fn slow_read<F: Fixture>() {
        let leaks = Leaks::new::<F>();
        let late = leaks.value("late");
        // Answered, but long after the timeout (the connection is dropped before then).
        let answer = Response {
            delay: SHORT_TIMEOUT * 4,
            ..F::fake_value(&late)
        };
        let fake = FakeHttp::start(F::fake_prelude, move |_, _| answer.clone());
        let vault = F::at(&fake.url(), SHORT_TIMEOUT);
        let started = Instant::now();
        let e = leaks.err("a read answered too late", vault.fetch(F::FAKE_REFERENCE));
        let took = started.elapsed();
        eprintln!("  (after {took:?}, {} requests)", fake.scripted());
        assert_kind!(e, ProviderError::Unavailable(_));
        assert!(
            took < SHORT_TIMEOUT + SLACK,
            "took {took:?} with a {SHORT_TIMEOUT:?} timeout"
        );
    }

    pub fn echoed_credentials<F: Fixture>() {
        let leaks = Leaks::new::<F>();
        // The fake repeats, in its error message, every credential the request carried
        // (headers or body), as a careless gateway or a debug build of a server might.
        let echoed = std::sync::Arc::new(Mutex::new(Vec::<String>::new()));
        let seen = std::sync::Arc::clone(&echoed);
        let fake = FakeHttp::start(F::fake_prelude, move |_, request| {
            let raw = format!(
                "{:?} {}",
                request.headers,
                String::from_utf8_lossy(&request.body)
            );
            let sent: Vec<String> = F::credentials()
                .into_iter()
                .filter(|c| raw.contains(c.as_str()))
                .collect();
            seen.lock().unwrap().extend(sent.iter().cloned());
            F::fake_refusal(&format!("request from {} refused", sent.join(" and ")))
        });
        let e = leaks.err(
            "a store echoing credentials",
            F::at(&fake.url(), LONG_TIMEOUT).fetch(F::FAKE_REFERENCE),
        );
        assert!(
            !echoed.lock().unwrap().is_empty(),
            "the request carried none of the fixture's credentials: nothing was tested ({e:?})"
        );
    }

    pub fn debug_hides_credentials<F: Fixture>() {
        let store = F::start();
        let shown = format!(
            "{:?} {:?}",
            store.provider(),
            F::at("http://127.0.0.1:1", LONG_TIMEOUT)
        );
        for credential in F::credentials() {
            assert!(!shown.contains(&credential), "`{credential}` in {shown}");
        }
    }
}

/// One `#[test]` per (provider, check): `cargo test --test conformance hcv::` runs one
/// provider, `--test conformance ::slow_server` one check everywhere.
macro_rules! conformance {
    ($($(#[$attr:meta])* $provider:ident => $fixture:ty;)*) => {$(
        $(#[$attr])*
        mod $provider {
            use super::checks;
            type F = $fixture;
            #[test] fn found() { checks::found::<F>() }
            #[test] fn missing() { checks::missing::<F>() }
            #[test] fn json_key() { checks::json_key::<F>() }
            #[test] fn older_version() { checks::older_version::<F>() }
            #[test] fn auth_failure() { checks::auth_failure::<F>() }
            #[test] fn server_down() { checks::server_down::<F>() }
            #[test] fn slow_server() { checks::slow_server::<F>() }
            #[test] fn server_errors() { checks::server_errors::<F>() }
            #[test] fn throttled() { checks::throttled::<F>() }
            #[test] fn throttled_then_ok() { checks::throttled_then_ok::<F>() }
            #[test] fn gateway_errors() { checks::gateway_errors::<F>() }
            #[test] fn slow_read() { checks::slow_read::<F>() }
            #[test] fn echoed_credentials() { checks::echoed_credentials::<F>() }
            #[test] fn debug_hides_credentials() { checks::debug_hides_credentials::<F>() }
        }
    )*};
}

conformance! {
    #[cfg(feature = "hcv")]
    hcv => super::hcv_fixture::HcvFixture;
    #[cfg(feature = "aws")]
    aws => super::aws_fixture::AwsFixture;
    #[cfg(feature = "onepassword")]
    onepassword => super::onepassword_fixture::OnePasswordFixture;
    #[cfg(feature = "gcp")]
    gcp => super::gcp_fixture::GcpFixture;
    #[cfg(feature = "azure")]
    azure => super::azure_fixture::AzureFixture;
}
