//! `locket render [FILE]` and `locket check [FILE | DIR]`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use locket_core::SecretName;
use locket_core::reference::LineIndex;
use serde::Serialize;

use crate::cli::TemplateArgs;
use crate::resolving::{
    Text, failure_kind, open_if_needed, problems, resolve_all, unresolved_error, warn_about_values,
};
use crate::ui::Ui;

/// The template's bytes: memory-mapped for large regular files (no copy, no zero-filled
/// pages: render of a 10 MB file runs near `cat`'s speed), read whole otherwise. Templates hold
/// references, not values, so they are not zeroed; substituted output is never buffered whole.
enum Input {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl std::ops::Deref for Input {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Input::Mapped(m) => m,
            Input::Read(v) => v,
        }
    }
}

const MAP_AT_LEAST: u64 = 1 << 20;

fn read_input(file: Option<&PathBuf>) -> Result<(String, Input)> {
    let Some(path) = file.filter(|f| f.as_os_str() != "-") else {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("reading stdin")?;
        return Ok(("stdin".into(), Input::Read(bytes)));
    };
    let cannot =
        |e: std::io::Error| crate::failure::usage(format!("cannot read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    let input = if meta.is_file() && meta.len() >= MAP_AT_LEAST {
        // SAFETY: the map is read-only and private to this short-lived process; like ripgrep,
        // we accept that another process truncating the file meanwhile would end us (SIGBUS).
        Input::Mapped(unsafe { memmap2::MmapOptions::new().populate().map(&file) }.map_err(cannot)?)
    } else {
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        (&file).read_to_end(&mut bytes).map_err(cannot)?;
        Input::Read(bytes)
    };
    Ok((path.display().to_string(), input))
}

pub fn render(dir: &Path, args: TemplateArgs, ui: &Ui) -> Result<()> {
    let (label, input) = read_input(args.file.as_ref())?;
    let texts = [Text::new(label, &input)];
    let vault = open_if_needed(dir, &texts)?;
    let resolution = resolve_all(vault.as_ref(), &texts, None, args.fetch, ui)?;
    if !locket_core::resolve::all_resolved(&texts[0].items, &resolution) {
        return Err(unresolved_error(
            &problems(&texts, &resolution),
            &resolution,
            vault.as_ref(),
            "nothing was output",
        ));
    }
    warn_about_values(&resolution, ui, false);
    // Unbuffered: substitute_to hands the kernel batches of slices (writev), with no copy.
    let mut out = std::io::stdout().lock();
    locket_core::resolve::substitute_to(&input, &texts[0].items, &resolution, &mut out)
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

/// What `check` reads: one file or stdin, or every Postman file under a directory.
fn read_inputs(file: Option<&PathBuf>) -> Result<(String, Vec<(String, Input)>)> {
    let Some(dir) = file.filter(|f| f.is_dir()) else {
        let (label, input) = read_input(file)?;
        return Ok((label.clone(), vec![(label, input)]));
    };
    let inputs = super::tree_files::postman_files(dir)?
        .iter()
        .map(|path| read_input(Some(path)))
        .collect::<Result<_>>()?;
    Ok((dir.display().to_string(), inputs))
}

pub fn check(dir: &Path, args: crate::cli::CheckArgs, ui: &Ui) -> Result<()> {
    if args.secrets {
        return super::scan::run(dir, args, ui);
    }
    if args.paths.len() > 1 {
        return Err(crate::failure::usage(
            "check reads one file, directory or stdin; with --secrets it takes several paths",
        ));
    }
    let (label, inputs) = read_inputs(args.paths.first())?;
    let texts: Vec<Text<'_>> = inputs
        .iter()
        .map(|(label, input)| Text::new(label.clone(), input))
        .collect();
    let vault = open_if_needed(dir, &texts)?;
    let resolution = resolve_all(vault.as_ref(), &texts, None, args.fetch, ui)?;
    let mut rows: Vec<Checked<'_>> = Vec::new();
    for text in &texts {
        let index = LineIndex::new(text.bytes);
        rows.extend(text.items.iter().map(|item| {
            let span = item.span().clone();
            let pos = index.position(span.start);
            let (name, state, reason) = locket_core::resolve::check_item(item, &resolution);
            let name = name.map(SecretName::as_str);
            let state = state.as_str();
            Checked {
                location: text.locate(span.start, &index),
                line: pos.line,
                column: pos.column,
                reference: String::from_utf8_lossy(&text.bytes[span]).into_owned(),
                name,
                state,
                reason,
            }
        }));
    }
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
            ui.info(format!("{label}: no vault references"));
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
        let mut message = format!("{unresolved} reference(s) unresolved");
        if let Some(Err(unopened)) = &vault {
            message.push_str(&format!("\n{}", unopened.message));
        }
        let kind = failure_kind(&resolution, vault.as_ref());
        return Err(crate::failure::error(kind, message));
    }
    Ok(())
}
