//! The export page: every secret in one age file under a passphrase, downloaded; the calls
//! `locket export` makes (`export_all`, `transfer::to_json`, `transfer::encrypt`, which enforces
//! the passphrase's minimum length).

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use locket_core::transfer::{self, MIN_PASSPHRASE_CHARS};
use secrecy::SecretString;
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::html::{self, Section, csrf_field};
use crate::session::Session;
use crate::state::{App, Failure};

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/export", get(page).post(download))
}

async fn page(Extension(session): Extension<Session>) -> Response {
    let body = format!(
        r#"<p>Downloads every secret (values, allowed domains, state, links) as one file encrypted with a passphrase (age, scrypt): <code>locket import</code> and <code>age -d</code> open it.</p>
<form method="post" action="/export" class="stack">{csrf}
<label for="passphrase">Export passphrase (at least {MIN_PASSPHRASE_CHARS} characters)</label>
<input id="passphrase" name="passphrase" type="password" autocomplete="new-password" minlength="{MIN_PASSPHRASE_CHARS}" required>
<label for="repeat">The passphrase again</label>
<input id="repeat" name="repeat" type="password" autocomplete="new-password" required>
<button type="submit">Download the encrypted export</button></form>"#,
        csrf = csrf_field(&session.csrf)
    );
    html::page("Export", Section::Export, &body).into_response()
}

#[derive(Deserialize)]
struct ExportForm {
    passphrase: Zeroizing<String>,
    repeat: Zeroizing<String>,
}

async fn download(
    State(app): State<Arc<App>>,
    Form(form): Form<ExportForm>,
) -> Result<Response, Failure> {
    if form.passphrase.as_str() != form.repeat.as_str() {
        return Err(Failure::bad(
            "the two passphrases differ; nothing was exported. Type the same one twice",
        ));
    }
    let passphrase = SecretString::from(form.passphrase.as_str());
    let sealed = app
        .with_vault(move |vault| {
            let secrets = vault.export_all()?;
            let json = transfer::to_json(&secrets);
            Ok(transfer::encrypt(&json, &passphrase)?)
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (
                header::CONTENT_DISPOSITION,
                r#"attachment; filename="locket-export.age""#,
            ),
        ],
        sealed,
    )
        .into_response())
}
