//! `locket integration add|list|test|reauth|remove`: connections to external vaults. Settings
//! come from flags and the provider tools' own environment variables; credentials from stdin
//! or the environment, never argv. Everything is stored sealed in the vault.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use locket_core::SecretName;
use locket_core::provider::{Connector, ProviderError};
use locket_providers::aws::AwsConfig;
use locket_providers::hcv::HcvConfig;
use locket_providers::{Registry, describe};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use zeroize::Zeroizing;

use super::name;

mod aws;
mod azure;
mod gcp;
mod hcv;
mod onepassword;
use crate::cli::{
    HcvArgs, IntegrationAddArgs, IntegrationCommand, IntegrationReauthArgs, ProviderKind,
};
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

fn add(dir: &Path, args: IntegrationAddArgs, ui: &Ui) -> Result<()> {
    let integration = name(&args.name)?;
    let mut unlocked = unlock(dir)?;
    if unlocked.vault.integration(integration.as_str())?.is_some() {
        return Err(locket_core::Error::IntegrationExists {
            name: integration.to_string(),
        }
        .into());
    }
    let kind = args.kind.as_str();
    // Every provider's flags, so that one given to the wrong provider is refused, not ignored.
    let mut aws_flags = aws::aws_flags(&args.aws);
    if args.credentials.default_chain {
        aws_flags.push("--default-chain");
    }
    let flags_by_kind = [
        ("hcv", hcv::hcv_flags(&args.hcv, &args.credentials)),
        ("aws", aws_flags),
        ("azure", azure::azure_flags(&args.azure, &args.credentials)),
        ("1password", onepassword::flags(&args.onepassword)),
        ("gcp", gcp::flags(&args.gcp)),
    ];
    for (other, used) in &flags_by_kind {
        if *other != kind {
            refuse_flags_of(other, used, kind)?;
        }
    }
    let ca_cert = args.ca_cert.as_deref();
    let config = match args.kind {
        ProviderKind::Hcv => hcv::hcv_config(&args.hcv, &args.credentials, ca_cert, args.timeout)?,
        ProviderKind::Aws => aws::aws_config(&args.aws, &args.credentials, ca_cert, args.timeout)?,
        ProviderKind::Azure => azure::azure_config(
            &args.azure,
            &args.credentials,
            ca_cert,
            args.timeout,
            integration.as_str(),
        )?,
        ProviderKind::OnePassword => onepassword::config(&args.onepassword, ca_cert, args.timeout)?,
        ProviderKind::Gcp => gcp::config(&args.gcp, ca_cert, args.timeout)?,
    };
    let summary = describe(kind, &config);
    let mut config = config;
    if args.no_test {
        ui.info(format!("Not signing in (--no-test): {summary}"));
    } else {
        let (identity, refreshed) = sign_in(&integration, kind, &config)?;
        ui.info(format!("Signed in: {identity}"));
        config = refreshed.unwrap_or(config);
    }
    unlocked
        .vault
        .add_integration(&integration, kind, &config)?;
    ui.success(format!(
        "Added integration {integration} ({kind}). Link secrets with: locket link NAME REF"
    ));
    Ok(())
}

