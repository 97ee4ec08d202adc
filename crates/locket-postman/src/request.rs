//! From a collection's request (templates) to the request sent: variables, then vault
//! references, URL, headers, body, auth, and the destination check.
//!
//! Every text goes through [`Context::text`]: Postman variables first (their values may be
//! vault references), then `{{vault:NAME}}` from the run's one [`Revealed`] (its resolution,
//! and what scripts wrote with `pm.vault` since), recording which secrets the request uses. Once the URL is known, each of those secrets must be allowed for
//! its destination: the wire's guard refuses the request otherwise, before anything is sent.

use std::collections::BTreeSet;
use std::path::Path;

use locket_core::SecretName;
use locket_core::reference::{self, Item as RefItem};
use locket_core::resolve::{Revealed, Unresolved};
use locket_http::header::{HeaderMap, HeaderName, HeaderValue};
use locket_http::{Method, Url};

use crate::auth;
use crate::dynamic::Dynamic;
use crate::model::{Body, FormValue, Param, Profile, RequestDef, UrlDef};
use crate::variables::Scopes;
use locket_http::{Policy, Redirects, RequestSpec};

pub const USER_AGENT: &str = concat!("locket/", env!("CARGO_PKG_VERSION"));

/// Why a request could not be built; nothing was sent. Messages may quote the URL or a value
/// with secrets substituted: callers mask them before showing them.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A secret refused before the run for every destination it goes to (never fetched): the
    /// same words as the guard's refusal.
    #[error("refused: nothing was sent to {destination}: {name} is {reason}")]
    Refused {
        name: String,
        destination: String,
        reason: String,
    },
    #[error("{{{{vault:{name}}}}} could not be resolved: {reason}")]
    Unresolved { name: String, reason: String },
    #[error("malformed reference {text}: {reason}")]
    Malformed { text: String, reason: String },
    #[error("the URL {url:?} is not valid: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("{what} is not valid once resolved: {reason}")]
    InvalidHeader { what: String, reason: String },
    #[error("cannot read {path} for the request body: {reason}")]
    File { path: String, reason: String },
    #[error("{0}")]
    Auth(String),
    #[error(transparent)]
    TooLarge(#[from] crate::variables::TooLarge),
}

/// Substitutes texts for one request and remembers the secrets it used.
pub struct Context<'a> {
    pub scopes: Scopes<'a>,
    pub dynamic: &'a mut Dynamic,
    pub known: &'a Revealed<'a>,
    pub used: BTreeSet<SecretName>,
    /// Leave vault references in place, only recording them in `used`: to learn where a
    /// request goes and what it uses before anything is resolved.
    pub preview: bool,
}

impl Context<'_> {
    /// `template` with variables and then vault references substituted.
    pub fn text(&mut self, template: &str) -> Result<String, BuildError> {
        let rendered = self.scopes.render(template, self.dynamic)?;
        if !rendered.contains("{{") {
            return Ok(rendered.into_owned());
        }
        let items = reference::parse(rendered.as_bytes());
        if items.is_empty() {
            return Ok(rendered.into_owned());
        }
        if self.preview {
            for item in &items {
                if let RefItem::Reference { name, .. } = item {
                    self.used.insert(name.clone());
                }
            }
            return Ok(rendered.into_owned());
        }
        for item in &items {
            match item {
                RefItem::Reference { name, .. } => {
                    if !self.known.has(name) {
                        if let Some(refused @ Unresolved::NotAllowed { destination, .. }) =
                            self.known.resolution().failure(name)
                        {
                            return Err(BuildError::Refused {
                                name: name.to_string(),
                                destination: destination.clone(),
                                reason: refused.to_string(),
                            });
                        }
                        let reason = if self.known.removed(name) {
                            "a script removed it (pm.vault.unset) earlier in this run".into()
                        } else {
                            self.known
                                .resolution()
                                .failure(name)
                                .map(ToString::to_string)
                                .unwrap_or_else(|| {
                                    "it was not among the references found before the run \
                                     (built from variables at run time?)"
                                        .into()
                                })
                        };
                        return Err(BuildError::Unresolved {
                            name: name.to_string(),
                            reason,
                        });
                    }
                    self.used.insert(name.clone());
                }
                RefItem::Malformed { reason, span } => {
                    return Err(BuildError::Malformed {
                        text: rendered[span.clone()].to_string(),
                        reason: reason.to_string(),
                    });
                }
            }
        }
        let bytes = self
            .known
            .substitute(rendered.as_bytes(), &items)
            .expect("every reference has a value");
        // Values are UTF-8 in practice; a binary one is carried lossily rather than refused.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Per-run settings that shape every request.
pub struct BuildOptions<'a> {
    pub working_dir: &'a Path,
    /// Body files only from inside `working_dir`.
    pub confine_files: bool,
    pub insecure: bool,
    pub ignore_redirects: bool,
    pub timeout: Option<std::time::Duration>,
}

