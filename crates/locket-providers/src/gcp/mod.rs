//! GCP Secret Manager: secret versions read with `…/versions/V:access` (REST v1), their
//! `payload.dataCrc32c` checked, signed in with a service account key, application default
//! credentials or the metadata server.
//!
//! ```no_run
//! use locket_providers::Provider;
//! use locket_providers::gcp::{GcpConfig, GcpProvider};
//!
//! let config = GcpConfig::from_env(Default::default())?; // GOOGLE_APPLICATION_CREDENTIALS, …
//! let sm = GcpProvider::new(config)?;
//! let fetched = sm.fetch("gcp-sm://projects/my-project/secrets/db-password")?;
//! # Ok::<(), locket_providers::ProviderError>(())
//! ```

mod auth;
mod config;
mod crc32c;
mod http;
mod reference;
mod setup;

use std::fmt;

use data_encoding::BASE64;
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretBox, SecretString};

pub use auth::SCOPE;
pub use config::{
    Credentials, DEFAULT_ENDPOINT, DEFAULT_MAX_ATTEMPTS, DEFAULT_METADATA_HOST, DEFAULT_TIMEOUT,
    DEFAULT_TOKEN_URI, GcpConfig, GcpOverrides,
};
pub use reference::{GcpReference, SYNTAX};
pub use setup::Kind;

use crate::{Fetched, Provider, ProviderError};

/// The GCP Secret Manager provider (`gcp`).
pub struct GcpProvider {
    http: http::Http,
    tokens: auth::Tokens,
    project: Option<String>,
    endpoint: reqwest::Url,
    shown: String,
}

impl GcpProvider {
    pub fn new(config: GcpConfig) -> Result<Self, ProviderError> {
        config.validate()?;
        let endpoint = reqwest::Url::parse(&config.endpoint).expect("validated");
        let shown = format!(
            "GCP Secret Manager at {}",
            config.endpoint.trim_end_matches('/')
        );
        Ok(GcpProvider {
            http: http::Http::new(
                config.timeout(),
                config.max_attempts,
                config.ca_cert_pem.as_deref(),
            )?,
            tokens: auth::Tokens::new(config.credentials),
            project: config.project,
            endpoint,
            shown,
        })
    }

    fn access(&self, r: &GcpReference) -> Result<Fetched, ProviderError> {
        let project = r
            .project
            .as_deref()
            .or(self.project.as_deref())
            .ok_or_else(|| {
                ProviderError::InvalidReference(format!(
                    "gcp-sm://{} names no project and the integration has none: write \
                 gcp-sm://projects/PROJECT/secrets/{} or add the integration with --project",
                    r.secret, r.secret
                ))
            })?;
        let mut url = self.endpoint.clone();
        url.path_segments_mut()
            .expect("http(s) URLs have paths")
            .pop_if_empty()
            .extend(["v1", "projects", project, "secrets", &r.secret, "versions"])
            .push(&format!("{}:access", r.version));
        let what = format!(
            "reading version {} of secret `{}` in project {project}",
            r.version, r.secret
        );
        let mut refused: Option<SecretString> = None;
        let reply = loop {
            let token = self.tokens.token(&self.http, refused.as_ref())?;
            let bearer = Zeroizing::new(format!("Bearer {}", token.expose_secret()));
            let reply = self.http.send(
                || {
                    self.http
                        .client()
                        .get(url.clone())
                        .header(AUTHORIZATION, bearer.as_str())
                },
                &self.shown,
                &what,
            )?;
            // A token refused (revoked, expired early): one new token, one more try.
            if reply.status == StatusCode::UNAUTHORIZED && refused.is_none() {
                refused = Some(token);
                continue;
            }
            break reply;
        };
        if !reply.status.is_success() {
            return Err(self.failure(&reply, r, project, &what));
        }
        let body: serde_json::Value = reply.json().ok_or_else(|| {
            ProviderError::Other(format!(
                "{} answered {what} with something else than JSON",
                self.shown
            ))
        })?;
        let payload = &body["payload"];
        let data = Zeroizing::new(
            BASE64
                .decode(payload["data"].as_str().unwrap_or("").as_bytes())
                .map_err(|_| {
                    ProviderError::Other(format!(
                        "{} sent a payload that is not base64 ({what})",
                        self.shown
                    ))
                })?,
        );
        if let Some(expected) = payload.get("dataCrc32c") {
            let expected = expected
                .as_str()
                .and_then(|s| s.parse::<i64>().ok())
                .or_else(|| expected.as_i64());
            if expected != Some(i64::from(crc32c::crc32c(&data))) {
                return Err(ProviderError::Unavailable(format!(
                    "the payload of secret `{}` (version {}) arrived damaged: its CRC32C does not \
                     match payload.dataCrc32c; try again, and check any proxy on the way",
                    r.secret, r.version
                )));
            }
        }
        let version = body["name"]
            .as_str()
            .and_then(|n| n.rsplit('/').next())
            .map(str::to_string);
        let value = match &r.key {
            None => data.to_vec(),
            Some(key) => crate::json_key::pick(&data, key, &|| {
                format!("secret `{}` in project {project}", r.secret)
            })?
            .to_vec(),
        };
        Ok(Fetched {
            value: SecretBox::new(value.into_boxed_slice()),
            version,
            expires_at: None,
        })
    }

