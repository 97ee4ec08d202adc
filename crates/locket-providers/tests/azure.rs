//! The Azure Key Vault provider against the fake Key Vault + Entra ID of `support::azure`
//! (HTTPS with a test CA): every sign-in, the 401 challenge, silent refresh and what happens
//! when it fails, Key Vault's errors, and the custom CA.
#![cfg(feature = "azure")]

use std::sync::mpsc;
use std::time::Duration;

use locket_providers::azure::signin::{self, BrowserOptions};
use locket_providers::azure::{Auth, AzureConfig, AzureProvider, StoredToken};
use locket_providers::{Provider, ProviderError};
use secrecy::ExposeSecret;

mod support;
use support::azure::{CLIENT_ID, FakeAzure, TENANT, USER};
use support::fake_http::{FakeHttp, Response};

const SECRET: &str = "azure-test-client-secret-never-shown";
const VAULT: &str = "https://kv-test.vault.azure.net";

fn base(fake: &FakeAzure, auth: Auth) -> AzureConfig {
    let mut config = AzureConfig::new(TENANT, CLIENT_ID, auth);
    config.authority_host = fake.url();
    config.vault_url = Some(fake.url());
    config.ca_cert_pem = Some(fake.ca_pem().to_string());
    config
}

fn sp(fake: &FakeAzure) -> AzureConfig {
    base(
        fake,
        Auth::ClientSecret {
            secret: SECRET.into(),
        },
    )
}

fn text(p: &AzureProvider, reference: &str) -> String {
    let fetched = p
        .fetch(reference)
        .unwrap_or_else(|e| panic!("{reference}: {e}"));
    String::from_utf8(fetched.value.expose_secret().to_vec()).unwrap()
}

fn start() -> FakeAzure {
    FakeAzure::start(&[(CLIENT_ID, SECRET)])
}

#[test]
fn service_principal_follows_the_challenge_once_and_reads_versions() {
    let fake = start();
    let v1 = fake.set_secret("db-password", "first");
    let v2 = fake.set_secret("db-password", "second");
    let p = AzureProvider::new(sp(&fake)).unwrap();
    assert_eq!(text(&p, &format!("{VAULT}/secrets/db-password")), "second");
    let fetched = p
        .fetch(&format!("{VAULT}/secrets/db-password/{v1}"))
        .unwrap();
    assert_eq!(fetched.value.expose_secret(), b"first");
    assert_eq!(fetched.version.as_deref(), Some(v1.as_str()));
    assert_eq!(
        p.fetch(&format!("{VAULT}/secrets/db-password"))
            .unwrap()
            .version
            .as_deref(),
        Some(v2.as_str())
    );
    // One unauthenticated request (the challenge), then the token at once.
    let requests = fake.vault_requests();
    assert_eq!(requests[0], (false, 401));
    assert!(
        requests[1..].iter().all(|r| *r == (true, 200)),
        "{requests:?}"
    );
    assert_eq!(fake.grants("client_credentials"), 1);
    let who = p.whoami().unwrap();
    assert!(
        who.contains(&format!("service principal (app {CLIENT_ID}")),
        "{who}"
    );
    assert!(who.contains(TENANT), "{who}");
    // The token is handed back to be stored.
    let stored: AzureConfig = serde_json::from_slice(&p.refreshed_config().unwrap()).unwrap();
    assert!(stored.token.is_some());
    let again = AzureProvider::new(stored).unwrap();
    assert_eq!(
        text(&again, &format!("{VAULT}/secrets/db-password")),
        "second"
    );
    assert_eq!(
        fake.grants("client_credentials"),
        1,
        "the stored token is reused"
    );
}

