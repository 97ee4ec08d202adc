use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use rusqlite::{Connection, params};
use secrecy::{ExposeSecret, SecretBox, SecretString};

use super::{
    DEFAULT_CACHE_TTL_MINUTES, Fetch, ImportReport, Link, LockedVault, MAX_CACHE_TTL_MINUTES,
    NewSecret, OnConflict, SetOutcome, VAULT_FILE, Vault, vault_file,
};
use crate::domain::AllowedDomain;
use crate::error::Error;
use crate::key::VaultKey;
use crate::name::SecretName;
use crate::passphrase::Argon2Params;

const FAST: Argon2Params = Argon2Params {
    memory_kib: 64,
    time_cost: 1,
    lanes: 1,
};

fn name(s: &str) -> SecretName {
    SecretName::new(s).unwrap()
}

fn value(s: &str) -> SecretBox<[u8]> {
    SecretBox::new(Box::from(s.as_bytes()))
}

fn new_vault() -> (tempfile::TempDir, VaultKey, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let key = VaultKey::generate().unwrap();
    let vault = Vault::create(&dir.path().join("v"), &key, None).unwrap();
    (dir, key, vault)
}

fn reopen(dir: &Path, key: &VaultKey) -> Vault {
    LockedVault::open(dir).unwrap().unlock(key).unwrap()
}

#[test]
fn set_get_list_remove() {
    let (_t, key, mut v) = new_vault();
    assert_eq!(
        v.set(&name("a"), &value("one"), None).unwrap(),
        SetOutcome::Created
    );
    assert_eq!(
        v.set(&name("a"), &value("two"), None).unwrap(),
        SetOutcome::Updated
    );
    v.set(
        &name("empty"),
        &value(""),
        Some(vec![AllowedDomain::parse("*.example.com").unwrap()]),
    )
    .unwrap();
    let v = {
        let dir = v.dir().to_path_buf();
        drop(v);
        let mut v = reopen(&dir, &key);
        assert_eq!(v.get(&name("a")).unwrap().value.expose_secret(), b"two");
        let list = v.list().unwrap();
        assert_eq!(
            list.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
            ["a", "empty"]
        );
        assert!(list[1].empty && !list[0].empty);
        assert_eq!(list[1].allowed_domains[0].to_string(), "*.example.com");
        v.remove(&name("a")).unwrap();
        v
    };
    assert!(matches!(v.get(&name("a")), Err(Error::NotFound { .. })));
    assert!(v.verify().unwrap().problems.is_empty());
}

#[test]
fn update_keeps_domains_unless_given() {
    let (_t, _k, mut v) = new_vault();
    let d = vec![AllowedDomain::parse("api.x.io").unwrap()];
    v.set(&name("k"), &value("1"), Some(d)).unwrap();
    v.set(&name("k"), &value("2"), None).unwrap();
    assert_eq!(v.get(&name("k")).unwrap().meta.allowed_domains.len(), 1);
    v.set_domains(&name("k"), vec![]).unwrap();
    assert!(v.get(&name("k")).unwrap().meta.allowed_domains.is_empty());
}

#[test]
fn rename_enable_disable() {
    let (_t, _k, mut v) = new_vault();
    v.set(&name("old"), &value("v"), None).unwrap();
    v.set(&name("other"), &value("w"), None).unwrap();
    assert!(matches!(
        v.rename(&name("old"), &name("other")),
        Err(Error::AlreadyExists { .. })
    ));
    v.rename(&name("old"), &name("new")).unwrap();
    assert!(v.get(&name("old")).is_err());
    assert_eq!(v.get(&name("new")).unwrap().value.expose_secret(), b"v");
    v.set_enabled(&name("new"), false).unwrap();
    assert!(!v.get(&name("new")).unwrap().meta.enabled);
    assert!(v.verify().unwrap().problems.is_empty());
}

