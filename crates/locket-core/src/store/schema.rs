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
