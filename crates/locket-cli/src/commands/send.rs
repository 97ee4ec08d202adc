//! `locket send`: one HTTP request with curl's flags, references resolved in the URL, headers
//! and body, and every secret checked against the destination (and against every redirect
//! target) before anything is sent.
//!
//! Order of work: check the flags (exit 2), resolve every reference at once, substitute the
//! URL and restrict the resolution to its destination (a secret not allowed there is an
//! unresolved reference: exit 4, nothing sent), substitute headers and body, send with
//! locket-http, stream the body to stdout through the masking writer (or, unmasked, to `-o`).
//! Everything printed about the exchange (`-i`, `-v`, errors) is masked.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use locket_core::redact::RedactionSet;
use locket_core::reference::{self, Item};
use locket_core::resolve::{Resolution, Revealed, substitute};
use locket_http::header::{self, HeaderMap, HeaderName, HeaderValue};
use locket_http::{
    BlockingWire, Event, Guard, Hint, Method, Policy, Redirects, RequestSpec, Url, Wire,
};
use zeroize::Zeroizing;

use crate::cli::SendArgs;
use crate::failure::{self, Failure};
use crate::resolving::{
    Text, open_if_needed, problems, resolve_all, unresolved_error, warn_about_values,
};
use crate::ui::Ui;

const USER_AGENT: &str = concat!("locket/", env!("CARGO_PKG_VERSION"));

pub fn run(dir: &Path, args: SendArgs, ui: &Ui) -> Result<()> {
    // Usage errors first: nothing is unlocked for a request that cannot be sent.
    let method = match &args.method {
        Some(m) => Some(Method::from_bytes(m.as_bytes()).map_err(|_| {
            failure::usage(format!(
                "-X {m:?} is not a valid HTTP method (a token such as GET, POST, PUT, DELETE)"
            ))
        })?),
        None => None,
    };
    let timeout = (args.timeout > 0.0)
        .then(|| Duration::try_from_secs_f64(args.timeout).ok())
        .flatten()
        .ok_or_else(|| {
            failure::usage(format!(
                "--timeout {} is not a positive number of seconds",
                args.timeout
            ))
        })?;
    let body_input = read_body(&args)?;

    let mut texts = vec![Text::new("url", args.url.as_bytes())];
    for (i, header) in args.headers.iter().enumerate() {
        texts.push(Text::new(format!("header {}", i + 1), header.as_bytes()));
    }
    if let Some((label, bytes)) = &body_input {
        texts.push(Text::new(label.clone(), bytes));
    }
    // Header syntax is checked on the text as written, before anything is resolved.
    let header_parts = texts[1..=args.headers.len()]
        .iter()
        .map(split_header)
        .collect::<Result<Vec<_>>>()?;

    let vault = open_if_needed(dir, &texts)?;
    // Where the request goes is known now unless a reference decides it: secrets it may not
    // receive are refused before resolution, so a linked one is never even fetched.
    // (Otherwise the check below does it.)
    let known_destination = destination_before_resolution(&args.url, &texts[0].items);
    let mut resolution = resolve_all(
        vault.as_ref(),
        &texts,
        known_destination.as_ref(),
        args.fetch,
        ui,
    )?;
    // Masks messages with every value resolved so far, including those the destination check
    // is about to take out (a destination can itself contain a secret).
    let (everything, _) = resolution.redaction_set();

    let mut url = None;
    if let Some(bytes) = substitute(texts[0].bytes, &texts[0].items, &resolution) {
        let parsed = std::str::from_utf8(&bytes)
            .map_err(|_| "it is not valid UTF-8".to_string())
            .and_then(locket_http::parse_url);
        if let Ok(u) = &parsed {
            resolution.restrict_to(&locket_http::destination(u));
        }
        url = Some(parsed.map_err(|reason| (String::from_utf8_lossy(&bytes).into_owned(), reason)));
    }
    let found = problems(&texts, &resolution);
    if !found.is_empty() {
        return Err(masked(
            unresolved_error(&found, &resolution, vault.as_ref(), "nothing was sent"),
            &everything,
        ));
    }
    let url = match url.expect("the URL resolved, or there were problems") {
        Ok(u) => u,
        Err((text, reason)) => {
            return Err(failure::failed(
                everything.mask_str(&format!("{text} is not a valid URL: {reason}")),
            ));
        }
    };

    let (set, _) = resolution.redaction_set();
    let headers = build_headers(&header_parts, &resolution, body_input.is_some())
        .map_err(|e| masked(e, &set))?;
    let body = match &body_input {
        Some(_) => {
            let text = texts.last().expect("the body is the last text");
            let mut body =
                substitute(text.bytes, &text.items, &resolution).expect("no problems were found");
            // Handed to the HTTP stack, which keeps its own copy for the wire.
            Some(std::mem::take(&mut *body))
        }
        None => None,
    };
    warn_about_values(&resolution, ui, true);

    let method = method.unwrap_or(if body.is_some() {
        Method::POST
    } else {
        Method::GET
    });
    let mut request = RequestSpec::new(method, url);
    request.headers = headers;
    request.body = body;
    // Every secret resolved here was resolved for this request.
    request.carries = resolution.names().cloned().collect();
    request.policy = Policy {
        redirects: match args.location {
            true => Redirects::Follow {
                max: args.max_redirs,
            },
            false => Redirects::Return,
        },
        insecure: args.insecure,
        timeout: Some(timeout),
        keep_method: false,
        referer: false,
    };
    send(request, &args, &resolution, &set).map_err(|e| masked(e, &set))
}