/// Methods whose body Postman drops unless `disableBodyPruning` is set.
fn prunes_body(method: &Method) -> bool {
    matches!(
        method.as_str(),
        "GET" | "COPY" | "HEAD" | "PURGE" | "UNLOCK"
    )
}

/// A request built from its definition, and its URL as newman's cli reporter shows it.
pub struct Built {
    pub spec: RequestSpec,
    /// The composed URL when auth left the URL alone, else the URL as sent.
    pub shown_url: String,
}

pub fn build(
    def: &RequestDef,
    auth: Option<&crate::model::Auth>,
    profile: Profile,
    ctx: &mut Context<'_>,
    options: &BuildOptions<'_>,
) -> Result<Built, BuildError> {
    let method_text = ctx.text(&def.method)?;
    let method = Method::from_bytes(method_text.trim().as_bytes()).map_err(|_| {
        BuildError::InvalidHeader {
            what: format!("the method {method_text:?}"),
            reason: "not an HTTP token".into(),
        }
    })?;
    let composed = compose_url(&def.url, ctx)?;
    let mut url = parse_composed(&composed)?;
    let as_composed = url.clone();

    let mut headers = HeaderMap::new();
    for h in def.headers.iter().filter(|h| !h.disabled) {
        let name = ctx.text(&h.key)?;
        if name.trim().is_empty() {
            continue;
        }
        let value = ctx.text(&h.value)?;
        append_header(&mut headers, name.trim(), &value)?;
    }

    // Hawk hashes the payload with the Content-Type present when Postman's auth handlers run:
    // the collection's own, or the one its JSON-comment stripping adds to a raw JSON body
    // (every other body gets its Content-Type after the auth handlers).
    let auth_time_content_type = headers
        .get(locket_http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| match &def.body {
            Some(Body::Raw {
                language: Some(language),
                ..
            }) if language == "json" => Some("application/json".to_string()),
            _ => None,
        });
    let mut body = None;
    // An urlencoded body's pairs, kept for OAuth 1.0, which signs them and may add to them.
    let mut form = None;
    // Form-data is the one body Postman's OAuth 1.0 and Hawk do not hash.
    let mut hashable = true;
    let keep_body = !prunes_body(&method) || profile.disable_body_pruning == Some(true);
    if let Some(def_body) = def.body.as_ref().filter(|_| keep_body) {
        let built = build_body(def_body, ctx, options)?;
        if let Some(ct) = built.content_type
            && !headers.contains_key(locket_http::header::CONTENT_TYPE)
        {
            append_header(&mut headers, "content-type", &ct)?;
        }
        body = Some(built.bytes);
        form = built.form;
        hashable = !matches!(def_body, Body::FormData(_));
    }
    // No body (or an empty one) on a method that normally has one is `Content-Length: 0`, as
    // Node (newman) sends it; hyper would leave the header out.
    let bodiless = matches!(
        method.as_str(),
        "GET" | "HEAD" | "DELETE" | "OPTIONS" | "TRACE" | "CONNECT"
    );
    if body.as_ref().is_none_or(Vec::is_empty)
        && !bodiless
        && !headers.contains_key(locket_http::header::CONTENT_LENGTH)
    {
        headers.insert(
            locket_http::header::CONTENT_LENGTH,
            HeaderValue::from_static("0"),
        );
    }

    let mut challenge: Option<Box<dyn locket_http::Challenge>> = None;
    let mut sign_aws = None;
    let mut sign_oauth1 = None;
    let mut sign_hawk = None;
    if let Some(a) = auth {
        match auth::apply(a, ctx, &mut headers, &mut url)? {
            auth::Deferred::None => {}
            auth::Deferred::Digest(d) => {
                let digest = locket_http::Digest {
                    username: d.username,
                    password: d.password,
                };
                if let Some(preset) = &d.preset_challenge {
                    let answer = digest
                        .answer_to(preset, &method, &url, body.as_deref())
                        .map_err(BuildError::Auth)?;
                    headers.remove(locket_http::header::AUTHORIZATION);
                    append_header(&mut headers, "authorization", &answer)?;
                }
                challenge = Some(Box::new(digest));
            }
            auth::Deferred::AwsV4(params) => sign_aws = Some(params),
            auth::Deferred::OAuth1(params) => sign_oauth1 = Some(params),
            auth::Deferred::Hawk(params) => sign_hawk = Some(params),
        }
    }

    // What Postman's runtime adds when the request does not set it.
    for (name, value) in [
        ("user-agent", USER_AGENT),
        ("accept", "*/*"),
        ("cache-control", "no-cache"),
        ("accept-encoding", "gzip, deflate, br"),
        ("connection", "keep-alive"),
    ] {
        if !headers.contains_key(name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }

    if let Some(params) = sign_aws {
        auth::sign_aws_v4(&params, &method, &mut url, &mut headers, body.as_deref())?;
    }
    if let Some(params) = sign_oauth1 {
        let hashable_body = hashable.then(|| body.as_deref().unwrap_or_default());
        let placed = params.sign(
            auth::oauth1::Target {
                method: method.as_str(),
                url: &mut url,
                form: form.as_mut(),
                hashable_body,
                disable_url_encoding: profile.disable_url_encoding == Some(true),
            },
            ctx.dynamic,
        )?;
        match placed {
            Some(auth::oauth1::Placement::Header(value)) => {
                auth::set_authorization(&mut headers, &value)?
            }
            Some(auth::oauth1::Placement::Body) => {
                let pairs = form.as_deref().unwrap_or_default();
                body = Some(encode_form(pairs));
                // The body is no longer empty: the zero length set above no longer holds.
                if headers.get(locket_http::header::CONTENT_LENGTH)
                    == Some(&HeaderValue::from_static("0"))
                {
                    headers.remove(locket_http::header::CONTENT_LENGTH);
                }
                if !headers.contains_key(locket_http::header::CONTENT_TYPE) {
                    append_header(
                        &mut headers,
                        "content-type",
                        "application/x-www-form-urlencoded",
                    )?;
                }
            }
            Some(auth::oauth1::Placement::Query) | None => {}
        }
    }
    if let Some(params) = sign_hawk {
        let payload = auth::hawk::Payload {
            bytes: body.as_deref().filter(|_| hashable),
            content_type: auth_time_content_type.as_deref(),
        };
        if let Some(value) = params.header(method.as_str(), &url, payload, ctx.dynamic) {
            headers.remove(locket_http::header::AUTHORIZATION);
            // An unknown algorithm gives Postman's empty header.
            let value = HeaderValue::from_str(&value).map_err(|_| BuildError::InvalidHeader {
                what: "the Hawk Authorization header".into(),
                reason: "a line break or control character in its id, ext, app or dlg".into(),
            })?;
            headers.insert(locket_http::header::AUTHORIZATION, value);
        }
    }

    let shown_url = if url == as_composed {
        with_scheme(&composed)
    } else {
        url.to_string()
    };
    let follow = !options.ignore_redirects && profile.follow_redirects != Some(false);
    let spec = RequestSpec {
        method,
        url,
        headers,
        body,
        carries: std::mem::take(&mut ctx.used),
        policy: Policy {
            redirects: if follow {
                Redirects::Follow {
                    max: profile.max_redirects.unwrap_or(10),
                }
            } else {
                Redirects::Return
            },
            insecure: options.insecure || profile.strict_ssl == Some(false),
            timeout: options.timeout,
            keep_method: profile.follow_original_method == Some(true),
            referer: profile.remove_referer_on_redirect != Some(true),
        },
        challenge,
    };
    Ok(Built { spec, shown_url })
}

pub(super) fn append_header(
    headers: &mut HeaderMap,
    name: &str,
    value: &str,
) -> Result<(), BuildError> {
    let header_name =
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| BuildError::InvalidHeader {
            what: format!("the header name {name:?}"),
            reason: "letters, digits and !#$%&'*+-.^_`|~ only".into(),
        })?;
    let mut header_value =
        HeaderValue::from_str(value.trim()).map_err(|_| BuildError::InvalidHeader {
            what: format!("the value of header {name}"),
            reason: "a line break or control character in it".into(),
        })?;
    // Values may carry secrets: never indexed by HTTP/2 (HPACK), never shown by Debug.
    header_value.set_sensitive(true);
    headers.append(header_name, header_value);
    Ok(())
}

