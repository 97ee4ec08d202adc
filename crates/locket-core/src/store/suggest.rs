//! "Did you mean": the closest existing name to a name that was not found.

use rusqlite::Connection;

use super::Vault;
use super::rows::{StoredRow, open_record};
use crate::envelope::Subkeys;
use crate::error::Error;
use crate::name::SecretName;

impl Vault {
    pub(super) fn not_found(&self, name: &SecretName) -> Error {
        not_found(&self.conn, &self.keys, name)
    }
}

/// A not-found error with a "did you mean" drawn from the names in the vault. Only called on
/// the error path, so decrypting every name here costs nothing on success.
pub(super) fn not_found(conn: &Connection, keys: &Subkeys, name: &SecretName) -> Error {
    let names: Vec<String> = conn
        .prepare("SELECT id, name_hash, meta FROM secrets")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| {
                Ok(StoredRow {
                    id: r.get(0)?,
                    name_hash: r.get(1)?,
                    meta: r.get(2)?,
                    value: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap_or_default()
        .iter()
        .filter_map(|row| open_record(keys, row, None).ok().map(|r| r.name))
        .collect();
    Error::NotFound {
        name: name.to_string(),
        suggestion: closest(name.as_str(), &names),
    }
}

/// The name closest to `name` by edit distance, when it is close enough to be a likely typo.
pub(super) fn closest(name: &str, names: &[String]) -> Option<String> {
    let limit = (name.len() / 3).max(1);
    names
        .iter()
        .map(|n| {
            (
                edit_distance(&name.to_ascii_lowercase(), &n.to_ascii_lowercase()),
                n,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone())
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
