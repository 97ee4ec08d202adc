//! The import page: upload a .env, a Postman environment or a locket export, see what would
//! change, then apply it. Parsing is `locket_core::transfer::parse` (with the Postman reader
//! `locket import` uses) and writing is `Vault::import` (one transaction), as in the CLI. The
//! parsed secrets wait in memory, zeroized on drop, until applied, cancelled or replaced.

use std::collections::HashSet;
use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use locket_core::store::{NewSecret, OnConflict};
use locket_core::transfer::{self, ImportOptions};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::html::{self, Section, csrf_field, escape, query_value};
use crate::session::{Session, random_token, same};
use crate::state::{App, Failure};

/// An uploaded file, parsed, waiting for the user to apply it.
pub struct PendingImport {
    id: String,
    summary: String,
    secrets: Vec<NewSecret>,
    on_conflict: OnConflict,
}

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/import", get(page).post(preview))
        .route("/import/apply", post(apply))
        .route("/import/cancel", post(cancel))
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
}

async fn page(Extension(session): Extension<Session>, Query(query): Query<Done>) -> Response {
    let body = format!(
        r#"{notice}<p>Adds secrets from a <code>.env</code> file, a Postman environment or a locket export. Nothing is written until you have seen what will change.</p>
<form method="post" action="/import" enctype="multipart/form-data" class="stack">{csrf}
<label for="import-file">File</label><input id="import-file" name="file" type="file" required>
<label for="on-conflict">When a name already exists</label>
<select id="on-conflict" name="on_conflict"><option value="fail">stop: import nothing</option><option value="skip">keep the vault's secret</option><option value="overwrite">overwrite it</option></select>
<label><input type="checkbox" name="secret_only" value="yes"> Postman environments: only variables of type <code>secret</code></label>
<label for="import-passphrase">Passphrase (encrypted locket exports only)</label>
<input id="import-passphrase" name="passphrase" type="password" autocomplete="off">
<button type="submit">Preview the import</button></form>"#,
        csrf = csrf_field(&session.csrf),
        notice = html::notice(query.done.as_deref()),
    );
    html::page("Import", Section::Import, &body).into_response()
}

async fn preview(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    mut form: Multipart,
) -> Result<Response, Failure> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        Failure::bad(format!("the upload could not be read: {e}; send it again"))
    };
    let (mut source, mut bytes) = (String::new(), Zeroizing::new(Vec::new()));
    let (mut on_conflict, mut secret_only) = (OnConflict::Fail, false);
    let mut passphrase = Zeroizing::new(String::new());
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            "file" => {
                source = field.file_name().unwrap_or("the upload").to_string();
                bytes = Zeroizing::new(field.bytes().await.map_err(unreadable)?.to_vec());
            }
            "on_conflict" => {
                on_conflict = match field.text().await.map_err(unreadable)?.as_str() {
                    "skip" => OnConflict::Skip,
                    "overwrite" => OnConflict::Overwrite,
                    _ => OnConflict::Fail,
                }
            }
            "secret_only" => secret_only = true,
            "passphrase" => passphrase = Zeroizing::new(field.text().await.map_err(unreadable)?),
            _ => {}
        }
    }
    if bytes.is_empty() {
        return Err(Failure::bad(
            "no file (or an empty one) was uploaded: choose a file",
        ));
    }
    let options = ImportOptions { secret_only };
    let pass = SecretString::from(passphrase.as_str());
    let name = source.clone();
    let (format, secrets) = transfer::parse(
        &source,
        &bytes,
        options,
        &|bytes| locket_postman::model::import_environment(bytes, &source),
        move || {
            if pass.expose_secret().is_empty() {
                return Err(locket_core::Error::Import {
                    path: name,
                    message: "it is an encrypted locket export: give its passphrase".into(),
                });
            }
            Ok(pass)
        },
    )?;
    let existing: HashSet<String> = app
        .with_vault(|vault| {
            Ok(vault
                .list()?
                .into_iter()
                .map(|m| m.name.to_string())
                .collect())
        })
        .await?;
    let id = random_token().map_err(|e| Failure::bad(format!("cannot prepare the import: {e}")))?;
    let summary = format!("{} secrets from {source} ({format})", secrets.len());
    let body = render_preview(
        &secrets,
        &existing,
        on_conflict,
        &summary,
        &id,
        &session.csrf,
    );
    app.set_pending_import(Some(PendingImport {
        id,
        summary,
        secrets,
        on_conflict,
    }));
    Ok(html::page("Import: preview", Section::Import, &body).into_response())
}

