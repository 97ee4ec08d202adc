//! The check page: paste a template or a Postman request and see each `{{vault:NAME}}`
//! reference's state and reason, as `locket check` reports them: the same parser
//! (`reference::parse`), one resolution of every name (linked ones from the cache or their
//! provider), and `resolve::check_item` for each reference. No value is shown.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use locket_core::reference::{self, LineIndex};
use locket_core::resolve::{self, CheckState, Fetching};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::html::{self, Section, csrf_field, escape};
use crate::session::Session;
use crate::state::{App, Failure};

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/check", get(page).post(check))
}

fn form(csrf: &str, text: &str) -> String {
    format!(
        r#"<form method="post" action="/check" class="stack">{csrf}
<label for="template">Template or Postman request (JSON)</label>
<textarea id="template" name="template" rows="10" spellcheck="false">{text}</textarea>
<button type="submit">Check references</button></form>"#,
        csrf = csrf_field(csrf),
        text = escape(text)
    )
}

async fn page(Extension(session): Extension<Session>) -> Response {
    let body = format!(
        "<p>Finds every <code>{{{{vault:NAME}}}}</code> reference and tells whether it resolves, without showing any value.</p>{}",
        form(&session.csrf, "")
    );
    html::page("Check", Section::Check, &body).into_response()
}

#[derive(Deserialize)]
struct CheckForm {
    template: Zeroizing<String>,
}

struct Row {
    at: String,
    reference: String,
    state: CheckState,
    reason: Option<String>,
}

async fn check(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Form(posted): Form<CheckForm>,
) -> Result<Response, Failure> {
    let text = posted.template.clone();
    let rows = app
        .with_vault(move |vault| {
            let bytes = text.as_bytes();
            let items = reference::parse(bytes);
            let fetching = Fetching {
                connector: &locket_providers::Registry,
                refresh: false,
                allow_stale: false,
                parallelism: resolve::DEFAULT_PARALLELISM,
            };
            let resolution = resolve::resolve(Some(&*vault), "", &items, None, Some(&fetching))?;
            let index = LineIndex::new(bytes);
            Ok(items
                .iter()
                .map(|item| {
                    let span = item.span().clone();
                    let pos = index.position(span.start);
                    let (_, state, reason) = resolve::check_item(item, &resolution);
                    Row {
                        at: format!("{}:{}", pos.line, pos.column),
                        reference: String::from_utf8_lossy(&bytes[span]).into_owned(),
                        state,
                        reason,
                    }
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let unresolved = rows
        .iter()
        .filter(|r| r.state == CheckState::Unresolved)
        .count();
    let mut body = format!(
        r#"<p id="check-summary" role="status">{} reference(s), {unresolved} unresolved.</p>"#,
        rows.len()
    );
    if !rows.is_empty() {
        body.push_str(r#"<div class="scroll"><table><thead><tr><th scope="col">Line:column</th><th scope="col">Reference</th><th scope="col">State</th><th scope="col">Reason</th></tr></thead><tbody>"#);
        for r in &rows {
            let _ = write!(
                body,
                r#"<tr><th scope="row">{}</th><td data-label="Reference"><code>{}</code></td><td data-label="State">{}</td><td data-label="Reason">{}</td></tr>"#,
                r.at,
                escape(&r.reference),
                r.state.as_str(),
                escape(r.reason.as_deref().unwrap_or("–")),
            );
        }
        body.push_str("</tbody></table></div>");
    }
    body.push_str(&form(&session.csrf, &posted.template));
    Ok(html::page("Check", Section::Check, &body).into_response())
}
