//! Custom certificate authorities, for every HTTP provider: a corporate proxy that re-signs
//! TLS, a private endpoint with an internal CA, a test server. `locket integration add
//! --ca-cert FILE` (else `SSL_CERT_FILE`) reads the PEM once and stores it in the
//! integration's settings, so later runs trust it without the file or the variable.

use std::path::Path;

use crate::ProviderError;

/// Reads a PEM file of CA certificates, checking that it holds at least one.
pub fn read_ca_file(path: &Path) -> Result<String, ProviderError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ProviderError::Other(format!(
            "cannot read the CA certificate file {}: {e}",
            path.display()
        ))
    })?;
    if !text.contains("-----BEGIN CERTIFICATE-----") {
        return Err(ProviderError::Other(format!(
            "{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            path.display()
        )));
    }
    parse(&text, &path.display().to_string())?;
    Ok(text)
}

/// The CA file to store at `integration add`: `flag` (`--ca-cert FILE`), else the file
/// `SSL_CERT_FILE` names, else none.
pub fn ca_from_flag_or_env(flag: Option<&Path>) -> Result<Option<String>, ProviderError> {
    if let Some(path) = flag {
        return read_ca_file(path).map(Some);
    }
    match std::env::var_os("SSL_CERT_FILE").filter(|v| !v.is_empty()) {
        Some(path) => read_ca_file(Path::new(&path))
            .map(Some)
            .map_err(|e| ProviderError::Other(format!("SSL_CERT_FILE: {e}"))),
        None => Ok(None),
    }
}

pub(crate) fn parse(pem: &str, what: &str) -> Result<Vec<reqwest::Certificate>, ProviderError> {
    reqwest::Certificate::from_pem_bundle(pem.as_bytes()).map_err(|e| {
        ProviderError::Other(format!(
            "the CA certificates in {what} are not valid PEM: {e}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_without_certificates_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("empty.pem");
        std::fs::write(&file, "nothing here").unwrap();
        let e = read_ca_file(&file).unwrap_err();
        assert!(e.to_string().contains("empty.pem"), "{e}");
        let e = read_ca_file(&dir.path().join("missing.pem")).unwrap_err();
        assert!(e.to_string().contains("missing.pem"), "{e}");
    }
}
