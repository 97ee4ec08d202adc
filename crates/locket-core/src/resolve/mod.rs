//! The one resolver every command uses: collect the references, de-duplicate them, look each
//! distinct name up once, apply the destination rules, fetch linked secrets (cache first, then
//! the external vaults in parallel, one fetch per distinct external secret), then substitute.
//!
//! Resolution never fails as a whole for a reference's sake: each name ends up resolved or
//! with the reason it is not (not found, disabled, destination not allowed, vault locked), so
//! callers can report every problem at once. Damage to the vault, on the other hand, is an
//! error: locket never substitutes around a record it cannot trust.

use std::collections::{BTreeMap, BTreeSet};

use secrecy::{ExposeSecret, SecretBox};

use crate::domain::AllowedDomain;
use crate::error::{Error, ErrorKind, Result};
use crate::name::SecretName;
use crate::provider::ProviderError;
use crate::redact::RedactionSet;
use crate::reference::{Item, Malformed};
use crate::store::{CachedValue, Fetch, Integration, Secret, SecretMeta, Vault};

mod linked;
mod revealed;
pub use linked::{DEFAULT_PARALLELISM, Fetching, age};
pub use revealed::Revealed;

/// Where a request is going: the destination rules are checked against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub scheme: String,
    pub host: String,
    pub port: u16,
}

impl std::fmt::Display for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// Why a reference did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    NotFound {
        suggestion: Option<String>,
    },
    Disabled,
    NotAllowed {
        destination: String,
        allowed: Vec<String>,
    },
    Locked(String),
    Malformed(Malformed),
    /// The link goes through an integration that no longer exists.
    IntegrationRemoved {
        integration: String,
    },
    /// The external vault did not give the value. `stale` is when the cached value that
    /// `--allow-stale` would use was fetched (expired, or bypassed by `--refresh`).
    External {
        integration: String,
        failure: ProviderError,
        stale: Option<i64>,
    },
    /// A linked secret, but this command resolved without external vaults.
    NotFetched,
}

impl Unresolved {
    /// A locked vault is `Locked`; an external vault's failure is the provider error's kind
    /// (`External`, or `Unresolved` when the secret does not exist there); the rest are
    /// `Unresolved`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Unresolved::Locked(_) => ErrorKind::Locked,
            Unresolved::External { failure, .. } => failure.kind(),
            _ => ErrorKind::Unresolved,
        }
    }
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::NotFound {
                suggestion: Some(s),
            } => write!(f, "not found; did you mean {s:?}?"),
            Unresolved::NotFound { suggestion: None } => f.write_str("not found in the vault"),
            Unresolved::Disabled => f.write_str("disabled (`locket enable NAME` turns it back on)"),
            Unresolved::NotAllowed {
                destination,
                allowed,
            } => write!(
                f,
                "not allowed to be sent to {destination} (allowed: {}); `locket allow NAME DOMAIN` adds one",
                allowed.join(", ")
            ),
            Unresolved::Locked(why) => write!(f, "the vault is locked: {why}"),
            Unresolved::Malformed(m) => write!(f, "malformed reference: {m}"),
            Unresolved::IntegrationRemoved { integration } => write!(
                f,
                "linked through integration {integration:?}, which was removed; add it again \
                 (`locket integration add KIND {integration}`) or re-link the secret (`locket link NAME REF`)"
            ),
            Unresolved::External {
                integration,
                failure,
                stale,
            } => {
                let failure =
                    crate::provider::name_the_integration(&failure.to_string(), integration);
                write!(f, "[{integration}] {failure}")?;
                if let Some(fetched_at) = stale {
                    write!(
                        f,
                        "; a cached value fetched {} ago exists: --allow-stale uses it",
                        linked::age(*fetched_at)
                    )?;
                }
                Ok(())
            }
            Unresolved::NotFetched => {
                f.write_str("linked to an external vault, which this command does not reach")
            }
        }
    }
}

/// What a source knows about one name.
pub enum Lookup {
    Found(Secret),
    /// Not there; with a "did you mean" when a close name exists.
    Missing(Option<String>),
}

/// Where secrets come from: the vault, or a fake in tests.
pub trait SecretSource {
    /// Errors are damage (an integrity failure), not absence.
    fn lookup(&self, name: &SecretName) -> Result<Lookup>;

