//! 1Password end to end through the `locket` binary: a fake Connect server (after the
//! Connect OpenAPI spec) and a fake `op` CLI on PATH for a service account, both shared with
//! the provider's tests. Integrations, links, rendering, lookup counts, exit codes, reauth, and
//! no token or value in the vault's files.

mod common;

#[allow(dead_code)]
#[path = "../../locket-providers/tests/support/fake_connect.rs"]
mod fake_connect;
#[allow(dead_code)]
#[path = "../../locket-providers/tests/support/fake_http.rs"]
mod fake_http;
#[allow(dead_code)]
#[path = "../../locket-providers/tests/support/fake_op.rs"]
mod fake_op;

use common::*;
use fake_connect::{Counts, FakeConnect};
use fake_op::FakeOp;
use predicates::prelude::*;

const TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.cli-test-connect-token.sig";
const SA_TOKEN: &str = "ops_eyJjbGktdGVzdCI6InNlcnZpY2UtYWNjb3VudCJ9";
const STRIPE_SECRET: &str = "sk_live_onepassword_cli_4242";
const STRIPE_PUBLIC: &str = "pk_live_onepassword_cli_1717";
const DB_PASSWORD: &str = "db-admin-password-op-9x9x";

fn seeded_connect() -> FakeConnect {
    let server = FakeConnect::start(TOKEN);
    let prod = server.add_vault("Prod");
    server.put_item(
        &prod,
        "Stripe",
        &[
            ("secret-key", STRIPE_SECRET),
            ("publishable-key", STRIPE_PUBLIC),
        ],
    );
    server.put_raw(
        &prod,
        "Database",
        serde_json::json!([{"id": "adminsection00000000000000", "label": "Admin"}]),
        serde_json::json!([{"id": "dbpass", "type": "CONCEALED", "label": "password",
                            "value": DB_PASSWORD, "section": {"id": "adminsection00000000000000"}}]),
    );
    server
}

#[test]
fn connect_add_link_render_with_few_requests_and_nothing_in_the_files() {
    let server = seeded_connect();
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "1password", "op", "--connect-host"])
        .arg(server.url())
        .arg("--connect-token-stdin")
        .write_stdin(format!("{TOKEN}\n"))
        .assert()
        .success()
        .stderr(predicate::str::contains("Connect token on").and(predicate::str::contains("Prod")));
    v.cmd()
        .args(["integration", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Connect server"));
    for (name, reference) in [
        ("stripe_secret", "op://Prod/Stripe/secret-key"),
        ("stripe_public", "op://prod/stripe/Publishable-Key"),
        ("db", "op://Prod/Database/Admin/password"),
    ] {
        v.cmd().args(["link", name, reference]).assert().success();
    }
    v.cmd().args(["cache", "ttl", "0"]).assert().success();
    server.reset_counts();
    let out = render(
        &v,
        "{{vault:stripe_secret}} {{vault:stripe_public}} {{vault:db}}",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{STRIPE_SECRET} {STRIPE_PUBLIC} {DB_PASSWORD}")
    );
    assert_eq!(
        server.counts(),
        Counts {
            vault_lists: 1,
            item_lists: 1,
            item_gets: 2,
            refused: 0
        }
    );
    v.cmd()
        .args(["integration", "test", "op"])
        .assert()
        .success()
        .stderr(predicate::str::contains(server.url()));
    assert_not_in_vault_files(&v, &[TOKEN, STRIPE_SECRET, STRIPE_PUBLIC, DB_PASSWORD]);

    // Bad references are usage errors before anything is stored.
    v.cmd()
        .args(["link", "bad", "op://Prod/Stripe"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("op://VAULT/ITEM"));
    // A field that does not exist: unresolved, named.
    v.cmd()
        .args(["link", "ghost", "op://Prod/Stripe/nope"])
        .assert()
        .success();
    let out = render(&v, "{{vault:ghost}}");
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("`nope`"), "{}", stderr(&out));
}

#[test]
fn one_time_passwords_render_as_the_current_code() {
    let server = FakeConnect::start(TOKEN);
    let dev = server.add_vault("dev");
    let seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    server.put_raw(
        &dev,
        "GitHub",
        serde_json::json!([{"id": "securitysection00000000000", "label": "Security"}]),
        serde_json::json!([{"id": "totpfield", "type": "TOTP", "label": "one-time password",
            "value": format!("otpauth://totp/GitHub:me?secret={seed}&issuer=GitHub"),
            "section": {"id": "securitysection00000000000"}}]),
    );
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "1password", "op"])
        .env("OP_CONNECT_HOST", server.url())
        .env("OP_CONNECT_TOKEN", TOKEN)
        .assert()
        .success();
    v.cmd()
        .args([
            "link",
            "otp",
            "op://dev/GitHub/Security/one-time password?attribute=otp",
        ])
        .assert()
        .success();
    let out = render(&v, "{{vault:otp}}");
    assert!(out.status.success(), "{}", stderr(&out));
    let code = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{code:?}"
    );
    assert_not_in_vault_files(&v, &[TOKEN, seed]);
}

