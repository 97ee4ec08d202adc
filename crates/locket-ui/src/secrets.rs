//! The secrets page: the table (search, filters, sort, pages), reveal and copy, and the
//! actions on one secret, each a `locket-core` call the CLI's commands also make.

use std::cmp::Ordering;
use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use locket_core::{AllowedDomain, SecretMeta, SecretName, SetOutcome};
use secrecy::{ExposeSecret, SecretBox};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::html::{self, Section, csrf_field, escape, query_value};
use crate::session::Session;
use crate::state::{App, Failure};

/// Rows per page: a page stays small and fast whatever the vault's size.
pub const PAGE_SIZE: usize = 50;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/secrets", get(table))
        .route("/secrets/edit", get(edit))
        .route("/secrets/delete", get(confirm_delete).post(delete))
        .route("/secrets/reveal", post(reveal))
        .route("/secrets/add", post(add))
        .route("/secrets/value", post(change_value))
        .route("/secrets/rename", post(rename))
        .route("/secrets/domains", post(domains))
        .route("/secrets/enabled", post(enabled))
        .route("/secrets/unlink", post(unlink))
        .route("/secrets/link", post(link))
}

fn name(text: &str) -> Result<SecretName, Failure> {
    Ok(SecretName::new(text.trim())?)
}

fn edit_url(name: &str, done: &str) -> String {
    format!(
        "/secrets/edit?name={}&done={}",
        query_value(name),
        query_value(done)
    )
}

fn done_url(done: &str) -> String {
    format!("/secrets?done={}", query_value(done))
}

// ---------------------------------------------------------------- the table

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct TableQuery {
    q: String,
    state: String,
    link: String,
    sort: String,
    dir: String,
    page: usize,
    done: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Value,
    Domains,
    Enabled,
    Link,
    Updated,
}

const COLUMNS: [(Column, &str, &str); 6] = [
    (Column::Name, "name", "Name"),
    (Column::Value, "value", "Value"),
    (Column::Domains, "domains", "Allowed domains"),
    (Column::Enabled, "enabled", "Enabled"),
    (Column::Link, "link", "Link"),
    (Column::Updated, "updated", "Updated (UTC)"),
];

impl TableQuery {
    fn column(&self) -> Column {
        COLUMNS
            .iter()
            .find(|(_, key, _)| *key == self.sort)
            .map_or(Column::Name, |(c, _, _)| *c)
    }

    fn descending(&self) -> bool {
        self.dir == "desc"
    }

    fn keeps(&self, meta: &SecretMeta, needle: &str) -> bool {
        let state_ok = match self.state.as_str() {
            "enabled" => meta.enabled,
            "disabled" => !meta.enabled,
            _ => true,
        };
        let link_ok = match self.link.as_str() {
            "linked" => meta.link.is_some(),
            "local" => meta.link.is_none(),
            _ => true,
        };
        state_ok
            && link_ok
            && (needle.is_empty()
                || meta.name.as_str().to_lowercase().contains(needle)
                || domains_text(meta).to_lowercase().contains(needle)
                || link_text(meta).to_lowercase().contains(needle))
    }

    /// This query's URL with some parameters changed.
    fn url(&self, sort: Option<(&str, &str)>, page: Option<usize>) -> String {
        let (sort, dir) = sort.unwrap_or((&self.sort, &self.dir));
        format!(
            "/secrets?q={}&state={}&link={}&sort={}&dir={}&page={}",
            query_value(&self.q),
            query_value(&self.state),
            query_value(&self.link),
            query_value(sort),
            query_value(dir),
            page.unwrap_or(self.page)
        )
    }
}

/// What the value column shows: never the value.
fn masked(meta: &SecretMeta) -> &'static str {
    if meta.link.is_some() {
        "(linked)"
    } else if meta.empty {
        "(empty)"
    } else {
        "••••••••"
    }
}

fn domains_text(meta: &SecretMeta) -> String {
    if meta.allowed_domains.is_empty() {
        return "any".into();
    }
    let all: Vec<String> = meta
        .allowed_domains
        .iter()
        .map(ToString::to_string)
        .collect();
    all.join(", ")
}

