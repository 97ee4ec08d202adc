//! The registry of provider kinds, through its public face: every kind claims its own
//! references and only them, kind names and flag names are unique, and unknown kinds are
//! named in errors.

#![cfg(all(
    feature = "hcv",
    feature = "aws",
    feature = "azure",
    feature = "gcp",
    feature = "onepassword"
))]

use locket_providers::registry::KNOWN_KINDS;
use locket_providers::{Connector, KINDS, Registry, kind, kind_of};

/// One reference per kind, in its own syntax.
const SAMPLES: &[(&str, &str)] = &[
    ("hcv", "hcv://secret/app#key"),
    ("hcv", "HCV://secret/app"),
    ("aws", "aws-sm://prod/db"),
    ("aws", "AWS-SM://prod/db#password"),
    ("gcp", "gcp-sm://s"),
    ("1password", "op://v/i/f"),
    ("azure", "https://kv1.vault.azure.net/secrets/a"),
    ("azure", "https://kv1.vault.azure.cn:443/secrets/a"),
];

#[test]
fn every_kind_claims_its_references_and_only_them() {
    for (owner, reference) in SAMPLES {
        let claimed: Vec<&str> = KINDS
            .iter()
            .filter(|k| k.claims(reference))
            .map(|k| k.name())
            .collect();
        assert_eq!(claimed, [*owner], "{reference}");
        assert_eq!(kind_of(reference).map(|k| k.name()), Some(*owner));
    }
    for nobody in [
        "https://example.com/secrets/a",
        "https://vault.azure.net.evil.com/secrets/a",
        "secret/app",
        "vault://x",
    ] {
        assert!(kind_of(nobody).is_none(), "{nobody}");
    }
}

#[test]
fn kinds_are_unique_and_flags_belong_to_one_kind() {
    let names: Vec<&str> = KINDS.iter().map(|k| k.name()).collect();
    assert_eq!(names.len(), KNOWN_KINDS.len());
    let mut flags: Vec<&str> = KINDS
        .iter()
        .flat_map(|k| k.flags().iter().map(|f| f.name))
        .collect();
    let count = flags.len();
    flags.sort_unstable();
    flags.dedup();
    assert_eq!(flags.len(), count, "a flag name is used by two kinds");
    for common in ["ca-cert", "timeout", "no-test"] {
        assert!(!flags.contains(&common), "{common} is common to every kind");
    }
    for k in KINDS {
        for f in k.flags() {
            for other in f.conflicts.iter().chain(f.requires) {
                assert!(
                    k.flags().iter().any(|g| g.name == *other),
                    "{}: --{} names --{other}, not one of its kind's flags",
                    k.name(),
                    f.name
                );
            }
        }
    }
}

#[test]
fn unknown_kinds_are_named() {
    let e = kind("vault").err().unwrap().to_string();
    assert!(
        e.contains("unknown provider kind `vault`") && e.contains("hcv"),
        "{e}"
    );
    assert!(Registry.connect("nope", b"{}").is_err());
    let e = kind("hcv").unwrap().connect(b"not json").err().unwrap();
    assert!(e.to_string().contains("line 1 column"), "{e}");
}