#[test]
fn not_found_suggests_a_close_name() {
    let (_t, _k, mut v) = new_vault();
    v.set(&name("stripe_key"), &value("v"), None).unwrap();
    match v.get(&name("strpe_key")) {
        Err(Error::NotFound { suggestion, .. }) => {
            assert_eq!(suggestion.as_deref(), Some("stripe_key"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_key_is_told_apart() {
    let (_t, _k, v) = new_vault();
    let dir = v.dir().to_path_buf();
    drop(v);
    let err = LockedVault::open(&dir)
        .unwrap()
        .unlock(&VaultKey::generate().unwrap())
        .err()
        .unwrap();
    assert!(matches!(err, Error::WrongKey { .. }));
}

#[test]
fn refuses_to_overwrite() {
    let (_t, key, v) = new_vault();
    let dir = v.dir().to_path_buf();
    assert!(matches!(
        Vault::create(&dir, &key, None),
        Err(Error::VaultExists { .. })
    ));
}

#[test]
fn passphrase_unlocks_and_rotation_rewraps() {
    let dir = tempfile::tempdir().unwrap();
    let key = VaultKey::generate().unwrap();
    let pass = SecretString::from("a long passphrase");
    let mut v = Vault::create(dir.path(), &key, Some((&pass, FAST))).unwrap();
    v.set(&name("s"), &value("x"), None).unwrap();
    drop(v);
    let locked = LockedVault::open(dir.path()).unwrap();
    assert!(matches!(
        LockedVault::open(dir.path())
            .unwrap()
            .unlock_with_passphrase(&SecretString::from("nope"))
            .err()
            .unwrap(),
        Error::WrongPassphrase { .. }
    ));
    let (mut v, _) = locked.unlock_with_passphrase(&pass).unwrap();
    let new_key = VaultKey::generate().unwrap();
    assert!(matches!(
        v.rotate(&new_key, None),
        Err(Error::NoPassphrase { .. })
    ));
    v.rotate(&new_key, Some(&pass)).unwrap();
    drop(v);
    assert!(matches!(
        LockedVault::open(dir.path())
            .unwrap()
            .unlock(&key)
            .err()
            .unwrap(),
        Error::WrongKey { .. }
    ));
    let (v, k) = LockedVault::open(dir.path())
        .unwrap()
        .unlock_with_passphrase(&pass)
        .unwrap();
    assert_eq!(k.bytes(), new_key.bytes());
    assert_eq!(v.get(&name("s")).unwrap().value.expose_secret(), b"x");
}

#[test]
fn rotation_reencrypts_everything() {
    let (_t, key, mut v) = new_vault();
    for i in 0..20 {
        v.set(&name(&format!("s{i}")), &value(&format!("v{i}")), None)
            .unwrap();
    }
    let new_key = VaultKey::generate().unwrap();
    v.rotate(&new_key, None).unwrap();
    let dir = v.dir().to_path_buf();
    drop(v);
    assert!(LockedVault::open(&dir).unwrap().unlock(&key).is_err());
    let v = reopen(&dir, &new_key);
    assert_eq!(v.get(&name("s7")).unwrap().value.expose_secret(), b"v7");
    assert!(v.verify().unwrap().problems.is_empty());
}

#[test]
fn import_is_all_or_nothing() {
    let (_t, _k, mut v) = new_vault();
    v.set(&name("b"), &value("old"), None).unwrap();
    let batch = |vals: &[(&str, &str)]| -> Vec<NewSecret> {
        vals.iter()
            .map(|(n, x)| NewSecret {
                link: None,
                name: name(n),
                value: value(x),
                allowed_domains: vec![],
                enabled: true,
            })
            .collect()
    };
    let err = v
        .import(&batch(&[("a", "1"), ("b", "2")]), OnConflict::Fail)
        .unwrap_err();
    assert!(matches!(err, Error::AlreadyExists { .. }));
    assert!(v.get(&name("a")).is_err(), "a failed import wrote nothing");
    let r = v
        .import(&batch(&[("a", "1"), ("b", "2")]), OnConflict::Skip)
        .unwrap();
    assert_eq!(
        r,
        ImportReport {
            created: 1,
            overwritten: 0,
            skipped: 1
        }
    );
    assert_eq!(v.get(&name("b")).unwrap().value.expose_secret(), b"old");
    let r = v
        .import(&batch(&[("b", "2")]), OnConflict::Overwrite)
        .unwrap();
    assert_eq!(r.overwritten, 1);
    assert_eq!(v.get(&name("b")).unwrap().value.expose_secret(), b"2");
    assert!(v.verify().unwrap().problems.is_empty());
}

fn raw(dir: &Path) -> Connection {
    Connection::open(vault_file(dir)).unwrap()
}

#[test]
fn swapped_values_are_detected() {
    let (_t, key, mut v) = new_vault();
    v.set(&name("a"), &value("aaa"), None).unwrap();
    v.set(&name("b"), &value("bbb"), None).unwrap();
    let dir = v.dir().to_path_buf();
    drop(v);
    let c = raw(&dir);
    let rows: Vec<(Vec<u8>, Vec<u8>)> = c
        .prepare("SELECT id, value FROM secrets")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    c.execute(
        "UPDATE secrets SET value = ?1 WHERE id = ?2",
        params![rows[1].1, rows[0].0],
    )
    .unwrap();
    c.execute(
        "UPDATE secrets SET value = ?1 WHERE id = ?2",
        params![rows[0].1, rows[1].0],
    )
    .unwrap();
    drop(c);
    let v = reopen(&dir, &key);
    assert!(matches!(v.get(&name("a")), Err(Error::Tampered { .. })));
    assert_eq!(
        v.verify().unwrap().problems.len(),
        3,
        "two bad values and the manifest"
    );
}

#[test]
fn a_deleted_row_is_caught_by_the_manifest() {
    let (_t, key, mut v) = new_vault();
    v.set(&name("a"), &value("aaa"), None).unwrap();
    v.set(&name("b"), &value("bbb"), None).unwrap();
    let dir = v.dir().to_path_buf();
    drop(v);
    let c = raw(&dir);
    let id: Vec<u8> = c
        .query_row("SELECT id FROM secrets LIMIT 1", [], |r| r.get(0))
        .unwrap();
    c.execute("DELETE FROM secrets WHERE id = ?1", [id])
        .unwrap();
    drop(c);
    let report = reopen(&dir, &key).verify().unwrap();
    assert_eq!(report.records, 1);
    assert!(
        report.problems[0].contains("manifest"),
        "{:?}",
        report.problems
    );
}

#[test]
fn nothing_readable_in_the_file() {
    let (_t, _k, mut v) = new_vault();
    v.set(
        &name("very_visible_name"),
        &value("very-visible-value"),
        Some(vec![AllowedDomain::parse("visible.example.com").unwrap()]),
    )
    .unwrap();
    let dir = v.dir().to_path_buf();
    drop(v);
    for entry in fs::read_dir(&dir).unwrap() {
        let bytes = fs::read(entry.unwrap().path()).unwrap();
        for needle in [
            b"very_visible_name".as_slice(),
            b"very-visible-value",
            b"visible.example.com",
        ] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle));
        }
    }
}

#[test]
fn permissions_are_private() {
    let (_t, _k, v) = new_vault();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(v.dir()), 0o700);
    assert_eq!(mode(&vault_file(v.dir())), 0o600);
}

fn link_to(reference: &str) -> Link {
    Link {
        integration: "ext".into(),
        reference: reference.into(),
    }
}

fn keep(v: &Vault, secret: &str, value: &str) {
    let meta = v.get(&name(secret)).unwrap().meta;
    let integration = v.integration("ext").unwrap().unwrap();
    v.cache_store(&[Fetch {
        secret_id: &meta.id,
        integration_id: integration.id,
        reference: &meta.link.unwrap().reference,
        value: value.as_bytes(),
        version: None,
        expires_at: None,
    }])
    .unwrap();
}

#[test]
fn integrations_are_sealed_named_and_unique() {
    let (t, key, mut v) = new_vault();
    v.add_integration(&name("ext"), "hcv", b"{\"token\":\"s.CREDENTIAL\"}")
        .unwrap();
    let again = v.add_integration(&name("ext"), "aws", b"{}").unwrap_err();
    assert!(matches!(again, Error::IntegrationExists { .. }));
    let got = v.integration("ext").unwrap().unwrap();
    assert_eq!(got.kind, "hcv");
    assert_eq!(got.config.expose_secret(), b"{\"token\":\"s.CREDENTIAL\"}");
    assert!(!format!("{got:?}").contains("CREDENTIAL"));
    v.update_integration(&name("ext"), b"{\"token\":\"s.NEW\"}")
        .unwrap();
    let updated = v.integration("ext").unwrap().unwrap();
    assert_eq!(
        updated.id, got.id,
        "reauth keeps the identity cached values are bound to"
    );
    let missing = v.require_integration(&name("other")).unwrap_err();
    assert!(
        missing.to_string().contains("(integrations: ext)"),
        "{missing}"
    );
    drop(v);
    let raw = std::fs::read(t.path().join("v").join(VAULT_FILE)).unwrap();
    assert!(!raw.windows(5).any(|w| w == b"s.NEW"));
    let v = reopen(&t.path().join("v"), &key);
    assert_eq!(v.integrations().unwrap().len(), 1);
}

#[test]
fn links_never_discard_a_value_silently() {
    let (_t, _key, mut v) = new_vault();
    let no_integration = v
        .link(&name("a"), link_to("hcv://x/y"), None, false)
        .unwrap_err();
    assert!(matches!(no_integration, Error::IntegrationNotFound { .. }));
    v.add_integration(&name("ext"), "hcv", b"{}").unwrap();
    v.set(&name("local"), &value("keep me"), None).unwrap();
    let refused = v
        .link(&name("local"), link_to("hcv://x/y"), None, false)
        .unwrap_err();
    assert!(matches!(refused, Error::HasLocalValue { .. }));
    assert_eq!(
        v.get(&name("local")).unwrap().value.expose_secret(),
        b"keep me"
    );

    let allow = vec![AllowedDomain::parse("api.example.com").unwrap()];
    assert_eq!(
        v.link(&name("a"), link_to("hcv://x/y"), Some(allow), false)
            .unwrap(),
        SetOutcome::Created
    );
    let meta = v.get(&name("a")).unwrap().meta;
    assert_eq!(meta.link, Some(link_to("hcv://x/y")));
    assert_eq!(meta.allowed_domains.len(), 1);
    let set = v.set(&name("a"), &value("x"), None).unwrap_err();
    assert!(matches!(set, Error::Linked { .. }));

    keep(&v, "a", "cached");
    assert_eq!(v.cache_list().unwrap().len(), 1);
    // Re-pointing drops the cached value of the old reference.
    v.link(&name("a"), link_to("hcv://x/z"), None, false)
        .unwrap();
    assert!(v.cache_list().unwrap().is_empty());
    assert_eq!(v.get(&name("a")).unwrap().meta.allowed_domains.len(), 1);

    assert_eq!(v.unlink(&name("a")).unwrap(), link_to("hcv://x/z"));
    let meta = v.get(&name("a")).unwrap().meta;
    assert!(meta.link.is_none() && meta.empty);
    assert!(matches!(
        v.unlink(&name("a")).unwrap_err(),
        Error::NotLinked { .. }
    ));
    v.link(&name("local"), link_to("hcv://x/y"), None, true)
        .unwrap();
}

#[test]
fn cache_ttl_reset_and_removal() {
    let (_t, _key, mut v) = new_vault();
    assert_eq!(v.cache_ttl_minutes().unwrap(), DEFAULT_CACHE_TTL_MINUTES);
    v.add_integration(&name("ext"), "hcv", b"{}").unwrap();
    for s in ["a", "b"] {
        v.link(&name(s), link_to(&format!("hcv://x/{s}")), None, false)
            .unwrap();
        keep(&v, s, "cached");
    }
    let listed = v.cache_list().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed[0].expires_at - listed[0].fetched_at == 3600);
    assert_eq!(v.cache_reset(Some(&name("a"))).unwrap(), 1);
    v.set(&name("plain"), &value("x"), None).unwrap();
    assert!(matches!(
        v.cache_reset(Some(&name("plain"))).unwrap_err(),
        Error::NotLinked { .. }
    ));
    v.remove(&name("b")).unwrap();
    assert!(v.cache_list().unwrap().is_empty());

    v.link(&name("a"), link_to("hcv://x/a"), None, false)
        .unwrap();
    keep(&v, "a", "cached");
    assert_eq!(
        v.set_cache_ttl_minutes(0).unwrap(),
        1,
        "0 turns the cache off and empties it"
    );
    keep(&v, "a", "cached");
    assert!(
        v.cache_list().unwrap().is_empty(),
        "nothing is kept while the cache is off"
    );
    assert!(v.set_cache_ttl_minutes(MAX_CACHE_TTL_MINUTES + 1).is_err());
    v.set_cache_ttl_minutes(5).unwrap();
    assert_eq!(v.cache_ttl_minutes().unwrap(), 5);
}

