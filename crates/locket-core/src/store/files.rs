//! The vault's files: creating the database, connecting with the right pragmas, mapping
//! SQLite's errors, and the few plain-file operations (destroy, private files).

use super::*;
pub(super) fn read_manifest(
    conn: &Connection,
    keys: &Subkeys,
    vault_id: &VaultId,
) -> Result<Manifest> {
    let sealed: Option<Vec<u8>> = conn
        .query_row("SELECT v FROM header WHERE k = 'manifest'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|e| Error::Database {
            action: "reading the manifest",
            source: e,
        })?;
    let sealed = sealed.ok_or_else(|| Error::Tampered {
        what: "the vault header (manifest is missing)".into(),
    })?;
    Manifest::open(keys, vault_id, &sealed)
}

pub(super) fn write_header(conn: &Connection, k: &str, v: &[u8]) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO header (k, v) VALUES (?1, ?2) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
        params![k, v],
    )
}

pub(super) fn build_new_vault(
    temp: &Path,
    vault_id: &VaultId,
    key: &VaultKey,
    passphrase: Option<(&SecretString, Argon2Params)>,
) -> Result<()> {
    let _ = fs::remove_file(temp);
    // Create the file ourselves so it is 0600 from the first byte; SQLite gives its -wal and
    // -shm files the same mode.
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(temp)
        .map_err(Error::io("creating", temp))?;
    let mut conn = connect(temp, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(db_error(temp, "enabling write-ahead logging"))?;
    let keys = Subkeys::derive(key, vault_id);
    let wrap = passphrase
        .map(|(pass, params)| PassphraseWrap::new(key, pass, params, &wrap_aad(vault_id)))
        .transpose()?;
    let tx = conn
        .transaction()
        .map_err(db_error(temp, "creating the vault"))?;
    schema::migrate(&tx, 0).map_err(db_error(temp, "creating the vault tables"))?;
    let write = |k: &str, v: &[u8]| {
        write_header(&tx, k, v).map_err(db_error(temp, "writing the vault header"))
    };
    write("format", b"locket-vault")?;
    write("vault_id", vault_id)?;
    write(
        "key_check",
        &keys.seal(&key_check_place(vault_id), KEY_CHECK)?,
    )?;
    write("manifest", &Manifest::default().seal(&keys, vault_id)?)?;
    if let Some(wrap) = &wrap {
        write(
            "passphrase_wrap",
            &postcard::to_allocvec(wrap).expect("postcard encodes PassphraseWrap"),
        )?;
    }
    tx.commit().map_err(db_error(temp, "creating the vault"))?;
    // Closing checkpoints the WAL into the main file, so the hard link carries everything.
    conn.close()
        .map_err(|(_, e)| db_error(temp, "closing the new vault")(e))?;
    Ok(())
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
