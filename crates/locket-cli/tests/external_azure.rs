//! Azure Key Vault end to end through the `locket` binary, against the fake Key Vault + Entra
//! ID over TLS with a test CA (`locket-providers/tests/support/azure.rs`): every sign-in at
//! `integration add` (the test plays the person for the device code and the browser), `--ca-cert`,
//! links, rendering, Key Vault's errors as exit codes, silent refresh across runs, `reauth`
//! when the refresh fails, and no credential or value in the vault's files.

mod common;

#[path = "../../locket-providers/tests/support/azure.rs"]
mod fake;
#[allow(dead_code)]
#[path = "../../locket-providers/tests/support/fake_http.rs"]
mod fake_http;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use fake::{CLIENT_ID, FakeAzure, TENANT, USER};
use predicates::prelude::*;

const CLIENT_SECRET: &str = "azure-e2e-client-secret-6d1f";
const API_KEY: &str = "azure-e2e-api-key-93c2";
const DB_JSON: &str = r#"{"user":"app","password":"azure-e2e-db-password-51e0"}"#;
const VAULT: &str = "https://kv-e2e.vault.azure.net";

struct Setup {
    fake: FakeAzure,
    v: TestVault,
    ca: String,
}

fn setup() -> Setup {
    let fake = FakeAzure::start(&[(CLIENT_ID, CLIENT_SECRET)]);
    fake.set_secret("api-key", API_KEY);
    fake.set_secret("db", DB_JSON);
    let v = TestVault::new();
    let ca = v.path("test-ca.pem");
    std::fs::write(&ca, fake.ca_pem()).unwrap();
    let ca = ca.to_str().unwrap().to_string();
    Setup { fake, v, ca }
}

