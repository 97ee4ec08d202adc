//! A v1 request's URL as v2.1's URL object. v1 keeps the URL as a string, with the query and
//! the path variables optionally repeated as lists (`queryParams`, `pathVariableData`) or an
//! object (`pathVariables`); the transformer splits the string the way Postman's SDK does and
//! lets those lists replace what the string says.

use serde_json::{Map, Value, json};

use super::json::{At, drop_empty_description, js_string, objects_at, truthy};
use crate::model::FormatError;

/// The v2.1 `url` of a v1 request, `None` when the request has no URL.
pub fn url(request: &Map<String, Value>, at: &At) -> Result<Option<Value>, FormatError> {
    let written = match request.get("url") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v @ (Value::Array(_) | Value::Object(_))) => {
            return Err(at.key("url").wrong("a string", v));
        }
        Some(scalar) => Some(js_string(scalar)),
    };
    // The transformer splits only a string: a number or boolean is split as "" here, and
    // written back as text below when nothing else gives the URL a shape.
    let as_string = request.get("url").and_then(Value::as_str).unwrap_or("");
    let mut parsed = parse(as_string);

    let (query, altered) = query_params(request, at)?;
    if !query.is_empty() {
        parsed.insert("query".into(), Value::Array(query));
    }
    let variables = path_variables(request, at)?;
    if !variables.is_empty() {
        parsed.insert("variable".into(), Value::Array(variables));
    }
    if altered {
        let raw = unparse(&parsed);
        parsed.insert("raw".into(), Value::String(raw));
    }
    if parsed.contains_key("query") || parsed.contains_key("variable") {
        return Ok(Some(Value::Object(parsed)));
    }
    let raw = parsed
        .get("raw")
        .and_then(Value::as_str)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    Ok(raw.or(written).map(|text| Value::Object(parse(&text))))
}

/// `queryParams`, when given, replace the query the URL string has; `equals` (whether `=` is
/// written) becomes an empty or a null value, and makes the transformer rewrite `raw`.
fn query_params(request: &Map<String, Value>, at: &At) -> Result<(Vec<Value>, bool), FormatError> {
    let mut altered = false;
    let mut out = Vec::new();
    for (param, _) in objects_at(request, "queryParams", at)? {
        let mut param = param.clone();
        if param.get("enabled") == Some(&Value::Bool(false)) {
            param.insert("disabled".into(), Value::Bool(true));
        }
        param.remove("enabled");
        drop_empty_description(&mut param);
        if let Some(equals) = param.remove("equals") {
            let value = param.get("value").cloned().unwrap_or(Value::Null);
            if truthy(Some(&equals)) {
                if value.is_null() && param.contains_key("value") {
                    param.insert("value".into(), Value::String(String::new()));
                }
            } else if !truthy(Some(&value)) {
                param.insert("value".into(), Value::Null);
            }
            altered = true;
        }
        out.push(Value::Object(param));
    }
    Ok((out, altered))
}

/// `pathVariableData` (with descriptions) first, then `pathVariables` entries it does not name.
fn path_variables(request: &Map<String, Value>, at: &At) -> Result<Vec<Value>, FormatError> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (variable, _) in objects_at(request, "pathVariableData", at)? {
        let mut variable = variable.clone();
        drop_empty_description(&mut variable);
        variable.remove("id");
        seen.push(variable.get("key").map(js_string).unwrap_or_default());
        out.push(Value::Object(variable));
    }
    match request.get("pathVariables") {
        None | Some(Value::Null) => {}
        Some(Value::Object(pairs)) => {
            for (key, value) in pairs {
                if !seen.contains(key) {
                    out.push(json!({ "key": key, "value": value }));
                }
            }
        }
        Some(other) => return Err(at.key("pathVariables").wrong("an object", other)),
    }
    Ok(out)
}

