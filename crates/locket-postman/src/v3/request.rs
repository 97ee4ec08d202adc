//! One `*.request.yaml` file as the v2.1 item it stands for.

use saphyr::Yaml;
use serde_json::{Map, Value, json};

use super::fields;
use super::yaml::{Entry, entries, get, text, text_at, value_text};
use crate::model::FormatError;

/// The v2.1 item of a request file, or `None` for a request of another protocol (GraphQL,
/// gRPC, WebSocket, …: `$kind` other than `http-request`), which locket does not run.
pub fn item(doc: &Yaml<'_>, name: String, file: &str) -> Result<Option<Value>, FormatError> {
    if !matches!(doc, Yaml::Mapping(_)) {
        return Err(FormatError(format!(
            "{file}: is not a Postman request (expected a mapping with `url:` and `method:`)"
        )));
    }
    match text_at(doc, "$kind").as_deref() {
        None | Some("http-request") => {}
        Some(_) => return Ok(None),
    }
    let mut request = Map::new();
    request.insert(
        "method".into(),
        Value::String(text_at(doc, "method").unwrap_or_else(|| "GET".into())),
    );
    request.insert("url".into(), url(doc));
    request.insert("header".into(), fields::pairs(get(doc, "headers")));
    if let Some(body) = body(get(doc, "body"), file)? {
        request.insert("body".into(), body);
    }
    if let Some(auth) = fields::auth(get(doc, "auth")) {
        request.insert("auth".into(), auth);
    }
    Ok(Some(json!({
        "id": text_at(doc, "id").unwrap_or_default(),
        "name": name,
        "request": request,
        "event": fields::events(get(doc, "scripts")),
        "protocolProfileBehavior": fields::settings(get(doc, "settings")),
    })))
}

/// `url` with `queryParams` folded in, as v2.1's URL object (the parts Postman's own URL parser
/// gives: scripts read `pm.request.url` from them, and they compose back to the same text).
///
/// Postman writes the enabled parameters in both `url` and `queryParams`, so appending one to
/// the other would send them twice. As Postman's CLI does: the parameters only the URL has come
/// first, then `queryParams`' entries; a key `queryParams` lists (even disabled) is taken from
/// there, not from the URL.
fn url(doc: &Yaml<'_>) -> Value {
    let written = text_at(doc, "url").unwrap_or_default();
    let (before_hash, hash) = match written.split_once('#') {
        Some((u, h)) => (u, Some(h)),
        None => (written.as_str(), None),
    };
    let (base, query) = before_hash.split_once('?').unwrap_or((before_hash, ""));
    let listed = entries(get(doc, "queryParams"));
    let mut params: Vec<Value> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (p, None),
        })
        .filter(|(k, _)| !listed.iter().any(|e| e.key == *k))
        .map(|(key, value)| json!({ "key": key, "value": value }))
        .collect();
    params.extend(listed.into_iter().map(
        |Entry {
             key,
             value,
             disabled,
             ..
         }| json!({ "key": key, "value": value, "disabled": disabled }),
    ));
    let mut url = parts(base);
    let enabled: Vec<String> = params
        .iter()
        .filter(|p| p["disabled"] != true)
        .map(|p| match p["value"].as_str() {
            Some(v) => format!("{}={v}", p["key"].as_str().unwrap_or_default()),
            None => p["key"].as_str().unwrap_or_default().to_string(),
        })
        .collect();
    let mut raw = base.to_string();
    if !enabled.is_empty() {
        raw = format!("{raw}?{}", enabled.join("&"));
    }
    if let Some(hash) = hash {
        raw = format!("{raw}#{hash}");
        url["hash"] = Value::String(hash.to_string());
    }
    url["raw"] = Value::String(raw);
    url["query"] = Value::Array(params);
    url["variable"] = fields::pairs(get(doc, "pathVariables"));
    url
}

/// A URL without its query and fragment split as Postman splits it: `protocol://`, `user:pass@`,
/// host labels, `:port`, path segments. `{{baseUrl}}/a` is host `{{baseUrl}}`, path `a`.
fn parts(base: &str) -> Value {
    let (protocol, rest) = match base.split_once("://") {
        Some((p, rest)) if !p.is_empty() && !p.contains(['/', '{', '}']) => (Some(p), rest),
        _ => (None, base),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (auth, host_port) = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            (Some(json!({ "user": user, "password": password })), host)
        }
        None => (None, authority),
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => (h, Some(p)),
        _ => (host_port, None),
    };
    let mut url = json!({ "host": host.split('.').collect::<Vec<_>>() });
    if let Some(protocol) = protocol {
        url["protocol"] = Value::String(protocol.to_string());
    }
    if let Some(auth) = auth {
        url["auth"] = auth;
    }
    if let Some(port) = port {
        url["port"] = Value::String(port.to_string());
    }
    if let Some(path) = path {
        url["path"] = path.split('/').collect();
    }
    url
}

/// `body: {type, content}` as v2.1's `{mode, …}`; `None` for no body or `type: none`.
fn body(node: Option<&Yaml<'_>>, file: &str) -> Result<Option<Value>, FormatError> {
    let Some(node) = node else { return Ok(None) };
    let Some(kind) = text_at(node, "type") else {
        return Ok(None);
    };
    let content = get(node, "content");
    let disabled = super::yaml::bool_at(node, "disabled") == Some(true);
    let body = match kind.as_str() {
        "none" => return Ok(None),
        // The raw kinds: the runner adds the Content-Type the language implies, as for v2.1.
        "json" | "text" | "xml" | "html" | "javascript" => json!({
            "mode": "raw",
            "raw": content.and_then(value_text).unwrap_or_default(),
            "options": { "raw": { "language": kind } },
        }),
        "urlencoded" => json!({ "mode": "urlencoded", "urlencoded": fields::pairs(content) }),
        "formdata" => json!({ "mode": "formdata", "formdata": form_parts(content) }),
        "file" => {
            let src = content.and_then(|c| match c {
                Yaml::Mapping(_) => text_at(c, "src"),
                other => text(other),
            });
            json!({ "mode": "file", "file": { "src": src } })
        }
        "graphql" => json!({
            "mode": "graphql",
            "graphql": {
                "query": content.and_then(|c| text_at(c, "query")).unwrap_or_default(),
                "variables": content.and_then(|c| get(c, "variables")).and_then(value_text),
            },
        }),
        other => {
            return Err(FormatError(format!(
                "{file}: the body type {other:?} is not one Postman writes (json, text, xml, \
                 html, javascript, urlencoded, formdata, file, graphql or none)"
            )));
        }
    };
    let mut body = body;
    body["disabled"] = Value::Bool(disabled);
    Ok(Some(body))
}

/// Form parts: `{key, type: text|file, value | src, contentType?, disabled?}` or a map of
/// text fields.
fn form_parts(content: Option<&Yaml<'_>>) -> Value {
    entries(content)
        .into_iter()
        .map(|e| {
            let field = |k: &str| e.item.and_then(|i| get(i, k));
            let src = field("src").map(|s| match s {
                Yaml::Sequence(list) => list.iter().filter_map(text).map(Value::String).collect(),
                other => text(other).map_or(Value::Null, Value::String),
            });
            json!({
                "key": e.key,
                "type": field("type").and_then(text).unwrap_or_else(|| "text".into()),
                "value": e.value,
                "src": src,
                "contentType": field("contentType").and_then(text),
                "disabled": e.disabled,
            })
        })
        .collect()
}
