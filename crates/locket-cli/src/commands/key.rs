//! `locket key show|store|forget|rotate`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use locket_core::{LockedVault, VaultKey};
use secrecy::{ExposeSecret, SecretString};

use super::key_delivery::{self, Delivery};
use crate::cli::{ForgetArgs, KeyCommand, RotateArgs};
use crate::keysource::{self, Origin, unlock};
use crate::ui::Ui;
use crate::{failure, keyring, prompt};

pub fn run(dir: &Path, cmd: KeyCommand, ui: &Ui) -> Result<()> {
    match cmd {
        KeyCommand::Show => {
            let unlocked = unlock(dir)?;
            print_key(&unlocked.key.to_key_string())
        }
        KeyCommand::Store => {
            let unlocked = unlock(dir)?;
            keyring::set(&unlocked.vault.id_hex(), &unlocked.key.to_key_string())
                .map_err(|e| failure::failed(format!("{e}; the key was not stored")))?;
            ui.success(format!("Stored the vault key in {}", keyring::describe()));
            Ok(())
        }
        KeyCommand::Forget(args) => forget(dir, args, ui),
        KeyCommand::Rotate(args) => rotate(dir, args, ui),
    }
}

fn print_key(key: &SecretString) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", key.expose_secret()).context("printing the key")
}

/// Forgetting the only copy of the key would lose the vault: unless another source opens it
/// (or it has a passphrase), insist on --yes.
fn forget(dir: &Path, args: ForgetArgs, ui: &Ui) -> Result<()> {
    let locked = LockedVault::open(dir)?;
    let id = locked.id_hex();
    let other_source = has_other_key_source(locked)?;
    if !args.yes && !other_source {
        return Err(failure::usage(format!(
            "the OS keyring may hold the only copy of this vault's key, and the vault has no passphrase. \
             Save the key first (`locket key show`), make it available through {} or {}, or pass --yes",
            keysource::ENV_KEY,
            keysource::ENV_KEY_FILE
        )));
    }
    match keyring::delete(&id).map_err(|e| failure::failed(format!("{e}; nothing was removed")))? {
        true => ui.success(format!(
            "Removed the vault key from {}",
            keyring::describe()
        )),
        false => ui.info(format!(
            "{} holds no key for this vault; nothing to do",
            keyring::describe()
        )),
    }
    Ok(())
}

fn has_other_key_source(locked: LockedVault) -> Result<bool> {
    if locked.has_passphrase() {
        return Ok(true);
    }
    let text = match (keysource::env_key()?, keysource::file_key()?) {
        (Some(t), _) | (None, Some((_, t))) => t,
        (None, None) => return Ok(false),
    };
    Ok(VaultKey::parse(text.expose_secret())
        .ok()
        .is_some_and(|k| locked.unlock(&k).is_ok()))
}

/// Rotation delivers the new key before it commits (see `key_delivery`): a vault is never
/// left encrypted under a key nobody was given.
fn rotate(dir: &Path, args: RotateArgs, ui: &Ui) -> Result<()> {
    if let Some(path) = &args.key_out {
        Delivery::File(path.clone()).check()?;
    }
    let mut unlocked = unlock(dir)?;
    let id = unlocked.vault.id_hex();
    let in_keyring = unlocked.origin == Origin::Keyring || matches!(keyring::get(&id), Ok(Some(_)));
    let mut delivery = match (&args.key_out, in_keyring) {
        (Some(path), _) => Delivery::File(path.clone()),
        (None, true) => Delivery::Keyring {
            vault_id: id.clone(),
        },
        (None, false) => Delivery::Stdout,
    };
    delivery.check()?;
    let passphrase = if unlocked.vault.has_passphrase() {
        Some(prompt::passphrase(
            "Vault passphrase (to re-wrap the new key)",
            locket_core::key::env::PASSPHRASE,
        )?)
    } else {
        None
    };
    let new_key = VaultKey::generate()?;
    let new_text = new_key.to_key_string();
    let pending = unlocked
        .vault
        .begin_rotation(&new_key, passphrase.as_ref())?;
    let not_changed = "the vault was not changed: the old key still opens it";
    let undelivered = |e: anyhow::Error| failure::failed(format!("{e:#}; {not_changed}"));
    if let Err(e) = deliver(&delivery, &new_text, ui) {
        if !matches!(delivery, Delivery::Keyring { .. }) {
            return Err(undelivered(e));
        }
        ui.warn(format!("{e:#}; showing the new key instead"));
        delivery = Delivery::Stdout;
        delivery.check()?;
        deliver(&delivery, &new_text, ui).map_err(undelivered)?;
    }
    key_delivery::pause_before_commit_for_tests();
    if let Err(e) = pending.commit() {
        delivery.withdraw();
        let shown = match delivery {
            Delivery::Stdout => "; the key printed above does not open it",
            _ => "",
        };
        return Err(anyhow::Error::new(e).context(format!(
            "the key rotation was not committed, so {not_changed}{shown}"
        )));
    }
    delivery.finish()?;
    ui.success(
        "Re-encrypted every secret under a new vault key; the old key no longer opens the vault",
    );
    ui.info(format!("  {}", delivery.describe()));
    if in_keyring && !matches!(delivery, Delivery::Keyring { .. }) {
        match keyring::set(&id, &new_text) {
            Ok(()) => ui.info(format!("  {} updated", keyring::describe())),
            Err(e) => ui.warn(format!(
                "{e}: the keyring still holds the old key; run `locket key forget --yes`, then `locket key store` with the new key"
            )),
        }
    }
    match &unlocked.origin {
        Origin::Env => ui.warn(format!(
            "{} holds the old key: replace it with the new one",
            keysource::ENV_KEY
        )),
        Origin::File(p) => ui.warn(format!(
            "{} (from {}) holds the old key: replace it with the new one",
            p.display(),
            keysource::ENV_KEY_FILE
        )),
        _ => {}
    }
    Ok(())
}

fn deliver(delivery: &Delivery, key: &SecretString, ui: &Ui) -> Result<()> {
    if let Delivery::Stdout = delivery {
        ui.warn("this is the only time the new key is shown: save it (it replaces the old key once the rotation commits)");
    }
    delivery.deliver(key)
}
