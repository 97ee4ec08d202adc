//! `gcp` in the conformance suite: a fake Google Cloud (`support::fake_gcp`: the OAuth token
//! endpoint verifying service account JWT signatures, and Secret Manager v1 after its
//! discovery document), shared by the checks running at the same time. Secrets live in project
//! `conformance-proj`; a secret's payload is the JSON object written, each write a new version.

use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use data_encoding::BASE64;
use locket_providers::Scrubbed;
use locket_providers::gcp::{Credentials, DEFAULT_MAX_ATTEMPTS, GcpConfig, GcpProvider};
use secrecy::SecretString;
use serde_json::{Value, json};

use super::support::fake_gcp::{FakeGcp, ServiceAccount, crc32c};
use super::support::fake_http::{Request, Response};
use super::support::shared;
use super::{BadCredentials, Fixture, LONG_TIMEOUT};

const PROJECT: &str = "conformance-proj";
const EMAIL: &str = "locket-conformance@conformance-proj.iam.gserviceaccount.com";
/// The access token the scripted fakes' token endpoint hands out.
const FAKE_ACCESS_TOKEN: &str = "ya29.conformance-fake-access-token";

/// The service account the shared fake trusts, and one with the same email and another key.
fn good() -> &'static ServiceAccount {
    static KEY: OnceLock<ServiceAccount> = OnceLock::new();
    KEY.get_or_init(|| ServiceAccount::generate(EMAIL))
}
fn bogus() -> &'static ServiceAccount {
    static KEY: OnceLock<ServiceAccount> = OnceLock::new();
    KEY.get_or_init(|| ServiceAccount::generate(EMAIL))
}

fn key_lines(account: &ServiceAccount) -> Vec<String> {
    account
        .private_key_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::to_string)
        .collect()
}

fn provider(url: &str, account: &ServiceAccount, timeout: Duration) -> Scrubbed<GcpProvider> {
    let mut config = GcpConfig::new(Credentials::ServiceAccount {
        client_email: account.client_email.clone(),
        private_key: SecretString::from(account.private_key_pem.clone()),
        private_key_id: Some("key-1".into()),
        token_uri: format!("{url}/token"),
        project_id: Some(PROJECT.into()),
    });
    config.endpoint = url.to_string();
    config.project = Some(PROJECT.into());
    config.timeout_ms = timeout.as_millis() as u64;
    Scrubbed::new(GcpProvider::new(config).unwrap())
}

pub struct GcpFixture {
    fake: Arc<FakeGcp>,
}

impl Fixture for GcpFixture {
    type Provider = Scrubbed<GcpProvider>;

    fn start() -> Self {
        static SHARED: Mutex<Weak<FakeGcp>> = Mutex::new(Weak::new());
        GcpFixture {
            fake: shared(&SHARED, || {
                let fake = FakeGcp::start();
                fake.trust(good());
                fake
            }),
        }
    }

    fn write(&self, name: &str, data: &Value) -> String {
        self.write_text(name, &data.to_string()).expect("any text")
    }

    fn write_text(&self, name: &str, text: &str) -> Option<String> {
        Some(
            self.fake
                .add_version(PROJECT, name, text.as_bytes())
                .to_string(),
        )
    }

    fn reference(&self, name: &str, version: Option<&str>, key: Option<&str>) -> String {
        let version = version
            .map(|v| format!("/versions/{v}"))
            .unwrap_or_default();
        let key = key.map(|k| format!("#{k}")).unwrap_or_default();
        format!("gcp-sm://projects/{PROJECT}/secrets/{name}{version}{key}")
    }

    fn provider(&self) -> Scrubbed<GcpProvider> {
        provider(&self.fake.url(), good(), LONG_TIMEOUT)
    }

    fn bad_credentials(&self, name: &str, data: &Value) -> BadCredentials<Scrubbed<GcpProvider>> {
        self.write(name, data);
        BadCredentials {
            provider: provider(&self.fake.url(), bogus(), LONG_TIMEOUT),
            credentials: key_lines(bogus()),
            server: None,
        }
    }

    fn credentials() -> Vec<String> {
        let mut all = key_lines(good());
        all.push(FAKE_ACCESS_TOKEN.to_string());
        all
    }

    fn at(url: &str, timeout: Duration) -> Scrubbed<GcpProvider> {
        provider(url, good(), timeout)
    }

    const MAX_ATTEMPTS: u32 = DEFAULT_MAX_ATTEMPTS;
    const MISSING_VERSION: &'static str = "99";
    const FAKE_REFERENCE: &'static str = "gcp-sm://projects/app/secrets/db#k";

    /// The token exchange before the read.
    fn fake_prelude(request: &Request) -> Option<Response> {
        (request.path == "/token").then(|| {
            let body = json!({"access_token": FAKE_ACCESS_TOKEN, "expires_in": 3599, "token_type": "Bearer"});
            Response::new(200, "application/json", body.to_string())
        })
    }

    fn fake_value(value: &str) -> Response {
        let data = json!({ "k": value }).to_string();
        let body = json!({
            "name": "projects/app/secrets/db/versions/7",
            "payload": {"data": BASE64.encode(data.as_bytes()), "dataCrc32c": crc32c(data.as_bytes()).to_string()},
        });
        Response::new(200, "application/json", body.to_string())
    }

    /// google.rpc.Status, as Google's APIs answer.
    fn fake_error(status: u16) -> Response {
        let (name, message) = match status {
            429 => (
                "RESOURCE_EXHAUSTED",
                "Quota exceeded for quota metric 'Access requests'",
            ),
            503 => ("UNAVAILABLE", "The service is currently unavailable."),
            504 => ("DEADLINE_EXCEEDED", "Deadline exceeded."),
            _ => ("INTERNAL", "Internal error encountered."),
        };
        let body = json!({"error": {"code": status, "message": message, "status": name}});
        Response::new(status, "application/json", body.to_string())
    }

    fn fake_refusal(message: &str) -> Response {
        let body =
            json!({"error": {"code": 403, "message": message, "status": "PERMISSION_DENIED"}});
        Response::new(403, "application/json", body.to_string())
    }
}
