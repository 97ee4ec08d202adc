//! A service principal's certificate credential: the signed client assertion Entra ID takes
//! instead of a secret
//! (<https://learn.microsoft.com/entra/identity-platform/certificate-credentials>): a JWT
//! signed RS256 with the certificate's private key, its SHA-1 thumbprint in `x5t`, valid for
//! ten minutes, addressed to the token endpoint. Signed with aws-lc-rs (already rustls's
//! crypto provider).

use aws_lc_rs::rsa::KeyPair;
use aws_lc_rs::signature::RSA_PKCS1_SHA256;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::ProviderError;

const B64: data_encoding::Encoding = data_encoding::BASE64URL_NOPAD;

/// Checks that `pem` holds a certificate and an RSA private key; returns the thumbprint (hex)
/// for messages.
pub fn check(pem: &SecretString) -> Result<String, ProviderError> {
    let (cert, _) = parts(pem)?;
    Ok(hex(&sha1(&cert)))
}

fn parts(pem: &SecretString) -> Result<(Vec<u8>, KeyPair), ProviderError> {
    let bytes = pem.expose_secret().as_bytes();
    let cert = CertificateDer::pem_slice_iter(bytes)
        .next()
        .and_then(Result::ok)
        .ok_or_else(|| {
            ProviderError::Auth(
                "the certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----): \
                 give a PEM with the certificate and its private key, then run `locket \
                 integration reauth`"
                    .into(),
            )
        })?;
    let key = PrivateKeyDer::from_pem_slice(bytes).map_err(|_| {
        ProviderError::Auth(
            "the certificate file holds no private key (-----BEGIN PRIVATE KEY-----): give a \
             PEM with the certificate and its (unencrypted) private key, then run `locket \
             integration reauth`"
                .into(),
        )
    })?;
    let pair = match &key {
        PrivateKeyDer::Pkcs8(k) => KeyPair::from_pkcs8(k.secret_pkcs8_der()),
        PrivateKeyDer::Pkcs1(k) => KeyPair::from_der(k.secret_pkcs1_der()),
        _ => {
            return Err(ProviderError::Auth(
                "the certificate's private key is not an RSA key: Entra ID client assertions \
                 here need RSA; run `locket integration reauth` with an RSA certificate"
                    .into(),
            ));
        }
    }
    .map_err(|e| {
        ProviderError::Auth(format!(
            "the certificate's private key cannot be used ({e}): run `locket integration \
             reauth` with a PEM holding an RSA key of 2048 bits or more"
        ))
    })?;
    Ok((cert.to_vec(), pair))
}

/// The client assertion for `client_id` at `token_url`, valid ten minutes.
pub fn assertion(
    pem: &SecretString,
    client_id: &str,
    token_url: &str,
) -> Result<SecretString, ProviderError> {
    let (cert, key) = parts(pem)?;
    let now = super::token::now();
    let mut jti = [0u8; 16];
    aws_lc_rs::rand::fill(&mut jti)
        .map_err(|_| ProviderError::Other("no randomness for the client assertion".into()))?;
    let header = json!({ "alg": "RS256", "typ": "JWT", "x5t": B64.encode(&sha1(&cert)) });
    let claims = json!({
        "aud": token_url,
        "iss": client_id,
        "sub": client_id,
        "jti": hex(&jti),
        "nbf": now - 60,
        "iat": now,
        "exp": now + 600,
    });
    let signing_input = format!(
        "{}.{}",
        B64.encode(header.to_string().as_bytes()),
        B64.encode(claims.to_string().as_bytes())
    );
    let mut signature = vec![0u8; key.public_modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &aws_lc_rs::rand::SystemRandom::new(),
        signing_input.as_bytes(),
        &mut signature,
    )
    .map_err(|_| ProviderError::Other("signing the client assertion failed".into()))?;
    Ok(SecretString::from(format!(
        "{signing_input}.{}",
        B64.encode(&signature)
    )))
}

fn sha1(bytes: &[u8]) -> Vec<u8> {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, bytes)
        .as_ref()
        .to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}
