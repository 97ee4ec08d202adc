//! `hcv` in the conformance suite: a real OpenBao dev server (KV v2 at `secret/`), shared by
//! the checks running at the same time; secrets under `secret/conformance/`.

use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use locket_providers::Scrubbed;
use locket_providers::hcv::{DEFAULT_MAX_ATTEMPTS, HcvConfig, HcvProvider};
use secrecy::SecretString;
use serde_json::{Value, json};

use super::support::bao::{Bao, ROOT};
use super::support::fake_http::{Request, Response};
use super::support::shared;
use super::{BadCredentials, Fixture, LONG_TIMEOUT};

/// The token the fake-server checks send (the fake accepts any).
const FAKE_TOKEN: &str = "s.conformance-fake-token";
/// A token OpenBao has never issued.
const BOGUS_TOKEN: &str = "s.conformance-bogus-token-0000";

pub struct HcvFixture {
    bao: Arc<Bao>,
}

fn config(url: &str, token: &str, timeout: Duration) -> HcvConfig {
    let mut config = HcvConfig::with_token(url, SecretString::from(token.to_string()));
    config.timeout = timeout;
    config
}

impl Fixture for HcvFixture {
    type Provider = Scrubbed<HcvProvider>;

    fn start() -> Self {
        static SHARED: Mutex<Weak<Bao>> = Mutex::new(Weak::new());
        HcvFixture {
            bao: shared(&SHARED, Bao::start),
        }
    }

    fn write(&self, name: &str, data: &Value) -> String {
        let written = self.bao.api(
            "POST",
            &format!("secret/data/conformance/{name}"),
            None,
            json!({ "data": data }),
        );
        written["data"]["version"].to_string()
    }

    fn reference(&self, name: &str, version: Option<&str>, key: Option<&str>) -> String {
        let version = version.map(|v| format!("?version={v}")).unwrap_or_default();
        let key = key.map(|k| format!("#{k}")).unwrap_or_default();
        format!("hcv://secret/conformance/{name}{version}{key}")
    }

    fn provider(&self) -> Scrubbed<HcvProvider> {
        Scrubbed::new(HcvProvider::new(config(&self.bao.addr, ROOT, LONG_TIMEOUT)).unwrap())
    }

    fn bad_credentials(&self, name: &str, data: &Value) -> BadCredentials<Scrubbed<HcvProvider>> {
        self.write(name, data);
        BadCredentials {
            provider: Scrubbed::new(
                HcvProvider::new(config(&self.bao.addr, BOGUS_TOKEN, LONG_TIMEOUT)).unwrap(),
            ),
            credentials: vec![BOGUS_TOKEN.to_string()],
            server: None,
        }
    }

    fn credentials() -> Vec<String> {
        vec![ROOT.to_string(), FAKE_TOKEN.to_string()]
    }

    fn at(url: &str, timeout: Duration) -> Scrubbed<HcvProvider> {
        Scrubbed::new(HcvProvider::new(config(url, FAKE_TOKEN, timeout)).unwrap())
    }

    const MAX_ATTEMPTS: u32 = DEFAULT_MAX_ATTEMPTS;
    const MISSING_VERSION: &'static str = "99";
    const FAKE_REFERENCE: &'static str = "hcv://secret/app#k";

    /// The token lookup and the mount lookup that precede the first read.
    fn fake_prelude(request: &Request) -> Option<Response> {
        let body = if request.path.starts_with("/v1/auth/token/lookup-self") {
            json!({"data": {"display_name": "fake", "policies": ["default"], "ttl": 0}})
        } else if request.path.starts_with("/v1/sys/internal/ui/mounts/") {
            json!({"data": {"path": "secret/", "type": "kv", "options": {"version": "2"}}})
        } else {
            return None;
        };
        Some(Response::new(200, "application/json", body.to_string()))
    }

    fn fake_value(value: &str) -> Response {
        let body = json!({
            "lease_duration": 0,
            "data": {"data": {"k": value}, "metadata": {"version": 7}},
        });
        Response::new(200, "application/json", body.to_string())
    }

    /// Vault's error shape; 429 is what a rate limit quota answers.
    fn fake_error(status: u16) -> Response {
        let message = match status {
            429 => "request path \"secret/data/app\": rate limit quota exceeded",
            _ => "internal error",
        };
        let body = json!({ "errors": [message] });
        Response::new(status, "application/json", body.to_string())
    }

    fn fake_refusal(message: &str) -> Response {
        let body = json!({ "errors": [message] });
        Response::new(400, "application/json", body.to_string())
    }
}
