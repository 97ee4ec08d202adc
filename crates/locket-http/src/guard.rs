//! The destination guard: which secrets a request carries, and whether each hop may receive
//! them. Every hop the wire makes passes through [`Guard::admit`] before a byte leaves: the
//! target, and each redirect.

use std::collections::BTreeSet;

use std::rc::Rc;

use locket_core::SecretName;
use locket_core::redact::RedactionSet;
use locket_core::resolve::Revealed;
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

/// What a request may carry where: the secrets known to the command (resolved, and revealed
/// since by scripts), with their allowed domains, and the mask of their values.
pub struct Guard<'a> {
    known: &'a Revealed<'a>,
}

impl<'a> Guard<'a> {
    pub fn new(known: &'a Revealed<'a>) -> Self {
        Guard { known }
    }

    /// The mask as it stands now (values revealed later join it).
    pub fn mask(&self) -> Rc<RedactionSet> {
        self.known.mask()
    }

    /// The secrets `spec` carries: the ones its builder substituted, and any other known value
    /// found in its URL, headers or body in a form the mask knows (raw, percent-encoded,
    /// base64, JSON-escaped) — a value copied by a script, or read by one from the vault, is
    /// guarded like a reference.
    pub fn carried(&self, spec: &RequestSpec) -> BTreeSet<SecretName> {
        let mut carried = spec.carries.clone();
        let texts = std::iter::once(spec.url.as_str().as_bytes())
            .chain(spec.headers.values().map(|v| v.as_bytes()))
            .chain(spec.body.as_deref());
        carried.extend(self.known.owners(texts));
        carried
    }

    /// Whether `url` may receive every secret in `carried`; the error names each one that may
    /// not, with the reason, and says nothing was sent there.
    pub fn admit(&self, url: &Url, hop: &Hop, carried: &BTreeSet<SecretName>) -> Result<(), Error> {
        if carried.is_empty() {
            return Ok(());
        }
        let destination = destination(url);
        let mask = self.mask();
        let refused: Vec<(String, String)> = self
            .known
            .refused_for(&destination)
            .into_iter()
            .filter(|(name, _)| carried.contains(name))
            .map(|(name, why)| (name.to_string(), mask.mask_str(&why.to_string())))
            .collect();
        if refused.is_empty() {
            return Ok(());
        }
        Err(Error::Refused {
            hop: hop.clone(),
            to: mask.mask_str(&match hop {
                Hop::Target | Hop::Proxy { .. } => destination.to_string(),
                Hop::Redirect { .. } => url.to_string(),
            }),
            refused,
        })
    }
}
