//! Auth of a v1 request, folder or collection as v2.1's `{type, <type>: [{key, value, type}]}`.
//!
//! v1 has two forms. Old exports name the helper (`currentHelper: "basicAuth"`) and keep its
//! fields in `helperAttributes` (an object, or its JSON text), under their v1 names. Later
//! exports carry `auth` in the v2.1 list form; it is used only when no `currentHelper` key and
//! no `helperAttributes` are there. Values are copied as written, `{{variables}}` included:
//! they are resolved when the request is sent, as for v2.1.

use serde_json::{Map, Value, json};

use super::json::{At, truthy};
use crate::model::FormatError;

/// A v1 helper: its name, the v2.1 type and its parameters as `(v2.1 name, v1 name)`.
type Helper = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Every v1 helper, parameters in the transformer's order. `awsSigV4` keeps its fields as they
/// are.
const HELPERS: &[Helper] = &[
    (
        "apikeyAuth",
        "apikey",
        &[("key", "key"), ("value", "value"), ("in", "in")],
    ),
    (
        "basicAuth",
        "basic",
        &[
            ("username", "username"),
            ("password", "password"),
            ("saveHelperData", "saveToRequest"),
        ],
    ),
    ("bearerAuth", "bearer", &[("token", "token")]),
    (
        "digestAuth",
        "digest",
        &[
            ("algorithm", "algorithm"),
            ("username", "username"),
            ("realm", "realm"),
            ("password", "password"),
            ("nonce", "nonce"),
            ("nonceCount", "nonceCount"),
            ("clientNonce", "clientNonce"),
            ("opaque", "opaque"),
            ("qop", "qop"),
            ("disableRetryRequest", "disableRetryRequest"),
        ],
    ),
    (
        "oAuth1",
        "oauth1",
        &[
            ("consumerKey", "consumerKey"),
            ("consumerSecret", "consumerSecret"),
            ("token", "token"),
            ("tokenSecret", "tokenSecret"),
            ("signatureMethod", "signatureMethod"),
            ("timestamp", "timestamp"),
            ("nonce", "nonce"),
            ("version", "version"),
            ("realm", "realm"),
            ("addParamsToHeader", "header"),
            ("autoAddParam", "auto"),
            ("addEmptyParamsToSign", "includeEmpty"),
        ],
    ),
    (
        "hawkAuth",
        "hawk",
        &[
            ("authId", "hawk_id"),
            ("authKey", "hawk_key"),
            ("algorithm", "algorithm"),
            ("user", "user"),
            ("saveHelperData", "saveToRequest"),
            ("nonce", "nonce"),
            ("extraData", "ext"),
            ("appId", "app"),
            ("delegation", "dlg"),
            ("timestamp", "timestamp"),
        ],
    ),
    (
        "ntlmAuth",
        "ntlm",
        &[
            ("username", "username"),
            ("password", "password"),
            ("domain", "domain"),
            ("workstation", "workstation"),
            ("disableRetryRequest", "disableRetryRequest"),
        ],
    ),
    (
        "oAuth2",
        "oauth2",
        &[
            ("accessToken", "accessToken"),
            ("addTokenTo", "addTokenTo"),
            ("callBackUrl", "callBackUrl"),
            ("authUrl", "authUrl"),
            ("accessTokenUrl", "accessTokenUrl"),
            ("clientId", "clientId"),
            ("clientSecret", "clientSecret"),
            ("clientAuth", "clientAuth"),
            ("grantType", "grantType"),
            ("scope", "scope"),
            ("username", "username"),
            ("password", "password"),
            ("tokenType", "tokenType"),
            ("redirectUri", "redirectUri"),
            ("refreshToken", "refreshToken"),
        ],
    ),
    ("awsSigV4", "awsv4", &[]),
];

/// A parameter before it is written: its value may be missing (`undefined` in the
/// transformer), and then the v2.1 entry has no `value`.
type Params = Vec<(String, Option<Value>)>;