fn reauth(dir: &Path, args: IntegrationReauthArgs, ui: &Ui) -> Result<()> {
    let integration = name(&args.name)?;
    let mut unlocked = unlock(dir)?;
    let current = unlocked.vault.require_integration(&integration)?;
    let config = match current.kind.as_str() {
        "hcv" => {
            let mut config: HcvConfig =
                locket_providers::registry::parse("hcv", current.config.expose_secret())
                    .map_err(|e| failure::usage(e.to_string()))?;
            let fresh = hcv::hcv_config(
                &HcvArgs {
                    address: Some(config.address.clone()),
                    namespace: None,
                    approle_mount: None,
                },
                &args.credentials,
                None,
                None,
            )?;
            let fresh: HcvConfig = serde_json::from_slice(&fresh).context("new credentials")?;
            config.auth = fresh.auth;
            to_json(&config)?
        }
        "aws" => {
            let mut config: AwsConfig =
                locket_providers::registry::parse("aws", current.config.expose_secret())
                    .map_err(|e| failure::usage(e.to_string()))?;
            if config.profile.is_none() {
                config.static_keys = aws::static_keys_from_env(&args.credentials)?;
            } else {
                ui.info(format!(
                    "{integration} signs in with profile {}: nothing to store (for SSO, run `aws sso login --profile {}` first)",
                    config.profile.as_deref().unwrap_or_default(),
                    config.profile.as_deref().unwrap_or_default()
                ));
            }
            to_json(&config)?
        }
        "1password" => onepassword::reauth(current.config.expose_secret())?,
        "gcp" => gcp::reauth(current.config.expose_secret())?,
        "azure" => {
            let config: locket_providers::azure::AzureConfig =
                locket_providers::registry::parse("azure", current.config.expose_secret())
                    .map_err(|e| failure::usage(e.to_string()))?;
            let method = azure::method_of(&config.auth);
            to_json(&azure::sign_in(
                config,
                method,
                &args.credentials,
                integration.as_str(),
            )?)?
        }
        other => {
            return Err(failure::usage(format!(
                "integration kind `{other}` is not supported by this build"
            )));
        }
    };
    let (identity, refreshed) = sign_in(&integration, &current.kind, &config)?;
    let config = refreshed.unwrap_or(config);
    unlocked.vault.update_integration(&integration, &config)?;
    ui.success(format!(
        "Updated the credentials of {integration}; signed in: {identity}"
    ));
    Ok(())
}

fn test(dir: &Path, name_text: &str, ui: &Ui) -> Result<()> {
    let integration = name(name_text)?;
    let unlocked = unlock(dir)?;
    let found = unlocked.vault.require_integration(&integration)?;
    let config = found.config.expose_secret();
    let (identity, refreshed) = sign_in(&integration, &found.kind, config)?;
    if let Some(refreshed) = refreshed {
        unlocked
            .vault
            .refresh_integration(integration.as_str(), &refreshed)?;
    }
    if ui.json {
        let out = serde_json::json!({
            "name": found.name,
            "kind": found.kind,
            "target": describe(&found.kind, config),
            "identity": identity,
        });
        println!("{out:#}");
        return Ok(());
    }
    ui.success(format!("{integration} ({}): {identity}", found.kind));
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
            target: describe(&i.kind, i.config.expose_secret()),
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
        ui.info(
            "No integrations yet. Add one with: locket integration add hcv|aws|azure|gcp|1password NAME",
        );
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

/// Builds the provider and asks who the credentials are: exit 5 when it cannot. Returns the
/// identity, and the settings when signing in refreshed them (to store instead).
fn sign_in(
    integration: &SecretName,
    kind: &str,
    config: &[u8],
) -> Result<(String, Option<Vec<u8>>)> {
    let external = |e: ProviderError| {
        let message =
            locket_core::provider::name_the_integration(&e.to_string(), integration.as_str());
        failure::external(format!("integration {integration}: {message}"))
    };
    let provider = Registry.connect(kind, config).map_err(external)?;
    let identity = provider.whoami().map_err(external)?;
    Ok((identity, provider.refreshed_config()))
}

/// A credential from stdin (first line) or, on a terminal, a hidden prompt.
pub(super) fn read_secret(what: &str) -> Result<SecretString> {
    if std::io::stdin().is_terminal() {
        return crate::prompt::hidden(&format!("Enter {what}: "));
    }
    let mut buf = Zeroizing::new(String::new());
    std::io::stdin()
        .read_to_string(&mut buf)
        .with_context(|| format!("reading {what} from stdin"))?;
    let line = buf.lines().next().unwrap_or("").trim();
    if line.is_empty() {
        return Err(failure::usage(format!("{what} on stdin is empty")));
    }
    Ok(SecretString::from(line.to_string()))
}

pub(super) fn to_json<T: Serialize>(config: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(config).context("encoding the integration settings")
}

fn refuse_flags_of(other: &str, used: &[&str], kind: &str) -> Result<()> {
    if used.is_empty() {
        return Ok(());
    }
    Err(failure::usage(format!(
        "{} appl{} to {other} integrations, not {kind}",
        used.join(", "),
        if used.len() == 1 { "ies" } else { "y" }
    )))
}
