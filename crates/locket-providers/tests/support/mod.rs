//! Test support shared by the provider test binaries (`hcv.rs`, `aws.rs`, `conformance.rs`):
//! real servers (OpenBao dev, moto), and local TCP/HTTP servers that misbehave on purpose.
//!
//! Every server binds 127.0.0.1 only and is stopped when its handle is dropped.
//!
//! Each test binary includes this module with `mod support;` and uses only part of it, hence
//! the `dead_code` allowance (cargo compiles it once per binary).
#![allow(dead_code)]

use std::net::TcpListener;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use locket_providers::ProviderError;

#[cfg(feature = "azure")]
pub mod azure;
#[cfg(feature = "hcv")]
pub mod bao;
#[cfg(feature = "onepassword")]
pub mod fake_connect;
#[cfg(feature = "gcp")]
pub mod fake_gcp;
pub mod fake_http;
#[cfg(feature = "onepassword")]
pub mod fake_op;
pub mod moto;
pub mod silent;

/// A port nothing listens on right now (bound, then released).
pub fn free_port() -> u16 {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // Bind-check: the port can be bound again (nothing else took it meanwhile).
    TcpListener::bind(("127.0.0.1", port)).expect("free port");
    port
}

/// One server shared by the tests of a binary that run at the same time: started by the
/// first caller, stopped (dropped) when the last one lets go of it. A later test starts a new
/// one, so no server outlives the tests that use it.
pub fn shared<T>(slot: &'static Mutex<Weak<T>>, start: impl FnOnce() -> T) -> Arc<T> {
    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(server) = slot.upgrade() {
        return server;
    }
    let server = Arc::new(start());
    *slot = Arc::downgrade(&server);
    server
}

/// Fails the test if `err`'s Display or Debug contains any of `secrets` (values, credentials).
/// (The secrets are test fixtures, so the failure may show them to help debugging.)
pub fn assert_clean(err: &ProviderError, secrets: &[&str]) {
    let shown = format!("{err} // {err:?}");
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        assert!(!shown.contains(secret), "`{secret}` leaked into: {shown}");
    }
}
