//! `locket key rotate` never strands the vault: the new key is delivered (a `--key-out` file
//! written aside, or stdout printed and flushed) before the commit, a delivery that fails or
//! goes nowhere stops the rotation, and a rotation killed before its commit leaves the old key
//! valid and no file that passes for the new one. `locket init` follows the same rule: a vault
//! whose key went nowhere is never left behind.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;
use predicates::str::contains as has;

/// `locket key rotate` as a plain process, so a test chooses its stdout.
fn rotate(v: &TestVault) -> Command {
    rotate_with(v, &v.key)
}

fn rotate_with(v: &TestVault, key: &str) -> Command {
    let mut c = plain_locket(&v.dir);
    c.env("LOCKET_VAULT_KEY", key).args(["key", "rotate"]);
    c
}

/// `locket --vault-dir DIR` as a plain process (so a test chooses its stdout), with an empty
/// environment: no key, no prompt, no D-Bus session (so no OS keyring).
fn plain_locket(dir: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("locket"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LOCKET_NO_PROMPT", "1")
        .env("NO_COLOR", "1")
        .arg("--vault-dir")
        .arg(dir);
    c
}

/// The old key still opens the vault, with its secret, and the vault checks clean.
fn old_key_still_opens(v: &TestVault) {
    assert_eq!(v.get("a"), "1");
    v.cmd().arg("doctor").assert().success();
}

fn vault_with_a_secret() -> TestVault {
    let v = TestVault::new();
    v.set("a", "1");
    v
}

#[test]
fn stdout_on_dev_null_is_not_a_delivery() {
    let v = vault_with_a_secret();
    let out = rotate(&v).stdout(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stdout is closed or /dev/null"), "{err}");
    assert!(err.contains("--key-out FILE"), "{err}");
    old_key_still_opens(&v);
}

#[test]
fn a_closed_stdout_is_not_a_delivery() {
    let v = vault_with_a_secret();
    let mut cmd = rotate(&v);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    // SAFETY: close(2) is async-signal-safe; the child starts with no fd 1.
    unsafe {
        cmd.pre_exec(|| {
            libc::close(1);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("stdout is closed or /dev/null"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    old_key_still_opens(&v);
}

#[test]
fn a_full_stdout_stops_the_rotation() {
    let v = vault_with_a_secret();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = rotate(&v).stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not print the new key"), "{err}");
    assert!(err.contains("the old key still opens it"), "{err}");
    old_key_still_opens(&v);
}

#[test]
fn a_key_file_that_cannot_be_written_stops_the_rotation() {
    let v = vault_with_a_secret();
    let file = v.path("no-such-dir").join("new.key");
    let out = rotate(&v).arg("--key-out").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not write the new key"), "{err}");
    assert!(out.stdout.is_empty());
    old_key_still_opens(&v);
}

#[test]
fn a_key_file_appears_only_once_the_rotation_committed() {
    let v = vault_with_a_secret();
    let file = v.path("new.key");
    let out = rotate(&v).arg("--key-out").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert!(!pending(&file).exists());
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY_FILE", &file)
        .args(["get", "a"])
        .assert()
        .success()
        .stdout("1\n");
}

/// Starts a rotation that stops after delivering its key, waits until it says so, and kills
/// it there: returns what it printed on stdout.
fn kill_before_commit(mut cmd: Command) -> String {
    let mut child = cmd
        .env("LOCKET_TEST_PAUSE_BEFORE_COMMIT", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        assert_ne!(
            stderr.read_line(&mut line).unwrap(),
            0,
            "ended early: {seen}"
        );
        seen.push_str(&line);
        if line.contains("paused before the commit") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    out
}

fn pending(file: &Path) -> std::path::PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".pending");
    name.into()
}

#[test]
fn a_rotation_killed_before_its_commit_leaves_the_old_key_and_no_key_file() {
    let v = vault_with_a_secret();
    let file = v.path("new.key");
    let mut cmd = rotate(&v);
    cmd.arg("--key-out").arg(&file);
    kill_before_commit(cmd);
    old_key_still_opens(&v);
    assert!(
        !file.exists(),
        "the key file must not pass for the vault's key"
    );
    // What was written aside is not the vault's key, and a new rotation says what to do.
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY_FILE", pending(&file))
        .args(["get", "a"])
        .assert()
        .code(3);
    let out = rotate(&v).arg("--key-out").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("left by an interrupted `locket key rotate`"),
        "{err}"
    );
    old_key_still_opens(&v);
}

#[test]
fn a_printed_key_killed_before_its_commit_does_not_replace_the_old_one() {
    let v = vault_with_a_secret();
    let printed = kill_before_commit(rotate(&v));
    let printed = printed.trim();
    assert!(printed.starts_with("LOCKET-KEY-1-"), "{printed}");
    old_key_still_opens(&v);
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY", printed)
        .args(["get", "a"])
        .assert()
        .code(3)
        .stderr(has("does not open the vault"));
}

/// `set` processes racing `key rotate` processes: every `set` that reported success is there
/// afterwards, the others failed saying to retry, and the vault checks clean.
#[test]
fn sets_racing_rotations_lose_nothing() {
    let v = vault_with_a_secret();
    let keys: Vec<_> = (0..6).map(|i| v.path(&format!("k{i}"))).collect();
    let mut current = v.key.clone();
    let mut landed = Vec::new();
    for (round, key_out) in keys.iter().enumerate() {
        let rotation = rotate_with(&v, &current)
            .arg("--key-out")
            .arg(key_out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let sets: Vec<_> = (0..4)
            .map(|i| {
                let name = format!("r{round}_{i}");
                let child = v
                    .cmd_no_key()
                    .env("LOCKET_VAULT_KEY", &current)
                    .args(["set", &name])
                    .write_stdin(name.clone())
                    .output();
                (name, child)
            })
            .collect();
        let rotated = rotation.wait_with_output().unwrap();
        assert!(
            rotated.status.success(),
            "{}",
            String::from_utf8_lossy(&rotated.stderr)
        );
        for (name, out) in sets {
            let out = out.unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            if out.status.success() {
                landed.push(name);
            } else {
                assert!(
                    err.contains("changed during the write")
                        || err.contains("does not open the vault"),
                    "{name}: {err}"
                );
            }
        }
        current = std::fs::read_to_string(key_out).unwrap().trim().to_string();
    }
    for name in &landed {
        v.cmd_no_key()
            .env("LOCKET_VAULT_KEY", &current)
            .args(["get", "-n", name])
            .assert()
            .success()
            .stdout(name.clone());
    }
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY", &current)
        .arg("doctor")
        .assert()
        .success();
}

// ---- `locket init` follows the same rule: a key that goes nowhere leaves no vault ----------

/// `locket init` as a plain process with no keyring reachable (no D-Bus session).
fn init(dir: &Path, args: &[&str]) -> Command {
    let mut c = plain_locket(dir);
    c.arg("init").args(args);
    c
}

#[test]
fn init_never_leaves_a_vault_whose_key_went_nowhere() {
    let tmp = tempfile::tempdir().unwrap();
    // Stdout is the only way out and goes nowhere: refused before anything is created.
    let vault = tmp.path().join("refused");
    let out = init(&vault, &["--no-keyring"])
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nothing was created") && err.contains("--key-out FILE"),
        "{err}"
    );
    assert!(!vault.exists());
    // The keyring fails after the vault exists: the vault is removed again, and says so.
    let vault = tmp.path().join("removed");
    let out = init(&vault, &[]).stdout(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("was removed"), "{err}");
    assert!(!vault.join("vault.db").exists());
    // A full stdout: printing fails, the vault goes too.
    let vault = tmp.path().join("full");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = init(&vault, &["--no-keyring"])
        .stdout(full)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(!vault.join("vault.db").exists());
    // With a key file, stdout does not matter.
    let vault = tmp.path().join("kept");
    let key = tmp.path().join("key.txt");
    let out = init(
        &vault,
        &["--no-keyring", "--key-out", key.to_str().unwrap()],
    )
    .stdout(Stdio::null())
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(vault.join("vault.db").exists() && key.exists());
}
