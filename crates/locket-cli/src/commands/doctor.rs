//! `locket doctor`: permissions, format, every key source, and the integrity of every record.
//! It reports and never repairs: a fix is the user's call.

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context, Result};
use locket_core::store::{FORMAT_VERSION, VAULT_FILE, vault_file};
use locket_core::{ErrorKind, LockedVault, VaultKey};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::failure;
use crate::keysource::{self, unlock};
use crate::ui::Ui;
use crate::{keyring, prompt};

#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
    Info,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Info => "info",
        }
    }
}

#[derive(Serialize)]
pub struct Check {
    pub check: &'static str,
    pub status: Status,
    pub detail: String,
}

pub fn run(dir: &Path, ui: &Ui) -> Result<()> {
    let (checks, locked_out) = report(dir, None)?;
    print(&checks, ui)?;
    let failures = checks.iter().filter(|c| c.status == Status::Fail).count();
    if failures > 0 {
        let kind = if locked_out {
            ErrorKind::Locked
        } else {
            ErrorKind::Failed
        };
        return Err(failure::error(
            kind,
            format!(
                "doctor found {failures} problem(s) with the vault at {}",
                dir.display()
            ),
        ));
    }
    Ok(())
}

/// Every check, and whether no key source opens the vault. With `open` (the web UI's vault,
/// which may have been unlocked in the page), its records and integrations are checked
/// through it; otherwise through the key sources.
pub fn report(dir: &Path, open: Option<&locket_core::Vault>) -> Result<(Vec<Check>, bool)> {
    let mut checks = Vec::new();
    let mut add = |check, status, detail: String| {
        checks.push(Check {
            check,
            status,
            detail,
        })
    };
    let path = vault_file(dir);
    if !path.exists() {
        return Err(locket_core::Error::NoVault {
            dir: dir.to_path_buf(),
        }
        .into());
    }
    permissions(dir, 0o700, "directory", &mut add);
    for suffix in ["", "-wal", "-shm"] {
        let file = dir.join(format!("{VAULT_FILE}{suffix}"));
        if file.exists() {
            permissions(&file, 0o600, "file", &mut add);
        }
    }

    let locked = LockedVault::open(dir);
    let mut unlockable = false;
    match &locked {
        Ok(v) => {
            add(
                "format",
                Status::Ok,
                format!("vault format {FORMAT_VERSION}, id {}", v.id_hex()),
            );
            for (check, status, detail) in key_sources(dir, v) {
                // A warning here means "opens, but": the vault can still be unlocked.
                unlockable |= matches!(status, Status::Ok | Status::Warn);
                add(check, status, detail);
            }
            if v.has_passphrase() {
                unlockable = unlockable || prompt::can_prompt();
                add(
                    "passphrase",
                    Status::Info,
                    "set: the terminal prompt accepts it".into(),
                );
            }
        }
        Err(e) => add("format", Status::Fail, e.to_string()),
    }

    // Records are checked only when the file opened and some key source opens it; a damaged
    // file is a failure of the file (exit 1), not of the key (exit 3).
    let opened = locked.is_ok();
    drop(locked);
    let locked_out = opened && !unlockable && open.is_none();
    if !opened {
        add(
            "records",
            Status::Fail,
            "not checked: the vault file does not open".into(),
        );
    } else if locked_out {
        add(
            "records",
            Status::Fail,
            "not checked: no key source opens this vault".into(),
        );
    } else {
        let own = match open {
            Some(_) => None,
            None => match unlock(dir) {
                Ok(unlocked) => Some(unlocked),
                Err(e) => {
                    add("records", Status::Fail, format!("{e:#}"));
                    return Ok((checks, locked_out));
                }
            },
        };
        if let Some(vault) = own.as_ref().map(|u| &u.vault).or(open) {
            let report = vault.verify()?;
            if report.problems.is_empty() {
                add(
                    "records",
                    Status::Ok,
                    format!(
                        "{} records decrypt and the secrets match the vault manifest",
                        report.records
                    ),
                );
            }
            for problem in report.problems {
                add("records", Status::Fail, problem);
            }
            for (status, detail) in integrations(vault)? {
                add("integration", status, detail);
            }
        }
    }
    Ok((checks, locked_out))
}