fn render_preview(
    secrets: &[NewSecret],
    existing: &HashSet<String>,
    on_conflict: OnConflict,
    summary: &str,
    id: &str,
    csrf: &str,
) -> String {
    let conflicts = secrets
        .iter()
        .filter(|s| existing.contains(s.name.as_str()))
        .count();
    let mut out = format!(
        r#"<p id="import-summary">{summary}: {new} new, {conflicts} already in the vault.</p>"#,
        summary = escape(summary),
        new = secrets.len() - conflicts,
    );
    if conflicts > 0 && on_conflict == OnConflict::Fail {
        out.push_str(r#"<p class="error" role="alert">Some names already exist and you chose to stop: applying will import nothing. Go back and choose to keep or overwrite them.</p>"#);
    }
    out.push_str(r#"<div class="scroll"><table><thead><tr><th scope="col">Name</th><th scope="col">Change</th><th scope="col">Allowed domains</th><th scope="col">Enabled</th><th scope="col">Link</th></tr></thead><tbody>"#);
    for s in secrets {
        let change = match (existing.contains(s.name.as_str()), on_conflict) {
            (false, _) => "new",
            (true, OnConflict::Overwrite) => "overwrites the vault's",
            (true, OnConflict::Skip) => "skipped: the vault's is kept",
            (true, OnConflict::Fail) => "exists: stops the import",
        };
        let domains: Vec<String> = s.allowed_domains.iter().map(ToString::to_string).collect();
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td data-label="Change">{change}</td><td data-label="Allowed domains">{}</td><td data-label="Enabled">{}</td><td data-label="Link">{}</td></tr>"#,
            escape(s.name.as_str()),
            if domains.is_empty() {
                "any".to_string()
            } else {
                escape(&domains.join(", "))
            },
            if s.enabled { "yes" } else { "no" },
            s.link
                .as_ref()
                .map_or_else(|| "–".to_string(), |l| escape(&l.to_string())),
        );
    }
    let _ = write!(
        out,
        r#"</tbody></table></div>
<form method="post" action="/import/apply" class="row">{csrf}<input type="hidden" name="id" value="{id}"><button type="submit">Apply the import</button></form>
<form method="post" action="/import/cancel" class="row">{csrf}<button type="submit">Cancel</button></form>"#,
        csrf = csrf_field(csrf),
        id = escape(id),
    );
    out
}

#[derive(Deserialize)]
struct ApplyForm {
    id: String,
}

async fn apply(
    State(app): State<Arc<App>>,
    Form(form): Form<ApplyForm>,
) -> Result<Redirect, Failure> {
    let pending = app
        .take_pending_import()
        .filter(|p| same(&p.id, &form.id))
        .ok_or_else(|| {
            Failure::bad("this preview is no longer waiting (applied, cancelled or replaced): upload the file again")
        })?;
    let PendingImport {
        summary,
        secrets,
        on_conflict,
        ..
    } = pending;
    let report = app
        .with_vault(move |vault| {
            vault.import(&secrets, on_conflict).map_err(|e| match e {
                locket_core::Error::AlreadyExists { name } => Failure::bad(format!(
                    "{name} already exists in the vault; nothing was imported. Upload again and choose to keep or overwrite"
                )),
                other => other.into(),
            })
        })
        .await?;
    let done = format!(
        "Imported {summary}: {} new, {} overwritten, {} skipped",
        report.created, report.overwritten, report.skipped
    );
    Ok(Redirect::to(&format!(
        "/secrets?done={}",
        query_value(&done)
    )))
}

async fn cancel(State(app): State<Arc<App>>) -> Redirect {
    app.set_pending_import(None);
    Redirect::to(&format!(
        "/import?done={}",
        query_value("Import cancelled; nothing was written")
    ))
}