fn user(fake: &FakeAzure, expires_in: i64) -> AzureConfig {
    let mut config = base(
        fake,
        Auth::User {
            refresh_token: fake.issue_refresh_token().into(),
            flow: "device_code".into(),
            account: Some(USER.into()),
        },
    );
    config.token = Some(StoredToken {
        access_token: "expired-access-token-never-shown".into(),
        expires_at: chrono_now() + expires_in,
        resource: "https://vault.azure.net".into(),
    });
    config
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn expired_token_is_refreshed_silently_and_the_rotated_refresh_token_kept() {
    let fake = start();
    fake.set_secret("api-key", "k-123");
    let config = user(&fake, -10);
    let Auth::User { refresh_token, .. } = &config.auth else {
        unreachable!()
    };
    let old_refresh = refresh_token.expose_secret().to_string();
    let p = AzureProvider::new(config).unwrap();
    assert_eq!(text(&p, &format!("{VAULT}/secrets/api-key")), "k-123");
    assert_eq!(fake.grants("refresh_token"), 1);
    let stored: AzureConfig = serde_json::from_slice(&p.refreshed_config().unwrap()).unwrap();
    let Auth::User { refresh_token, .. } = &stored.auth else {
        panic!("not a user config")
    };
    assert_ne!(refresh_token.expose_secret(), old_refresh, "rotated");
    assert!(stored.token.as_ref().unwrap().expires_at > chrono_now() + 600);
    // The next run starts from the stored token: no refresh.
    let next = AzureProvider::new(stored).unwrap();
    assert_eq!(text(&next, &format!("{VAULT}/secrets/api-key")), "k-123");
    assert_eq!(fake.grants("refresh_token"), 1);
    assert!(next.refreshed_config().is_none(), "nothing changed");
    let who = next.whoami().unwrap();
    assert!(who.contains(USER), "{who}");
}

#[test]
fn failed_refresh_says_reauth_and_shows_no_token() {
    let fake = start();
    fake.set_secret("api-key", "k-123");
    let config = user(&fake, -10);
    let Auth::User { refresh_token, .. } = &config.auth else {
        unreachable!()
    };
    let refresh = refresh_token.expose_secret().to_string();
    fake.revoke_refresh_tokens();
    let p = AzureProvider::new(config).unwrap();
    let e = p.fetch(&format!("{VAULT}/secrets/api-key")).unwrap_err();
    let shown = format!("{e} {e:?}");
    assert!(matches!(e, ProviderError::Auth(_)), "{e:?}");
    assert!(shown.contains("locket integration reauth"), "{shown}");
    assert!(shown.contains("AADSTS700082"), "{shown}");
    assert!(
        !shown.contains(&refresh) && !shown.contains("expired-access-token"),
        "{shown}"
    );
    assert!(p.refreshed_config().is_none());
}

#[test]
fn a_token_key_vault_refuses_is_renewed_once() {
    let fake = start();
    fake.set_secret("s", "v");
    let p = AzureProvider::new(sp(&fake)).unwrap();
    assert_eq!(text(&p, &format!("{VAULT}/secrets/s")), "v");
    fake.revoke_access_tokens();
    assert_eq!(text(&p, &format!("{VAULT}/secrets/s")), "v");
    assert_eq!(fake.grants("client_credentials"), 2);
}

#[test]
fn disabled_missing_and_throttled_secrets() {
    let fake = start();
    fake.set_secret("off", "hidden-value");
    fake.disable("off");
    fake.set_secret("busy", "busy-value");
    let p = AzureProvider::new(sp(&fake)).unwrap();
    let e = p.fetch(&format!("{VAULT}/secrets/off")).unwrap_err();
    assert!(
        matches!(&e, ProviderError::Other(m) if m.contains("disabled") && m.contains("SecretDisabled") && m.contains("set-attributes")),
        "{e:?}"
    );
    assert!(!e.to_string().contains("hidden-value"));
    let e = p.fetch(&format!("{VAULT}/secrets/nope")).unwrap_err();
    assert!(
        matches!(&e, ProviderError::NotFound(m) if m.contains("`nope`") && m.contains("SecretNotFound")),
        "{e:?}"
    );
    fake.throttle(1);
    assert_eq!(text(&p, &format!("{VAULT}/secrets/busy")), "busy-value");
    fake.throttle(10);
    let e = p.fetch(&format!("{VAULT}/secrets/busy")).unwrap_err();
    assert!(
        matches!(&e, ProviderError::Unavailable(m) if m.contains("429") && m.contains("throttling")),
        "{e:?}"
    );
}

#[test]
fn an_untrusted_certificate_points_at_ca_cert() {
    let fake = start();
    let mut config = sp(&fake);
    config.ca_cert_pem = None;
    let p = AzureProvider::new(config).unwrap();
    let e = p.fetch(&format!("{VAULT}/secrets/s")).unwrap_err();
    assert!(
        matches!(&e, ProviderError::Unavailable(m) if m.contains("--ca-cert")),
        "{e:?}"
    );
}

#[test]
fn a_challenge_for_another_resource_gets_no_token() {
    let fake = FakeHttp::start(
        |_| None,
        |_, _| {
            Response::new(401, "application/json", r#"{"error":{"code":"Unauthorized","message":"no"}}"#)
                .with_header("WWW-Authenticate", r#"Bearer authorization="https://login.microsoftonline.com/t", resource="https://evil.example.com""#)
        },
    );
    let mut config = AzureConfig::new(
        TENANT,
        CLIENT_ID,
        Auth::ClientSecret {
            secret: SECRET.into(),
        },
    );
    config.authority_host = fake.url();
    config.vault_url = Some(fake.url());
    let p = AzureProvider::new(config).unwrap();
    let e = p.fetch(&format!("{VAULT}/secrets/s")).unwrap_err();
    assert!(
        matches!(&e, ProviderError::Auth(m) if m.contains("evil.example.com") && m.contains("does not send tokens")),
        "{e:?}"
    );
    assert_eq!(fake.scripted(), 1, "no token request, no second try");
}

#[test]
fn device_code_sign_in_driven_end_to_end() {
    let fake = start();
    fake.set_secret("s", "device-value");
    let mut config = base(&fake, Auth::AzureCli);
    config.tenant_id = "organizations".into();
    let (tx, rx) = mpsc::channel();
    let signing = std::thread::spawn(move || {
        signin::device_code(&config, &mut |prompt| tx.send(prompt.clone()).unwrap())
    });
    let prompt = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(
        prompt.message.contains(&prompt.user_code),
        "{}",
        prompt.message
    );
    assert!(prompt.message.contains("/devicelogin"));
    // The person takes a moment: locket polls meanwhile.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(fake.approve(&prompt.user_code));
    let signed = signing.join().unwrap().unwrap();
    assert!(
        fake.grants("urn:ietf:params:oauth:grant-type:device_code") >= 2,
        "polled"
    );
    assert!(
        matches!(&signed.auth, Auth::User { flow, account: Some(a), .. } if flow == "device_code" && a == USER)
    );
    let p = AzureProvider::new(signed).unwrap();
    assert_eq!(text(&p, &format!("{VAULT}/secrets/s")), "device-value");
    assert!(p.whoami().unwrap().contains(USER));
}

/// The person: opens the authorize URL (the fake signs them in at once and redirects) and the
/// browser follows the redirect to locket's loopback listener.
pub fn follow_authorize_url(url: &str, ca_pem: &str) -> String {
    let http = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_certs_only(reqwest::Certificate::from_pem_bundle(ca_pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    let answer = http.get(url).send().unwrap();
    assert_eq!(answer.status(), 302);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    let page = reqwest::blocking::get(&location).unwrap();
    assert!(page.status().is_success());
    page.text().unwrap()
}

#[test]
fn browser_sign_in_with_pkce_driven_end_to_end() {
    let fake = start();
    fake.set_secret("s", "browser-value");
    let config = base(&fake, Auth::AzureCli);
    let (tx, rx) = mpsc::channel();
    let options = BrowserOptions {
        wait: Duration::from_secs(30),
    };
    let signing = std::thread::spawn(move || {
        signin::browser(&config, &options, &mut |url| {
            tx.send(url.to_string()).unwrap()
        })
    });
    let url = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(
        url.contains("code_challenge_method=S256")
            && url.contains("redirect_uri=http%3A%2F%2Flocalhost%3A"),
        "{url}"
    );
    let page = follow_authorize_url(&url, fake.ca_pem());
    assert!(page.contains("Signed in"), "{page}");
    let signed = signing.join().unwrap().unwrap();
    assert!(matches!(&signed.auth, Auth::User { flow, .. } if flow == "browser"));
    assert_eq!(fake.grants("authorization_code"), 1);
    let p = AzureProvider::new(signed).unwrap();
    assert_eq!(text(&p, &format!("{VAULT}/secrets/s")), "browser-value");
}

#[test]
fn certificate_credential_signs_a_client_assertion() {
    let fake = start();
    fake.set_secret("s", "cert-value");
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
    let params = rcgen::CertificateParams::new(vec!["locket-test-app".to_string()]).unwrap();
    let cert = params.self_signed(&key).unwrap();
    let pem = format!("{}{}", cert.pem(), key.serialize_pem());
    fake.allow_assertions("cert-app");
    let mut config = base(
        &fake,
        Auth::ClientCertificate {
            pem: pem.clone().into(),
        },
    );
    config.client_id = "cert-app".into();
    let p = AzureProvider::new(config).unwrap();
    assert_eq!(text(&p, &format!("{VAULT}/secrets/s")), "cert-value");
    assert!(p.whoami().unwrap().contains("cert-app"));
    let mut bad = base(
        &fake,
        Auth::ClientCertificate {
            pem: "not a pem".into(),
        },
    );
    bad.client_id = "cert-app".into();
    assert!(matches!(
        AzureProvider::new(bad),
        Err(ProviderError::Auth(_))
    ));
}
