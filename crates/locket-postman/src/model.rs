//! The Postman collection (v2.0 and v2.1; v1 through [`crate::v1`]), environment and globals
//! formats, read into plain Rust types once per run.
//!
//! Parsing goes through `serde_json::Value` by hand rather than derived structs: real
//! collections bend the published schemas (a request given as a bare URL string, `event` as
//! one object instead of a list, v2.0's auth as an object where v2.1 has a list of
//! `{key, value}`, numbers where strings are expected), and Postman accepts all of them.

use serde_json::{Map, Value};

use crate::script::Event;

/// What is wrong with a collection, environment or data file; the message says where.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FormatError(pub String);

fn bad(message: impl Into<String>) -> FormatError {
    FormatError(message.into())
}

/// A file's text as UTF-8, as newman reads it: a UTF-8 byte-order mark is dropped, and UTF-16
/// with a byte-order mark (as Windows tools write) is decoded.
pub fn utf8_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, FormatError> {
    use std::borrow::Cow;
    let utf16 = |rest: &[u8], from: fn([u8; 2]) -> u16| {
        if !rest.len().is_multiple_of(2) {
            return Err(bad("it is UTF-16 with an odd number of bytes"));
        }
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| from([c[0], c[1]])).collect();
        String::from_utf16(&units)
            .map(|text| Cow::Owned(text.into_bytes()))
            .map_err(|_| bad("it is not valid UTF-16"))
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => Ok(Cow::Borrowed(rest)),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => Ok(Cow::Borrowed(bytes)),
    }
}

/// A variable as Postman lists it (collection, environment, globals, --env-var).
#[derive(Clone, PartialEq, Eq)]
pub struct Variable {
    pub key: String,
    pub value: String,
    pub disabled: bool,
    /// Postman's `"type": "secret"`: its value is masked in everything locket prints.
    pub secret: bool,
}

/// A `{key, value}` pair of a header, urlencoded body, path variable or query parameter.
#[derive(Clone)]
pub struct Param {
    pub key: String,
    pub value: String,
    pub disabled: bool,
}

/// A query parameter: Postman distinguishes `?a` (no value) from `?a=` (empty value).
#[derive(Clone)]
pub struct QueryParam {
    pub key: String,
    pub value: Option<String>,
    pub disabled: bool,
}

/// A request URL, either as written (`raw`) or in Postman's parts.
#[derive(Clone, Default)]
pub struct UrlDef {
    pub raw: String,
    /// The parts, when the collection gives a host (then they win over `raw`, as in Postman).
    pub parts: Option<UrlParts>,
    /// `:name` path variables.
    pub path_variables: Vec<Param>,
}

#[derive(Clone, Default)]
pub struct UrlParts {
    pub protocol: Option<String>,
    /// `{"user", "password"}`: sent as Basic auth, as Postman does with userinfo.
    pub auth: Option<(String, String)>,
    pub host: String,
    pub port: Option<String>,
    pub path: Option<String>,
    pub query: Vec<QueryParam>,
    pub hash: Option<String>,
}

/// One part of a multipart form.
#[derive(Clone)]
pub struct FormPart {
    pub key: String,
    pub value: FormValue,
    pub content_type: Option<String>,
    pub disabled: bool,
}

#[derive(Clone)]
pub enum FormValue {
    Text(String),
    /// Paths to files (Postman allows several per key).
    Files(Vec<String>),
}

#[derive(Clone)]
pub enum Body {
    /// `options.raw.language` (json, xml, text, …) picks a Content-Type when none is given.
    Raw {
        text: String,
        language: Option<String>,
    },
    UrlEncoded(Vec<Param>),
    FormData(Vec<FormPart>),
    File(Option<String>),
    GraphQl {
        query: String,
        variables: Option<String>,
    },
}

/// An auth block: its type and parameters (v2.0's object and v2.1's list both end up here).
#[derive(Clone)]
pub struct Auth {
    pub kind: String,
    pub params: Vec<(String, String)>,
}

impl Auth {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// `protocolProfileBehavior`: only the settings the runner honours; unset ones inherit.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Profile {
    pub follow_redirects: Option<bool>,
    pub max_redirects: Option<usize>,
    pub strict_ssl: Option<bool>,
    pub disable_body_pruning: Option<bool>,
    pub follow_original_method: Option<bool>,
    pub remove_referer_on_redirect: Option<bool>,
    /// Only OAuth 1.0 honours it so far: its parameters go to the query unencoded.
    pub disable_url_encoding: Option<bool>,
}

