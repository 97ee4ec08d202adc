//! The 1Password provider against a fake Connect server (`support::fake_connect`, after the
//! Connect OpenAPI spec) and a fake `op` CLI (`support/fake-op`): 1Password's reference rules,
//! one-time passwords, the per-run lookup cache, and the service account path.
#![cfg(feature = "onepassword")]

use std::time::Duration;

use locket_providers::onepassword::{OnePasswordConfig, OnePasswordProvider};
use locket_providers::{Provider, ProviderError};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

mod support;
use support::fake_connect::{Counts, FakeConnect};
use support::fake_op::FakeOp;

const TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.provider-test-connect-token.sig";
const SA_TOKEN: &str = "ops_eyJzaWduSW5BZGRyZXNzIjoidGVzdCJ9providertest";

fn connect(server: &FakeConnect) -> OnePasswordProvider {
    OnePasswordProvider::new(OnePasswordConfig::connect(
        server.url(),
        SecretString::from(TOKEN),
    ))
    .unwrap()
}

fn text(p: &OnePasswordProvider, reference: &str) -> String {
    let fetched = p
        .fetch(reference)
        .unwrap_or_else(|e| panic!("{reference}: {e}"));
    String::from_utf8(fetched.value.expose_secret().to_vec()).unwrap()
}

#[test]
fn twenty_fields_of_five_items_cost_one_vault_lookup_one_listing_and_five_item_fetches() {
    let server = FakeConnect::start(TOKEN);
    let vault = server.add_vault("Prod");
    server.add_vault("Other");
    let mut references = Vec::new();
    for item in 0..5 {
        let values: Vec<(String, String)> = (0..4)
            .map(|f| (format!("field{f}"), format!("value-{item}-{f}")))
            .collect();
        let fields: Vec<(&str, &str)> = values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        server.put_item(&vault, &format!("service {item}"), &fields);
        for (field, value) in &values {
            references.push((format!("op://prod/Service {item}/{field}"), value.clone()));
        }
    }
    let provider = connect(&server);
    // As the resolver does: several threads at once.
    std::thread::scope(|s| {
        for chunk in references.chunks(3) {
            let provider = &provider;
            s.spawn(move || {
                for (reference, value) in chunk {
                    assert_eq!(&text(provider, reference), value);
                }
            });
        }
    });
    assert_eq!(
        server.counts(),
        Counts {
            vault_lists: 1,
            item_lists: 1,
            item_gets: 5,
            refused: 0
        }
    );
    let stats = provider.stats();
    assert_eq!(
        (stats.vault_lookups, stats.item_listings, stats.item_fetches),
        (1, 1, 5)
    );
}

#[test]
fn items_given_by_id_skip_the_listing() {
    let server = FakeConnect::start(TOKEN);
    let vault = server.add_vault("Prod");
    let mut references = Vec::new();
    for item in 0..5 {
        let title = format!("svc{item}");
        server.put_item(
            &vault,
            &title,
            &[("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")],
        );
        let id = server.item_id(&vault, &title).to_ascii_uppercase(); // case-insensitive
        for field in ["a", "b", "c", "d"] {
            references.push(format!("op://Prod/{id}/{field}"));
        }
    }
    let provider = connect(&server);
    for reference in &references {
        text(&provider, reference);
    }
    assert_eq!(
        server.counts(),
        Counts {
            vault_lists: 1,
            item_lists: 0,
            item_gets: 5,
            refused: 0
        }
    );
    // An id-shaped name that is no item's id is looked up by title.
    server.put_item(&vault, "abcdefghijklmnopqrstuvwxyz", &[("a", "by title")]);
    assert_eq!(
        text(&provider, "op://Prod/abcdefghijklmnopqrstuvwxyz/a"),
        "by title"
    );
}

