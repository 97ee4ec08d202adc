//! Every text of a run that may hold a `{{vault:NAME}}` reference, with where it is: request
//! fields, auth parameters, and variable values of every scope. The CLI resolves them all at
//! once, before the first request (one vault open, each name looked up once).

use crate::model::{Auth, Body, Collection, FormValue, Item, RequestDef, Variable};
use crate::variables::Scope;

/// A text holding at least one reference (or would-be reference), and its location.
pub struct Located {
    pub label: String,
    pub text: String,
}

fn push(out: &mut Vec<Located>, label: impl FnOnce() -> String, text: &str) {
    // Cheap filter first; the reference grammar decides (malformed ones are kept, to report).
    if text.contains("{{") && !locket_core::reference::parse(text.as_bytes()).is_empty() {
        out.push(Located {
            label: label(),
            text: text.to_string(),
        });
    }
}

fn auth(out: &mut Vec<Located>, at: &str, auth: Option<&Auth>) {
    for (k, v) in auth.map(|a| a.params.as_slice()).unwrap_or_default() {
        push(out, || format!("{at}: auth {k}"), v);
    }
}

fn request(out: &mut Vec<Located>, at: &str, r: &RequestDef) {
    push(out, || format!("{at}: method"), &r.method);
    push(out, || format!("{at}: url"), &r.url.raw);
    if let Some(p) = &r.url.parts {
        for (what, text) in [
            ("protocol", p.protocol.as_deref()),
            ("host", Some(p.host.as_str())),
            ("port", p.port.as_deref()),
            ("path", p.path.as_deref()),
            ("hash", p.hash.as_deref()),
        ] {
            push(
                out,
                || format!("{at}: url {what}"),
                text.unwrap_or_default(),
            );
        }
        if let Some((user, password)) = &p.auth {
            push(out, || format!("{at}: url user"), user);
            push(out, || format!("{at}: url password"), password);
        }
        for q in &p.query {
            push(out, || format!("{at}: query {}", q.key), &q.key);
            push(
                out,
                || format!("{at}: query {}", q.key),
                q.value.as_deref().unwrap_or_default(),
            );
        }
    }
    for v in &r.url.path_variables {
        push(out, || format!("{at}: path variable {}", v.key), &v.value);
    }
    for h in &r.headers {
        push(out, || format!("{at}: header {}", h.key), &h.key);
        push(out, || format!("{at}: header {}", h.key), &h.value);
    }
    match &r.body {
        Some(Body::Raw { text, .. }) => push(out, || format!("{at}: body"), text),
        Some(Body::UrlEncoded(params)) => {
            for p in params {
                push(out, || format!("{at}: body field {}", p.key), &p.key);
                push(out, || format!("{at}: body field {}", p.key), &p.value);
            }
        }
        Some(Body::FormData(parts)) => {
            for p in parts {
                push(out, || format!("{at}: form field {}", p.key), &p.key);
                if let FormValue::Text(v) = &p.value {
                    push(out, || format!("{at}: form field {}", p.key), v);
                }
            }
        }
        Some(Body::GraphQl { query, variables }) => {
            push(out, || format!("{at}: graphql query"), query);
            push(
                out,
                || format!("{at}: graphql variables"),
                variables.as_deref().unwrap_or_default(),
            );
        }
        Some(Body::File(_)) | None => {}
    }
    auth(out, at, r.auth.as_ref());
}

fn items(out: &mut Vec<Located>, parent: &str, list: &[Item]) {
    for item in list {
        match item {
            Item::Request(r) => {
                let at = format!("{parent}/{}", r.name);
                request(out, &at, &r.request);
            }
            Item::Folder(f) => {
                let at = format!("{parent}/{}", f.name);
                auth(out, &at, f.auth.as_ref());
                items(out, &at, &f.items);
            }
        }
    }
}

/// The collection's request fields and variables.
pub fn in_collection(c: &Collection) -> Vec<Located> {
    let mut out = Vec::new();
    variables(&mut out, "collection variable", &c.variables);
    auth(&mut out, "collection", c.auth.as_ref());
    items(&mut out, "", &c.items);
    out
}

fn variables(out: &mut Vec<Located>, what: &str, vars: &[Variable]) {
    for v in vars.iter().filter(|v| !v.disabled) {
        push(out, || format!("{what} {}", v.key), &v.value);
    }
}

/// A scope's values (environment, globals, a data row), labelled `what NAME`.
pub fn in_scope(what: &str, scope: &Scope) -> Vec<Located> {
    let mut out = Vec::new();
    for (k, v) in scope.values() {
        push(&mut out, || format!("{what} {k}"), &v);
    }
    out.sort_by(|a, b| a.label.cmp(&b.label));
    out
}
