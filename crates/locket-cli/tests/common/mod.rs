//! Shared test helpers: a fresh vault in a temp directory and a `locket` command that sees
//! only the environment the test gives it (no keyring, no prompt, no inherited LOCKET_*).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod echo;
pub mod http;
pub mod servers;
pub mod web;

pub struct TestVault {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub key: String,
}

impl TestVault {
    /// `locket init --no-keyring` in a temp dir; the key is captured from stdout.
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let out = bare_locket()
            .arg("--vault-dir")
            .arg(&dir)
            .args(["init", "--no-keyring"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let key = String::from_utf8(out.stdout).unwrap().trim().to_string();
        assert!(key.starts_with("LOCKET-KEY-1-"), "{key}");
        TestVault { tmp, dir, key }
    }

    /// `locket --vault-dir DIR` with LOCKET_VAULT_KEY set.
    pub fn cmd(&self) -> Command {
        let mut c = bare_locket();
        c.arg("--vault-dir")
            .arg(&self.dir)
            .env("LOCKET_VAULT_KEY", &self.key);
        c
    }

    /// `locket --vault-dir DIR` without any key.
    pub fn cmd_no_key(&self) -> Command {
        let mut c = bare_locket();
        c.arg("--vault-dir").arg(&self.dir);
        c
    }

    pub fn set(&self, name: &str, value: &str) {
        self.cmd()
            .args(["set", name])
            .write_stdin(value)
            .assert()
            .success();
    }

    pub fn get(&self, name: &str) -> String {
        let out = self.cmd().args(["get", "-n", name]).output().unwrap();
        assert!(
            out.status.success(),
            "get {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.join("vault.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }
}

/// The `locket` binary with a scrubbed environment: no D-Bus (so no keyring), no prompts,
/// no colour, and no LOCKET_* or XDG variables from the developer's shell.
pub fn bare_locket() -> Command {
    let mut c = Command::cargo_bin("locket").unwrap();
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir().join("locket-test-home-unused"))
        .env("LOCKET_NO_PROMPT", "1")
        .env("NO_COLOR", "1");
    c
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p)
            } else {
                out.push(p)
            }
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Runs `cmd` (a shell command line) on a pseudo-terminal made by `script` (util-linux),
/// typing `input`: for prompts that read /dev/tty, as locket's and `age`'s do. The terminal's
/// output, echo included, comes back on stdout; the environment is only PATH and NO_COLOR.
pub fn on_tty(cmd: &str, input: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut command = Command::new("script");
    command
        .args(["-qec", cmd, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("script (util-linux) runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// `locket render` of `template` on stdin.
pub fn render(v: &TestVault, template: &str) -> std::process::Output {
    render_with(v, template, &[])
}

/// `locket render FLAGS` of `template` on stdin.
pub fn render_with(v: &TestVault, template: &str, flags: &[&str]) -> std::process::Output {
    v.cmd()
        .arg("render")
        .args(flags)
        .write_stdin(template)
        .output()
        .unwrap()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// No secret value or credential in any file of the vault.
pub fn assert_not_in_vault_files(v: &TestVault, needles: &[&str]) {
    for file in files_under(&v.dir) {
        let bytes = std::fs::read(&file).unwrap();
        for needle in needles {
            assert!(
                !contains(&bytes, needle.as_bytes()),
                "{needle:?} found in {}",
                file.display()
            );
        }
    }
}
