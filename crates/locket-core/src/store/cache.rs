//! The `cache` table: values fetched from external vaults, one row per linked secret (keyed
//! by the secret's id), sealed with the fetch time, the expiry and where the value came from.
//! An entry answers only while its secret still links to the same integration and reference.
//!
//! The time to live is a vault setting (sealed in the header): 60 minutes unless changed;
//! 0 turns caching off and empties the cache.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use secrecy::SecretBox;

use super::files::write_header;
use super::secrets::SecretMeta;
use super::{Vault, hex, now};
use crate::envelope::{Place, Subkeys, VaultId};
use crate::error::{Error, Result};
use crate::name::SecretName;
use crate::record::{CacheRecord, Link};

/// How long fetched values are kept unless `locket cache ttl` says otherwise.
pub const DEFAULT_CACHE_TTL_MINUTES: u32 = 60;
/// The longest time to live accepted: a year.
pub const MAX_CACHE_TTL_MINUTES: u32 = 366 * 24 * 60;

/// A cached value and what is known about it.
pub struct CachedValue {
    pub value: SecretBox<[u8]>,
    pub fetched_at: i64,
    pub expires_at: i64,
    pub version: Option<String>,
}

impl CachedValue {
    pub fn is_fresh(&self, now: i64) -> bool {
        now < self.expires_at
    }
}

/// A value fetched for a linked secret, to keep.
pub struct Fetch<'a> {
    pub secret_id: &'a [u8],
    pub integration_id: [u8; 16],
    pub reference: &'a str,
    pub value: &'a [u8],
    pub version: Option<String>,
    /// The provider's own expiry (a lease), if shorter than the time to live.
    pub expires_at: Option<i64>,
}

/// One row of `locket cache list`: no value.
#[derive(Debug, Clone)]
pub struct CacheInfo {
    pub name: SecretName,
    pub link: Link,
    pub fetched_at: i64,
    pub expires_at: i64,
    pub version: Option<String>,
}