impl Profile {
    /// `self`'s settings, falling back to `parent`'s.
    pub fn over(self, parent: Profile) -> Profile {
        Profile {
            follow_redirects: self.follow_redirects.or(parent.follow_redirects),
            max_redirects: self.max_redirects.or(parent.max_redirects),
            strict_ssl: self.strict_ssl.or(parent.strict_ssl),
            disable_body_pruning: self.disable_body_pruning.or(parent.disable_body_pruning),
            follow_original_method: self
                .follow_original_method
                .or(parent.follow_original_method),
            remove_referer_on_redirect: self
                .remove_referer_on_redirect
                .or(parent.remove_referer_on_redirect),
            disable_url_encoding: self.disable_url_encoding.or(parent.disable_url_encoding),
        }
    }
}

#[derive(Clone)]
pub struct RequestDef {
    pub method: String,
    pub url: UrlDef,
    pub headers: Vec<Param>,
    pub body: Option<Body>,
    /// `None`: inherit from the folder or collection. `Some` with kind `noauth`: none.
    pub auth: Option<Auth>,
}

/// A pre-request or test script with code in it.
#[derive(Clone)]
pub struct EventScript {
    pub event: Event,
    pub source: String,
}

#[derive(Clone)]
pub struct RequestItem {
    pub id: String,
    pub name: String,
    pub request: RequestDef,
    /// The request as the collection gives it, for scripts (`pm.request`).
    pub raw: Value,
    pub scripts: Vec<EventScript>,
    pub profile: Profile,
}

#[derive(Clone)]
pub struct Folder {
    pub id: String,
    pub name: String,
    pub items: Vec<Item>,
    pub auth: Option<Auth>,
    pub scripts: Vec<EventScript>,
    pub profile: Profile,
}

#[derive(Clone)]
pub enum Item {
    Folder(Folder),
    /// Boxed: a request is several times the size of a folder.
    Request(Box<RequestItem>),
}

#[derive(Clone)]
pub struct Collection {
    pub id: String,
    pub name: String,
    pub variables: Vec<Variable>,
    pub auth: Option<Auth>,
    pub items: Vec<Item>,
    pub scripts: Vec<EventScript>,
    pub profile: Profile,
}

/// A value as text: Postman turns numbers and booleans into their JSON text, null into "".
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn text_at(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key).filter(|v| !v.is_null()).map(text)
}

fn flag(obj: &Map<String, Value>, key: &str) -> bool {
    obj.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// `disabled: true`, or the older environment files' `enabled: false`.
fn is_disabled(obj: &Map<String, Value>) -> bool {
    flag(obj, "disabled") || obj.get("enabled").and_then(Value::as_bool) == Some(false)
}

fn list(value: Option<&Value>) -> &[Value] {
    match value {
        Some(Value::Array(items)) => items,
        Some(single @ Value::Object(_)) => std::slice::from_ref(single),
        _ => &[],
    }
}

/// A list of `{key, value, disabled}` objects. Entries without a key are skipped.
pub fn variables(value: Option<&Value>) -> Vec<Variable> {
    list(value)
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|v| {
            // v2.0 collections sometimes write `id` instead of `key`.
            let key = text_at(v, "key").or_else(|| text_at(v, "id"))?;
            Some(Variable {
                key,
                value: v.get("value").map(text).unwrap_or_default(),
                disabled: is_disabled(v),
                secret: v.get("type").and_then(Value::as_str) == Some("secret"),
            })
        })
        .collect()
}

fn params(value: Option<&Value>) -> Vec<Param> {
    variables(value)
        .into_iter()
        .map(|v| Param {
            key: v.key,
            value: v.value,
            disabled: v.disabled,
        })
        .collect()
}

/// Headers: a list of objects, or v2.0's `"Name: value\nName2: value2"` string.
fn headers(value: Option<&Value>) -> Vec<Param> {
    if let Some(Value::String(s)) = value {
        return s
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(k, v)| Param {
                key: k.trim().to_string(),
                value: v.trim().to_string(),
                disabled: false,
            })
            .collect();
    }
    params(value)
}

