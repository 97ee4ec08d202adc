//! Changing the vault key: every record, integration, cache entry and header value re-sealed
//! under the new key in one transaction, and the passphrase wrap renewed.

use rusqlite::TransactionBehavior;
use secrecy::{ExposeSecret, SecretString};

use super::files::{db_error, write_header};
use super::manifest::Manifest;
use super::open::{KEY_CHECK, key_check_place, wrap_aad};
use super::rows::{insert_row, open_meta_with, open_value_with, seal_row};
use super::secrets::domain_strings;
use super::{Vault, cache, integrations, vault_file};
use crate::envelope::Subkeys;
use crate::error::{Error, Result};
use crate::key::VaultKey;
use crate::passphrase::PassphraseWrap;
use crate::record::MetaRecord;

impl Vault {
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
}
