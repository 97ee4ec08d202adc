//! `locket link NAME REF` and `locket unlink NAME`.

use std::path::Path;

use anyhow::Result;
use locket_core::store::Link;
use locket_core::{AllowedDomain, ErrorKind, SetOutcome};
use locket_providers::linking::{self, LinkError};
use secrecy::ExposeSecret;

use super::name;
use crate::cli::LinkArgs;
use crate::failure;
use crate::keysource::unlock;
use crate::ui::Ui;

pub fn link(dir: &Path, args: LinkArgs, ui: &Ui) -> Result<()> {
    let secret = name(&args.name)?;
    let kind = linking::kind_for(&args.reference).map_err(|e| link_failure(e, "", ""))?;
    let kind = kind.name();
    let allow = if args.allow.is_empty() {
        None
    } else {
        Some(AllowedDomain::parse_all(&args.allow)?)
    };
    let mut unlocked = unlock(dir)?;
    let integration =
        linking::choose_integration(&unlocked.vault, kind, args.integration.as_deref())
            .map_err(|e| link_failure(e, "", ""))?;
    if args.check {
        let fetched = linking::fetch_before_linking(&unlocked.vault, &integration, &args.reference)
            .map_err(|e| link_failure(e, &integration, &args.reference))?;
        let version = fetched
            .version
            .as_deref()
            .map(|v| format!(" (version {v})"))
            .unwrap_or_default();
        ui.info(format!(
            "Fetched {}{version}: {} bytes",
            args.reference,
            fetched.value.expose_secret().len()
        ));
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

/// A link refused: a usage error (exit 2), the vault's error, or the fetch's (exit 4 when the
/// reference does not exist, 5 otherwise), each saying nothing was linked.
fn link_failure(e: LinkError, integration: &str, reference: &str) -> anyhow::Error {
    match e {
        LinkError::Usage(message) => failure::usage(message),
        LinkError::Vault(e) => e.into(),
        LinkError::Fetch(e) => {
            let message = match e.kind() {
                ErrorKind::Unresolved => format!("{reference}: {e}; nothing was linked"),
                _ => format!("[{integration}] {e}; nothing was linked"),
            };
            failure::error(e.kind(), message)
        }
    }
}
