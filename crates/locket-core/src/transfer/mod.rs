//! Moving secrets in and out of a vault.
//!
//! Export writes one JSON document (see `docs/export-format.md`), encrypted by default with the
//! age format under a passphrase (age's scrypt recipient), so `age -d` opens it too. Import
//! reads, by content: a locket export (encrypted or plaintext), a Postman environment file (v2.x
//! JSON or v3 YAML), or a `.env` file. Every reader returns the whole batch or an error: nothing is half-imported.
//! Postman environments are read by the caller's reader (locket-postman's, the one `run -e`
//! uses), so the two never disagree on a file.

pub mod age_limits;
pub(crate) mod export;

pub use export::{ExportDocument, MIN_PASSPHRASE_CHARS, encrypt, to_json};

use secrecy::{SecretBox, SecretString};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::name::SecretName;
use crate::store::NewSecret;

/// What an import file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    EncryptedExport,
    PlaintextExport,
    PostmanEnvironment,
    DotEnv,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::EncryptedExport => "encrypted locket export",
            Format::PlaintextExport => "plaintext locket export",
            Format::PostmanEnvironment => "Postman environment",
            Format::DotEnv => ".env file",
        })
    }
}

/// A variable of a Postman environment file, as the caller's reader gives it.
pub struct EnvironmentVariable {
    pub key: String,
    pub value: Zeroizing<String>,
    /// Postman's `"type": "secret"`.
    pub secret: bool,
    pub enabled: bool,
}

/// Reads a Postman environment file; the error says what is wrong with it.
pub type EnvironmentReader<'a> =
    &'a dyn Fn(&[u8]) -> std::result::Result<Vec<EnvironmentVariable>, String>;

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Postman environments: take only variables of type `secret`.
    pub secret_only: bool,
}

pub fn detect(bytes: &[u8]) -> Format {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &text[i..]);
    // UTF-16 text with a byte-order mark: what Windows tools write for Postman environments.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Format::PostmanEnvironment;
    }
    if start.starts_with(b"age-encryption.org/")
        || start.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
    {
        Format::EncryptedExport
    } else if start.starts_with(b"{") || is_yaml_environment(start) {
        if export::looks_like_export(start) {
            Format::PlaintextExport
        } else {
            Format::PostmanEnvironment
        }
    } else {
        Format::DotEnv
    }
}

/// A Postman v3 environment or globals file (YAML): its first line that is not a comment opens
/// with one of the keys those files start with. A `.env` line has `=`, never `name:`.
fn is_yaml_environment(text: &[u8]) -> bool {
    let first = text
        .split(|&b| b == b'\n')
        .map(|line| line.trim_ascii())
        .find(|line| !line.is_empty() && !line.starts_with(b"#"))
        .unwrap_or_default();
    [&b"name:"[..], b"values:", b"id:", b"$kind:", b"---"]
        .iter()
        .any(|key| first.starts_with(key))
}

/// Parses an import file. `passphrase` is asked for only when the file is encrypted;
/// `environment` reads Postman environments.
pub fn parse(
    source: &str,
    bytes: &[u8],
    options: ImportOptions,
    environment: EnvironmentReader<'_>,
    passphrase: impl FnOnce() -> Result<SecretString>,
) -> Result<(Format, Vec<NewSecret>)> {
    let format = detect(bytes);
    let secrets = match format {
        Format::EncryptedExport => export::parse_encrypted(source, bytes, &passphrase()?)?,
        Format::PlaintextExport => export::parse_plaintext(source, bytes)?,
        Format::PostmanEnvironment => {
            let variables = environment(bytes).map_err(|e| {
                import_error(
                    source,
                    format!("not a locket export or a Postman environment file ({e})"),
                )
            })?;
            from_environment(source, variables, options.secret_only)?
        }
        Format::DotEnv => from_dotenv(source, bytes)?,
    };
    check_unique(source, &secrets)?;
    Ok((format, secrets))
}

/// A Postman environment's variables as secrets (only `secret`-typed ones with
/// `secret_only`); disabled variables are imported as disabled secrets.
fn from_environment(
    source: &str,
    variables: Vec<EnvironmentVariable>,
    secret_only: bool,
) -> Result<Vec<NewSecret>> {
    variables
        .into_iter()
        .filter(|v| !secret_only || v.secret)
        .map(|v| {
            let name = SecretName::new(&v.key)
                .map_err(|e| import_error(source, format!("variable {:?}: {e}", v.key)))?;
            Ok(NewSecret {
                link: None,
                name,
                value: SecretBox::new(Box::from(v.value.as_bytes())),
                allowed_domains: Vec::new(),
                enabled: v.enabled,
            })
        })
        .collect()
}

fn from_dotenv(source: &str, bytes: &[u8]) -> Result<Vec<NewSecret>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| import_error(source, "not UTF-8 text, and not a file locket can import"))?;
    let entries = crate::dotenv::parse(text).map_err(|e| import_error(source, e.to_string()))?;
    entries
        .into_iter()
        .map(|e| {
            // The name is not quoted: on a malformed line it may be part of a value.
            let name = SecretName::new(&e.name).map_err(|_| {
                import_error(
                    source,
                    format!(
                        "line {}, column {}: expected a secret name ({})",
                        e.line,
                        e.column,
                        crate::name::RULE
                    ),
                )
            })?;
            Ok(NewSecret {
                link: None,
                name,
                value: SecretBox::new(Box::from(e.value.as_bytes())),
                allowed_domains: Vec::new(),
                enabled: true,
            })
        })
        .collect()
}

fn check_unique(source: &str, secrets: &[NewSecret]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for s in secrets {
        if !seen.insert(s.name.as_str()) {
            return Err(import_error(
                source,
                format!(
                    "the name {:?} appears more than once; keep one",
                    s.name.as_str()
                ),
            ));
        }
    }
    Ok(())
}

pub(crate) fn import_error(source: &str, message: impl Into<String>) -> Error {
    Error::Import {
        path: source.to_string(),
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_environments_are_told_from_dotenv_files() {
        for env in [
            &b"name: Local\nvalues: []\n"[..],
            b"\xEF\xBB\xBF# generated\n\nid: 1\nname: x\n",
            b"---\nname: x\n",
            b"values:\n  - key: a\n",
        ] {
            assert_eq!(detect(env), Format::PostmanEnvironment, "{env:?}");
        }
        for dotenv in [
            &b"NAME=value\n"[..],
            b"# name: in a comment\nA=1\n",
            b"export A=1\n",
        ] {
            assert_eq!(detect(dotenv), Format::DotEnv, "{dotenv:?}");
        }
    }
}