/// The URL text as Postman composes it, then parsed (`http://` when no scheme is given).
pub fn build_url(def: &UrlDef, ctx: &mut Context<'_>) -> Result<Url, BuildError> {
    compose_url(def, ctx).and_then(|text| parse_composed(&text))
}

/// The URL as Postman composes it from the collection, variables substituted: what newman's
/// cli reporter shows (its `Url.toString()`), before the URL parser encodes anything.
fn compose_url(def: &UrlDef, ctx: &mut Context<'_>) -> Result<String, BuildError> {
    let mut text = match &def.parts {
        None => ctx.text(&def.raw)?,
        Some(parts) => {
            let mut s = String::new();
            if let Some(p) = &parts.protocol {
                s.push_str(&ctx.text(p)?);
                s.push_str("://");
            }
            if let Some((user, password)) = &parts.auth {
                s.push_str(&encode_component(&ctx.text(user)?));
                s.push(':');
                s.push_str(&encode_component(&ctx.text(password)?));
                s.push('@');
            }
            s.push_str(&ctx.text(&parts.host)?);
            if let Some(port) = &parts.port {
                s.push(':');
                s.push_str(&ctx.text(port)?);
            }
            if let Some(path) = &parts.path {
                let path = ctx.text(path)?;
                if !path.starts_with('/') {
                    s.push('/');
                }
                s.push_str(&path);
            }
            let query: Vec<String> = parts
                .query
                .iter()
                .filter(|q| !q.disabled)
                .map(|q| {
                    let key = ctx.text(&q.key)?;
                    Ok(match &q.value {
                        Some(v) => format!("{key}={}", ctx.text(v)?),
                        None => key,
                    })
                })
                .collect::<Result<_, BuildError>>()?;
            if !query.is_empty() {
                s.push('?');
                s.push_str(&query.join("&"));
            }
            if let Some(hash) = &parts.hash {
                s.push('#');
                s.push_str(&ctx.text(hash)?);
            }
            s
        }
    };
    if !def.path_variables.is_empty() {
        text = substitute_path_variables(&text, &def.path_variables, ctx)?;
    }
    Ok(text)
}