#[test]
fn rotation_keeps_integrations_links_and_cache() {
    let (t, _key, mut v) = new_vault();
    v.add_integration(&name("ext"), "hcv", b"{\"k\":1}")
        .unwrap();
    v.link(&name("a"), link_to("hcv://x/a"), None, false)
        .unwrap();
    keep(&v, "a", "cached");
    v.set_cache_ttl_minutes(15).unwrap();
    let new_key = VaultKey::generate().unwrap();
    v.rotate(&new_key, None).unwrap();
    drop(v);
    let v = reopen(&t.path().join("v"), &new_key);
    assert_eq!(
        v.integration("ext")
            .unwrap()
            .unwrap()
            .config
            .expose_secret(),
        b"{\"k\":1}"
    );
    assert_eq!(v.cache_ttl_minutes().unwrap(), 15);
    let meta = v.get(&name("a")).unwrap().meta;
    let id = v.integration("ext").unwrap().unwrap().id;
    let cached = v.cached(&meta, &id).unwrap().unwrap();
    assert_eq!(cached.value.expose_secret(), b"cached");
    let report = v.verify().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.records, 3);
}

#[test]
fn tampered_integration_and_cache_rows_are_detected() {
    let (t, key, mut v) = new_vault();
    v.add_integration(&name("ext"), "hcv", b"{}").unwrap();
    v.add_integration(&name("two"), "hcv", b"{}").unwrap();
    v.link(&name("a"), link_to("hcv://x/a"), None, false)
        .unwrap();
    keep(&v, "a", "cached");
    drop(v);
    let db = rusqlite::Connection::open(t.path().join("v").join(VAULT_FILE)).unwrap();
    // Swap the two integrations' sealed records.
    db.execute_batch(
        "CREATE TEMP TABLE r AS SELECT name_hash, record FROM integrations;
         UPDATE integrations SET record = (SELECT record FROM r WHERE r.name_hash != integrations.name_hash);
         UPDATE cache SET entry = CAST(substr(entry, 1, length(entry) - 1) || x'00' AS BLOB);",
    )
    .unwrap();
    drop(db);
    let v = reopen(&t.path().join("v"), &key);
    assert!(matches!(
        v.integration("ext").unwrap_err(),
        Error::Tampered { .. }
    ));
    let report = v.verify().unwrap();
    assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
}

