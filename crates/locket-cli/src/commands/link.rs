//! `locket link NAME REF` and `locket unlink NAME`.

use std::path::Path;

use anyhow::Result;
use locket_core::provider::{Connector, ProviderError};
use locket_core::store::Link;
use locket_core::{AllowedDomain, ErrorKind, SetOutcome, Vault};
use locket_providers::Registry;
use secrecy::ExposeSecret;

use super::name;
use crate::cli::LinkArgs;
use crate::failure;
use crate::keysource::unlock;
use crate::ui::Ui;

pub fn link(dir: &Path, args: LinkArgs, ui: &Ui) -> Result<()> {
    let secret = name(&args.name)?;
    let kind = locket_providers::kind_of(&args.reference).ok_or_else(|| {
        failure::usage(format!(
            "`{}` is not a provider reference: expected hcv://MOUNT/PATH#KEY, \
             aws-sm://SECRET#KEY, an Azure secret URL, gcp-sm://… or op://… (`locket link --help`)",
            args.reference
        ))
    })?;
    kind.check(&args.reference)
        .map_err(|e| failure::usage(e.to_string()))?;
    let kind = kind.name();
    let allow = if args.allow.is_empty() {
        None
    } else {
        Some(AllowedDomain::parse_all(&args.allow)?)
    };
    let mut unlocked = unlock(dir)?;
    let integration = choose_integration(&unlocked.vault, kind, args.integration.as_deref())?;
    if args.check {
        check(&unlocked.vault, &integration, &args.reference, ui)?;
    }
    let link = Link {
        integration: integration.clone(),
        reference: args.reference.clone(),
    };
    let outcome = unlocked.vault.link(&secret, link, allow, args.replace)?;
    let verb = match outcome {
        SetOutcome::Created => "Linked new secret",
        SetOutcome::Updated => "Linked",
    };
    ui.success(format!(
        "{verb} {secret} to {} through {integration}; its value is fetched on use",
        args.reference
    ));
    Ok(())
}

pub fn unlink(dir: &Path, name_text: &str, ui: &Ui) -> Result<()> {
    let secret = name(name_text)?;
    let mut unlocked = unlock(dir)?;
    let link = unlocked.vault.unlink(&secret)?;
    ui.success(format!(
        "Unlinked {secret} from {link} and dropped its cached value; it is now a local secret \
         with no value (`locket set {secret}` gives it one)"
    ));
    Ok(())
}

/// The integration named, checked against the reference's kind, or the only one of that kind.
fn choose_integration(vault: &Vault, kind: &str, named: Option<&str>) -> Result<String> {
    let all = vault.integrations()?;
    if let Some(named) = named {
        let found = vault.require_integration(&name(named)?)?;
        if found.kind != kind {
            return Err(failure::usage(format!(
                "integration {named} is {}, but the reference is for {kind}",
                found.kind
            )));
        }
        return Ok(found.name);
    }
    let of_kind: Vec<&str> = all
        .iter()
        .filter(|i| i.kind == kind)
        .map(|i| i.name.as_str())
        .collect();
    match of_kind.as_slice() {
        [only] => Ok(only.to_string()),
        [] => Err(failure::usage(format!(
            "no {kind} integration yet: add one with `locket integration add {kind} NAME`"
        ))),
        several => Err(failure::usage(format!(
            "several {kind} integrations ({}): choose one with --integration",
            several.join(", ")
        ))),
    }
}

/// Fetches the reference once, before anything is written: a reference that does not resolve
/// is refused with the provider's reason (exit 4 when it does not exist, 5 otherwise).
fn check(vault: &Vault, integration: &str, reference: &str, ui: &Ui) -> Result<()> {
    let found = vault.require_integration(&name(integration)?)?;
    let fail = |e: ProviderError| {
        let message = match e.kind() {
            ErrorKind::Unresolved => format!("{reference}: {e}; nothing was linked"),
            _ => format!("[{integration}] {e}; nothing was linked"),
        };
        failure::error(e.kind(), message)
    };
    let provider = Registry
        .connect(&found.kind, found.config.expose_secret())
        .map_err(fail)?;
    let fetched = provider.fetch(reference).map_err(fail)?;
    // A token the provider renewed (and a rotated refresh token) is kept for the next run.
    if let Some(config) = provider.refreshed_config() {
        vault.refresh_integration(&found.name, &config)?;
    }
    let version = fetched
        .version
        .as_deref()
        .map(|v| format!(" (version {v})"))
        .unwrap_or_default();
    ui.info(format!(
        "Fetched {reference}{version}: {} bytes",
        fetched.value.expose_secret().len()
    ));
    Ok(())
}
