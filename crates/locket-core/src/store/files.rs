//! The vault's files: creating the database, connecting with the right pragmas, mapping
//! SQLite's errors, and the few plain-file operations (destroy, private files).

use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags, params};

use super::{BUSY_TIMEOUT, VAULT_FILE, Vault, exists, vault_file};
use crate::error::{Error, Result};

impl Vault {
    /// Maps SQLite's errors while doing `action` on this vault's file.
    pub(super) fn db(&self, action: &'static str) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |e| db_error(&vault_file(&self.dir), action)(e)
    }
}

pub(super) fn write_header(conn: &Connection, k: &str, v: &[u8]) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO header (k, v) VALUES (?1, ?2) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
        params![k, v],
    )
}

pub(super) fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(db_error(path, "opening the vault"))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(db_error(path, "configuring the vault"))?;
    // FULL: a write acknowledged to the user survives power loss, not just a crash.
    // secure_delete: freed pages are zeroed, so removed ciphertexts do not linger.
    // temp_store: sorting never spills to a temp file.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;",
    )
    .map_err(db_error(path, "configuring the vault"))?;
    Ok(conn)
}

/// SQLite's "not a database" and "malformed" become a damaged-vault error; the rest are
/// reported as database errors.
pub(super) fn db_error<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl Fn(rusqlite::Error) -> Error + 'a {
    move |e| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => Error::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => Error::Database { action, source: e },
    }
}

pub(super) fn sync_dir(dir: &Path) {
    // Makes the new directory entry durable; best effort, as not every filesystem supports it.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes the vault files in `dir` (and `dir` itself when nothing else is left in it).
pub fn destroy(dir: &Path) -> Result<()> {
    if !exists(dir) {
        return Err(Error::NoVault {
            dir: dir.to_path_buf(),
        });
    }
    for suffix in ["", "-wal", "-shm"] {
        let path = dir.join(format!("{VAULT_FILE}{suffix}"));
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("removing", path)(e)),
        }
    }
    let _ = fs::remove_dir(dir);
    Ok(())
}

/// Writes `contents` to a new file with mode 0600, refusing to replace an existing file.
pub fn write_private_file(path: &Path, contents: &[u8]) -> Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(Error::io("creating", path))?;
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .map_err(Error::io("writing", path))
}
