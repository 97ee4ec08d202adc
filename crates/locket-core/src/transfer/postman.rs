//! Postman environment files: `{"name": …, "values": [{"key", "value", "type", "enabled"}]}`.
//! `type` is `default` or `secret` (older exports say `text`); disabled variables are
//! imported as disabled secrets.

use secrecy::SecretBox;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::import_error;
use crate::error::Result;
use crate::name::SecretName;
use crate::store::NewSecret;

#[derive(Deserialize)]
struct Environment {
    values: Vec<Variable>,
}

#[derive(Deserialize)]
struct Variable {
    key: String,
    #[serde(default)]
    value: Zeroizing<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

pub(super) fn parse(source: &str, bytes: &[u8], secret_only: bool) -> Result<Vec<NewSecret>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let env: Environment = serde_json::from_slice(bytes).map_err(|e| {
        import_error(
            source,
            format!("not a locket export or a Postman environment file ({e})"),
        )
    })?;
    env.values
        .into_iter()
        .filter(|v| !secret_only || v.kind.as_deref() == Some("secret"))
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
