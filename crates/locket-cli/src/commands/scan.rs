//! `locket check --secrets [--fix] PATH…`: walks the paths, prints what `locket_postman::scan`
//! finds (never a value), and with `--fix` stores each value in the vault, then rewrites each
//! file atomically with `{{vault:NAME}}` in its place. The rules are all in the scan module.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use locket_core::reference::LineIndex;
use locket_core::{AllowedDomain, ErrorKind, SecretName};
use locket_postman::scan::{self, Finding, Format, Options, ignore::IgnoreList};
use secrecy::{ExposeSecret, SecretBox};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::cli::CheckArgs;
use crate::failure;
use crate::keysource::unlock;
use crate::prompt;
use crate::ui::Ui;

/// Directories a walk never enters (dependencies, build output, VCS data).
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target", ".venv", "vendor"];

struct Scanned {
    path: PathBuf,
    format: Format,
    /// Bytes of a UTF-8 byte-order mark before `text`, kept when the file is rewritten.
    bom: usize,
    shown: String,
    text: String,
    findings: Vec<Finding>,
    /// The vault name each finding was moved to, by index in `findings`.
    moved: Vec<Option<SecretName>>,
}

pub fn run(dir: &Path, args: CheckArgs, ui: &Ui) -> Result<()> {
    if args.paths.is_empty() {
        return Err(failure::usage(
            "check --secrets needs the files or directories to scan",
        ));
    }
    if args.fix && !args.yes && !prompt::can_prompt() {
        return Err(failure::usage(
            "--fix moves secrets into the vault and rewrites files: pass --yes to do it without a terminal to confirm on",
        ));
    }
    let ignored = ignore_list(args.ignore_file.as_deref())?;
    let mut files = Vec::new();
    for path in &args.paths {
        collect(path, true, &mut files)?;
    }
    let mut scanned = Vec::new();
    let mut malformed = 0;
    for (path, format, walked) in files {
        let shown = shown(&path);
        let options = Options {
            threshold: args.entropy.0,
            min_length: args.min_length,
            postman_only: walked,
        };
        let bytes = std::fs::read(&path)
            .map_err(|e| failure::usage(format!("cannot read {shown}: {e}")))?;
        // As newman reads files: a UTF-8 byte-order mark is kept aside (and written back), UTF-16
        // with a mark is decoded, to be scanned but not rewritten.
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
        let text = locket_postman::model::utf8_text(&bytes)
            .ok()
            .and_then(|t| String::from_utf8(t.into_owned()).ok());
        let Some(text) = text else {
            ui.warn(format!(
                "{shown}: not UTF-8 text (nor UTF-16 with a byte-order mark); not scanned"
            ));
            malformed += 1;
            continue;
        };
        match scan::scan(&shown, &text, format, &scan::origin(&path), &options) {
            Ok(mut findings) => {
                findings.retain(|f| !ignored.contains(&f.id));
                if utf16 {
                    for f in &mut findings {
                        f.edit = Err("the file is UTF-16: move it by hand");
                    }
                }
                let moved = vec![None; findings.len()];
                scanned.push(Scanned {
                    path,
                    format,
                    bom,
                    shown,
                    text,
                    findings,
                    moved,
                });
            }
            Err(e) => {
                let mut at = LineIndex::new(text.as_bytes()).position(e.offset);
                if at.line == 1 {
                    at.column += bom;
                }
                ui.warn(format!(
                    "{shown}:{}:{}: cannot be read: expected {}; not scanned",
                    at.line, at.column, e.expected
                ));
                malformed += 1;
            }
        }
    }
    if args.fix {
        let options = Options {
            threshold: args.entropy.0,
            min_length: args.min_length,
            postman_only: false,
        };
        fix(dir, &mut scanned, &options, args.yes, ui)?;
    }
    report(&scanned, ui)?;
    let left: usize = scanned
        .iter()
        .map(|s| s.moved.iter().filter(|m| m.is_none()).count())
        .sum();
    let files_scanned = scanned.len();
    if malformed > 0 {
        return Err(failure::usage(format!(
            "{malformed} file(s) could not be read as their format (see above)"
        )));
    }
    if left > 0 {
        let hint = if args.fix {
            "move the rest by hand"
        } else {
            "move them into the vault with `locket check --secrets --fix`, or mark false positives (docs/secrets-scanning.md)"
        };
        return Err(failure::error(
            ErrorKind::Unresolved,
            format!("{left} literal secret(s) found: {hint}"),
        ));
    }
    ui.info(format!("no literal secrets in {files_scanned} file(s)"));
    Ok(())
}

