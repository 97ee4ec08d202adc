//! `locket init`: create the vault and its key, and put the key somewhere the user can find it.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use locket_core::passphrase::Argon2Params;
use locket_core::transfer::MIN_PASSPHRASE_CHARS;
use locket_core::{Vault, VaultKey};
use secrecy::ExposeSecret;

use super::key_file;
use crate::cli::InitArgs;
use crate::ui::Ui;
use crate::{keyring, prompt};

pub fn run(dir: &Path, args: InitArgs, ui: &Ui) -> Result<()> {
    if locket_core::store::exists(dir) {
        return Err(locket_core::Error::VaultExists {
            dir: dir.to_path_buf(),
        }
        .into());
    }
    key_file::refuse_existing(args.key_out.as_deref())?;
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
        ui.warn("this is the only time the vault key is shown. Save it in a password manager: without it (or the passphrase) the vault cannot be opened.");
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", key_text.expose_secret()).context("printing the key")?;
    }
    Ok(())
}