fn parse_composed(text: &str) -> Result<Url, BuildError> {
    // Line breaks and tabs are sent encoded, as Postman does (WHATWG parsing drops them).
    let encoded = text
        .replace('\n', "%0A")
        .replace('\r', "%0D")
        .replace('\t', "%09");
    let url = with_scheme(&encoded);
    locket_http::parse_url(&url).map_err(|reason| BuildError::InvalidUrl {
        url: url.clone(),
        reason,
    })
}

/// The URL text without its surrounding spaces, `http://` in front when it names no scheme.
fn with_scheme(text: &str) -> String {
    let trimmed = text.trim_matches(' ');
    if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("http://{trimmed}")
    }
}

/// `:name` path segments replaced with the request's path variables.
fn substitute_path_variables(
    url: &str,
    vars: &[Param],
    ctx: &mut Context<'_>,
) -> Result<String, BuildError> {
    let start = url.find("://").map_or(0, |i| i + 3);
    let path_start = url[start..].find('/').map_or(url.len(), |i| start + i);
    let path_end = url[path_start..]
        .find(['?', '#'])
        .map_or(url.len(), |i| path_start + i);
    let mut out = url[..path_start].to_string();
    let segments: Vec<&str> = url[path_start..path_end].split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        match segment
            .strip_prefix(':')
            .and_then(|name| vars.iter().rev().find(|v| !v.disabled && v.key == name))
        {
            Some(var) => out.push_str(&ctx.text(&var.value)?),
            None => out.push_str(segment),
        }
    }
    out.push_str(&url[path_end..]);
    Ok(out)
}

/// RFC 3986 encoding (all but ALPHA, DIGIT and `-._~`): newman's urlencoded bodies (its `qs`
/// library) and OAuth 1.0's parameters.
pub(crate) fn encode_rfc3986(text: &str) -> String {
    percent_encode_all_but(text, b"-._~")
}

