//! Every command, its success and failure paths, and its exit code (README "Exit codes").

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;
use predicates::prelude::*;
use predicates::str::contains as has;

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

// ---- init ----------------------------------------------------------------------------------

#[test]
fn init_prints_the_key_once_when_it_is_kept_nowhere_else() {
    let v = TestVault::new();
    assert_eq!(mode(&v.dir), 0o700);
    assert_eq!(mode(&v.db()), 0o600);
}

#[test]
fn init_key_out_writes_a_private_file_and_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let key_file = tmp.path().join("key");
    let out = bare_locket()
        .arg("--vault-dir")
        .arg(tmp.path().join("v"))
        .args(["init", "--no-keyring", "--key-out"])
        .arg(&key_file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert_eq!(mode(&key_file), 0o600);
    let key = std::fs::read_to_string(&key_file).unwrap();
    bare_locket()
        .arg("--vault-dir")
        .arg(tmp.path().join("v"))
        .env("LOCKET_VAULT_KEY_FILE", &key_file)
        .arg("list")
        .assert()
        .success();
    assert!(key.starts_with("LOCKET-KEY-1-"));
}

#[test]
fn init_refuses_an_existing_vault_and_changes_nothing() {
    let v = TestVault::new();
    v.set("kept", "value");
    let before = std::fs::read(v.db()).unwrap();
    v.cmd_no_key()
        .args(["init", "--no-keyring"])
        .assert()
        .code(2);
    assert_eq!(std::fs::read(v.db()).unwrap(), before);
    assert_eq!(v.get("kept"), "value");
}

#[test]
fn init_refuses_an_existing_key_file_before_creating_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let key_file = tmp.path().join("key");
    std::fs::write(&key_file, "precious").unwrap();
    bare_locket()
        .arg("--vault-dir")
        .arg(tmp.path().join("v"))
        .args(["init", "--no-keyring", "--key-out"])
        .arg(&key_file)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), "precious");
    assert!(!tmp.path().join("v").exists());
}

#[test]
fn init_with_passphrase_needs_a_long_one() {
    let tmp = tempfile::tempdir().unwrap();
    bare_locket()
        .arg("--vault-dir")
        .arg(tmp.path().join("v"))
        .args(["init", "--no-keyring", "--passphrase"])
        .env("LOCKET_PASSPHRASE", "short")
        .assert()
        .code(2);
    assert!(!tmp.path().join("v").exists());
}

#[test]
fn a_passphrase_unlocks_at_the_terminal_prompt() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let out = bare_locket()
        .arg("--vault-dir")
        .arg(&dir)
        .args(["init", "--no-keyring", "--passphrase"])
        .env("LOCKET_PASSPHRASE", "correct horse battery")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = String::from_utf8(out.stdout).unwrap().trim().to_string();
    bare_locket()
        .arg("--vault-dir")
        .arg(&dir)
        .env("LOCKET_VAULT_KEY", &key)
        .args(["set", "s"])
        .write_stdin("opened-by-passphrase")
        .assert()
        .success();
    // `script` gives locket a real terminal; the passphrase is typed on it.
    let run_on_tty = |answer: &str| {
        let locket = assert_cmd::cargo::cargo_bin("locket");
        on_tty(
            &format!("{} --vault-dir {} get s", locket.display(), dir.display()),
            &format!("{answer}\n"),
        )
    };
    let out = run_on_tty("correct horse battery");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("opened-by-passphrase"), "{text}");
    assert!(text.contains("Vault key or passphrase"), "{text}");
    let out = run_on_tty("wrong passphrase!!");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("wrong passphrase") && !text.contains("opened-by-passphrase"),
        "{text}"
    );
}

// ---- key sources ---------------------------------------------------------------------------

#[test]
fn key_file_source_and_its_errors() {
    let v = TestVault::new();
    let file = v.path("key.txt");
    std::fs::write(&file, format!("  {}\n", v.key)).unwrap();
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY_FILE", &file)
        .arg("list")
        .assert()
        .success();
    // LOCKET_VAULT_KEY wins over the file.
    std::fs::write(&file, "LOCKET-KEY-1-AAAAA").unwrap();
    v.cmd()
        .env("LOCKET_VAULT_KEY_FILE", &file)
        .arg("list")
        .assert()
        .success();
}

#[test]
fn locket_home_selects_the_vault() {
    let v = TestVault::new();
    v.set("a", "1");
    let mut c = bare_locket();
    c.env("LOCKET_HOME", &v.dir)
        .env("LOCKET_VAULT_KEY", &v.key)
        .args(["get", "a"])
        .assert()
        .success()
        .stdout("1\n");
}

