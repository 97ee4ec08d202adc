//! Building the SDK clients from an [`AwsConfig`]: credentials, region, endpoint, timeouts and
//! retries. Done once per provider, on the provider's runtime.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_secretsmanager::config::interceptors::InterceptorContext;
use aws_sdk_secretsmanager::config::retry::{ClassifyRetry, RetryAction};
use secrecy::ExposeSecret;

use super::config::AwsConfig;

/// Attempts per call, the first included (the SDK's standard retry mode, with backoff).
pub const MAX_ATTEMPTS: u32 = 3;

/// The clients of one integration. Cheap to clone (they share their connections).
#[derive(Clone)]
pub(crate) struct Clients {
    pub sdk: SdkConfig,
    pub secrets: aws_sdk_secretsmanager::Client,
    pub sts: aws_sdk_sts::Client,
}

impl Clients {
    /// The region requests go to unless a reference's ARN names another.
    pub fn region(&self) -> Option<&str> {
        self.sdk.region().map(Region::as_ref)
    }
}

pub(crate) async fn build(config: AwsConfig) -> Clients {
    let timeout = config.timeout();
    let half = (timeout / 2).max(Duration::from_millis(500));
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(half)
                .operation_attempt_timeout(half)
                .operation_timeout(timeout)
                .build(),
        )
        // The HTTP providers' backoff (crate::transport), within the SDK's standard retries.
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(MAX_ATTEMPTS)
                .with_initial_backoff(crate::transport::BACKOFF_BASE)
                .with_max_backoff(crate::transport::BACKOFF_CAP),
        );
    if let Some(region) = &config.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(profile) = &config.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &config.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some(pem) = &config.ca_cert_pem {
        loader = loader.http_client(https_trusting(pem));
    }
    if let Some(keys) = &config.static_keys {
        loader = loader.credentials_provider(Credentials::new(
            keys.access_key_id.clone(),
            keys.secret_access_key.expose_secret().to_owned(),
            keys.session_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned()),
            None,
            "locket integration keys",
        ));
    }
    let mut sdk = loader.load().await;
    if let Some(role) = &config.assume_role {
        let mut builder = AssumeRoleProvider::builder(role.role_arn.clone())
            .session_name(role.session_name.as_deref().unwrap_or("locket"));
        if let Some(id) = &role.external_id {
            builder = builder.external_id(id);
        }
        let provider = builder.configure(&sdk).build().await;
        sdk = sdk
            .into_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build();
    }
    let secrets = aws_sdk_secretsmanager::config::Builder::from(&sdk)
        .retry_classifier(TooManyRequests)
        .build();
    Clients {
        secrets: aws_sdk_secretsmanager::Client::from_conf(secrets),
        sts: aws_sdk_sts::Client::new(&sdk),
        sdk,
    }
}

/// The SDK's default HTTPS client (rustls on aws-lc-rs, the system's roots) that also trusts
/// the certificates in `pem`. A PEM that rustls cannot read adds nothing: the connection then
/// fails with the certificate error, which names the problem.
fn https_trusting(pem: &str) -> aws_sdk_secretsmanager::config::SharedHttpClient {
    use aws_smithy_http_client::tls::{self, TlsContext, TrustStore, rustls_provider::CryptoMode};
    let trust = TrustStore::default().with_pem_certificate(pem.as_bytes());
    let context = TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .expect("a TLS context with a trust store builds");
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
        .tls_context(context)
        .build_https()
}

/// Retries an HTTP 429 that carries no AWS error code, as throttling. AWS itself throttles
/// with a 400 and a code (`ThrottlingException`, which the SDK retries), but a proxy, API
/// gateway or VPC endpoint in front of it answers a bare 429, which the SDK's classifiers
/// (500, 502, 503, 504 and the modelled codes) would leave unretried.
#[derive(Debug)]
struct TooManyRequests;

impl ClassifyRetry for TooManyRequests {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.response() {
            Some(response) if response.status().as_u16() == 429 => RetryAction::throttling_error(),
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "HTTP 429 without an AWS error code"
    }
}

/// Where Secrets Manager requests go, for messages: the integration's endpoint, the
/// environment's, or AWS's regional one.
pub(crate) fn secrets_endpoint(config: &AwsConfig, region: &str) -> String {
    config
        .endpoint_url
        .clone()
        .or_else(|| env_nonempty("AWS_ENDPOINT_URL_SECRETS_MANAGER"))
        .or_else(|| env_nonempty("AWS_ENDPOINT_URL"))
        .unwrap_or_else(|| format!("https://secretsmanager.{region}.amazonaws.com"))
}

/// Where STS requests go, for messages.
pub(crate) fn sts_endpoint(config: &AwsConfig, region: &str) -> String {
    config
        .endpoint_url
        .clone()
        .or_else(|| env_nonempty("AWS_ENDPOINT_URL_STS"))
        .or_else(|| env_nonempty("AWS_ENDPOINT_URL"))
        .unwrap_or_else(|| format!("https://sts.{region}.amazonaws.com"))
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
