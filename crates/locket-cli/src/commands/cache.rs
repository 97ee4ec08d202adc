//! `locket cache ttl|reset|list`: the encrypted cache of values fetched from external vaults.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::name;
use crate::cli::CacheCommand;
use crate::keysource::unlock;
use crate::ui::{self, Ui};

pub fn run(dir: &Path, command: CacheCommand, ui: &Ui) -> Result<()> {
    let mut unlocked = unlock(dir)?;
    let vault = &mut unlocked.vault;
    match command {
        CacheCommand::Ttl(args) => match args.minutes {
            None => {
                let minutes = vault.cache_ttl_minutes()?;
                if ui.json {
                    println!("{}", serde_json::json!({ "ttl_minutes": minutes }));
                } else if minutes == 0 {
                    println!("0 (caching is off)");
                } else {
                    println!("{minutes}");
                }
            }
            Some(minutes) => {
                let dropped = vault.set_cache_ttl_minutes(minutes)?;
                if minutes == 0 {
                    ui.success(format!(
                        "Caching is off; dropped {dropped} cached value(s). Linked secrets are \
                         fetched on every use"
                    ));
                } else {
                    ui.success(format!(
                        "Fetched values are now kept for {minutes} minute(s); entries already \
                         cached keep their expiry"
                    ));
                }
            }
        },
        CacheCommand::Reset(args) => {
            let only = args.name.as_deref().map(name).transpose()?;
            let dropped = vault.cache_reset(only.as_ref())?;
            match only {
                Some(n) if dropped == 0 => ui.info(format!("{n} had no cached value")),
                Some(n) => ui.success(format!("Dropped the cached value of {n}")),
                None => ui.success(format!("Dropped {dropped} cached value(s)")),
            }
        }
        CacheCommand::List => list(vault, ui)?,
    }
    Ok(())
}

#[derive(Serialize)]
struct Listed {
    name: String,
    integration: String,
    reference: String,
    fetched: String,
    expires: String,
    expired: bool,
    version: Option<String>,
}

fn list(vault: &locket_core::Vault, ui: &Ui) -> Result<()> {
    let now = locket_core::time::now();
    let entries = vault.cache_list()?;
    if ui.json {
        let listed: Vec<Listed> = entries
            .iter()
            .map(|e| Listed {
                name: e.name.to_string(),
                integration: e.link.integration.clone(),
                reference: e.link.reference.clone(),
                fetched: ui::rfc3339(e.fetched_at),
                expires: ui::rfc3339(e.expires_at),
                expired: e.expires_at <= now,
                version: e.version.clone(),
            })
            .collect();
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &listed).context("writing the list")?;
        return writeln!(out).context("writing the list");
    }
    if entries.is_empty() {
        ui.info("The cache is empty");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.name.to_string(),
                e.link.to_string(),
                format!("{} ago", locket_core::resolve::age(e.fetched_at)),
                if e.expires_at <= now {
                    format!("expired {} ago", locket_core::resolve::age(e.expires_at))
                } else {
                    format!("in {}", locket_core::time::until(e.expires_at - now))
                },
                e.version.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    print!(
        "{}",
        ui::table(
            &["NAME", "LINK", "FETCHED", "EXPIRES", "VERSION"],
            &rows,
            ui::stdout_styled()
        )
    );
    Ok(())
}
