//! locket-http: how locket sends an HTTP request without sending a secret where it may not go.
//!
//! One request at a time, on [`reqwest`] with rustls, driven by a single-threaded tokio runtime
//! owned by the [`Client`], behind a blocking API: the CLI stays synchronous and no thread is
//! started for it.
//!
//! What this crate owns:
//! - turning a URL into the [`Destination`] the allowed-domain rules are checked against
//!   ([`parse_url`], [`destination`]; scheme, host, port with 80/443 by default);
//! - building the client: root certificates are loaded only when an `https` URL is actually
//!   requested, so a plain-http request does not pay for reading the system's trust store;
//! - the redirect rule ([`redirect`]): redirects are followed here, hop by hop, and each target is
//!   checked against every secret the request uses ([`Resolution::refused_for`]) *before*
//!   anything is sent to it; credentials (`Authorization`, `Cookie`, …) are dropped on
//!   cross-origin hops as reqwest and curl do, and the method and body change as curl does;
//! - the request and response types, and an [`Error`] whose messages show URLs masked with the
//!   caller's [`RedactionSet`];
//! - running Postman collections ([`postman`]): the collection and environment model,
//!   variables, request building and auth, the runner (async, one shared connection pool,
//!   iterations in parallel) and newman-shaped reports. The runner reuses the redirect rule
//!   and the destination checks above.
//!
//! Substituting references and deciding what may be sent in the first place is the caller's
//! job (the CLI resolves with `locket-core` and restricts the resolution to the destination).
//!
//! [`Resolution::refused_for`]: locket_core::resolve::Resolution::refused_for
//! [`RedactionSet`]: locket_core::redact::RedactionSet

mod client;
mod destination;
mod error;
pub mod postman;
pub mod redirect;

pub use client::{Client, Event, Guard, Head, Options, Request, Response, version_text};
pub use destination::{destination, parse_url};
pub use error::Error;
pub use locket_core::resolve::Destination;
pub use reqwest::header;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode, Url, Version};
