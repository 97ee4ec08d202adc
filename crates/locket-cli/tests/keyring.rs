//! The OS keyring against a real Secret Service: gnome-keyring, in a private D-Bus session
//! (`dbus-run-session`), unlocked with `gnome-keyring-daemon --unlock`. `secret-tool`
//! (libsecret) checks from the outside what locket stored.
//!
//! The outer test re-runs this test binary under `dbus-run-session`, so the developer's own
//! session bus and keyring are never touched. It needs `dbus-run-session`,
//! `gnome-keyring-daemon` and `secret-tool` (Debian: dbus gnome-keyring libsecret-tools);
//! `scripts/test.sh` installs them.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::*;

const INNER: &str = "LOCKET_KEYRING_TEST_INNER";

#[test]
fn keyring_under_a_private_dbus_session() {
    if std::env::var_os(INNER).is_some() {
        return; // we are the inner run: `inner` does the work.
    }
    for tool in [
        "dbus-run-session",
        "dbus-send",
        "gnome-keyring-daemon",
        "secret-tool",
    ] {
        assert!(
            which(tool),
            "{tool} is missing: install dbus gnome-keyring libsecret-tools (scripts/test.sh does this)"
        );
    }
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("dbus-run-session")
        .arg("--")
        .arg(exe)
        .args(["--exact", "inner", "--nocapture", "--test-threads=1"])
        .env(INNER, "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("1 passed"),
        "inner keyring test failed:\n{text}"
    );
}

#[test]
fn inner() {
    if std::env::var_os(INNER).is_none() {
        return; // only meaningful inside the private session started above.
    }
    let home = tempfile::tempdir().unwrap();
    let _keyring = GnomeKeyring::start(home.path());
    let vault_dir = home.path().join("vault");
    let locket = || {
        let mut c = bare_locket();
        c.env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                std::env::var_os("DBUS_SESSION_BUS_ADDRESS").unwrap(),
            )
            .arg("--vault-dir")
            .arg(&vault_dir);
        c
    };

    // init stores the key in the keyring, so it is not printed.
    let out = locket().arg("init").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("key stored in the OS keyring"), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "the key must not be shown when the keyring holds it"
    );

    // The entry is visible to libsecret under service=locket, username=<vault id>.
    let id = vault_id(&locket);
    let key = secret_tool_lookup(&id).expect("secret-tool finds the stored key");
    assert!(key.starts_with("LOCKET-KEY-1-"));

    // With no key in the environment, commands unlock through the keyring.
    locket()
        .args(["set", "api"])
        .write_stdin("from-keyring")
        .assert()
        .success();
    locket()
        .args(["get", "-n", "api"])
        .assert()
        .success()
        .stdout("from-keyring");
    locket()
        .args(["key", "show"])
        .assert()
        .success()
        .stdout(format!("{key}\n"));

    // forget refuses while the keyring may hold the only copy...
    locket().args(["key", "forget"]).assert().code(2);
    assert!(secret_tool_lookup(&id).is_some());
    // ...and goes ahead when another source opens the vault.
    let key_file = home.path().join("key.txt");
    std::fs::write(&key_file, format!("{key}\n")).unwrap();
    locket()
        .args(["key", "forget"])
        .env("LOCKET_VAULT_KEY_FILE", &key_file)
        .assert()
        .success();
    assert_eq!(
        secret_tool_lookup(&id),
        None,
        "key forget removed the entry"
    );
    let out = locket().args(["get", "api"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entry for this vault"));

    // key store puts it back.
    locket()
        .args(["key", "store"])
        .env("LOCKET_VAULT_KEY_FILE", &key_file)
        .assert()
        .success();
    locket()
        .args(["get", "-n", "api"])
        .assert()
        .success()
        .stdout("from-keyring");

    // rotate updates the keyring entry: the vault still opens with no key in the environment.
    let out = locket().args(["key", "rotate"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rotated = secret_tool_lookup(&id).unwrap();
    assert_ne!(rotated, key);
    assert!(
        out.stdout.is_empty(),
        "the new key is in the keyring, so it is not printed"
    );
    let pending = format!("{id}.pending");
    assert_eq!(
        secret_tool_lookup(&pending),
        None,
        "the pending entry was moved into place"
    );
    locket()
        .args(["get", "-n", "api"])
        .assert()
        .success()
        .stdout("from-keyring");

    // A stale keyring entry is an error that says so, not a silent fall-through.
    secret_tool_store(&id, &key);
    let out = locket().args(["get", "api"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("stale"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A rotation interrupted between its commit and moving its key out of the pending entry
    // left the vault's entry stale: unlocking finds the pending key and moves it into place.
    secret_tool_store(&pending, &rotated);
    locket()
        .args(["get", "-n", "api"])
        .assert()
        .success()
        .stdout("from-keyring");
    assert_eq!(secret_tool_lookup(&id).as_deref(), Some(rotated.as_str()));
    assert_eq!(secret_tool_lookup(&pending), None);

    // destroy removes the entry that only opened this vault.
    locket().args(["destroy", "--yes"]).assert().success();
    assert_eq!(secret_tool_lookup(&id), None);
}

/// gnome-keyring-daemon in the foreground, unlocked with a password on stdin; killed on drop.
struct GnomeKeyring(Child);

impl GnomeKeyring {
    fn start(home: &Path) -> Self {
        let mut child = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"test-keyring-password")
            .unwrap();
        // Wait until *this* daemon owns the Secret Service name. Asking the bus whether the name
        // has an owner does not start anything; a `secret-tool` call before that would make
        // D-Bus activate a second, locked daemon that then tries to open a GUI prompt.
        for _ in 0..200 {
            let owned = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"));
            if owned {
                return GnomeKeyring(child);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("gnome-keyring-daemon did not come up on the session bus");
    }
}

impl Drop for GnomeKeyring {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn vault_id(locket: &dyn Fn() -> assert_cmd::Command) -> String {
    let out = locket().args(["--json", "doctor"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let format = report
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "format")
        .unwrap();
    format["detail"]
        .as_str()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string()
}

fn secret_tool_lookup(id: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "locket", "username", id])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    (out.status.success() && !text.is_empty()).then(|| text.trim().to_string())
}

fn secret_tool_store(id: &str, value: &str) {
    let mut child = Command::new("secret-tool")
        .args([
            "store",
            "--label",
            "locket test",
            "service",
            "locket",
            "username",
            id,
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(value.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

fn which(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(tool).is_file()))
}
