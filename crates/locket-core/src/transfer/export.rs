//! The export document and its age encryption.

use std::io::{Read, Write};

use age::armor::{ArmoredReader, ArmoredWriter, Format as ArmorFormat};
use data_encoding::BASE64;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::age_limits::{self, EXPORT_SCRYPT_LOG_N, MAX_SCRYPT_LOG_N};
use super::import_error;
use crate::domain::AllowedDomain;
use crate::error::{Error, Result};
use crate::name::SecretName;
use crate::store::{Link, NewSecret, Secret};

pub const MIN_PASSPHRASE_CHARS: usize = 12;
const FORMAT_TAG: &str = "locket-export";
const VERSION: u32 = 1;

/// `{"format": "locket-export", "version": 1, "secrets": [...]}`.
#[derive(Serialize, Deserialize)]
pub struct ExportDocument<'a> {
    format: String,
    version: u32,
    #[serde(borrow)]
    secrets: Vec<ExportedSecret<'a>>,
}

/// One secret. `value` holds UTF-8 values; anything else goes to `value_base64`.
#[derive(Serialize, Deserialize)]
struct ExportedSecret<'a> {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    value: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value_base64: Option<String>,
    /// A linked secret: where its value lives (no value is exported for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    link: Option<Link>,
    #[serde(default)]
    allowed_domains: Vec<String>,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated: Option<i64>,
}

fn yes() -> bool {
    true
}

/// The plaintext JSON of an export. The buffer is zeroed when dropped.
pub fn to_json(secrets: &[Secret]) -> Zeroizing<Vec<u8>> {
    let doc = ExportDocument {
        format: FORMAT_TAG.into(),
        version: VERSION,
        secrets: secrets
            .iter()
            .map(|s| {
                let bytes = s.value.expose_secret();
                let (value, value_base64) = match std::str::from_utf8(bytes) {
                    _ if s.meta.link.is_some() => (None, None),
                    Ok(text) => (Some(std::borrow::Cow::Borrowed(text)), None),
                    Err(_) => (None, Some(BASE64.encode(bytes))),
                };
                ExportedSecret {
                    name: s.meta.name.to_string(),
                    value,
                    value_base64,
                    link: s.meta.link.clone(),
                    allowed_domains: s
                        .meta
                        .allowed_domains
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                    enabled: s.meta.enabled,
                    created: Some(s.meta.created),
                    updated: Some(s.meta.updated),
                }
            })
            .collect(),
    };
    let mut out = Zeroizing::new(Vec::new());
    serde_json::to_writer_pretty(&mut *out, &doc).expect("serialising to memory cannot fail");
    out.push(b'\n');
    out
}

/// Encrypts `plaintext` to an ASCII-armored age file under `passphrase`.
pub fn encrypt(plaintext: &[u8], passphrase: &SecretString) -> Result<Vec<u8>> {
    if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::Export {
            message: format!(
                "the export passphrase must be at least {MIN_PASSPHRASE_CHARS} characters; choose a longer one"
            ),
        });
    }
    let fail = |e: std::io::Error| Error::Export {
        message: format!("encrypting the export failed: {e}"),
    };
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(EXPORT_SCRYPT_LOG_N);
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .expect("one scrypt recipient is a valid set");
    let mut out = Vec::new();
    let armored = ArmoredWriter::wrap_output(&mut out, ArmorFormat::AsciiArmor).map_err(fail)?;
    let mut writer = encryptor.wrap_output(armored).map_err(fail)?;
    writer.write_all(plaintext).map_err(fail)?;
    writer
        .finish()
        .and_then(|armor| armor.finish())
        .map_err(fail)?;
    Ok(out)
}

pub(super) fn looks_like_export(json: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        format: Option<String>,
    }
    serde_json::from_slice::<Probe>(json).is_ok_and(|p| p.format.as_deref() == Some(FORMAT_TAG))
}

pub(super) fn parse_encrypted(
    source: &str,
    bytes: &[u8],
    passphrase: &SecretString,
) -> Result<Vec<NewSecret>> {
    let unreadable =
        |e: &dyn std::fmt::Display| import_error(source, format!("not a readable age file ({e})"));
    let mut file = Vec::new();
    ArmoredReader::new(bytes)
        .read_to_end(&mut file)
        .map_err(|e| unreadable(&e))?;
    age_limits::check(&file).map_err(|refused| import_error(source, refused.to_string()))?;
    let decryptor = age::Decryptor::new_buffered(file.as_slice()).map_err(|e| unreadable(&e))?;
    if !decryptor.is_scrypt() {
        return Err(import_error(
            source,
            "this age file is encrypted to a key, not a passphrase; decrypt it with `age -d` first",
        ));
    }
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    // The same cap as the header check, in case age reads a stanza the check did not.
    identity.set_max_work_factor(MAX_SCRYPT_LOG_N);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys | age::DecryptError::DecryptionFailed => {
                import_error(source, "wrong passphrase (or the file was modified)")
            }
            age::DecryptError::ExcessiveWork { required, .. } => import_error(
                source,
                age_limits::Refused::WorkFactor(required.into()).to_string(),
            ),
            other => import_error(source, format!("cannot decrypt: {other}")),
        })?;
    let mut plain = Zeroizing::new(Vec::new());
    reader
        .read_to_end(&mut plain)
        .map_err(|_| import_error(source, "the encrypted file is damaged or truncated"))?;
    parse_plaintext(source, &plain)
}

