//! The seam where a script engine plugs into the runner.
//!
//! For each request the runner calls the engine twice: with the pre-request scripts before the
//! request is built (they may change the request and every variable scope), and with the test
//! scripts once the response has arrived. The engine sees data, not the runner's internals:
//! the request as a Postman v2.1 request object (templates: a script sees `{{vault:x}}`, never
//! its value), the response, every scope, and the services the runner provides: a console
//! whose lines the runner masks, [`SendRequest`], which sends `pm.sendRequest`'s requests
//! through the one wire with the run's guard, and [`ScriptVault`], which answers `pm.vault`
//! ([`NoVault`] denies it, the default).
//!
//! [`NoScripts`] runs nothing: the runner then reports the scripts it skipped.

use std::time::Duration;

use futures_util::future::LocalBoxFuture;
use locket_http::Url;
use serde_json::Value;

use crate::variables::Scope;

/// Which scripts run: the engine's own event type, so the seam and the engine never need a
/// translation between two copies.
pub use locket_script::Event;
/// A script's `pm.vault.get/set/unset` call, as the engine hands it over.
pub use locket_script::{VaultCall, VaultOp};

/// One script's source, and the name of the collection, folder or request that holds it.
#[derive(Clone, Debug)]
pub struct Script {
    pub source: String,
    pub location: String,
}

/// What `pm.info` and `pm.execution.location` tell a script.
#[derive(Clone, Debug)]
pub struct Info {
    pub iteration: usize,
    pub iteration_count: usize,
    pub request_name: String,
    pub request_id: String,
    /// The collection's name, folder names, then the request's name.
    pub location: Vec<String>,
}

/// Every variable scope a script can read and write.
#[derive(Clone, Default)]
pub struct ScopeSet {
    pub globals: Scope,
    pub environment: Scope,
    pub collection: Scope,
    pub data: Scope,
    /// `pm.variables.set`: above every other scope.
    pub local: Scope,
}

/// A response as scripts see it (`pm.response`, `responseBody`, …). Raw: the runner masks
/// only what it prints.
#[derive(Clone)]
pub struct Response {
    pub code: u16,
    pub status: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub time: Duration,
    /// Body and headers, as newman counts `responseSize`.
    pub size: u64,
    /// The run's cookies for the response's URL (`pm.cookies` in test scripts, as newman).
    pub cookies: Vec<locket_http::JarCookie>,
}

/// One call of the engine.
pub struct Call<'a> {
    pub event: Event,
    pub scripts: &'a [Script],
    pub info: Info,
    /// The request, as a Postman v2.1 request object.
    pub request: Value,
    pub response: Option<&'a Response>,
    pub scopes: &'a mut ScopeSet,
    pub http: &'a dyn SendRequest,
    pub vault: &'a dyn ScriptVault,
    /// The URL of the request the scripts run for (`pm.vault.get` answers only with secrets
    /// allowed there); `None` when a pre-request script runs before it can be built.
    pub url: Option<&'a Url>,
}

/// One `pm.test` (or legacy `tests[…]`) result.
#[derive(Clone, Debug)]
pub struct Assertion {
    pub name: String,
    /// Its order of registration within its script (newman's `assertion:N`), not of completion.
    pub index: usize,
    pub skipped: bool,
    /// `None` when it passed (or was skipped).
    pub error: Option<ScriptError>,
    /// When it finished (see [`Outcome`]).
    pub seq: u64,
}

/// An error thrown by a script or an assertion: its JavaScript name and message, and where.
#[derive(Clone, Debug)]
pub struct ScriptError {
    pub name: String,
    pub message: String,
    /// Which script and line, when known (`"Login", line 3`).
    pub location: Option<String>,
    /// When its script ended (see [`Outcome`]); an assertion's error has its assertion's.
    pub seq: u64,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.message)?;
        if let Some(at) = &self.location {
            write!(f, " (at {at})")?;
        }
        Ok(())
    }
}

