//! `locket integration add|list|test|reauth|remove`: connections to external vaults. What a
//! kind needs (its flags, environment variables, sign-in) is the provider's business, declared
//! in `locket_providers::KINDS`; this module runs the commands for any kind. Credentials come
//! from stdin or the environment, never argv, and everything is stored sealed in the vault.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use locket_providers::integrating::{self, IntegrationError};
use locket_providers::{KINDS, SetupError, SetupIo};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use zeroize::Zeroizing;

use super::name;
use crate::cli::{AddKind, IntegrationCommand, IntegrationReauthArgs};
use crate::failure;
use crate::keysource::unlock;
use crate::ui::{self, Ui};

pub fn run(dir: &Path, command: IntegrationCommand, ui: &Ui) -> Result<()> {
    match command {
        IntegrationCommand::Add(args) => add(dir, args, ui),
        IntegrationCommand::List => list(dir, ui),
        IntegrationCommand::Test(args) => test(dir, &args.name, ui),
        IntegrationCommand::Reauth(args) => reauth(dir, args, ui),
        IntegrationCommand::Remove(args) => remove(dir, &args.name, ui),
    }
}

fn add(dir: &Path, args: AddKind, ui: &Ui) -> Result<()> {
    let integration = name(&args.given.integration)?;
    let mut unlocked = unlock(dir)?;
    let kind = integrating::kind(args.kind).map_err(failed)?;
    let added = integrating::add(
        &mut unlocked.vault,
        &integration,
        kind,
        &args.given,
        &mut Terminal,
        args.no_test,
    )
    .map_err(failed)?;
    match &added.identity {
        None => ui.info(format!("Not signing in (--no-test): {}", added.summary)),
        Some(identity) => ui.info(format!("Signed in: {identity}")),
    }
    ui.success(format!(
        "Added integration {integration} ({}). Link secrets with: locket link NAME REF",
        added.kind
    ));
    Ok(())
}

fn reauth(dir: &Path, args: IntegrationReauthArgs, ui: &Ui) -> Result<()> {
    let integration = name(&args.name)?;
    let mut unlocked = unlock(dir)?;
    let mut given = args.credentials.0;
    given.integration = integration.to_string();
    let identity = integrating::reauth(&mut unlocked.vault, &integration, &given, &mut Terminal)
        .map_err(failed)?;
    ui.success(format!(
        "Updated the credentials of {integration}; signed in: {identity}"
    ));
    Ok(())
}

fn test(dir: &Path, name_text: &str, ui: &Ui) -> Result<()> {
    let integration = name(name_text)?;
    let unlocked = unlock(dir)?;
    let tested = integrating::test(&unlocked.vault, &integration).map_err(failed)?;
    if ui.json {
        let out = serde_json::json!({
            "name": integration.as_str(),
            "kind": tested.kind,
            "target": tested.target,
            "identity": tested.identity,
        });
        println!("{out:#}");
        return Ok(());
    }
    ui.success(format!(
        "{integration} ({}): {}",
        tested.kind, tested.identity
    ));
    Ok(())
}

#[derive(Serialize)]
struct Listed {
    name: String,
    kind: String,
    target: String,
    linked_secrets: usize,
    created: String,
    updated: String,
}

fn list(dir: &Path, ui: &Ui) -> Result<()> {
    let unlocked = unlock(dir)?;
    let secrets = unlocked.vault.list()?;
    let listed: Vec<Listed> = unlocked
        .vault
        .integrations()?
        .into_iter()
        .map(|i| Listed {
            linked_secrets: secrets
                .iter()
                .filter(|m| m.link.as_ref().is_some_and(|l| l.integration == i.name))
                .count(),
            target: match locket_providers::kind(&i.kind) {
                Ok(kind) => kind.describe(i.config.expose_secret()),
                Err(e) => e.to_string(),
            },
            created: ui::rfc3339(i.created),
            updated: ui::rfc3339(i.updated),
            name: i.name,
            kind: i.kind,
        })
        .collect();
    if ui.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &listed).context("writing the list")?;
        return writeln!(out).context("writing the list");
    }
    if listed.is_empty() {
        let kinds: Vec<&str> = KINDS.iter().map(|k| k.name()).collect();
        ui.info(format!(
            "No integrations yet. Add one with: locket integration add {} NAME",
            kinds.join("|")
        ));
        return Ok(());
    }
    let rows: Vec<Vec<String>> = listed
        .iter()
        .map(|i| {
            vec![
                i.name.clone(),
                i.kind.clone(),
                i.target.clone(),
                i.linked_secrets.to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        ui::table(
            &["NAME", "KIND", "WHERE", "LINKED"],
            &rows,
            ui::stdout_styled()
        )
    );
    Ok(())
}

fn remove(dir: &Path, name_text: &str, ui: &Ui) -> Result<()> {
    let integration = name(name_text)?;
    let mut unlocked = unlock(dir)?;
    let linked = unlocked.vault.remove_integration(&integration)?;
    ui.success(format!(
        "Removed integration {integration} and the values cached through it"
    ));
    if !linked.is_empty() {
        let names: Vec<String> = linked.iter().map(ToString::to_string).collect();
        ui.warn(format!(
            "{} secret(s) still link through {integration} and will not resolve until it is added \
             again or they are re-linked: {}",
            names.len(),
            names.join(", ")
        ));
    }
    Ok(())
}

/// The exit code of each failure: 2 for the flags or environment, 5 for signing in.
fn failed(e: IntegrationError) -> anyhow::Error {
    match e {
        IntegrationError::Usage(message) => failure::usage(message),
        IntegrationError::SignIn(message) => failure::external(message),
        IntegrationError::Vault(e) => e.into(),
    }
}

/// The terminal, as providers set up through it.
struct Terminal;

impl SetupIo for Terminal {
    /// A credential from stdin (first line) or, on a terminal, a hidden prompt.
    fn secret(&mut self, what: &str) -> Result<SecretString, SetupError> {
        if std::io::stdin().is_terminal() {
            return crate::prompt::hidden(&format!("Enter {what}: "))
                .map_err(|e| SetupError::Usage(format!("{e:#}")));
        }
        let mut buf = Zeroizing::new(String::new());
        std::io::stdin()
            .read_to_string(&mut buf)
            .map_err(|e| SetupError::Usage(format!("reading {what} from stdin: {e}")))?;
        let line = buf.lines().next().unwrap_or("").trim();
        if line.is_empty() {
            return Err(SetupError::Usage(format!("{what} on stdin is empty")));
        }
        Ok(SecretString::from(line.to_string()))
    }

    fn show(&mut self, message: &str) {
        eprintln!("{message}");
    }

    /// Opens the default browser when a person is at the terminal; failing is not an error
    /// (the URL was shown).
    fn open_browser(&mut self, url: &str) {
        if !std::io::stderr().is_terminal() {
            return;
        }
        let program = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let _ = std::process::Command::new(program)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
}