/// A URL string split as Postman's SDK (and the transformer's copy of it) splits it: `raw`,
/// `protocol`, `auth` `{user, password}`, `host` and `path` as lists, `port`, `query` as
/// `{key, value}` (value null without `=`), `hash`, and `variable` for `:name` path segments.
/// A `{{variable}}` holding a separator (`{{base.url}}`, `{{a/b}}`) stays whole.
pub fn parse(url: &str) -> Map<String, Value> {
    let url = url.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let mut out = Map::new();
    out.insert("raw".into(), Value::String(url.to_string()));
    if url.is_empty() {
        return out;
    }
    let masked = Masked::new(url);
    let mut rest = masked.text.as_str();

    let mut hash = None;
    if let Some(i) = rest.find('#') {
        hash = Some(&rest[i + 1..]);
        rest = &rest[..i];
    }
    let mut query = None;
    if let Some(i) = rest.find('?') {
        query = Some(&rest[i + 1..]);
        rest = &rest[..i];
    }
    let mut protocol = None;
    if let Some(i) = rest.find("://").or_else(|| rest.find(":\\\\")) {
        protocol = Some(&rest[..i]);
        rest = &rest[i + 3..];
    }
    let slashed = rest.replace('\\', "/");
    let mut rest = slashed.as_str();
    let mut path = None;
    if let Some(i) = rest.find('/') {
        path = Some(&rest[i + 1..]);
        rest = &rest[..i];
    }
    let mut auth = None;
    if let Some(i) = rest.rfind('@') {
        auth = Some(&rest[..i]);
        rest = &rest[i + 1..];
    }
    let mut port = None;
    if let Some(i) = rest.rfind(':')
        && !rest[i + 1..].contains(']')
    {
        port = Some(&rest[i + 1..]);
        rest = &rest[..i];
    }

    let text = |s: &str| Value::String(masked.restore(s));
    let split = |s: &str, sep: char| Value::Array(s.split(sep).map(text).collect());
    if let Some(protocol) = protocol {
        out.insert("protocol".into(), text(protocol));
    }
    if let Some(auth) = auth {
        let mut pair = Map::new();
        match auth.split_once(':') {
            Some((user, password)) => {
                pair.insert("user".into(), text(user));
                pair.insert("password".into(), text(password));
            }
            None => {
                pair.insert("user".into(), text(auth));
            }
        }
        out.insert("auth".into(), Value::Object(pair));
    }
    if !rest.is_empty() {
        out.insert("host".into(), split(rest, '.'));
    }
    if let Some(port) = port {
        out.insert("port".into(), text(port));
    }
    if let Some(path) = path {
        let segments: Vec<String> = path.split('/').map(|s| masked.restore(s)).collect();
        let mut variables: Vec<Value> = Vec::new();
        for segment in &segments {
            if let Some(name) = segment.strip_prefix(':').filter(|n| !n.is_empty())
                && !variables.iter().any(|v| v["key"] == name)
            {
                variables.push(json!({ "key": name }));
            }
        }
        out.insert("path".into(), json!(segments));
        if !variables.is_empty() {
            out.insert("variable".into(), Value::Array(variables));
        }
    }
    if let Some(query) = query {
        // Each parameter gets its variables back before `=` splits it, as in the SDK.
        let params = query.split('&').map(|param| {
            let param = masked.restore(param);
            match param.split_once('=') {
                _ if param.is_empty() => json!({ "key": null, "value": null }),
                Some((key, value)) => json!({ "key": key, "value": value }),
                None => json!({ "key": param, "value": null }),
            }
        });
        out.insert("query".into(), Value::Array(params.collect()));
    }
    if let Some(hash) = hash {
        out.insert("hash".into(), text(hash));
    }
    out
}

/// The URL string with each `{{variable}}` that holds a separator character replaced by one
/// placeholder character (a private-use code point the string does not contain), so splitting
/// never cuts a variable; [`Masked::restore`] puts the variables back.
struct Masked {
    text: String,
    variables: Vec<(char, String)>,
}

impl Masked {
    fn new(url: &str) -> Masked {
        const SEPARATORS: &[char] = &['.', ':', '/', '?', '#', '@', '&', ']'];
        let mut next = (0xF0000u32..)
            .filter_map(char::from_u32)
            .filter(|c| !url.contains(*c));
        let mut text = String::with_capacity(url.len());
        let mut variables = Vec::new();
        let mut rest = url;
        while let Some(open) = rest.find("{{") {
            // The variable is the shortest `{{…}}` without braces inside, from an opening
            // `{{` whose content has no brace (a `{` restarts the search, as the regex does).
            let inner = &rest[open + 2..];
            let stop = inner.find(['{', '}']);
            match stop {
                Some(end)
                    if inner[end..].starts_with("}}") && inner[..end].contains(SEPARATORS) =>
                {
                    let placeholder = next.next().unwrap_or('\u{FFFD}');
                    text.push_str(&rest[..open]);
                    text.push(placeholder);
                    variables.push((placeholder, rest[open..open + 2 + end + 2].to_string()));
                    rest = &inner[end + 2..];
                }
                _ => {
                    text.push_str(&rest[..open + 1]);
                    rest = &rest[open + 1..];
                }
            }
        }
        text.push_str(rest);
        Masked { text, variables }
    }

