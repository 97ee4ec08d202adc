//! A run's TLS settings beyond the system's: a client certificate presented to every HTTPS
//! server, and extra certificate authorities trusted next to the system's (newman's
//! `--ssl-client-cert`, `--ssl-client-key` and `--ssl-extra-ca-certs`).
//!
//! Parsing is reqwest's (rustls-pki-types' PEM reader). The key's PEM text is wiped once the
//! identity is built; the identity itself lives as long as the wire's clients.

use zeroize::Zeroizing;

/// TLS settings for a [`Wire`](crate::Wire); the default adds nothing.
#[derive(Clone, Default)]
pub struct Tls {
    pub(crate) identity: Option<reqwest::Identity>,
    pub(crate) extra_roots: Vec<reqwest::Certificate>,
}

/// Why a certificate or key cannot be used; never quotes the key.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error(
        "the private key is encrypted; give an unencrypted PEM key (openssl pkey -in KEY -out PLAIN_KEY)"
    )]
    EncryptedKey,
    #[error(
        "no PEM private key found (a PKCS#8, PKCS#1 or SEC1 key between -----BEGIN …KEY----- lines)"
    )]
    NoKey,
    #[error("no PEM certificate found (a -----BEGIN CERTIFICATE----- block)")]
    NoCertificate,
    #[error("not a usable certificate and key: {0}")]
    Unusable(String),
}

/// Says what is set, never the key.
impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("client_identity", &self.identity.is_some())
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}

impl Tls {
    /// Presents `cert_pem` (the certificate, then its chain) with `key_pem` to servers. The key
    /// may also be in `cert_pem` itself (`key_pem` empty).
    pub fn with_client_identity(
        mut self,
        cert_pem: &[u8],
        key_pem: &[u8],
    ) -> Result<Self, TlsError> {
        let mut both = Zeroizing::new(Vec::with_capacity(cert_pem.len() + key_pem.len() + 1));
        both.extend_from_slice(cert_pem);
        both.push(b'\n');
        both.extend_from_slice(key_pem);
        let text = String::from_utf8_lossy(&both);
        if text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED") {
            return Err(TlsError::EncryptedKey);
        }
        if !text.contains("PRIVATE KEY-----") {
            return Err(TlsError::NoKey);
        }
        if !text.contains("-----BEGIN CERTIFICATE-----") {
            return Err(TlsError::NoCertificate);
        }
        let identity = reqwest::Identity::from_pem(&both)
            .map_err(|e| TlsError::Unusable(crate::error::root_cause(&e)))?;
        self.identity = Some(identity);
        Ok(self)
    }

    /// Trusts the certificates of a PEM bundle as well as the system's.
    pub fn with_extra_roots(mut self, bundle_pem: &[u8]) -> Result<Self, TlsError> {
        let certs = reqwest::Certificate::from_pem_bundle(bundle_pem)
            .map_err(|e| TlsError::Unusable(crate::error::root_cause(&e)))?;
        if certs.is_empty() {
            return Err(TlsError::NoCertificate);
        }
        self.extra_roots.extend(certs);
        Ok(self)
    }
}