    /// The integration a link goes through; `None` when it was removed.
    fn integration(&self, _name: &str) -> Result<Option<Integration>> {
        Ok(None)
    }

    /// The cached value of a linked secret, fresh or expired.
    fn cached(&self, _meta: &SecretMeta, _integration: &[u8; 16]) -> Result<Option<CachedValue>> {
        Ok(None)
    }

    /// Keeps freshly fetched values.
    fn keep(&self, _fetches: &[Fetch<'_>]) -> Result<()> {
        Ok(())
    }

    /// Keeps an integration's settings that its provider refreshed (new tokens).
    fn keep_integration(&self, _name: &str, _config: &[u8]) -> Result<()> {
        Ok(())
    }
}

impl SecretSource for Vault {
    fn lookup(&self, name: &SecretName) -> Result<Lookup> {
        match self.get(name) {
            Ok(secret) => Ok(Lookup::Found(secret)),
            Err(Error::NotFound { suggestion, .. }) => Ok(Lookup::Missing(suggestion)),
            Err(e) => Err(e),
        }
    }

    fn integration(&self, name: &str) -> Result<Option<Integration>> {
        Vault::integration(self, name)
    }

    fn cached(&self, meta: &SecretMeta, integration: &[u8; 16]) -> Result<Option<CachedValue>> {
        Vault::cached(self, meta, integration)
    }

    fn keep(&self, fetches: &[Fetch<'_>]) -> Result<()> {
        self.cache_store(fetches)
    }

    fn keep_integration(&self, name: &str, config: &[u8]) -> Result<()> {
        self.refresh_integration(name, config)
    }
}

/// The outcome for every distinct name referenced.
#[derive(Default)]
pub struct Resolution {
    values: BTreeMap<SecretName, SecretBox<[u8]>>,
    /// Allowed domains of each resolved secret (empty = any), for later destination checks.
    allowed: BTreeMap<SecretName, Vec<AllowedDomain>>,
    failures: BTreeMap<SecretName, Unresolved>,
    empty: BTreeSet<SecretName>,
    /// Linked secrets served from an expired cache entry (`--allow-stale`), with its fetch time.
    stale: BTreeMap<SecretName, i64>,
    /// Distinct external secrets fetched, and linked values served from the cache.
    pub fetched: usize,
    pub from_cache: usize,
    /// Why fetched values could not be kept in the cache, if they could not (a warning).
    pub cache_warning: Option<String>,
}

impl Resolution {
    pub fn value(&self, name: &SecretName) -> Option<&[u8]> {
        self.values.get(name).map(|v| v.expose_secret())
    }

    /// The resolved names, in the order [`Resolution::redaction_set`] takes their values.
    pub fn names(&self) -> impl Iterator<Item = &SecretName> {
        self.values.keys()
    }