/// The destination of `url` when its references cannot change it: none, or all of them after
/// the scheme and host (in the path, query or fragment, where no value can move the host).
fn destination_before_resolution(url: &str, items: &[Item]) -> Option<locket_http::Destination> {
    let text = url.trim_start();
    let offset = url.len() - text.len();
    let after_scheme = text.find("://")? + 3;
    let authority_end = text[after_scheme..]
        .find(['/', '?', '#', '\\'])
        .map(|i| offset + after_scheme + i);
    if !items.is_empty()
        && authority_end.is_none_or(|end| items.iter().any(|i| i.span().start < end))
    {
        return None;
    }
    let origin = &url[..authority_end.unwrap_or(url.len())];
    locket_http::parse_url(origin)
        .ok()
        .map(|u| locket_http::destination(&u))
}

/// Sends the request and writes the response where it belongs.
fn send(
    request: RequestSpec,
    args: &SendArgs,
    resolution: &Resolution,
    set: &RedactionSet,
) -> Result<()> {
    let wire = BlockingWire::new(Wire::new().allowing_cleartext_proxy(args.allow_cleartext_proxy))?;
    let known = Revealed::new(resolution, []);
    let guard = Guard::new(&known);
    let (verbose, include) = (args.verbose, args.include);
    let mut on_event = |event: Event<'_>| {
        let text = match event {
            Event::Request(r) if verbose => describe_request(r),
            Event::Response(head) if verbose || include => {
                let prefix = if verbose { "< " } else { "" };
                let mut text = format!("{prefix}{}\n", head.status_line());
                header_lines(&mut text, prefix, &head.headers);
                text.push_str(prefix.trim_end());
                text.push('\n');
                text
            }
            _ => return,
        };
        let mut err = io::stderr().lock();
        let _ = err.write_all(&set.mask(text.as_bytes()));
        let _ = err.flush();
    };
    let response = wire
        .exchange(request, &guard, &mut on_event)
        .map_err(with_hint)?;
    let head = response.head().clone();
    if args.fail && head.status.as_u16() >= 400 {
        return Err(failure::failed(format!(
            "{} answered {} (--fail: the body was not written)",
            set.mask_str(head.url.as_str()),
            head.status_line()
        )));
    }
    match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let file = create_output(path)?;
            let mut out = io::BufWriter::new(file);
            response.copy_to(&mut out).map_err(|e| to_file(e, path))?;
            out.flush()
                .map_err(|e| failure::failed(format!("cannot write {}: {e}", path.display())))?;
        }
        None => {
            let mut out = set.writer(io::stdout().lock());
            response.copy_to(&mut out).map_err(with_hint)?;
            out.finish()
                .and_then(|mut o| o.flush())
                .map_err(|e| failure::failed(format!("cannot write the response body: {e}")))?;
        }
    }
    Ok(())
}

fn to_file(err: locket_http::Error, path: &Path) -> anyhow::Error {
    match err {
        locket_http::Error::Write(e) => {
            failure::failed(format!("cannot write {}: {e}", path.display()))
        }
        other => with_hint(other),
    }
}

/// The wire's error with the flag that bounds it, when raising that flag could help.
fn with_hint(err: locket_http::Error) -> anyhow::Error {
    let hint = match err.hint() {
        Some(Hint::Timeout) => "--timeout raises the limit",
        Some(Hint::RedirectLimit) => "--max-redirs raises the limit",
        None => return err.into(),
    };
    failure::failed(format!("{err}; {hint}"))
}

/// `-o FILE`: created with mode 0600, or truncated when it exists (as curl; its mode is kept).
fn create_output(path: &Path) -> Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .map_err(|e| failure::failed(format!("cannot create {}: {e}", path.display())))
}

/// `-d DATA` or `--data-file FILE`, with its label for messages.
fn read_body(args: &SendArgs) -> Result<Option<(String, Zeroizing<Vec<u8>>)>> {
    if let Some(data) = &args.data {
        return Ok(Some((
            "body".into(),
            Zeroizing::new(data.as_bytes().to_vec()),
        )));
    }
    let Some(path) = &args.data_file else {
        return Ok(None);
    };
    let mut bytes = Zeroizing::new(Vec::new());
    let read = if path.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut bytes)
    } else {
        File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| failure::usage(format!("cannot read {}: {e}", path.display())))?;
    let label = if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        path.display().to_string()
    };
    Ok(Some((label, bytes)))
}