    /// Secret Manager's refusals, precisely (google.rpc.Status codes).
    fn failure(
        &self,
        reply: &http::Reply,
        r: &GcpReference,
        project: &str,
        what: &str,
    ) -> ProviderError {
        let (status, message) = reply.error();
        let said = crate::transport::detail(&message);
        let upper = message.to_ascii_uppercase();
        let secret = &r.secret;
        // The version number the server resolved (`latest` or an alias), from its message:
        // "Secret Version [projects/P/secrets/S/versions/3] is in DISABLED state."
        let resolved = message
            .split("/versions/")
            .nth(1)
            .map(|rest| {
                rest.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .filter(|n| !n.is_empty());
        let version = resolved.as_ref().unwrap_or(&r.version);
        match reply.status.as_u16() {
            404 => ProviderError::NotFound(format!(
                "GCP Secret Manager: secret `{secret}` (version {version}) not found in project \
                 {project}{said}"
            )),
            400 | 412 if upper.contains("DESTROYED") => ProviderError::NotFound(format!(
                "GCP Secret Manager: version {version} of secret `{secret}` in project {project} \
                 was destroyed, its value is gone; link another version"
            )),
            400 | 412 if upper.contains("DISABLED") => ProviderError::Other(format!(
                "GCP Secret Manager: version {version} of secret `{secret}` in project {project} \
                 is disabled: enable it (`gcloud secrets versions enable {version} --secret \
                 {secret} --project {project}`) or link another version"
            )),
            401 => ProviderError::Auth(format!(
                "{} refused the access token ({what}){said}: run `locket integration reauth NAME`",
                self.shown
            )),
            403 if upper.contains("SERVICE_DISABLED") || message.contains("has not been used") => {
                ProviderError::Other(format!(
                    "the Secret Manager API is not enabled in project {project}{said}: enable it \
                     (`gcloud services enable secretmanager.googleapis.com --project {project}`)"
                ))
            }
            403 => ProviderError::PermissionDenied(format!(
                "{} denied access to secret `{secret}` in project {project} ({status}){said}: \
                 grant {} the role roles/secretmanager.secretAccessor on it",
                self.shown,
                self.identity()
            )),
            code => ProviderError::Other(format!("{} answered {code} ({what}){said}", self.shown)),
        }
    }

    fn identity(&self) -> String {
        match self.tokens.credentials() {
            Credentials::ServiceAccount { client_email, .. } => client_email.clone(),
            Credentials::AuthorizedUser { .. } => "the signed-in user".into(),
            Credentials::Metadata { .. } => "the VM's service account".into(),
        }
    }
}

impl crate::scrub::Hides for GcpProvider {
    fn hidden(&self) -> Vec<Zeroizing<String>> {
        self.tokens
            .hidden()
            .into_iter()
            .map(Zeroizing::new)
            .collect()
    }
}

impl Provider for GcpProvider {
    fn fetch(&self, reference: &str) -> Result<Fetched, ProviderError> {
        let parsed = GcpReference::parse(reference)?;
        self.access(&parsed)
    }

    fn whoami(&self) -> Result<String, ProviderError> {
        self.tokens.token(&self.http, None)?;
        let project = self
            .project
            .as_deref()
            .map(|p| format!(", project {p}"))
            .unwrap_or_default();
        Ok(format!(
            "{} ({}){project}",
            self.identity(),
            self.tokens.credentials().method()
        ))
    }
}

impl fmt::Debug for GcpProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GcpProvider")
            .field("endpoint", &self.shown)
            .field("credentials", &self.tokens.credentials().method())
            .field("project", &self.project)
            .finish_non_exhaustive()
    }
}