/// The `event` list's enabled `prerequest` and `test` scripts, in order.
/// `exec` is a list of lines or one string.
fn scripts(value: Option<&Value>) -> Vec<EventScript> {
    list(value)
        .iter()
        .filter_map(Value::as_object)
        .filter(|e| !flag(e, "disabled"))
        .filter_map(|e| {
            let event = match e.get("listen").and_then(Value::as_str) {
                Some("prerequest") => Event::PreRequest,
                Some("test") => Event::Test,
                _ => return None,
            };
            let source = match e.get("script").and_then(|s| s.get("exec")) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(lines)) => lines
                    .iter()
                    .map(|l| l.as_str().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => return None,
            };
            // A blank script still counts as run (newman counts it), it just does nothing.
            Some(EventScript { event, source })
        })
        .collect()
}

fn auth(value: Option<&Value>) -> Option<Auth> {
    let obj = value?.as_object()?;
    let kind = obj.get("type").and_then(Value::as_str)?.to_string();
    let params = match obj.get(&kind) {
        // v2.1: a list of {key, value}.
        Some(Value::Array(_)) => variables(obj.get(&kind))
            .into_iter()
            .map(|v| (v.key, v.value))
            .collect(),
        // v2.0: an object.
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), text(v))).collect(),
        _ => Vec::new(),
    };
    Some(Auth { kind, params })
}

fn profile(value: Option<&Value>) -> Profile {
    let Some(obj) = value.and_then(Value::as_object) else {
        return Profile::default();
    };
    let b = |k: &str| obj.get(k).and_then(Value::as_bool);
    Profile {
        follow_redirects: b("followRedirects"),
        max_redirects: obj
            .get("maxRedirects")
            .and_then(Value::as_u64)
            .map(|n| n as usize),
        strict_ssl: b("strictSSL"),
        disable_body_pruning: b("disableBodyPruning"),
        follow_original_method: b("followOriginalHttpMethod"),
        remove_referer_on_redirect: b("removeRefererHeaderOnRedirect"),
        disable_url_encoding: b("disableUrlEncoding"),
    }
}

fn url(value: Option<&Value>) -> UrlDef {
    let Some(value) = value else {
        return UrlDef::default();
    };
    let Some(obj) = value.as_object() else {
        return UrlDef {
            raw: text(value),
            ..UrlDef::default()
        };
    };
    let joined = |key: &str, sep: &str| match obj.get(key) {
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|i| match i {
                    // v2.0 allows path segments as {type, value} objects.
                    Value::Object(o) => o.get("value").map(text).unwrap_or_default(),
                    other => text(other),
                })
                .collect::<Vec<_>>()
                .join(sep),
        ),
        Some(Value::Null) | None => None,
        Some(other) => Some(text(other)),
    };
    let parts = joined("host", ".").map(|host| UrlParts {
        protocol: text_at(obj, "protocol"),
        auth: obj.get("auth").and_then(Value::as_object).map(|a| {
            (
                text_at(a, "user").unwrap_or_default(),
                text_at(a, "password").unwrap_or_default(),
            )
        }),
        host,
        port: text_at(obj, "port"),
        path: joined("path", "/"),
        query: list(obj.get("query"))
            .iter()
            .filter_map(Value::as_object)
            .map(|q| QueryParam {
                key: text_at(q, "key").unwrap_or_default(),
                value: text_at(q, "value"),
                disabled: is_disabled(q),
            })
            .collect(),
        hash: text_at(obj, "hash"),
    });
    UrlDef {
        raw: text_at(obj, "raw").unwrap_or_default(),
        parts,
        path_variables: params(obj.get("variable")),
    }
}

