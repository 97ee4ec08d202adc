//! The vault on disk: one SQLite database (WAL mode) in a 0700 directory.
//!
//! Tables (see [`schema`]): `header` holds the vault id (plaintext), a key check, the sealed
//! manifest and the optional passphrase wrap; `secrets` holds one row per secret with a random
//! id, a keyed hash of the name for lookup, and the sealed metadata and value. Nothing in the
//! file is readable without the key except counts and sizes.
//!
//! Every write runs in one `BEGIN IMMEDIATE` transaction with `synchronous=FULL`, so a write is
//! either fully on disk when the call returns or absent after a crash, and concurrent writers
//! queue on SQLite's lock (up to [`BUSY_TIMEOUT`]).

mod cache;
mod files;
mod integrations;
mod links;
mod manifest;
mod rows;
pub mod schema;
mod suggest;

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use zeroize::Zeroizing;

use crate::domain::AllowedDomain;
use crate::envelope::{Place, Subkeys, VAULT_ID_LEN, VaultId};
use crate::error::{Error, Result, random_fill};
use crate::key::VaultKey;
use crate::name::SecretName;
use crate::passphrase::{Argon2Params, PassphraseWrap};
pub use crate::record::Link;
use crate::record::MetaRecord;
use files::*;
use manifest::Manifest;
use rows::*;
use std::collections::BTreeMap;
use suggest::not_found;

pub use cache::{CacheInfo, CachedValue, DEFAULT_CACHE_TTL_MINUTES, Fetch, MAX_CACHE_TTL_MINUTES};
pub use files::{destroy, write_private_file};
pub use integrations::Integration;

pub use schema::CURRENT as FORMAT_VERSION;

pub const VAULT_FILE: &str = "vault.db";
/// How long a writer waits for another process's write to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
const KEY_CHECK: &[u8] = b"locket key check v1";
/// Size of a sealed empty value: version byte, nonce, tag.
const SEALED_EMPTY_LEN: usize = 1 + 12 + 16;

/// A secret's metadata: everything but the value.
#[derive(Debug, Clone)]
pub struct SecretMeta {
    /// Random, fixed at creation and kept across renames; cached values are keyed by it.
    pub id: Vec<u8>,
    pub name: SecretName,
    pub allowed_domains: Vec<AllowedDomain>,
    pub enabled: bool,
    /// Where the value lives when it is fetched from an external vault.
    pub link: Option<Link>,
    pub created: i64,
    pub updated: i64,
    pub empty: bool,
}

/// A secret with its value. The value is never shown by `Debug`.
pub struct Secret {
    pub meta: SecretMeta,
    pub value: SecretBox<[u8]>,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secret")
            .field("meta", &self.meta)
            .field("value", &"[redacted]")
            .finish()
    }
}

