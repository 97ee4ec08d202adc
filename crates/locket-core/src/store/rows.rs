//! Rows of the `secrets` table: sealing and opening them, and the writer that changes them
//! inside one transaction while keeping the manifest in step.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use secrecy::SecretBox;
use zeroize::Zeroizing;

use super::files::{db_error, write_header};
use super::manifest::{Manifest, read_manifest};
use super::secrets::SecretMeta;
use super::suggest::not_found;
use super::{Vault, hex, vault_file};
use crate::domain::AllowedDomain;
use crate::envelope::{Place, Subkeys, VaultId};
use crate::error::{Error, Result, random_fill};
use crate::name::SecretName;
use crate::record::MetaRecord;

/// Size of a sealed empty value: version byte, nonce, tag.
pub(super) const SEALED_EMPTY_LEN: usize = 1 + 12 + 16;

/// The parts of a vault a write needs while the connection is inside a transaction.
#[derive(Clone, Copy)]
pub(super) struct VaultView<'a> {
    pub(super) keys: &'a Subkeys,
    pub(super) vault_id: &'a VaultId,
    pub(super) dir: &'a Path,
}

pub(super) struct Writer<'a> {
    pub(super) tx: &'a Transaction<'a>,
    pub(super) vault: VaultView<'a>,
    pub(super) manifest: Manifest,
    pub(super) action: &'static str,
}

