//! The vault manifest: a keyed digest of the whole `secrets` table, updated with every write.
//!
//! It is the XOR of an HMAC per row (over the row's id, name hash and both ciphertexts) plus a
//! row count, sealed in the header. XOR makes it updatable in O(1) per changed row; the HMAC
//! key makes it unforgeable without the vault key. `doctor` recomputes it to catch what the
//! per-row associated data cannot: a deleted row, or a row rolled back to an older ciphertext.

use rusqlite::{Connection, OptionalExtension};

use super::Vault;
use super::rows::StoredRow;
use crate::envelope::{Place, Subkeys, VaultId};
use crate::error::{Error, Result};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Manifest {
    pub count: u64,
    digest: [u8; 32],
}

impl Manifest {
    pub fn add(&mut self, keys: &Subkeys, row: &StoredRow) {
        self.count += 1;
        self.toggle(keys, row);
    }

    pub fn remove(&mut self, keys: &Subkeys, row: &StoredRow) {
        self.count = self.count.saturating_sub(1);
        self.toggle(keys, row);
    }

    fn toggle(&mut self, keys: &Subkeys, row: &StoredRow) {
        let d = keys.row_digest(&[&row.id, &row.name_hash, &row.meta, &row.value]);
        self.digest.iter_mut().zip(d).for_each(|(a, b)| *a ^= b);
    }

    pub fn seal(&self, keys: &Subkeys, vault_id: &VaultId) -> Result<Vec<u8>> {
        let mut plain = self.count.to_be_bytes().to_vec();
        plain.extend_from_slice(&self.digest);
        keys.seal(&place(vault_id), &plain)
    }

    pub fn open(keys: &Subkeys, vault_id: &VaultId, sealed: &[u8]) -> Result<Self> {
        let what = || "the vault manifest".to_string();
        let plain = keys.open(&place(vault_id), sealed, what)?;
        if plain.len() != 40 {
            return Err(Error::Tampered { what: what() });
        }
        let (count, digest) = plain.split_at(8);
        Ok(Manifest {
            count: u64::from_be_bytes(count.try_into().expect("8 bytes")),
            digest: digest.try_into().expect("32 bytes"),
        })
    }
}

fn place(vault_id: &VaultId) -> Place<'_> {
    Place {
        table: "header",
        column: "manifest",
        row: vault_id,
    }
}

/// The manifest sealed in the header; a vault without one was tampered with.
pub(super) fn read_manifest(
    conn: &Connection,
    keys: &Subkeys,
    vault_id: &VaultId,
) -> Result<Manifest> {
    let sealed: Option<Vec<u8>> = conn
        .query_row("SELECT v FROM header WHERE k = 'manifest'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|e| Error::Database {
            action: "reading the manifest",
            source: e,
        })?;
    let sealed = sealed.ok_or_else(|| Error::Tampered {
        what: "the vault header (manifest is missing)".into(),
    })?;
    Manifest::open(keys, vault_id, &sealed)
}

impl Vault {
    pub(super) fn stored_manifest(&self) -> Result<Manifest> {
        read_manifest(&self.conn, &self.keys, &self.vault_id)
    }
}
