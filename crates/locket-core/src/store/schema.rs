//! The SQLite schema and its migrations. `PRAGMA user_version` holds the format version.
//!
//! Rule: a vault written by any released version must open in every later one. So migrations
//! are only ever appended, never edited, and each format version has a vault file under
//! `crates/locket-cli/tests/fixtures/` that the tests open.

use rusqlite::Connection;

/// Index `i` upgrades a vault from format `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the first format.
    "CREATE TABLE header (
         k TEXT PRIMARY KEY,
         v BLOB NOT NULL
     ) STRICT;
     CREATE TABLE secrets (
         id        BLOB PRIMARY KEY,   -- 16 random bytes, stable across renames
         name_hash BLOB NOT NULL UNIQUE, -- HMAC of the name under the name-index subkey
         meta      BLOB NOT NULL,      -- sealed MetaRecord
         value     BLOB NOT NULL       -- sealed value bytes
     ) STRICT, WITHOUT ROWID;",
    // 1 -> 2: integrations with external vaults, and the cache of values fetched from them.
    "CREATE TABLE integrations (
         name_hash BLOB PRIMARY KEY,   -- HMAC of the integration name (domain-separated)
         record    BLOB NOT NULL       -- sealed IntegrationRecord, credentials included
     ) STRICT, WITHOUT ROWID;
     CREATE TABLE cache (
         secret_id BLOB PRIMARY KEY,   -- the linked secret's id
         entry     BLOB NOT NULL       -- sealed CacheRecord: value, fetch time, expiry
     ) STRICT, WITHOUT ROWID;",
];

pub const CURRENT: i64 = MIGRATIONS.len() as i64;

pub(crate) fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Apply every migration after `from`, in the caller's transaction.
pub(crate) fn migrate(conn: &Connection, from: i64) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    Ok(())
}