fn ignore_list(given: Option<&Path>) -> Result<IgnoreList> {
    let (path, required) = match given {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from(".locketignore"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(IgnoreList::parse(&text)),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
            Ok(IgnoreList::parse(""))
        }
        Err(e) => Err(failure::usage(format!(
            "cannot read the ignore file {}: {e}",
            path.display()
        ))),
    }
}

/// Files to scan: a file by its name's format; a directory walked, in name order.
fn collect(path: &Path, given: bool, out: &mut Vec<(PathBuf, Format, bool)>) -> Result<()> {
    let meta = std::fs::metadata(path)
        .map_err(|e| failure::usage(format!("cannot read {}: {e}", path.display())))?;
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .and_then(|d| d.map(|e| e.map(|e| e.path())).collect())
            .map_err(|e| failure::usage(format!("cannot read {}: {e}", path.display())))?;
        entries.sort();
        for entry in entries {
            let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let hidden_dir = name.starts_with('.') && name != ".resources" && entry.is_dir();
            if hidden_dir || SKIPPED_DIRS.contains(&name) || entry.is_symlink() {
                continue;
            }
            collect(&entry, false, out)?;
        }
    } else if given {
        let format = Format::of(path).ok_or_else(|| {
            failure::usage(format!(
                "{}: not a collection, environment or .env file by its name (*.json, *.yaml, *.yml, .env, *.env)",
                path.display()
            ))
        })?;
        out.push((path.to_path_buf(), format, false));
    } else if let Some(format) = Format::walked(path) {
        out.push((path.to_path_buf(), format, true));
    }
    Ok(())
}

fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

#[derive(Serialize)]
struct Row<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    kind: &'static str,
    preview: String,
    place: &'a str,
    id: &'a str,
    moved_to: Option<&'a str>,
    not_movable: Option<&'static str>,
}

