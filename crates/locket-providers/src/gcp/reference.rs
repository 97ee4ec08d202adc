//! `gcp-sm://projects/P/secrets/S[/versions/V][#KEY]` or `gcp-sm://S[/versions/V][#KEY]` (the
//! integration's project). The version is a number or an alias, `latest` when absent; `#KEY`
//! picks a key of a secret whose payload is a JSON object.

use crate::ProviderError;

pub const SYNTAX: &str =
    "gcp-sm://projects/PROJECT/secrets/SECRET[/versions/VERSION][#KEY] or gcp-sm://SECRET[…]";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GcpReference {
    /// `None`: the integration's project.
    pub project: Option<String>,
    pub secret: String,
    pub version: String,
    pub key: Option<String>,
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl GcpReference {
    pub fn parse(reference: &str) -> Result<Self, ProviderError> {
        let invalid = |why: &str| {
            ProviderError::InvalidReference(format!(
                "`{reference}` is not a GCP Secret Manager reference: {why} (expected {SYNTAX})"
            ))
        };
        let rest = match reference.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("gcp-sm") => rest,
            _ => return Err(invalid("it does not start with gcp-sm://")),
        };
        let (path, key) = match rest.split_once('#') {
            Some((_, "")) => return Err(invalid("the key after `#` is empty")),
            Some((path, key)) => (path, Some(key.to_string())),
            None => (rest, None),
        };
        let parts: Vec<&str> = path.split('/').collect();
        let (project, tail) = match parts.as_slice() {
            ["projects", project, "secrets", tail @ ..] => (Some(project.to_string()), tail),
            ["projects", ..] => return Err(invalid("after projects/P comes secrets/S")),
            tail => (None, tail),
        };
        let (secret, version) = match tail {
            [secret] => (*secret, "latest"),
            [secret, "versions", version] => (*secret, *version),
            _ => return Err(invalid("expected SECRET or SECRET/versions/VERSION")),
        };
        if let Some(project) = &project
            && !(valid_id(project) || project.contains(['.', ':']))
        {
            return Err(invalid(&format!(
                "`{project}` is not a project id or number"
            )));
        }
        if !valid_id(secret) {
            return Err(invalid(&format!(
                "`{secret}` is not a secret id (letters, digits, `-` and `_`, at most 255)"
            )));
        }
        if !valid_id(version) {
            return Err(invalid(&format!(
                "`{version}` is not a version (a number, an alias, or `latest`)"
            )));
        }
        Ok(GcpReference {
            project,
            secret: secret.to_string(),
            version: version.to_string(),
            key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_versions_and_keys() {
        let r = GcpReference::parse("gcp-sm://projects/my-proj/secrets/db/versions/3#password")
            .unwrap();
        assert_eq!(r.project.as_deref(), Some("my-proj"));
        assert_eq!((r.secret.as_str(), r.version.as_str()), ("db", "3"));
        assert_eq!(r.key.as_deref(), Some("password"));
        let r = GcpReference::parse("gcp-sm://api_key").unwrap();
        assert_eq!((r.project, r.version.as_str()), (None, "latest"));
        for bad in [
            "gcp-sm://",
            "gcp-sm://projects/p/db",
            "gcp-sm://a/b",
            "gcp-sm://s#",
            "gcp-sm://s/versions/",
            "gcp-sm://sec ret",
            "aws-sm://x",
        ] {
            assert!(GcpReference::parse(bad).is_err(), "{bad}");
        }
    }
}
