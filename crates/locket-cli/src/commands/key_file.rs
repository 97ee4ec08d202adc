//! `--key-out FILE` for `init` and `key rotate`: a key file is refused before anything is
//! created if the path exists, written (0600) before the change it belongs to, and removed if
//! that change fails, so a key file always matches a vault and a vault never loses its key.

use std::path::Path;

use anyhow::{Context, Result};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::failure;

/// Checks, before anything else happens, that `path` can be created.
pub fn refuse_existing(path: Option<&Path>) -> Result<()> {
    match path {
        Some(p) if p.exists() => Err(failure::usage(format!(
            "{} already exists; locket never overwrites a key file. Choose another path",
            p.display()
        ))),
        _ => Ok(()),
    }
}

/// Writes `key` to `path` (if given), then runs `change`; removes the file if `change` fails.
pub fn write_then<T>(
    path: Option<&Path>,
    key: &SecretString,
    change: impl FnOnce() -> Result<T>,
) -> Result<T> {
    if let Some(p) = path {
        let line = Zeroizing::new(format!("{}\n", key.expose_secret()));
        locket_core::store::write_private_file(p, line.as_bytes())
            .context("writing the key file")?;
    }
    change().inspect_err(|_| {
        if let Some(p) = path {
            let _ = std::fs::remove_file(p);
        }
    })
}