    fn restore(&self, part: &str) -> String {
        let mut out = part.to_string();
        for (placeholder, variable) in &self.variables {
            if out.contains(*placeholder) {
                out = out.replace(*placeholder, variable);
            }
        }
        out
    }
}

/// The URL object written back as a string (the transformer does this when `queryParams`
/// carried `equals`): disabled parameters are left out, `&`, `#` (and `=` in keys) outside
/// `{{variables}}` are percent-encoded.
fn unparse(url: &Map<String, Value>) -> String {
    let mut out = String::new();
    if let Some(Value::String(protocol)) = url.get("protocol")
        && !protocol.is_empty()
    {
        out.push_str(protocol);
        if !protocol.ends_with("://") {
            out.push_str("://");
        }
    }
    if let Some(Value::Object(auth)) = url.get("auth") {
        let user = auth.get("user").and_then(Value::as_str);
        let password = auth.get("password").and_then(Value::as_str);
        if let Some(user) = user {
            out.push_str(user);
        }
        if let Some(password) = password {
            out.push(':');
            out.push_str(password);
        }
        if user.is_some() || password.is_some() {
            out.push('@');
        }
    }
    let joined = |key: &str, sep: &str| match url.get(key) {
        Some(Value::Array(parts)) => {
            Some(parts.iter().map(js_string).collect::<Vec<_>>().join(sep))
        }
        Some(Value::Null) | None => None,
        Some(other) => Some(js_string(other)),
    };
    if let Some(host) = joined("host", ".") {
        out.push_str(&host);
    }
    if let Some(port) = url.get("port").filter(|p| !p.is_null()) {
        out.push(':');
        out.push_str(&js_string(port));
    }
    if let Some(path) = joined("path", "/").filter(|p| !p.is_empty() || url["path"].is_array()) {
        if !path.starts_with('/') {
            out.push('/');
        }
        out.push_str(&path);
    }
    if let Some(Value::Array(query)) = url.get("query") {
        let enabled: Vec<String> = query
            .iter()
            .filter_map(Value::as_object)
            .filter(|p| !truthy(p.get("disabled")))
            .map(|p| {
                let mut param = p
                    .get("key")
                    .and_then(Value::as_str)
                    .map(|k| encode_reserved(k, true))
                    .unwrap_or_default();
                if let Some(value) = p.get("value").and_then(Value::as_str) {
                    param.push('=');
                    param.push_str(&encode_reserved(value, false));
                }
                param
            })
            .collect();
        if !enabled.is_empty() {
            out.push('?');
            out.push_str(&enabled.join("&"));
        }
    }
    if let Some(Value::String(hash)) = url.get("hash") {
        out.push('#');
        out.push_str(hash);
    }
    out
}

/// `&`, `#` and (in keys) `=` percent-encoded, except inside a `{{variable}}` holding one.
fn encode_reserved(text: &str, equals: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let encode = |s: &str, out: &mut String| {
        for c in s.chars() {
            match c {
                '&' => out.push_str("%26"),
                '#' => out.push_str("%23"),
                '=' if equals => out.push_str("%3D"),
                c => out.push(c),
            }
        }
    };
    while let Some(open) = rest.find("{{") {
        let inner = &rest[open + 2..];
        match inner.find(['{', '}']) {
            Some(end)
                if inner[end..].starts_with("}}") && inner[..end].contains(['&', '#', '=']) =>
            {
                encode(&rest[..open], &mut out);
                out.push_str(&rest[open..open + 2 + end + 2]);
                rest = &inner[end + 2..];
            }
            _ => {
                encode(&rest[..open + 1], &mut out);
                rest = &rest[open + 1..];
            }
        }
    }
    encode(rest, &mut out);
    out
}
