//! Linked resolution against a real vault and an in-memory provider that counts its calls.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::VaultKey;
use crate::provider::{Connector, Fetched, Provider};
use crate::reference::parse;
use crate::store::Link;

/// A provider whose values are `value-of-REFERENCE`, or a failure when the reference holds
/// `down` / `missing`. Counts fetches, connects and the most fetches in flight at once.
#[derive(Default)]
struct FakeStore {
    fetches: AtomicUsize,
    connects: AtomicUsize,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    down: Mutex<bool>,
    /// Settings the provider reports as refreshed after fetching.
    refresh_to: Mutex<Option<Vec<u8>>>,
}

struct FakeProvider<'a>(&'a FakeStore);

impl Provider for FakeProvider<'static> {
    fn fetch(&self, reference: &str) -> std::result::Result<Fetched, ProviderError> {
        let s = self.0;
        s.fetches.fetch_add(1, Ordering::SeqCst);
        let now = s.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        s.most_in_flight.fetch_max(now, Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(20));
        s.in_flight.fetch_sub(1, Ordering::SeqCst);
        if *s.down.lock().unwrap() {
            return Err(ProviderError::Unavailable("the fake store is down".into()));
        }
        if reference.contains("missing") {
            return Err(ProviderError::NotFound(format!(
                "{reference} does not exist"
            )));
        }
        Ok(Fetched {
            value: SecretBox::new(Box::from(format!("value-of-{reference}").as_bytes())),
            version: Some("7".into()),
            expires_at: None,
        })
    }
    fn whoami(&self) -> std::result::Result<String, ProviderError> {
        Ok("fake".into())
    }
    fn refreshed_config(&self) -> Option<Vec<u8>> {
        self.0.refresh_to.lock().unwrap().clone()
    }
}

impl Connector for &'static FakeStore {
    fn connect(
        &self,
        kind: &str,
        config: &[u8],
    ) -> std::result::Result<Box<dyn Provider>, ProviderError> {
        assert_eq!(kind, "fake");
        assert!(config.starts_with(b"config"));
        self.connects.fetch_add(1, Ordering::SeqCst);
        Ok(Box::new(FakeProvider(self)))
    }
}

fn name(s: &str) -> SecretName {
    SecretName::new(s).unwrap()
}

fn setup(links: &[(&str, &str)]) -> (tempfile::TempDir, Vault, &'static FakeStore) {
    let dir = tempfile::tempdir().unwrap();
    let key = VaultKey::generate().unwrap();
    let mut vault = Vault::create(&dir.path().join("v"), &key, None).unwrap();
    vault
        .add_integration(&name("ext"), "fake", b"config")
        .unwrap();
    for (secret, reference) in links {
        let link = Link {
            integration: "ext".into(),
            reference: reference.to_string(),
        };
        vault.link(&name(secret), link, None, false).unwrap();
    }
    let store: &'static FakeStore = Box::leak(Box::default());
    (dir, vault, store)
}

fn run(
    vault: &Vault,
    store: &'static FakeStore,
    text: &str,
    refresh: bool,
    allow_stale: bool,
) -> Resolution {
    let connector = store;
    let fetching = Fetching {
        connector: &connector,
        refresh,
        allow_stale,
        parallelism: 4,
    };
    resolve(
        Some(vault),
        "",
        &parse(text.as_bytes()),
        None,
        Some(&fetching),
    )
    .unwrap()
}

#[test]
fn one_fetch_per_external_secret_however_many_references() {
    // Two names link to the same external secret; a thousand references in all.
    let (_t, vault, store) = setup(&[("a", "x://one"), ("b", "x://one"), ("c", "x://two")]);
    let mut text = String::new();
    for i in 0..1000 {
        text.push_str(["{{vault:a}}", "{{vault:b}}", "{{vault:c}}"][i % 3]);
    }
    let r = run(&vault, store, &text, false, false);
    assert_eq!(store.fetches.load(Ordering::SeqCst), 2);
    assert_eq!(store.connects.load(Ordering::SeqCst), 1);
    assert_eq!(r.value(&name("a")), Some(b"value-of-x://one".as_slice()));
    assert_eq!(r.value(&name("b")), Some(b"value-of-x://one".as_slice()));
    assert_eq!(r.value(&name("c")), Some(b"value-of-x://two".as_slice()));
    assert_eq!((r.fetched, r.from_cache), (2, 0));
}

