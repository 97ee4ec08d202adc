//! `locket render` and `locket check`: one resolver, strict by default.

mod common;

use common::*;
use predicates::prelude::*;
use predicates::str::contains as has;

fn vault() -> TestVault {
    let v = TestVault::new();
    v.set("api_key", "sk-live-123456");
    v.cmd()
        .args(["set", "scoped", "--allow", "api.example.com"])
        .write_stdin("SCOPED-VALUE")
        .assert()
        .success();
    v.cmd()
        .args(["set", "blank"])
        .write_stdin("")
        .assert()
        .success();
    v.set("off", "disabled-value");
    v.cmd().args(["disable", "off"]).assert().success();
    v
}

#[test]
fn render_substitutes_every_reference_and_leaves_other_text_alone() {
    let v = vault();
    let template = "Authorization: Bearer {{vault:api_key}}\n{{baseUrl}}/x?k={{vault:api_key}}&s={{vault:scoped}}\n";
    v.cmd()
        .arg("render")
        .write_stdin(template)
        .assert()
        .success()
        .stdout(
            "Authorization: Bearer sk-live-123456\n{{baseUrl}}/x?k=sk-live-123456&s=SCOPED-VALUE\n",
        );
    let file = v.path("t.txt");
    std::fs::write(&file, "{{vault:blank}}|").unwrap();
    v.cmd()
        .arg("render")
        .arg(&file)
        .assert()
        .success()
        .stdout("|")
        .stderr(has("blank is empty"));
}

#[test]
fn render_is_byte_exact_for_text_without_references() {
    let v = TestVault::new();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let file = v.path("bin");
    std::fs::write(&file, &bytes).unwrap();
    let out = v.cmd_no_key().arg("render").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "no vault key is needed without references"
    );
    assert_eq!(out.stdout, bytes);
}

#[test]
fn render_refuses_to_output_anything_when_a_reference_is_unresolved() {
    let v = vault();
    let template =
        "{{vault:api_key}}\n{{vault:api_kye}} {{vault:off}}\n  {{ vault:x }}\n{{vault:}}";
    v.cmd()
        .arg("render")
        .write_stdin(template)
        .assert()
        .code(4)
        .stdout("")
        .stderr(has("4 references could not be resolved"))
        .stderr(has(
            "stdin:2:1  {{vault:api_kye}}  not found; did you mean \"api_key\"?",
        ))
        .stderr(has("stdin:2:19  {{vault:off}}  disabled"))
        .stderr(has("stdin:3:3  {{ vault:x }}  malformed reference: spaces"))
        .stderr(has(
            "stdin:4:1  {{vault:}}  malformed reference: the name is empty",
        ))
        .stderr(has("sk-live").not());
}

#[test]
fn render_with_a_locked_vault_says_why_once() {
    let v = vault();
    v.cmd_no_key()
        .arg("render")
        .write_stdin("{{vault:api_key}} {{vault:scoped}}")
        .assert()
        .code(4)
        .stderr(has("the vault is locked").and(has("LOCKET_VAULT_KEY: not set").count(1)));
    let missing = tempfile::tempdir().unwrap();
    bare_locket()
        .arg("--vault-dir")
        .arg(missing.path().join("none"))
        .arg("render")
        .write_stdin("{{vault:a}}")
        .assert()
        .code(4)
        .stderr(has("no vault at"));
}

#[test]
fn render_of_a_missing_file_is_a_usage_error() {
    let v = vault();
    v.cmd()
        .arg("render")
        .arg(v.path("nope"))
        .assert()
        .code(2)
        .stderr(has("cannot read"));
}

#[test]
fn check_reports_every_state_and_never_a_value() {
    let v = vault();
    let file = v.path("req.http");
    std::fs::write(
        &file,
        "GET /?k={{vault:api_key}}\nX: {{vault:blank}} {{vault:nope}}\n{{VAULT:off}}\n",
    )
    .unwrap();
    let out = v.cmd().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].ends_with(":1:9  ok          {{vault:api_key}}"),
        "{stdout}"
    );
    assert!(lines[1].contains(":2:4  empty"), "{stdout}");
    assert!(
        lines[2].contains(":2:20  unresolved  {{vault:nope}}  not found"),
        "{stdout}"
    );
    assert!(
        lines[3].contains("write `vault:` in lower case"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("sk-live") && !String::from_utf8_lossy(&out.stderr).contains("sk-live")
    );

    let out = v
        .cmd()
        .args(["check", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["state"], "ok");
    assert_eq!(json[0]["line"], 1);
    assert_eq!(json[0]["column"], 9);
    assert_eq!(json[1]["state"], "empty");
    assert_eq!(json[2]["name"], "nope");
    assert!(json[3]["name"].is_null());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("sk-live"));
}

#[test]
fn check_passes_when_everything_resolves() {
    let v = vault();
    v.cmd()
        .arg("check")
        .write_stdin("{{vault:api_key}} {{vault:scoped}}")
        .assert()
        .success()
        .stderr(has("2 references: 2 ok, 0 unresolved"));
    v.cmd_no_key()
        .arg("check")
        .write_stdin("plain text")
        .assert()
        .success()
        .stderr(has("no vault references"));
}