/// A secret to write, as read from an import file or a prompt.
pub struct NewSecret {
    pub name: SecretName,
    pub value: SecretBox<[u8]>,
    pub allowed_domains: Vec<AllowedDomain>,
    pub enabled: bool,
    /// A linked secret (its value is then empty): the integration must exist in this vault.
    pub link: Option<Link>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOutcome {
    Created,
    Updated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    Skip,
    Overwrite,
    Fail,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub overwritten: usize,
    pub skipped: usize,
}

/// What `doctor` learns from reading every record.
#[derive(Debug, Default)]
pub struct IntegrityReport {
    pub records: usize,
    pub problems: Vec<String>,
}

/// An opened vault file whose key has not been checked yet.
pub struct LockedVault {
    dir: PathBuf,
    conn: Connection,
    vault_id: VaultId,
    key_check: Vec<u8>,
    wrap: Option<PassphraseWrap>,
}

/// An unlocked vault.
pub struct Vault {
    dir: PathBuf,
    conn: Connection,
    vault_id: VaultId,
    keys: Subkeys,
    wrap: Option<PassphraseWrap>,
}

pub fn vault_file(dir: &Path) -> PathBuf {
    dir.join(VAULT_FILE)
}

pub fn exists(dir: &Path) -> bool {
    vault_file(dir).exists()
}

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
                wrap: self.wrap,
            }),
            _ => Err(Error::WrongKey { dir: self.dir }),
        }
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

    pub fn get(&self, name: &SecretName) -> Result<Secret> {
        let hash = self.keys.name_hash(name.as_str());
        let row: Option<(Vec<u8>, Vec<u8>, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT id, meta, value FROM secrets WHERE name_hash = ?1",
                [&hash[..]],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(self.db("reading a secret"))?;
        let Some((id, meta, value)) = row else {
            return Err(self.not_found(name));
        };
        let row = StoredRow {
            id,
            name_hash: hash.to_vec(),
            meta,
            value,
        };
        let meta = open_meta_with(&self.keys, &row, Some(name))?;
        let value = open_value_with(&self.keys, &row, meta.name.as_str())?;
        Ok(Secret { meta, value })
    }

    /// Adds or updates a secret. `allow: None` keeps an existing secret's domains.
    pub fn set(
        &mut self,
        name: &SecretName,
        value: &SecretBox<[u8]>,
        allow: Option<Vec<AllowedDomain>>,
    ) -> Result<SetOutcome> {
        self.write("saving a secret", |w| {
            let existing = w.find(name)?;
            if let Some(link) = existing.as_ref().and_then(|(_, m)| m.link.as_ref()) {
                return Err(Error::Linked {
                    name: name.to_string(),
                    link: link.to_string(),
                });
            }
            let meta = next_meta(existing.as_ref().map(|(_, m)| m), name, allow, None);
            let id = existing.as_ref().map(|(row, _)| row.id.clone());
            w.put(id, &meta, value.expose_secret())?;
            Ok(if existing.is_some() {
                SetOutcome::Updated
            } else {
                SetOutcome::Created
            })
        })
    }

    /// Every secret's metadata, sorted by name. Values are not decrypted.
    pub fn list(&self) -> Result<Vec<SecretMeta>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name_hash, meta, length(value) FROM secrets")
            .map_err(self.db("listing secrets"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    StoredRow {
                        id: r.get(0)?,
                        name_hash: r.get(1)?,
                        meta: r.get(2)?,
                        value: Vec::new(),
                    },
                    r.get::<_, i64>(3)?,
                ))
            })
            .map_err(self.db("listing secrets"))?;
        let mut out = Vec::new();
        for row in rows {
            let (row, value_len) = row.map_err(self.db("listing secrets"))?;
            let mut meta = open_meta_with(&self.keys, &row, None)?;
            meta.empty = value_len as usize <= SEALED_EMPTY_LEN;
            out.push(meta);
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    pub fn remove(&mut self, name: &SecretName) -> Result<()> {
        self.write("removing a secret", |w| {
            let (row, _) = w.find(name)?.ok_or_else(|| w.not_found(name))?;
            cache::forget(w.tx, &row.id).map_err(w.err())?;
            w.delete(&row)
        })
    }

    pub fn rename(&mut self, old: &SecretName, new: &SecretName) -> Result<()> {
        self.write("renaming a secret", |w| {
            if old == new {
                return w.find(old)?.map(|_| ()).ok_or_else(|| w.not_found(old));
            }
            if w.find(new)?.is_some() {
                return Err(Error::AlreadyExists {
                    name: new.to_string(),
                });
            }
            let (row, meta) = w.find(old)?.ok_or_else(|| w.not_found(old))?;
            let value = open_value_with(w.vault.keys, &row, &meta.name)?;
            w.delete(&row)?;
            let renamed = MetaRecord {
                name: new.to_string(),
                updated: now(),
                ..meta
            };
            w.put(Some(row.id), &renamed, value.expose_secret())
        })
    }

    pub fn set_enabled(&mut self, name: &SecretName, enabled: bool) -> Result<()> {
        self.update_meta(name, |m| m.enabled = enabled)
    }

    pub fn set_domains(&mut self, name: &SecretName, domains: Vec<AllowedDomain>) -> Result<()> {
        self.update_meta(name, |m| m.domains = domain_strings(domains))
    }

    /// Imports all of `secrets` in one transaction: on any error, nothing is written.
    pub fn import(
        &mut self,
        secrets: &[NewSecret],
        on_conflict: OnConflict,
    ) -> Result<ImportReport> {
        self.write("importing secrets", |w| {
            let mut report = ImportReport::default();
            for new in secrets {
                let existing = w.find(&new.name)?;
                let now = now();
                if let Some(link) = &new.link
                    && SecretName::new(&link.integration)
                        .ok()
                        .and_then(|n| integrations::find_integration(w.tx, w.vault.keys, &n).transpose())
                        .transpose()?
                        .is_none()
                {
                    return Err(Error::Import {
                        path: "the import".into(),
                        message: format!(
                            "secret {:?} links through integration {:?}, which this vault does not have: add it first (`locket integration add KIND {}`)",
                            new.name.as_str(),
                            link.integration,
                            link.integration
                        ),
                    });
                }
                let meta = MetaRecord {
                    name: new.name.to_string(),
                    domains: domain_strings(new.allowed_domains.clone()),
                    enabled: new.enabled,
                    link: new.link.clone(),
                    created: existing.as_ref().map_or(now, |(_, m)| m.created),
                    updated: now,
                };
                match (&existing, on_conflict) {
                    (None, _) => report.created += 1,
                    (Some(_), OnConflict::Skip) => {
                        report.skipped += 1;
                        continue;
                    }
                    (Some(_), OnConflict::Overwrite) => report.overwritten += 1,
                    (Some(_), OnConflict::Fail) => {
                        return Err(Error::AlreadyExists {
                            name: new.name.to_string(),
                        });
                    }
                }
                if let Some((row, _)) = &existing {
                    cache::forget(w.tx, &row.id).map_err(w.err())?;
                }
                w.put(
                    existing.map(|(row, _)| row.id),
                    &meta,
                    new.value.expose_secret(),
                )?;
            }
            Ok(report)
        })
    }

    /// Every secret with its value, sorted by name (for export).
    pub fn export_all(&self) -> Result<Vec<Secret>> {
        let mut secrets = self
            .all_rows()?
            .iter()
            .map(|row| {
                let meta = open_meta_with(&self.keys, row, None)?;
                let value = open_value_with(&self.keys, row, meta.name.as_str())?;
                Ok(Secret { meta, value })
            })
            .collect::<Result<Vec<_>>>()?;
        secrets.sort_by(|a, b| a.meta.name.cmp(&b.meta.name));
        Ok(secrets)
    }

    /// Re-encrypts every record under `new_key` in one transaction. If the vault has a
    /// passphrase, `passphrase` must be given: it is checked and re-wraps the new key.
    pub fn rotate(&mut self, new_key: &VaultKey, passphrase: Option<&SecretString>) -> Result<()> {
        let new_wrap = match (&self.wrap, passphrase) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(Error::NoPassphrase {
                    dir: self.dir.clone(),
                });
            }
            (Some(wrap), Some(pass)) => {
                wrap.unwrap_key(pass, &wrap_aad(&self.vault_id))?
                    .ok_or_else(|| Error::WrongPassphrase {
                        dir: self.dir.clone(),
                    })?;
                Some(PassphraseWrap::new(
                    new_key,
                    pass,
                    wrap.params,
                    &wrap_aad(&self.vault_id),
                )?)
            }
        };
        let new_keys = Subkeys::derive(new_key, &self.vault_id);
        let rows = self.all_rows()?;
        let integrations = integrations::all_integrations(&self.conn, &self.keys)?;
        let ttl = self.cache_ttl_minutes()?;
        let path = vault_file(&self.dir);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error(&path, "rotating the key"))?;
        let mut manifest = Manifest::default();
        tx.execute("DELETE FROM secrets", [])
            .map_err(db_error(&path, "rotating the key"))?;
        for row in &rows {
            let meta = open_meta_with(&self.keys, row, None)?;
            let record = MetaRecord {
                name: meta.name.to_string(),
                domains: domain_strings(meta.allowed_domains.clone()),
                enabled: meta.enabled,
                link: meta.link.clone(),
                created: meta.created,
                updated: meta.updated,
            };
            let value = open_value_with(&self.keys, row, meta.name.as_str())?;
            let fresh = seal_row(&new_keys, row.id.clone(), &record, value.expose_secret())?;
            insert_row(&tx, &fresh).map_err(db_error(&path, "rotating the key"))?;
            manifest.add(&new_keys, &fresh);
        }
        tx.execute("DELETE FROM integrations", [])
            .map_err(db_error(&path, "rotating the key"))?;
        for record in &integrations {
            integrations::put_integration(&tx, &new_keys, record)
                .map_err(db_error(&path, "rotating the key"))?;
        }
        cache::reseal_all(&tx, &self.keys, &new_keys)
            .map_err(db_error(&path, "rotating the key"))?;
        write_header(
            &tx,
            "cache_ttl",
            &new_keys.seal(&cache::ttl_place(&self.vault_id), &ttl.to_be_bytes())?,
        )
        .map_err(db_error(&path, "rotating the key"))?;
        write_header(
            &tx,
            "key_check",
            &new_keys.seal(&key_check_place(&self.vault_id), KEY_CHECK)?,
        )
        .map_err(db_error(&path, "rotating the key"))?;
        write_header(&tx, "manifest", &manifest.seal(&new_keys, &self.vault_id)?)
            .map_err(db_error(&path, "rotating the key"))?;
        if let Some(wrap) = &new_wrap {
            write_header(
                &tx,
                "passphrase_wrap",
                &postcard::to_allocvec(wrap).expect("postcard encodes PassphraseWrap"),
            )
            .map_err(db_error(&path, "rotating the key"))?;
        }
        tx.commit().map_err(db_error(&path, "rotating the key"))?;
        self.keys = new_keys;
        self.wrap = new_wrap;
        Ok(())
    }

    /// Opens every record and recomputes the manifest: finds modified, swapped, replayed or
    /// deleted rows.
    pub fn verify(&self) -> Result<IntegrityReport> {
        let mut report = IntegrityReport::default();
        let mut manifest = Manifest::default();
        for row in self.all_rows()? {
            report.records += 1;
            manifest.add(&self.keys, &row);
            let checked = open_meta_with(&self.keys, &row, None)
                .and_then(|meta| open_value_with(&self.keys, &row, meta.name.as_str()).map(|_| ()));
            if let Err(e) = checked {
                report.problems.push(e.to_string());
            }
        }
        match integrations::all_integrations(&self.conn, &self.keys) {
            Ok(found) => report.records += found.len(),
            Err(e) => report.problems.push(e.to_string()),
        }
        for (secret_id, sealed) in
            cache::cache_rows(&self.conn).map_err(self.db("reading the cache"))?
        {
            report.records += 1;
            if let Err(e) = cache::check(&self.keys, &secret_id, &sealed) {
                report.problems.push(e.to_string());
            }
        }
        match self.stored_manifest() {
            Ok(stored) if stored == manifest => {}
            Ok(stored) => report.problems.push(format!(
                "the vault manifest does not match its records ({} recorded, {} present): records were deleted, added or rolled back outside locket",
                stored.count, manifest.count
            )),
            Err(e) => report.problems.push(e.to_string()),
        }
        let check: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(self.db("checking the database structure"))?;
        if check != "ok" {
            report
                .problems
                .push(format!("SQLite structure check: {check}"));
        }
        Ok(report)
    }

    fn update_meta(
        &mut self,
        name: &SecretName,
        change: impl FnOnce(&mut MetaRecord),
    ) -> Result<()> {
        self.write("updating a secret", |w| {
            let (row, mut meta) = w.find(name)?.ok_or_else(|| w.not_found(name))?;
            change(&mut meta);
            meta.updated = now();
            let value = open_value_with(w.vault.keys, &row, &meta.name)?;
            w.put(Some(row.id), &meta, value.expose_secret())
        })
    }

    /// Runs `f` in one immediate transaction that also keeps the manifest current.
    fn write<T>(
        &mut self,
        action: &'static str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let path = vault_file(&self.dir);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error(&path, action))?;
        // `self.conn` is borrowed by `tx`; the rest of the vault is read through a shared view.
        let vault = VaultView {
            keys: &self.keys,
            vault_id: &self.vault_id,
            dir: &self.dir,
        };
        let manifest = read_manifest(&tx, vault.keys, vault.vault_id)?;
        let mut writer = Writer {
            tx: &tx,
            vault,
            manifest,
            action,
        };
        let out = f(&mut writer)?;
        let sealed = writer.manifest.seal(vault.keys, vault.vault_id)?;
        write_header(&tx, "manifest", &sealed).map_err(db_error(&path, action))?;
        tx.commit().map_err(db_error(&path, action))?;
        Ok(out)
    }

    fn all_rows(&self) -> Result<Vec<StoredRow>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name_hash, meta, value FROM secrets")
            .map_err(self.db("reading secrets"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(StoredRow {
                    id: r.get(0)?,
                    name_hash: r.get(1)?,
                    meta: r.get(2)?,
                    value: r.get(3)?,
                })
            })
            .map_err(self.db("reading secrets"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(self.db("reading secrets"))
    }

    fn stored_manifest(&self) -> Result<Manifest> {
        read_manifest(&self.conn, &self.keys, &self.vault_id)
    }

    fn not_found(&self, name: &SecretName) -> Error {
        not_found(&self.conn, &self.keys, name)
    }

    fn db(&self, action: &'static str) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |e| db_error(&vault_file(&self.dir), action)(e)
    }
}