fn body(value: Option<&Value>) -> Option<Body> {
    let obj = value?.as_object()?;
    if flag(obj, "disabled") {
        return None;
    }
    let mode = obj.get("mode").and_then(Value::as_str)?;
    Some(match mode {
        "raw" => Body::Raw {
            text: obj.get("raw").map(text).unwrap_or_default(),
            language: obj
                .get("options")
                .and_then(|o| o.get("raw"))
                .and_then(|r| r.get("language"))
                .and_then(Value::as_str)
                .map(str::to_string),
        },
        "urlencoded" => Body::UrlEncoded(params(obj.get("urlencoded"))),
        "formdata" => Body::FormData(
            list(obj.get("formdata"))
                .iter()
                .filter_map(Value::as_object)
                .filter_map(|p| {
                    let key = text_at(p, "key")?;
                    let value = if p.get("type").and_then(Value::as_str) == Some("file") {
                        FormValue::Files(match p.get("src") {
                            Some(Value::Array(srcs)) => srcs.iter().map(text).collect(),
                            Some(Value::Null) | None => Vec::new(),
                            Some(src) => vec![text(src)],
                        })
                    } else {
                        FormValue::Text(p.get("value").map(text).unwrap_or_default())
                    };
                    Some(FormPart {
                        key,
                        value,
                        content_type: text_at(p, "contentType"),
                        disabled: is_disabled(p),
                    })
                })
                .collect(),
        ),
        "file" => Body::File(obj.get("file").and_then(|f| f.get("src")).map(text)),
        "graphql" => {
            let g = obj.get("graphql");
            Body::GraphQl {
                query: g.and_then(|g| g.get("query")).map(text).unwrap_or_default(),
                variables: g.and_then(|g| g.get("variables")).map(text),
            }
        }
        _ => return None,
    })
}

impl RequestDef {
    /// Reads a request object (or a bare URL string), as a collection or a script gives it.
    pub fn from_json(value: &Value) -> RequestDef {
        request(value)
    }
}

fn request(value: &Value) -> RequestDef {
    let Some(obj) = value.as_object() else {
        // A request written as just its URL.
        return RequestDef {
            method: "GET".into(),
            url: url(Some(value)),
            headers: Vec::new(),
            body: None,
            auth: None,
        };
    };
    RequestDef {
        method: text_at(obj, "method")
            .filter(|m| !m.is_empty())
            .map(|m| m.to_ascii_uppercase())
            .unwrap_or_else(|| "GET".into()),
        url: url(obj.get("url")),
        headers: headers(obj.get("header")),
        body: body(obj.get("body")),
        auth: auth(obj.get("auth")),
    }
}

fn id(obj: &Map<String, Value>) -> String {
    text_at(obj, "id")
        .or_else(|| text_at(obj, "_postman_id"))
        .unwrap_or_default()
}

fn items(value: Option<&Value>, depth: usize) -> Result<Vec<Item>, FormatError> {
    if depth > 64 {
        return Err(bad("folders are nested more than 64 deep"));
    }
    let mut out = Vec::new();
    for item in list(value) {
        let Some(obj) = item.as_object() else {
            continue;
        };
        let name = text_at(obj, "name").unwrap_or_default();
        if let Some(req) = obj.get("request") {
            out.push(Item::Request(Box::new(RequestItem {
                id: id(obj),
                name,
                request: request(req),
                raw: req.clone(),
                scripts: scripts(obj.get("event")),
                profile: profile(obj.get("protocolProfileBehavior")),
            })));
        } else if obj.contains_key("item") {
            out.push(Item::Folder(Folder {
                id: id(obj),
                name,
                items: items(obj.get("item"), depth + 1)?,
                auth: auth(obj.get("auth")),
                scripts: scripts(obj.get("event")),
                profile: profile(obj.get("protocolProfileBehavior")),
            }));
        }
        // An item with neither a request nor items is empty in Postman too: skipped.
    }
    Ok(out)
}

impl Collection {
    /// Reads a v2.0 or v2.1 collection (the same reader serves both: the differences are in
    /// auth and URL shapes, handled field by field), or a v1 one (converted to v2.1 first).
    pub fn from_json(bytes: &[u8]) -> Result<Collection, FormatError> {
        Collection::from_json_converted(bytes).map(|(collection, _)| collection)
    }

    /// As [`Collection::from_json`], with the v2.1 document a v1 collection was converted to
    /// (what `--export-collection` writes for it); `None` for v2.x.
    pub fn from_json_converted(bytes: &[u8]) -> Result<(Collection, Option<Value>), FormatError> {
        let value: Value = serde_json::from_slice(&utf8_text(bytes)?)
            .map_err(|e| bad(format!("it is not valid JSON ({e})")))?;
        if crate::v1::is_v1(&value) {
            let v21 = crate::v1::to_v21(&value)?;
            return Ok((Collection::from_value(&v21)?, Some(v21)));
        }
        Ok((Collection::from_value(&value)?, None))
    }

