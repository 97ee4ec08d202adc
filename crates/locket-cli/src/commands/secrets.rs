//! Managing secrets: set, get, list, rm, rename, enable/disable, allow.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use locket_core::{AllowedDomain, SetOutcome};
use secrecy::{ExposeSecret, SecretBox};
use serde::Serialize;
use zeroize::Zeroizing;

use super::name;
use crate::cli::{AllowArgs, GetArgs, SetArgs};
use crate::failure;
use crate::keysource::unlock;
use crate::prompt;
use crate::ui::{self, Ui};

pub fn set(dir: &Path, args: SetArgs, ui: &Ui) -> Result<()> {
    let name = name(&args.name)?;
    let allow = if args.allow.is_empty() {
        None
    } else {
        Some(domains(&args.allow)?)
    };
    let mut unlocked = unlock(dir)?;
    let value = read_value(&args, &name)?;
    if value.expose_secret().is_empty() {
        ui.warn(format!(
            "{name} is empty: references to it will resolve to nothing"
        ));
    }
    let outcome = unlocked.vault.set(&name, &value, allow)?;
    ui.success(match outcome {
        SetOutcome::Created => format!("Created {name}"),
        SetOutcome::Updated => format!("Updated {name}"),
    });
    Ok(())
}

/// The value: --from-file byte for byte; piped stdin minus one trailing newline; or a prompt.
fn read_value(args: &SetArgs, name: &locket_core::SecretName) -> Result<SecretBox<[u8]>> {
    let mut buf = Zeroizing::new(Vec::new());
    if let Some(path) = &args.from_file {
        let mut file =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        file.read_to_end(&mut buf)
            .with_context(|| format!("reading {}", path.display()))?;
    } else if !std::io::stdin().is_terminal() {
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .context("reading the value from stdin")?;
        if buf.ends_with(b"\r\n") {
            let len = buf.len() - 2;
            buf.truncate(len);
        } else if buf.ends_with(b"\n") {
            let len = buf.len() - 1;
            buf.truncate(len);
        }
    } else if prompt::can_prompt() {
        let text = prompt::hidden(&format!("Value for {name}: "))?;
        buf.extend_from_slice(text.expose_secret().as_bytes());
    } else {
        return Err(failure::usage(
            "no value given: pipe it on stdin, use --from-file, or run on a terminal",
        ));
    }
    Ok(SecretBox::new(Box::from(buf.as_slice())))
}

pub fn get(dir: &Path, args: GetArgs, ui: &Ui) -> Result<()> {
    let name = name(&args.name)?;
    let unlocked = unlock(dir)?;
    let secret = unlocked.vault.get(&name)?;
    if !secret.meta.enabled {
        ui.warn(format!(
            "{name} is disabled: references to it do not resolve (`locket enable {name}`)"
        ));
    }
    let mut out = std::io::stdout().lock();
    if secret.meta.link.is_some() {
        let value = fetch_linked(&unlocked.vault, &name, args.fetch, ui)?;
        out.write_all(value.expose_secret())
            .context("writing the value")?;
    } else {
        out.write_all(secret.value.expose_secret())
            .context("writing the value")?;
    }
    if !args.no_newline {
        out.write_all(b"\n").context("writing the value")?;
    }
    out.flush().context("writing the value")?;
    Ok(())
}

/// A linked secret's value, from the cache or its external vault, through the one resolver
/// (so `get` behaves like every other command: same cache, same errors, same exit codes).
fn fetch_linked(
    vault: &locket_core::Vault,
    name: &locket_core::SecretName,
    fetch: crate::cli::FetchArgs,
    ui: &Ui,
) -> Result<SecretBox<[u8]>> {
    use locket_providers::linking::{self, ValueError};
    let fetching = linking::fetching(fetch.refresh, fetch.allow_stale);
    match linking::linked_value(vault, name, &fetching) {
        Ok((value, resolution)) => {
            crate::resolving::warn_about_fetching(&resolution, ui);
            Ok(value)
        }
        Err(ValueError::Vault(e)) => Err(e.into()),
        Err(ValueError::Unresolved { kind, message }) => Err(failure::error(kind, message)),
    }
}

