//! The OS keyring (Secret Service on Linux), holding one entry per vault: service `locket`,
//! account = the vault id. Every call runs on its own thread with a timeout, because a locked
//! Secret Service can block forever waiting for a GUI unlock that never comes.

use std::sync::mpsc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

const SERVICE: &str = "locket";
const TIMEOUT: Duration = Duration::from_secs(10);

/// Why the keyring could not answer.
#[derive(Debug)]
pub struct Unreachable(pub String);

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no OS keyring reachable ({})", self.0)
    }
}

pub fn describe() -> &'static str {
    if cfg!(target_os = "linux") {
        "the OS keyring (Secret Service)"
    } else {
        "the OS keyring"
    }
}

/// The stored key string for `vault_id`, if any.
pub fn get(vault_id: &str) -> Result<Option<SecretString>, Unreachable> {
    let id = vault_id.to_string();
    with_entry(
        move |entry| match entry.get_password() {
            Ok(p) => Ok(Some(SecretString::from(p))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe_error(&e)),
        },
        id,
    )
}

pub fn set(vault_id: &str, key: &SecretString) -> Result<(), Unreachable> {
    let id = vault_id.to_string();
    let key = key.clone();
    with_entry(
        move |entry| {
            entry
                .set_password(key.expose_secret())
                .map_err(|e| describe_error(&e))
        },
        id,
    )
}

/// The entry a rotation stores its new key in before committing; see `commands/key_delivery`.
pub fn pending_entry(vault_id: &str) -> String {
    format!("{vault_id}.pending")
}

/// Moves the pending entry (a rotated key, stored before its rotation committed) into the
/// vault's own entry, once the rotation has committed.
pub fn promote_pending(vault_id: &str) -> Result<(), Unreachable> {
    let pending = pending_entry(vault_id);
    let key = get(&pending)?.ok_or_else(|| Unreachable("the pending entry disappeared".into()))?;
    set(vault_id, &key)?;
    delete(&pending).map(drop)
}

/// Removes the entry; `Ok(false)` when there was none.
pub fn delete(vault_id: &str) -> Result<bool, Unreachable> {
    let id = vault_id.to_string();
    with_entry(
        move |entry| match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(describe_error(&e)),
        },
        id,
    )
}

fn with_entry<T: Send + 'static>(
    f: impl FnOnce(keyring_core::Entry) -> Result<T, String> + Send + 'static,
    vault_id: String,
) -> Result<T, Unreachable> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = store().and_then(|()| {
            let entry =
                keyring_core::Entry::new(SERVICE, &vault_id).map_err(|e| describe_error(&e))?;
            f(entry)
        });
        let _ = tx.send(result);
    });
    match rx.recv_timeout(TIMEOUT) {
        Ok(result) => result.map_err(Unreachable),
        Err(_) => Err(Unreachable(format!(
            "it did not answer within {} s; is it locked?",
            TIMEOUT.as_secs()
        ))),
    }
}

#[cfg(target_os = "linux")]
fn store() -> Result<(), String> {
    if keyring_core::get_default_store().is_some() {
        return Ok(());
    }
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        return Err("no D-Bus session: DBUS_SESSION_BUS_ADDRESS is not set".into());
    }
    let store = dbus_secret_service_keyring_store::Store::new().map_err(|e| describe_error(&e))?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn store() -> Result<(), String> {
    Err("this build of locket supports the Linux Secret Service only".into())
}

/// keyring-core's errors can carry the stored bytes (BadEncoding); never display those.
fn describe_error(e: &keyring_core::Error) -> String {
    match e {
        keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => {
            "the stored entry is not in the expected format".into()
        }
        keyring_core::Error::NoDefaultStore => "no keyring store available".into(),
        other => other.to_string(),
    }
}