#[test]
fn names_ids_case_sections_and_ambiguity_follow_1password() {
    let server = FakeConnect::start(TOKEN);
    let vault = server.add_vault("Management");
    let twin = server.add_vault("twins");
    server.add_vault("TWINS");
    server.put_raw(
        &vault,
        "PagerDuty",
        json!([{"id": "adminsection00000000000000", "label": "Admin"},
               {"id": "opssection0000000000000000", "label": "Ops"}]),
        json!([
            {"id": "password", "type": "CONCEALED", "purpose": "PASSWORD", "label": "password", "value": "pd-pass"},
            {"id": "emailadmin", "type": "EMAIL", "label": "email", "value": "admin@example.com",
             "section": {"id": "adminsection00000000000000"}},
            {"id": "emailops", "type": "EMAIL", "label": "email", "value": "ops@example.com",
             "section": {"id": "opssection0000000000000000"}}
        ]),
    );
    server.put_item(&vault, "dup", &[("password", "a")]);
    server.put_item(&vault, "Dup", &[("password", "b")]);
    server.put_item(&twin, "x", &[("password", "c")]);
    let p = connect(&server);

    assert_eq!(text(&p, "op://management/pagerduty/PASSWORD"), "pd-pass");
    assert_eq!(
        text(&p, "op://Management/PagerDuty/Admin/email"),
        "admin@example.com"
    );
    assert_eq!(
        text(&p, "op://Management/PagerDuty/ops/Email"),
        "ops@example.com"
    );
    assert_eq!(
        text(&p, &format!("op://{vault}/PagerDuty/emailops")),
        "ops@example.com"
    );
    assert_eq!(
        text(&p, "op://Management/PagerDuty/password?attribute=type"),
        "concealed"
    );
    assert_eq!(
        text(&p, "op://Management/PagerDuty/password?attribute=purpose"),
        "PASSWORD"
    );

    for (reference, expected) in [
        ("op://Management/PagerDuty/email", "name the section"),
        ("op://Management/dup/password", "use the id"),
        ("op://twins/x/password", "use the id"),
    ] {
        match p.fetch(reference) {
            Err(ProviderError::InvalidReference(m)) => {
                assert!(m.contains(expected) && m.contains("ambiguous"), "{m}")
            }
            other => panic!("{reference}: expected a refusal, got {other:?}"),
        }
    }
    match p.fetch("op://Management/PagerDuty/Billing/email") {
        Err(ProviderError::NotFound(m)) => assert!(m.contains("section `Billing`"), "{m}"),
        other => panic!("{other:?}"),
    }
    match p.fetch("op://Nowhere/PagerDuty/password") {
        Err(ProviderError::NotFound(m)) => assert!(m.contains("vault `Nowhere`"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn attribute_otp_gives_the_current_code_until_the_period_ends() {
    let server = FakeConnect::start(TOKEN);
    let vault = server.add_vault("dev");
    let seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    server.put_raw(
        &vault,
        "GitHub",
        json!([{"id": "securitysection00000000000", "label": "Security"}]),
        json!([{"id": "totpfield", "type": "TOTP", "label": "one-time password",
                "value": format!("otpauth://totp/GitHub:me?secret={seed}&issuer=GitHub"),
                "section": {"id": "securitysection00000000000"}},
               {"id": "password", "type": "CONCEALED", "label": "password", "value": "pw"}]),
    );
    let p = connect(&server);
    let fetched = p
        .fetch("op://dev/GitHub/Security/one-time password?attribute=otp")
        .unwrap();
    let code = String::from_utf8(fetched.value.expose_secret().to_vec()).unwrap();
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );
    let expires = fetched.expires_at.expect("an OTP expires");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(expires % 30 == 0 && expires > now && expires <= now + 30);
    assert!(!format!("{fetched:?}").contains(&code));
    match p.fetch("op://dev/GitHub/password?attribute=otp") {
        Err(ProviderError::InvalidReference(m)) => assert!(m.contains("not a one-time password")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn whoami_on_connect_names_the_server_and_vaults() {
    let server = FakeConnect::start(TOKEN);
    server.add_vault("Prod");
    let who = connect(&server).whoami().unwrap();
    assert!(who.contains(&server.url()) && who.contains("Prod"), "{who}");
}

fn service_account(op: &FakeOp, token: &str, timeout: Duration) -> OnePasswordProvider {
    let mut config = OnePasswordConfig::service_account(
        SecretString::from(token.to_string()),
        Some(op.op_path()),
    );
    config.timeout_ms = timeout.as_millis() as u64;
    OnePasswordProvider::new(config).unwrap()
}

#[test]
fn service_account_through_op_with_the_token_in_its_environment() {
    let mut op = FakeOp::new(SA_TOKEN);
    let vault = op.add_vault("CI");
    op.add_item(
        &vault,
        "Deploy Key",
        &[
            ("username", "STRING", "deployer"),
            ("credential", "CONCEALED", "s3cr3t-deploy"),
        ],
    );
    let p = service_account(&op, SA_TOKEN, Duration::from_secs(10));
    assert_eq!(text(&p, "op://ci/deploy key/credential"), "s3cr3t-deploy");
    assert_eq!(text(&p, "op://CI/Deploy Key/username"), "deployer");
    let who = p.whoami().unwrap();
    assert!(who.contains("service account"), "{who}");
    let calls = op.calls();
    assert_eq!(
        calls.iter().filter(|c| c.starts_with("item get")).count(),
        1,
        "one item fetch for two fields: {calls:?}"
    );
    assert!(
        calls.iter().all(|c| !c.contains(SA_TOKEN)),
        "the token reached argv"
    );

    match p.fetch("op://CI/Deploy Key/nope") {
        Err(ProviderError::NotFound(m)) => assert!(m.contains("`nope`")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn service_account_refused_missing_op_and_a_hung_op() {
    let mut op = FakeOp::new(SA_TOKEN);
    op.add_vault("CI");
    let bad = "ops_bogus_token_for_the_refusal_test";
    let e = service_account(&op, bad, Duration::from_secs(10))
        .fetch("op://CI/x/y")
        .unwrap_err();
    assert!(
        matches!(&e, ProviderError::Auth(m) if m.contains("locket integration reauth")),
        "{e:?}"
    );
    assert!(!format!("{e:?}").contains(bad));

    let missing = OnePasswordConfig::service_account(
        SecretString::from(SA_TOKEN),
        Some(op.bin_dir().join("not-op")),
    );
    let e = OnePasswordProvider::new(missing).unwrap_err();
    assert!(e.to_string().contains("does not exist"), "{e}");

    op.set_delay(5.0);
    let started = std::time::Instant::now();
    let e = service_account(&op, SA_TOKEN, Duration::from_millis(500))
        .fetch("op://CI/x/y")
        .unwrap_err();
    assert!(matches!(e, ProviderError::Unavailable(_)), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}
