//! Credentials kept out of provider errors, with core's [`RedactionSet`] (every encoding of a
//! value: raw, base64, percent, JSON) rather than a masker of our own. A store may echo what
//! it received (a token in "token s.abc is not valid"); [`Scrubbed`] masks whatever a provider
//! holds at the moment of the error, so tokens obtained at run time are covered too.

use std::fmt;

use locket_core::redact::RedactionSet;
use secrecy::zeroize::Zeroizing;

use crate::{Fetched, Provider, ProviderError};

/// A provider's credentials and current tokens, to keep out of its messages.
pub trait Hides {
    fn hidden(&self) -> Vec<Zeroizing<String>>;
}

/// `inner`, with every error's message masked of what `inner` hides. Registry connections
/// are wrapped in it.
pub struct Scrubbed<P> {
    inner: P,
}

impl<P: Provider + Hides> Scrubbed<P> {
    pub fn new(inner: P) -> Self {
        Scrubbed { inner }
    }

    fn scrub(&self, error: ProviderError) -> ProviderError {
        let hidden = self.inner.hidden();
        error.map_message(|m| mask(&m, hidden.iter().map(|h| h.as_str())))
    }
}

impl<P: Provider + Hides> Provider for Scrubbed<P> {
    fn fetch(&self, reference: &str) -> Result<Fetched, ProviderError> {
        self.inner.fetch(reference).map_err(|e| self.scrub(e))
    }

    fn whoami(&self) -> Result<String, ProviderError> {
        self.inner.whoami().map_err(|e| self.scrub(e))
    }

    fn refreshed_config(&self) -> Option<Vec<u8>> {
        self.inner.refreshed_config()
    }
}

impl<P: fmt::Debug> fmt::Debug for Scrubbed<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// `text` with every form of each of `hide` masked.
pub(crate) fn mask<'a>(text: &str, hide: impl IntoIterator<Item = &'a str>) -> String {
    let (set, _too_short) = RedactionSet::new(hide.into_iter().map(|h| h.trim().as_bytes()));
    set.mask_str(text)
}

/// A store's own message for ours: masked of `hide`, on one line, at most 300 characters.
pub(crate) fn one_line(text: &str, hide: &[&str]) -> String {
    let text = mask(text, hide.iter().copied());
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_credentials_in_any_encoding_and_shortens() {
        assert_eq!(
            one_line("bad s.abcd\n token", &["s.abcd"]),
            "bad ******** token"
        );
        assert_eq!(
            one_line("as base64: cy5hYmNk", &["s.abcd"]),
            "as base64: ********"
        );
        assert!(one_line(&"x ".repeat(1000), &[]).chars().count() <= 301);
        // Too short to mask without masking everything: left alone, as core does.
        assert_eq!(one_line("a ab abc", &["ab"]), "a ab abc");
    }
}