fn report(scanned: &[Scanned], ui: &Ui) -> Result<()> {
    let mut rows = Vec::new();
    for s in scanned {
        let index = LineIndex::new(s.text.as_bytes());
        for (f, moved) in s.findings.iter().zip(&s.moved) {
            let mut at = index.position(f.offset);
            if at.line == 1 {
                at.column += s.bom;
            }
            rows.push(Row {
                file: &s.shown,
                line: at.line,
                column: at.column,
                kind: f.kind.as_str(),
                preview: scan::preview(&f.value),
                place: &f.place,
                id: &f.id,
                moved_to: moved.as_ref().map(SecretName::as_str),
                not_movable: f.edit.as_ref().err().copied(),
            });
        }
    }
    let mut out = anstream::stdout().lock();
    if ui.json {
        serde_json::to_writer_pretty(&mut out, &rows).context("writing the report")?;
        writeln!(out).context("writing the report")?;
        return Ok(());
    }
    for r in &rows {
        let what = match (r.moved_to, r.not_movable) {
            (Some(name), _) => format!("  moved to {{{{vault:{name}}}}}"),
            (None, Some(why)) => format!("  not moved: {why}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{}:{}:{}  {}  {}  {}  id:{}{what}",
            r.file, r.line, r.column, r.kind, r.preview, r.place, r.id
        )
        .context("writing the report")?;
    }
    if !rows.is_empty() {
        let files = scanned.iter().filter(|s| !s.findings.is_empty()).count();
        ui.info(format!(
            "{} literal secret(s) in {files} of {} file(s)",
            rows.len(),
            scanned.len()
        ));
    }
    Ok(())
}

/// A value to store, the name it gets and where it may be sent.
struct Planned {
    value: Zeroizing<String>,
    name: SecretName,
    hosts: Vec<AllowedDomain>,
    /// Used somewhere without a known host (an environment, a `.env` file): any destination.
    anywhere: bool,
    /// Already in the vault with this value (a second run, or a value found twice).
    stored: bool,
}

fn fix(dir: &Path, scanned: &mut [Scanned], options: &Options, yes: bool, ui: &Ui) -> Result<()> {
    let movable: usize = scanned
        .iter()
        .map(|s| s.findings.iter().filter(|f| f.edit.is_ok()).count())
        .sum();
    if movable == 0 {
        return Ok(());
    }
    if !yes {
        let files = scanned
            .iter()
            .filter(|s| s.findings.iter().any(|f| f.edit.is_ok()))
            .count();
        let question = format!(
            "Move {movable} secret(s) into the vault at {} and rewrite {files} file(s)?",
            dir.display()
        );
        if !prompt::confirm(&question, "yes")? {
            return Err(failure::usage("not confirmed; nothing was changed"));
        }
    }
    let mut unlocked = unlock(dir)?;
    let vault = &mut unlocked.vault;
    let mut planned: Vec<Planned> = Vec::new();
    for s in scanned.iter_mut() {
        for (i, f) in s.findings.iter().enumerate() {
            if f.edit.is_err() {
                continue;
            }
            let at = match planned
                .iter()
                .position(|p| p.value.as_str() == f.value.as_str())
            {
                Some(at) => at,
                None => {
                    planned.push(plan(vault, &planned, f)?);
                    planned.len() - 1
                }
            };
            let p = &mut planned[at];
            match &f.host {
                Some(h) if !p.hosts.contains(h) => p.hosts.push(h.clone()),
                Some(_) => {}
                None => p.anywhere = true,
            }
            s.moved[i] = Some(p.name.clone());
        }
    }
    for s in scanned.iter_mut() {
        if s.moved.iter().all(Option::is_none) {
            continue;
        }
        // Every value of this file is in the vault before the file changes.
        for p in planned.iter_mut().filter(|p| !p.stored) {
            if !s.moved.iter().any(|m| m.as_ref() == Some(&p.name)) {
                continue;
            }
            let allow = (!p.anywhere && !p.hosts.is_empty()).then(|| p.hosts.clone());
            let value = SecretBox::new(Box::from(p.value.as_bytes()));
            vault.set(&p.name, &value, allow).with_context(|| {
                format!(
                    "storing {} in the vault; {} was not changed",
                    p.name, s.shown
                )
            })?;
            p.stored = true;
        }
        let name_of = |value: &str| {
            planned
                .iter()
                .find(|p| p.stored && p.value.as_str() == value)
                .map(|p| p.name.to_string())
        };
        let fixed = scan::fix(&s.shown, &s.text, s.format, options, name_of).map_err(|e| {
            failure::failed(format!(
                "{}: the rewritten file would not read as {:?} (expected {} at byte {}); the file was not changed",
                s.shown, s.format, e.expected, e.offset
            ))
        })?;
        let mut bytes = b"\xEF\xBB\xBF"[..s.bom].to_vec();
        bytes.extend_from_slice(fixed.as_bytes());
        replace_file(&s.path, &bytes).with_context(|| {
            format!("{} was not changed (its secrets are in the vault)", s.shown)
        })?;
    }
    let stored = planned.len();
    ui.success(format!(
        "Moved {movable} secret(s) into {stored} vault secret(s)"
    ));
    Ok(())
}

/// The name for a new value: the place's name, else with `-2`, `-3`… when that name holds
/// another value (in the vault or earlier in this run); an equal value already stored is reused.
fn plan(vault: &locket_core::Vault, planned: &[Planned], f: &Finding) -> Result<Planned> {
    for n in 1.. {
        let text = if n == 1 {
            f.name.clone()
        } else {
            format!("{}-{n}", f.name)
        };
        let name = SecretName::new(&text)?;
        if planned.iter().any(|p| p.name == name) {
            continue;
        }
        let stored = match vault.get(&name) {
            Ok(secret) => {
                if secret.meta.link.is_none() && secret.value.expose_secret() == f.value.as_bytes()
                {
                    true
                } else {
                    continue;
                }
            }
            Err(locket_core::Error::NotFound { .. }) => false,
            Err(e) => return Err(e.into()),
        };
        return Ok(Planned {
            value: f.value.clone(),
            name,
            hosts: Vec::new(),
            anywhere: false,
            stored,
        });
    }
    unreachable!("the loop returns")
}

/// Replaces `path` with `bytes` atomically: a new file beside it (0600 while written), synced,
/// given the original's mode, renamed over it.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mode = std::fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .permissions()
        .mode()
        & 0o7777;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp = dir.join(format!(".{name}.locket-{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(mode))?;
        std::fs::rename(&temp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(failure::failed(format!(
            "cannot rewrite {}: {e}",
            path.display()
        )));
    }
    Ok(())
}
