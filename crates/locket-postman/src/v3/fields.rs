//! The fields requests, folders and the collection share, as their v2.1 JSON: auth, scripts,
//! variables and settings.

use saphyr::Yaml;
use serde_json::{Map, Value, json};

use super::yaml::{self, entries, get, items, text_at};

/// `{key, value, disabled}` objects, the v2.1 shape of headers, parameters and variables.
pub fn pairs(node: Option<&Yaml<'_>>) -> Value {
    entries(node)
        .into_iter()
        .map(|e| json!({ "key": e.key, "value": e.value, "disabled": e.disabled }))
        .collect()
}

/// Variables: as [`pairs`], with `type: secret` (or `secret: true`) kept.
pub fn variables(node: Option<&Yaml<'_>>) -> Value {
    entries(node)
        .into_iter()
        .map(|e| {
            let secret = e.item.is_some_and(|i| {
                text_at(i, "type").as_deref() == Some("secret")
                    || yaml::bool_at(i, "secret") == Some(true)
            });
            json!({
                "key": e.key,
                "value": e.value,
                "disabled": e.disabled,
                "type": if secret { "secret" } else { "default" },
            })
        })
        .collect()
}

/// `auth: {type, credentials}` as v2.1's `{type, <type>: [{key, value}]}`. A list (the
/// multi-auth form definitions use) gives its first entry. No auth, or `type: inherit`, is
/// `None`: the request inherits, as in v2.1 without `auth`.
pub fn auth(node: Option<&Yaml<'_>>) -> Option<Value> {
    let auth = items(node).first()?;
    let kind = text_at(auth, "type")?;
    if kind == "inherit" {
        return None;
    }
    let mut out = Map::new();
    out.insert("type".into(), Value::String(kind.clone()));
    if kind != "noauth" {
        out.insert(kind, pairs(get(auth, "credentials")));
    }
    Some(Value::Object(out))
}

/// `scripts: [{type, code}]` as v2.1's `event` list. Definitions prefix the type with the
/// protocol (`http:beforeRequest`); other protocols' scripts are not for HTTP requests.
pub fn events(node: Option<&Yaml<'_>>) -> Value {
    items(node)
        .iter()
        .filter_map(|script| {
            let kind = text_at(script, "type")?;
            let listen = match kind.strip_prefix("http:").unwrap_or(&kind) {
                "beforeRequest" => "prerequest",
                "afterResponse" => "test",
                _ => return None,
            };
            let code = text_at(script, "code").unwrap_or_default();
            Some(json!({
                "listen": listen,
                "disabled": yaml::bool_at(script, "disabled") == Some(true),
                "script": { "type": "text/javascript", "exec": code.split('\n').collect::<Vec<_>>() },
            }))
        })
        .collect()
}

/// `settings` as v2.1's `protocolProfileBehavior` (the settings locket honours; the names are
/// the same in both formats).
pub fn settings(node: Option<&Yaml<'_>>) -> Value {
    let Some(settings) = node else {
        return Value::Null;
    };
    let mut out = Map::new();
    for key in [
        "followRedirects",
        "strictSSL",
        "disableBodyPruning",
        "followOriginalHttpMethod",
        "removeRefererHeaderOnRedirect",
    ] {
        if let Some(b) = yaml::bool_at(settings, key) {
            out.insert(key.into(), Value::Bool(b));
        }
    }
    if let Some(n) = yaml::number_at(settings, "maxRedirects").filter(|n| *n >= 0.0) {
        out.insert("maxRedirects".into(), Value::from(n as u64));
    }
    Value::Object(out)
}