#[test]
fn fetches_run_in_parallel_within_the_bound() {
    let links: Vec<(String, String)> = (0..12)
        .map(|i| (format!("s{i}"), format!("x://{i}")))
        .collect();
    let links: Vec<(&str, &str)> = links
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (_t, vault, store) = setup(&links);
    let text: String = (0..12).map(|i| format!("{{{{vault:s{i}}}}}")).collect();
    let r = run(&vault, store, &text, false, false);
    assert_eq!(r.resolved_count(), 12);
    let most = store.most_in_flight.load(Ordering::SeqCst);
    assert!((2..=4).contains(&most), "{most} fetches in flight at once");
}

#[test]
fn cache_serves_until_refresh_and_stale_only_when_allowed() {
    let (_t, mut vault, store) = setup(&[("a", "x://one")]);
    run(&vault, store, "{{vault:a}}", false, false);
    let r = run(&vault, store, "{{vault:a}}", false, false);
    assert_eq!(
        store.fetches.load(Ordering::SeqCst),
        1,
        "second run is served from the cache"
    );
    assert_eq!((r.fetched, r.from_cache), (0, 1));
    assert_eq!(r.value(&name("a")), Some(b"value-of-x://one".as_slice()));

    run(&vault, store, "{{vault:a}}", true, false);
    assert_eq!(store.fetches.load(Ordering::SeqCst), 2, "--refresh fetches");

    // Down, with a fresh cache: still served.
    *store.down.lock().unwrap() = true;
    let r = run(&vault, store, "{{vault:a}}", false, false);
    assert!(r.value(&name("a")).is_some());

    // Down, with only an expired entry: fails, and says --allow-stale would help.
    expire_cache(&mut vault);
    let r = run(&vault, store, "{{vault:a}}", false, false);
    let failure = r.failure(&name("a")).unwrap().clone();
    assert_eq!(failure.kind(), ErrorKind::External);
    assert!(failure.to_string().contains("--allow-stale"), "{failure}");
    assert_eq!(r.failure_kind(), Some(ErrorKind::External));

    let r = run(&vault, store, "{{vault:a}}", false, true);
    assert_eq!(r.value(&name("a")), Some(b"value-of-x://one".as_slice()));
    assert_eq!(r.stale().count(), 1);
}

fn expire_cache(vault: &mut Vault) {
    vault.test_expire_cache();
}

#[test]
fn missing_external_secrets_and_removed_integrations() {
    let (_t, mut vault, store) = setup(&[("gone", "x://missing"), ("a", "x://one")]);
    let r = run(&vault, store, "{{vault:gone}}", false, false);
    let failure = r.failure(&name("gone")).unwrap();
    assert_eq!(
        failure.kind(),
        ErrorKind::Unresolved,
        "not found is exit 4, not 5"
    );
    assert!(failure.to_string().contains("[ext]"), "{failure}");

    run(&vault, store, "{{vault:a}}", false, false);
    let linked = vault.remove_integration(&name("ext")).unwrap();
    assert_eq!(linked.len(), 2);
    assert!(
        vault.cache_list().unwrap().is_empty(),
        "its cached values went with it"
    );
    let r = run(&vault, store, "{{vault:a}}", false, false);
    assert!(
        r.failure(&name("a"))
            .unwrap()
            .to_string()
            .contains("\"ext\", which was removed")
    );
}

#[test]
fn without_fetching_linked_secrets_stay_unresolved() {
    let (_t, vault, _store) = setup(&[("a", "x://one")]);
    let r = resolve(Some(&vault), "", &parse(b"{{vault:a}}"), None, None).unwrap();
    assert_eq!(r.failure(&name("a")), Some(&Unresolved::NotFetched));
}

#[test]
fn refreshed_credentials_are_kept_for_the_next_run() {
    let (_t, vault, store) = setup(&[("a", "x://one")]);
    *store.refresh_to.lock().unwrap() = Some(b"config-with-new-token".to_vec());
    let id = vault.integration("ext").unwrap().unwrap().id;
    run(&vault, store, "{{vault:a}}", false, false);
    let kept = vault.integration("ext").unwrap().unwrap();
    assert_eq!(kept.config.expose_secret(), b"config-with-new-token");
    assert_eq!(kept.id, id, "the same integration: its cache stays valid");
}
