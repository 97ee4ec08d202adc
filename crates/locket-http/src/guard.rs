//! The destination guard: which secrets a request carries, and whether each hop may receive
//! them. Every hop the wire makes passes through [`Guard::admit`] before a byte leaves: the
//! target, and each redirect.

use std::collections::BTreeSet;

use locket_core::SecretName;
use locket_core::redact::RedactionSet;
use locket_core::resolve::Resolution;
use reqwest::Url;

use crate::destination::destination;
use crate::error::Error;
use crate::spec::RequestSpec;

/// Where a request is about to go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hop {
    /// The request's own URL.
    Target,
    /// A redirect from the (masked) URL that answered with it.
    Redirect { from: String },
    /// The proxy a plain-http request to the (masked) `target` goes through: it sees it all.
    Proxy { target: String },
}

/// What a request may carry where: the secrets resolved for it, with their allowed domains,
/// and the set that masks them in everything the wire reports.
pub struct Guard<'a> {
    resolution: &'a Resolution,
    mask: &'a RedactionSet,
    /// The resolved names, in the order of the first values of `mask`.
    names: Vec<&'a SecretName>,
}

impl<'a> Guard<'a> {
    /// `mask` must have been built by `resolution.redaction_set*` (its first values are the
    /// resolution's, in order), so that a value found in a request names its secret.
    pub fn new(resolution: &'a Resolution, mask: &'a RedactionSet) -> Self {
        Guard {
            resolution,
            mask,
            names: resolution.names().collect(),
        }
    }

    pub fn mask(&self) -> &RedactionSet {
        self.mask
    }

    /// The secrets `spec` carries: the ones its builder substituted, and any other resolved
    /// value found in its URL, headers or body in a form the mask knows (raw, percent-encoded,
    /// base64, JSON-escaped) — a value copied by a script is guarded like a reference.
    pub fn carried(&self, spec: &RequestSpec) -> BTreeSet<SecretName> {
        let mut carried = spec.carries.clone();
        if self.names.is_empty() {
            return carried;
        }
        let mut found = self.mask.owners(spec.url.as_str().as_bytes());
        for value in spec.headers.values() {
            found.extend(self.mask.owners(value.as_bytes()));
        }
        if let Some(body) = &spec.body {
            found.extend(self.mask.owners(body));
        }
        carried.extend(
            found
                .into_iter()
                .filter_map(|i| self.names.get(i).map(|n| (*n).clone())),
        );
        carried
    }

    /// Whether `url` may receive every secret in `carried`; the error names each one that may
    /// not, with the reason, and says nothing was sent there.
    pub fn admit(&self, url: &Url, hop: &Hop, carried: &BTreeSet<SecretName>) -> Result<(), Error> {
        if carried.is_empty() {
            return Ok(());
        }
        let destination = destination(url);
        let refused: Vec<(String, String)> = self
            .resolution
            .refused_for(&destination)
            .into_iter()
            .filter(|(name, _)| carried.contains(*name))
            .map(|(name, why)| (name.to_string(), self.mask.mask_str(&why.to_string())))
            .collect();
        if refused.is_empty() {
            return Ok(());
        }
        Err(Error::Refused {
            hop: hop.clone(),
            to: self.mask.mask_str(&match hop {
                Hop::Target | Hop::Proxy { .. } => destination.to_string(),
                Hop::Redirect { .. } => url.to_string(),
            }),
            refused,
        })
    }
}
