//! Handing a rotated key to the user before the rotation commits, so a vault is never
//! encrypted under a key nobody has.
//!
//! The new key goes to exactly one place, chosen up front: the `--key-out` file, else the OS
//! keyring when it holds this vault's key, else stdout. Each is written in two steps around
//! the commit:
//!
//! - before: `FILE.pending` (0600, synced), the keyring's pending entry for the vault, or the
//!   key printed and flushed. A failure here rolls the rotation back.
//! - after: `FILE.pending` renamed to `FILE`, the pending keyring entry promoted to the vault's
//!   entry. Stdout needs nothing.
//!
//! So a rotation killed before its commit leaves the old key valid and nothing that passes for
//! the new one under `FILE` or the vault's keyring entry; one killed between the commit and the
//! rename leaves the key in `FILE.pending`, which the next `--key-out FILE` points out, and the
//! keyring's pending entry, which unlocking promotes (see `keysource`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::{failure, keyring};

/// Where a rotated key is delivered.
pub enum Delivery {
    File(PathBuf),
    Keyring { vault_id: String },
    Stdout,
}

impl Delivery {
    /// Refuses, before anything changes, a destination that cannot take the key.
    pub fn check(&self) -> Result<()> {
        match self {
            Delivery::File(path) => refuse_file(path),
            Delivery::Keyring { .. } => Ok(()),
            Delivery::Stdout if stdout_discards() => Err(failure::usage(
                "stdout is closed or /dev/null, so the new key would be lost; nothing was changed. \
                 Pass --key-out FILE, or keep the key in the OS keyring (`locket key store`) and rotate again",
            )),
            Delivery::Stdout => Ok(()),
        }
    }

    /// Hands the key over, before the commit. An error means nothing usable was delivered.
    pub fn deliver(&self, key: &SecretString) -> Result<()> {
        match self {
            Delivery::File(path) => {
                let line = Zeroizing::new(format!("{}\n", key.expose_secret()));
                let pending = pending_path(path);
                locket_core::store::write_private_file(&pending, line.as_bytes())
                    .inspect_err(|e| {
                        // A file this call did not create is not its to remove.
                        if !matches!(
                            e,
                            locket_core::Error::Io {
                                action: "creating",
                                ..
                            }
                        ) {
                            let _ = std::fs::remove_file(&pending);
                        }
                    })
                    .map_err(|e| failure::failed(format!("could not write the new key: {e}")))?;
                sync_parent(&pending);
                Ok(())
            }
            Delivery::Keyring { vault_id } => keyring::set(&keyring::pending_entry(vault_id), key)
                .map_err(|e| failure::failed(format!("{e}; the new key could not be stored"))),
            Delivery::Stdout => {
                let mut out = std::io::stdout().lock();
                writeln!(out, "{}", key.expose_secret())
                    .and_then(|()| out.flush())
                    .map_err(|e| failure::failed(format!("could not print the new key: {e}")))
            }
        }
    }

    /// After a failed commit: removes what `deliver` left, which does not open the vault.
    pub fn withdraw(&self) {
        match self {
            Delivery::File(path) => {
                let _ = std::fs::remove_file(pending_path(path));
            }
            Delivery::Keyring { vault_id } => {
                let _ = keyring::delete(&keyring::pending_entry(vault_id));
            }
            Delivery::Stdout => {}
        }
    }

    /// After the commit: puts the key where it will be looked for.
    pub fn finish(&self) -> Result<()> {
        match self {
            Delivery::File(path) => {
                let pending = pending_path(path);
                std::fs::rename(&pending, path).with_context(|| {
                    format!(
                        "the new key is in {}, not {}: rename it (it opens the vault now)",
                        pending.display(),
                        path.display()
                    )
                })?;
                sync_parent(path);
                Ok(())
            }
            Delivery::Keyring { vault_id } => keyring::promote_pending(vault_id).map_err(|e| {
                failure::failed(format!(
                    "{e}; the new key is in the keyring's pending entry, and the next unlock will move it into place"
                ))
            }),
            Delivery::Stdout => Ok(()),
        }
    }

    /// Where the key went, for the user.
    pub fn describe(&self) -> String {
        match self {
            Delivery::File(path) => format!("new key written to {}", path.display()),
            Delivery::Keyring { .. } => format!("{} updated", keyring::describe()),
            Delivery::Stdout => "new key printed on stdout".into(),
        }
    }
}

/// `FILE.pending`: where a key file is written until its rotation commits.
pub fn pending_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".pending");
    PathBuf::from(name)
}

fn refuse_file(path: &Path) -> Result<()> {
    let pending = pending_path(path);
    if pending.exists() {
        return Err(failure::usage(format!(
            "{} is left by an interrupted `locket key rotate`. Check whether it opens the vault \
             (`LOCKET_VAULT_KEY_FILE={} locket doctor`): if it does, the rotation committed and it \
             is the vault's key, so rename it to {}; if not, delete it, the old key still opens the vault",
            pending.display(),
            pending.display(),
            path.display()
        )));
    }
    super::key_file::refuse_existing(Some(path))
}

/// True when what is written to stdout goes nowhere: it is `/dev/null` (which is also what a
/// closed stdout becomes when the process starts) or it is not open at all.
pub fn stdout_discards() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};

    let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
        return true;
    };
    let Ok(meta) = std::fs::File::from(fd).metadata() else {
        return true;
    };
    let Ok(null) = std::fs::metadata("/dev/null") else {
        return false;
    };
    meta.file_type().is_char_device() && meta.rdev() == null.rdev()
}

fn sync_parent(path: &Path) {
    // Makes the new directory entry durable; best effort, as not every filesystem supports it.
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Ok(dir) = std::fs::File::open(parent.unwrap_or(Path::new("."))) {
        let _ = dir.sync_all();
    }
}

/// Test hook (debug builds only): with `LOCKET_TEST_PAUSE_BEFORE_COMMIT` set, a rotation says
/// so on stderr once the key is delivered and waits forever, so a test can kill it there.
pub fn pause_before_commit_for_tests() {
    #[cfg(debug_assertions)]
    if std::env::var_os("LOCKET_TEST_PAUSE_BEFORE_COMMIT").is_some() {
        eprintln!("locket: test hook: paused before the commit");
        loop {
            std::thread::park();
        }
    }
}
