//! `doctor`'s check of the whole vault: every record opened, the manifest recomputed, and
//! SQLite's own structure check.

use super::manifest::Manifest;
use super::rows::{open_meta_with, open_value_with};
use super::{Vault, cache, integrations};
use crate::error::Result;

/// What `doctor` learns from reading every record.
#[derive(Debug, Default)]
pub struct IntegrityReport {
    pub records: usize,
    pub problems: Vec<String>,
}

impl Vault {
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
}
