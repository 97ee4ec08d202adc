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
    // The message is in tests/cmd/render/unresolved.toml.
    v.cmd()
        .arg("render")
        .write_stdin(template)
        .assert()
        .code(4)
        .stdout("")
        .stderr(has("sk-live").not());
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
    // The report as text is in tests/cmd/check/unresolved.toml.
    let out = v.cmd().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(!contains(&out.stdout, b"sk-live") && !contains(&out.stderr, b"sk-live"));

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
