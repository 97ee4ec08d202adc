//! The `hcv://MOUNT/PATH[?version=N][#KEY]` reference.

use crate::ProviderError;

/// The syntax, for messages.
pub const SYNTAX: &str = "hcv://MOUNT/PATH[?version=N][#KEY]";

/// A parsed `hcv://` reference. The mount is not known from the text alone (it may contain
/// slashes, as in `kv/team-a`): the server says where it ends.
///
/// The text is taken literally (no percent-decoding); `?version=N` may come before or after
/// `#KEY` (`hcv://secret/app#password?version=2` is accepted too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HcvReference {
    /// `MOUNT/PATH`, without leading or trailing slash.
    pub path: String,
    /// The key inside the secret; `None` reads the whole secret as a JSON object.
    pub key: Option<String>,
    /// The KV v2 version to read; `None` reads the current one.
    pub version: Option<u64>,
}

impl HcvReference {
    pub fn parse(reference: &str) -> Result<Self, ProviderError> {
        let invalid = |why: &str| {
            ProviderError::InvalidReference(format!(
                "`{reference}` is not a valid HashiCorp Vault/OpenBao reference: {why}; \
                 expected {SYNTAX}, e.g. hcv://secret/app/db#password"
            ))
        };
        let Some(rest) = reference.strip_prefix("hcv://") else {
            return Err(invalid("it does not start with `hcv://`"));
        };
        let (before_key, mut key) = match rest.split_once('#') {
            Some((before, key)) => (before, Some(key)),
            None => (rest, None),
        };
        let (path, mut query) = match before_key.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (before_key, None),
        };
        // `#KEY?version=N`: the query written after the key.
        if let Some(k) = key
            && let Some((k, q)) = k.rsplit_once('?')
            && q.starts_with("version=")
        {
            if query.is_some() {
                return Err(invalid("`?version` is given twice"));
            }
            key = Some(k);
            query = Some(q);
        }
        if path.is_empty() {
            return Err(invalid("the mount and path are missing"));
        }
        if path.starts_with('/') {
            return Err(invalid("the path starts with `/`"));
        }
        if path.ends_with('/') {
            return Err(invalid(
                "the path ends with `/` (that names a folder, not a secret)",
            ));
        }
        let segments: Vec<&str> = path.split('/').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(invalid("the path has an empty segment (`//`)"));
        }
        if segments.iter().any(|s| *s == "." || *s == "..") {
            return Err(invalid("the path has a `.` or `..` segment"));
        }
        if segments.len() < 2 {
            return Err(invalid(
                "it names only a mount; add the secret's path after it",
            ));
        }
        if key == Some("") {
            return Err(invalid(
                "the key after `#` is empty (leave out `#` to read the whole secret)",
            ));
        }
        let mut version = None;
        if let Some(query) = query {
            for pair in query.split('&') {
                match pair.split_once('=') {
                    Some(("version", n)) => {
                        if version.is_some() {
                            return Err(invalid("`?version` is given twice"));
                        }
                        match n.parse::<u64>() {
                            Ok(n) if n >= 1 => version = Some(n),
                            _ => {
                                return Err(invalid(&format!(
                                    "version `{n}` is not a positive whole number"
                                )));
                            }
                        }
                    }
                    _ => {
                        return Err(invalid(&format!(
                            "unknown query `{pair}` (the only one is `version=N`)"
                        )));
                    }
                }
            }
        }
        Ok(HcvReference {
            path: path.to_string(),
            key: key.map(str::to_string),
            version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> HcvReference {
        HcvReference::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> String {
        match HcvReference::parse(text) {
            Err(ProviderError::InvalidReference(m)) => m,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn accepted() {
        assert_eq!(
            ok("hcv://secret/app/db#password"),
            HcvReference {
                path: "secret/app/db".into(),
                key: Some("password".into()),
                version: None
            }
        );
        assert_eq!(ok("hcv://kv/team-a/x").key, None);
        assert_eq!(ok("hcv://secret/app?version=3#k").version, Some(3));
        let after = ok("hcv://secret/app#k?version=2");
        assert_eq!((after.key.as_deref(), after.version), (Some("k"), Some(2)));
        assert_eq!(ok("hcv://secret/app#a?b").key.as_deref(), Some("a?b"));
    }

    #[test]
    fn refused_with_the_syntax() {
        for (text, why) in [
            ("vault://secret/x", "hcv://"),
            ("hcv://", "missing"),
            ("hcv://secret", "only a mount"),
            ("hcv://secret/", "ends with `/`"),
            ("hcv:///secret/x", "starts with `/`"),
            ("hcv://secret//x", "empty segment"),
            ("hcv://secret/../sys/x", "`..`"),
            ("hcv://secret/x#", "key after `#` is empty"),
            ("hcv://secret/x?version=0", "positive"),
            ("hcv://secret/x?version=a", "positive"),
            ("hcv://secret/x?ver=1", "unknown query"),
            ("hcv://secret/x?version=1#k?version=2", "twice"),
        ] {
            let message = err(text);
            assert!(message.contains(why), "{text}: {message}");
            assert!(message.contains(SYNTAX), "{text}: {message}");
        }
    }
}
