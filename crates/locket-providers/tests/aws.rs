//! The AWS Secrets Manager provider against moto in server mode (`pip install 'moto[server]'`;
//! scripts/test.sh installs it), and against local TCP servers that refuse or never answer.
//!
//! One moto server is shared by the tests that run at the same time (started by the first,
//! killed when the last drops it); the signature-checking test has its own, since it turns
//! moto's IAM checks on for the whole server. Fixtures are made with the SDK's own client;
//! IAM users are made through moto's IAM query API over plain HTTP (no aws-sdk-iam to build).
//!
//! moto quirk (CRATES.md trap 7): after AWSCURRENT is moved with UpdateSecretVersionStage, a
//! read without a stage may still return the old version. No test moves AWSCURRENT that way:
//! new current versions come from PutSecretValue, which moto handles like AWS.
#![cfg(feature = "aws")]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use locket_providers::aws::{AssumeRole, AwsConfig, AwsProvider, StaticKeys};
use locket_providers::{Fetched, Provider, ProviderError};
use secrecy::ExposeSecret;

const REGION: &str = "us-east-1";
const ACCESS_KEY: &str = "AKIALOCKETTEST000001";
const SECRET_KEY: &str = "locket-test-secret-key-never-printed";
const SESSION_TOKEN: &str = "locket-test-session-token-never-printed";
/// Every stored value contains this, so a leak check can look for it.
const MARK: &str = "VALUE-MARK";

mod support;
use support::free_port;
use support::moto::{Admin, Moto, shared_moto, xml_field};
use support::silent::Silent;

fn config(endpoint: &str) -> AwsConfig {
    AwsConfig {
        region: Some(REGION.into()),
        static_keys: Some(StaticKeys {
            access_key_id: ACCESS_KEY.into(),
            secret_access_key: SECRET_KEY.into(),
            session_token: Some(SESSION_TOKEN.into()),
        }),
        endpoint_url: Some(endpoint.into()),
        ..AwsConfig::default()
    }
}

fn provider(endpoint: &str) -> AwsProvider {
    AwsProvider::new(config(endpoint)).unwrap()
}

fn text(fetched: &Fetched) -> &str {
    std::str::from_utf8(fetched.value.expose_secret()).unwrap()
}

fn value(p: &AwsProvider, reference: &str) -> String {
    match p.fetch(reference) {
        Ok(fetched) => text(&fetched).to_owned(),
        Err(e) => panic!("{reference}: {e:?}"),
    }
}

/// The error `reference` gives, after checking that neither its Display nor its Debug holds a
/// value, a key or a token.
fn error(p: &AwsProvider, reference: &str) -> ProviderError {
    match p.fetch(reference) {
        Ok(_) => panic!("{reference}: expected an error"),
        Err(e) => {
            eprintln!("{reference}\n  -> {e:?}");
            assert_clean(&e);
            e
        }
    }
}

fn assert_clean(e: &ProviderError) {
    for shown in [e.to_string(), format!("{e:?}")] {
        for secret in [SECRET_KEY, SESSION_TOKEN, ACCESS_KEY, MARK] {
            assert!(!shown.contains(secret), "`{secret}` leaked into: {shown}");
        }
    }
}

