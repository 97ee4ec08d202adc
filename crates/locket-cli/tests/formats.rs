//! File formats that must stay readable: vault files of every format version (fixtures), and
//! exports, which the reference `age` tool must open and locket must import from `age`.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::*;
use predicates::prelude::*;

/// Copies a fixture vault to a temp dir (opening may write WAL files) and returns a command
/// factory with its key.
fn fixture(version: u32) -> (tempfile::TempDir, impl Fn() -> assert_cmd::Command) {
    let src =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/vault-v{version}"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::copy(src.join("vault.db"), dir.join("vault.db")).unwrap();
    std::fs::set_permissions(dir.join("vault.db"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let key = std::fs::read_to_string(src.join("key.txt"))
        .unwrap()
        .trim()
        .to_string();
    (tmp, move || {
        let mut c = bare_locket();
        c.arg("--vault-dir").arg(&dir).env("LOCKET_VAULT_KEY", &key);
        c
    })
}

#[test]
fn format_2_vault_still_opens() {
    let (_tmp, locket) = fixture(2);
    locket().arg("doctor").assert().success();
    locket()
        .args(["get", "-n", "api_key"])
        .assert()
        .success()
        .stdout("fixture-value-1");
    let list: serde_json::Value =
        serde_json::from_slice(&locket().args(["list", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert_eq!(
        list[1]["link"],
        serde_json::json!({"integration": "bao", "reference": "hcv://secret/fixture#value"})
    );
    locket()
        .args(["integration", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "http://127.0.0.1:18201 (token auth)",
        ));
    locket()
        .args(["cache", "ttl"])
        .assert()
        .success()
        .stdout("30\n");
    locket()
        .args(["cache", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("bao:hcv://secret/fixture#value"));
    // Nothing listens at the integration's address: the cached value is used only when asked
    // (--allow-stale), and the failure says so (exit 5: external vault).
    locket()
        .args(["get", "-n", "--refresh", "linked"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("--allow-stale"))
        .stdout("");
    locket()
        .args(["get", "-n", "--refresh", "--allow-stale", "linked"])
        .assert()
        .success()
        .stdout("fixture-linked-value")
        .stderr(predicate::str::contains("cached value fetched"));
}

#[test]
fn format_1_vault_still_opens() {
    let (_tmp, locket) = fixture(1);
    locket().arg("doctor").assert().success();
    let list: serde_json::Value =
        serde_json::from_slice(&locket().args(["list", "--json"]).output().unwrap().stdout)
            .unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["api_key", "binary-value", "disabled.one", "empty_one"]
    );
    assert_eq!(
        list[0]["allowed_domains"],
        serde_json::json!(["api.example.com", "http://localhost:8080"])
    );
    assert_eq!(list[2]["enabled"], false);
    assert_eq!(list[3]["empty"], true);
    locket()
        .args(["get", "-n", "api_key"])
        .assert()
        .success()
        .stdout("fixture-value-1");
    locket()
        .args(["get", "-n", "disabled.one"])
        .assert()
        .success()
        .stdout("fixture-value-2");
    let out = locket()
        .args(["get", "-n", "binary-value"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, [0x00, 0x01, 0xfe, 0xff]);
    // And it accepts writes.
    locket()
        .args(["set", "added"])
        .write_stdin("later")
        .assert()
        .success();
    locket().arg("doctor").assert().success();
}

fn require_age() {
    assert!(
        Command::new("age")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "the reference `age` tool is missing: apt-get install age (scripts/test.sh does this)"
    );
}

const PASS: &str = "interop passphrase";

#[test]
fn age_opens_an_encrypted_export() {
    require_age();
    let v = TestVault::new();
    v.set("api", "value-for-age");
    let file = v.path("export.age");
    v.cmd()
        .args(["export", "-o"])
        .arg(&file)
        .env("LOCKET_EXPORT_PASSPHRASE", PASS)
        .assert()
        .success();
    let out_file = v.path("decrypted.json");
    let out = on_tty(
        &format!("age -d -o {} {}", out_file.display(), file.display()),
        &format!("{PASS}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(doc["secrets"][0]["value"], "value-for-age");
}

#[test]
fn locket_imports_what_age_encrypted() {
    require_age();
    let v = TestVault::new();
    let plain = v.path("plain.json");
    std::fs::write(
        &plain,
        r#"{"format":"locket-export","version":1,"secrets":[{"name":"from_age","value":"sealed-by-age"}]}"#,
    )
    .unwrap();
    let sealed = v.path("sealed.age");
    let out = on_tty(
        &format!("age -p -a -o {} {}", sealed.display(), plain.display()),
        &format!("{PASS}\n{PASS}\n"),
    );
    assert!(
        out.status.success() && sealed.exists(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    v.cmd()
        .arg("import")
        .arg(&sealed)
        .env("LOCKET_EXPORT_PASSPHRASE", PASS)
        .assert()
        .success();
    assert_eq!(v.get("from_age"), "sealed-by-age");
}

#[test]
fn a_vault_from_a_newer_locket_is_refused_untouched() {
    let v = TestVault::new();
    v.set("a", "1");
    // python3's sqlite3 stands in for a future locket that bumped the format.
    let status = Command::new("python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=99'); c.commit(); c.close()"])
        .arg(v.db())
        .status()
        .expect("python3 runs");
    assert!(status.success());
    let before = std::fs::read(v.db()).unwrap();
    v.cmd().args(["get", "a"]).assert().code(1).stderr(
        predicates::str::contains("format 99, newer than this locket understands")
            .and(predicates::str::contains("upgrade locket")),
    );
    assert_eq!(std::fs::read(v.db()).unwrap(), before);
}
