//! The error catalogue: each command's user-facing failures as snapshot files,
//! `tests/cmd/<command>/<case>.toml` (arguments, stdin, environment, exit code, exact stdout and
//! stderr), run by trycmd. A reworded message is a diff of those files, reviewed as text;
//! `TRYCMD=overwrite cargo test -p locket-cli --test cli_tests` rewrites them after a change.
//!
//! Every case runs against one test vault, `tests/fixtures/catalogue` (see its README), copied
//! to a temporary directory first so no case can change it, and opened by its published test
//! key. Checks that a secret is absent from outputs and files stay in code (robustness.rs).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The test vault's key: a test key, published here; it protects nothing else.
const TEST_KEY: &str = include_str!("fixtures/catalogue/key.txt");

/// Variables of the developer's shell that would change what locket does or says.
const FOREIGN: &[&str] = &[
    "LOCKET_VAULT_KEY_FILE",
    "LOCKET_PASSPHRASE",
    "LOCKET_EXPORT_PASSPHRASE",
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_DATA_HOME",
    "CLICOLOR_FORCE",
];

#[test]
fn cli_tests() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    copy_test_vault(&vault);
    // SAFETY: this binary has this one test, which sets the environment before it starts any
    // thread or process. The key goes through the inherited environment, not
    // `TestCases::env`: trycmd applies its defaults after a case's own `env`, so a case could
    // neither remove the key (a locked vault) nor replace it (a wrong key).
    unsafe {
        for name in FOREIGN {
            std::env::remove_var(name);
        }
        std::env::set_var("LOCKET_VAULT_KEY", TEST_KEY.trim());
    }
    trycmd::TestCases::new()
        .default_bin_name("locket")
        .env("LOCKET_HOME", vault.display().to_string())
        .env("LOCKET_NO_PROMPT", "1")
        .env("NO_COLOR", "1")
        .insert_var("[VAULT]", vault.display().to_string())
        .unwrap()
        .case("tests/cmd/*/*.toml")
        .run();
}

fn copy_test_vault(to: &Path) {
    std::fs::create_dir(to).unwrap();
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o700)).unwrap();
    let file = to.join("vault.db");
    std::fs::copy("tests/fixtures/catalogue/vault.db", &file).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
}
