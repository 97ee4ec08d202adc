//! `azure` in the conformance suite: the fake Key Vault + Entra ID of `support::azure` over
//! TLS with its test CA (each check starts its own), a service principal signing in with a
//! client secret. Secret values are written as the JSON text of the data (Key Vault values
//! are strings; `#KEY` picks a member). The scripted fakes speak plain http on 127.0.0.1,
//! which the provider allows for this machine only; their prelude plays Entra ID and Key
//! Vault's 401 challenge (as in the SDKs' challenge-based authentication recordings).

use std::time::Duration;

use locket_providers::Scrubbed;
use locket_providers::azure::{Auth, AzureConfig, AzureProvider, MAX_ATTEMPTS};
use serde_json::{Value, json};

use super::support::azure::{CLIENT_ID, FakeAzure, RESOURCE, TENANT};
use super::support::fake_http::{Request, Response};
use super::{BadCredentials, Fixture, LONG_TIMEOUT};

const CLIENT_SECRET: &str = "conformance-client-secret-never-shown";
const WRONG_SECRET: &str = "conformance-wrong-client-secret-never-shown";
/// The access token the scripted fake's prelude issues.
const FAKE_ACCESS_TOKEN: &str = "conformance-access-token-never-shown";
const VAULT: &str = "https://conformance.vault.azure.net";

pub struct AzureFixture {
    fake: FakeAzure,
}

fn config(url: &str, secret: &str, timeout: Duration, ca: Option<&str>) -> AzureConfig {
    let mut config = AzureConfig::new(
        TENANT,
        CLIENT_ID,
        Auth::ClientSecret {
            secret: secret.into(),
        },
    );
    config.authority_host = url.to_string();
    config.vault_url = Some(url.to_string());
    config.ca_cert_pem = ca.map(str::to_string);
    config.timeout_ms = timeout.as_millis() as u64;
    config
}

impl Fixture for AzureFixture {
    type Provider = Scrubbed<AzureProvider>;

    fn start() -> Self {
        AzureFixture {
            fake: FakeAzure::start(&[(CLIENT_ID, CLIENT_SECRET)]),
        }
    }

    fn write(&self, name: &str, data: &Value) -> String {
        self.fake.set_secret(name, &data.to_string())
    }

    fn write_text(&self, name: &str, text: &str) -> Option<String> {
        Some(self.fake.set_secret(name, text))
    }

    fn reference(&self, name: &str, version: Option<&str>, key: Option<&str>) -> String {
        let version = version.map(|v| format!("/{v}")).unwrap_or_default();
        let key = key.map(|k| format!("#{k}")).unwrap_or_default();
        format!("{VAULT}/secrets/{name}{version}{key}")
    }

    fn provider(&self) -> Scrubbed<AzureProvider> {
        Scrubbed::new(
            AzureProvider::new(config(
                &self.fake.url(),
                CLIENT_SECRET,
                LONG_TIMEOUT,
                Some(self.fake.ca_pem()),
            ))
            .unwrap(),
        )
    }

    fn bad_credentials(&self, name: &str, data: &Value) -> BadCredentials<Scrubbed<AzureProvider>> {
        self.fake.set_secret(name, &data.to_string());
        BadCredentials {
            provider: Scrubbed::new(
                AzureProvider::new(config(
                    &self.fake.url(),
                    WRONG_SECRET,
                    LONG_TIMEOUT,
                    Some(self.fake.ca_pem()),
                ))
                .unwrap(),
            ),
            credentials: vec![WRONG_SECRET.into()],
            server: None,
        }
    }

    fn credentials() -> Vec<String> {
        vec![CLIENT_SECRET.into(), FAKE_ACCESS_TOKEN.into()]
    }

    fn at(url: &str, timeout: Duration) -> Scrubbed<AzureProvider> {
        Scrubbed::new(AzureProvider::new(config(url, CLIENT_SECRET, timeout, None)).unwrap())
    }

    const MAX_ATTEMPTS: u32 = MAX_ATTEMPTS;
    const MISSING_VERSION: &'static str = "00000000000000000000000000000000";
    const FAKE_REFERENCE: &'static str = "https://conformance.vault.azure.net/secrets/fake";

    /// Entra ID's token endpoint, and Key Vault's challenge to a request without a token.
    fn fake_prelude(request: &Request) -> Option<Response> {
        if request.path.contains("/oauth2/v2.0/token") {
            let body = json!({
                "token_type": "Bearer",
                "expires_in": 3599,
                "access_token": FAKE_ACCESS_TOKEN,
            });
            return Some(Response::new(200, "application/json", body.to_string()));
        }
        if request.header("authorization").is_none() {
            let body = json!({"error": {"code": "Unauthorized", "message": "AKV10000: Request is missing a Bearer or PoP token."}});
            return Some(
                Response::new(401, "application/json; charset=utf-8", body.to_string()).with_header(
                    "WWW-Authenticate",
                    &format!("Bearer authorization=\"https://login.windows.net/{TENANT}\", resource=\"{RESOURCE}\""),
                ),
            );
        }
        None
    }

    fn fake_value(value: &str) -> Response {
        let body = json!({
            "value": value,
            "id": "https://conformance.vault.azure.net/secrets/fake/4bfbba74b2104886959a8dc7f956cd68",
            "attributes": {"enabled": true, "created": 1668124873, "updated": 1668124873, "recoveryLevel": "Recoverable+Purgeable"},
        });
        Response::new(200, "application/json; charset=utf-8", body.to_string())
    }

    /// Key Vault's error shape; 429 carries `Retry-After` as the throttling guidance says.
    fn fake_error(status: u16) -> Response {
        let (code, message) = match status {
            429 => (
                "Throttled",
                "Request was not processed because too many requests were received.",
            ),
            503 => ("ServiceUnavailable", "The service is unavailable."),
            _ => ("InternalServerError", "An internal server error occurred."),
        };
        let body = json!({"error": {"code": code, "message": message}});
        let response = Response::new(status, "application/json; charset=utf-8", body.to_string());
        if status == 429 {
            response.with_header("Retry-After", "1")
        } else {
            response
        }
    }

    fn fake_refusal(message: &str) -> Response {
        let body = json!({"error": {"code": "Forbidden", "message": message, "innererror": {"code": "AccessDenied"}}});
        Response::new(403, "application/json; charset=utf-8", body.to_string())
    }
}