#[test]
fn links_survive_export_and_import() {
    let (_t, _key, mut v) = new_vault();
    v.add_integration(&name("ext"), "hcv", b"{}").unwrap();
    v.link(&name("a"), link_to("hcv://x/a"), None, false)
        .unwrap();
    v.set(&name("b"), &value("local-b"), None).unwrap();
    let json = crate::transfer::export::to_json(&v.export_all().unwrap());
    let text = std::str::from_utf8(&json).unwrap();
    assert!(text.contains("\"reference\": \"hcv://x/a\""), "{text}");
    let parsed = crate::transfer::export::parse_plaintext("x", &json).unwrap();

    let (_t2, _key2, mut other) = new_vault();
    let refused = other.import(&parsed, OnConflict::Fail).unwrap_err();
    assert!(refused.to_string().contains("add it first"), "{refused}");
    assert!(other.list().unwrap().is_empty(), "all or nothing");
    other.add_integration(&name("ext"), "hcv", b"{}").unwrap();
    other.import(&parsed, OnConflict::Fail).unwrap();
    assert_eq!(
        other.get(&name("a")).unwrap().meta.link,
        Some(link_to("hcv://x/a"))
    );
    assert_eq!(
        other.get(&name("b")).unwrap().value.expose_secret(),
        b"local-b"
    );
}

