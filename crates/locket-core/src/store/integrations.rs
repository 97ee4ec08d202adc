//! The `integrations` table: connections to external vaults, each sealed whole (provider
//! configuration and credentials) under the records subkey, found by a keyed hash of its
//! name, and bound to that hash by the associated data so rows cannot be swapped.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use secrecy::SecretBox;
use zeroize::Zeroize;

use super::{Vault, cache, now};
use crate::envelope::{Place, Subkeys};
use crate::error::{Error, Result, random_fill};
use crate::name::SecretName;
use crate::record::IntegrationRecord;

/// A configured connection to an external vault. `config` is the provider's serialised
/// configuration, credentials included; `Debug` never shows it.
pub struct Integration {
    pub name: String,
    pub kind: String,
    pub id: [u8; 16],
    pub config: SecretBox<[u8]>,
    pub created: i64,
    pub updated: i64,
}

impl std::fmt::Debug for Integration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Integration")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("config", &"[redacted]")
            .field("created", &self.created)
            .field("updated", &self.updated)
            .finish()
    }
}

impl Vault {
    /// Adds an integration; refuses a name already in use.
    pub fn add_integration(&mut self, name: &SecretName, kind: &str, config: &[u8]) -> Result<()> {
        let now = now();
        let mut id = [0u8; 16];
        random_fill(&mut id)?;
        let record = IntegrationRecord {
            name: name.to_string(),
            kind: kind.to_string(),
            id,
            config: config.to_vec(),
            created: now,
            updated: now,
        };
        self.write("adding an integration", |w| {
            if find_integration(w.tx, w.vault.keys, name)?.is_some() {
                return Err(Error::IntegrationExists {
                    name: name.to_string(),
                });
            }
            put_integration(w.tx, w.vault.keys, &record).map_err(w.err())
        })
    }

    /// Replaces an integration's configuration (new credentials after `reauth`), keeping its
    /// identity, so cached values stay valid.
    pub fn update_integration(&mut self, name: &SecretName, config: &[u8]) -> Result<()> {
        self.write("updating an integration", |w| {
            let mut record = find_integration(w.tx, w.vault.keys, name)?
                .ok_or_else(|| integration_not_found(w.tx, w.vault.keys, name))?;
            record.config.zeroize();
            record.config = config.to_vec();
            record.updated = now();
            put_integration(w.tx, w.vault.keys, &record).map_err(w.err())
        })
    }

    /// Stores settings a provider changed itself (refreshed tokens), keeping the integration's
    /// identity. `&self`, like the cache: integrations are not in the manifest, and SQLite's
    /// lock orders this write against every other.
    pub fn refresh_integration(&self, name: &str, config: &[u8]) -> Result<()> {
        let name = SecretName::new(name)?;
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(self.db("saving refreshed credentials"))?;
        self.ensure_key_current(&tx)?;
        let mut record = find_integration(&tx, &self.keys, &name)?
            .ok_or_else(|| integration_not_found(&tx, &self.keys, &name))?;
        record.config.zeroize();
        record.config = config.to_vec();
        record.updated = now();
        put_integration(&tx, &self.keys, &record)
            .map_err(self.db("saving refreshed credentials"))?;
        tx.commit().map_err(self.db("saving refreshed credentials"))
    }

    /// Removes an integration and every value cached through it. Links through it stay (the
    /// secrets are the user's), and fail with "integration NAME was removed" until it is added
    /// again or they are re-linked. Returns the names of those linked secrets.
    pub fn remove_integration(&mut self, name: &SecretName) -> Result<Vec<SecretName>> {
        let linked: Vec<SecretName> = self
            .list()?
            .into_iter()
            .filter(|m| {
                m.link
                    .as_ref()
                    .is_some_and(|l| l.integration == name.as_str())
            })
            .map(|m| m.name)
            .collect();
        self.write("removing an integration", |w| {
            let record = find_integration(w.tx, w.vault.keys, name)?
                .ok_or_else(|| integration_not_found(w.tx, w.vault.keys, name))?;
            w.tx.execute(
                "DELETE FROM integrations WHERE name_hash = ?1",
                [&integration_hash(w.vault.keys, name.as_str())[..]],
            )
            .map_err(w.err())?;
            cache::purge_integration(w.tx, w.vault.keys, &record.id).map_err(w.err())?;
            Ok(())
        })?;
        Ok(linked)
    }