/// A header as written: its name and value texts (each with references still in), or `None`
/// for the value when it is empty after `Name:` (curl: do not send that header).
struct HeaderParts<'a> {
    label: String,
    name: &'a [u8],
    value: Option<&'a [u8]>,
}

/// `Name: value` (the first colon outside a reference splits), or `Name;` for an empty value.
fn split_header<'a>(text: &Text<'a>) -> Result<HeaderParts<'a>> {
    let bytes = text.bytes;
    let inside = |i: usize| text.items.iter().any(|item| item.span().contains(&i));
    let colon = (0..bytes.len()).find(|&i| bytes[i] == b':' && !inside(i));
    let (name, value) = match colon {
        Some(i) => {
            let value = bytes[i + 1..].trim_ascii();
            (&bytes[..i], (!value.is_empty()).then_some(value))
        }
        None => match bytes.trim_ascii_end().strip_suffix(b";") {
            Some(name) => (name, Some(&b""[..])),
            None => {
                return Err(failure::usage(format!(
                    "{}: {:?} is not a header; write -H 'Name: value'",
                    text.label,
                    String::from_utf8_lossy(bytes)
                )));
            }
        },
    };
    let name = name.trim_ascii();
    // A name with no reference in it can be checked now.
    if !name.is_empty()
        && reference::parse(name).is_empty()
        && HeaderName::from_bytes(name).is_err()
    {
        return Err(failure::usage(format!(
            "{}: {:?} is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)",
            text.label,
            String::from_utf8_lossy(name)
        )));
    }
    if name.is_empty() {
        return Err(failure::usage(format!(
            "{}: the header name is empty; write -H 'Name: value'",
            text.label
        )));
    }
    Ok(HeaderParts {
        label: text.label.clone(),
        name,
        value,
    })
}

/// Substitutes one part of a header.
fn resolve_part(part: &[u8], resolution: &Resolution) -> (Zeroizing<Vec<u8>>, bool) {
    let items: Vec<Item> = reference::parse(part);
    let has_refs = !items.is_empty();
    let out = substitute(part, &items, resolution).expect("every reference resolved");
    (out, has_refs)
}

/// The request's headers: locket's defaults (User-Agent, Accept, and curl's Content-Type for a
/// body) unless given, then every -H in order. Headers whose text holds a reference are marked
/// sensitive (HTTP/2 never indexes them).
fn build_headers(
    parts: &[HeaderParts<'_>],
    resolution: &Resolution,
    has_body: bool,
) -> Result<HeaderMap> {
    let mut given = Vec::with_capacity(parts.len());
    for part in parts {
        let (name, _) = resolve_part(part.name, resolution);
        let name = HeaderName::from_bytes(name.trim_ascii()).map_err(|_| {
            failure::usage(format!(
                "{}: the header name, once resolved, is not a valid header name",
                part.label
            ))
        })?;
        let value = match part.value {
            Some(text) => {
                let (bytes, has_refs) = resolve_part(text, resolution);
                let mut value = HeaderValue::from_bytes(&bytes).map_err(|_| {
                    failure::failed(format!(
                        "{}: the value of {name}, once resolved, cannot be sent in a header \
                         (a line break or NUL in it?)",
                        part.label
                    ))
                })?;
                value.set_sensitive(has_refs);
                Some(value)
            }
            None => None,
        };
        given.push((name, value));
    }
    let mut headers = HeaderMap::new();
    let named = |n: &HeaderName| given.iter().any(|(g, _)| g == n);
    let defaults = [
        (header::USER_AGENT, USER_AGENT, true),
        (header::ACCEPT, "*/*", true),
        (
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
            has_body,
        ),
    ];
    for (name, value, wanted) in defaults {
        if wanted && !named(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    for (name, value) in given {
        if let Some(value) = value {
            headers.append(name, value);
        }
    }
    Ok(headers)
}

/// `-v`'s view of a request about to be sent (masked by the caller).
fn describe_request(request: &RequestSpec) -> String {
    let url: &Url = &request.url;
    let mut target = url.path().to_string();
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    let mut text = format!("> {} {target}\n", request.method);
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => text.push_str(&format!("> host: {host}:{port}\n")),
        None => text.push_str(&format!("> host: {host}\n")),
    }
    header_lines(&mut text, "> ", &request.headers);
    if let Some(body) = &request.body {
        text.push_str(&format!("> content-length: {}\n", body.len()));
    }
    text.push_str(">\n");
    text
}

fn header_lines(text: &mut String, prefix: &str, headers: &HeaderMap) {
    for (name, value) in headers {
        text.push_str(&format!(
            "{prefix}{name}: {}\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
}

/// The same error with its message masked (its exit code kept).
fn masked(err: anyhow::Error, set: &RedactionSet) -> anyhow::Error {
    let kind = failure::kind(&err);
    Failure {
        kind,
        message: set.mask_str(&format!("{err:#}")),
    }
    .into()
}
