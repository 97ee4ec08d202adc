//! One module per group of commands; `run` dispatches.

mod cache;
mod doctor;
mod exec;
mod init;
mod integration;
mod key;
mod key_delivery;
mod key_file;
mod link;
mod render;
mod run;
mod scan;
mod secrets;
mod send;
mod transfer;
mod tree_files;
mod web;

use std::path::PathBuf;

use anyhow::Result;
use clap::CommandFactory;
use locket_core::SecretName;

use crate::cli::{Cli, Command};
use crate::ui::Ui;
use crate::{failure, keyring, prompt};

pub fn run(cli: Cli, ui: &Ui) -> Result<()> {
    let dir = || vault_dir(cli.global.vault_dir.clone());
    match cli.command {
        Command::Init(args) => init::run(&dir()?, args, ui),
        Command::Set(args) => secrets::set(&dir()?, args, ui),
        Command::Get(args) => secrets::get(&dir()?, args, ui),
        Command::List => secrets::list(&dir()?, ui),
        Command::Rm(args) => secrets::remove(&dir()?, &args.name, ui),
        Command::Rename(args) => secrets::rename(&dir()?, &args.old, &args.new, ui),
        Command::Enable(args) => secrets::set_enabled(&dir()?, &args.name, true, ui),
        Command::Disable(args) => secrets::set_enabled(&dir()?, &args.name, false, ui),
        Command::Allow(args) => secrets::allow(&dir()?, args, ui),
        Command::Export(args) => transfer::export(&dir()?, args, ui),
        Command::Import(args) => transfer::import(&dir()?, args, ui),
        Command::Render(args) => render::render(&dir()?, args, ui),
        Command::Check(args) => render::check(&dir()?, args, ui),
        Command::Exec(args) => exec::run(&dir()?, args, ui),
        Command::Send(args) => send::run(&dir()?, args, ui),
        Command::Run(args) => run::run(&dir()?, args, ui),
        Command::Destroy(args) => destroy(&dir()?, args.yes, ui),
        Command::Key(cmd) => key::run(&dir()?, cmd, ui),
        Command::Integration(cmd) => integration::run(&dir()?, cmd, ui),
        Command::Link(args) => link::link(&dir()?, args, ui),
        Command::Unlink(args) => link::unlink(&dir()?, &args.name, ui),
        Command::Cache(cmd) => cache::run(&dir()?, cmd, ui),
        Command::Doctor => doctor::run(&dir()?, ui),
        Command::Ui(args) => web::run(&dir()?, args, ui),
        Command::Completions(args) => {
            clap_complete::generate(
                args.shell,
                &mut Cli::command(),
                "locket",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    }
}

/// --vault-dir, else LOCKET_HOME (both via clap), else `$XDG_DATA_HOME/locket`.
fn vault_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = flag.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(dir);
    }
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().map_err(|e| {
        failure::usage(format!(
            "cannot find your home directory ({e}); pass --vault-dir or set LOCKET_HOME"
        ))
    })?;
    Ok(base.data_dir().join("locket"))
}

pub(crate) fn name(text: &str) -> Result<SecretName> {
    Ok(SecretName::new(text)?)
}

fn destroy(dir: &std::path::Path, yes: bool, ui: &Ui) -> Result<()> {
    if !locket_core::store::exists(dir) {
        return Err(locket_core::Error::NoVault {
            dir: dir.to_path_buf(),
        }
        .into());
    }
    if !yes {
        if !prompt::can_prompt() {
            return Err(failure::usage(format!(
                "refusing to destroy the vault at {} without confirmation: pass --yes",
                dir.display()
            )));
        }
        let question = format!(
            "This deletes the vault at {} and every secret in it, for good.",
            dir.display()
        );
        if !prompt::confirm(&question, "destroy")? {
            return Err(failure::usage("not confirmed; nothing was deleted"));
        }
    }
    // Read the id before deleting, to remove the keyring entry that only opens this vault.
    let id = locket_core::LockedVault::open(dir).map(|v| v.id_hex()).ok();
    locket_core::store::destroy(dir)?;
    ui.success(format!("Destroyed the vault at {}", dir.display()));
    if let Some(id) = id {
        match keyring::delete(&id) {
            Ok(true) => ui.info(format!("Removed its key from {}.", keyring::describe())),
            Ok(false) => {}
            Err(e) => ui.info(format!(
                "Its key could not be removed from the OS keyring: {e}"
            )),
        }
    }
    Ok(())
}
