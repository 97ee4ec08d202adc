//! locket-postman: running Postman collections (`locket run`) — the collection model, Postman's
//! variables, the request builder, auth, the runner, the seam where a script engine plugs in,
//! and newman-shaped reports. Every request leaves through locket-http's one wire.
//!
//! - [`model`]: collection v2.0/v2.1, environment and globals files, read once per run;
//! - [`v1`]: the collection format v1, converted to v2.1 as newman converts it, read by [`model`];
//! - [`v3`]: Postman v12's YAML collections (a directory) and environments, read into [`model`];
//! - [`data`]: iteration data files (CSV, JSON);
//! - [`variables`] and [`dynamic`]: scopes, precedence, `{{…}}` substitution, `{{$guid}}` & co;
//! - [`references`]: every text that may hold a `{{vault:NAME}}`, to resolve them all at once;
//! - [`request`] and [`auth`]: from templates to the request sent, with the destination rule;
//! - [`runner`]: iterations (in parallel with `--parallel`), every request through the wire;
//! - [`script`]: the seam for a script engine (pre-request and test hooks, `pm.sendRequest`
//!   through the wire, `pm.vault` through [`script::ScriptVault`], denied by
//!   [`script::NoVault`]); with [`script::NoScripts`] the runner counts scripts as skipped;
//! - [`report`]: newman's JSON and JUnit reports.

pub mod auth;
pub mod data;
pub mod destinations;
pub mod dynamic;
pub mod js;
pub mod model;
pub mod references;
pub mod report;
pub mod request;
pub mod runner;
pub mod scan;
pub mod script;
pub mod v1;
pub mod v3;
pub mod variables;