fn copy_key(key: &VaultKey) -> VaultKey {
    VaultKey::from_bytes(key.bytes())
}

#[test]
fn dropped_rotation_leaves_the_old_key_in_place() {
    let (_t, key, mut v) = new_vault();
    v.set(&name("a"), &value("one"), None).unwrap();
    let new_key = VaultKey::generate().unwrap();
    drop(v.begin_rotation(&new_key, None).unwrap());
    // The same handle still works under the old key, and so does a fresh one.
    v.set(&name("b"), &value("two"), None).unwrap();
    let dir = v.dir().to_path_buf();
    drop(v);
    assert!(matches!(
        LockedVault::open(&dir).unwrap().unlock(&new_key).err(),
        Some(Error::WrongKey { .. })
    ));
    let v = reopen(&dir, &key);
    assert_eq!(v.get(&name("a")).unwrap().value.expose_secret(), b"one");
    assert_eq!(v.get(&name("b")).unwrap().value.expose_secret(), b"two");
    assert!(v.verify().unwrap().problems.is_empty());
}

#[test]
fn a_writer_unlocked_before_a_rotation_is_told_to_retry() {
    let (_t, key, mut rotator) = new_vault();
    let dir = rotator.dir().to_path_buf();
    rotator.set(&name("a"), &value("one"), None).unwrap();
    rotator
        .add_integration(&name("ext"), "hcv", b"config")
        .unwrap();
    let mut stale = reopen(&dir, &key);
    let new_key = VaultKey::generate().unwrap();
    rotator.rotate(&new_key, None).unwrap();

    let changed = |r: Result<(), Error>| matches!(r, Err(Error::VaultChanged { .. }));
    assert!(changed(
        stale.set(&name("late"), &value("x"), None).map(drop)
    ));
    assert!(changed(stale.set_cache_ttl_minutes(5).map(drop)));
    assert!(changed(stale.refresh_integration("ext", b"refreshed")));
    assert!(changed(stale.rotate(&VaultKey::generate().unwrap(), None)));
    let message = stale.set(&name("late"), &value("x"), None).unwrap_err();
    assert!(
        message.to_string().contains("changed during the write"),
        "{message}"
    );
    // Reads find records sealed under the new key: not tampering, a rotation.
    let read = stale.get(&name("a")).unwrap_err();
    assert!(
        read.to_string().contains("changed during the read"),
        "{read}"
    );
    assert!(matches!(stale.list(), Err(Error::VaultChanged { .. })));
    assert!(matches!(
        stale.integrations(),
        Err(Error::VaultChanged { .. })
    ));
    drop(stale);

    let v = reopen(&dir, &new_key);
    assert!(matches!(v.get(&name("late")), Err(Error::NotFound { .. })));
    assert!(v.verify().unwrap().problems.is_empty());
}