/// `encodeURIComponent`-style encoding, as Postman writes a URL's user and password.
pub(super) fn encode_component(text: &str) -> String {
    percent_encode_all_but(text, b"-_.!~*'()")
}

/// Every byte percent-encoded (upper-case hex) except ASCII letters, digits and `kept`.
fn percent_encode_all_but(text: &str, kept: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || kept.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The Content-Type of a file part from its extension, as the form-data library newman uses
/// guesses it (the common types; anything else is application/octet-stream).
fn content_type_of(file_name: &str) -> &'static str {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => "text/csv",
        "txt" | "text" => "text/plain",
        "json" => "application/json",
        "xml" => "application/xml",
        "html" | "htm" => "text/html",
        "js" => "application/javascript",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// A body file, relative to the working directory; with `confine_files`
/// (`--no-insecure-file-read`), only a file inside it.
fn read_file(src: &str, options: &BuildOptions<'_>) -> Result<Vec<u8>, BuildError> {
    let path = options.working_dir.join(src);
    let fail = |reason: String| BuildError::File {
        path: path.display().to_string(),
        reason,
    };
    if options.confine_files {
        let inside = path
            .canonicalize()
            .and_then(|p| Ok(p.starts_with(options.working_dir.canonicalize()?)))
            .map_err(|e| fail(e.to_string()))?;
        if !inside {
            return Err(fail(
                "it is outside the working directory (--no-insecure-file-read)".into(),
            ));
        }
    }
    std::fs::read(&path).map_err(|e| fail(e.to_string()))
}

/// The body bytes and the Content-Type Postman gives that mode (when the request sets none).
/// A body as built: its bytes, the Content-Type it implies, and an urlencoded body's pairs.
struct BuiltBody {
    bytes: Vec<u8>,
    content_type: Option<String>,
    form: Option<Vec<(String, String)>>,
}

/// An urlencoded body from its pairs, each side RFC 3986-encoded.
fn encode_form(pairs: &[(String, String)]) -> Vec<u8> {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_rfc3986(k), encode_rfc3986(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

fn build_body(
    body: &Body,
    ctx: &mut Context<'_>,
    options: &BuildOptions<'_>,
) -> Result<BuiltBody, BuildError> {
    let (bytes, content_type) = match body {
        Body::Raw { text, language } => {
            let content_type = match language.as_deref() {
                Some("json") => Some("application/json"),
                Some("xml") => Some("application/xml"),
                Some("javascript") => Some("application/javascript"),
                Some("html") => Some("text/html"),
                // Postman sends a raw body without a language as text.
                Some("text") | None if !text.is_empty() => Some("text/plain"),
                _ => None,
            };
            (
                ctx.text(text)?.into_bytes(),
                content_type.map(str::to_string),
            )
        }
        Body::UrlEncoded(params) => {
            let mut pairs = Vec::new();
            for p in params.iter().filter(|p| !p.disabled) {
                pairs.push((ctx.text(&p.key)?, ctx.text(&p.value)?));
            }
            // With nothing enabled, Postman sends an empty body and no form Content-Type.
            let content_type =
                (!pairs.is_empty()).then(|| "application/x-www-form-urlencoded".to_string());
            return Ok(BuiltBody {
                bytes: encode_form(&pairs),
                content_type,
                form: Some(pairs),
            });
        }
        // With nothing enabled, Postman sends an empty body and no form Content-Type.
        Body::FormData(parts) if parts.iter().all(|p| p.disabled) => (Vec::new(), None),
        Body::FormData(parts) => {
            // The shape of the boundary newman's form-data library uses (26 dashes, 24 digits).
            let boundary = format!("--------------------------{}", ctx.dynamic.digits(24));
            let mut out = Vec::new();
            for part in parts.iter().filter(|p| !p.disabled) {
                let key = ctx.text(&part.key)?;
                let content_type = match &part.content_type {
                    Some(ct) => Some(ctx.text(ct)?),
                    None => None,
                };
                let mut write_part = |filename: Option<&str>, data: &[u8], default_ct: &str| {
                    out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
                    let quoted = key.replace('"', "%22");
                    match filename {
                        Some(f) => out.extend_from_slice(
                            format!(
                                "Content-Disposition: form-data; name=\"{quoted}\"; filename=\"{}\"\r\n",
                                f.replace('"', "%22")
                            )
                            .as_bytes(),
                        ),
                        None => out.extend_from_slice(
                            format!("Content-Disposition: form-data; name=\"{quoted}\"\r\n")
                                .as_bytes(),
                        ),
                    }
                    let ct = content_type.as_deref().unwrap_or(default_ct);
                    if !ct.is_empty() {
                        out.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
                    }
                    out.extend_from_slice(b"\r\n");
                    out.extend_from_slice(data);
                    out.extend_from_slice(b"\r\n");
                };
                match &part.value {
                    FormValue::Text(v) => {
                        let value = ctx.text(v)?;
                        write_part(None, value.as_bytes(), "");
                    }
                    FormValue::Files(srcs) => {
                        for src in srcs {
                            let data = read_file(src, options)?;
                            let name = Path::new(src)
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            write_part(Some(&name), &data, content_type_of(&name));
                        }
                    }
                }
            }
            out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
            (
                out,
                Some(format!("multipart/form-data; boundary={boundary}")),
            )
        }
        // Typed by the file's name, as newman does (application/octet-stream when unknown).
        Body::File(src) => match src {
            Some(src) => {
                let src = ctx.text(src)?;
                let content_type = content_type_of(&src).to_string();
                (read_file(&src, options)?, Some(content_type))
            }
            None => (Vec::new(), None),
        },
        Body::GraphQl { query, variables } => {
            let query = ctx.text(query)?;
            let mut json = format!("{{\"query\":{}", serde_json::Value::String(query));
            // Postman leaves `variables` out when there are none, splices valid JSON in as
            // written (newman's runtime does not re-serialize it), and sends invalid JSON as an
            // empty object.
            if let Some(v) = variables.as_deref().filter(|v| !v.trim().is_empty()) {
                let text = ctx.text(v)?;
                let valid = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
                json.push_str(",\"variables\":");
                json.push_str(if valid { &text } else { "{}" });
            }
            json.push('}');
            (json.into_bytes(), Some("application/json".into()))
        }
    };
    Ok(BuiltBody {
        bytes,
        content_type,
        form: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{QueryParam, UrlParts};
    use crate::variables::Scope;

    fn ctx<'a>(scope: &'a Scope, dynamic: &'a mut Dynamic, known: &'a Revealed<'a>) -> Context<'a> {
        Context {
            scopes: Scopes {
                layers: vec![scope],
            },
            dynamic,
            known,
            used: BTreeSet::new(),
            preview: false,
        }
    }

    #[test]
    fn urls_from_parts_and_raw() {
        let scope = Scope::from_pairs([
            ("h".into(), "example.com".into()),
            ("id".into(), "7".into()),
        ]);
        let (mut d, r) = (Dynamic::new(), locket_core::resolve::Resolution::default());
        let known = Revealed::new(&r, []);
        let mut c = ctx(&scope, &mut d, &known);
        let raw = UrlDef {
            raw: "{{h}}/users/:id?x=1 2".into(),
            parts: None,
            path_variables: vec![Param {
                key: "id".into(),
                value: "{{id}}".into(),
                disabled: false,
            }],
        };
        assert_eq!(
            build_url(&raw, &mut c).unwrap().as_str(),
            "http://example.com/users/7?x=1%202"
        );
        let parts = UrlDef {
            raw: "ignored".into(),
            parts: Some(UrlParts {
                protocol: Some("https".into()),
                auth: None,
                host: "{{h}}".into(),
                port: Some("8443".into()),
                path: Some("a/b".into()),
                query: vec![
                    QueryParam {
                        key: "a".into(),
                        value: Some("1".into()),
                        disabled: false,
                    },
                    QueryParam {
                        key: "off".into(),
                        value: None,
                        disabled: true,
                    },
                    QueryParam {
                        key: "flag".into(),
                        value: None,
                        disabled: false,
                    },
                ],
                hash: None,
            }),
            path_variables: vec![],
        };
        assert_eq!(
            build_url(&parts, &mut c).unwrap().as_str(),
            "https://example.com:8443/a/b?a=1&flag"
        );
    }

    #[test]
    fn userinfo_is_encode_uri_component_and_forms_are_rfc_3986() {
        assert_eq!(encode_component("a b&c=d/é*"), "a%20b%26c%3Dd%2F%C3%A9*");
        assert_eq!(
            encode_rfc3986("a b&c=d/é*!'()~"),
            "a%20b%26c%3Dd%2F%C3%A9%2A%21%27%28%29~"
        );
    }
}