    /// The allowed domains of a resolved secret (empty: anywhere, or not resolved).
    pub fn allowed(&self, name: &SecretName) -> &[AllowedDomain] {
        self.allowed.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn failure(&self, name: &SecretName) -> Option<&Unresolved> {
        self.failures.get(name)
    }

    pub fn is_empty_value(&self, name: &SecretName) -> bool {
        self.empty.contains(name)
    }

    pub fn resolved_count(&self) -> usize {
        self.values.len()
    }

    /// Linked secrets served from an expired cache entry, with when it was fetched.
    pub fn stale(&self) -> impl Iterator<Item = (&SecretName, i64)> {
        self.stale.iter().map(|(n, t)| (n, *t))
    }

    /// The kind of the gravest failure: a locked vault, then an external vault's failure,
    /// then references that do not resolve. `None` when every name resolved.
    pub fn failure_kind(&self) -> Option<ErrorKind> {
        let kinds: Vec<ErrorKind> = self.failures.values().map(Unresolved::kind).collect();
        [
            ErrorKind::Locked,
            ErrorKind::External,
            ErrorKind::Unresolved,
        ]
        .into_iter()
        .find(|k| kinds.contains(k))
    }

    /// Names that resolved to an empty value (Postman's "empty" state): worth a warning.
    pub fn empty_names(&self) -> impl Iterator<Item = &SecretName> {
        self.empty.iter()
    }

    /// The resolved secrets that may not be sent to `destination`, with the reason. Used for
    /// a URL known only after substitution, and for every redirect.
    pub fn refused_for(&self, destination: &Destination) -> Vec<(&SecretName, Unresolved)> {
        self.allowed
            .iter()
            .filter_map(|(name, allowed)| not_allowed(allowed, destination).map(|why| (name, why)))
            .collect()
    }

    /// Moves every secret not allowed for `destination` from resolved to unresolved.
    pub fn restrict_to(&mut self, destination: &Destination) {
        let refused: Vec<(SecretName, Unresolved)> = self
            .refused_for(destination)
            .into_iter()
            .map(|(n, why)| (n.clone(), why))
            .collect();
        for (name, why) in refused {
            self.values.remove(&name);
            self.allowed.remove(&name);
            self.empty.remove(&name);
            self.failures.insert(name, why);
        }
    }

    /// The masking set for everything resolved, and the names too short to mask.
    pub fn redaction_set(&self) -> (RedactionSet, Vec<&SecretName>) {
        self.redaction_set_with(std::iter::empty())
    }

    /// The masking set for everything resolved plus `extra` values (such as the vault key a
    /// child process inherits), and the resolved names too short to mask.
    pub fn redaction_set_with<'a>(
        &'a self,
        extra: impl IntoIterator<Item = &'a [u8]>,
    ) -> (RedactionSet, Vec<&'a SecretName>) {
        let names: Vec<&SecretName> = self.values.keys().collect();
        let values = self.values.values().map(|v| v.expose_secret()).chain(extra);
        let (set, short) = RedactionSet::new(values);
        (
            set,
            short
                .into_iter()
                .filter(|&i| i < names.len())
                .map(|i| names[i])
                .collect(),
        )
    }
}

/// Where the secrets being resolved will be sent, as far as is known before resolving: what
/// lets the resolver refuse a secret before it is fetched.
#[derive(Clone, Copy)]
pub enum Destinations<'a> {
    /// Not known (a template, a run whose requests are built later).
    Unknown,
    /// Every secret goes there (`send`'s one request): any secret not allowed there is refused.
    All(&'a Destination),
    /// Each listed name goes to each of these destinations and nowhere else known (the requests
    /// of a run). A linked secret that none of them allows is refused, so it is never fetched;
    /// a local one is left to the check at sending time. Unlisted names: not known.
    PerName(&'a BTreeMap<SecretName, Vec<Destination>>),
}

/// Resolves every distinct name referenced in `items`, each looked up once. Linked secrets
/// are fetched through `fetching`; without it they stay unresolved.
pub fn resolve<'a>(
    source: Option<&dyn SecretSource>,
    locked_reason: &str,
    items: impl IntoIterator<Item = &'a Item>,
    destination: Option<&Destination>,
    fetching: Option<&Fetching<'_>>,
) -> Result<Resolution> {
    let destinations = destination.map_or(Destinations::Unknown, Destinations::All);
    resolve_to(source, locked_reason, items, destinations, fetching)
}

/// [`resolve`], with what is known of where each secret goes: a linked secret refused for
/// every destination it has is refused before any provider call.
pub fn resolve_to<'a>(
    source: Option<&dyn SecretSource>,
    locked_reason: &str,
    items: impl IntoIterator<Item = &'a Item>,
    destinations: Destinations<'_>,
    fetching: Option<&Fetching<'_>>,
) -> Result<Resolution> {
    // De-duplicate with a hash set (a template may hold thousands of references to a few
    // names), then sort the few distinct names so lookups happen in a stable order.
    let distinct: std::collections::HashSet<&SecretName> = items
        .into_iter()
        .filter_map(|i| match i {
            Item::Reference { name, .. } => Some(name),
            Item::Malformed { .. } => None,
        })
        .collect();
    let mut names: Vec<&SecretName> = distinct.into_iter().collect();
    names.sort_unstable();
    let mut out = Resolution::default();
    let mut linked = Vec::new();
    for name in names {
        let Some(source) = source else {
            out.failures
                .insert(name.clone(), Unresolved::Locked(locked_reason.to_string()));
            continue;
        };
        let secret = match source.lookup(name)? {
            Lookup::Found(secret) => secret,
            Lookup::Missing(suggestion) => {
                out.failures
                    .insert(name.clone(), Unresolved::NotFound { suggestion });
                continue;
            }
        };
        // Refused secrets are never fetched: nothing leaves an external vault for nothing.
        let destination = match destinations {
            Destinations::All(d) => Some(d),
            _ => None,
        };
        if let Some(reason) = refusal(&secret, destination) {
            out.failures.insert(name.clone(), reason);
            continue;
        }
        if let (Destinations::PerName(known), Some(_)) = (destinations, &secret.meta.link)
            && let Some(reason) = refused_everywhere(&secret.meta.allowed_domains, known.get(name))
        {
            out.failures.insert(name.clone(), reason);
            continue;
        }
        if secret.meta.link.is_some() {
            linked.push(secret.meta);
            continue;
        }
        out.accept(secret.meta, secret.value);
    }
    if let Some(source) = source.filter(|_| !linked.is_empty()) {
        match fetching {
            Some(fetching) => linked::resolve_linked(source, fetching, linked, &mut out)?,
            None => {
                for meta in linked {
                    out.failures.insert(meta.name, Unresolved::NotFetched);
                }
            }
        }
    }
    Ok(out)
}

impl Resolution {
    fn accept(&mut self, meta: SecretMeta, value: SecretBox<[u8]>) {
        if value.expose_secret().is_empty() {
            self.empty.insert(meta.name.clone());
        }
        self.values.insert(meta.name.clone(), value);
        self.allowed.insert(meta.name, meta.allowed_domains);
    }
}

/// Why `secret` may not be used for `destination`, if it may not.
pub fn refusal(secret: &Secret, destination: Option<&Destination>) -> Option<Unresolved> {
    if !secret.meta.enabled {
        return Some(Unresolved::Disabled);
    }
    not_allowed(&secret.meta.allowed_domains, destination?)
}

/// Why a secret may go to none of `destinations` (the first refusal), if it may go to none.
fn refused_everywhere(
    allowed: &[AllowedDomain],
    destinations: Option<&Vec<Destination>>,
) -> Option<Unresolved> {
    let destinations = destinations.filter(|d| !d.is_empty())?;
    let mut reasons = destinations.iter().map(|d| not_allowed(allowed, d));
    let first = reasons.next()??;
    reasons.all(|r| r.is_some()).then_some(first)
}

fn not_allowed(allowed: &[AllowedDomain], dest: &Destination) -> Option<Unresolved> {
    let ok = allowed.is_empty()
        || allowed
            .iter()
            .any(|d| d.matches(&dest.scheme, &dest.host, dest.port));
    (!ok).then(|| Unresolved::NotAllowed {
        destination: dest.to_string(),
        allowed: allowed.iter().map(ToString::to_string).collect(),
    })
}

/// A reference's state as `locket check` and the web UI's check page report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckState {
    Ok,
    /// Resolves, to an empty value.
    Empty,
    Unresolved,
}