#[derive(Serialize)]
struct ListedSecret<'a> {
    name: &'a str,
    empty: bool,
    allowed_domains: Vec<String>,
    enabled: bool,
    link: Option<Linked<'a>>,
    created: String,
    updated: String,
}

#[derive(Serialize)]
struct Linked<'a> {
    integration: &'a str,
    reference: &'a str,
}

pub fn list(dir: &Path, ui: &Ui) -> Result<()> {
    let unlocked = unlock(dir)?;
    let secrets = unlocked.vault.list()?;
    if ui.json {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let listed: Vec<ListedSecret<'_>> = secrets
            .iter()
            .map(|m| ListedSecret {
                name: m.name.as_str(),
                empty: m.empty && m.link.is_none(),
                allowed_domains: m.allowed_domains.iter().map(ToString::to_string).collect(),
                enabled: m.enabled,
                link: m.link.as_ref().map(|l| Linked {
                    integration: &l.integration,
                    reference: &l.reference,
                }),
                created: ui::rfc3339(m.created),
                updated: ui::rfc3339(m.updated),
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &listed).context("writing the list")?;
        writeln!(out).context("writing the list")?;
        return out.flush().context("writing the list");
    }
    if secrets.is_empty() {
        ui.info(format!(
            "No secrets in {} yet. Add one with: locket set NAME",
            dir.display()
        ));
        return Ok(());
    }
    let rows: Vec<Vec<String>> = secrets
        .iter()
        .map(|m| {
            vec![
                m.name.to_string(),
                if m.link.is_some() {
                    "(linked)".into()
                } else if m.empty {
                    "(empty)".into()
                } else {
                    "••••••••".into()
                },
                if m.allowed_domains.is_empty() {
                    "any".into()
                } else {
                    m.allowed_domains
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                if m.enabled { "yes".into() } else { "no".into() },
                m.link
                    .as_ref()
                    .map_or_else(|| "-".into(), ToString::to_string),
                ui::format_time(m.updated),
            ]
        })
        .collect();
    let styled = ui::stdout_styled();
    let table = ui::table(
        &[
            "NAME",
            "VALUE",
            "ALLOWED DOMAINS",
            "ENABLED",
            "LINK",
            "UPDATED (UTC)",
        ],
        &rows,
        styled,
    );
    std::io::stdout()
        .lock()
        .write_all(table.as_bytes())
        .context("writing the list")?;
    Ok(())
}

pub fn remove(dir: &Path, name_text: &str, ui: &Ui) -> Result<()> {
    let name = name(name_text)?;
    unlock(dir)?.vault.remove(&name)?;
    ui.success(format!("Removed {name}"));
    Ok(())
}

pub fn rename(dir: &Path, old: &str, new: &str, ui: &Ui) -> Result<()> {
    let (old, new) = (name(old)?, name(new)?);
    unlock(dir)?.vault.rename(&old, &new)?;
    ui.success(format!("Renamed {old} to {new}"));
    Ok(())
}

pub fn set_enabled(dir: &Path, name_text: &str, enabled: bool, ui: &Ui) -> Result<()> {
    let name = name(name_text)?;
    unlock(dir)?.vault.set_enabled(&name, enabled)?;
    ui.success(if enabled {
        format!("Enabled {name}")
    } else {
        format!("Disabled {name}: references to it will not resolve")
    });
    Ok(())
}

pub fn allow(dir: &Path, args: AllowArgs, ui: &Ui) -> Result<()> {
    let name = name(&args.name)?;
    let added = domains(&args.domains)?;
    let mut unlocked = unlock(dir)?;
    let mut list = if args.clear {
        Vec::new()
    } else {
        unlocked.vault.get(&name)?.meta.allowed_domains
    };
    for d in added {
        if !list.contains(&d) {
            list.push(d);
        }
    }
    let shown = list
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    unlocked.vault.set_domains(&name, list)?;
    if args.clear {
        ui.success(format!("{name} may now be sent to any destination"));
    } else {
        ui.success(format!("{name} may be sent to: {shown}"));
    }
    Ok(())
}

fn domains(entries: &[String]) -> Result<Vec<AllowedDomain>> {
    Ok(AllowedDomain::parse_all(entries)?)
}