    /// Reads a v2.0 or v2.1 collection document already parsed (the v3 reader builds one); a
    /// v1 document is converted to v2.1 first.
    pub fn from_value(value: &Value) -> Result<Collection, FormatError> {
        if crate::v1::is_v1(value) {
            return Collection::from_value(&crate::v1::to_v21(value)?);
        }
        let obj = value
            .as_object()
            .ok_or_else(|| bad("it is not a JSON object"))?;
        // newman runs collections without `info` too (name and id at the top level then).
        let info = obj.get("info").and_then(Value::as_object).unwrap_or(obj);
        if !obj.contains_key("item") {
            let hint = if obj.contains_key("requests") || obj.contains_key("order") {
                " (a v1 collection needs a non-empty \"name\", an \"order\" list and a \"requests\" list)"
            } else {
                ""
            };
            return Err(bad(format!(
                "it is not a Postman collection v2.0/v2.1: it has no \"item\" list{hint}"
            )));
        }
        if let Some(schema) = info.get("schema").and_then(Value::as_str)
            && !schema.contains("v2.0")
            && !schema.contains("v2.1")
        {
            return Err(bad(format!(
                "its schema {schema:?} is not Postman collection v2.0 or v2.1"
            )));
        }
        Ok(Collection {
            id: id(info),
            name: text_at(info, "name").unwrap_or_default(),
            // v2.0 exports sometimes call the list `variables`.
            variables: variables(obj.get("variable").or_else(|| obj.get("variables"))),
            auth: auth(obj.get("auth")),
            items: items(obj.get("item"), 0)?,
            scripts: scripts(obj.get("event")),
            profile: profile(obj.get("protocolProfileBehavior")),
        })
    }
}

/// A Postman environment's variables (JSON, or v3 YAML) as `locket import` (the CLI and the
/// web UI) reads them: the same parser as `locket run -e`, handed to
/// `locket_core::transfer::parse`. `label` names the file in messages.
pub fn import_environment(
    bytes: &[u8],
    label: &str,
) -> std::result::Result<Vec<locket_core::transfer::EnvironmentVariable>, String> {
    let file = crate::v3::read_variable_file(bytes, label).map_err(|e| e.to_string())?;
    Ok(file
        .values
        .into_iter()
        .map(|v| locket_core::transfer::EnvironmentVariable {
            key: v.key,
            value: zeroize::Zeroizing::new(v.value),
            secret: v.secret,
            enabled: !v.disabled,
        })
        .collect())
}

/// An environment or globals file: `{"name": …, "values": [{key, value, enabled|disabled}]}`.
pub struct VariableFile {
    pub name: String,
    pub id: String,
    pub values: Vec<Variable>,
}

impl VariableFile {
    /// Values of enabled variables typed `secret`, to mask.
    pub fn secret_values(&self) -> impl Iterator<Item = &str> {
        self.values
            .iter()
            .filter(|v| v.secret && !v.disabled && !v.value.is_empty())
            .map(|v| v.value.as_str())
    }

    pub fn from_json(bytes: &[u8]) -> Result<VariableFile, FormatError> {
        let value: Value = serde_json::from_slice(&utf8_text(bytes)?)
            .map_err(|e| bad(format!("it is not valid JSON ({e})")))?;
        VariableFile::from_value(&value)
    }

