//! Adding an integration and renewing its credentials, with the options of `locket integration
//! add KIND NAME` and `reauth NAME`. Each kind's form is built from the flags it declares
//! (`ProviderKind::flags`), and the posted form becomes the same [`Given`] the CLI's parser
//! makes, handed to the same `locket_providers::integrating` calls. A flag that reads a
//! credential from stdin is a password field here: the credential travels in the POST body
//! only and is never written back into a page.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use locket_core::SecretName;
use locket_providers::integrating::{self, IntegrationError};
use locket_providers::{Flag, Given, KINDS, ProviderKind, SetupError, SetupIo};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::html::{self, Section, csrf_field, escape, query_value};
use crate::session::Session;
use crate::state::{App, Failure};

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/integrations/add", get(add_form).post(add))
        .route("/integrations/reauth", get(reauth_form).post(reauth))
}

/// The field of a reauth form for a kind whose new credential is read without a flag.
const CREDENTIAL: &str = "credential";

/// A posted form, field by field; zeroized when dropped (it may hold a credential).
struct Posted(Vec<(String, Zeroizing<String>)>);

impl Posted {
    fn new(fields: Vec<(String, String)>) -> Self {
        Posted(
            fields
                .into_iter()
                .map(|(k, v)| (k, Zeroizing::new(v)))
                .collect(),
        )
    }

    fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// The form field of a flag: `--address`, as typed on the command line.
fn field_name(flag: &Flag) -> String {
    format!("--{}", flag.name)
}

/// What the flags of `flags` in `posted` give: the [`Given`] the CLI's parser would make, and
/// the one credential typed (the CLI reads one line of stdin).
fn given_from(
    posted: &Posted,
    flags: &[&'static Flag],
    integration: &SecretName,
) -> Result<(Given, Typed), IntegrationError> {
    let mut given = Given::default();
    given.integration = integration.to_string();
    let mut typed = Vec::new();
    for flag in flags {
        let value = posted.get(&field_name(flag));
        if flag.reads_a_secret() {
            if !value.is_empty() {
                given.set(flag.name, None);
                typed.push(SecretString::from(value.to_string()));
            }
        } else if flag.value.is_none() {
            if !value.is_empty() {
                given.set(flag.name, None);
            }
        } else if !value.trim().is_empty() {
            given.set(flag.name, Some(value.trim().to_string()));
        }
    }
    let flags: Vec<Flag> = flags.iter().map(|f| **f).collect();
    given.check(&flags).map_err(|e| match e {
        SetupError::Usage(m) => IntegrationError::Usage(m),
        SetupError::SignIn(e) => IntegrationError::SignIn(e.to_string()),
    })?;
    let generic = posted.get(CREDENTIAL);
    if !generic.is_empty() {
        typed.push(SecretString::from(generic.to_string()));
    }
    if typed.len() > 1 {
        return Err(IntegrationError::Usage(
            "more than one credential was typed: fill in one of the password fields".into(),
        ));
    }
    Ok((
        given,
        Typed {
            credential: typed.pop(),
            said: Vec::new(),
        },
    ))
}

/// The page as a provider's setup sees it: the credential typed in the form, and what setup
/// says, shown once it has ended.
struct Typed {
    credential: Option<SecretString>,
    said: Vec<String>,
}

impl Typed {
    /// `done`, then what setup said, as one line for the page's notice.
    fn after(&self, mut done: String) -> String {
        for said in &self.said {
            let _ = write!(done, ". {said}");
        }
        done
    }
}

impl SetupIo for Typed {
    fn secret(&mut self, what: &str) -> Result<SecretString, SetupError> {
        self.credential.take().ok_or_else(|| {
            SetupError::Usage(format!("{what} is needed: type it in its password field"))
        })
    }

    fn show(&mut self, message: &str) {
        self.said.push(message.to_string());
    }

    /// The address is in what was shown; the person opens it.
    fn open_browser(&mut self, _url: &str) {}

    fn waits_for_a_person(&self) -> bool {
        false
    }
}

fn status(e: &IntegrationError) -> StatusCode {
    match e {
        IntegrationError::Usage(_) => StatusCode::BAD_REQUEST,
        IntegrationError::SignIn(_) => StatusCode::BAD_GATEWAY,
        IntegrationError::Vault(_) => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// One field per flag: a password field for a credential, a checkbox for a switch, a list for
/// a flag with choices, a text field for the rest. Text values posted are kept after an error;
/// credentials never are.
fn fields(out: &mut String, flags: &[&'static Flag], posted: Option<&Posted>) {
    for flag in flags {
        let name = field_name(flag);
        let id = format!("flag-{}", flag.name);
        let kept = posted.map_or("", |p| p.get(&name));
        let help = escape(flag.help);
        if flag.reads_a_secret() {
            let what = flag.name.trim_end_matches("-stdin").replace('-', " ");
            let _ = write!(
                out,
                r#"<label for="{id}">{what} <small>(the CLI's <code>{name}</code>)</small></label><input id="{id}" name="{name}" type="password" autocomplete="off" aria-describedby="{id}-help"><small id="{id}-help">{help}</small>"#,
                what = capitalised(&what),
                name = escape(&name),
            );
        } else if flag.value.is_none() {
            let checked = if kept.is_empty() { "" } else { " checked" };
            let _ = write!(
                out,
                r#"<label><input id="{id}" name="{name}" type="checkbox" value="on"{checked} aria-describedby="{id}-help"> <code>{name}</code></label><small id="{id}-help">{help}</small>"#,
                name = escape(&name),
            );
        } else if !flag.choices.is_empty() {
            let mut options = String::from(r#"<option value="">(default)</option>"#);
            for (value, about) in flag.choices {
                let selected = if *value == kept { " selected" } else { "" };
                let _ = write!(
                    options,
                    r#"<option value="{v}"{selected}>{v}: {a}</option>"#,
                    v = escape(value),
                    a = escape(about)
                );
            }
            let _ = write!(
                out,
                r#"<label for="{id}"><code>{name}</code> {placeholder}</label><select id="{id}" name="{name}" aria-describedby="{id}-help">{options}</select><small id="{id}-help">{help}</small>"#,
                name = escape(&name),
                placeholder = escape(flag.value.unwrap_or_default()),
            );
        } else {
            let _ = write!(
                out,
                r#"<label for="{id}"><code>{name}</code> {placeholder}</label><input id="{id}" name="{name}" value="{kept}" autocomplete="off" spellcheck="false" aria-describedby="{id}-help"><small id="{id}-help">{help}</small>"#,
                name = escape(&name),
                placeholder = escape(flag.value.unwrap_or_default()),
                kept = escape(kept),
            );
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The note on the environment: an empty field falls back to it, as on the command line.
fn environment_note(kind: &dyn ProviderKind) -> String {
    format!(
        r#"<p class="note">Fields left empty fall back to the environment of the <code>locket ui</code> process, as on the command line: {}</p>"#,
        escape(kind.environment())
    )
}

// ---------------------------------------------------------------- add

#[derive(Deserialize, Default)]
struct KindQuery {
    #[serde(default)]
    kind: String,
}

async fn add_form(
    Extension(session): Extension<Session>,
    Query(query): Query<KindQuery>,
) -> Result<Response, Failure> {
    match locket_providers::kind(&query.kind) {
        Ok(kind) => Ok(add_page(kind, &session.csrf, None, None).into_response()),
        Err(_) if query.kind.is_empty() => {
            Ok(
                html::page("Add an integration", Section::Integrations, &kinds_list())
                    .into_response(),
            )
        }
        Err(e) => Err(Failure::bad(e.to_string())),
    }
}

/// Links to each kind's form.
pub fn kinds_list() -> String {
    let mut out = String::from(r#"<ul class="kinds">"#);
    for kind in KINDS {
        let _ = write!(
            out,
            r#"<li><a href="/integrations/add?kind={q}">{title}</a> (<code>{name}</code>)</li>"#,
            q = query_value(kind.name()),
            title = escape(kind.title()),
            name = escape(kind.name()),
        );
    }
    out.push_str("</ul>");
    out
}

/// The form of `locket integration add KIND NAME`, with an error and the values posted after
/// a failed attempt.
fn add_page(
    kind: &dyn ProviderKind,
    csrf: &str,
    error: Option<&str>,
    posted: Option<&Posted>,
) -> axum::response::Html<String> {
    let mut body = error_line(error);
    let kept = |key: &str| escape(posted.map_or("", |p| p.get(key)));
    let _ = write!(
        body,
        r#"<p>The options of <code>locket integration add {name} NAME</code>.</p>{env}
<form method="post" action="/integrations/add" class="stack">{csrf}<input type="hidden" name="kind" value="{name}">
<label for="integration-name">Name</label><input id="integration-name" name="name" required value="{kept_name}" autocomplete="off" spellcheck="false" aria-describedby="integration-name-help"><small id="integration-name-help">A name for this integration (used when linking secrets)</small>"#,
        name = escape(kind.name()),
        env = environment_note(kind),
        csrf = csrf_field(csrf),
        kept_name = kept("name"),
    );
    let flags: Vec<&'static Flag> = kind.flags().iter().collect();
    fields(&mut body, &flags, posted);
    let no_test = if posted.is_some_and(|p| !p.get("no-test").is_empty()) {
        " checked"
    } else {
        ""
    };
    let _ = write!(
        body,
        r#"<label for="ca-cert"><code>--ca-cert</code> FILE</label><input id="ca-cert" name="ca-cert" value="{ca}" autocomplete="off" spellcheck="false" aria-describedby="ca-cert-help"><small id="ca-cert-help">PEM file of CA certificates to trust (else SSL_CERT_FILE), stored with the integration</small>
<label for="timeout"><code>--timeout</code> SECONDS</label><input id="timeout" name="timeout" value="{timeout}" inputmode="numeric" autocomplete="off" aria-describedby="timeout-help"><small id="timeout-help">Seconds one request may take, retries aside (default 10)</small>
<label><input id="no-test" name="no-test" type="checkbox" value="on"{no_test}> <code>--no-test</code>: save without signing in first</label>
<button type="submit">Add integration</button></form>"#,
        ca = kept("ca-cert"),
        timeout = kept("timeout"),
    );
    html::page(
        &format!("Add a {} integration", kind.title()),
        Section::Integrations,
        &body,
    )
}

fn error_line(error: Option<&str>) -> String {
    error.map_or_else(String::new, |e| {
        format!(r#"<p class="error" role="alert">{}</p>"#, escape(e))
    })
}

async fn add(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let posted = Posted::new(fields);
    let kind =
        locket_providers::kind(posted.get("kind")).map_err(|e| Failure::bad(e.to_string()))?;
    let attempt = read_add(&posted, kind);
    let result = match attempt {
        Err(e) => Err(e),
        Ok((name, given, mut typed, no_test)) => {
            app.with_vault(move |vault| {
                let added = integrating::add(vault, &name, kind, &given, &mut typed, no_test);
                Ok(added.map(|added| {
                    let signed_in = match &added.identity {
                        Some(identity) => format!("signed in: {identity}"),
                        None => format!("not signed in (--no-test): {}", added.summary),
                    };
                    typed.after(format!(
                        "Added integration {name} ({}); {signed_in}",
                        added.kind
                    ))
                }))
            })
            .await?
        }
    };
    match result {
        Ok(done) => {
            Ok(Redirect::to(&format!("/integrations?done={}", query_value(&done))).into_response())
        }
        Err(e) => Ok((
            status(&e),
            add_page(kind, &session.csrf, Some(&e.to_string()), Some(&posted)),
        )
            .into_response()),
    }
}

/// The name, the flags, the credential and `--no-test` of a posted add form.
fn read_add(
    posted: &Posted,
    kind: &dyn ProviderKind,
) -> Result<(SecretName, Given, Typed, bool), IntegrationError> {
    let name = SecretName::new(posted.get("name").trim())?;
    let flags: Vec<&'static Flag> = kind.flags().iter().collect();
    let (mut given, typed) = given_from(posted, &flags, &name)?;
    let ca_cert = posted.get("ca-cert").trim();
    given.ca_cert = (!ca_cert.is_empty()).then(|| ca_cert.into());
    given.timeout = match posted.get("timeout").trim() {
        "" => None,
        text => Some(text.parse().map_err(|_| {
            IntegrationError::Usage(format!(
                "--timeout takes a whole number of seconds, not `{text}`"
            ))
        })?),
    };
    Ok((name, given, typed, !posted.get("no-test").is_empty()))
}

// ---------------------------------------------------------------- reauth

#[derive(Deserialize)]
struct NameQuery {
    name: String,
}

/// The flags `integration reauth` takes for this kind.
fn reauth_flags(kind: &dyn ProviderKind) -> Vec<&'static Flag> {
    kind.flags().iter().filter(|f| f.reauth).collect()
}

async fn reauth_form(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Query(query): Query<NameQuery>,
) -> Result<Response, Failure> {
    let name = SecretName::new(query.name.trim())?;
    let (kind, target) = described(&app, name.clone()).await?;
    Ok(reauth_page(&name, kind, &target, &session.csrf, None, None).into_response())
}

/// The integration's kind and where it points.
async fn described(
    app: &App,
    name: SecretName,
) -> Result<(&'static dyn ProviderKind, String), Failure> {
    app.with_vault(move |vault| {
        let found = vault.require_integration(&name)?;
        let kind = integrating::kind(&found.kind).map_err(|e| Failure::bad(e.to_string()))?;
        Ok((kind, kind.describe(found.config.expose_secret())))
    })
    .await
}

fn reauth_page(
    name: &SecretName,
    kind: &dyn ProviderKind,
    target: &str,
    csrf: &str,
    error: Option<&str>,
    posted: Option<&Posted>,
) -> axum::response::Html<String> {
    let shown = escape(name.as_str());
    let mut body = error_line(error);
    let _ = write!(
        body,
        r#"<p><strong>{shown}</strong> ({kind}): {target}. New credentials replace the stored ones once they sign in; its other settings are kept (<code>locket integration reauth {shown}</code>).</p>{env}
<form method="post" action="/integrations/reauth" class="stack">{csrf}<input type="hidden" name="name" value="{shown}">"#,
        kind = escape(kind.name()),
        target = escape(target),
        env = environment_note(kind),
        csrf = csrf_field(csrf),
    );
    let flags = reauth_flags(kind);
    fields(&mut body, &flags, posted);
    if !flags.iter().any(|f| f.reads_a_secret()) {
        let _ = write!(
            body,
            r#"<label for="{CREDENTIAL}">New credential <small>(what the CLI reads from stdin)</small></label><input id="{CREDENTIAL}" name="{CREDENTIAL}" type="password" autocomplete="off">"#
        );
    }
    body.push_str(r#"<button type="submit">Save new credentials</button></form>"#);
    html::page(
        &format!("New credentials for {name}"),
        Section::Integrations,
        &body,
    )
}

async fn reauth(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let posted = Posted::new(fields);
    let name = SecretName::new(posted.get("name").trim())?;
    let (kind, target) = described(&app, name.clone()).await?;
    let result = match given_from(&posted, &reauth_flags(kind), &name) {
        Err(e) => Err(e),
        Ok((given, mut typed)) => {
            let name = name.clone();
            app.with_vault(move |vault| {
                Ok(
                    integrating::reauth(vault, &name, &given, &mut typed).map(|identity| {
                        typed.after(format!(
                            "Updated the credentials of {name}; signed in: {identity}"
                        ))
                    }),
                )
            })
            .await?
        }
    };
    match result {
        Ok(done) => {
            Ok(Redirect::to(&format!("/integrations?done={}", query_value(&done))).into_response())
        }
        Err(e) => Ok((
            status(&e),
            reauth_page(
                &name,
                kind,
                &target,
                &session.csrf,
                Some(&e.to_string()),
                Some(&posted),
            ),
        )
            .into_response()),
    }
}