impl CheckState {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckState::Ok => "ok",
            CheckState::Empty => "empty",
            CheckState::Unresolved => "unresolved",
        }
    }
}

/// One item of a text, checked against a resolution: its name (none when malformed), state
/// and, when it does not resolve, why.
pub fn check_item<'a>(
    item: &'a Item,
    resolution: &Resolution,
) -> (Option<&'a SecretName>, CheckState, Option<String>) {
    match item {
        Item::Reference { name, .. } => match resolution.failure(name) {
            Some(why) => (Some(name), CheckState::Unresolved, Some(why.to_string())),
            None if resolution.is_empty_value(name) => (Some(name), CheckState::Empty, None),
            None => (Some(name), CheckState::Ok, None),
        },
        Item::Malformed { reason, .. } => (
            None,
            CheckState::Unresolved,
            Some(format!("malformed reference: {reason}")),
        ),
    }
}

/// Whether every item is a reference that resolved: the condition for substituting.
pub fn all_resolved(items: &[Item], resolution: &Resolution) -> bool {
    items.iter().all(
        |item| matches!(item, Item::Reference { name, .. } if resolution.value(name).is_some()),
    )
}

/// Writes `text` with every reference substituted, straight to `out`, in batches of
/// vectored writes: no copy of the text is made, so the only secret bytes in memory are the
/// values themselves. Call [`all_resolved`] first: locket never emits a half-resolved text.
pub fn substitute_to(
    text: &[u8],
    items: &[Item],
    resolution: &Resolution,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    substitute_with(text, items, &|name| resolution.value(name), out)
}