impl Setup {
    /// `integration add azure NAME` pointed at the fake, with the CA.
    fn add_args(&self, name: &str) -> Vec<String> {
        [
            "integration",
            "add",
            "azure",
            name,
            "--authority-host",
            &self.fake.url(),
            "--vault-url",
            &self.fake.url(),
            "--ca-cert",
            &self.ca,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    /// The binary with the vault key, as a plain process whose stderr the test reads as it
    /// comes (interactive sign-in).
    fn spawn(&self, args: &[String]) -> (Child, mpsc::Receiver<String>) {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("locket"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", std::env::temp_dir().join("locket-test-home-unused"))
            .env("LOCKET_NO_PROMPT", "1")
            .env("NO_COLOR", "1")
            .env("LOCKET_VAULT_KEY", &self.v.key)
            .arg("--vault-dir")
            .arg(&self.v.dir)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        (child, rx)
    }

    fn link(&self, name: &str, reference: &str) {
        self.v
            .cmd()
            .args(["link", name, reference])
            .assert()
            .success();
    }

    fn render(&self, template: &str, flags: &[&str]) -> Output {
        self.v
            .cmd()
            .arg("render")
            .args(flags)
            .write_stdin(template)
            .output()
            .unwrap()
    }
}

/// Lines of stderr until one matches `pick`; all of them, for the failure message.
fn wait_for(rx: &mpsc::Receiver<String>, pick: impl Fn(&str) -> bool) -> (String, Vec<String>) {
    let mut seen = Vec::new();
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no such line on stderr; saw: {seen:#?}"));
        seen.push(line.clone());
        if pick(&line) {
            return (line, seen);
        }
    }
}

fn finish(child: Child, rx: mpsc::Receiver<String>) -> (i32, String) {
    let out = child.wait_with_output().unwrap();
    let rest: Vec<String> = rx.try_iter().collect();
    (out.status.code().unwrap_or(-1), rest.join("\n"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_not_in_vault_files(v: &TestVault, needles: &[&str]) {
    for file in files_under(&v.dir) {
        let bytes = std::fs::read(&file).unwrap();
        for needle in needles {
            assert!(
                !contains(&bytes, needle.as_bytes()),
                "{needle} in {}",
                file.display()
            );
        }
    }
}

#[test]
fn service_principal_with_a_secret_on_stdin_and_a_custom_ca() {
    let s = setup();
    let mut args = s.add_args("kv");
    args.extend(
        [
            "--tenant",
            TENANT,
            "--client-id",
            CLIENT_ID,
            "--client-secret-stdin",
        ]
        .map(String::from),
    );
    s.v.cmd()
        .args(&args)
        .write_stdin(format!("{CLIENT_SECRET}\n"))
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "service principal (app {CLIENT_ID}"
        )));
    s.v.cmd()
        .args(["integration", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("client secret").and(predicate::str::contains("custom CA")),
        );
    s.link("key", &format!("{VAULT}/secrets/api-key"));
    s.link("dbpw", &format!("{VAULT}/secrets/db#password"));
    let out = s.render("{{vault:key}} {{vault:dbpw}}", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{API_KEY} azure-e2e-db-password-51e0")
    );
    s.v.cmd()
        .args(["integration", "test", "kv"])
        .assert()
        .success()
        .stderr(predicate::str::contains(TENANT));

    // reauth takes a new client secret from stdin, keeping tenant, app, URLs and CA.
    s.v.cmd()
        .args(["integration", "reauth", "kv", "--client-secret-stdin"])
        .write_stdin(format!("{CLIENT_SECRET}\n"))
        .assert()
        .success()
        .stderr(predicate::str::contains("signed in: service principal"));
    s.v.cmd()
        .args(["integration", "reauth", "kv", "--client-secret-stdin"])
        .write_stdin("not-the-secret-8c2a\n")
        .assert()
        .code(5)
        .stderr(
            predicate::str::contains("locket integration reauth kv")
                .and(predicate::str::contains("not-the-secret").not()),
        );
    s.fake.set_secret("off", "disabled-value-0c1e");
    s.fake.disable("off");
    s.link("off", &format!("{VAULT}/secrets/off"));
    let out = s.render("{{vault:off}}", &[]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("disabled"), "{}", stderr(&out));
    s.link("gone", &format!("{VAULT}/secrets/no-such-secret"));
    let out = s.render("{{vault:gone}}", &[]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));

    assert_not_in_vault_files(
        &s.v,
        &[
            CLIENT_SECRET,
            API_KEY,
            "azure-e2e-db-password",
            "disabled-value",
        ],
    );
}

#[test]
fn without_the_ca_the_fake_is_not_trusted_and_bad_secrets_are_exit_5() {
    let s = setup();
    s.v.cmd()
        .args([
            "integration",
            "add",
            "azure",
            "kv",
            "--authority-host",
            &s.fake.url(),
            "--tenant",
            TENANT,
            "--client-id",
            CLIENT_ID,
        ])
        .env("AZURE_CLIENT_SECRET", CLIENT_SECRET)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("--ca-cert"));
    // SSL_CERT_FILE works as --ca-cert does.
    s.v.cmd()
        .args([
            "integration",
            "add",
            "azure",
            "kv",
            "--authority-host",
            &s.fake.url(),
            "--vault-url",
            &s.fake.url(),
        ])
        .env("AZURE_TENANT_ID", TENANT)
        .env("AZURE_CLIENT_ID", CLIENT_ID)
        .env("AZURE_CLIENT_SECRET", "wrong-secret-value-4411")
        .env("SSL_CERT_FILE", &s.ca)
        .assert()
        .code(5)
        .stderr(
            predicate::str::contains("AADSTS7000215")
                .and(predicate::str::contains("locket integration reauth kv"))
                .and(predicate::str::contains("wrong-secret-value").not()),
        );
    s.v.cmd()
        .args(["integration", "add", "azure", "x", "--region", "us-east-1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--region applies to aws"));
    s.v.cmd()
        .args(["integration", "add", "hcv", "x", "--tenant", "t"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--tenant applies to azure"));
}

/// Device code at `add`; tokens short-lived so every run renews them with the stored
/// (rotating) refresh token; a revoked sign-in is exit 5 naming `reauth`, and `reauth` signs in
/// again.
#[test]
fn device_code_sign_in_silent_refresh_and_reauth() {
    let s = setup();
    s.fake.set_token_lifetime(120);
    let mut args = s.add_args("me");
    args.extend(["--sign-in", "device-code"].map(String::from));
    let (child, rx) = s.spawn(&args);
    let (line, _) = wait_for(&rx, |l| l.contains("enter the code"));
    let code = line
        .split_whitespace()
        .skip_while(|w| *w != "code")
        .nth(1)
        .unwrap()
        .to_string();
    assert!(s.fake.approve(&code), "{line}");
    let (status, rest) = finish(child, rx);
    assert_eq!(status, 0, "{rest}");
    assert!(rest.contains(USER), "{rest}");

    s.link("key", &format!("{VAULT}/secrets/api-key"));
    let before = s.fake.grants("refresh_token");
    for _ in 0..2 {
        let out = s.render("{{vault:key}}", &["--refresh"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), API_KEY);
    }
    // Each run renewed the short-lived token with the refresh token the run before stored.
    assert_eq!(s.fake.grants("refresh_token"), before + 2);

    s.fake.revoke_refresh_tokens();
    let out = s.render("{{vault:key}}", &["--refresh"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("run `locket integration reauth me`"),
        "{}",
        stderr(&out)
    );

    let (child, rx) = s.spawn(&["integration", "reauth", "me"].map(String::from));
    let (line, _) = wait_for(&rx, |l| l.contains("enter the code"));
    let code = line
        .split_whitespace()
        .skip_while(|w| *w != "code")
        .nth(1)
        .unwrap()
        .to_string();
    assert!(s.fake.approve(&code));
    let (status, rest) = finish(child, rx);
    assert_eq!(status, 0, "{rest}");
    let out = s.render("{{vault:key}}", &["--refresh"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_not_in_vault_files(&s.v, &[API_KEY]);
}

/// Browser sign-in with `--no-browser`: the URL is printed, the test opens it (the fake signs
/// the person in and redirects) and follows the redirect to locket's loopback listener.
#[test]
fn browser_sign_in_with_pkce_on_a_loopback_redirect() {
    let s = setup();
    let mut args = s.add_args("web");
    args.extend(["--sign-in", "browser", "--no-browser"].map(String::from));
    let (child, rx) = s.spawn(&args);
    let (url, _) = wait_for(&rx, |l| {
        l.starts_with("https://") && l.contains("/authorize?")
    });
    let http = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_certs_only(reqwest::Certificate::from_pem_bundle(s.fake.ca_pem().as_bytes()).unwrap())
        .build()
        .unwrap();
    let answer = http.get(&url).send().unwrap();
    assert_eq!(answer.status(), 302);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    let page = reqwest::blocking::get(&location).unwrap().text().unwrap();
    assert!(page.contains("Signed in"), "{page}");
    let (status, rest) = finish(child, rx);
    assert_eq!(status, 0, "{rest}");
    s.link("key", &format!("{VAULT}/secrets/api-key"));
    let out = s.render("{{vault:key}}", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), API_KEY);
}

/// The Azure CLI's token, from a fake `az` on PATH; without `az`, a clear usage error.
#[test]
fn azure_cli_sign_in_uses_az_on_path() {
    let s = setup();
    let bin = s.v.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let token = s.fake.issue_access_token();
    let az = bin.join("az");
    std::fs::write(
        &az,
        format!(
            "#!/bin/sh\n[ \"$1 $2\" = \"account get-access-token\" ] || exit 2\n\
             echo '{{\"accessToken\":\"{token}\",\"expires_on\":{},\"tenant\":\"{TENANT}\",\"tokenType\":\"Bearer\"}}'\n",
            4102444800i64
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut args = s.add_args("cli");
    args.extend(["--sign-in", "azure-cli"].map(String::from));
    s.v.cmd()
        .args(&args)
        .env("PATH", &path)
        .assert()
        .success()
        .stderr(predicate::str::contains(USER));
    s.link("key", &format!("{VAULT}/secrets/api-key"));
    let out =
        s.v.cmd()
            .arg("render")
            .env("PATH", &path)
            .write_stdin("{{vault:key}}")
            .output()
            .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), API_KEY);
    assert_not_in_vault_files(&s.v, &[&token]);

    let mut args = s.add_args("nocli");
    args.extend(["--sign-in", "azure-cli"].map(String::from));
    s.v.cmd()
        .args(&args)
        .env("PATH", "/nonexistent")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Azure CLI"));
}

/// `--ca-cert` is common to every provider: hcv still takes it (and checks the file), and a
/// file that is not PEM is a usage error naming it.
#[test]
fn ca_cert_is_a_common_flag_that_hcv_keeps() {
    let s = setup();
    let dead = "https://127.0.0.1:9";
    s.v.cmd()
        .args([
            "integration",
            "add",
            "hcv",
            "corp",
            "--address",
            dead,
            "--ca-cert",
            &s.ca,
            "--no-test",
        ])
        .env("VAULT_TOKEN", "s.not-a-real-token-123")
        .assert()
        .success();
    let not_pem = s.v.path("not-a-ca.txt");
    std::fs::write(&not_pem, "hello").unwrap();
    for kind in ["hcv", "azure"] {
        s.v.cmd()
            .args([
                "integration",
                "add",
                kind,
                "x",
                "--ca-cert",
                not_pem.to_str().unwrap(),
                "--no-test",
            ])
            .env("VAULT_TOKEN", "s.not-a-real-token-123")
            .env("AZURE_TENANT_ID", TENANT)
            .env("AZURE_CLIENT_ID", CLIENT_ID)
            .env("AZURE_CLIENT_SECRET", CLIENT_SECRET)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not-a-ca.txt"));
    }
    s.v.cmd()
        .args([
            "integration",
            "add",
            "aws",
            "x",
            "--ca-cert",
            not_pem.to_str().unwrap(),
            "--no-test",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not-a-ca.txt"));
    s.v.cmd()
        .args([
            "integration",
            "add",
            "aws",
            "x",
            "--region",
            "us-east-1",
            "--ca-cert",
            &s.ca,
            "--no-test",
        ])
        .assert()
        .success();
}
