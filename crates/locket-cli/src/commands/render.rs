//! `locket render [FILE]` and `locket check [FILE]`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use locket_core::reference::{Item, LineIndex};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::resolving::{
    Text, open_if_needed, problems, resolve_all, unresolved_error, warn_about_values,
};
use crate::ui::Ui;

fn read_input(file: Option<&PathBuf>) -> Result<(String, Zeroizing<Vec<u8>>)> {
    let mut bytes = Zeroizing::new(Vec::new());
    match file.filter(|f| f.as_os_str() != "-") {
        Some(path) => {
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map_err(|e| {
                    crate::failure::usage(format!("cannot read {}: {e}", path.display()))
                })?;
            Ok((path.display().to_string(), bytes))
        }
        None => {
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("reading stdin")?;
            Ok(("stdin".into(), bytes))
        }
    }
}

pub fn render(dir: &Path, file: Option<PathBuf>, ui: &Ui) -> Result<()> {
    let (label, input) = read_input(file.as_ref())?;
    let texts = [Text::new(label, &input)];
    let vault = open_if_needed(dir, &texts)?;
    let resolution = resolve_all(vault.as_ref(), &texts, None)?;
    let output =
        locket_core::resolve::substitute(&input, &texts[0].items, &resolution).map(Zeroizing::new);
    let Some(output) = output else {
        return Err(unresolved_error(
            &problems(&texts, &resolution),
            vault.as_ref(),
        ));
    };
    warn_about_values(&resolution, ui, false);
    let mut out = std::io::stdout().lock();
    out.write_all(&output)
        .and_then(|()| out.flush())
        .context("writing the rendered text")?;
    Ok(())
}

#[derive(Serialize)]
struct Checked<'a> {
    location: String,
    line: usize,
    column: usize,
    reference: String,
    name: Option<&'a str>,
    state: &'static str,
    reason: Option<String>,
}

pub fn check(dir: &Path, file: Option<PathBuf>, ui: &Ui) -> Result<()> {
    let (label, input) = read_input(file.as_ref())?;
    let texts = [Text::new(label, &input)];
    let vault = open_if_needed(dir, &texts)?;
    let resolution = resolve_all(vault.as_ref(), &texts, None)?;
    let text = &texts[0];
    let index = LineIndex::new(&input);
    let rows: Vec<Checked<'_>> = text
        .items
        .iter()
        .map(|item| {
            let span = item.span().clone();
            let pos = index.position(span.start);
            let (name, state, reason) = match item {
                Item::Reference { name, .. } => match resolution.failure(name) {
                    Some(why) => (Some(name.as_str()), "unresolved", Some(why.to_string())),
                    None if resolution.is_empty_value(name) => (Some(name.as_str()), "empty", None),
                    None => (Some(name.as_str()), "ok", None),
                },
                Item::Malformed { reason, .. } => (
                    None,
                    "unresolved",
                    Some(format!("malformed reference: {reason}")),
                ),
            };
            Checked {
                location: text.locate(span.start, &index),
                line: pos.line,
                column: pos.column,
                reference: String::from_utf8_lossy(&input[span]).into_owned(),
                name,
                state,
                reason,
            }
        })
        .collect();
    let unresolved = rows.iter().filter(|r| r.state == "unresolved").count();
    let mut out = anstream::stdout().lock();
    if ui.json {
        serde_json::to_writer_pretty(&mut out, &rows).context("writing the report")?;
        writeln!(out).context("writing the report")?;
    } else {
        for r in &rows {
            let (mark, style) = match r.state {
                "ok" => ("ok", anstyle::AnsiColor::Green.on_default()),
                "empty" => ("empty", anstyle::AnsiColor::Yellow.on_default()),
                _ => ("unresolved", anstyle::AnsiColor::Red.on_default()),
            };
            let why = r
                .reason
                .as_deref()
                .map(|w| format!("  {w}"))
                .unwrap_or_default();
            writeln!(
                out,
                "{}  {style}{mark:<10}{style:#}  {}{why}",
                r.location, r.reference
            )
            .context("writing the report")?;
        }
        if rows.is_empty() {
            ui.info(format!("{}: no vault references", text.label));
        } else {
            ui.info(format!(
                "{} references: {} ok, {} unresolved",
                rows.len(),
                rows.len() - unresolved,
                unresolved
            ));
        }
    }
    if unresolved > 0 {
        return Err(crate::failure::Failure {
            code: crate::failure::NOT_FOUND,
            message: format!("{unresolved} reference(s) unresolved"),
        }
        .into());
    }
    Ok(())
}
