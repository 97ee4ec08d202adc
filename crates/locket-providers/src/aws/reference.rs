//! The reference grammar: `aws-sm://SECRET-ID-OR-ARN[?PARAMS][#JSON-KEY]`.
//!
//! - SECRET-ID-OR-ARN: a secret name (letters, digits and `/_+=.@-`) or its ARN
//!   (`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf`, with colons and slashes).
//! - PARAMS, `&`-separated: `version-id=ID` or `version-stage=LABEL` (not both),
//!   `encoding=base64` (the value as base64 text, for binary secrets).
//! - `#JSON-KEY`: the secret is a JSON object and the value is that key's member (a string as
//!   is, anything else as JSON). A key that starts with `/` and is not a top-level key is a
//!   JSON Pointer (`#/db/password`). Everything after the first `#` is the key, verbatim.
//!
//! Neither a secret name nor an ARN can contain `?` or `#`, so the key is split off at the first
//! `#` and the parameters at the first `?` before it.

use std::fmt;

use crate::ProviderError;

pub const SCHEME: &str = "aws-sm://";

/// A parsed `aws-sm://` reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRef {
    /// The name or ARN, as given.
    pub secret_id: String,
    pub version: Option<Version>,
    pub key: Option<String>,
    pub encoding: Encoding,
}

/// Which version of the secret to read; none means the one labelled `AWSCURRENT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    Id(String),
    Stage(String),
}

/// How the value is handed back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// The bytes as stored (binary secrets must be UTF-8 text).
    #[default]
    Raw,
    /// The value as standard base64 text.
    Base64,
}

impl SecretRef {
    pub fn parse(reference: &str) -> Result<Self, ProviderError> {
        let invalid = |why: String| {
            ProviderError::InvalidReference(format!(
                "`{reference}` is not a valid AWS Secrets Manager reference: {why} \
                 (expected aws-sm://SECRET-NAME-OR-ARN[?version-id=…|?version-stage=…]\
                 [&encoding=base64][#JSON-KEY])"
            ))
        };
        let Some(rest) = reference.strip_prefix(SCHEME) else {
            return Err(invalid("it does not start with `aws-sm://`".into()));
        };
        let (rest, key) = match rest.split_once('#') {
            Some((_, "")) => return Err(invalid("the JSON key after `#` is empty".into())),
            Some((rest, key)) => (rest, Some(key.to_owned())),
            None => (rest, None),
        };
        let (secret_id, query) = match rest.split_once('?') {
            Some((id, query)) => (id, Some(query)),
            None => (rest, None),
        };
        if secret_id.is_empty() {
            return Err(invalid("the secret name or ARN is empty".into()));
        }
        if secret_id.len() > 2048 {
            return Err(invalid(
                "the secret name or ARN is longer than 2048 characters".into(),
            ));
        }
        if let Some(bad) = secret_id
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || "/_+=.@-:".contains(c)))
        {
            return Err(invalid(format!(
                "the secret name has {}; names hold letters, digits and /_+=.@- only",
                describe_char(bad)
            )));
        }
        if secret_id.starts_with("arn:") && arn_parts(secret_id).is_none() {
            return Err(invalid(
                "the ARN is not a Secrets Manager secret ARN \
                 (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)"
                    .into(),
            ));
        }

        let mut version = None;
        let mut encoding = None;
        for param in query.into_iter().flat_map(|q| q.split('&')) {
            let (name, value) = param.split_once('=').unwrap_or((param, ""));
            if value.is_empty() {
                return Err(invalid(format!("parameter `{name}` has no value")));
            }
            if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(invalid(format!("the value of `{name}` contains a space")));
            }
            match name {
                "version-id" | "version-stage" => {
                    if version.is_some() {
                        return Err(invalid(
                            "give one of version-id and version-stage, once".into(),
                        ));
                    }
                    version = Some(if name == "version-id" {
                        Version::Id(value.to_owned())
                    } else {
                        Version::Stage(value.to_owned())
                    });
                }
                "encoding" => {
                    if encoding.is_some() {
                        return Err(invalid("`encoding` is given twice".into()));
                    }
                    if value != "base64" {
                        return Err(invalid(format!(
                            "unknown encoding `{value}` (the one encoding is `base64`)"
                        )));
                    }
                    encoding = Some(Encoding::Base64);
                }
                _ => {
                    return Err(invalid(format!(
                        "unknown parameter `{name}` (known: version-id, version-stage, encoding)"
                    )));
                }
            }
        }
        Ok(SecretRef {
            secret_id: secret_id.to_owned(),
            version,
            key,
            encoding: encoding.unwrap_or_default(),
        })
    }

    /// Whether the secret is given by its ARN.
    pub fn is_arn(&self) -> bool {
        self.secret_id.starts_with("arn:")
    }

    /// The region of an ARN reference.
    pub fn arn_region(&self) -> Option<&str> {
        arn_parts(&self.secret_id).map(|(region, _)| region)
    }
}

