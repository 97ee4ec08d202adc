//! locket-script: runs Postman pre-request and test scripts in an embedded JavaScript sandbox
//! (QuickJS through rquickjs), the way postman-sandbox runs them for newman.
//!
//! # Contract
//!
//! The engine does no I/O and owns no clock-driven loop: it is a synchronous state machine. The
//! caller (the runner) creates one [`Sandbox`] per run lane and, for each event of a request:
//!
//! 1. calls [`Sandbox::start`] with an [`ExecutionInput`]: the event's scripts in Postman's order
//!    (collection, folders, request), the request, the response (tests), every variable scope
//!    and the cookies;
//! 2. loops on the returned [`Step`]:
//!    - [`Step::Send`]: a script called `pm.sendRequest`. Send the Postman v2.1 request object
//!      (through the same destination rules as any request) and call [`Sandbox::reply`] with the
//!      response or an error message. Answer each `Send` before anything else.
//!    - [`Step::Vault`]: a script called `pm.vault.get/set/unset`. Decide (the sandbox knows no
//!      vault and grants nothing) and call [`Sandbox::answer_vault`] with the value or a refusal.
//!    - [`Step::Wait`]: only timers are pending. Sleep that long, then call [`Sandbox::resume`].
//!    - [`Step::Done`]: the [`ExecutionOutput`]: `pm.request` as it must be sent, every scope as
//!      the scripts left it, assertions, console lines (unmasked: the caller masks them, and
//!      lays them out with [`format_console`], as newman's cli reporter does),
//!      `setNextRequest`, `skipRequest`, and script errors with their location and line.
//!
//! Each script is one execution, as in postman-sandbox: its own `pm`, timers and tests; it ends
//! when its code, promises, timers, `pm.sendRequest` callbacks and async tests are all done.
//! A script that throws, times out ([`Limits::timeout`]) or runs out of memory ends with a
//! [`ScriptError`]; the next script and the next `start` on the same sandbox run normally.
//!
//! Scripts see `pm`, the legacy globals (`tests`, `responseBody`, `postman`, `_`, `CryptoJS`,
//! ...), `console`, timers, `atob`/`btoa`, `TextEncoder`/`TextDecoder`, `URL`/`URLSearchParams`,
//! `crypto` (`getRandomValues`, `randomUUID`, `subtle` digest and HMAC) and `require` for the
//! bundles in `js/vendor/`, loaded on first use from bytecode compiled by `build.rs`. They see no
//! file system, process environment or network but `pm.sendRequest`.
//!
//! Not supported yet: `pm.cookies.jar()`, `pm.require` (package libraries),
//! `pm.visualizer` output (accepted, ignored).
//!
//! A [`Sandbox`] is not `Send`: keep each on one thread (a plain thread per lane, fed by
//! channels, suits an async runner), whose stack must be larger than [`Limits::stack_bytes`].
//!
//! The JavaScript half lives in `js/*.js`; `src/sandbox.rs` is the host half.

mod inspect;
mod modules;
mod sandbox;
mod types;

pub use inspect::{ConsoleValue, InspectOptions, format_console, inspect};
pub use modules::vendor_modules;
pub use sandbox::{EngineError, Limits, Sandbox, Step};
pub use types::{
    Assertion, ConsoleLevel, ConsoleLine, Cookie, CookieCall, CookieOp, Event, ExecutionInput,
    ExecutionOutput, HttpResponse, Info, JsError, Script, ScriptError, Variable, Variables,
    VaultCall, VaultOp,
};
