//! The cache page: the time to live of values fetched from external vaults, what is cached and
//! when it expires, and resetting one entry or all, through the calls `locket cache` makes.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use locket_core::SecretName;
use locket_core::store::{CacheInfo, MAX_CACHE_TTL_MINUTES};
use locket_core::time::{format_time, now, until};
use serde::Deserialize;

use crate::html::{self, Section, csrf_field, escape, query_value};
use crate::session::Session;
use crate::state::{App, Failure};

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/cache", get(page))
        .route("/cache/ttl", post(set_ttl))
        .route("/cache/reset", post(reset))
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
}

async fn page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Query(query): Query<Done>,
) -> Result<Response, Failure> {
    let (ttl, entries) = app
        .with_vault(|vault| Ok((vault.cache_ttl_minutes()?, vault.cache_list()?)))
        .await?;
    let body = render(ttl, &entries, &session.csrf, query.done.as_deref());
    Ok(html::page("Cache", Section::Cache, &body).into_response())
}

fn render(ttl: u32, entries: &[CacheInfo], csrf: &str, done: Option<&str>) -> String {
    let csrf = csrf_field(csrf);
    let mut out = html::notice(done);
    let _ = write!(
        out,
        r#"<p>Values fetched from external vaults are kept, encrypted in the vault, for the time to live; 0 turns caching off.</p>
<form method="post" action="/cache/ttl" class="stack">{csrf}
<label for="ttl">Time to live, minutes (0 to {MAX_CACHE_TTL_MINUTES})</label>
<input id="ttl" name="minutes" type="number" min="0" max="{MAX_CACHE_TTL_MINUTES}" value="{ttl}" required>
<button type="submit">Save time to live</button></form>
<h2>Cached values</h2>"#
    );
    if entries.is_empty() {
        out.push_str(r#"<p id="cache-empty">The cache is empty.</p>"#);
        return out;
    }
    out.push_str(
        r#"<div class="scroll"><table><thead><tr><th scope="col">Name</th><th scope="col">Link</th><th scope="col">Fetched (UTC)</th><th scope="col">Expires</th><th scope="col">Version</th><th scope="col">Reset</th></tr></thead><tbody>"#,
    );
    let now = now();
    for e in entries {
        let name = escape(e.name.as_str());
        let expires = if e.expires_at <= now {
            format!("expired {} ago", locket_core::resolve::age(e.expires_at))
        } else {
            format!("in {}", until(e.expires_at - now))
        };
        let _ = write!(
            out,
            r#"<tr><th scope="row"><a href="/secrets/edit?name={q}">{name}</a></th><td data-label="Link">{link}</td><td data-label="Fetched (UTC)">{fetched}</td><td data-label="Expires">{expires}</td><td data-label="Version">{version}</td><td data-label="Reset"><form method="post" action="/cache/reset" class="row">{csrf}<input type="hidden" name="name" value="{name}"><button type="submit" aria-label="Reset the cached value of {name}">Reset</button></form></td></tr>"#,
            q = query_value(e.name.as_str()),
            link = escape(&e.link.to_string()),
            fetched = format_time(e.fetched_at),
            version = escape(e.version.as_deref().unwrap_or("–")),
        );
    }
    let _ = write!(
        out,
        r#"</tbody></table></div><form method="post" action="/cache/reset" class="row">{csrf}<button type="submit">Reset all cached values</button></form>"#
    );
    out
}

#[derive(Deserialize)]
struct TtlForm {
    minutes: String,
}

async fn set_ttl(
    State(app): State<Arc<App>>,
    Form(form): Form<TtlForm>,
) -> Result<Redirect, Failure> {
    let minutes: u32 = form.minutes.trim().parse().map_err(|_| {
        Failure::bad(format!(
            "`{}` is not a number of minutes: give 0 to {MAX_CACHE_TTL_MINUTES}",
            form.minutes.trim()
        ))
    })?;
    let dropped = app
        .with_vault(move |vault| Ok(vault.set_cache_ttl_minutes(minutes)?))
        .await?;
    let done = if minutes == 0 {
        format!("Caching is off; dropped {dropped} cached value(s)")
    } else {
        format!(
            "Fetched values are now kept for {minutes} minute(s); entries already cached keep their expiry"
        )
    };
    Ok(Redirect::to(&format!("/cache?done={}", query_value(&done))))
}

#[derive(Deserialize)]
struct ResetForm {
    name: Option<String>,
}

async fn reset(
    State(app): State<Arc<App>>,
    Form(form): Form<ResetForm>,
) -> Result<Redirect, Failure> {
    let only = match form.name.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(SecretName::new(text)?),
        _ => None,
    };
    let shown = only.as_ref().map(ToString::to_string);
    let dropped = app
        .with_vault(move |vault| Ok(vault.cache_reset(only.as_ref())?))
        .await?;
    let done = match shown {
        Some(n) if dropped == 0 => format!("{n} had no cached value"),
        Some(n) => format!("Dropped the cached value of {n}"),
        None => format!("Dropped {dropped} cached value(s)"),
    };
    Ok(Redirect::to(&format!("/cache?done={}", query_value(&done))))
}