fn unique(name: &str) -> String {
    use std::sync::atomic::AtomicU32;
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "locket-test/{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

macro_rules! assert_kind {
    ($err:expr, $kind:ident, $($needle:expr),+) => {{
        let err = $err;
        assert!(matches!(err, ProviderError::$kind(_)), "expected {}: {err:?}", stringify!($kind));
        let msg = err.to_string();
        $(assert!(msg.contains($needle), "`{}` not in: {msg}", $needle);)+
    }};
}

// ---------------------------------------------------------------------------------------------
// reading from moto

#[test]
fn plain_string_secret() {
    let moto = shared_moto();
    let admin = Admin::new(&moto.endpoint(), REGION);
    let name = unique("plain");
    let (_, version) = admin.create(&name, &format!("plain {MARK} ünïcode"));
    let p = provider(&moto.endpoint());
    let fetched = p.fetch(&format!("aws-sm://{name}")).unwrap();
    assert_eq!(text(&fetched), format!("plain {MARK} ünïcode"));
    assert_eq!(fetched.version.as_deref(), Some(version.as_str()));
    assert_eq!(fetched.expires_at, None);
    assert!(!format!("{fetched:?}").contains(MARK));
    // base64 of a string value.
    assert_eq!(
        value(&p, &format!("aws-sm://{name}?encoding=base64")),
        "cGxhaW4gVkFMVUUtTUFSSyDDvG7Dr2NvZGU="
    );
}

#[test]
fn json_secret_keys() {
    let moto = shared_moto();
    let admin = Admin::new(&moto.endpoint(), REGION);
    let name = unique("json");
    admin.create(
        &name,
        &format!(r#"{{"username":"app","password":"pw-{MARK}","port":5432,"tls":{{"ca":"x"}}}}"#),
    );
    let p = provider(&moto.endpoint());
    assert_eq!(value(&p, &format!("aws-sm://{name}#username")), "app");
    assert_eq!(
        value(&p, &format!("aws-sm://{name}#password")),
        format!("pw-{MARK}")
    );
    assert_eq!(value(&p, &format!("aws-sm://{name}#port")), "5432");
    assert_eq!(value(&p, &format!("aws-sm://{name}#tls")), r#"{"ca":"x"}"#);
    assert_eq!(value(&p, &format!("aws-sm://{name}#/tls/ca")), "x");
    assert_kind!(
        error(&p, &format!("aws-sm://{name}#api_key")),
        NotFound,
        "no JSON key `api_key`",
        &name,
        "`password`"
    );
    let plain = unique("not-json");
    admin.create(&plain, &format!("just {MARK}"));
    assert_kind!(
        error(&p, &format!("aws-sm://{plain}#password")),
        NotFound,
        "not a JSON object",
        "drop `#password`"
    );
}

#[test]
fn binary_secrets() {
    let moto = shared_moto();
    let admin = Admin::new(&moto.endpoint(), REGION);
    let utf8 = unique("bin-utf8");
    admin.create_binary(&utf8, format!("bin {MARK} é").as_bytes());
    let raw = unique("bin-raw");
    admin.create_binary(&raw, &[0xff, 0x00, 0xfe, 0x80]);
    let p = provider(&moto.endpoint());
    assert_eq!(
        value(&p, &format!("aws-sm://{utf8}")),
        format!("bin {MARK} é")
    );
    assert_kind!(
        error(&p, &format!("aws-sm://{raw}")),
        Other,
        "not UTF-8",
        "?encoding=base64",
        &raw
    );
    assert_eq!(
        value(&p, &format!("aws-sm://{raw}?encoding=base64")),
        "/wD+gA=="
    );
}

#[test]
fn versions_and_stages() {
    let moto = shared_moto();
    let admin = Admin::new(&moto.endpoint(), REGION);
    let name = unique("versions");
    let (_, v1) = admin.create(&name, &format!("one {MARK}"));
    let v2 = admin.put(&name, &format!("two {MARK}"), &[]);
    let v3 = admin.put(&name, &format!("three {MARK}"), &["STAGING"]);
    let p = provider(&moto.endpoint());

    let current = p.fetch(&format!("aws-sm://{name}")).unwrap();
    assert_eq!(text(&current), format!("two {MARK}"));
    assert_eq!(current.version.as_deref(), Some(v2.as_str()));
    let previous = p
        .fetch(&format!("aws-sm://{name}?version-stage=AWSPREVIOUS"))
        .unwrap();
    assert_eq!(text(&previous), format!("one {MARK}"));
    assert_eq!(previous.version.as_deref(), Some(v1.as_str()));
    let staging = p
        .fetch(&format!("aws-sm://{name}?version-stage=STAGING"))
        .unwrap();
    assert_eq!(text(&staging), format!("three {MARK}"));
    assert_eq!(staging.version.as_deref(), Some(v3.as_str()));
    let by_id = p
        .fetch(&format!("aws-sm://{name}?version-id={v1}"))
        .unwrap();
    assert_eq!(text(&by_id), format!("one {MARK}"));

    // A custom label moved with UpdateSecretVersionStage (AWSCURRENT stays where it is).
    admin.move_stage(&name, "BLUE", &v1, None);
    assert_eq!(
        value(&p, &format!("aws-sm://{name}?version-stage=BLUE")),
        format!("one {MARK}")
    );
    admin.move_stage(&name, "BLUE", &v3, Some(&v1));
    assert_eq!(
        value(&p, &format!("aws-sm://{name}?version-stage=BLUE")),
        format!("three {MARK}")
    );

    assert_kind!(
        error(&p, &format!("aws-sm://{name}?version-stage=NOPE")),
        NotFound,
        "has no version with staging label `NOPE`",
        "list-secret-version-ids"
    );
    let missing = "00000000-0000-4000-8000-000000000000";
    assert_kind!(
        error(&p, &format!("aws-sm://{name}?version-id={missing}")),
        NotFound,
        &format!("version id `{missing}`")
    );
    assert_kind!(
        error(&p, &format!("aws-sm://{name}?version-id=1&version-stage=X")),
        InvalidReference,
        "one of version-id and version-stage"
    );
}

#[test]
fn arn_references_and_their_region() {
    let moto = shared_moto();
    let admin = Admin::new(&moto.endpoint(), REGION);
    let name = unique("by-arn");
    let (arn, _) = admin.create(&name, &format!(r#"{{"token":"t-{MARK}"}}"#));
    assert!(
        arn.starts_with("arn:aws:secretsmanager:us-east-1:"),
        "{arn}"
    );
    let p = provider(&moto.endpoint());
    assert_eq!(
        value(&p, &format!("aws-sm://{arn}#token")),
        format!("t-{MARK}")
    );
    assert_eq!(
        value(&p, &format!("aws-sm://{arn}?version-stage=AWSCURRENT")),
        format!(r#"{{"token":"t-{MARK}"}}"#)
    );

    // A secret in another region, read by ARN through a us-east-1 integration.
    let eu = Admin::new(&moto.endpoint(), "eu-west-1");
    let (eu_arn, _) = eu.create(&unique("eu"), &format!("eu {MARK}"));
    assert!(eu_arn.contains(":eu-west-1:"), "{eu_arn}");
    assert_eq!(
        value(&p, &format!("aws-sm://{eu_arn}")),
        format!("eu {MARK}")
    );
    let missing = eu_arn.replace(":eu-west-1:", ":eu-central-1:");
    assert_kind!(
        error(&p, &format!("aws-sm://{missing}")),
        NotFound,
        "region eu-central-1"
    );
}

#[test]
fn missing_and_deleted_secrets() {
    let moto = shared_moto();
    let admin = Admin::new(&moto.endpoint(), REGION);
    let p = provider(&moto.endpoint());
    let missing = unique("missing");
    assert_kind!(
        error(&p, &format!("aws-sm://{missing}")),
        NotFound,
        &format!("no secret `{missing}` in region us-east-1"),
        "list-secrets"
    );
    let deleted = unique("deleted");
    admin.create(&deleted, &format!("gone {MARK}"));
    admin.schedule_deletion(&deleted);
    assert_kind!(
        error(&p, &format!("aws-sm://{deleted}")),
        NotFound,
        "scheduled for deletion",
        &format!("restore-secret --secret-id {deleted}")
    );
    assert_kind!(error(&p, "aws-sm://has space"), InvalidReference, "a space");
}

#[test]
fn whoami_and_concurrent_use() {
    let moto = shared_moto();
    let admin = Admin::new(&moto.endpoint(), REGION);
    let name = unique("shared");
    admin.create(&name, &format!("shared {MARK}"));
    let p = Arc::new(provider(&moto.endpoint()));
    let who = p.whoami().unwrap();
    eprintln!("whoami: {who}");
    for needle in [
        "account 123456789012",
        "region us-east-1",
        "credentials: locket integration keys",
        "access key AKIA…0001",
        "Secrets Manager at http://127.0.0.1:",
        "reachable",
    ] {
        assert!(who.contains(needle), "`{needle}` not in: {who}");
    }
    assert!(
        !who.contains(ACCESS_KEY) && !who.contains(SECRET_KEY),
        "{who}"
    );

    let threads: Vec<_> = (0..8)
        .map(|_| {
            let p = p.clone();
            let reference = format!("aws-sm://{name}");
            std::thread::spawn(move || value(&p, &reference))
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), format!("shared {MARK}"));
    }
}

// ---------------------------------------------------------------------------------------------
// the SDK's default chain, from the environment (in child processes: the environment is
// process-wide)

/// Runs the ignored test `name` of this binary in a child with only `env` as AWS settings
/// (no AWS_* variables of ours, an empty HOME, instance metadata off).
fn run_child(name: &str, env: &[(&str, &str)]) {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([
        "--ignored",
        "--exact",
        name,
        "--nocapture",
        "--test-threads=1",
    ]);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            command.env_remove(key);
        }
    }
    command
        .env("HOME", home.path())
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("LOCKET_AWS_CHILD", "1")
        .envs(env.iter().copied());
    let out = command.output().unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{name}:\n{log}");
    assert!(out.status.success(), "{name} failed:\n{log}");
    assert!(log.contains("1 passed"), "{name} did not run:\n{log}");
}

fn in_child() -> bool {
    std::env::var_os("LOCKET_AWS_CHILD").is_some()
}

#[test]
fn default_chain_from_the_environment() {
    let moto = shared_moto();
    let admin = Admin::new(&moto.endpoint(), REGION);
    let name = unique("env");
    admin.create(&name, &format!("env {MARK}"));
    run_child(
        "child_env_credentials_region_and_endpoint",
        &[
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", &moto.endpoint()),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
            ("AWS_REGION", REGION),
            ("LOCKET_TEST_SECRET", &name),
        ],
    );
    run_child(
        "child_no_credentials_anywhere",
        &[
            ("AWS_ENDPOINT_URL", &moto.endpoint()),
            ("AWS_REGION", REGION),
        ],
    );
}

#[test]
#[ignore = "run by default_chain_from_the_environment, in a child process"]
fn child_env_credentials_region_and_endpoint() {
    if !in_child() {
        return;
    }
    let p = AwsProvider::new(AwsConfig::default()).unwrap();
    let name = std::env::var("LOCKET_TEST_SECRET").unwrap();
    assert_eq!(
        value(&p, &format!("aws-sm://{name}")),
        format!("env {MARK}")
    );
}

#[test]
#[ignore = "run by default_chain_from_the_environment, in a child process"]
fn child_no_credentials_anywhere() {
    if !in_child() {
        return;
    }
    let p = AwsProvider::new(AwsConfig::default()).unwrap();
    assert_kind!(
        error(&p, "aws-sm://any"),
        Auth,
        "no AWS credentials found",
        "aws sso login"
    );
    let err = p.whoami().unwrap_err();
    eprintln!("whoami -> {err:?}");
    assert!(matches!(err, ProviderError::Auth(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// signature and permission checks (moto with IAM auth on)

#[test]
fn signature_and_permission_checks() {
    let moto = Moto::start();
    let admin = Admin::new(&moto.endpoint(), REGION);
    let (allowed_arn, _) = admin.create("allowed/db", &format!("allowed {MARK}"));
    admin.create("forbidden/db", &format!("forbidden {MARK}"));

    // moto matches IAM policies by action only (every resource is `*` to it): one user may
    // read secrets and assume the role, another may do nothing. Neither may ListSecrets.
    let allow = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","sts:AssumeRole"],"Resource":"*"}]}"#;
    let mut keys = Vec::new();
    for (user, policy) in [("locket-reader", Some(allow)), ("locket-nobody", None)] {
        moto.iam(&[("Action", "CreateUser"), ("UserName", user)]);
        if let Some(policy) = policy {
            moto.iam(&[
                ("Action", "PutUserPolicy"),
                ("UserName", user),
                ("PolicyName", "read-secrets"),
                ("PolicyDocument", policy),
            ]);
        }
        let created = moto.iam(&[("Action", "CreateAccessKey"), ("UserName", user)]);
        keys.push((
            xml_field(&created, "AccessKeyId"),
            xml_field(&created, "SecretAccessKey"),
        ));
    }
    let [(key_id, secret_key), (nobody_id, nobody_secret)] = <[_; 2]>::try_from(keys).unwrap();
    // A role that may read secrets.
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/locket-reader"},"Action":"sts:AssumeRole"}]}"#;
    let role = moto.iam(&[
        ("Action", "CreateRole"),
        ("RoleName", "locket-role"),
        ("AssumeRolePolicyDocument", trust),
    ]);
    let role_arn = xml_field(&role, "Arn");
    moto.iam(&[
        ("Action", "PutRolePolicy"),
        ("RoleName", "locket-role"),
        ("PolicyName", "read-secrets"),
        ("PolicyDocument", allow),
    ]);
    // From here on moto checks signatures and permissions, and answers refusals in the XML
    // (query-protocol) shape rather than AWS's JSON one: the provider reads both.
    moto.enforce_auth();

    let with_keys = |id: &str, secret: &str| {
        AwsProvider::new(AwsConfig {
            static_keys: Some(StaticKeys {
                access_key_id: id.into(),
                secret_access_key: secret.into(),
                session_token: None,
            }),
            ..config(&moto.endpoint())
        })
        .unwrap()
    };

    let reader = with_keys(&key_id, &secret_key);
    assert_eq!(
        value(&reader, "aws-sm://allowed/db"),
        format!("allowed {MARK}")
    );
    assert_eq!(
        value(&reader, &format!("aws-sm://{allowed_arn}")),
        format!("allowed {MARK}")
    );
    let nobody = with_keys(&nobody_id, &nobody_secret);
    assert_kind!(
        error(&nobody, "aws-sm://forbidden/db"),
        PermissionDenied,
        "needs `secretsmanager:GetSecretValue` on arn:aws:secretsmanager:us-east-1:ACCOUNT:secret:forbidden/db-??????",
        "user/locket-nobody"
    );
    let who = reader.whoami().unwrap();
    eprintln!("whoami: {who}");
    assert!(who.contains("user/locket-reader"), "{who}");
    assert!(who.contains("ListSecrets is not allowed"), "{who}");

    // The right key id with a wrong secret key: a signature mismatch.
    let wrong_secret = format!("{SECRET_KEY}-wrong");
    let bad = with_keys(&key_id, &wrong_secret);
    let err = error(&bad, "aws-sm://allowed/db");
    assert!(!err.to_string().contains(&wrong_secret) && !err.to_string().contains(&key_id));
    assert_kind!(
        &err,
        Auth,
        "signature",
        "secret access key does not belong to access key",
        "aws sso login",
        "locket integration reauth"
    );
    let err = bad.whoami().unwrap_err();
    assert_clean(&err);
    assert!(matches!(err, ProviderError::Auth(_)), "{err:?}");

    // A key id AWS does not know.
    let unknown = with_keys(ACCESS_KEY, SECRET_KEY);
    assert_kind!(
        error(&unknown, "aws-sm://allowed/db"),
        Auth,
        "does not recognise the access key AKIA…0001"
    );

    // Through an assumed role (STS AssumeRole with the reader's keys).
    let assumed = |id: &str, secret: &str| {
        AwsProvider::new(AwsConfig {
            static_keys: Some(StaticKeys {
                access_key_id: id.into(),
                secret_access_key: secret.into(),
                session_token: None,
            }),
            assume_role: Some(AssumeRole {
                role_arn: role_arn.clone(),
                session_name: Some("locket-test".into()),
                external_id: None,
            }),
            ..config(&moto.endpoint())
        })
        .unwrap()
    };
    let via_role = assumed(&key_id, &secret_key);
    assert_eq!(
        value(&via_role, "aws-sm://allowed/db"),
        format!("allowed {MARK}")
    );
    let who = via_role.whoami().unwrap();
    eprintln!("whoami: {who}");
    assert!(
        who.contains("AssumeRoleProvider") && who.contains("temporary"),
        "{who}"
    );
    // A user who may not assume it: the credentials step fails, naming the role.
    assert_kind!(
        error(&assumed(&nobody_id, &nobody_secret), "aws-sm://allowed/db"),
        PermissionDenied,
        &format!("could not assume role {role_arn}"),
        "sts:AssumeRole",
        "trust policy"
    );
    assert_kind!(
        error(&assumed(&key_id, &wrong_secret), "aws-sm://allowed/db"),
        Auth,
        &format!("could not assume role {role_arn}"),
        "signature"
    );
}

// ---------------------------------------------------------------------------------------------
// faults: nothing listening, a server that never answers

#[test]
fn connection_refused_is_unavailable_quickly() {
    let port = free_port(); // bound and released: nothing listens there now
    let endpoint = format!("http://127.0.0.1:{port}");
    let p = provider(&endpoint);
    let started = Instant::now();
    let err = error(&p, "aws-sm://any/secret");
    let took = started.elapsed();
    assert_kind!(
        &err,
        Unavailable,
        "could not reach AWS Secrets Manager",
        &endpoint,
        "any/secret"
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");
    let err = p.whoami().unwrap_err();
    assert_clean(&err);
    assert!(matches!(err, ProviderError::Unavailable(_)), "{err:?}");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let silent = Silent::start();
    let endpoint = format!("http://127.0.0.1:{}", silent.port);
    let p = AwsProvider::new(AwsConfig {
        timeout_secs: Some(2),
        ..config(&endpoint)
    })
    .unwrap();
    let started = Instant::now();
    let err = error(&p, "aws-sm://slow/secret");
    let took = started.elapsed();
    assert_kind!(
        &err,
        Unavailable,
        "did not answer",
        &endpoint,
        "slow/secret"
    );
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(8),
        "took {took:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// AWS's own error shape (JSON protocol), from a local stand-in

/// Answers every Secrets Manager request for `fake/CODE` with AWS's JSON error for CODE
/// (`x-amzn-ErrorType` header and `__type` body, HTTP 400, or 500 for InternalServiceError),
/// and counts the requests per secret.
struct FakeAws {
    port: u16,
    hits: Arc<Mutex<std::collections::HashMap<String, usize>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeAws {
    fn start() -> FakeAws {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let hits = Arc::new(Mutex::new(std::collections::HashMap::new()));
        let (flag, counts) = (stop.clone(), hits.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !flag.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((conn, _)) => {
                        let counts = counts.clone();
                        std::thread::spawn(move || FakeAws::answer(conn, &counts));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        FakeAws {
            port,
            hits,
            stop,
            thread: Some(thread),
        }
    }

    fn answer(mut conn: TcpStream, counts: &Mutex<std::collections::HashMap<String, usize>>) {
        conn.set_nonblocking(false).unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut data = Vec::new();
        let mut buf = [0u8; 4096];
        let body = loop {
            let Ok(n) = conn.read(&mut buf) else { return };
            if n == 0 {
                return;
            }
            data.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&data).into_owned();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                if data.len() >= end + 4 + length {
                    break text[end + 4..].to_owned();
                }
            }
        };
        let id = body
            .split_once(r#""SecretId":"fake/"#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(code, _)| code.to_owned())
            .unwrap_or_else(|| "ListSecrets".into());
        *counts.lock().unwrap().entry(id.clone()).or_default() += 1;
        let status = if id == "InternalServiceError" {
            500
        } else {
            400
        };
        let message = match id.as_str() {
            "AccessDeniedException" => {
                "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: \
                 secretsmanager:GetSecretValue on resource: fake/AccessDeniedException because \
                 no identity-based policy allows the secretsmanager:GetSecretValue action"
            }
            "UnrecognizedClientException" => {
                "The security token included in the request is invalid."
            }
            "InvalidSignatureException" => {
                "The request signature we calculated does not match the signature you provided."
            }
            "ExpiredTokenException" => "The security token included in the request is expired",
            "DecryptionFailure" => {
                "Secrets Manager can't decrypt the protected secret text using the provided KMS key."
            }
            "InvalidParameterException" => "Invalid parameter: VersionId is too short.",
            "ThrottlingException" => "Rate exceeded",
            _ => "An internal error occurred.",
        };
        let json = format!(r#"{{"__type":"{id}","Message":"{message}"}}"#);
        let response = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/x-amz-json-1.1\r\n\
             x-amzn-ErrorType: {id}\r\nx-amzn-RequestId: 1\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{json}",
            json.len()
        );
        let _ = conn.write_all(response.as_bytes());
    }

    fn hits(&self, id: &str) -> usize {
        self.hits.lock().unwrap().get(id).copied().unwrap_or(0)
    }
}

impl Drop for FakeAws {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn aws_error_codes_become_clear_errors() {
    let fake = FakeAws::start();
    let p = provider(&format!("http://127.0.0.1:{}", fake.port));
    let get = |code: &str| error(&p, &format!("aws-sm://fake/{code}"));
    assert_kind!(
        get("AccessDeniedException"),
        PermissionDenied,
        "needs `secretsmanager:GetSecretValue` on arn:aws:secretsmanager:us-east-1:ACCOUNT:secret:fake/AccessDeniedException-??????",
        "kms:Decrypt",
        "user/ci"
    );
    assert_kind!(
        get("UnrecognizedClientException"),
        Auth,
        "does not recognise the access key AKIA…0001",
        "aws sso login"
    );
    assert_kind!(
        get("InvalidSignatureException"),
        Auth,
        "signature",
        "locket integration reauth"
    );
    assert_kind!(
        get("ExpiredTokenException"),
        Auth,
        "have expired",
        "aws sso login"
    );
    assert_kind!(
        get("DecryptionFailure"),
        PermissionDenied,
        "kms:Decrypt",
        "fake/DecryptionFailure"
    );
    assert_kind!(
        get("InvalidParameterException"),
        InvalidReference,
        "VersionId is too short"
    );
    for code in ["UnrecognizedClientException", "AccessDeniedException"] {
        assert_eq!(fake.hits(code), 1, "{code} is not worth a retry");
    }
    // Throttling and server failures: retried (3 attempts in all), then Unavailable.
    assert_kind!(
        get("ThrottlingException"),
        Unavailable,
        "throttling",
        "after retries"
    );
    assert_kind!(get("InternalServiceError"), Unavailable, "after retries");
    assert_eq!(fake.hits("ThrottlingException"), 3);
    assert_eq!(fake.hits("InternalServiceError"), 3);
}

/// A custom CA (`--ca-cert`) is trusted by the SDK's HTTPS client: against an HTTPS server
/// whose certificate comes from a test CA (the Azure fake's, which answers AWS calls with a
/// 404), the call fails on the certificate without the CA and gets past TLS with it.
#[cfg(feature = "azure")]
#[test]
fn a_custom_ca_is_trusted() {
    let server = support::azure::FakeAzure::start(&[]);
    let with = |ca: Option<&str>| {
        let provider = AwsProvider::new(AwsConfig {
            ca_cert_pem: ca.map(str::to_string),
            ..config(&server.url())
        })
        .unwrap();
        provider.fetch("aws-sm://ca-check").unwrap_err().to_string()
    };
    let untrusted = with(None);
    assert!(
        untrusted.to_lowercase().contains("certificate") || untrusted.contains("UnknownIssuer"),
        "{untrusted}"
    );
    let trusted = with(Some(server.ca_pem()));
    assert!(
        !trusted.to_lowercase().contains("certificate") && !trusted.contains("UnknownIssuer"),
        "{trusted}"
    );
}
