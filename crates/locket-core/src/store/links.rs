//! Linking a secret to an external vault and unlinking it. A linked secret keeps its name,
//! allowed domains and enabled flag here; its value lives in the external vault, fetched on use
//! and cached (see `cache`). Its local value column holds nothing.

use super::rows::SEALED_EMPTY_LEN;
use super::secrets::{SetOutcome, next_meta};
use super::{Vault, cache, now};
use crate::domain::AllowedDomain;
use crate::error::{Error, Result};
use crate::name::SecretName;
use crate::record::Link;

impl Vault {
    /// Links `name` to `link`. A new name is created (with `allow`, empty meaning any
    /// destination); a linked secret is re-pointed (its cached value dropped); a local secret
    /// that holds a value is refused unless `replace_value`, since its value would be lost.
    /// The integration must exist.
    pub fn link(
        &mut self,
        name: &SecretName,
        link: Link,
        allow: Option<Vec<AllowedDomain>>,
        replace_value: bool,
    ) -> Result<SetOutcome> {
        let integration = SecretName::new(&link.integration)?;
        self.require_integration(&integration)?;
        self.write("linking a secret", |w| {
            let existing = w.find(name)?;
            if let Some((row, old)) = &existing {
                let holds_value = old.link.is_none() && row.value.len() > SEALED_EMPTY_LEN;
                if holds_value && !replace_value {
                    return Err(Error::HasLocalValue {
                        name: name.to_string(),
                    });
                }
                cache::forget(w.tx, &row.id).map_err(w.err())?;
            }
            let meta = next_meta(existing.as_ref().map(|(_, m)| m), name, allow, Some(link));
            let id = existing.as_ref().map(|(row, _)| row.id.clone());
            w.put(id, &meta, b"")?;
            Ok(if existing.is_some() {
                SetOutcome::Updated
            } else {
                SetOutcome::Created
            })
        })
    }

    /// Turns a linked secret back into a local one with no value, dropping its cached value.
    /// Returns the link it had.
    pub fn unlink(&mut self, name: &SecretName) -> Result<Link> {
        self.write("unlinking a secret", |w| {
            let (row, mut meta) = w.find(name)?.ok_or_else(|| w.not_found(name))?;
            let link = meta.link.take().ok_or_else(|| Error::NotLinked {
                name: name.to_string(),
            })?;
            cache::forget(w.tx, &row.id).map_err(w.err())?;
            meta.updated = now();
            w.put(Some(row.id), &meta, b"")?;
            Ok(link)
        })
    }
}