/// `(region, account)` of a Secrets Manager secret ARN.
fn arn_parts(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(7, ':');
    let (arn_, partition, service, region, account, kind, name) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    (arn_ == "arn"
        && !partition.is_empty()
        && service == "secretsmanager"
        && !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !account.is_empty()
        && kind == "secret"
        && !name.is_empty())
    .then_some((region, account))
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

impl fmt::Display for SecretRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{SCHEME}{}", self.secret_id)?;
        let mut sep = '?';
        match &self.version {
            Some(Version::Id(id)) => {
                write!(f, "{sep}version-id={id}")?;
                sep = '&';
            }
            Some(Version::Stage(stage)) => {
                write!(f, "{sep}version-stage={stage}")?;
                sep = '&';
            }
            None => {}
        }
        if self.encoding == Encoding::Base64 {
            write!(f, "{sep}encoding=base64")?;
        }
        if let Some(key) = &self.key {
            write!(f, "#{key}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Id(id) => write!(f, "version id `{id}`"),
            Version::Stage(stage) => write!(f, "staging label `{stage}`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/db-AbCdEf";

    #[test]
    fn plain_name() {
        let r = SecretRef::parse("aws-sm://prod/db_password+x=y.z@w-1").unwrap();
        assert_eq!(r.secret_id, "prod/db_password+x=y.z@w-1");
        assert_eq!((r.version, r.key, r.encoding), (None, None, Encoding::Raw));
    }

    #[test]
    fn arn_with_everything() {
        let r = SecretRef::parse(&format!(
            "aws-sm://{ARN}?version-stage=AWSPREVIOUS&encoding=base64#pass#word?x"
        ))
        .unwrap();
        assert_eq!(r.secret_id, ARN);
        assert!(r.is_arn());
        assert_eq!(r.arn_region(), Some("eu-west-1"));
        assert_eq!(r.version, Some(Version::Stage("AWSPREVIOUS".into())));
        assert_eq!(r.encoding, Encoding::Base64);
        assert_eq!(r.key.as_deref(), Some("pass#word?x"));
        assert_eq!(SecretRef::parse(&r.to_string()).unwrap(), r);
    }

    #[test]
    fn version_id_and_key() {
        let r = SecretRef::parse("aws-sm://db?version-id=EXAMPLE1-90ab-cdef#user").unwrap();
        assert_eq!(r.version, Some(Version::Id("EXAMPLE1-90ab-cdef".into())));
        assert_eq!(r.key.as_deref(), Some("user"));
        assert_eq!(r.arn_region(), None);
        assert_eq!(
            r.to_string(),
            "aws-sm://db?version-id=EXAMPLE1-90ab-cdef#user"
        );
    }

    #[test]
    fn rejects_with_a_reason() {
        for (input, why) in [
            ("hcv://kv/db", "does not start with `aws-sm://`"),
            ("aws-sm://", "is empty"),
            ("aws-sm://?version-id=1", "is empty"),
            ("aws-sm://db#", "key after `#` is empty"),
            ("aws-sm://my db", "a space"),
            ("aws-sm://db%20x", "`%`"),
            (
                "aws-sm://db?version-id=1&version-stage=AWSCURRENT",
                "one of version-id",
            ),
            ("aws-sm://db?version-id=", "has no value"),
            ("aws-sm://db?version", "has no value"),
            ("aws-sm://db?encoding=hex", "unknown encoding"),
            ("aws-sm://db?stage=AWSCURRENT", "unknown parameter `stage`"),
            (
                "aws-sm://arn:aws:s3:::bucket",
                "not a Secrets Manager secret ARN",
            ),
        ] {
            let err = SecretRef::parse(input).unwrap_err();
            assert!(
                matches!(&err, ProviderError::InvalidReference(m) if m.contains(why)),
                "{input}: {err}"
            );
        }
    }
}
