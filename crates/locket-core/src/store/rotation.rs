//! Changing the vault key: every record, integration, cache entry and header value re-sealed
//! under the new key in one write transaction, and the passphrase wrap renewed.
//!
//! Rotation is two steps so that the caller can hand the new key to the user between them:
//! [`Vault::begin_rotation`] takes the write lock (`BEGIN IMMEDIATE`), reads every record and
//! re-seals it, and returns a [`PendingRotation`]; only [`PendingRotation::commit`] makes the
//! new key the vault's. Dropping it rolls everything back, and the old key still opens the
//! vault. Reading and rewriting under one lock means no other write can land in between and
//! be lost; a writer that unlocked with the old key finds the key check changed once it gets
//! the lock, and fails with [`Error::VaultChanged`](crate::Error::VaultChanged).

use secrecy::{ExposeSecret, SecretString};

use super::files::write_header;
use super::manifest::Manifest;
use super::open::{KEY_CHECK, key_check_place, wrap_aad};
use super::rows::{insert_row, open_meta_with, open_value_with, seal_row};
use super::secrets::domain_strings;
use super::{Vault, cache, integrations};
use crate::envelope::Subkeys;
use crate::error::{Error, Result};
use crate::key::VaultKey;
use crate::passphrase::PassphraseWrap;
use crate::record::MetaRecord;

/// A rotation written but not committed. The vault's write lock is held until it is committed
/// or dropped (which rolls it back).
pub struct PendingRotation<'a> {
    vault: &'a mut Vault,
    new_keys: Option<Subkeys>,
    new_wrap: Option<PassphraseWrap>,
    new_key_check: Vec<u8>,
    open: bool,
}

impl Vault {
    /// Re-encrypts every record under `new_key` and commits. If the vault has a passphrase,
    /// `passphrase` must be given: it is checked and re-wraps the new key.
    pub fn rotate(&mut self, new_key: &VaultKey, passphrase: Option<&SecretString>) -> Result<()> {
        self.begin_rotation(new_key, passphrase)?.commit()
    }

    /// Re-encrypts every record under `new_key` inside one write transaction, without
    /// committing it: see [`PendingRotation`].
    pub fn begin_rotation(
        &mut self,
        new_key: &VaultKey,
        passphrase: Option<&SecretString>,
    ) -> Result<PendingRotation<'_>> {
        let new_wrap = self.new_wrap(new_key, passphrase)?;
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(self.db("starting the key rotation"))?;
        let mut pending = PendingRotation {
            vault: self,
            new_keys: None,
            new_wrap,
            new_key_check: Vec::new(),
            open: true,
        };
        // On any error below, dropping `pending` rolls back.
        pending.reseal_all(new_key)?;
        Ok(pending)
    }

    fn new_wrap(
        &self,
        new_key: &VaultKey,
        passphrase: Option<&SecretString>,
    ) -> Result<Option<PassphraseWrap>> {
        match (&self.wrap, passphrase) {
            (None, _) => Ok(None),
            (Some(_), None) => Err(Error::NoPassphrase {
                dir: self.dir.clone(),
            }),
            (Some(wrap), Some(pass)) => {
                wrap.unwrap_key(pass, &wrap_aad(&self.vault_id))?
                    .ok_or_else(|| Error::WrongPassphrase {
                        dir: self.dir.clone(),
                    })?;
                Ok(Some(PassphraseWrap::new(
                    new_key,
                    pass,
                    wrap.params,
                    &wrap_aad(&self.vault_id),
                )?))
            }
        }
    }
}

impl PendingRotation<'_> {
    fn reseal_all(&mut self, new_key: &VaultKey) -> Result<()> {
        let v = &*self.vault;
        v.ensure_key_current(&v.conn)?;
        let new_keys = Subkeys::derive(new_key, &v.vault_id);
        let err = || v.db("rotating the key");
        let rows = v.all_rows()?;
        let integrations = integrations::all_integrations(&v.conn, &v.keys)?;
        let ttl = v.cache_ttl_minutes()?;
        let mut manifest = Manifest::default();
        v.conn.execute("DELETE FROM secrets", []).map_err(err())?;
        for row in &rows {
            let meta = open_meta_with(&v.keys, row, None)?;
            let record = MetaRecord {
                name: meta.name.to_string(),
                domains: domain_strings(meta.allowed_domains.clone()),
                enabled: meta.enabled,
                link: meta.link.clone(),
                created: meta.created,
                updated: meta.updated,
            };
            let value = open_value_with(&v.keys, row, meta.name.as_str())?;
            let fresh = seal_row(&new_keys, row.id.clone(), &record, value.expose_secret())?;
            insert_row(&v.conn, &fresh).map_err(err())?;
            manifest.add(&new_keys, &fresh);
        }
        v.conn
            .execute("DELETE FROM integrations", [])
            .map_err(err())?;
        for record in &integrations {
            integrations::put_integration(&v.conn, &new_keys, record).map_err(err())?;
        }
        cache::reseal_all(&v.conn, &v.keys, &new_keys).map_err(err())?;
        let header = |k: &str, value: &[u8]| write_header(&v.conn, k, value).map_err(err());
        header(
            "cache_ttl",
            &new_keys.seal(&cache::ttl_place(&v.vault_id), &ttl.to_be_bytes())?,
        )?;
        let key_check = new_keys.seal(&key_check_place(&v.vault_id), KEY_CHECK)?;
        header("key_check", &key_check)?;
        header("manifest", &manifest.seal(&new_keys, &v.vault_id)?)?;
        if let Some(wrap) = &self.new_wrap {
            header(
                "passphrase_wrap",
                &postcard::to_allocvec(wrap).expect("postcard encodes PassphraseWrap"),
            )?;
        }
        self.new_keys = Some(new_keys);
        self.new_key_check = key_check;
        Ok(())
    }

    /// Makes the new key the vault's: from here on only it opens the vault.
    pub fn commit(mut self) -> Result<()> {
        self.vault
            .conn
            .execute_batch("COMMIT")
            .map_err(self.vault.db("committing the key rotation"))?;
        self.open = false;
        let vault = &mut *self.vault;
        vault.keys = self.new_keys.take().expect("resealed before commit");
        vault.key_check = std::mem::take(&mut self.new_key_check);
        vault.wrap = self.new_wrap.take();
        Ok(())
    }
}

impl Drop for PendingRotation<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing was committed; the old key still opens the vault.
            let _ = self.vault.conn.execute_batch("ROLLBACK");
        }
    }
}
