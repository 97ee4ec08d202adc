//! The GCP Secret Manager provider against a fake Google (`support::fake_gcp`): the three
//! ways to sign in, silent renewal of a refused token, precise errors for disabled, destroyed
//! and forbidden versions, the payload checksum, and the endpoint override.
#![cfg(feature = "gcp")]

use std::time::Duration;

use locket_providers::gcp::{Credentials, GcpConfig, GcpOverrides, GcpProvider};
use locket_providers::{Provider, ProviderError};
use secrecy::ExposeSecret;

mod support;
use support::fake_gcp::{FakeGcp, ServiceAccount};
use support::fake_http::{FakeHttp, Response};

const PROJECT: &str = "test-proj";
const EMAIL: &str = "reader@test-proj.iam.gserviceaccount.com";
const REFRESH: &str = "1//0refresh-token-for-locket-tests";
const CLIENT_SECRET: &str = "GOCSPX-client-secret-for-tests";

fn service_account_provider(fake: &FakeGcp, account: &ServiceAccount) -> GcpProvider {
    let key = account.key_file(&fake.url(), PROJECT);
    let mut config = GcpConfig::new(Credentials::from_json(key.as_bytes(), "key.json").unwrap());
    config.endpoint = fake.url();
    config.project = Some(PROJECT.into());
    GcpProvider::new(config).unwrap()
}

fn text(p: &GcpProvider, reference: &str) -> String {
    let fetched = p
        .fetch(reference)
        .unwrap_or_else(|e| panic!("{reference}: {e}"));
    String::from_utf8(fetched.value.expose_secret().to_vec()).unwrap()
}

#[test]
fn service_account_key_file_from_the_environment_and_short_references() {
    let fake = FakeGcp::start();
    let account = ServiceAccount::generate(EMAIL);
    fake.trust(&account);
    fake.add_version(PROJECT, "api-key", b"first");
    fake.add_version(PROJECT, "api-key", b"second");
    let dir = tempfile::tempdir().unwrap();
    let key_path = dir.path().join("key.json");
    std::fs::write(&key_path, account.key_file(&fake.url(), PROJECT)).unwrap();
    let key_path_text = key_path.display().to_string();
    let url = fake.url();
    let config = GcpConfig::from_lookup(GcpOverrides::default(), |name| match name {
        "GOOGLE_APPLICATION_CREDENTIALS" => Some(key_path_text.clone()),
        "CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER" => Some(format!("{url}/v1/")),
        _ => None,
    })
    .unwrap();
    assert_eq!(
        config.project.as_deref(),
        Some(PROJECT),
        "from the key's project_id"
    );
    assert_eq!(config.endpoint, fake.url());
    let p = GcpProvider::new(config).unwrap();
    assert_eq!(text(&p, "gcp-sm://api-key"), "second");
    let older = p.fetch("gcp-sm://api-key/versions/1").unwrap();
    assert_eq!(older.version.as_deref(), Some("1"));
    assert_eq!(
        text(
            &p,
            &format!("gcp-sm://projects/{PROJECT}/secrets/api-key/versions/latest")
        ),
        "second"
    );
    let who = p.whoami().unwrap();
    assert!(who.contains(EMAIL) && who.contains(PROJECT), "{who}");
    assert_eq!(fake.counts().0, 1, "one token for the whole run");
    assert!(!format!("{p:?}").contains("PRIVATE KEY"));
}

