//! locket-http: the one wire. Every request a user causes — `locket send`, each request of a
//! collection run, a script's `pm.sendRequest` — leaves through [`Wire::exchange`], which is
//! where the rule "a secret only goes where it is allowed" is enforced, on every hop.
//!
//! What this crate owns:
//! - [`RequestSpec`]: a request as its builder made it, with the secrets it carries and its
//!   [`Policy`] (redirects, TLS, deadline) and an optional [`Challenge`] ([`Digest`]);
//! - [`Guard`]: which secrets a request carries (the builder's list, plus any known value —
//!   resolved, or read or written by a script since — found in it in a form the mask knows)
//!   and whether a hop may receive them;
//! - the proxy decision (`proxy.rs`): the wire, not reqwest, reads `http_proxy` & co., so the
//!   guard admits the proxy a plain-http request really goes through;
//! - [`Wire`]: the reqwest clients (one per kind of trust, connections reused across a run),
//!   redirects followed hop by hop ([`redirect`]: target checked first, credentials dropped
//!   across origins, methods rewritten as curl does), the challenge answered once, one
//!   deadline for the whole exchange; [`BlockingWire`] for synchronous callers;
//! - a run's [`Tls`]: a client certificate and extra trusted CAs for its HTTPS clients;
//! - a run's [`CookieJar`] (when the caller gives the wire one): cookies stored from every hop's
//!   `Set-Cookie` and sent back where RFC 6265 says, seen by the guard like any header;
//! - URLs and destinations ([`parse_url`], [`destination`]), and an [`Error`] whose messages
//!   show URLs masked and name no command's flags (callers add hints, [`Error::hint`]).
//!
//! What it does not: resolve references or decide what a request may carry in the first place
//! (locket-core's resolver and the callers' builders do), or know any request format.

mod challenge;
mod cookies;
mod destination;
mod error;
mod guard;
mod proxy;
pub mod redirect;
mod spec;
mod tls;
mod wire;

pub use challenge::Digest;
pub use cookies::{CookieJar, JarCookie, JarError};
pub use destination::{destination, parse_url};
pub use error::{Error, Hint};
pub use guard::{Guard, Hop};
pub use locket_core::resolve::Destination;
pub use proxy::{ALLOW_CLEARTEXT_PROXY, ALLOW_CLEARTEXT_PROXY_FLAG};
pub use reqwest::header;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode, Url, Version};
pub use spec::{Challenge, Policy, Redirects, RequestSpec};
pub use tls::{Tls, TlsError};
pub use wire::{
    BlockingExchange, BlockingWire, Event, Exchange, Head, Wire, percent_decode, version_text,
};
