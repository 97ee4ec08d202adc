//! `onepassword` (kind `1password`) in the conformance suite, through Connect: a fake Connect
//! server (`support::fake_connect`, after the Connect OpenAPI spec) with one vault,
//! `conformance`, shared by the checks running at the same time. A secret is an item whose
//! fields are the object's keys (non-string values as JSON text); `#KEY` is the field.
//!
//! 1Password references always name a field and cannot name an older version of an item, so
//! the whole-secret read and `older_version` are skipped (`WHOLE_SECRET`, `VERSIONED`).

use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use locket_providers::Scrubbed;
use locket_providers::onepassword::{DEFAULT_MAX_ATTEMPTS, OnePasswordConfig, OnePasswordProvider};
use secrecy::SecretString;
use serde_json::{Value, json};

use super::support::fake_connect::FakeConnect;
use super::support::fake_http::{Request, Response};
use super::support::shared;
use super::{BadCredentials, Fixture, LONG_TIMEOUT};

/// The token the shared fake accepts.
const TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.conformance-connect-token.sig";
/// The token the scripted-fake checks send (those fakes accept any).
const FAKE_TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.conformance-fake-token.sig";
/// A token the shared fake refuses.
const BOGUS_TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.conformance-bogus-token.sig";

pub struct Server {
    connect: FakeConnect,
    vault: String,
}

pub struct OnePasswordFixture {
    server: Arc<Server>,
}

fn provider(url: &str, token: &str, timeout: Duration) -> Scrubbed<OnePasswordProvider> {
    let mut config = OnePasswordConfig::connect(url, SecretString::from(token.to_string()));
    config.timeout_ms = timeout.as_millis() as u64;
    Scrubbed::new(OnePasswordProvider::new(config).unwrap())
}

impl Fixture for OnePasswordFixture {
    type Provider = Scrubbed<OnePasswordProvider>;
    const VERSIONED: bool = false;
    const WHOLE_SECRET: bool = false;
    // A reference names a field; there is no JSON inside it to pick from.
    const JSON_KEYS: bool = false;

    fn start() -> Self {
        static SHARED: Mutex<Weak<Server>> = Mutex::new(Weak::new());
        OnePasswordFixture {
            server: shared(&SHARED, || {
                let connect = FakeConnect::start(TOKEN);
                let vault = connect.add_vault("conformance");
                Server { connect, vault }
            }),
        }
    }

    fn write(&self, name: &str, data: &Value) -> String {
        let fields: Vec<(String, String)> = data
            .as_object()
            .expect("an object")
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect();
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.server
            .connect
            .put_item(&self.server.vault, name, &fields)
            .to_string()
    }

    fn reference(&self, name: &str, _version: Option<&str>, key: Option<&str>) -> String {
        format!("op://conformance/{name}/{}", key.unwrap_or("password"))
    }

    fn provider(&self) -> Scrubbed<OnePasswordProvider> {
        provider(&self.server.connect.url(), TOKEN, LONG_TIMEOUT)
    }

    fn bad_credentials(
        &self,
        name: &str,
        data: &Value,
    ) -> BadCredentials<Scrubbed<OnePasswordProvider>> {
        self.write(name, data);
        BadCredentials {
            provider: provider(&self.server.connect.url(), BOGUS_TOKEN, LONG_TIMEOUT),
            credentials: vec![BOGUS_TOKEN.to_string()],
            server: None,
        }
    }

    fn credentials() -> Vec<String> {
        vec![TOKEN.to_string(), FAKE_TOKEN.to_string()]
    }

    fn at(url: &str, timeout: Duration) -> Scrubbed<OnePasswordProvider> {
        provider(url, FAKE_TOKEN, timeout)
    }

    const MAX_ATTEMPTS: u32 = DEFAULT_MAX_ATTEMPTS;
    const MISSING_VERSION: &'static str = "99";
    const FAKE_REFERENCE: &'static str = "op://app/db/password";

    /// The vault list and the vault's item list that precede the item read.
    fn fake_prelude(request: &Request) -> Option<Response> {
        let body = match request.path.as_str() {
            "/v1/vaults" => json!([{"id": "appvault000000000000000000", "name": "app"}]),
            "/v1/vaults/appvault000000000000000000/items" => {
                json!([{"id": "dbitem0000000000000000000a", "title": "db", "version": 7}])
            }
            _ => return None,
        };
        Some(Response::new(200, "application/json", body.to_string()))
    }

    fn fake_value(value: &str) -> Response {
        let body = json!({
            "id": "dbitem0000000000000000000a", "title": "db", "version": 7,
            "vault": {"id": "appvault000000000000000000"}, "category": "LOGIN",
            "fields": [{"id": "password", "type": "CONCEALED", "purpose": "PASSWORD",
                        "label": "password", "value": value}],
        });
        Response::new(200, "application/json", body.to_string())
    }

    /// Connect's `{status, message}` error shape.
    fn fake_error(status: u16) -> Response {
        let message = match status {
            429 => "too many requests",
            _ => "internal server error",
        };
        let body = json!({ "status": status, "message": message });
        Response::new(status, "application/json", body.to_string())
    }

    fn fake_refusal(message: &str) -> Response {
        let body = json!({ "status": 403, "message": message });
        Response::new(403, "application/json", body.to_string())
    }
}
