//! Key Vault secret identifiers: `https://VAULT.vault.azure.net/secrets/NAME[/VERSION][#KEY]`,
//! as the Azure portal and `az keyvault secret show --query id` print them, on the public cloud
//! or a sovereign one (`vault.azure.cn`, `vault.usgovcloudapi.net`, `vault.microsoftazure.de`).
//! No version means the latest; `#KEY` picks a member of a JSON object stored as the value (a
//! locket addition; Key Vault has no such thing).

use std::fmt;

use crate::ProviderError;

/// The syntax, for messages.
pub const SYNTAX: &str = "https://VAULT.vault.azure.net/secrets/NAME[/VERSION][#KEY]";

/// The DNS suffixes of Key Vault in each cloud, and the resource their tokens are issued for.
pub const VAULT_SUFFIXES: [(&str, &str); 4] = [
    (".vault.azure.net", "https://vault.azure.net"),
    (".vault.azure.cn", "https://vault.azure.cn"),
    (
        ".vault.usgovcloudapi.net",
        "https://vault.usgovcloudapi.net",
    ),
    (
        ".vault.microsoftazure.de",
        "https://vault.microsoftazure.de",
    ),
];

/// A parsed secret identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretId {
    /// `myvault.vault.azure.net` (lower case, no port).
    pub host: String,
    /// `https://myvault.vault.azure.net`
    pub vault_url: String,
    pub name: String,
    /// `None`: the latest version.
    pub version: Option<String>,
    pub key: Option<String>,
}

impl SecretId {
    pub fn parse(reference: &str) -> Result<SecretId, ProviderError> {
        let bad = |why: &str| {
            ProviderError::InvalidReference(format!(
                "`{reference}` is not a Key Vault secret identifier ({why}): use {SYNTAX}"
            ))
        };
        let (head, key) = match reference.split_once('#') {
            Some((head, key)) if !key.is_empty() => (head, Some(key.to_string())),
            Some(_) => return Err(bad("nothing after `#`")),
            None => (reference, None),
        };
        let rest = head
            .strip_prefix("https://")
            .or_else(|| {
                head.get(..8)
                    .filter(|s| s.eq_ignore_ascii_case("https://"))
                    .map(|_| &head[8..])
            })
            .ok_or_else(|| bad("it must start with https://"))?;
        if rest.contains('?') {
            return Err(bad("no query is allowed; put the version in the path"));
        }
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let port = authority.split_once(':').map(|(_, p)| p);
        if port.is_some_and(|p| p != "443") {
            return Err(bad("Key Vault listens on port 443 only"));
        }
        let vault = VAULT_SUFFIXES
            .iter()
            .find_map(|(suffix, _)| host.strip_suffix(suffix))
            .ok_or_else(|| bad("the host must be VAULT.vault.azure.net or a sovereign cloud's"))?;
        let valid_vault = (3..=24).contains(&vault.len())
            && vault.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && vault.starts_with(|c: char| c.is_ascii_alphabetic());
        if !valid_vault {
            return Err(bad("a vault name is 3-24 letters, digits and dashes"));
        }
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let (name, version) = match parts.as_slice() {
            ["secrets", name] => (*name, None),
            ["secrets", name, version] => (*name, Some(version.to_string())),
            [kind, ..] if *kind == "keys" || *kind == "certificates" => {
                return Err(bad("locket reads secrets; use the /secrets/ identifier"));
            }
            _ => {
                return Err(bad(
                    "the path must be /secrets/NAME or /secrets/NAME/VERSION",
                ));
            }
        };
        let valid_name = (1..=127).contains(&name.len())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid_name {
            return Err(bad("a secret name is 1-127 letters, digits and dashes"));
        }
        if let Some(v) = &version
            && !(v.len() == 32 && v.chars().all(|c| c.is_ascii_hexdigit()))
        {
            return Err(bad("a version is 32 hexadecimal characters"));
        }
        Ok(SecretId {
            vault_url: format!("https://{host}"),
            host,
            name: name.to_string(),
            version,
            key,
        })
    }

    /// The token resource of the vault's cloud: `https://vault.azure.net` for `*.vault.azure.net`.
    pub fn resource(&self) -> &'static str {
        resource_for_host(&self.host).unwrap_or(VAULT_SUFFIXES[0].1)
    }
}

/// The Key Vault resource whose DNS suffix `host` ends with.
pub fn resource_for_host(host: &str) -> Option<&'static str> {
    VAULT_SUFFIXES
        .iter()
        .find(|(suffix, _)| host.ends_with(suffix))
        .map(|(_, resource)| *resource)
}

impl fmt::Display for SecretId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/secrets/{}", self.vault_url, self.name)?;
        if let Some(v) = &self.version {
            write!(f, "/{v}")?;
        }
        if let Some(k) = &self.key {
            write!(f, "#{k}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_version_key_and_sovereign_hosts() {
        let id = SecretId::parse("https://kv-prod.vault.azure.net/secrets/db-password").unwrap();
        assert_eq!(id.host, "kv-prod.vault.azure.net");
        assert_eq!(id.name, "db-password");
        assert_eq!(id.version, None);
        assert_eq!(id.resource(), "https://vault.azure.net");
        let id = SecretId::parse(
            "https://KV-Prod.vault.azure.cn/secrets/db/0123456789abcdef0123456789ABCDEF#user",
        )
        .unwrap();
        assert_eq!(id.host, "kv-prod.vault.azure.cn");
        assert_eq!(
            id.version.as_deref(),
            Some("0123456789abcdef0123456789ABCDEF")
        );
        assert_eq!(id.key.as_deref(), Some("user"));
        assert_eq!(id.resource(), "https://vault.azure.cn");
        assert!(SecretId::parse("https://kv1.vault.usgovcloudapi.net/secrets/a/").is_ok());
        assert!(SecretId::parse("https://kv1.vault.azure.net:443/secrets/a").is_ok());
        assert_eq!(
            SecretId::parse("https://kv1.vault.azure.net/secrets/a#k")
                .unwrap()
                .to_string(),
            "https://kv1.vault.azure.net/secrets/a#k"
        );
    }

    #[test]
    fn malformed_identifiers_say_the_syntax() {
        for bad in [
            "http://kv1.vault.azure.net/secrets/a",
            "https://example.com/secrets/a",
            "https://kv1.vault.azure.net/keys/a",
            "https://kv1.vault.azure.net/secrets",
            "https://kv1.vault.azure.net/secrets/a/b/c",
            "https://kv1.vault.azure.net/secrets/a_b",
            "https://kv1.vault.azure.net/secrets/a/notaversion",
            "https://kv1.vault.azure.net/secrets/a?api-version=7.5",
            "https://kv1.vault.azure.net:8443/secrets/a",
            "https://kv1.vault.azure.net/secrets/a#",
        ] {
            let err = SecretId::parse(bad).unwrap_err();
            assert!(
                matches!(&err, ProviderError::InvalidReference(m) if m.contains(SYNTAX)),
                "{bad}: {err:?}"
            );
        }
    }
}