// ---- set / get -----------------------------------------------------------------------------

#[test]
fn set_reads_stdin_minus_one_newline_and_get_prints_it() {
    let v = TestVault::new();
    v.cmd()
        .args(["set", "tok"])
        .write_stdin("abc\n\n")
        .assert()
        .success()
        .stderr(has("Created tok"));
    v.cmd()
        .args(["get", "tok"])
        .assert()
        .success()
        .stdout("abc\n\n");
    v.cmd()
        .args(["get", "-n", "tok"])
        .assert()
        .success()
        .stdout("abc\n");
    v.cmd()
        .args(["set", "tok"])
        .write_stdin("xyz\r\n")
        .assert()
        .success()
        .stderr(has("Updated tok"));
    assert_eq!(v.get("tok"), "xyz");
}

#[test]
fn set_from_file_keeps_every_byte() {
    let v = TestVault::new();
    let file = v.path("cert.bin");
    let bytes: Vec<u8> = (0..=255u8).chain([b'\n']).collect();
    std::fs::write(&file, &bytes).unwrap();
    v.cmd()
        .args(["set", "cert", "--from-file"])
        .arg(&file)
        .assert()
        .success();
    let out = v.cmd().args(["get", "-n", "cert"]).output().unwrap();
    assert_eq!(out.stdout, bytes);
}

#[test]
fn set_an_empty_value_warns() {
    let v = TestVault::new();
    v.cmd()
        .args(["set", "blank"])
        .write_stdin("")
        .assert()
        .success()
        .stderr(has("empty"));
    v.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(has("(empty)"));
}

#[test]
fn set_refuses_bad_names_and_domains_without_writing() {
    let v = TestVault::new();
    let before = std::fs::read(v.db()).unwrap();
    v.cmd()
        .args(["set", "bad name"])
        .write_stdin("v")
        .assert()
        .code(2);
    v.cmd()
        .args(["set", "ok", "--allow", "ftp://x.com"])
        .write_stdin("v")
        .assert()
        .code(2);
    assert_eq!(std::fs::read(v.db()).unwrap(), before);
}

#[test]
fn get_of_a_disabled_secret_warns() {
    let v = TestVault::new();
    v.set("d", "v");
    v.cmd().args(["disable", "d"]).assert().success();
    v.cmd()
        .args(["get", "d"])
        .assert()
        .success()
        .stdout("v\n")
        .stderr(has("disabled"));
    v.cmd().args(["enable", "d"]).assert().success();
    v.cmd()
        .args(["get", "d"])
        .assert()
        .success()
        .stderr(has("disabled").not());
}

// ---- list ----------------------------------------------------------------------------------

#[test]
fn list_masks_values_and_shows_state() {
    let v = TestVault::new();
    v.cmd()
        .args([
            "set",
            "b_key",
            "--allow",
            "api.example.com",
            "--allow",
            "*.example.org",
        ])
        .write_stdin("SECRET-B")
        .assert()
        .success();
    v.set("a_key", "SECRET-A");
    v.cmd().args(["disable", "a_key"]).assert().success();
    let out = v.cmd().arg("list").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("SECRET"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("NAME"));
    assert!(
        lines[1].starts_with("a_key") && lines[1].contains(" no "),
        "{text}"
    );
    assert!(
        lines[2].contains("api.example.com, *.example.org"),
        "{text}"
    );

    let out = v.cmd().args(["list", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["name"], "a_key");
    assert_eq!(json[0]["enabled"], false);
    assert_eq!(
        json[1]["allowed_domains"],
        serde_json::json!(["api.example.com", "*.example.org"])
    );
    assert!(json[1]["updated"].as_str().unwrap().ends_with('Z'));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("SECRET"));
}

#[test]
fn list_of_an_empty_vault() {
    let v = TestVault::new();
    v.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout("")
        .stderr(has("No secrets"));
    v.cmd()
        .args(["--json", "list"])
        .assert()
        .success()
        .stdout("[]\n");
    v.cmd().args(["-q", "list"]).assert().success().stderr("");
}

// ---- rm / rename / enable / disable / allow --------------------------------------------------

#[test]
fn rm_removes_and_missing_is_4() {
    let v = TestVault::new();
    v.set("gone", "v");
    v.cmd()
        .args(["rm", "gone"])
        .assert()
        .success()
        .stderr(has("Removed gone"));
    v.cmd().args(["get", "gone"]).assert().code(4);
}

