//! `gcp` as a kind: the credentials file (flag, else `GOOGLE_APPLICATION_CREDENTIALS`, else
//! gcloud's application default credentials) read once and stored sealed, or the metadata
//! server; project and endpoint from flags or the environment.

use super::{Credentials, DEFAULT_ENDPOINT, GcpConfig, GcpOverrides, GcpProvider, GcpReference};
use crate::ProviderError;
use crate::registry::Declare;
use crate::setup::{Flag, Given, SetupError, SetupIo};

/// The `gcp` kind.
pub struct Kind;

impl Declare for Kind {
    const NAME: &'static str = "gcp";
    const SCHEME: &'static str = "gcp-sm";
    const TITLE: &'static str = "GCP Secret Manager";
    const SYNTAX: &'static str = "gcp-sm://projects/P/secrets/S[/versions/V][#JSON-KEY] or gcp-sm://S[…] (the integration's project; latest by default)";
    const ENVIRONMENT: &'static str = "\
GOOGLE_APPLICATION_CREDENTIALS (a service account key or authorized-user file), else gcloud's
application default credentials, or --metadata on GCP; GOOGLE_CLOUD_PROJECT, GCE_METADATA_HOST.";
    // One flag a line: a table reads better than rustfmt's wrapping of long help texts.
    #[rustfmt::skip]
    const FLAGS: &'static [Flag] = &[
        Flag::value("project", "PROJECT", "Project of gcp-sm://SECRET references (else GOOGLE_CLOUD_PROJECT, else the key's)"),
        Flag::value("credentials-file", "FILE", "Service account key or authorized-user JSON file (else GOOGLE_APPLICATION_CREDENTIALS); its contents are stored sealed"),
        Flag { conflicts: &["credentials-file"], ..Flag::switch("metadata", "Sign in through the metadata server (GCE, Cloud Run, GKE; GCE_METADATA_HOST)") },
        Flag::value("endpoint", "URL", "Secret Manager endpoint, e.g. a private or regional one (default secretmanager.googleapis.com)"),
    ];
    type Config = GcpConfig;
    type Provider = GcpProvider;

    fn check(reference: &str) -> Result<(), ProviderError> {
        GcpReference::parse(reference).map(drop)
    }

    fn open(config: GcpConfig) -> Result<GcpProvider, ProviderError> {
        GcpProvider::new(config)
    }

    fn describe(c: &GcpConfig) -> String {
        let who = match &c.credentials {
            Credentials::ServiceAccount { client_email, .. } => {
                format!("service account {client_email}")
            }
            Credentials::AuthorizedUser { client_id, .. } => {
                format!("application default credentials (client {client_id})")
            }
            Credentials::Metadata { host } => format!("metadata server {host}"),
        };
        let mut out = format!(
            "project {}, {who}",
            c.project.as_deref().unwrap_or("(none: references name it)")
        );
        if c.endpoint != DEFAULT_ENDPOINT {
            out.push_str(&format!(", endpoint {}", c.endpoint));
        }
        if c.ca_cert_pem.is_some() {
            out.push_str(", custom CA");
        }
        out
    }

    fn configure(given: &Given, _io: &mut dyn SetupIo) -> Result<GcpConfig, SetupError> {
        let mut config = GcpConfig::from_env(GcpOverrides {
            credentials_file: given.path("credentials-file"),
            metadata: given.on("metadata"),
            project: given.text("project"),
            endpoint: given.text("endpoint"),
            timeout: given.timeout(),
        })?;
        config.ca_cert_pem = crate::tls::ca_from_flag_or_env(given.ca_cert.as_deref())?;
        Ok(config)
    }

    /// New credentials from the same sources as `add` (the metadata server needs none); the
    /// project, endpoint and timeout are kept.
    fn reauth(
        mut stored: GcpConfig,
        _given: &Given,
        _io: &mut dyn SetupIo,
    ) -> Result<GcpConfig, SetupError> {
        if !matches!(stored.credentials, Credentials::Metadata { .. }) {
            stored.credentials = GcpConfig::from_env(GcpOverrides::default())?.credentials;
        }
        Ok(stored)
    }
}