#[test]
fn a_refused_token_is_exit_5_until_reauth() {
    let server = seeded_connect();
    let v = TestVault::new();
    let bogus = "eyJhbGciOiJFUzI1NiJ9.revoked-token.sig";
    v.cmd()
        .args(["integration", "add", "1password", "op"])
        .env("OP_CONNECT_HOST", server.url())
        .env("OP_CONNECT_TOKEN", bogus)
        .assert()
        .code(5)
        .stderr(
            predicate::str::contains("refused the token")
                .and(predicate::str::contains(bogus).not()),
        );
    v.cmd()
        .args(["integration", "add", "1password", "op", "--no-test"])
        .env("OP_CONNECT_HOST", server.url())
        .env("OP_CONNECT_TOKEN", bogus)
        .assert()
        .success();
    v.cmd()
        .args(["link", "db", "op://Prod/Database/Admin/password"])
        .assert()
        .success();
    let out = render(&v, "{{vault:db}}");
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("locket integration reauth op"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains(bogus));
    v.cmd()
        .args(["integration", "reauth", "op"])
        .env("OP_CONNECT_TOKEN", TOKEN)
        .assert()
        .success();
    let out = render(&v, "{{vault:db}}");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), DB_PASSWORD);
    assert_not_in_vault_files(&v, &[TOKEN, bogus, DB_PASSWORD]);
    // Other providers' flags are refused.
    v.cmd()
        .args([
            "integration",
            "add",
            "1password",
            "x",
            "--region",
            "eu-west-1",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--region applies to aws"));
}

#[test]
fn service_account_through_op_on_path() {
    let mut op = FakeOp::new(SA_TOKEN);
    let ci = op.add_vault("CI");
    op.add_item(
        &ci,
        "Deploy",
        &[("token", "CONCEALED", "deploy-token-value-0c0c")],
    );
    let path = format!(
        "{}:{}",
        op.bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "1password", "sa"])
        .env("PATH", &path)
        .env("OP_SERVICE_ACCOUNT_TOKEN", SA_TOKEN)
        .assert()
        .success()
        .stderr(predicate::str::contains("service account"));
    v.cmd()
        .args(["link", "deploy", "op://CI/Deploy/token"])
        .assert()
        .success();
    let out = v
        .cmd()
        .env("PATH", &path)
        .env("LOCKET_PASSPHRASE", "vault passphrase 1")
        .env("LOCKET_EXPORT_PASSPHRASE", "export passphrase 2")
        .env("LOCKET_VAULT_KEY_FILE", v.path("some.key"))
        .arg("render")
        .write_stdin("{{vault:deploy}}")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "deploy-token-value-0c0c"
    );
    assert!(op.calls().iter().all(|c| !c.contains(SA_TOKEN)));
    // `op` gets its token, never what unlocks locket.
    let names = op.env_names();
    assert!(
        names.iter().any(|n| n == "OP_SERVICE_ACCOUNT_TOKEN"),
        "{names:?}"
    );
    for name in locket_core::key::env::UNLOCKING {
        assert!(!names.iter().any(|n| n == name), "{name} reached op");
    }
    assert_not_in_vault_files(&v, &[SA_TOKEN, "deploy-token-value-0c0c"]);

    // Without `op` installed: a clear message, exit 5.
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "1password", "sa"])
        .env("PATH", "/nonexistent")
        .env("OP_SERVICE_ACCOUNT_TOKEN", SA_TOKEN)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("`op` is not installed"));
}

/// A linked secret that a request's destination does not allow is refused before its provider
/// is asked (the fake Connect server counts every request it gets): `send` with the reference
/// in the URL's path and query (exit 4), and `run` with it in a request's URL (that request
/// fails as refused, exit 1). Nothing is sent to the destination (port 9 on 127.0.0.1: a
/// connection there would fail the command differently).
#[test]
fn a_refused_linked_secret_is_never_fetched() {
    let server = seeded_connect();
    let v = TestVault::new();
    v.cmd()
        .args(["integration", "add", "1password", "op"])
        .env("OP_CONNECT_HOST", server.url())
        .env("OP_CONNECT_TOKEN", TOKEN)
        .assert()
        .success();
    v.cmd()
        .args(["link", "stripe_secret", "op://Prod/Stripe/secret-key"])
        .assert()
        .success();
    v.cmd()
        .args(["allow", "stripe_secret", "api.stripe.com"])
        .assert()
        .success();
    v.cmd().args(["cache", "ttl", "0"]).assert().success();
    let nothing = Counts {
        vault_lists: 0,
        item_lists: 0,
        item_gets: 0,
        refused: 0,
    };

    server.reset_counts();
    for url in [
        "http://127.0.0.1:9/v1/{{vault:stripe_secret}}",
        "http://127.0.0.1:9/v1/charges?key={{vault:stripe_secret}}",
        "http://127.0.0.1:9#{{vault:stripe_secret}}",
    ] {
        let out = v.cmd().args(["send", url]).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{url}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not allowed to be sent to http://127.0.0.1:9"),
            "{}",
            stderr(&out)
        );
        assert_eq!(server.counts(), nothing, "send {url} fetched the secret");
    }

    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.json");
    std::fs::write(
        &collection,
        serde_json::json!({
            "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "leak", "request": {"method": "GET",
                "url": "http://127.0.0.1:9/v1/charges?key={{vault:stripe_secret}}"}}],
        })
        .to_string(),
    )
    .unwrap();
    let out = v.cmd().arg("run").arg(&collection).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", stderr(&out));
    assert!(
        stdout.contains(
            "refused: nothing was sent to http://127.0.0.1:9: stripe_secret is not allowed"
        ),
        "{stdout}"
    );
    assert_eq!(server.counts(), nothing, "run fetched the secret");

    // The counter is live: a use with no destination fetches it.
    let out = render(&v, "{{vault:stripe_secret}}");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(server.counts().item_gets > 0);
}
