//! The data that crosses the sandbox boundary: what the caller hands in, what it gets back.
//!
//! Everything here is plain, JSON-friendly data so the runner can build it from a collection and
//! report it without knowing anything about JavaScript.

use serde::{Deserialize, Serialize};

use crate::inspect::ConsoleValue;

/// Which of a request's events the scripts belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// Scripts run before the request is sent (`pm.request` may still change).
    #[serde(rename = "prerequest")]
    PreRequest,
    /// Scripts run after the response arrived (`pm.response` is set).
    #[serde(rename = "test")]
    Test,
}

impl Event {
    /// Postman's name for the event, as `pm.info.eventName` shows it.
    pub fn name(self) -> &'static str {
        match self {
            Event::PreRequest => "prerequest",
            Event::Test => "test",
        }
    }
}

/// One script of an event: its source and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Script {
    /// The JavaScript source (a collection's `script.exec` lines joined with `\n`).
    pub source: String,
    /// Where the script lives, e.g. `collection`, `folder F`, `request R`; errors name it.
    pub location: String,
}

/// What `pm.info` and `pm.execution.location` tell a script.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Info {
    /// 0-based iteration number.
    pub iteration: u64,
    pub iteration_count: u64,
    pub request_name: String,
    pub request_id: String,
    /// `pm.execution.location`: the names from the collection down to the request.
    pub location: Vec<String>,
    /// `pm.environment.name`, when an environment is loaded.
    #[serde(default)]
    pub environment_name: Option<String>,
}

/// One variable of a scope, in Postman's variable shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variable {
    pub key: String,
    pub value: serde_json::Value,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    #[serde(default)]
    pub disabled: bool,
}

/// Every variable scope a script can read or write.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Variables {
    #[serde(default)]
    pub globals: Vec<Variable>,
    #[serde(default)]
    pub environment: Vec<Variable>,
    #[serde(default)]
    pub collection: Vec<Variable>,
    /// The current iteration's data row (`pm.iterationData`).
    #[serde(default)]
    pub data: Vec<Variable>,
    /// `pm.variables.set`: lives for one request (its pre-request and test scripts).
    #[serde(default)]
    pub local: Vec<Variable>,
}

/// A cookie as Postman's scripts see it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cookie {
    pub name: String,
    pub value: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub path: String,
    /// As the server sent it (an HTTP date), if any.
    #[serde(default)]
    pub expires: Option<String>,
    #[serde(default)]
    pub http_only: bool,
    #[serde(default)]
    pub secure: bool,
    /// Sent to its own host only (the server gave no `Domain`).
    #[serde(default)]
    pub host_only: bool,
    /// Seconds, when the server gave `Max-Age`.
    #[serde(default)]
    pub max_age: Option<i64>,
}

/// A response, for `pm.response` and for `pm.sendRequest` replies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HttpResponse {
    pub code: u16,
    /// The reason phrase, e.g. `OK`.
    pub status: String,
    /// In the order received, names as received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub response_time_ms: f64,
    /// Body plus headers, as newman counts it.
    pub response_size: u64,
    pub cookies: Vec<Cookie>,
}

/// Everything one `Sandbox::start` needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecutionInput {
    pub event: Event,
    /// In Postman's order: collection, then folders, then the request.
    pub scripts: Vec<Script>,
    pub info: Info,
    /// The request as a Postman collection v2.1 request object.
    pub request: serde_json::Value,
    /// The response, for test scripts.
    #[serde(default)]
    pub response: Option<HttpResponse>,
    pub variables: Variables,
    #[serde(default)]
    pub cookies: Vec<Cookie>,
}

/// An error as JavaScript described it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsError {
    pub name: String,
    pub message: String,
    #[serde(default)]
    pub stack: String,
}

/// One `pm.test` or legacy `tests[...]` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assertion {
    pub name: String,
    /// 0-based, counted per script as postman-sandbox counts it.
    pub index: u32,
    pub passed: bool,
    pub skipped: bool,
    #[serde(default)]
    pub error: Option<JsError>,
    /// The [`Script::location`] of the script that ran the test.
    pub location: String,
    /// When it was reported (see [`ExecutionOutput`]): when the test finished.
    #[serde(default)]
    pub seq: u64,
}

