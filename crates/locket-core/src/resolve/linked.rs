//! Resolving linked secrets: fresh cache entries first; then every distinct external secret
//! (integration + reference) is fetched exactly once, however many names or references point
//! at it, by a bounded pool of threads; providers are built only for the integrations used.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::provider::{Connector, Fetched, Provider};
use crate::store::now;

/// How linked secrets are fetched in one run.
pub struct Fetching<'a> {
    pub connector: &'a dyn Connector,
    /// Fetch even when the cache holds a fresh value (`--refresh`).
    pub refresh: bool,
    /// Use an expired cached value when the external vault cannot be reached (`--allow-stale`).
    pub allow_stale: bool,
    /// Fetches in flight at most.
    pub parallelism: usize,
}

/// Default bound on concurrent fetches. A fetch is one round trip that waits on the network,
/// so every distinct fetch of a run goes out at once, up to this many (a template rarely links
/// more); the providers' HTTP client shares its connections (HTTP/2 where the server offers it)
/// among the threads. 16 made 100 fetches at 20 ms cost seven round trips.
pub const DEFAULT_PARALLELISM: usize = 128;

/// One linked secret waiting for its value.
struct Pending {
    meta: SecretMeta,
    integration: usize,
    job: usize,
    stale: Option<CachedValue>,
}

pub(super) fn resolve_linked(
    source: &dyn SecretSource,
    fetching: &Fetching<'_>,
    linked: Vec<SecretMeta>,
    out: &mut Resolution,
) -> Result<()> {
    let now = now();
    let mut integrations: Vec<Integration> = Vec::new();
    let mut by_name: HashMap<String, Option<usize>> = HashMap::new();
    let mut jobs: Vec<(usize, String)> = Vec::new();
    let mut job_index: HashMap<(usize, String), usize> = HashMap::new();
    let mut pending = Vec::new();

    for meta in linked {
        let link = meta.link.clone().expect("only linked secrets are passed");
        let slot = match by_name.get(&link.integration) {
            Some(slot) => *slot,
            None => {
                let found = source.integration(&link.integration)?.map(|i| {
                    integrations.push(i);
                    integrations.len() - 1
                });
                by_name.insert(link.integration.clone(), found);
                found
            }
        };
        let Some(integration) = slot else {
            out.failures.insert(
                meta.name,
                Unresolved::IntegrationRemoved {
                    integration: link.integration,
                },
            );
            continue;
        };
        let cached = source.cached(&meta, &integrations[integration].id)?;
        if let Some(hit) = cached
            .as_ref()
            .filter(|c| c.is_fresh(now) && !fetching.refresh)
        {
            let value = SecretBox::new(Box::from(hit.value.expose_secret()));
            out.from_cache += 1;
            out.accept(meta, value);
            continue;
        }
        let key = (integration, link.reference);
        let job = *job_index.entry(key.clone()).or_insert_with(|| {
            jobs.push(key);
            jobs.len() - 1
        });
        pending.push(Pending {
            meta,
            integration,
            job,
            stale: cached,
        });
    }

    let (results, providers) = fetch_all(fetching, &integrations, &jobs);
    out.fetched = jobs.len();
    // Tokens a provider refreshed are kept, so the next run need not refresh them again.
    for (integration, provider) in integrations.iter().zip(&providers) {
        if let Some(Ok(provider)) = provider.get()
            && let Some(config) = provider.refreshed_config()
            && let Err(e) = source.keep_integration(&integration.name, &config)
        {
            out.cache_warning = Some(e.to_string());
        }
    }

    let mut keep = Vec::new();
    for p in &pending {
        if let Ok(fetched) = &results[p.job] {
            keep.push(Fetch {
                secret_id: &p.meta.id,
                integration_id: integrations[p.integration].id,
                reference: &jobs[p.job].1,
                value: fetched.value.expose_secret(),
                version: fetched.version.clone(),
                expires_at: fetched.expires_at,
            });
        }
    }
    // A cache that cannot be written costs speed, not correctness: warn and go on.
    if let Err(e) = source.keep(&keep) {
        out.cache_warning = Some(e.to_string());
    }
    drop(keep);

    for p in pending {
        match &results[p.job] {
            Ok(fetched) => {
                let value = SecretBox::new(Box::from(fetched.value.expose_secret()));
                out.accept(p.meta, value);
            }
            Err(failure) => {
                let usable_stale = fetching.allow_stale
                    && matches!(failure, ProviderError::Unavailable(_))
                    && p.stale.is_some();
                if usable_stale {
                    let stale = p.stale.expect("checked above");
                    out.stale.insert(p.meta.name.clone(), stale.fetched_at);
                    out.accept(p.meta, stale.value);
                    continue;
                }
                let integration = integrations[p.integration].name.clone();
                let stale = p
                    .stale
                    .filter(|_| matches!(failure, ProviderError::Unavailable(_)))
                    .map(|s| s.fetched_at);
                out.failures.insert(
                    p.meta.name,
                    Unresolved::External {
                        integration,
                        failure: failure.clone(),
                        stale,
                    },
                );
            }
        }
    }
    Ok(())
}

/// Runs every job once on at most `parallelism` threads; results in job order. A provider is
/// built the first time a job needs it, by whichever thread gets there first; the others wait
/// for that one build rather than making their own.
fn fetch_all(
    fetching: &Fetching<'_>,
    integrations: &[Integration],
    jobs: &[(usize, String)],
) -> (
    Vec<std::result::Result<Fetched, ProviderError>>,
    Vec<OnceLock<Built>>,
) {
    let providers: Vec<OnceLock<Built>> = integrations.iter().map(|_| OnceLock::new()).collect();
    let run = |job: usize| {
        let (integration, reference) = &jobs[job];
        let spec = &integrations[*integration];
        let provider = providers[*integration].get_or_init(|| {
            fetching
                .connector
                .connect(&spec.kind, spec.config.expose_secret())
        });
        match provider {
            Ok(provider) => provider.fetch(reference),
            Err(e) => Err(e.clone()),
        }
    };
    let workers = fetching.parallelism.clamp(1, jobs.len().max(1));
    if workers == 1 {
        let results = (0..jobs.len()).map(run).collect();
        return (results, providers);
    }
    let results: Vec<OnceLock<std::result::Result<Fetched, ProviderError>>> =
        jobs.iter().map(|_| OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let job = next.fetch_add(1, Ordering::Relaxed);
                    if job >= jobs.len() {
                        break;
                    }
                    let _ = results[job].set(run(job));
                }
            });
        }
    });
    let results = results
        .into_iter()
        .map(|r| r.into_inner().expect("every job ran"))
        .collect();
    (results, providers)
}

type Built = std::result::Result<Box<dyn Provider>, ProviderError>;

/// "3 minutes", "2 hours": how long ago `then` was.
pub fn age(then: i64) -> String {
    let secs = (now() - then).max(0);
    match secs {
        1 => "1 second".to_string(),
        0..120 => format!("{secs} seconds"),
        120..7200 => format!("{} minutes", secs / 60),
        7200..172_800 => format!("{} hours", secs / 3600),
        _ => format!("{} days", secs / 86_400),
    }
}

#[cfg(test)]
#[path = "linked_tests.rs"]
mod tests;