    /// Reads an environment or globals document already parsed (the v3 reader builds one).
    pub fn from_value(value: &Value) -> Result<VariableFile, FormatError> {
        // A globals file may be a bare array of variables (newman accepts it).
        if let Value::Array(_) = value {
            return Ok(VariableFile {
                name: String::new(),
                id: String::new(),
                values: variables(Some(value)),
            });
        }
        let obj = value
            .as_object()
            .ok_or_else(|| bad("it is not a JSON object"))?;
        // Postman's "values"; a collection-like "variable" list is accepted too.
        let list = obj
            .get("values")
            .or_else(|| obj.get("variable"))
            .ok_or_else(|| {
                bad("it has no \"values\" list (a Postman environment or globals export has one)")
            })?;
        Ok(VariableFile {
            name: text_at(obj, "name").unwrap_or_default(),
            id: id(obj),
            values: variables(Some(list)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_files_in_utf16_with_a_bom_or_as_a_bare_array() {
        let json = r#"{"name":"e","values":[{"key":"k","value":"\u00e9"}]}"#;
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(json.encode_utf16().flat_map(u16::to_le_bytes));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(json.as_bytes());
        for bytes in [utf16, bom] {
            let f = VariableFile::from_json(&bytes).unwrap();
            assert_eq!((f.name.as_str(), f.values[0].value.as_str()), ("e", "é"));
        }
        let bare = VariableFile::from_json(br#"[{"key":"g","value":"1"}]"#).unwrap();
        assert_eq!(bare.values[0].key, "g");
        assert!(
            VariableFile::from_json(&[0xFF, 0xFE, 0x41]).is_err(),
            "odd UTF-16"
        );
    }

    #[test]
    fn reads_v21_and_v20_shapes() {
        let c = Collection::from_json(
            br#"{"info":{"name":"c","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "auth":{"type":"basic","basic":[{"key":"username","value":"u"},{"key":"password","value":"p"}]},
            "item":[
              {"name":"bare","request":"http://a.com/x"},
              {"name":"f","auth":{"type":"bearer","bearer":{"token":"t"}},"event":{"listen":"test","script":{"exec":"pm.test()"}},
               "item":[{"name":"obj","request":{"method":"post","header":"A: 1\nB: 2",
                 "url":{"raw":"ignored","protocol":"https","host":["h","com"],"port":8080,"path":["a","b"],
                        "query":[{"key":"q","value":"1"},{"key":"off","value":"2","disabled":true},{"key":"novalue","value":null}]},
                 "body":{"mode":"raw","raw":"{}","options":{"raw":{"language":"json"}}}},
                 "event":[{"listen":"prerequest","script":{"exec":["","  "]}},{"listen":"test","script":{"exec":["x"]}}]}]},
              {"name":"empty"}
            ]}"#,
        )
        .unwrap();
        assert_eq!(c.items.len(), 2);
        assert_eq!(c.auth.as_ref().unwrap().param("password"), Some("p"));
        let Item::Request(bare) = &c.items[0] else {
            panic!()
        };
        assert_eq!(bare.request.url.raw, "http://a.com/x");
        assert_eq!(bare.request.method, "GET");
        let Item::Folder(f) = &c.items[1] else {
            panic!()
        };
        assert_eq!(f.scripts.len(), 1);
        assert_eq!(f.auth.as_ref().unwrap().param("token"), Some("t"));
        let Item::Request(r) = &f.items[0] else {
            panic!()
        };
        assert_eq!(r.request.method, "POST");
        assert_eq!(r.scripts.len(), 2, "blank scripts count, as in newman");
        assert_eq!(r.scripts[1].source, "x");
        assert_eq!(r.request.headers.len(), 2);
        let parts = r.request.url.parts.as_ref().unwrap();
        assert_eq!(parts.host, "h.com");
        assert_eq!(parts.port.as_deref(), Some("8080"));
        assert_eq!(parts.path.as_deref(), Some("a/b"));
        assert_eq!(parts.query[2].value, None);
        assert!(parts.query[1].disabled);
        assert!(
            matches!(&r.request.body, Some(Body::Raw { language: Some(l), .. }) if l == "json")
        );
    }

    #[test]
    fn refuses_what_is_not_a_collection() {
        for bad in [
            &b"nope"[..],
            b"[]",
            b"{\"info\":{}}",
            br#"{"requests":[],"order":[]}"#,
        ] {
            assert!(Collection::from_json(bad).is_err());
        }
        let no_info = Collection::from_json(br#"{"name":"top","item":[]}"#)
            .ok()
            .unwrap();
        assert_eq!(no_info.name, "top", "newman runs collections without info");
        let v1 = Collection::from_json(br#"{"requests":[],"order":[]}"#)
            .err()
            .unwrap();
        assert!(v1.to_string().contains("v1"), "{v1}");
    }

    #[test]
    fn environments_with_enabled_and_disabled() {
        let e = VariableFile::from_json(
            br#"{"name":"e","values":[{"key":"a","value":"1","enabled":false},{"key":"b","value":2,"disabled":true},{"key":"c","value":true}]}"#,
        )
        .unwrap();
        assert!(e.values[0].disabled && e.values[1].disabled && !e.values[2].disabled);
        assert_eq!(e.values[1].value, "2");
        assert_eq!(e.values[2].value, "true");
    }
}