impl Writer<'_> {
    pub(super) fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |e| db_error(&vault_file(self.vault.dir), self.action)(e)
    }

    pub(super) fn not_found(&self, name: &SecretName) -> Error {
        not_found(self.tx, self.vault.keys, name)
    }

    pub(super) fn find(&self, name: &SecretName) -> Result<Option<(StoredRow, MetaRecord)>> {
        let hash = self.vault.keys.name_hash(name.as_str());
        let row = self
            .tx
            .query_row(
                "SELECT id, meta, value FROM secrets WHERE name_hash = ?1",
                [&hash[..]],
                |r| {
                    Ok(StoredRow {
                        id: r.get(0)?,
                        name_hash: hash.to_vec(),
                        meta: r.get(1)?,
                        value: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())?;
        match row {
            None => Ok(None),
            Some(row) => {
                let record = open_record(self.vault.keys, &row, Some(name))?;
                Ok(Some((row, record)))
            }
        }
    }

    /// Inserts (id `None`) or replaces a row, keeping the manifest in step.
    pub(super) fn put(
        &mut self,
        id: Option<Vec<u8>>,
        meta: &MetaRecord,
        value: &[u8],
    ) -> Result<()> {
        let id = match id {
            Some(id) => {
                if let Some(old) = self.row_by_id(&id)? {
                    self.delete(&old)?;
                }
                id
            }
            None => {
                let mut id = vec![0u8; 16];
                random_fill(&mut id)?;
                id
            }
        };
        let row = seal_row(self.vault.keys, id, meta, value)?;
        insert_row(self.tx, &row).map_err(self.err())?;
        self.manifest.add(self.vault.keys, &row);
        Ok(())
    }

    pub(super) fn delete(&mut self, row: &StoredRow) -> Result<()> {
        self.tx
            .execute("DELETE FROM secrets WHERE id = ?1", [&row.id])
            .map_err(self.err())?;
        self.manifest.remove(self.vault.keys, row);
        Ok(())
    }

    pub(super) fn row_by_id(&self, id: &[u8]) -> Result<Option<StoredRow>> {
        self.tx
            .query_row(
                "SELECT id, name_hash, meta, value FROM secrets WHERE id = ?1",
                [id],
                |r| {
                    Ok(StoredRow {
                        id: r.get(0)?,
                        name_hash: r.get(1)?,
                        meta: r.get(2)?,
                        value: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())
    }
}

impl Vault {
    /// Runs `f` in one immediate transaction that also keeps the manifest current.
    pub(super) fn write<T>(
        &mut self,
        action: &'static str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let path = vault_file(&self.dir);
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(db_error(&path, action))?;
        self.ensure_key_current(&tx)?;
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

    pub(super) fn all_rows(&self) -> Result<Vec<StoredRow>> {
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
}

/// One row of the `secrets` table, as stored.
pub(crate) struct StoredRow {
    pub id: Vec<u8>,
    pub name_hash: Vec<u8>,
    pub meta: Vec<u8>,
    pub value: Vec<u8>,
}

impl StoredRow {
    /// The row identity bound into both ciphertexts' associated data.
    pub(super) fn place_row(&self) -> Vec<u8> {
        [self.id.as_slice(), self.name_hash.as_slice()].concat()
    }
}

pub(super) fn seal_row(
    keys: &Subkeys,
    id: Vec<u8>,
    meta: &MetaRecord,
    value: &[u8],
) -> Result<StoredRow> {
    let name_hash = keys.name_hash(&meta.name).to_vec();
    let mut row = StoredRow {
        id,
        name_hash,
        meta: Vec::new(),
        value: Vec::new(),
    };
    let place_row = row.place_row();
    row.meta = keys.seal(
        &Place {
            table: "secrets",
            column: "meta",
            row: &place_row,
        },
        &meta.encode(),
    )?;
    row.value = keys.seal(
        &Place {
            table: "secrets",
            column: "value",
            row: &place_row,
        },
        value,
    )?;
    Ok(row)
}

pub(super) fn insert_row(conn: &Connection, row: &StoredRow) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO secrets (id, name_hash, meta, value) VALUES (?1, ?2, ?3, ?4)",
        params![row.id, row.name_hash, row.meta, row.value],
    )
}

pub(super) fn open_record(
    keys: &Subkeys,
    row: &StoredRow,
    expected: Option<&SecretName>,
) -> Result<MetaRecord> {
    let what = || format!("a secret record (id {})", hex(&row.id));
    let place_row = row.place_row();
    let plain = keys.open(
        &Place {
            table: "secrets",
            column: "meta",
            row: &place_row,
        },
        &row.meta,
        what,
    )?;
    let record = MetaRecord::decode(&plain).ok_or_else(|| Error::Tampered { what: what() })?;
    // The name hash is bound in the associated data, but check the name itself too: a row
    // must never answer for a name it does not hold.
    let name_ok = SecretName::new(&record.name).is_ok()
        && keys.name_hash(&record.name)[..] == row.name_hash[..];
    if !name_ok || expected.is_some_and(|n| n.as_str() != record.name) {
        return Err(Error::Tampered { what: what() });
    }
    Ok(record)
}

pub(super) fn open_meta_with(
    keys: &Subkeys,
    row: &StoredRow,
    expected: Option<&SecretName>,
) -> Result<SecretMeta> {
    let record = open_record(keys, row, expected)?;
    let domains = record
        .domains
        .iter()
        .map(|d| AllowedDomain::parse(d))
        .collect::<Result<Vec<_>>>()
        .map_err(|_| Error::Tampered {
            what: format!("the allowed domains of secret {:?}", record.name),
        })?;
    Ok(SecretMeta {
        id: row.id.clone(),
        name: SecretName::new(&record.name)?,
        allowed_domains: domains,
        enabled: record.enabled,
        link: record.link.clone(),
        created: record.created,
        updated: record.updated,
        empty: row.value.len() <= SEALED_EMPTY_LEN,
    })
}

pub(super) fn open_value_with(
    keys: &Subkeys,
    row: &StoredRow,
    name: &str,
) -> Result<SecretBox<[u8]>> {
    let place_row = row.place_row();
    let plain: Zeroizing<Vec<u8>> = keys.open(
        &Place {
            table: "secrets",
            column: "value",
            row: &place_row,
        },
        &row.value,
        || format!("the value of secret {name:?}"),
    )?;
    // Copy into an exactly-sized box; `plain` (with its spare capacity) is zeroed on drop.
    Ok(SecretBox::new(Box::<[u8]>::from(plain.as_slice())))
}