fn link_text(meta: &SecretMeta) -> String {
    meta.link
        .as_ref()
        .map_or_else(String::new, ToString::to_string)
}

fn compare(column: Column, a: &SecretMeta, b: &SecretMeta) -> Ordering {
    let by = match column {
        Column::Name => Ordering::Equal,
        Column::Value => masked(a).cmp(masked(b)),
        Column::Domains => domains_text(a).cmp(&domains_text(b)),
        Column::Enabled => a.enabled.cmp(&b.enabled),
        Column::Link => link_text(a).cmp(&link_text(b)),
        Column::Updated => a.updated.cmp(&b.updated),
    };
    by.then_with(|| a.name.cmp(&b.name))
}

async fn table(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Query(query): Query<TableQuery>,
) -> Result<Response, Failure> {
    let all = app.with_vault(|vault| Ok(vault.list()?)).await?;
    Ok(html::page(
        "Secrets",
        Section::Secrets,
        &render_table(&all, &query, &session, app.reveal_for.as_secs()),
    )
    .into_response())
}

fn render_table(
    all: &[SecretMeta],
    query: &TableQuery,
    session: &Session,
    reveal_seconds: u64,
) -> String {
    let needle = query.q.trim().to_lowercase();
    let mut shown: Vec<&SecretMeta> = all.iter().filter(|m| query.keeps(m, &needle)).collect();
    let column = query.column();
    shown.sort_by(|a, b| {
        let order = compare(column, a, b);
        if query.descending() {
            order.reverse()
        } else {
            order
        }
    });
    let pages = shown.len().div_ceil(PAGE_SIZE).max(1);
    let page = query.page.clamp(1, pages);
    let rows = shown.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE);

    let mut out = String::with_capacity(64 * 1024);
    out.push_str(&html::notice(query.done.as_deref()));
    out.push_str(&filters(query));
    let _ = write!(
        out,
        r#"<p id="count" role="status">{} of {} secrets · page {page} of {pages}</p>
<div class="scroll"><table aria-describedby="count" data-reveal-seconds="{reveal_seconds}"><thead><tr>"#,
        shown.len(),
        all.len()
    );
    for (col, key, label) in COLUMNS {
        let (dir, sorted) = match (col == column, query.descending()) {
            (true, false) => ("desc", r#" aria-sort="ascending""#),
            (true, true) => ("asc", r#" aria-sort="descending""#),
            _ => ("asc", ""),
        };
        let arrow = match sorted {
            "" => "",
            s if s.contains("asc") => " ▲",
            _ => " ▼",
        };
        let _ = write!(
            out,
            r#"<th scope="col"{sorted}><a href="{}">{label}{arrow}</a></th>"#,
            escape(&query.url(Some((key, dir)), Some(1)))
        );
    }
    out.push_str("</tr></thead><tbody>");
    let csrf = csrf_field(&session.csrf);
    for meta in rows {
        row(&mut out, meta, &csrf);
    }
    out.push_str("</tbody></table></div>");
    pager(&mut out, query, page, pages);
    out.push_str(&add_form(&session.csrf));
    out
}

fn row(out: &mut String, meta: &SecretMeta, csrf: &str) {
    let name = escape(meta.name.as_str());
    let _ = write!(
        out,
        r#"<tr><th scope="row"><a href="/secrets/edit?name={q}">{name}</a></th><td class="value" data-label="Value">"#,
        q = query_value(meta.name.as_str())
    );
    let _ = write!(out, r#"<span class="mask">{}</span>"#, masked(meta));
    if meta.link.is_some() || !meta.empty {
        let _ = write!(
            out,
            r#" <form class="reveal" method="post" action="/secrets/reveal">{csrf}<input type="hidden" name="name" value="{name}"><button type="submit" name="do" value="reveal" aria-label="Reveal {name}">Reveal</button> <button type="submit" name="do" value="copy" aria-label="Copy {name}">Copy</button></form>"#
        );
    }
    let _ = write!(
        out,
        r#"</td><td data-label="Allowed domains">{}</td><td data-label="Enabled">{}</td><td data-label="Link">{}</td><td data-label="Updated (UTC)">{}</td></tr>"#,
        escape(&domains_text(meta)),
        if meta.enabled { "yes" } else { "no" },
        if meta.link.is_some() {
            escape(&link_text(meta))
        } else {
            "–".into()
        },
        locket_core::time::format_time(meta.updated)
    );
}

fn filters(query: &TableQuery) -> String {
    let option = |current: &str, value: &str, label: &str| {
        let selected = if current == value { " selected" } else { "" };
        format!(r#"<option value="{value}"{selected}>{label}</option>"#)
    };
    format!(
        r#"<form class="filters" method="get" action="/secrets" role="search">
<label>Search <input type="search" name="q" value="{q}" placeholder="name, domain or link"></label>
<label>State <select name="state">{s1}{s2}{s3}</select></label>
<label>Link <select name="link">{l1}{l2}{l3}</select></label>
<input type="hidden" name="sort" value="{sort}"><input type="hidden" name="dir" value="{dir}">
<button type="submit">Apply</button>
</form>"#,
        q = escape(&query.q),
        s1 = option(&query.state, "", "any"),
        s2 = option(&query.state, "enabled", "enabled"),
        s3 = option(&query.state, "disabled", "disabled"),
        l1 = option(&query.link, "", "any"),
        l2 = option(&query.link, "linked", "linked"),
        l3 = option(&query.link, "local", "local"),
        sort = escape(&query.sort),
        dir = escape(&query.dir),
    )
}

fn pager(out: &mut String, query: &TableQuery, page: usize, pages: usize) {
    if pages <= 1 {
        return;
    }
    out.push_str(r#"<nav class="pager" aria-label="Pages">"#);
    if page > 1 {
        let _ = write!(
            out,
            r#"<a href="{}" rel="prev">← Previous</a> "#,
            escape(&query.url(None, Some(page - 1)))
        );
    }
    let _ = write!(out, "<span>Page {page} of {pages}</span>");
    if page < pages {
        let _ = write!(
            out,
            r#" <a href="{}" rel="next">Next →</a>"#,
            escape(&query.url(None, Some(page + 1)))
        );
    }
    out.push_str("</nav>");
}

fn add_form(csrf: &str) -> String {
    format!(
        r#"<section aria-labelledby="add-title"><h2 id="add-title">Add or replace a secret</h2>
<form method="post" action="/secrets/add" enctype="multipart/form-data" class="stack">
{csrf}
<label for="add-name">Name</label><input id="add-name" name="name" required autocomplete="off" spellcheck="false">
<label for="add-value">Value</label><input id="add-value" name="value" type="password" autocomplete="new-password">
<label for="add-file">…or from a file (byte for byte)</label><input id="add-file" name="file" type="file">
<label for="add-allow">Allowed domains (comma or space separated; empty: any)</label><input id="add-allow" name="allow" autocomplete="off" spellcheck="false" placeholder="api.example.com, *.example.org">
<button type="submit">Save secret</button>
</form></section>"#,
        csrf = csrf_field(csrf)
    )
}

// ---------------------------------------------------------------- reveal

#[derive(Deserialize)]
struct NameForm {
    name: String,
}

/// The value as text, fetched by the page's script on a click and never part of a page.
async fn reveal(
    State(app): State<Arc<App>>,
    Form(form): Form<NameForm>,
) -> Result<Response, Failure> {
    let name = name(&form.name)?;
    let value = app
        .with_vault(move |vault| {
            let secret = vault.get(&name)?;
            let value = match &secret.meta.link {
                None => secret.value,
                Some(_) => linked_value(vault, &name)?,
            };
            String::from_utf8(value.expose_secret().to_vec()).map_err(|_| {
                Failure::bad(format!(
                    "{name}'s value is not text: read it with `locket get {name}`"
                ))
            })
        })
        .await?;
    let value = Zeroizing::new(value);
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        value.as_str().to_owned(),
    )
        .into_response())
}

/// A linked secret's value as `locket get` reads it (the cache, then its external vault),
/// through the same library call.
fn linked_value(vault: &locket_core::Vault, name: &SecretName) -> Result<SecretBox<[u8]>, Failure> {
    use locket_providers::linking::{self, ValueError};
    match linking::linked_value(vault, name, &linking::fetching(false, false)) {
        Ok((value, _)) => Ok(value),
        Err(ValueError::Vault(e)) => Err(e.into()),
        Err(ValueError::Unresolved { kind, message }) => Err(Failure::Shown(
            match kind {
                locket_core::ErrorKind::External => StatusCode::BAD_GATEWAY,
                _ => StatusCode::NOT_FOUND,
            },
            message,
        )),
    }
}

// ---------------------------------------------------------------- one secret

/// A multipart form with a value typed or uploaded: the text fields, and the value's bytes.
struct ValueForm {
    fields: Vec<(String, String)>,
    value: Option<SecretBox<[u8]>>,
}

impl ValueForm {
    async fn read(mut form: Multipart) -> Result<ValueForm, Failure> {
        let unreadable = |e: axum::extract::multipart::MultipartError| {
            Failure::bad(format!("the form could not be read: {e}; send it again"))
        };
        let mut fields = Vec::new();
        let (mut typed, mut file) = (None, None);
        while let Some(field) = form.next_field().await.map_err(unreadable)? {
            let key = field.name().unwrap_or_default().to_string();
            let chosen = field.file_name().is_some_and(|f| !f.is_empty());
            match key.as_str() {
                "value" => {
                    typed = Some(Zeroizing::new(
                        field.bytes().await.map_err(unreadable)?.to_vec(),
                    ))
                }
                "file" if chosen => {
                    file = Some(Zeroizing::new(
                        field.bytes().await.map_err(unreadable)?.to_vec(),
                    ))
                }
                "file" => {}
                _ => fields.push((key, field.text().await.map_err(unreadable)?)),
            }
        }
        let typed = typed.filter(|v| !v.is_empty());
        let value = match (typed, file) {
            (Some(_), Some(_)) => {
                return Err(Failure::bad("give the value typed or as a file, not both"));
            }
            (Some(v), None) | (None, Some(v)) => Some(SecretBox::new(Box::from(v.as_slice()))),
            (None, None) => None,
        };
        Ok(ValueForm { fields, value })
    }

    fn get(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Allowed domains as typed in one box: entries separated by commas or spaces.
fn parse_domains(text: &str) -> Result<Vec<AllowedDomain>, Failure> {
    let entries = text
        .split([',', ' ', '\n', '\t', '\r'])
        .filter(|e| !e.is_empty());
    Ok(AllowedDomain::parse_all(entries)?)
}

async fn add(State(app): State<Arc<App>>, form: Multipart) -> Result<Redirect, Failure> {
    let form = ValueForm::read(form).await?;
    let name = name(form.get("name"))?;
    let allow = match form.get("allow").trim() {
        "" => None,
        text => Some(parse_domains(text)?),
    };
    let value = form
        .value
        .unwrap_or_else(|| SecretBox::new(Box::from(&b""[..])));
    let empty = value.expose_secret().is_empty();
    let shown = name.to_string();
    let outcome = app
        .with_vault(move |vault| Ok(vault.set(&name, &value, allow)?))
        .await?;
    let verb = match outcome {
        SetOutcome::Created => "Created",
        SetOutcome::Updated => "Updated",
    };
    let warning = if empty {
        " (empty: references to it resolve to nothing)"
    } else {
        ""
    };
    Ok(Redirect::to(&done_url(&format!("{verb} {shown}{warning}"))))
}

async fn change_value(State(app): State<Arc<App>>, form: Multipart) -> Result<Redirect, Failure> {
    let form = ValueForm::read(form).await?;
    let name = name(form.get("name"))?;
    let value = form
        .value
        .ok_or_else(|| Failure::bad("no new value: type one or choose a file"))?;
    let shown = name.to_string();
    app.with_vault(move |vault| Ok(vault.set(&name, &value, None)?))
        .await?;
    Ok(Redirect::to(&edit_url(
        &shown,
        &format!("Changed the value of {shown}"),
    )))
}

#[derive(Deserialize)]
struct RenameForm {
    name: String,
    new: String,
}

async fn rename(
    State(app): State<Arc<App>>,
    Form(form): Form<RenameForm>,
) -> Result<Redirect, Failure> {
    let (old, new) = (name(&form.name)?, name(&form.new)?);
    let done = format!("Renamed {old} to {new}");
    let target = new.to_string();
    app.with_vault(move |vault| Ok(vault.rename(&old, &new)?))
        .await?;
    Ok(Redirect::to(&edit_url(&target, &done)))
}

#[derive(Deserialize)]
struct DomainsForm {
    name: String,
    domains: String,
}

async fn domains(
    State(app): State<Arc<App>>,
    Form(form): Form<DomainsForm>,
) -> Result<Redirect, Failure> {
    let name = name(&form.name)?;
    let list = parse_domains(&form.domains)?;
    let done = if list.is_empty() {
        format!("{name} may now be sent to any destination")
    } else {
        let shown: Vec<String> = list.iter().map(ToString::to_string).collect();
        format!("{name} may be sent to: {}", shown.join(", "))
    };
    let shown = name.to_string();
    app.with_vault(move |vault| Ok(vault.set_domains(&name, list)?))
        .await?;
    Ok(Redirect::to(&edit_url(&shown, &done)))
}

#[derive(Deserialize)]
struct EnabledForm {
    name: String,
    enabled: bool,
}

async fn enabled(
    State(app): State<Arc<App>>,
    Form(form): Form<EnabledForm>,
) -> Result<Redirect, Failure> {
    let name = name(&form.name)?;
    let done = if form.enabled {
        format!("Enabled {name}")
    } else {
        format!("Disabled {name}: references to it will not resolve")
    };
    let shown = name.to_string();
    app.with_vault(move |vault| Ok(vault.set_enabled(&name, form.enabled)?))
        .await?;
    Ok(Redirect::to(&edit_url(&shown, &done)))
}

async fn unlink(
    State(app): State<Arc<App>>,
    Form(form): Form<NameForm>,
) -> Result<Redirect, Failure> {
    let name = name(&form.name)?;
    let shown = name.to_string();
    let link = app
        .with_vault(move |vault| Ok(vault.unlink(&name)?))
        .await?;
    Ok(Redirect::to(&edit_url(
        &shown,
        &format!("Unlinked {shown} from {link}; it is now a local secret with no value"),
    )))
}

async fn delete(
    State(app): State<Arc<App>>,
    Form(form): Form<NameForm>,
) -> Result<Redirect, Failure> {
    let name = name(&form.name)?;
    let shown = name.to_string();
    app.with_vault(move |vault| Ok(vault.remove(&name)?))
        .await?;
    Ok(Redirect::to(&done_url(&format!("Removed {shown}"))))
}

#[derive(Deserialize)]
struct EditQuery {
    name: String,
    done: Option<String>,
}

async fn confirm_delete(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Query(query): Query<EditQuery>,
) -> Result<Response, Failure> {
    let name = name(&query.name)?;
    let meta = app
        .with_vault(move |vault| Ok(vault.get(&name)?.meta))
        .await?;
    let shown = escape(meta.name.as_str());
    let body = format!(
        r#"<p>Delete <strong>{shown}</strong> for good? References to it will stop resolving.</p>
<form method="post" action="/secrets/delete" class="row">{csrf}<input type="hidden" name="name" value="{shown}">
<button type="submit" class="danger">Delete {shown}</button> <a href="/secrets/edit?name={q}">Cancel</a></form>"#,
        csrf = csrf_field(&session.csrf),
        q = query_value(meta.name.as_str()),
    );
    Ok(html::page(&format!("Delete {}", meta.name), Section::Secrets, &body).into_response())
}

async fn edit(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Query(query): Query<EditQuery>,
) -> Result<Response, Failure> {
    let name = name(&query.name)?;
    let (meta, integrations) = app
        .with_vault(move |vault| {
            let integrations = vault
                .integrations()?
                .into_iter()
                .map(|i| (i.name, i.kind))
                .collect::<Vec<_>>();
            Ok((vault.get(&name)?.meta, integrations))
        })
        .await?;
    let mut body = render_edit(&meta, &session.csrf, query.done.as_deref());
    body.push_str(&link_form(&meta, &integrations, &session.csrf));
    Ok(html::page(meta.name.as_str(), Section::Secrets, &body).into_response())
}

fn render_edit(meta: &SecretMeta, csrf: &str, done: Option<&str>) -> String {
    let name = escape(meta.name.as_str());
    let csrf = csrf_field(csrf);
    let hidden = format!(r#"{csrf}<input type="hidden" name="name" value="{name}">"#);
    let domains: Vec<String> = meta
        .allowed_domains
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut out = html::notice(done);
    let _ = write!(
        out,
        r#"<dl class="facts"><dt>Value</dt><dd>{mask}</dd><dt>Allowed domains</dt><dd>{domains_shown}</dd><dt>Enabled</dt><dd>{enabled}</dd><dt>Link</dt><dd>{link}</dd><dt>Created (UTC)</dt><dd>{created}</dd><dt>Updated (UTC)</dt><dd>{updated}</dd></dl>"#,
        mask = masked(meta),
        domains_shown = escape(&domains_text(meta)),
        enabled = if meta.enabled { "yes" } else { "no" },
        link = if meta.link.is_some() {
            escape(&link_text(meta))
        } else {
            "–".into()
        },
        created = locket_core::time::format_time(meta.created),
        updated = locket_core::time::format_time(meta.updated),
    );
    if meta.link.is_none() {
        let _ = write!(
            out,
            r#"<section aria-labelledby="value-title"><h2 id="value-title">Change the value</h2>
<form method="post" action="/secrets/value" enctype="multipart/form-data" class="stack">{hidden}
<label for="new-value">New value</label><input id="new-value" name="value" type="password" autocomplete="new-password">
<label for="new-file">…or from a file (byte for byte)</label><input id="new-file" name="file" type="file">
<button type="submit">Save value</button></form></section>"#
        );
    } else {
        let _ = write!(
            out,
            r#"<section aria-labelledby="unlink-title"><h2 id="unlink-title">Link</h2>
<form method="post" action="/secrets/unlink" class="row">{hidden}<button type="submit">Unlink (keep as a local secret with no value)</button></form></section>"#
        );
    }
    let _ = write!(
        out,
        r#"<section aria-labelledby="rename-title"><h2 id="rename-title">Rename</h2>
<form method="post" action="/secrets/rename" class="stack">{hidden}
<label for="new-name">New name</label><input id="new-name" name="new" required value="{name}" autocomplete="off" spellcheck="false">
<button type="submit">Rename</button></form></section>
<section aria-labelledby="domains-title"><h2 id="domains-title">Allowed domains</h2>
<form method="post" action="/secrets/domains" class="stack">{hidden}
<label for="domains">Domains (comma or space separated; empty: any destination)</label><input id="domains" name="domains" value="{domains}" autocomplete="off" spellcheck="false">
<button type="submit">Save domains</button></form></section>
<section aria-labelledby="state-title"><h2 id="state-title">State</h2>
<form method="post" action="/secrets/enabled" class="row">{hidden}<input type="hidden" name="enabled" value="{flip}"><button type="submit">{flip_label}</button></form></section>
<section aria-labelledby="delete-title"><h2 id="delete-title">Delete</h2>
<p><a href="/secrets/delete?name={q}" class="danger" data-dialog="delete-dialog">Delete {name}…</a></p>
<dialog id="delete-dialog" aria-labelledby="delete-dialog-title"><h2 id="delete-dialog-title">Delete {name}?</h2>
<p>It is deleted for good; references to it will stop resolving.</p>
<form method="post" action="/secrets/delete" class="row">{hidden}<button type="submit" class="danger">Delete {name}</button> <button type="button" data-close>Cancel</button></form></dialog></section>"#,
        domains = escape(&domains.join(", ")),
        flip = !meta.enabled,
        flip_label = if meta.enabled {
            "Disable (references stop resolving)"
        } else {
            "Enable"
        },
        q = query_value(meta.name.as_str()),
    );
    out
}

/// The form that links a secret to an external one: the integration picked from the vault's,
/// the reference typed, and a fetch to check it before anything is written.
fn link_form(meta: &SecretMeta, integrations: &[(String, String)], csrf: &str) -> String {
    let title = r#"<section aria-labelledby="link-title"><h2 id="link-title">Link to an external secret</h2>"#;
    if integrations.is_empty() {
        return format!(
            "{title}<p>No integrations yet: add one with <code>locket integration add</code>.</p></section>"
        );
    }
    let mut options = String::new();
    for (name, kind) in integrations {
        let _ = write!(
            options,
            r#"<option value="{n}">{n} ({k})</option>"#,
            n = escape(name),
            k = escape(kind)
        );
    }
    let replace = if meta.link.is_none() && !meta.empty {
        r#"<label><input type="checkbox" name="replace" value="yes"> Discard its local value (required for a secret that has one)</label>"#
    } else {
        ""
    };
    format!(
        r#"{title}<form method="post" action="/secrets/link" class="stack">{csrf}<input type="hidden" name="name" value="{name}">
<label for="link-integration">Integration</label><select id="link-integration" name="integration">{options}</select>
<label for="link-reference">Reference</label><input id="link-reference" name="reference" required autocomplete="off" spellcheck="false" placeholder="hcv://secret/app#api-key">
<label><input type="checkbox" name="check" value="yes" checked> Fetch it once now to check the reference</label>
{replace}
<button type="submit">Link</button></form></section>"#,
        csrf = csrf_field(csrf),
        name = escape(meta.name.as_str()),
    )
}

#[derive(Deserialize)]
struct LinkForm {
    name: String,
    integration: String,
    reference: String,
    check: Option<String>,
    replace: Option<String>,
}

async fn link(
    State(app): State<Arc<App>>,
    Form(form): Form<LinkForm>,
) -> Result<Redirect, Failure> {
    use locket_providers::linking::{self, LinkError};
    let secret = name(&form.name)?;
    let reference = form.reference.trim().to_string();
    let shown = secret.to_string();
    let done = app
        .with_vault(move |vault| {
            let refused = |e: LinkError, integration: &str| match e {
                LinkError::Usage(message) => Failure::bad(message),
                LinkError::Vault(e) => e.into(),
                LinkError::Fetch(e) => Failure::bad(format!(
                    "[{integration}] {reference}: {e}; nothing was linked"
                )),
            };
            let kind = linking::kind_for(&reference).map_err(|e| refused(e, ""))?;
            let integration =
                linking::choose_integration(vault, kind.name(), Some(form.integration.trim()))
                    .map_err(|e| refused(e, ""))?;
            let mut checked = String::new();
            if form.check.is_some() {
                let fetched = linking::fetch_before_linking(vault, &integration, &reference)
                    .map_err(|e| refused(e, &integration))?;
                checked = format!(
                    " (checked: {} bytes{})",
                    fetched.value.expose_secret().len(),
                    fetched
                        .version
                        .as_deref()
                        .map(|v| format!(", version {v}"))
                        .unwrap_or_default()
                );
            }
            let link = locket_core::store::Link {
                integration: integration.clone(),
                reference: reference.clone(),
            };
            vault.link(&secret, link, None, form.replace.is_some())?;
            Ok(format!(
                "Linked {secret} to {reference} through {integration}{checked}; its value is fetched on use"
            ))
        })
        .await?;
    Ok(Redirect::to(&edit_url(&shown, &done)))
}
