//! `locket export` and `locket import`.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use locket_core::store::OnConflict;
use locket_core::transfer::{self, ImportOptions, MIN_PASSPHRASE_CHARS};
use zeroize::Zeroizing;

use crate::cli::{ExportArgs, ImportArgs, OnConflictArg};
use crate::keysource::unlock;
use crate::ui::Ui;
use crate::{failure, prompt};

const PASSPHRASE_ENV: &str = locket_core::key::env::EXPORT_PASSPHRASE;

pub fn export(dir: &Path, args: ExportArgs, ui: &Ui) -> Result<()> {
    if let Some(out) = &args.output
        && out.exists()
    {
        return Err(failure::usage(format!(
            "{} already exists; locket never overwrites an export. Choose another path",
            out.display()
        )));
    }
    let unlocked = unlock(dir)?;
    let secrets = unlocked.vault.export_all()?;
    let json = transfer::to_json(&secrets);
    let bytes: Zeroizing<Vec<u8>> = if args.plaintext {
        ui.warn("writing secrets in plaintext (--plaintext): anyone who can read the output can read every secret");
        json
    } else {
        let pass =
            prompt::new_passphrase("export passphrase", PASSPHRASE_ENV, MIN_PASSPHRASE_CHARS)?;
        Zeroizing::new(transfer::encrypt(&json, &pass)?)
    };
    match &args.output {
        Some(path) => {
            locket_core::store::write_private_file(path, &bytes).context("writing the export")?
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .context("writing the export")?;
        }
    }
    let what = if args.plaintext {
        "plaintext"
    } else {
        "encrypted (age; `age -d` also opens it)"
    };
    let whereto = args
        .output
        .as_ref()
        .map_or("stdout".to_string(), |p| p.display().to_string());
    ui.success(format!(
        "Exported {} secrets, {what}, to {whereto}",
        secrets.len()
    ));
    Ok(())
}

pub fn import(dir: &Path, args: ImportArgs, ui: &Ui) -> Result<()> {
    let source = args.file.display().to_string();
    let mut bytes = Zeroizing::new(Vec::new());
    if source == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("reading stdin")?;
    } else {
        std::fs::File::open(&args.file)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| failure::usage(format!("cannot read {source}: {e}")))?;
    }
    let options = ImportOptions {
        secret_only: args.secret_only,
    };
    let (format, secrets) = transfer::parse(
        &source,
        &bytes,
        options,
        &|bytes| locket_postman::model::import_environment(bytes, &source),
        || {
            prompt::passphrase("Export passphrase", PASSPHRASE_ENV).map_err(|e| {
                locket_core::Error::Import {
                    path: source.clone(),
                    message: format!("{e:#}"),
                }
            })
        },
    )?;
    let on_conflict = match args.on_conflict {
        OnConflictArg::Skip => OnConflict::Skip,
        OnConflictArg::Overwrite => OnConflict::Overwrite,
        OnConflictArg::Fail => OnConflict::Fail,
    };
    let mut unlocked = unlock(dir)?;
    let report = unlocked.vault.import(&secrets, on_conflict).map_err(|e| match e {
        locket_core::Error::AlreadyExists { name } => failure::usage(format!(
            "{name} already exists in the vault; nothing was imported. Use --on-conflict skip or --on-conflict overwrite"
        )),
        other => other.into(),
    })?;
    ui.success(format!(
        "Imported {} secrets from {source} ({format}): {} new, {} overwritten, {} skipped",
        report.created + report.overwritten,
        report.created,
        report.overwritten,
        report.skipped
    ));
    Ok(())
}