/// The v2.1 auth of `entity`, `None` when it has none (it inherits). `noauth` is kept as
/// `{type: noauth}`, except at the collection (`drop_noauth`), where it means nothing.
pub fn auth(
    entity: &Map<String, Value>,
    at: &At,
    drop_noauth: bool,
) -> Result<Option<Value>, FormatError> {
    let legacy = entity.contains_key("currentHelper") || truthy(entity.get("helperAttributes"));
    let found = if !legacy && truthy(entity.get("auth")) {
        from_list_form(&entity["auth"])
    } else {
        from_helper(entity, at)?
    };
    let Some((kind, params)) = found else {
        return Ok(None);
    };
    if kind == "noauth" {
        return Ok((!drop_noauth).then(|| json!({ "type": "noauth" })));
    }
    let mut out = Map::new();
    out.insert("type".into(), json!(kind));
    if !params.is_empty() {
        let list = params
            .into_iter()
            .map(|(key, value)| {
                let kind = match &value {
                    Some(Value::String(_)) => "string",
                    Some(Value::Bool(_)) => "boolean",
                    Some(Value::Number(_)) => "number",
                    _ => "any",
                };
                let mut param = json!({ "key": key, "type": kind });
                if let Some(value) = value {
                    param["value"] = value;
                }
                param
            })
            .collect();
        out.insert(kind, Value::Array(list));
    }
    Ok(Some(Value::Object(out)))
}

/// `auth: {type, <type>: [{key, value}]}`. A later entry with the same key replaces the
/// value of the first. Parameters in another shape than a list are not read (the transformer
/// reads them into a meaningless `undefined` key).
fn from_list_form(auth: &Value) -> Option<(String, Params)> {
    let kind = auth.get("type").filter(|t| truthy(Some(t)))?;
    let kind = match kind {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut params: Params = Vec::new();
    if let Some(Value::Array(list)) = auth.get(&kind) {
        for param in list {
            let key = match param.get("key") {
                Some(Value::String(k)) => k.clone(),
                Some(Value::Null) => "null".into(),
                Some(other) => other.to_string(),
                None => "undefined".into(),
            };
            let value = param.get("value").cloned();
            match params.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => params.push((key, value)),
            }
        }
    }
    Some((kind, params))
}

/// `currentHelper` and `helperAttributes`. No helper, or `normal`, is no auth; attributes
/// given as text that is not JSON are no auth either (the transformer gives up on them).
fn from_helper(
    entity: &Map<String, Value>,
    at: &At,
) -> Result<Option<(String, Params)>, FormatError> {
    let helper = match entity.get("currentHelper") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(h)) if h.is_empty() || h == "normal" => return Ok(None),
        Some(Value::String(h)) => h.as_str(),
        Some(other) => return Err(at.key("currentHelper").wrong("a string", other)),
    };
    let parsed;
    let attributes = match entity.get("helperAttributes") {
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                parsed = value;
                Some(&parsed)
            }
            Err(_) => return Ok(None),
        },
        other => other,
    };
    let known = HELPERS.iter().find(|(name, _, _)| *name == helper);
    let kind = known.map_or(helper, |(_, kind, _)| kind).to_string();
    let mut params: Params = Vec::new();
    if let (Some((name, _, fields)), true) = (known, truthy(attributes)) {
        let attributes = attributes.and_then(Value::as_object);
        let field = |v1: &str| attributes.and_then(|a| a.get(v1)).cloned();
        if *name == "awsSigV4" {
            if let Some(all) = attributes {
                params.extend(all.iter().map(|(k, v)| (k.clone(), Some(v.clone()))));
            }
        } else {
            params.extend(fields.iter().map(|(v2, v1)| (v2.to_string(), field(v1))));
        }
        if *name == "basicAuth" {
            params.push(("showPassword".into(), Some(Value::Bool(false))));
        }
    }
    Ok(Some((kind, params)))
}
