//! What every command that uses secrets shares: unlock the vault only when there is
//! something to resolve, resolve all references at once, and report every unresolved one
//! with where it is and why (exit 4; 3 when the vault is locked, 5 when an external vault
//! failed).

use std::path::Path;

use anyhow::Result;
use locket_core::reference::{Item, LineIndex};
use locket_core::resolve::{self, Destination, Fetching, Resolution, Unresolved};
use locket_core::{ErrorKind, Vault};

use crate::cli::FetchArgs;
use crate::failure;
use crate::keysource;
use crate::ui::Ui;

/// One text to resolve, with a label for messages ("stdin", a file name, "header 2").
pub struct Text<'a> {
    pub label: String,
    pub bytes: &'a [u8],
    pub items: Vec<Item>,
    /// Whether messages add `:line:column` to the label (files and templates do; an
    /// environment variable's label already says where it is).
    positions: bool,
}

impl<'a> Text<'a> {
    pub fn new(label: impl Into<String>, bytes: &'a [u8]) -> Self {
        Text {
            label: label.into(),
            bytes,
            items: locket_core::reference::parse(bytes),
            positions: true,
        }
    }

    /// A text located by its label alone.
    pub fn labelled(label: impl Into<String>, bytes: &'a [u8]) -> Self {
        Text {
            positions: false,
            ..Text::new(label, bytes)
        }
    }

    /// `label:line:column` of a byte offset, or just the label.
    pub fn locate(&self, offset: usize, index: &LineIndex) -> String {
        if !self.positions {
            return self.label.clone();
        }
        let p = index.position(offset);
        format!("{}:{}:{}", self.label, p.line, p.column)
    }
}

/// Why the vault could not be unlocked: its references are listed as unresolved, then this
/// message, and the command exits 3, as every command does for a locked vault.
pub struct Unopened {
    pub message: String,
}

/// The vault, unlocked, if any text has a reference; `Err` when it is locked, which is best
/// told with the references it leaves unresolved. Any other failure (no vault, a damaged one)
/// is the command's error.
pub fn open_if_needed(dir: &Path, texts: &[Text<'_>]) -> Result<Option<Result<Vault, Unopened>>> {
    if texts.iter().all(|t| t.items.is_empty()) {
        return Ok(None);
    }
    match keysource::unlock(dir) {
        Ok(unlocked) => Ok(Some(Ok(unlocked.vault))),
        Err(e) if failure::kind(&e) == ErrorKind::Locked => Ok(Some(Err(Unopened {
            message: format!("{e:#}"),
        }))),
        Err(e) => Err(e),
    }
}

/// Resolves every reference in `texts` at once: each distinct name looked up once, each
/// distinct external secret fetched once (cache first, in parallel). Warns about stale values
/// and a cache that could not be written.
pub fn resolve_all(
    vault: Option<&Result<Vault, Unopened>>,
    texts: &[Text<'_>],
    destination: Option<&Destination>,
    fetch: FetchArgs,
    ui: &Ui,
) -> Result<Resolution> {
    let items = texts.iter().flat_map(|t| t.items.iter());
    let (source, reason) = match vault {
        Some(Ok(v)) => (Some(v as &dyn resolve::SecretSource), String::new()),
        Some(Err(_)) => (None, "see below".to_string()),
        None => (None, String::new()),
    };
    let fetching = fetching(fetch);
    let resolution = resolve::resolve(source, &reason, items, destination, Some(&fetching))?;
    warn_about_fetching(&resolution, ui);
    Ok(resolution)
}

/// The resolver's fetching options for these flags, with every compiled-in provider.
pub fn fetching(fetch: FetchArgs) -> Fetching<'static> {
    locket_providers::linking::fetching(fetch.refresh, fetch.allow_stale)
}

/// Warns about linked secrets served stale and about a cache that could not be written.
pub fn warn_about_fetching(resolution: &Resolution, ui: &Ui) {
    for (name, fetched_at) in resolution.stale() {
        ui.warn(format!(
            "{name}: its external vault could not be reached; using the cached value fetched \
             {} ago (--allow-stale)",
            resolve::age(fetched_at)
        ));
    }
    if let Some(why) = &resolution.cache_warning {
        ui.warn(format!(
            "fetched values could not be cached ({why}); the next run fetches them again"
        ));
    }
}

/// One unresolved or malformed reference, located.
#[derive(serde::Serialize)]
pub struct Problem {
    pub location: String,
    pub reference: String,
    pub reason: String,
}

/// Every problem in `texts`, in order.
pub fn problems(texts: &[Text<'_>], resolution: &Resolution) -> Vec<Problem> {
    problems_where(texts, resolution, |_| true)
}

/// Every problem in `texts` whose failure `counts`, in order (malformed references always do).
pub fn problems_where(
    texts: &[Text<'_>],
    resolution: &Resolution,
    counts: impl Fn(&Unresolved) -> bool,
) -> Vec<Problem> {
    let mut out = Vec::new();
    for text in texts {
        let index = LineIndex::new(text.bytes);
        for item in &text.items {
            let reason = match item {
                Item::Reference { name, .. } => resolution
                    .failure(name)
                    .filter(|f| counts(f))
                    .map(ToString::to_string),
                Item::Malformed { reason, .. } => {
                    Some(Unresolved::Malformed(reason.clone()).to_string())
                }
            };
            if let Some(reason) = reason {
                let span = item.span().clone();
                out.push(Problem {
                    location: text.locate(span.start, &index),
                    reference: String::from_utf8_lossy(&text.bytes[span]).into_owned(),
                    reason,
                });
            }
        }
    }
    out
}

/// The kind of a failed resolution: `Locked` when the vault could not be unlocked, else the
/// gravest of the references' (`Unresolved` when only malformed references failed).
pub fn failure_kind(resolution: &Resolution, vault: Option<&Result<Vault, Unopened>>) -> ErrorKind {
    match vault {
        Some(Err(_)) => ErrorKind::Locked,
        _ => resolution.failure_kind().unwrap_or(ErrorKind::Unresolved),
    }
}

/// The error listing every problem, then why the vault is locked, if it is.
/// `consequence` says what did not happen ("nothing was output", "nothing was sent").
pub fn unresolved_error(
    problems: &[Problem],
    resolution: &Resolution,
    vault: Option<&Result<Vault, Unopened>>,
    consequence: &str,
) -> anyhow::Error {
    let mut message = match problems.len() {
        1 => format!("1 reference could not be resolved; {consequence}:"),
        n => format!("{n} references could not be resolved; {consequence}:"),
    };
    for p in problems {
        message.push_str(&format!(
            "\n  {}  {}  {}",
            p.location, p.reference, p.reason
        ));
    }
    if let Some(Err(unopened)) = vault {
        message.push_str(&format!("\n{}", unopened.message));
    }
    failure::error(failure_kind(resolution, vault), message)
}

/// Warns about values that resolve empty and values too short to be masked.
pub fn warn_about_values(resolution: &Resolution, ui: &Ui, masking: bool) {
    for name in resolution.empty_names() {
        ui.warn(format!(
            "{name} is empty: its references resolve to nothing"
        ));
    }
    if masking {
        let (_, short) = resolution.redaction_set();
        for name in short {
            ui.warn(format!(
                "{name} is shorter than 4 characters: it is not masked in output"
            ));
        }
    }
}