/// A `console.*` line: its arguments as the engine serialized them, unmasked (the runner masks
/// them as it lays them out: [`locket_script::format_console`]).
#[derive(Clone, Debug)]
pub struct ConsoleLine {
    pub level: String,
    pub args: Vec<locket_script::ConsoleValue>,
    /// When it was written (see [`Outcome`]).
    pub seq: u64,
    /// When it was written, in milliseconds on the engine's clock.
    pub at: f64,
}

/// Where the run goes after this request (`pm.execution.setNextRequest`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// The request (or folder) with this name or id.
    Named(String),
    /// `setNextRequest(null)`: the iteration ends.
    Stop,
}

/// What one call did.
///
/// Console lines, assertions, errors and `answered` share one clock, `seq`: newman's cli
/// reporter prints each as it happens, so sorting by it gives newman's order.
#[derive(Default)]
pub struct Outcome {
    /// The request after a pre-request script changed it; `None` when unchanged or a test.
    pub request: Option<Value>,
    pub assertions: Vec<Assertion>,
    pub console: Vec<ConsoleLine>,
    pub next: Option<Next>,
    /// `pm.execution.skipRequest()`: the request is not sent, its tests do not run.
    pub skip_request: bool,
    /// Scripts that threw, did not compile, ran out of time or memory (each script of the
    /// event runs even when an earlier one failed, as in newman).
    pub errors: Vec<ScriptError>,
    /// When each [`SendRequest::send`] of this call was answered, in the order they were
    /// answered (newman prints the request's line then).
    pub answered: Vec<u64>,
}

/// `pm.sendRequest`: the runner sends through the wire, guarded like every other request.
/// The error is a message fit for the script (already masked).
pub trait SendRequest {
    fn send<'a>(&'a self, request: Value) -> LocalBoxFuture<'a, Result<Response, String>>;

    /// The run's cookie jar, which `pm.cookies.jar()` reads and writes (the one requests use).
    fn cookies(&self) -> Option<&locket_http::CookieJar> {
        None
    }
}

/// `pm.vault`: the runner's answer to a script's vault call. `Ok(Some(value))` for a `get` that
/// found a value the request may receive, `Ok(None)` for `undefined` (and for `set`/`unset`
/// once done), `Err(message)` when the call is refused: the script's promise rejects with it.
/// An implementation that hands a value out (or stores one) makes it join the run's mask and
/// guard before answering.
pub trait ScriptVault {
    fn call(&self, call: &VaultCall, url: Option<&Url>) -> Result<Option<String>, String>;
}

/// What a script is told when the run does not allow it the vault; Postman's wording first.
pub const VAULT_DENIED: &str = "Vault access denied: this run does not let scripts use the \
vault; run with --allow-script-vault (or LOCKET_ALLOW_SCRIPT_VAULT=1) to allow it";

/// The vault is not the scripts' to use (the default): every call is refused.
pub struct NoVault;

impl ScriptVault for NoVault {
    fn call(&self, _call: &VaultCall, _url: Option<&Url>) -> Result<Option<String>, String> {
        Err(VAULT_DENIED.to_string())
    }
}

/// A script engine: one per run lane (engines need not be `Send`).
pub trait ScriptEngine {
    fn run<'a>(&'a mut self, call: Call<'a>) -> LocalBoxFuture<'a, Outcome>;

    /// Whether scripts really run (reports count them as skipped otherwise).
    fn runs_scripts(&self) -> bool {
        true
    }
}

/// No engine: nothing runs, and the runner reports the scripts as skipped.
pub struct NoScripts;

impl ScriptEngine for NoScripts {
    fn run<'a>(&'a mut self, _call: Call<'a>) -> LocalBoxFuture<'a, Outcome> {
        Box::pin(async { Outcome::default() })
    }

    fn runs_scripts(&self) -> bool {
        false
    }
}