/// A serde_json error as line, column and what was expected, without the input it may quote:
/// a type error shows the value it met (`invalid type: string "hunter2", expected …`).
fn quote_free(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io => "the file could not be read".to_string(),
        Category::Eof => "the file ends early".to_string(),
        // Syntax messages are fixed texts ("expected value", "trailing characters", ...).
        Category::Syntax => {
            let text = e.to_string();
            match text.rfind(" at line ") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
        // Data messages quote what was met; only the part after ", expected " is the type's own
        // description.
        Category::Data => {
            let text = e.to_string();
            let text = text
                .rfind(" at line ")
                .map_or(text.as_str(), |at| &text[..at]);
            match text.rfind(", expected ") {
                Some(at) => format!("expected {}", &text[at + ", expected ".len()..]),
                None if text.starts_with("missing field") => text.to_string(),
                None => "a value of the wrong type or shape".to_string(),
            }
        }
    };
    format!("line {}, column {}: {what}", e.line(), e.column())
}

pub(crate) fn parse_plaintext(source: &str, bytes: &[u8]) -> Result<Vec<NewSecret>> {
    let doc: ExportDocument<'_> = serde_json::from_slice(bytes).map_err(|e| {
        import_error(
            source,
            format!("not a valid locket export ({})", quote_free(&e)),
        )
    })?;
    if doc.format != FORMAT_TAG || doc.version != VERSION {
        return Err(import_error(
            source,
            format!(
                "export format {} version {} is not supported by this locket",
                doc.format, doc.version
            ),
        ));
    }
    doc.secrets
        .into_iter()
        .map(|s| {
            let name = SecretName::new(&s.name).map_err(|e| import_error(source, e.to_string()))?;
            let value: Box<[u8]> = match (s.value, s.value_base64, &s.link) {
                (None, None, Some(_)) => Box::from([].as_slice()),
                (Some(text), None, None) => Box::from(text.as_bytes()),
                (None, Some(b64), None) => {
                    let decoded = Zeroizing::new(BASE64.decode(b64.as_bytes()).map_err(|_| {
                        import_error(
                            source,
                            format!("secret {:?}: value_base64 is not base64", s.name),
                        )
                    })?);
                    Box::from(decoded.as_slice())
                }
                _ => {
                    return Err(import_error(
                        source,
                        format!(
                            "secret {:?} needs exactly one of value, value_base64 and link",
                            s.name
                        ),
                    ));
                }
            };
            let allowed_domains = s
                .allowed_domains
                .iter()
                .map(|d| AllowedDomain::parse(d))
                .collect::<Result<_>>()
                .map_err(|e| import_error(source, format!("secret {:?}: {e}", s.name)))?;
            Ok(NewSecret {
                name,
                value: SecretBox::new(value),
                allowed_domains,
                enabled: s.enabled,
                link: s.link,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_never_quote_the_document() {
        for (json, expected) in [
            (
                r#"{"format":"locket-export","version":1,"secrets":"hunter2"}"#,
                "expected a sequence",
            ),
            (
                r#"{"format":"locket-export","version":"hunter2"}"#,
                "expected u32",
            ),
            (
                r#"{"format": hunter2}"#,
                "line 1, column 12: expected value",
            ),
        ] {
            let message = match parse_plaintext("f", json.as_bytes()) {
                Err(e) => e.to_string(),
                Ok(_) => panic!("{json} parsed"),
            };
            assert!(!message.contains("hunter2"), "{message}");
            assert!(message.contains(expected), "{message}");
            assert!(message.contains("(line 1, column "), "{message}");
        }
    }

    const SALT: &str = "c2FsdHNhbHRzYWx0c2FsdA";
    const BODY: &str = "Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm8";

    fn armored(binary: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = ArmoredWriter::wrap_output(&mut out, ArmorFormat::AsciiArmor).unwrap();
        w.write_all(binary).unwrap();
        w.finish().unwrap();
        out
    }

    fn import(file: &[u8]) -> String {
        match parse_encrypted(
            "crafted.age",
            file,
            &SecretString::from("a passphrase of length"),
        ) {
            Ok(_) => panic!("a crafted file was imported"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_work_factor_of_2_23_is_refused_before_any_scrypt_work() {
        // With the work done, this test would need 8 GiB and minutes; refused, it needs neither.
        let file = format!("age-encryption.org/v1\n-> scrypt {SALT} 23\n{BODY}\n--- {BODY}\n");
        for bytes in [file.as_bytes().to_vec(), armored(file.as_bytes())] {
            let message = import(&bytes);
            assert!(
                message.contains("crafted.age") && message.contains("2^23 (8 GiB)"),
                "{message}"
            );
        }
    }

    #[test]
    fn a_header_of_thousands_of_stanzas_is_refused_before_age_parses_it() {
        let mut file = b"age-encryption.org/v1\n".to_vec();
        for _ in 0..10_000 {
            file.extend_from_slice(format!("-> scrypt {SALT} 10\n{BODY}\n").as_bytes());
        }
        file.extend_from_slice(format!("--- {BODY}\n").as_bytes());
        let message = import(&armored(&file));
        assert!(
            message.contains("age header is larger than 16 KiB"),
            "{message}"
        );
    }

    #[test]
    fn exports_use_age_p_s_work_factor_and_open_again() {
        let passphrase = SecretString::from("a passphrase of length");
        let plain = br#"{"format": "locket-export", "version": 1, "secrets": []}"#;
        let file = encrypt(plain, &passphrase).unwrap();
        let mut binary = Vec::new();
        ArmoredReader::new(file.as_slice())
            .read_to_end(&mut binary)
            .unwrap();
        let header = String::from_utf8_lossy(&binary[..binary.len().min(200)]).into_owned();
        assert!(
            header.contains(&format!(" {EXPORT_SCRYPT_LOG_N}\n")),
            "{header}"
        );
        assert!(parse_encrypted("x", &file, &passphrase).unwrap().is_empty());
    }
}
