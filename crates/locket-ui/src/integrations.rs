//! The integrations page: external vaults with where they point and the secrets linked through
//! them, a sign-in test, and removal after a page that lists the secrets that will stop
//! resolving. The calls are the ones `locket integration list|test|remove` makes; adding and
//! new credentials are in `integration_setup`.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use locket_core::SecretName;
use locket_providers::integrating::{self, IntegrationError};
use secrecy::ExposeSecret;
use serde::Deserialize;

use crate::html::{self, Section, csrf_field, escape, query_value};
use crate::session::Session;
use crate::state::{App, Failure};

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/integrations", get(page))
        .route("/integrations/test", post(test))
        .route("/integrations/remove", get(confirm_remove).post(remove))
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
}

struct Row {
    name: String,
    kind: String,
    target: String,
    linked: Vec<String>,
    updated: i64,
}

async fn page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Query(query): Query<Done>,
) -> Result<Response, Failure> {
    let rows = app
        .with_vault(|vault| {
            let secrets = vault.list()?;
            Ok(vault
                .integrations()?
                .into_iter()
                .map(|i| Row {
                    linked: secrets
                        .iter()
                        .filter(|m| m.link.as_ref().is_some_and(|l| l.integration == i.name))
                        .map(|m| m.name.to_string())
                        .collect(),
                    target: match locket_providers::kind(&i.kind) {
                        Ok(kind) => kind.describe(i.config.expose_secret()),
                        Err(e) => e.to_string(),
                    },
                    updated: i.updated,
                    name: i.name,
                    kind: i.kind,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let csrf = csrf_field(&session.csrf);
    let mut out = html::notice(query.done.as_deref());
    if rows.is_empty() {
        out.push_str(r#"<p id="no-integrations">No integrations yet.</p>"#);
    } else {
        out.push_str(r#"<div class="scroll"><table><thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Where</th><th scope="col">Linked secrets</th><th scope="col">Updated (UTC)</th><th scope="col">Actions</th></tr></thead><tbody>"#);
        for r in &rows {
            let name = escape(&r.name);
            let _ = write!(
                out,
                r#"<tr><th scope="row">{name}</th><td data-label="Kind">{kind}</td><td data-label="Where">{target}</td><td data-label="Linked secrets">{linked}</td><td data-label="Updated (UTC)">{updated}</td><td data-label="Actions"><form method="post" action="/integrations/test" class="inline">{csrf}<input type="hidden" name="name" value="{name}"><button type="submit" aria-label="Test signing in to {name}">Test</button></form> <a href="/integrations/reauth?name={q}" aria-label="New credentials for {name}">Reauth…</a> <a href="/integrations/remove?name={q}" aria-label="Remove {name}">Remove…</a></td></tr>"#,
                kind = escape(&r.kind),
                target = escape(&r.target),
                linked = r.linked.len(),
                updated = locket_core::time::format_time(r.updated),
                q = query_value(&r.name),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str(
        r#"<section aria-labelledby="add-title"><h2 id="add-title">Add an integration</h2>"#,
    );
    out.push_str(&crate::integration_setup::kinds_list());
    out.push_str("</section>");
    Ok(html::page("Integrations", Section::Integrations, &out).into_response())
}

#[derive(Deserialize)]
struct NameForm {
    name: String,
}

async fn test(
    State(app): State<Arc<App>>,
    Form(form): Form<NameForm>,
) -> Result<Redirect, Failure> {
    let name = SecretName::new(form.name.trim())?;
    let done = app
        .with_vault(move |vault| {
            Ok(match integrating::test(vault, &name) {
                Ok(tested) => format!("{name} ({}): {}", tested.kind, tested.identity),
                Err(IntegrationError::Vault(e)) => return Err(e.into()),
                Err(e) => e.to_string(),
            })
        })
        .await?;
    Ok(Redirect::to(&format!(
        "/integrations?done={}",
        query_value(&done)
    )))
}

async fn confirm_remove(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Query(query): Query<NameForm>,
) -> Result<Response, Failure> {
    let name = SecretName::new(query.name.trim())?;
    let (found, linked) = app
        .with_vault(move |vault| {
            let found = vault.require_integration(&name)?;
            let linked: Vec<String> = vault
                .list()?
                .into_iter()
                .filter(|m| m.link.as_ref().is_some_and(|l| l.integration == found.name))
                .map(|m| m.name.to_string())
                .collect();
            Ok((found.name, linked))
        })
        .await?;
    let shown = escape(&found);
    let mut body = format!(
        "<p>Remove the integration <strong>{shown}</strong> and the values cached through it?</p>"
    );
    if linked.is_empty() {
        body.push_str("<p>No secret links through it.</p>");
    } else {
        let _ = write!(
            body,
            r#"<p id="stop-resolving">These {} secret(s) link through it and will not resolve until it is added again or they are re-linked:</p><ul>"#,
            linked.len()
        );
        for n in &linked {
            let _ = write!(body, "<li>{}</li>", escape(n));
        }
        body.push_str("</ul>");
    }
    let _ = write!(
        body,
        r#"<form method="post" action="/integrations/remove" class="row">{csrf}<input type="hidden" name="name" value="{shown}"><button type="submit" class="danger">Remove {shown}</button> <a href="/integrations">Cancel</a></form>"#,
        csrf = csrf_field(&session.csrf)
    );
    Ok(html::page(&format!("Remove {found}"), Section::Integrations, &body).into_response())
}

async fn remove(
    State(app): State<Arc<App>>,
    Form(form): Form<NameForm>,
) -> Result<Redirect, Failure> {
    let name = SecretName::new(form.name.trim())?;
    let shown = name.to_string();
    let linked = app
        .with_vault(move |vault| Ok(vault.remove_integration(&name)?))
        .await?;
    let mut done = format!("Removed integration {shown} and the values cached through it");
    if !linked.is_empty() {
        let names: Vec<String> = linked.iter().map(ToString::to_string).collect();
        let _ = write!(
            done,
            "; {} secret(s) no longer resolve: {}",
            names.len(),
            names.join(", ")
        );
    }
    Ok(Redirect::to(&format!(
        "/integrations?done={}",
        query_value(&done)
    )))
}