fn key_check_place(vault_id: &VaultId) -> Place<'_> {
    Place {
        table: "header",
        column: "key_check",
        row: vault_id,
    }
}

fn wrap_aad(vault_id: &VaultId) -> Vec<u8> {
    crate::envelope::aad(
        vault_id,
        &Place {
            table: "header",
            column: "passphrase_wrap",
            row: b"",
        },
    )
}

/// A secret's metadata after a write: the existing record with the new domains (kept when
/// `allow` is `None`) and link, or a new enabled record.
fn next_meta(
    existing: Option<&MetaRecord>,
    name: &SecretName,
    allow: Option<Vec<AllowedDomain>>,
    link: Option<Link>,
) -> MetaRecord {
    let now = now();
    match existing {
        Some(old) => MetaRecord {
            domains: allow
                .map(domain_strings)
                .unwrap_or_else(|| old.domains.clone()),
            link,
            updated: now,
            ..old.clone()
        },
        None => MetaRecord {
            name: name.to_string(),
            domains: allow.map(domain_strings).unwrap_or_default(),
            enabled: true,
            link,
            created: now,
            updated: now,
        },
    }
}

fn domain_strings(domains: Vec<AllowedDomain>) -> Vec<String> {
    domains.iter().map(ToString::to_string).collect()
}

/// Unix seconds, as every timestamp in the vault.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
