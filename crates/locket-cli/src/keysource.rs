//! Finding the vault key: LOCKET_VAULT_KEY, LOCKET_VAULT_KEY_FILE, the OS keyring, then a
//! prompt on the terminal (which also takes the vault's passphrase). The first source that
//! answers wins; a source that answers with a bad key is an error, not a fall-through, so a
//! stale key is never silently bypassed.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use locket_core::{Error, LockedVault, Vault, VaultKey};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::{failure, keyring, prompt};

pub const ENV_KEY: &str = locket_core::key::env::VAULT_KEY;
pub const ENV_KEY_FILE: &str = locket_core::key::env::VAULT_KEY_FILE;

/// Where the key that opened the vault came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Env,
    File(PathBuf),
    Keyring,
    Prompt,
    Passphrase,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Env => write!(f, "{ENV_KEY}"),
            Origin::File(p) => write!(f, "{ENV_KEY_FILE} ({})", p.display()),
            Origin::Keyring => f.write_str(keyring::describe()),
            Origin::Prompt => f.write_str("the terminal prompt"),
            Origin::Passphrase => f.write_str("the passphrase"),
        }
    }
}

pub struct Unlocked {
    pub vault: Vault,
    pub key: VaultKey,
    pub origin: Origin,
}

/// Opens and unlocks the vault in `dir` from the first key source that answers.
pub fn unlock(dir: &Path) -> Result<Unlocked> {
    let (locked, keyring_status) = match from_sources(dir)? {
        Found::Unlocked(unlocked) => return Ok(unlocked),
        Found::Nothing {
            locked,
            keyring_status,
        } => (locked, keyring_status),
    };
    if prompt::can_prompt() {
        return from_prompt(locked, dir);
    }
    let prompt_status = if std::env::var_os("LOCKET_NO_PROMPT").is_some() {
        "LOCKET_NO_PROMPT is set"
    } else {
        "no terminal"
    };
    Err(failure::locked(format!(
        "the vault at {} is locked: no key found. locket looked in:\n  \
         - {ENV_KEY}: not set\n  \
         - {ENV_KEY_FILE}: not set\n  \
         - {}: {keyring_status}\n  \
         - a terminal prompt: {prompt_status}\n\
         Set one of these (for CI: {ENV_KEY} from your CI's secret store), or run on a terminal.",
        dir.display(),
        keyring::describe(),
    )))
}

/// What the key sources other than a prompt found. Made once per process and moved, never
/// stored: the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Found {
    Unlocked(Unlocked),
    /// None answered: the vault is still locked; why the keyring did not answer.
    Nothing {
        locked: LockedVault,
        keyring_status: String,
    },
}

/// Tries LOCKET_VAULT_KEY, LOCKET_VAULT_KEY_FILE and the OS keyring, in that order, without
/// prompting (`locket ui` asks in the browser instead).
pub fn from_sources(dir: &Path) -> Result<Found> {
    let locked = LockedVault::open(dir)?;
    if let Some(text) = env_key()? {
        return with_key(locked, &text, Origin::Env).map(Found::Unlocked);
    }
    if let Some((path, text)) = file_key()? {
        return with_key(locked, &text, Origin::File(path)).map(Found::Unlocked);
    }
    let keyring_status = match keyring::get(&locked.id_hex()) {
        Ok(Some(text)) => {
            let id = locked.id_hex();
            return with_key(locked, &text, Origin::Keyring)
                .or_else(|e| {
                    let stale = matches!(
                        e.root_cause().downcast_ref::<Error>(),
                        Some(Error::WrongKey { .. })
                    );
                    match stale.then(|| from_pending_keyring(dir, &id)).flatten() {
                        Some(unlocked) => Ok(unlocked),
                        None => Err(e),
                    }
                })
                .map(Found::Unlocked);
        }
        Ok(None) => "no entry for this vault".to_string(),
        Err(e) => e.to_string(),
    };
    Ok(Found::Nothing {
        locked,
        keyring_status,
    })
}

/// The key string in LOCKET_VAULT_KEY, if set and not empty.
pub fn env_key() -> Result<Option<SecretString>> {
    match std::env::var_os(ENV_KEY) {
        Some(v) if !v.is_empty() => {
            let text = v.into_string().map_err(|_| {
                failure::locked(format!(
                    "{ENV_KEY} is not valid UTF-8: not a valid vault key"
                ))
            })?;
            Ok(Some(SecretString::from(text)))
        }
        _ => Ok(None),
    }
}

/// The path in LOCKET_VAULT_KEY_FILE and the key string it holds, if the variable is set.
pub fn file_key() -> Result<Option<(PathBuf, SecretString)>> {
    let Some(path) = std::env::var_os(ENV_KEY_FILE)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
    else {
        return Ok(None);
    };
    let bytes = Zeroizing::new(std::fs::read(&path).map_err(|e| {
        failure::locked(format!(
            "cannot read the key file {} named by {ENV_KEY_FILE}: {e}",
            path.display()
        ))
    })?);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        failure::locked(format!(
            "{} (from {ENV_KEY_FILE}) is not a valid vault key: not text",
            path.display()
        ))
    })?;
    Ok(Some((path, SecretString::from(text.trim().to_string()))))
}

fn with_key(locked: LockedVault, text: &SecretString, origin: Origin) -> Result<Unlocked> {
    let key =
        VaultKey::parse(text.expose_secret()).with_context(|| format!("the key from {origin}"))?;
    let vault = locked.unlock(&key).map_err(|e| match (&e, &origin) {
        (Error::WrongKey { .. }, Origin::Keyring) => anyhow::Error::new(e)
            .context(format!("the key stored in {origin} is stale; run `locket key forget`, then `locket key store` with the right key")),
        _ => anyhow::Error::new(e).context(format!("the key from {origin}")),
    })?;
    Ok(Unlocked { vault, key, origin })
}

/// A rotation interrupted between its commit and moving its key into the vault's keyring
/// entry leaves that entry stale and the new key in the pending entry: if the pending key opens
/// the vault, it is moved into place and used.
fn from_pending_keyring(dir: &Path, vault_id: &str) -> Option<Unlocked> {
    let text = keyring::get(&keyring::pending_entry(vault_id)).ok()??;
    let key = VaultKey::parse(text.expose_secret()).ok()?;
    let vault = LockedVault::open(dir).ok()?.unlock(&key).ok()?;
    let _ = keyring::promote_pending(vault_id);
    Some(Unlocked {
        vault,
        key,
        origin: Origin::Keyring,
    })
}

fn from_prompt(locked: LockedVault, dir: &Path) -> Result<Unlocked> {
    let what = if locked.has_passphrase() {
        "Vault key or passphrase"
    } else {
        "Vault key"
    };
    let answer = prompt::hidden(&format!("{what} for {}: ", dir.display()))?;
    let (vault, key, by_passphrase) = locked
        .unlock_with_answer(&answer)
        .context("the key from the terminal prompt")?;
    let origin = if by_passphrase {
        Origin::Passphrase
    } else {
        Origin::Prompt
    };
    Ok(Unlocked { vault, key, origin })
}
