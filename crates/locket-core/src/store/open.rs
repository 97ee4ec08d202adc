//! Creating a vault and unlocking one: the header's key check and passphrase wrap.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use rusqlite::{OpenFlags, OptionalExtension, TransactionBehavior};
use secrecy::{ExposeSecret, SecretString};

use super::files::{connect, db_error, sync_dir, write_header};
use super::manifest::Manifest;
use super::{LockedVault, VAULT_FILE, Vault, hex, schema, vault_file};
use crate::envelope::{Place, Subkeys, VAULT_ID_LEN, VaultId};
use crate::error::{Error, Result, random_fill};
use crate::key::VaultKey;
use crate::passphrase::{Argon2Params, PassphraseWrap};

/// Sealed in the header under the vault key: opening it proves the key is this vault's.
pub(super) const KEY_CHECK: &[u8] = b"locket key check v1";

impl LockedVault {
    pub fn open(dir: &Path) -> Result<Self> {
        let path = vault_file(dir);
        if !path.exists() {
            return Err(Error::NoVault {
                dir: dir.to_path_buf(),
            });
        }
        let mut conn = connect(&path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let found =
            schema::version(&conn).map_err(db_error(&path, "reading the format version"))?;
        if found > schema::CURRENT {
            return Err(Error::FormatTooNew {
                dir: dir.to_path_buf(),
                found,
                supported: schema::CURRENT,
            });
        }
        if found == 0 {
            return Err(Error::NotAVault {
                path,
                detail: "it has no locket tables".into(),
            });
        }
        if found < schema::CURRENT {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db_error(&path, "starting the format upgrade"))?;
            // Re-read under the write lock: another process may have upgraded meanwhile.
            let found =
                schema::version(&tx).map_err(db_error(&path, "reading the format version"))?;
            schema::migrate(&tx, found).map_err(db_error(&path, "upgrading the vault format"))?;
            tx.commit()
                .map_err(db_error(&path, "upgrading the vault format"))?;
        }
        let header = |k: &str| -> Result<Option<Vec<u8>>> {
            conn.query_row("SELECT v FROM header WHERE k = ?1", [k], |r| r.get(0))
                .optional()
                .map_err(db_error(&path, "reading the vault header"))
        };
        let missing = |what: &str| Error::Tampered {
            what: format!("the vault header ({what} is missing)"),
        };
        let vault_id: VaultId = header("vault_id")?
            .ok_or_else(|| missing("vault id"))?
            .try_into()
            .map_err(|_| Error::Tampered {
                what: "the vault header (vault id)".into(),
            })?;
        let key_check = header("key_check")?.ok_or_else(|| missing("key check"))?;
        let wrap = match header("passphrase_wrap")? {
            Some(bytes) => Some(postcard::from_bytes(&bytes).map_err(|_| Error::Tampered {
                what: "the vault header (passphrase wrap)".into(),
            })?),
            None => None,
        };
        Ok(LockedVault {
            dir: dir.to_path_buf(),
            conn,
            vault_id,
            key_check,
            wrap,
        })
    }

    /// A stable public identifier: names this vault's OS-keyring entry.
    pub fn id_hex(&self) -> String {
        hex(&self.vault_id)
    }

    pub fn has_passphrase(&self) -> bool {
        self.wrap.is_some()
    }

    pub fn unlock(self, key: &VaultKey) -> Result<Vault> {
        let keys = Subkeys::derive(key, &self.vault_id);
        let check = keys.open(
            &key_check_place(&self.vault_id),
            &self.key_check,
            String::new,
        );
        match check {
            Ok(plain) if plain.as_slice() == KEY_CHECK => Ok(Vault {
                dir: self.dir,
                conn: self.conn,
                vault_id: self.vault_id,
                keys,
                key_check: self.key_check,
                wrap: self.wrap,
            }),
            _ => Err(Error::WrongKey { dir: self.dir }),
        }
    }

    /// Unlocks with what a person typed when asked for "the vault key or passphrase" (the CLI's
    /// prompt, the web UI's form): a key when it looks like one or the vault has no passphrase,
    /// else the passphrase. Returns the key and whether the passphrase opened the vault.
    pub fn unlock_with_answer(self, answer: &SecretString) -> Result<(Vault, VaultKey, bool)> {
        let looks_like_key = answer
            .expose_secret()
            .trim()
            .to_ascii_uppercase()
            .starts_with("LOCKET-KEY-");
        if looks_like_key || !self.has_passphrase() {
            let key = VaultKey::parse(answer.expose_secret())?;
            let vault = self.unlock(&key)?;
            return Ok((vault, key, false));
        }
        let (vault, key) = self.unlock_with_passphrase(answer)?;
        Ok((vault, key, true))
    }

    /// Unlocks with the passphrase; returns the vault key too, so callers can show or store it.
    pub fn unlock_with_passphrase(self, passphrase: &SecretString) -> Result<(Vault, VaultKey)> {
        let wrap = self.wrap.as_ref().ok_or_else(|| Error::NoPassphrase {
            dir: self.dir.clone(),
        })?;
        let key = wrap
            .unwrap_key(passphrase, &wrap_aad(&self.vault_id))?
            .ok_or_else(|| Error::WrongPassphrase {
                dir: self.dir.clone(),
            })?;
        let vault = self.unlock(&key)?;
        Ok((vault, key))
    }
}