    pub fn integration(&self, name: &str) -> Result<Option<Integration>> {
        let Ok(name) = SecretName::new(name) else {
            return Ok(None);
        };
        Ok(find_integration(&self.conn, &self.keys, &name)
            .map_err(|e| self.explain_read(e))?
            .map(public))
    }

    /// Like [`Vault::integration`], with a "no integration named …" error when it is absent.
    pub fn require_integration(&self, name: &SecretName) -> Result<Integration> {
        find_integration(&self.conn, &self.keys, name)
            .map_err(|e| self.explain_read(e))?
            .map(public)
            .ok_or_else(|| integration_not_found(&self.conn, &self.keys, name))
    }

    /// Every integration, sorted by name.
    pub fn integrations(&self) -> Result<Vec<Integration>> {
        let mut out: Vec<Integration> = all_integrations(&self.conn, &self.keys)
            .map_err(|e| self.explain_read(e))?
            .into_iter()
            .map(public)
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

fn public(mut r: IntegrationRecord) -> Integration {
    Integration {
        name: std::mem::take(&mut r.name),
        kind: std::mem::take(&mut r.kind),
        id: r.id,
        config: SecretBox::new(Box::from(r.config.as_slice())),
        created: r.created,
        updated: r.updated,
    }
}

/// Integration names share the secret-name hash key; the prefix (a byte no name may hold)
/// keeps the two namespaces apart.
fn integration_hash(keys: &Subkeys, name: &str) -> [u8; 32] {
    keys.name_hash(&format!("\0integration\0{name}"))
}

fn place(name_hash: &[u8]) -> Place<'_> {
    Place {
        table: "integrations",
        column: "record",
        row: name_hash,
    }
}

pub(super) fn put_integration(
    conn: &Connection,
    keys: &Subkeys,
    record: &IntegrationRecord,
) -> rusqlite::Result<()> {
    let hash = integration_hash(keys, &record.name);
    let sealed = keys
        .seal(&place(&hash), &record.encode())
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.execute(
        "INSERT INTO integrations (name_hash, record) VALUES (?1, ?2)
         ON CONFLICT(name_hash) DO UPDATE SET record = excluded.record",
        params![&hash[..], sealed],
    )?;
    Ok(())
}

fn open(keys: &Subkeys, name_hash: &[u8], sealed: &[u8]) -> Result<IntegrationRecord> {
    let what = || "an integration record".to_string();
    let plain = keys.open(&place(name_hash), sealed, what)?;
    let record =
        IntegrationRecord::decode(&plain).ok_or_else(|| Error::Tampered { what: what() })?;
    if integration_hash(keys, &record.name)[..] != name_hash[..] {
        return Err(Error::Tampered { what: what() });
    }
    Ok(record)
}

pub(super) fn find_integration(
    conn: &Connection,
    keys: &Subkeys,
    name: &SecretName,
) -> Result<Option<IntegrationRecord>> {
    let hash = integration_hash(keys, name.as_str());
    let sealed: Option<Vec<u8>> = conn
        .query_row(
            "SELECT record FROM integrations WHERE name_hash = ?1",
            [&hash[..]],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| Error::Database {
            action: "reading an integration",
            source: e,
        })?;
    sealed.map(|s| open(keys, &hash, &s)).transpose()
}

pub(super) fn all_integrations(
    conn: &Connection,
    keys: &Subkeys,
) -> Result<Vec<IntegrationRecord>> {
    let rows: Vec<(Vec<u8>, Vec<u8>)> = conn
        .prepare("SELECT name_hash, record FROM integrations")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        })
        .map_err(|e| Error::Database {
            action: "reading integrations",
            source: e,
        })?;
    rows.iter()
        .map(|(hash, sealed)| open(keys, hash, sealed))
        .collect()
}

fn integration_not_found(conn: &Connection, keys: &Subkeys, name: &SecretName) -> Error {
    let names: Vec<String> = all_integrations(conn, keys)
        .unwrap_or_default()
        .iter()
        .map(|r| r.name.clone())
        .collect();
    Error::IntegrationNotFound {
        name: name.to_string(),
        known: names,
    }
}