#[test]
fn application_default_credentials_refresh_and_their_refusal() {
    let fake = FakeGcp::start();
    fake.accept_refresh_token("client-id-1", CLIENT_SECRET, REFRESH);
    fake.add_version(PROJECT, "db", br#"{"user":"app","password":"pw-9"}"#);
    let adc = |refresh: &str| {
        let json = serde_json::json!({
            "type": "authorized_user", "client_id": "client-id-1", "client_secret": CLIENT_SECRET,
            "refresh_token": refresh, "token_uri": format!("{}/token", fake.url()),
        });
        let mut config =
            GcpConfig::new(Credentials::from_json(json.to_string().as_bytes(), "adc").unwrap());
        config.endpoint = fake.url();
        config.project = Some(PROJECT.into());
        GcpProvider::new(config).unwrap()
    };
    let p = adc(REFRESH);
    assert_eq!(text(&p, "gcp-sm://db#password"), "pw-9");
    assert!(
        p.whoami()
            .unwrap()
            .contains("application default credentials")
    );

    let revoked = "1//0a-revoked-refresh-token";
    let e = adc(revoked).fetch("gcp-sm://db#password").unwrap_err();
    match &e {
        ProviderError::Auth(m) => {
            assert!(m.contains("gcloud auth application-default login"), "{m}");
            assert!(m.contains("locket integration reauth NAME"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains(revoked) && !shown.contains(CLIENT_SECRET));
}

#[test]
fn a_refused_access_token_is_replaced_silently_once() {
    let fake = FakeGcp::start();
    let account = ServiceAccount::generate(EMAIL);
    fake.trust(&account);
    fake.add_version(PROJECT, "s", b"v");
    let p = service_account_provider(&fake, &account);
    assert_eq!(text(&p, "gcp-sm://s"), "v");
    fake.revoke_tokens(); // expired or revoked before its announced end
    assert_eq!(text(&p, "gcp-sm://s"), "v");
    assert_eq!(fake.counts().0, 2, "a second token, minted silently");
}

#[test]
fn a_token_near_its_end_is_renewed_before_use() {
    let fake = FakeGcp::start();
    let account = ServiceAccount::generate(EMAIL);
    fake.trust(&account);
    fake.add_version(PROJECT, "s", b"v");
    // Tokens announced to live 30 s are within the minute of margin: renewed before each use.
    fake.set_token_lifetime(30);
    let p = service_account_provider(&fake, &account);
    for _ in 0..3 {
        assert_eq!(text(&p, "gcp-sm://s"), "v");
    }
    assert_eq!(fake.counts(), (3, 3));
}

#[test]
fn disabled_destroyed_forbidden_and_damaged_versions_are_told_apart() {
    let fake = FakeGcp::start();
    let account = ServiceAccount::generate(EMAIL);
    fake.trust(&account);
    for _ in 0..3 {
        fake.add_version(PROJECT, "rotating", b"value");
    }
    fake.set_state(PROJECT, "rotating", 1, "DESTROYED");
    fake.set_state(PROJECT, "rotating", 2, "DISABLED");
    fake.add_version(PROJECT, "private", b"x");
    fake.deny("private");
    let p = service_account_provider(&fake, &account);

    match p.fetch("gcp-sm://rotating/versions/1") {
        Err(ProviderError::NotFound(m)) => assert!(m.contains("destroyed"), "{m}"),
        other => panic!("{other:?}"),
    }
    match p.fetch("gcp-sm://rotating/versions/2") {
        Err(ProviderError::Other(m)) => {
            assert!(
                m.contains("disabled") && m.contains("gcloud secrets versions enable 2"),
                "{m}"
            )
        }
        other => panic!("{other:?}"),
    }
    match p.fetch("gcp-sm://private") {
        Err(ProviderError::PermissionDenied(m)) => {
            assert!(
                m.contains("roles/secretmanager.secretAccessor") && m.contains(EMAIL),
                "{m}"
            )
        }
        other => panic!("{other:?}"),
    }
    fake.corrupt_checksums(true);
    match p.fetch("gcp-sm://rotating") {
        Err(ProviderError::Unavailable(m)) => assert!(m.contains("CRC32C"), "{m}"),
        other => panic!("{other:?}"),
    }
    match p.fetch("gcp-sm://projects/other/secrets/x/versions/1#k#") {
        Err(_) => {}
        Ok(_) => panic!("accepted a malformed reference"),
    }
}

#[test]
fn metadata_server_token_reads_secrets() {
    // The metadata server's token endpoint, as GCE documents it: only with Metadata-Flavor.
    let metadata = FakeHttp::start(
        |r| {
            if r.path != "/computeMetadata/v1/instance/service-accounts/default/token" {
                return None;
            }
            Some(if r.header("metadata-flavor") == Some("Google") {
                Response::new(
                    200,
                    "application/json",
                    r#"{"access_token":"ya29.metadata-token","expires_in":3599,"token_type":"Bearer"}"#,
                )
            } else {
                Response::new(403, "text/html", "Missing Metadata-Flavor:Google header.")
            })
        },
        |_, _| Response::new(404, "text/plain", "not found"),
    );
    let host = metadata.url().trim_start_matches("http://").to_string();
    let fake = FakeGcp::start();
    fake.accept_token("ya29.metadata-token");
    fake.add_version(PROJECT, "from-vm", b"vm-secret");
    let config = GcpConfig::from_lookup(
        GcpOverrides {
            metadata: true,
            project: Some(PROJECT.into()),
            endpoint: Some(fake.url()),
            timeout: Some(Duration::from_secs(5)),
            ..Default::default()
        },
        |name| (name == "GCE_METADATA_HOST").then(|| host.clone()),
    )
    .unwrap();
    let p = GcpProvider::new(config).unwrap();
    assert!(p.whoami().unwrap().contains("metadata server"));
    assert_eq!(text(&p, "gcp-sm://from-vm"), "vm-secret");
}