/// Writers racing a loop of rotations: every write that reported success is there afterwards
/// with its value, the others failed with "retry" (or found the key already rotated), and the
/// vault checks clean.
#[test]
fn writes_racing_rotations_are_never_lost() {
    use std::sync::{Arc, Mutex};
    const ROTATIONS: usize = 25;
    const WRITES: usize = 30;

    let (_t, key, v) = new_vault();
    let dir = v.dir().to_path_buf();
    drop(v);
    let current = Arc::new(Mutex::new(key));
    let rotator = {
        let (dir, current) = (dir.clone(), current.clone());
        std::thread::spawn(move || {
            for _ in 0..ROTATIONS {
                let old = copy_key(&current.lock().unwrap());
                let new = VaultKey::generate().unwrap();
                reopen(&dir, &old).rotate(&new, None).unwrap();
                *current.lock().unwrap() = new;
            }
        })
    };
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (dir, current) = (dir.clone(), current.clone());
            std::thread::spawn(move || {
                let mut landed = Vec::new();
                for i in 0..WRITES {
                    let key = copy_key(&current.lock().unwrap());
                    let result = LockedVault::open(&dir)
                        .unwrap()
                        .unlock(&key)
                        .and_then(|mut v| {
                            v.set(&name(&format!("w{w}_{i}")), &value(&format!("v{i}")), None)
                        });
                    match result {
                        Ok(_) => landed.push(i),
                        Err(Error::VaultChanged { .. } | Error::WrongKey { .. }) => {}
                        Err(e) => panic!("write {w}/{i} failed: {e}"),
                    }
                }
                (w, landed)
            })
        })
        .collect();
    rotator.join().unwrap();
    let landed: Vec<_> = writers.into_iter().map(|h| h.join().unwrap()).collect();
    let v = reopen(&dir, &current.lock().unwrap());
    for (w, writes) in &landed {
        for i in writes {
            let got = v.get(&name(&format!("w{w}_{i}"))).unwrap();
            assert_eq!(got.value.expose_secret(), format!("v{i}").as_bytes());
        }
    }
    assert!(landed.iter().map(|(_, l)| l.len()).sum::<usize>() > 0);
    assert!(v.verify().unwrap().problems.is_empty());
}