/// The `console` method a line was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsoleLevel {
    Log,
    Info,
    Warn,
    Error,
    Debug,
    /// `console.clear()`: postman-sandbox sends it as a line like the others.
    Clear,
}

/// One `console.*` call. Unmasked: the caller masks its values as it formats them
/// ([`format_console`](crate::format_console)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsoleLine {
    pub level: ConsoleLevel,
    /// The arguments, as postman-sandbox hands them to newman's reporter.
    pub args: Vec<ConsoleValue>,
    /// When it was written (see [`ExecutionOutput`]).
    #[serde(default)]
    pub seq: u64,
    /// When it was written, in milliseconds on the sandbox's clock: newman's reporter starts a
    /// new box when half a second passed since the last line.
    #[serde(default)]
    pub at: f64,
}

/// A script that failed: threw, did not compile, ran out of time or memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScriptError {
    /// `SyntaxError`, `TypeError`, `ReferenceError`, `ScriptTimeout`, `OutOfMemory`, ...
    pub name: String,
    pub message: String,
    /// The [`Script::location`] of the failing script.
    pub location: String,
    /// 1-based line and column in the script's source, when known.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// When it was reported (see [`ExecutionOutput`]): when its script ended.
    #[serde(default)]
    pub seq: Option<u64>,
}

/// Everything the scripts of one event did.
///
/// Console lines, assertions, answers to `pm.sendRequest` and script errors carry a `seq`,
/// one clock for all of them: newman's cli reporter prints each as it happens, so sorting by
/// `seq` gives its order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecutionOutput {
    /// `pm.request` after the scripts: for a pre-request event, what must be sent.
    pub request: serde_json::Value,
    /// Every scope after the scripts.
    pub variables: Variables,
    pub assertions: Vec<Assertion>,
    pub console: Vec<ConsoleLine>,
    /// `setNextRequest("x")` is `Some(Some("x"))`, `setNextRequest(null)` is `Some(None)`.
    /// In JSON: absent, `null` and `"x"`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub next_request: Option<Option<String>>,
    /// `pm.execution.skipRequest()` was called (pre-request only).
    pub skip_request: bool,
    /// One entry per failure; each script of the event can fail (a throw ends that script,
    /// later scripts still run, as in newman), and a callback can fail after the script ended.
    pub errors: Vec<ScriptError>,
    /// The `seq` of each [`Step::Send`](crate::Step::Send) answer, in the order they were
    /// answered: when newman would print the request's line.
    #[serde(default)]
    pub answered: Vec<u64>,
}

/// A field that is present (even as `null`) is `Some`: serde alone reads `null` as `None`.
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// What a `pm.vault` call asks of the host.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VaultOp {
    /// `pm.vault.get(name)`: the value, or `undefined`.
    Get,
    /// `pm.vault.set(name, value)`.
    Set,
    /// `pm.vault.unset(name)`.
    Unset,
}

/// One `pm.vault` call. `Debug` never shows the value a script sets.
#[derive(Clone, PartialEq, Eq)]
pub struct VaultCall {
    pub op: VaultOp,
    pub name: String,
    /// The value of a `set` (a string: JavaScript's `String(value)`).
    pub value: Option<String>,
}

impl std::fmt::Debug for VaultCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VaultCall")
            .field("op", &self.op)
            .field("name", &self.name)
            .field("value", &self.value.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// What a `pm.cookies.jar()` call asks of the host (postman-sandbox's CookieJar methods).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CookieOp {
    /// `jar.get(url, name, cb)`: the value, or `null`.
    Get,
    /// `jar.getAll(url, cb)`: every cookie a request to `url` would carry.
    GetAll,
    /// `jar.set(url, name, value, cb)` or `jar.set(url, cookie, cb)`: the cookie stored.
    Set,
    /// `jar.unset(url, name, cb)`.
    Unset,
    /// `jar.clear(url, cb)`.
    Clear,
}

/// One `pm.cookies.jar()` call. Cookies are not vault values: the host masks what it prints.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CookieCall {
    pub op: CookieOp,
    /// The URL as the script wrote it.
    pub url: String,
    /// The cookie's name (get, unset), or the cookie to store (set: `name` and `value` at least).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub cookie: Option<Cookie>,
}
