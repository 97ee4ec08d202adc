//! The locked vault: when no key source answered `locket ui`, the page asks for the vault key
//! or passphrase in a POST form (never in a URL) and unlocks it as the CLI's prompt does.

use std::sync::Arc;

use axum::Extension;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use locket_core::LockedVault;
use secrecy::SecretString;
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::html::{self, Section, csrf_field, escape};
use crate::session::Session;
use crate::state::{App, Failure};

pub async fn form(State(app): State<Arc<App>>, Extension(session): Extension<Session>) -> Response {
    if app.is_unlocked() {
        return Redirect::to("/secrets").into_response();
    }
    let body = format!(
        r#"<p>No key source answered for the vault at <code>{dir}</code> (LOCKET_VAULT_KEY, LOCKET_VAULT_KEY_FILE, the OS keyring).</p>
<form method="post" action="/unlock" class="stack">
{csrf}
<label for="answer">Vault key or passphrase</label>
<input type="password" id="answer" name="answer" autocomplete="off" required autofocus>
<button type="submit">Unlock</button>
</form>"#,
        dir = escape(&app.dir.display().to_string()),
        csrf = csrf_field(&session.csrf),
    );
    html::page("Unlock the vault", Section::Unlock, &body).into_response()
}

#[derive(Deserialize)]
pub struct Answer {
    answer: Zeroizing<String>,
}

pub async fn submit(State(app): State<Arc<App>>, Form(form): Form<Answer>) -> Response {
    if app.is_unlocked() {
        return Redirect::to("/secrets").into_response();
    }
    let dir = app.dir.clone();
    let answer = SecretString::from(form.answer.as_str());
    let opened = tokio::task::spawn_blocking(move || {
        LockedVault::open(&dir).and_then(|locked| locked.unlock_with_answer(&answer))
    })
    .await;
    match opened {
        Ok(Ok((vault, _key, _))) => {
            app.put_vault(vault);
            Redirect::to("/secrets").into_response()
        }
        Ok(Err(e)) => Failure::from(e).into_response(),
        Err(_) => Failure::bad("unlocking failed inside the server").into_response(),
    }
}