/// Signs in to every integration at once (each bounded by its own timeout). A failure is a
/// warning: the vault itself is sound, but secrets linked through it will not resolve.
fn integrations(vault: &locket_core::Vault) -> Result<Vec<(Status, String)>> {
    use locket_core::provider::Connector;
    let all = vault.integrations()?;
    let results: Vec<(Status, String, Option<Vec<u8>>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = all
            .iter()
            .map(|i| {
                scope.spawn(move || {
                    let signed_in = locket_providers::Registry
                        .connect(&i.kind, i.config.expose_secret())
                        .and_then(|p| Ok((p.whoami()?, p.refreshed_config())));
                    match signed_in {
                        Ok((who, refreshed)) => (
                            Status::Ok,
                            format!("{} ({}): {who}", i.name, i.kind),
                            refreshed,
                        ),
                        Err(e) => (
                            Status::Warn,
                            format!(
                                "{} ({}): {e}; `locket integration reauth {}` after fixing it",
                                i.name, i.kind, i.name
                            ),
                            None,
                        ),
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("an integration check panicked"))
            .collect()
    });
    // Keep a renewed token / rotated refresh token for the next run (best effort).
    let results = results
        .into_iter()
        .zip(&all)
        .map(|((status, detail, refreshed), i)| {
            if let Some(config) = refreshed {
                let _ = vault.refresh_integration(&i.name, &config);
            }
            (status, detail)
        })
        .collect();
    Ok(results)
}

fn permissions(
    path: &Path,
    want: u32,
    what: &str,
    add: &mut impl FnMut(&'static str, Status, String),
) {
    match std::fs::metadata(path) {
        Ok(meta) => {
            let mode = meta.permissions().mode() & 0o777;
            // SAFETY: getuid has no preconditions.
            let uid = unsafe { libc::getuid() };
            if meta.uid() != uid {
                add(
                    "permissions",
                    Status::Fail,
                    format!(
                        "{} is owned by uid {}, not you (uid {uid})",
                        path.display(),
                        meta.uid()
                    ),
                );
            } else if mode & !want != 0 {
                add(
                    "permissions",
                    Status::Fail,
                    format!(
                        "{} is mode {mode:o}; a vault {what} should be {want:o}: run `chmod {want:o} {}`",
                        path.display(),
                        path.display()
                    ),
                );
            } else {
                add(
                    "permissions",
                    Status::Ok,
                    format!("{} is mode {mode:o}", path.display()),
                );
            }
        }
        Err(e) => add(
            "permissions",
            Status::Fail,
            format!("cannot inspect {}: {e}", path.display()),
        ),
    }
}

fn key_sources(dir: &Path, vault: &LockedVault) -> Vec<(&'static str, Status, String)> {
    let opens = |text: &SecretString| -> (Status, String) {
        match VaultKey::parse(text.expose_secret()) {
            Err(e) => (Status::Fail, e.to_string()),
            Ok(key) => match LockedVault::open(dir).and_then(|v| v.unlock(&key)) {
                Ok(_) => (Status::Ok, "opens this vault".into()),
                Err(e) => (Status::Fail, e.to_string()),
            },
        }
    };
    let mut out = Vec::new();
    match keysource::env_key() {
        Ok(Some(text)) => {
            let (s, d) = opens(&text);
            out.push(("LOCKET_VAULT_KEY", s, d));
        }
        Ok(None) => out.push(("LOCKET_VAULT_KEY", Status::Info, "not set".into())),
        Err(e) => out.push(("LOCKET_VAULT_KEY", Status::Fail, e.to_string())),
    }
    match keysource::file_key() {
        Ok(Some((path, text))) => {
            let (mut s, mut d) = opens(&text);
            let mode = std::fs::metadata(&path)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            if mode & 0o077 != 0 {
                if s == Status::Ok {
                    s = Status::Warn;
                }
                d = format!(
                    "{d}; but {} is mode {mode:o}, readable by others: run `chmod 600 {}`",
                    path.display(),
                    path.display()
                );
            }
            out.push((
                "LOCKET_VAULT_KEY_FILE",
                s,
                format!("{}: {d}", path.display()),
            ));
        }
        Ok(None) => out.push(("LOCKET_VAULT_KEY_FILE", Status::Info, "not set".into())),
        Err(e) => out.push(("LOCKET_VAULT_KEY_FILE", Status::Fail, e.to_string())),
    }
    match keyring::get(&vault.id_hex()) {
        Ok(Some(text)) => {
            let (s, d) = opens(&text);
            out.push(("OS keyring", s, d));
        }
        Ok(None) => out.push((
            "OS keyring",
            Status::Info,
            "reachable; no entry for this vault".into(),
        )),
        Err(e) => out.push(("OS keyring", Status::Info, e.to_string())),
    }
    let tty = if prompt::can_prompt() {
        "available"
    } else {
        "not available (no terminal, or LOCKET_NO_PROMPT)"
    };
    out.push(("terminal prompt", Status::Info, tty.into()));
    out
}

fn print(checks: &[Check], ui: &Ui) -> Result<()> {
    let mut out = anstream::stdout().lock();
    if ui.json {
        serde_json::to_writer_pretty(&mut out, checks).context("writing the report")?;
        return writeln!(out).context("writing the report");
    }
    for c in checks {
        let (mark, style) = match c.status {
            Status::Ok => ("✓", anstyle::AnsiColor::Green.on_default()),
            Status::Warn => ("!", anstyle::AnsiColor::Yellow.on_default()),
            Status::Fail => ("✗", anstyle::AnsiColor::Red.on_default()),
            Status::Info => ("·", anstyle::Style::new()),
        };
        writeln!(out, "{style}{mark}{style:#} {:<22} {}", c.check, c.detail)
            .context("writing the report")?;
    }
    Ok(())
}
