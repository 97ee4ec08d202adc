//! What the wire sends: one request, the secrets it carries, and how it may travel.

use std::collections::BTreeSet;
use std::time::Duration;

use locket_core::SecretName;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, Url};

/// One request as the caller built it, before the wire sends it. Headers are sent as given
/// (reqwest adds `Accept: */*` when there is none, hyper adds `Host` and `Content-Length`).
pub struct RequestSpec {
    pub method: Method,
    pub url: Url,
    pub headers: HeaderMap,
    pub body: Option<Vec<u8>>,
    /// The secrets the builder substituted into this request. The guard adds any other
    /// resolved value it finds in the URL, headers or body (a value a script copied).
    pub carries: BTreeSet<SecretName>,
    pub policy: Policy,
    /// Answers an authentication challenge (digest) once, on the first 401 that asks.
    pub challenge: Option<Box<dyn Challenge>>,
}

impl RequestSpec {
    pub fn new(method: Method, url: Url) -> Self {
        RequestSpec {
            method,
            url,
            headers: HeaderMap::new(),
            body: None,
            carries: BTreeSet::new(),
            policy: Policy::default(),
            challenge: None,
        }
    }
}

impl std::fmt::Debug for RequestSpec {
    /// Names only: values and the body may hold secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestSpec")
            .field("method", &self.method)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("carries", &self.carries)
            .finish_non_exhaustive()
    }
}

/// How one request may travel.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    pub redirects: Redirects,
    /// Do not verify server certificates (`-k`, `strictSSL: false`).
    pub insecure: bool,
    /// For the whole exchange: connecting, every redirect, every challenge, the body.
    pub timeout: Option<Duration>,
    /// Keep the method and body on 301/302/303 (Postman's `followOriginalHttpMethod`).
    pub keep_method: bool,
    /// Send `Referer: <the previous URL>` on each redirect followed, as newman does (unless
    /// `removeRefererHeaderOnRedirect`); curl, and so `send`, does not.
    pub referer: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            redirects: Redirects::Return,
            insecure: false,
            timeout: None,
            keep_method: false,
            referer: false,
        }
    }
}

/// Whether redirects are followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redirects {
    /// The redirect response is the answer.
    Return,
    /// Followed, at most `max` times, each target admitted by the guard first.
    Follow { max: usize },
}

/// Answers a `WWW-Authenticate` challenge: the header to send on the retry, or `None` when
/// this challenge is not one it answers.
pub trait Challenge: Send {
    fn answer(
        &mut self,
        method: &Method,
        url: &Url,
        body: Option<&[u8]>,
        www_authenticate: &[&str],
    ) -> Result<Option<HeaderValue>, String>;
}
