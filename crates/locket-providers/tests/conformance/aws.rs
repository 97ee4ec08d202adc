//! `aws` in the conformance suite: moto in server mode standing in for AWS Secrets Manager,
//! shared by the checks running at the same time; secrets named `locket-conformance/…`, each
//! written as a JSON object (`SecretString`). The refused-credentials check gets a moto of its
//! own, since turning on moto's signature checks affects the whole server.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use locket_providers::Scrubbed;
use locket_providers::aws::{AwsConfig, AwsProvider, MAX_ATTEMPTS, StaticKeys};
use serde_json::{Value, json};

use super::support::fake_http::Response;
use super::support::moto::{Admin, Moto, shared_moto};
use super::{BadCredentials, Fixture, LONG_TIMEOUT};

const REGION: &str = "us-east-1";
const ACCESS_KEY: &str = "AKIACONFORMANCE00001";
const SECRET_KEY: &str = "conformance-secret-access-key-never-shown";
const SESSION_TOKEN: &str = "conformance-session-token-never-shown";
/// An access key id moto (with its checks on) does not know, and its secret key.
const UNKNOWN_KEY: &str = "AKIACONFORMANCEBOGUS";
const UNKNOWN_SECRET: &str = "conformance-unknown-secret-key-never-shown";

pub struct AwsFixture {
    moto: Arc<Moto>,
    admin: Admin,
    created: Mutex<HashSet<String>>,
}

fn config(
    endpoint: &str,
    id: &str,
    secret: &str,
    token: Option<&str>,
    timeout: Duration,
) -> AwsConfig {
    AwsConfig {
        region: Some(REGION.into()),
        static_keys: Some(StaticKeys {
            access_key_id: id.into(),
            secret_access_key: secret.into(),
            session_token: token.map(Into::into),
        }),
        endpoint_url: Some(endpoint.into()),
        // Whole seconds: the checks use 2 s and 10 s.
        timeout_secs: Some(timeout.as_secs()),
        ..AwsConfig::default()
    }
}

fn secret_id(name: &str) -> String {
    format!("locket-conformance/{name}")
}

impl Fixture for AwsFixture {
    type Provider = Scrubbed<AwsProvider>;

    fn start() -> Self {
        let moto = shared_moto();
        let admin = Admin::new(&moto.endpoint(), REGION);
        AwsFixture {
            moto,
            admin,
            created: Mutex::new(HashSet::new()),
        }
    }

    fn write(&self, name: &str, data: &Value) -> String {
        self.write_text(name, &data.to_string()).expect("any text")
    }

    fn write_text(&self, name: &str, text: &str) -> Option<String> {
        let id = secret_id(name);
        Some(if self.created.lock().unwrap().insert(id.clone()) {
            self.admin.create(&id, text).1
        } else {
            self.admin.put(&id, text, &[])
        })
    }

    fn reference(&self, name: &str, version: Option<&str>, key: Option<&str>) -> String {
        let version = version
            .map(|v| format!("?version-id={v}"))
            .unwrap_or_default();
        let key = key.map(|k| format!("#{k}")).unwrap_or_default();
        format!("aws-sm://{}{version}{key}", secret_id(name))
    }

    fn provider(&self) -> Scrubbed<AwsProvider> {
        Scrubbed::new(
            AwsProvider::new(config(
                &self.moto.endpoint(),
                ACCESS_KEY,
                SECRET_KEY,
                Some(SESSION_TOKEN),
                LONG_TIMEOUT,
            ))
            .unwrap(),
        )
    }

    fn bad_credentials(&self, name: &str, data: &Value) -> BadCredentials<Scrubbed<AwsProvider>> {
        let own = Moto::start();
        Admin::new(&own.endpoint(), REGION).create(&secret_id(name), &data.to_string());
        own.enforce_auth();
        let provider = Scrubbed::new(
            AwsProvider::new(config(
                &own.endpoint(),
                UNKNOWN_KEY,
                UNKNOWN_SECRET,
                None,
                LONG_TIMEOUT,
            ))
            .unwrap(),
        );
        BadCredentials {
            provider,
            credentials: vec![UNKNOWN_KEY.into(), UNKNOWN_SECRET.into()],
            server: Some(Box::new(own)),
        }
    }

    fn credentials() -> Vec<String> {
        [ACCESS_KEY, SECRET_KEY, SESSION_TOKEN]
            .map(String::from)
            .to_vec()
    }

    fn at(url: &str, timeout: Duration) -> Scrubbed<AwsProvider> {
        Scrubbed::new(
            AwsProvider::new(config(
                url,
                ACCESS_KEY,
                SECRET_KEY,
                Some(SESSION_TOKEN),
                timeout,
            ))
            .unwrap(),
        )
    }

    const MAX_ATTEMPTS: u32 = MAX_ATTEMPTS;
    const MISSING_VERSION: &'static str = "00000000-0000-4000-8000-000000000000";
    const FAKE_REFERENCE: &'static str = "aws-sm://conformance/fake";

    fn fake_value(value: &str) -> Response {
        let body = json!({
            "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:conformance/fake-AbCdEf",
            "Name": "conformance/fake",
            "VersionId": "11111111-2222-4333-8444-555555555555",
            "SecretString": value,
            "VersionStages": ["AWSCURRENT"],
            "CreatedDate": 1_700_000_000,
        });
        Response::new(200, "application/x-amz-json-1.1", body.to_string())
    }

    /// AWS's JSON-protocol error shape: the code in `x-amzn-ErrorType` and `__type`.
    fn fake_error(status: u16) -> Response {
        let (code, message) = match status {
            429 => ("ThrottlingException", "Rate exceeded"),
            500 => ("InternalServiceError", "An internal error occurred."),
            503 => ("ServiceUnavailable", "Service unavailable."),
            _ => ("InternalFailure", "The request processing has failed."),
        };
        let body = json!({ "__type": code, "message": message });
        Response::new(status, "application/x-amz-json-1.1", body.to_string())
            .with_header("x-amzn-ErrorType", code)
            .with_header("x-amzn-RequestId", "conformance")
    }

    fn fake_refusal(message: &str) -> Response {
        let code = "AccessDeniedException";
        let body = json!({ "__type": code, "message": message });
        Response::new(400, "application/x-amz-json-1.1", body.to_string())
            .with_header("x-amzn-ErrorType", code)
            .with_header("x-amzn-RequestId", "conformance")
    }
}
