//! The vault on disk: one SQLite database (WAL mode) in a 0700 directory.
//!
//! Tables (see [`schema`]): `header` holds the vault id (plaintext), a key check, the sealed
//! manifest and the optional passphrase wrap; `secrets` holds one row per secret with a random
//! id, a keyed hash of the name for lookup, and the sealed metadata and value. Nothing in the
//! file is readable without the key except counts and sizes.
//!
//! Every write runs in one `BEGIN IMMEDIATE` transaction with `synchronous=FULL`, so a write is
//! either fully on disk when the call returns or absent after a crash, and concurrent writers
//! queue on SQLite's lock (up to [`BUSY_TIMEOUT`]).
//!
//! One module per concern: `open` creates and unlocks, `secrets` reads and writes secrets, `links`, `integrations` and `cache` hold external vaults' part, `rotation` changes
//! the key, `integrity` checks every record, `rows` and `manifest` are the sealed records under
//! all of them, `files` the database file itself.

mod cache;
mod files;
mod integrations;
mod integrity;
mod links;
mod manifest;
mod open;
mod rotation;
mod rows;
pub mod schema;
mod secrets;
mod suggest;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::Connection;

use crate::envelope::{Subkeys, VaultId};
use crate::passphrase::PassphraseWrap;

pub use crate::record::Link;
pub use cache::{CacheInfo, CachedValue, DEFAULT_CACHE_TTL_MINUTES, Fetch, MAX_CACHE_TTL_MINUTES};
pub use files::{destroy, write_private_file};
pub use integrations::Integration;
pub use integrity::IntegrityReport;
pub use rotation::PendingRotation;
pub use schema::CURRENT as FORMAT_VERSION;
pub use secrets::{ImportReport, NewSecret, OnConflict, Secret, SecretMeta, SetOutcome};

pub const VAULT_FILE: &str = "vault.db";
/// How long a writer waits for another process's write to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An opened vault file whose key has not been checked yet.
pub struct LockedVault {
    dir: PathBuf,
    conn: Connection,
    vault_id: VaultId,
    key_check: Vec<u8>,
    wrap: Option<PassphraseWrap>,
}

/// An unlocked vault.
pub struct Vault {
    dir: PathBuf,
    conn: Connection,
    vault_id: VaultId,
    keys: Subkeys,
    /// The header's key check as it was when this vault was unlocked: it changes with every
    /// rotation, so a write that finds another one knows its key is no longer the vault's.
    key_check: Vec<u8>,
    wrap: Option<PassphraseWrap>,
}

pub fn vault_file(dir: &Path) -> PathBuf {
    dir.join(VAULT_FILE)
}

pub fn exists(dir: &Path) -> bool {
    vault_file(dir).exists()
}

/// Unix seconds, as every timestamp in the vault.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