/// [`substitute_to`] with the values from `value` (a name it has no value for becomes nothing:
/// check first, as [`all_resolved`] does).
pub(crate) fn substitute_with<'v>(
    text: &[u8],
    items: &[Item],
    value: &dyn Fn(&SecretName) -> Option<&'v [u8]>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    const BATCH: usize = 512;
    let mut slices: Vec<std::io::IoSlice<'_>> = Vec::with_capacity(BATCH);
    let mut last = 0;
    for item in items {
        if let Item::Reference { name, span } = item {
            slices.push(std::io::IoSlice::new(&text[last..span.start]));
            slices.push(std::io::IoSlice::new(value(name).unwrap_or_default()));
            last = span.end;
            if slices.len() >= BATCH {
                write_all_vectored(out, &mut slices)?;
            }
        }
    }
    slices.push(std::io::IoSlice::new(&text[last..]));
    write_all_vectored(out, &mut slices)
}

/// `Write::write_all_vectored` is not stable yet: the same loop, then clears `slices`. Empty
/// slices are skipped first: a batch of only empty values writes nothing rather than looking
/// like a writer that accepts no bytes.
fn write_all_vectored(
    out: &mut impl std::io::Write,
    slices: &mut Vec<std::io::IoSlice<'_>>,
) -> std::io::Result<()> {
    slices.retain(|s| !s.is_empty());
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match out.write_vectored(rest) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => std::io::IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    slices.clear();
    Ok(())
}