#[test]
fn rename_moves_and_refuses_to_clobber() {
    let v = TestVault::new();
    v.set("old", "1");
    v.set("taken", "2");
    v.cmd().args(["rename", "old", "taken"]).assert().code(2);
    v.cmd().args(["rename", "old", "new"]).assert().success();
    assert_eq!(v.get("new"), "1");
    assert_eq!(v.get("taken"), "2");
    v.cmd().args(["get", "old"]).assert().code(4);
}

#[test]
fn allow_adds_and_clears() {
    let v = TestVault::new();
    v.set("k", "v");
    v.cmd()
        .args(["allow", "k", "api.example.com", "http://localhost:8080"])
        .assert()
        .success();
    v.cmd()
        .args(["allow", "k", "api.example.com", "*.x.io"])
        .assert()
        .success()
        .stderr(has("api.example.com, http://localhost:8080, *.x.io"));
    v.cmd()
        .args(["allow", "k", "--clear"])
        .assert()
        .success()
        .stderr(has("any destination"));
    let json: serde_json::Value =
        serde_json::from_slice(&v.cmd().args(["list", "--json"]).output().unwrap().stdout).unwrap();
    assert_eq!(json[0]["allowed_domains"], serde_json::json!([]));
}

// ---- export / import -----------------------------------------------------------------------

const PASS: &str = "export passphrase 123";

#[test]
fn encrypted_export_round_trips_into_another_vault() {
    let v = TestVault::new();
    v.cmd()
        .args(["set", "a", "--allow", "api.example.com"])
        .write_stdin("value-a")
        .assert()
        .success();
    v.set("b", "value-b");
    v.cmd().args(["disable", "b"]).assert().success();
    let file = v.path("export.age");
    v.cmd()
        .args(["export", "-o"])
        .arg(&file)
        .env("LOCKET_EXPORT_PASSPHRASE", PASS)
        .assert()
        .success();
    assert_eq!(mode(&file), 0o600);
    let bytes = std::fs::read_to_string(&file).unwrap();
    assert!(bytes.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!bytes.contains("value-a"));

    let w = TestVault::new();
    w.cmd()
        .arg("import")
        .arg(&file)
        .env("LOCKET_EXPORT_PASSPHRASE", PASS)
        .assert()
        .success()
        .stderr(has("2 new"));
    assert_eq!(w.get("a"), "value-a");
    let json: serde_json::Value =
        serde_json::from_slice(&w.cmd().args(["list", "--json"]).output().unwrap().stdout).unwrap();
    assert_eq!(
        json[0]["allowed_domains"],
        serde_json::json!(["api.example.com"])
    );
    assert_eq!(json[1]["enabled"], false);
}

#[test]
fn export_refuses_existing_files() {
    let v = TestVault::new();
    v.set("a", "1");
    let file = v.path("exists");
    std::fs::write(&file, "keep").unwrap();
    v.cmd()
        .args(["export", "--plaintext", "-o"])
        .arg(&file)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
}

