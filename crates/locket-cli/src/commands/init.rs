//! `locket init`: create the vault and its key, and put the key somewhere the user can find it.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use locket_core::passphrase::Argon2Params;
use locket_core::transfer::MIN_PASSPHRASE_CHARS;
use locket_core::{Vault, VaultKey};
use secrecy::ExposeSecret;

use super::{key_delivery, key_file};
use crate::cli::InitArgs;
use crate::ui::Ui;
use crate::{failure, keyring, prompt};

pub fn run(dir: &Path, args: InitArgs, ui: &Ui) -> Result<()> {
    if locket_core::store::exists(dir) {
        return Err(locket_core::Error::VaultExists {
            dir: dir.to_path_buf(),
        }
        .into());
    }
    key_file::refuse_existing(args.key_out.as_deref())?;
    // With no file, keyring or passphrase, stdout is the key's only way out: if it goes
    // nowhere, the vault would be encrypted under a key nobody has (as for `key rotate`).
    if args.key_out.is_none()
        && args.no_keyring
        && !args.passphrase
        && key_delivery::stdout_discards()
    {
        return Err(failure::usage(NOWHERE_TO_PUT_THE_KEY));
    }
    let passphrase = if args.passphrase {
        Some(prompt::new_passphrase(
            "vault passphrase",
            locket_core::key::env::PASSPHRASE,
            MIN_PASSPHRASE_CHARS,
        )?)
    } else {
        None
    };

    let key = VaultKey::generate()?;
    let key_text = key.to_key_string();
    let params = match &passphrase {
        Some(_) => Some(Argon2Params::calibrate()?),
        None => None,
    };
    let vault = key_file::write_then(args.key_out.as_deref(), &key_text, || {
        Ok(Vault::create(dir, &key, passphrase.as_ref().zip(params))?)
    })?;
    ui.success(format!("Created a vault at {}", dir.display()));

    let mut kept = false;
    if let Some(out) = &args.key_out {
        ui.info(format!("  key written to {} (mode 0600)", out.display()));
        kept = true;
    }
    if args.no_keyring {
        ui.info("  key not stored in the OS keyring (--no-keyring)");
    } else {
        match keyring::set(&vault.id_hex(), &key_text) {
            Ok(()) => {
                ui.info(format!("  key stored in {}", keyring::describe()));
                kept = true;
            }
            Err(e) => ui.warn(format!("{e}; the key was not stored there")),
        }
    }
    if let Some(p) = params {
        ui.info(format!(
            "  passphrase set (Argon2id, {} MiB, {} passes): it unlocks the vault at the terminal prompt",
            p.memory_kib / 1024,
            p.time_cost
        ));
    }
    if !kept {
        // The keyring may have failed just now: stdout is then the last place for the key.
        let printed = if passphrase.is_none() && key_delivery::stdout_discards() {
            Err(failure::usage(
                "the OS keyring did not take the key (see above) and stdout is closed or \
                 /dev/null; pass --key-out FILE or --passphrase, or fix the keyring",
            ))
        } else {
            ui.warn("this is the only time the vault key is shown. Save it in a password manager: without it (or the passphrase) the vault cannot be opened.");
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", key_text.expose_secret())
                .and_then(|()| out.flush())
                .context("printing the key")
        };
        if let Err(e) = printed {
            if passphrase.is_none() {
                // Nobody has the key: the vault is useless, so it is not left behind.
                drop(vault);
                locket_core::store::destroy(dir)
                    .context("removing the vault whose key could not be delivered")?;
                return Err(e.context(format!(
                    "the vault key could not be delivered, so the vault just created at {} was \
                     removed",
                    dir.display()
                )));
            }
            return Err(e);
        }
    }
    Ok(())
}

const NOWHERE_TO_PUT_THE_KEY: &str = "stdout is closed or /dev/null and the key would go \
    nowhere else, so it would be lost; nothing was created. Pass --key-out FILE, let locket \
    store it in the OS keyring (drop --no-keyring), or add --passphrase";