impl Vault {
    /// Creates a new vault in `dir`. The database is built under a temporary name and linked
    /// into place only when complete, so a crash leaves either a whole vault or none, and an
    /// existing vault is never overwritten (even by a concurrent `init`).
    pub fn create(
        dir: &Path,
        key: &VaultKey,
        passphrase: Option<(&SecretString, Argon2Params)>,
    ) -> Result<Vault> {
        let path = vault_file(dir);
        if path.exists() {
            return Err(Error::VaultExists {
                dir: dir.to_path_buf(),
            });
        }
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(Error::io("creating the vault directory", dir))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(Error::io("restricting permissions of", dir))?;

        let mut vault_id = [0u8; VAULT_ID_LEN];
        random_fill(&mut vault_id)?;
        let temp = dir.join(format!(".{VAULT_FILE}.creating-{}", hex(&vault_id)));
        let result = build_new_vault(&temp, &vault_id, key, passphrase).and_then(|()| {
            fs::hard_link(&temp, &path).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Error::VaultExists {
                    dir: dir.to_path_buf(),
                },
                _ => Error::io("putting the new vault in place at", &path)(e),
            })
        });
        let _ = fs::remove_file(&temp);
        result?;
        sync_dir(dir);
        LockedVault::open(dir)?.unlock(key)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn id_hex(&self) -> String {
        hex(&self.vault_id)
    }

    pub fn has_passphrase(&self) -> bool {
        self.wrap.is_some()
    }
}

fn build_new_vault(
    temp: &Path,
    vault_id: &VaultId,
    key: &VaultKey,
    passphrase: Option<(&SecretString, Argon2Params)>,
) -> Result<()> {
    let _ = fs::remove_file(temp);
    // Create the file ourselves so it is 0600 from the first byte; SQLite gives its -wal and
    // -shm files the same mode.
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(temp)
        .map_err(Error::io("creating", temp))?;
    let mut conn = connect(temp, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(db_error(temp, "enabling write-ahead logging"))?;
    let keys = Subkeys::derive(key, vault_id);
    let wrap = passphrase
        .map(|(pass, params)| PassphraseWrap::new(key, pass, params, &wrap_aad(vault_id)))
        .transpose()?;
    let tx = conn
        .transaction()
        .map_err(db_error(temp, "creating the vault"))?;
    schema::migrate(&tx, 0).map_err(db_error(temp, "creating the vault tables"))?;
    let write = |k: &str, v: &[u8]| {
        write_header(&tx, k, v).map_err(db_error(temp, "writing the vault header"))
    };
    write("format", b"locket-vault")?;
    write("vault_id", vault_id)?;
    write(
        "key_check",
        &keys.seal(&key_check_place(vault_id), KEY_CHECK)?,
    )?;
    write("manifest", &Manifest::default().seal(&keys, vault_id)?)?;
    if let Some(wrap) = &wrap {
        write(
            "passphrase_wrap",
            &postcard::to_allocvec(wrap).expect("postcard encodes PassphraseWrap"),
        )?;
    }
    tx.commit().map_err(db_error(temp, "creating the vault"))?;
    // Closing checkpoints the WAL into the main file, so the hard link carries everything.
    conn.close()
        .map_err(|(_, e)| db_error(temp, "closing the new vault")(e))?;
    Ok(())
}

impl Vault {
    /// Fails with [`Error::VaultChanged`] unless the vault's key is still the one this `Vault`
    /// was unlocked with. Called inside every write transaction, after the write lock is
    /// taken: a process that unlocked before another one rotated the key must not write rows
    /// sealed under the old key, which nothing could open any more.
    pub(super) fn ensure_key_current(&self, conn: &rusqlite::Connection) -> Result<()> {
        let found: Option<Vec<u8>> = conn
            .query_row("SELECT v FROM header WHERE k = 'key_check'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.db("checking the vault key"))?;
        if found.as_deref() == Some(self.key_check.as_slice()) {
            Ok(())
        } else {
            Err(Error::VaultChanged {
                dir: self.dir.clone(),
                during: "write",
            })
        }
    }

    /// A record that does not open under this vault's key is tampered with, and a name whose
    /// keyed hash is not found is absent, unless the key was rotated by another process since
    /// this one unlocked: then it is that, and a retry works.
    pub(super) fn explain_read(&self, e: Error) -> Error {
        if !matches!(e, Error::Tampered { .. } | Error::NotFound { .. }) {
            return e;
        }
        match self.ensure_key_current(&self.conn) {
            Err(Error::VaultChanged { dir, .. }) => Error::VaultChanged {
                dir,
                during: "read",
            },
            _ => e,
        }
    }
}

pub(super) fn key_check_place(vault_id: &VaultId) -> Place<'_> {
    Place {
        table: "header",
        column: "key_check",
        row: vault_id,
    }
}

pub(super) fn wrap_aad(vault_id: &VaultId) -> Vec<u8> {
    crate::envelope::aad(
        vault_id,
        &Place {
            table: "header",
            column: "passphrase_wrap",
            row: b"",
        },
    )
}
