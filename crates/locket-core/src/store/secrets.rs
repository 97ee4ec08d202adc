//! Secrets: reading, writing, renaming, importing and exporting them, each write in one
//! transaction through the rows' writer, which keeps the manifest in step.

use rusqlite::OptionalExtension;
use secrecy::{ExposeSecret, SecretBox};

use super::rows::{SEALED_EMPTY_LEN, StoredRow, open_meta_with, open_value_with};
use super::{Vault, cache, integrations, now};
use crate::domain::AllowedDomain;
use crate::error::{Error, Result};
use crate::name::SecretName;
use crate::record::{Link, MetaRecord};

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

impl Vault {
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
            return Err(self.explain_read(self.not_found(name)));
        };
        let row = StoredRow {
            id,
            name_hash: hash.to_vec(),
            meta,
            value,
        };
        let meta =
            open_meta_with(&self.keys, &row, Some(name)).map_err(|e| self.explain_read(e))?;
        let value = open_value_with(&self.keys, &row, meta.name.as_str())
            .map_err(|e| self.explain_read(e))?;
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
            let mut meta =
                open_meta_with(&self.keys, &row, None).map_err(|e| self.explain_read(e))?;
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
            .collect::<Result<Vec<_>>>()
            .map_err(|e| self.explain_read(e))?;
        secrets.sort_by(|a, b| a.meta.name.cmp(&b.meta.name));
        Ok(secrets)
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
}

/// A secret's metadata after a write: the existing record with the new domains (kept when
/// `allow` is `None`) and link, or a new enabled record.
pub(super) fn next_meta(
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

pub(super) fn domain_strings(domains: Vec<AllowedDomain>) -> Vec<String> {
    domains.iter().map(ToString::to_string).collect()
}