/// Substitutes into a new buffer (zeroed on drop); `None` if any reference is unresolved.
pub fn substitute(
    text: &[u8],
    items: &[Item],
    resolution: &Resolution,
) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    if !all_resolved(items, resolution) {
        return None;
    }
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(text.len()));
    substitute_to(text, items, resolution, &mut *out).expect("writing to memory cannot fail");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::parse;
    use crate::store::SecretMeta;
    use std::cell::Cell;

    /// An in-memory source that counts lookups.
    struct Fake {
        secrets: Vec<(&'static str, &'static str, bool, Vec<&'static str>)>,
        lookups: Cell<usize>,
    }

    impl SecretSource for Fake {
        fn lookup(&self, name: &SecretName) -> Result<Lookup> {
            self.lookups.set(self.lookups.get() + 1);
            let found = self.secrets.iter().find(|s| s.0 == name.as_str()).map(
                |(n, v, enabled, domains)| Secret {
                    meta: SecretMeta {
                        id: vec![0; 16],
                        name: SecretName::new(n).unwrap(),
                        allowed_domains: domains
                            .iter()
                            .map(|d| AllowedDomain::parse(d).unwrap())
                            .collect(),
                        enabled: *enabled,
                        link: None,
                        created: 0,
                        updated: 0,
                        empty: v.is_empty(),
                    },
                    value: SecretBox::new(Box::from(v.as_bytes())),
                },
            );
            Ok(found.map_or(Lookup::Missing(Some("close".into())), Lookup::Found))
        }
    }

    fn fake() -> Fake {
        Fake {
            secrets: vec![
                ("a", "AAAA", true, vec![]),
                ("b", "", true, vec![]),
                ("off", "x", false, vec![]),
                ("scoped", "SCOPED", true, vec!["api.example.com"]),
            ],
            lookups: Cell::new(0),
        }
    }

    fn dest(host: &str) -> Destination {
        Destination {
            scheme: "https".into(),
            host: host.into(),
            port: 443,
        }
    }

    #[test]
    fn refused_for_every_destination_it_has_or_not_at_all() {
        let allowed = [AllowedDomain::parse("api.example.com").unwrap()];
        let refused = |hosts: &[&str]| {
            let list: Vec<Destination> = hosts.iter().map(|h| dest(h)).collect();
            refused_everywhere(&allowed, Some(&list)).map(|r| r.to_string())
        };
        let first = refused(&["evil.example.net", "other.example.org"]).unwrap();
        assert!(first.contains("https://evil.example.net:443"), "{first}");
        assert_eq!(refused(&["evil.example.net", "api.example.com"]), None);
        assert_eq!(refused(&[]), None, "no destination known: not refused");
        assert_eq!(refused_everywhere(&allowed, None), None);
        assert_eq!(refused_everywhere(&[], Some(&vec![dest("x.net")])), None);
    }

    #[test]
    fn each_distinct_name_is_looked_up_once() {
        let text = "{{vault:a}}{{vault:a}} {{vault:a}} {{vault:b}}";
        let items = parse(text.as_bytes());
        let f = fake();
        let r = resolve(Some(&f), "", &items, None, None).unwrap();
        assert_eq!(f.lookups.get(), 2);
        assert_eq!(
            substitute(text.as_bytes(), &items, &r).unwrap().as_slice(),
            b"AAAAAAAA AAAA "
        );
        assert!(r.is_empty_value(&SecretName::new("b").unwrap()));
    }

    #[test]
    fn references_to_empty_values_substitute_to_nothing() {
        let items = parse(b"{{vault:b}}{{vault:b}}");
        let r = resolve(Some(&fake()), "", &items, None, None).unwrap();
        assert_eq!(
            substitute(b"{{vault:b}}{{vault:b}}", &items, &r)
                .unwrap()
                .as_slice(),
            b""
        );
    }

    #[test]
    fn vectored_output_equals_buffered_output() {
        let mut text = Vec::new();
        for i in 0..2000 {
            text.extend_from_slice(format!("line {i} {{{{vault:a}}}}{{{{vault:b}}}}|").as_bytes());
        }
        let items = parse(&text);
        let r = resolve(Some(&fake()), "", &items, None, None).unwrap();
        let expected = String::from_utf8(text.clone())
            .unwrap()
            .replace("{{vault:a}}", "AAAA")
            .replace("{{vault:b}}", "");
        // A writer that accepts at most 7 bytes per call exercises partial vectored writes.
        struct Trickle(Vec<u8>);
        impl std::io::Write for Trickle {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                let n = buf.len().min(7);
                self.0.extend_from_slice(&buf[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut out = Trickle(Vec::new());
        substitute_to(&text, &items, &r, &mut out).unwrap();
        assert_eq!(String::from_utf8(out.0).unwrap(), expected);
    }

    #[test]
    fn reasons_for_unresolved() {
        let items = parse(b"{{vault:missing}} {{vault:off}} {{vault:scoped}}");
        let f = fake();
        let r = resolve(Some(&f), "", &items, Some(&dest("evil.example.net")), None).unwrap();
        let reason = |n: &str| r.failure(&SecretName::new(n).unwrap()).cloned();
        assert_eq!(
            reason("missing"),
            Some(Unresolved::NotFound {
                suggestion: Some("close".into())
            })
        );
        assert_eq!(reason("off"), Some(Unresolved::Disabled));
        assert!(matches!(
            reason("scoped"),
            Some(Unresolved::NotAllowed { .. })
        ));
        assert!(substitute(b"", &items, &r).is_none());
        let r = resolve(
            Some(&f),
            "",
            &parse(b"{{vault:scoped}}"),
            Some(&dest("api.example.com")),
            None,
        )
        .unwrap();
        assert_eq!(r.resolved_count(), 1);
    }

    #[test]
    fn restricting_after_substitution_and_on_redirect() {
        let items = parse(b"{{vault:a}} {{vault:scoped}}");
        let mut r = resolve(Some(&fake()), "", &items, None, None).unwrap();
        assert!(r.refused_for(&dest("api.example.com")).is_empty());
        let refused = r.refused_for(&dest("elsewhere.example.com"));
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].0.as_str(), "scoped");
        r.restrict_to(&dest("elsewhere.example.com"));
        assert!(r.value(&SecretName::new("scoped").unwrap()).is_none());
        assert!(matches!(
            r.failure(&SecretName::new("scoped").unwrap()),
            Some(Unresolved::NotAllowed { .. })
        ));
        assert_eq!(r.value(&SecretName::new("a").unwrap()), Some(&b"AAAA"[..]));
    }

    #[test]
    fn a_locked_vault_leaves_every_reference_unresolved() {
        let items = parse(b"{{vault:a}}");
        let r = resolve(None, "no key", &items, None, None).unwrap();
        assert_eq!(
            r.failure(&SecretName::new("a").unwrap()),
            Some(&Unresolved::Locked("no key".into()))
        );
        assert_eq!(r.failure_kind(), Some(ErrorKind::Locked), "exit 3, not 4");
    }

    #[test]
    fn malformed_references_block_substitution() {
        let text = b"{{vault:a}} {{vault:}}";
        let items = parse(text);
        let r = resolve(Some(&fake()), "", &items, None, None).unwrap();
        assert!(substitute(text, &items, &r).is_none());
    }
}