impl Vault {
    /// The time to live of fetched values, in minutes (0: no caching).
    pub fn cache_ttl_minutes(&self) -> Result<u32> {
        let sealed: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT v FROM header WHERE k = 'cache_ttl'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.db("reading the cache settings"))?;
        let Some(sealed) = sealed else {
            return Ok(DEFAULT_CACHE_TTL_MINUTES);
        };
        let what = || "the cache time to live in the vault header".to_string();
        let plain = self.keys.open(&ttl_place(&self.vault_id), &sealed, what)?;
        let bytes: [u8; 4] = plain
            .as_slice()
            .try_into()
            .map_err(|_| Error::Tampered { what: what() })?;
        Ok(u32::from_be_bytes(bytes))
    }

    /// Sets the time to live; 0 also empties the cache. Returns how many entries were dropped.
    pub fn set_cache_ttl_minutes(&mut self, minutes: u32) -> Result<usize> {
        if minutes > MAX_CACHE_TTL_MINUTES {
            return Err(Error::Invalid {
                what: "cache time to live",
                value: minutes.to_string(),
                rule: format!(
                    "at most {MAX_CACHE_TTL_MINUTES} minutes (a year); 0 turns the cache off"
                ),
            });
        }
        self.write("changing the cache settings", |w| {
            let sealed = w
                .vault
                .keys
                .seal(&ttl_place(w.vault.vault_id), &minutes.to_be_bytes())?;
            write_header(w.tx, "cache_ttl", &sealed).map_err(w.err())?;
            if minutes == 0 {
                return w.tx.execute("DELETE FROM cache", []).map_err(w.err());
            }
            Ok(0)
        })
    }

    /// The cached value for a linked secret, fresh or not, if one was fetched through the
    /// secret's current link. An entry for another link is ignored (and replaced on the next
    /// fetch).
    pub fn cached(
        &self,
        meta: &SecretMeta,
        integration_id: &[u8; 16],
    ) -> Result<Option<CachedValue>> {
        let Some(link) = &meta.link else {
            return Ok(None);
        };
        let sealed: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT entry FROM cache WHERE secret_id = ?1",
                [&meta.id],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.db("reading the cache"))?;
        let Some(sealed) = sealed else {
            return Ok(None);
        };
        let record = open(&self.keys, &meta.id, &sealed, meta.name.as_str())
            .map_err(|e| self.explain_read(e))?;
        if record.integration_id != *integration_id || record.reference != link.reference {
            return Ok(None);
        }
        Ok(Some(CachedValue {
            value: SecretBox::new(Box::from(record.value.as_slice())),
            fetched_at: record.fetched_at,
            expires_at: record.expires_at,
            version: record.version.clone(),
        }))
    }

    /// Keeps freshly fetched values, in one transaction. Does nothing when caching is off.
    pub fn cache_store(&self, fetches: &[Fetch<'_>]) -> Result<()> {
        if fetches.is_empty() {
            return Ok(());
        }
        let ttl = i64::from(self.cache_ttl_minutes()?) * 60;
        if ttl == 0 {
            return Ok(());
        }
        let now = now();
        // `&self`: the cache is not part of the manifest, and SQLite's own lock orders this
        // write against every other one.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(self.db("saving fetched values"))?;
        self.ensure_key_current(&tx)?;
        for f in fetches {
            let record = CacheRecord {
                integration_id: f.integration_id,
                reference: f.reference.to_string(),
                fetched_at: now,
                expires_at: f.expires_at.map_or(now + ttl, |lease| lease.min(now + ttl)),
                version: f.version.clone(),
                value: f.value.to_vec(),
            };
            let sealed = self.keys.seal(&place(f.secret_id), &record.encode())?;
            tx.execute(
                "INSERT INTO cache (secret_id, entry) VALUES (?1, ?2)
                 ON CONFLICT(secret_id) DO UPDATE SET entry = excluded.entry",
                params![f.secret_id, sealed],
            )
            .map_err(self.db("saving fetched values"))?;
        }
        tx.commit().map_err(self.db("saving fetched values"))
    }

    /// Drops cached values: every one, or only `name`'s. Returns how many were dropped.
    pub fn cache_reset(&mut self, name: Option<&SecretName>) -> Result<usize> {
        self.write("resetting the cache", |w| match name {
            None => w.tx.execute("DELETE FROM cache", []).map_err(w.err()),
            Some(name) => {
                let (row, record) = w.find(name)?.ok_or_else(|| w.not_found(name))?;
                if record.link.is_none() {
                    return Err(Error::NotLinked {
                        name: name.to_string(),
                    });
                }
                w.tx.execute("DELETE FROM cache WHERE secret_id = ?1", [&row.id])
                    .map_err(w.err())
            }
        })
    }

    /// What is cached, by secret name: no values.
    pub fn cache_list(&self) -> Result<Vec<CacheInfo>> {
        let ids: BTreeMap<Vec<u8>, SecretMeta> = self
            .list()?
            .into_iter()
            .map(|m| (m.id.clone(), m))
            .collect();
        let mut out = Vec::new();
        for (secret_id, sealed) in cache_rows(&self.conn).map_err(self.db("reading the cache"))? {
            // An entry whose secret is gone is an orphan `rm` will have removed; skip it.
            let Some(meta) = ids.get(&secret_id) else {
                continue;
            };
            let Some(link) = &meta.link else { continue };
            let record = open(&self.keys, &secret_id, &sealed, meta.name.as_str())?;
            if record.reference != link.reference {
                continue;
            }
            out.push(CacheInfo {
                name: meta.name.clone(),
                link: link.clone(),
                fetched_at: record.fetched_at,
                expires_at: record.expires_at,
                version: record.version.clone(),
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

pub(super) fn ttl_place(vault_id: &VaultId) -> Place<'_> {
    Place {
        table: "header",
        column: "cache_ttl",
        row: vault_id,
    }
}

fn place(secret_id: &[u8]) -> Place<'_> {
    Place {
        table: "cache",
        column: "entry",
        row: secret_id,
    }
}

fn open(keys: &Subkeys, secret_id: &[u8], sealed: &[u8], name: &str) -> Result<CacheRecord> {
    let what = || format!("the cached value of {name:?}");
    let plain = keys.open(&place(secret_id), sealed, what)?;
    CacheRecord::decode(&plain).ok_or_else(|| Error::Tampered { what: what() })
}

/// Whether one stored entry opens (for `doctor`).
pub(super) fn check(keys: &Subkeys, secret_id: &[u8], sealed: &[u8]) -> Result<()> {
    open(
        keys,
        secret_id,
        sealed,
        &format!("secret id {}", hex(secret_id)),
    )
    .map(|_| ())
}

pub(super) fn cache_rows(conn: &Connection) -> rusqlite::Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut stmt = conn.prepare("SELECT secret_id, entry FROM cache")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Re-seals every cache entry under `new_keys` (key rotation). Entries that do not open are
/// dropped: they are only copies of values the external vault still has.
pub(super) fn reseal_all(conn: &Connection, old: &Subkeys, new: &Subkeys) -> rusqlite::Result<()> {
    for (secret_id, sealed) in cache_rows(conn)? {
        let reopened = old
            .open(&place(&secret_id), &sealed, String::new)
            .ok()
            .and_then(|plain| new.seal(&place(&secret_id), &plain).ok());
        match reopened {
            Some(fresh) => conn.execute(
                "UPDATE cache SET entry = ?2 WHERE secret_id = ?1",
                params![secret_id, fresh],
            )?,
            None => conn.execute("DELETE FROM cache WHERE secret_id = ?1", [&secret_id])?,
        };
    }
    Ok(())
}

/// Drops the entries fetched through one integration (when it is removed).
pub(super) fn purge_integration(
    conn: &Connection,
    keys: &Subkeys,
    integration_id: &[u8; 16],
) -> rusqlite::Result<usize> {
    let mut dropped = 0;
    for (secret_id, sealed) in cache_rows(conn)? {
        let through_it = keys
            .open(&place(&secret_id), &sealed, String::new)
            .ok()
            .and_then(|plain| CacheRecord::decode(&plain))
            .is_none_or(|r| r.integration_id == *integration_id);
        if through_it {
            dropped += conn.execute("DELETE FROM cache WHERE secret_id = ?1", [&secret_id])?;
        }
    }
    Ok(dropped)
}

/// Drops one secret's entry (the secret was removed, unlinked or re-linked).
pub(super) fn forget(conn: &Connection, secret_id: &[u8]) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM cache WHERE secret_id = ?1", [secret_id])
}

#[cfg(test)]
impl Vault {
    /// Backdates every cache entry by two hours, so each one has expired.
    pub(crate) fn test_expire_cache(&mut self) {
        for (secret_id, sealed) in cache_rows(&self.conn).unwrap() {
            let mut record = open(&self.keys, &secret_id, &sealed, "test").unwrap();
            record.fetched_at -= 7200;
            record.expires_at -= 7200;
            let fresh = self
                .keys
                .seal(&place(&secret_id), &record.encode())
                .unwrap();
            self.conn
                .execute(
                    "UPDATE cache SET entry = ?2 WHERE secret_id = ?1",
                    params![secret_id, fresh],
                )
                .unwrap();
        }
    }
}
