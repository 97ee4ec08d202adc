//! HTML building: one escaping function every interpolated text goes through, and the page
//! frame (navigation, the embedded stylesheet and script; nothing from outside).

use std::fmt::Write;

use axum::response::Html;

/// Text made safe for an HTML element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Text made safe for a URL query value (and then for an attribute: the output is ASCII
/// letters, digits, `-._~` and `%XX`).
pub fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The hidden field every form carries.
pub fn csrf_field(csrf: &str) -> String {
    format!(
        r#"<input type="hidden" name="csrf" value="{}">"#,
        escape(csrf)
    )
}

/// The sections in the navigation bar.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Secrets,
    Integrations,
    Cache,
    Check,
    Doctor,
    Export,
    Import,
    Unlock,
    None,
}

/// The navigation bar's entries.
const NAV: &[(Section, &str, &str)] = &[
    (Section::Secrets, "/secrets", "Secrets"),
    (Section::Integrations, "/integrations", "Integrations"),
    (Section::Cache, "/cache", "Cache"),
    (Section::Check, "/check", "Check"),
    (Section::Doctor, "/doctor", "Doctor"),
    (Section::Export, "/export", "Export"),
    (Section::Import, "/import", "Import"),
];

/// A whole page: `body` is already-escaped HTML.
pub fn page(title: &str, section: Section, body: &str) -> Html<String> {
    let mut nav = String::new();
    if section != Section::Unlock {
        for &(s, href, label) in NAV {
            let current = if s == section {
                r#" aria-current="page""#
            } else {
                ""
            };
            let _ = write!(nav, r#"<a href="{href}"{current}>{label}</a>"#);
        }
    }
    Html(format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · locket</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header><span class="brand">locket</span><nav aria-label="Sections">{nav}</nav></header>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"#,
        title = escape(title)
    ))
}

pub fn error_page(message: &str) -> Html<String> {
    page(
        "Something went wrong",
        Section::None,
        &format!(
            r#"<p class="error" role="alert">{}</p><p><a href="/secrets">Back to the secrets</a></p>"#,
            escape(message)
        ),
    )
}

/// A notice after an action (`?done=`), shown above a page's content.
pub fn notice(done: Option<&str>) -> String {
    match done {
        Some(text) if !text.is_empty() => {
            format!(r#"<p class="notice" role="status">{}</p>"#, escape(text))
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(query_value("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}