#[test]
fn plaintext_export_warns_and_imports() {
    let v = TestVault::new();
    let value = "line1\n\"quoted\"\tü";
    v.set("a", value);
    let out = v.cmd().args(["export", "--plaintext"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("plaintext"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["format"], "locket-export");
    assert_eq!(json["secrets"][0]["value"], value);
    let file = v.path("plain.json");
    std::fs::write(&file, &out.stdout).unwrap();
    let w = TestVault::new();
    w.cmd().arg("import").arg(&file).assert().success();
    assert_eq!(w.get("a"), value);
}

#[test]
fn import_with_a_wrong_passphrase_imports_nothing() {
    let v = TestVault::new();
    v.set("a", "1");
    let file = v.path("e.age");
    v.cmd()
        .args(["export", "-o"])
        .arg(&file)
        .env("LOCKET_EXPORT_PASSPHRASE", PASS)
        .assert()
        .success();
    let w = TestVault::new();
    let before = std::fs::read(w.db()).unwrap();
    w.cmd()
        .arg("import")
        .arg(&file)
        .env("LOCKET_EXPORT_PASSPHRASE", "not the passphrase")
        .assert()
        .code(2);
    assert_eq!(std::fs::read(w.db()).unwrap(), before);
    // A truncated encrypted file is refused too.
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    w.cmd()
        .arg("import")
        .arg(&file)
        .env("LOCKET_EXPORT_PASSPHRASE", PASS)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(w.db()).unwrap(), before);
}

#[test]
fn import_dotenv_and_conflicts() {
    let v = TestVault::new();
    v.set("EXISTING", "old");
    let file = v.path(".env");
    std::fs::write(&file, "# creds\nexport NEW_ONE=\"a b\"\nEXISTING=new\n").unwrap();
    v.cmd().arg("import").arg(&file).assert().code(2);
    v.cmd().args(["get", "NEW_ONE"]).assert().code(4);
    v.cmd()
        .arg("import")
        .arg(&file)
        .args(["--on-conflict", "skip"])
        .assert()
        .success()
        .stderr(has("1 new, 0 overwritten, 1 skipped"));
    assert_eq!(v.get("EXISTING"), "old");
    assert_eq!(v.get("NEW_ONE"), "a b");
    v.cmd()
        .arg("import")
        .arg(&file)
        .args(["--on-conflict", "overwrite"])
        .assert()
        .success()
        .stderr(has("2 overwritten"));
    assert_eq!(v.get("EXISTING"), "new");
}

#[test]
fn import_from_stdin() {
    let v = TestVault::new();
    v.cmd()
        .args(["import", "-"])
        .write_stdin("A=1\nB=2\n")
        .assert()
        .success();
    assert_eq!(v.get("B"), "2");
}

#[test]
fn a_bad_import_file_imports_nothing() {
    let v = TestVault::new();
    let file = v.path("bad.env");
    std::fs::write(&file, "GOOD=1\nthis line is wrong\n").unwrap();
    let before = std::fs::read(v.db()).unwrap();
    v.cmd().arg("import").arg(&file).assert().code(2);
    assert_eq!(std::fs::read(v.db()).unwrap(), before);
}

/// `import` reads a Postman environment with the parser `run -e` uses: UTF-16 with a
/// byte-order mark (as Windows tools write it) and number values are read as `run` reads them.
#[test]
fn import_reads_postman_environments_as_run_does() {
    let env = r#"{"name":"win","values":[{"key":"port","value":8080},{"key":"token","value":"\u00e9t\u00e9-123"}]}"#;
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(env.encode_utf16().flat_map(u16::to_le_bytes));
    let v = TestVault::new();
    let file = v.path("win.postman_environment.json");
    std::fs::write(&file, utf16).unwrap();
    v.cmd()
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stderr(has("Postman environment").and(has("2 new")));
    assert_eq!(v.get("port"), "8080");
    assert_eq!(v.get("token"), "été-123");
}

#[test]
fn import_postman_environment_all_or_secret_only() {
    let env = serde_json::json!({
        "id": "5f1c", "name": "staging",
        "values": [
            {"key": "baseUrl", "value": "https://api.example.com", "type": "default", "enabled": true},
            {"key": "apiKey", "value": "pm-secret-1", "type": "secret", "enabled": true},
            {"key": "oldToken", "value": "pm-secret-2", "type": "secret", "enabled": false}
        ],
        "_postman_variable_scope": "environment"
    });
    let v = TestVault::new();
    let file = v.path("staging.postman_environment.json");
    std::fs::write(&file, env.to_string()).unwrap();
    v.cmd()
        .arg("import")
        .arg(&file)
        .arg("--secret-only")
        .assert()
        .success()
        .stderr(has("Postman environment").and(has("2 new")));
    v.cmd().args(["get", "baseUrl"]).assert().code(4);
    assert_eq!(v.get("apiKey"), "pm-secret-1");
    let json: serde_json::Value =
        serde_json::from_slice(&v.cmd().args(["list", "--json"]).output().unwrap().stdout).unwrap();
    assert_eq!(json[1]["name"], "oldToken");
    assert_eq!(json[1]["enabled"], false);
    let w = TestVault::new();
    w.cmd()
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stderr(has("3 new"));
    // A key locket cannot name is refused (tests/cmd/import): nothing is imported.
    let bad = serde_json::json!({"values": [{"key": "ok", "value": "1"}, {"key": "has space", "value": "2"}]});
    std::fs::write(&file, bad.to_string()).unwrap();
    let x = TestVault::new();
    x.cmd().arg("import").arg(&file).assert().code(2);
    x.cmd().args(["get", "ok"]).assert().code(4);
}

// ---- destroy -------------------------------------------------------------------------------

#[test]
fn destroy_needs_confirmation() {
    let v = TestVault::new();
    v.cmd_no_key().arg("destroy").assert().code(2);
    assert!(v.db().exists());
    v.cmd_no_key().args(["destroy", "--yes"]).assert().success();
    assert!(!v.dir.exists());
    v.cmd().arg("list").assert().code(1);
    v.cmd_no_key().args(["destroy", "--yes"]).assert().code(1);
}

// ---- key -----------------------------------------------------------------------------------

#[test]
fn key_show_prints_the_key() {
    let v = TestVault::new();
    v.cmd()
        .args(["key", "show"])
        .assert()
        .success()
        .stdout(format!("{}\n", v.key));
}

#[test]
fn key_rotate_reencrypts_under_a_new_key() {
    let v = TestVault::new();
    v.set("a", "1");
    v.set("b", "2");
    let out = v.cmd().args(["key", "rotate"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new_key = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(String::from_utf8_lossy(&out.stderr).contains("LOCKET_VAULT_KEY holds the old key"));
    assert_ne!(new_key, v.key);
    v.cmd().args(["get", "a"]).assert().code(3);
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY", &new_key)
        .args(["get", "b"])
        .assert()
        .success()
        .stdout("2\n");
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY", &new_key)
        .arg("doctor")
        .assert()
        .success();

    let file = v.path("rotated.key");
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY", &new_key)
        .args(["key", "rotate", "--key-out"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    assert_eq!(mode(&file), 0o600);
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY_FILE", &file)
        .args(["get", "a"])
        .assert()
        .success();
}

#[test]
fn key_rotate_with_a_passphrase_rewraps_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let pass = "a passphrase of some length";
    let out = bare_locket()
        .arg("--vault-dir")
        .arg(&dir)
        .args(["init", "--no-keyring", "--passphrase"])
        .env("LOCKET_PASSPHRASE", pass)
        .output()
        .unwrap();
    let key = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let cmd = |k: &str| {
        let mut c = bare_locket();
        c.arg("--vault-dir").arg(&dir).env("LOCKET_VAULT_KEY", k);
        c
    };
    cmd(&key)
        .args(["key", "rotate"])
        .assert()
        .code(2)
        .stderr(has("LOCKET_PASSPHRASE"));
    cmd(&key)
        .args(["key", "rotate"])
        .env("LOCKET_PASSPHRASE", "the wrong passphrase")
        .assert()
        .code(3);
    cmd(&key).arg("list").assert().success(); // nothing changed
    let out = cmd(&key)
        .args(["key", "rotate"])
        .env("LOCKET_PASSPHRASE", pass)
        .output()
        .unwrap();
    assert!(out.status.success());
    let new_key = String::from_utf8(out.stdout).unwrap().trim().to_string();
    cmd(&new_key).arg("list").assert().success();
}

// ---- doctor --------------------------------------------------------------------------------

#[test]
fn doctor_reports_and_flags_loose_permissions() {
    let v = TestVault::new();
    v.set("a", "1");
    v.cmd().arg("doctor").assert().success().stdout(has(
        "1 records decrypt and the secrets match the vault manifest",
    ));
    let json: serde_json::Value =
        serde_json::from_slice(&v.cmd().args(["doctor", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] != "fail")
    );
    std::fs::set_permissions(v.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    v.cmd()
        .arg("doctor")
        .assert()
        .code(1)
        .stdout(has("chmod 600"));
    std::fs::set_permissions(v.db(), std::fs::Permissions::from_mode(0o600)).unwrap();
    v.cmd_no_key()
        .arg("doctor")
        .assert()
        .code(3)
        .stdout(has("no key source opens this vault"));
}

#[test]
fn doctor_warns_about_a_readable_key_file() {
    let v = TestVault::new();
    let file = v.path("key");
    std::fs::write(&file, &v.key).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    v.cmd_no_key()
        .env("LOCKET_VAULT_KEY_FILE", &file)
        .arg("doctor")
        .assert()
        .success()
        .stdout(has("readable by others"));
}

// ---- completions, help, usage --------------------------------------------------------------

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        bare_locket()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(has("locket"));
    }
}

#[test]
fn every_command_has_help() {
    let commands: &[&[&str]] = &[
        &[],
        &["init"],
        &["set"],
        &["get"],
        &["list"],
        &["rm"],
        &["rename"],
        &["enable"],
        &["disable"],
        &["allow"],
        &["export"],
        &["import"],
        &["destroy"],
        &["key"],
        &["key", "show"],
        &["key", "store"],
        &["key", "forget"],
        &["key", "rotate"],
        &["doctor"],
        &["completions"],
        &["render"],
        &["check"],
        &["exec"],
        &["send"],
    ];
    for cmd in commands {
        bare_locket()
            .args(*cmd)
            .arg("--help")
            .assert()
            .success()
            .stdout(has("Usage: locket"));
    }
    bare_locket()
        .arg("--help")
        .assert()
        .stdout(has("Exit codes").and(has("LOCKET_VAULT_KEY_FILE")));
}
