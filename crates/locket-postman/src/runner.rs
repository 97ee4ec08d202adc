//! The run: which requests (the plan, computed once), how many iterations, how many at once,
//! and what happened to each request (an [`Execution`], already masked).
//!
//! Iterations run on one current-thread tokio runtime; `--parallel N` keeps N lanes in flight
//! (each iteration's requests stay in order), sharing one wire and its connection pool. Each
//! lane owns a script engine and its own copy of the variable scopes: scripts write them, and
//! later requests of that lane read what they wrote.
//!
//! Per request: pre-request scripts (collection, folders, request) → build → the wire → test
//! scripts (same order) → where to go next (`setNextRequest`). A request fails on a transport
//! error, a timeout, a refused destination or a request that cannot be built; an execution
//! fails when its request failed, a script threw, or an assertion failed. An HTTP 4xx/5xx is
//! not a failure. With `bail`, no request starts after the first failure.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use futures_util::future::LocalBoxFuture;
use std::rc::Rc;

use locket_core::redact::RedactionSet;
use locket_core::resolve::Revealed;
use locket_http::{CookieJar, Guard, Hint, Url, Wire};
use serde_json::Value;

use crate::dynamic::Dynamic;
use crate::model::{Auth, Collection, EventScript, Item, Profile, RequestDef, RequestItem};
use crate::request::{BuildOptions, Context, build, build_url};
use crate::script::{
    self, Call, Event, Info, Next, Outcome, ScopeSet, Script, ScriptEngine, ScriptVault,
    SendRequest,
};
use crate::variables::{Scope, Scopes};

/// How to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// `-n`; by default one per data row, or one.
    pub iterations: Option<usize>,
    /// `--folder`: names of folders (or requests) to run, in collection order.
    pub folders: Vec<String>,
    pub bail: bool,
    pub insecure: bool,
    /// `--allow-cleartext-proxy`: plain-http requests may carry secrets through any proxy.
    pub allow_cleartext_proxy: bool,
    pub timeout_request: Option<Duration>,
    pub delay_request: Duration,
    pub ignore_redirects: bool,
    /// Iterations in flight at once (at least 1).
    pub parallel: usize,
    /// Where relative file paths in bodies are found.
    pub working_dir: PathBuf,
    /// The most of a response body kept for test scripts (the rest is counted, not kept).
    pub body_limit: usize,
    /// Body files only from inside `working_dir` (`--no-insecure-file-read`).
    pub confine_files: bool,
    /// The whole run's limit (`--timeout`).
    pub run_timeout: Option<Duration>,
    /// A client certificate and extra CAs for every HTTPS request (`--ssl-*`).
    pub tls: locket_http::Tls,
}

impl RunOptions {
    /// The settings that shape every request built for the run.
    pub(crate) fn build_options(&self) -> BuildOptions<'_> {
        BuildOptions {
            working_dir: &self.working_dir,
            confine_files: self.confine_files,
            insecure: self.insecure,
            ignore_redirects: self.ignore_redirects,
            timeout: self.timeout_request,
        }
    }
}

/// One request of the plan: the item, where it is, and what it inherits.
pub struct Planned<'c> {
    pub item: &'c RequestItem,
    /// Folder names from the collection down, then the request's name.
    pub path: Vec<&'c str>,
    pub auth: Option<&'c Auth>,
    pub profile: Profile,
    /// Pre-request scripts in Postman's order: the collection's, each folder's, the request's.
    pub prerequest: Vec<Script>,
    /// Test scripts, in the same order.
    pub tests: Vec<Script>,
}

impl Planned<'_> {
    pub fn path_text(&self) -> String {
        self.path.join(" / ")
    }

    /// Scripts that run for this request: its own, its folders' and the collection's.
    pub fn scripts(&self) -> usize {
        self.prerequest.len() + self.tests.len()
    }
}

/// The scripts of one level of the tree, added to the inherited ones. A script's location is
/// the name of the collection, folder or request that holds it (`pm.execution.location.current`).
fn with_scripts(
    inherited: &(Vec<Script>, Vec<Script>),
    own: &[EventScript],
    location: &str,
) -> (Vec<Script>, Vec<Script>) {
    let mut out = inherited.clone();
    for e in own {
        let script = Script {
            source: e.source.clone(),
            location: location.to_string(),
        };
        match e.event {
            Event::PreRequest => out.0.push(script),
            Event::Test => out.1.push(script),
        }
    }
    out
}

/// The requests to run, in order. `folders` selects folders or requests by name (anywhere in
/// the tree); a name that matches nothing is an error naming it.
pub fn plan<'c>(
    collection: &'c Collection,
    folders: &[String],
) -> Result<Vec<Planned<'c>>, String> {
    struct Walk<'c, 'f> {
        out: Vec<Planned<'c>>,
        folders: &'f [String],
        found: Vec<bool>,
    }
    fn walk<'c>(
        w: &mut Walk<'c, '_>,
        items: &'c [Item],
        path: &mut Vec<&'c str>,
        auth: Option<&'c Auth>,
        profile: Profile,
        scripts: &(Vec<Script>, Vec<Script>),
        selected: bool,
    ) {
        for item in items {
            match item {
                Item::Request(r) => {
                    let hit = w.folders.iter().position(|f| *f == r.name);
                    if let Some(i) = hit {
                        w.found[i] = true;
                    }
                    if selected || hit.is_some() {
                        let mut p = path.clone();
                        p.push(&r.name);
                        let own_auth = r.request.auth.as_ref().filter(|a| a.kind != "inherit");
                        let (prerequest, tests) = with_scripts(scripts, &r.scripts, &r.name);
                        w.out.push(Planned {
                            item: r,
                            path: p,
                            auth: own_auth.or(auth).filter(|a| a.kind != "noauth"),
                            profile: r.profile.over(profile),
                            prerequest,
                            tests,
                        });
                    }
                }
                Item::Folder(f) => {
                    let hit = w.folders.iter().position(|n| *n == f.name);
                    if let Some(i) = hit {
                        w.found[i] = true;
                    }
                    path.push(&f.name);
                    let folder_auth = f.auth.as_ref().filter(|a| a.kind != "inherit");
                    walk(
                        w,
                        &f.items,
                        path,
                        folder_auth.or(auth),
                        f.profile.over(profile),
                        &with_scripts(scripts, &f.scripts, &f.name),
                        selected || hit.is_some(),
                    );
                    path.pop();
                }
            }
        }
    }
    let mut w = Walk {
        out: Vec::new(),
        folders,
        found: vec![false; folders.len()],
    };
    walk(
        &mut w,
        &collection.items,
        &mut Vec::new(),
        collection.auth.as_ref().filter(|a| a.kind != "inherit"),
        collection.profile,
        &with_scripts(&Default::default(), &collection.scripts, &collection.name),
        folders.is_empty(),
    );
    let missing: Vec<&str> = folders
        .iter()
        .zip(&w.found)
        .filter(|(_, found)| !**found)
        .map(|(f, _)| f.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no folder or request named {} in the collection",
            missing
                .iter()
                .map(|m| format!("{m:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(w.out)
}

/// A request as sent, masked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SentRequest {
    pub method: String,
    pub url: String,
    /// The URL as newman's cli reporter shows it (see `request::Built`), masked.
    #[serde(skip)]
    pub shown_url: String,
    pub headers: Vec<(String, String)>,
    pub body_size: usize,
}

/// A request a script sent (`pm.sendRequest`), masked: newman counts it as a request of the
/// run, shows it in the cli reporter, and makes a failed one a failure of the run.
#[derive(Clone, Debug)]
pub struct SideRequest {
    /// The script that sent it.
    pub event: Event,
    pub method: String,
    pub shown_url: String,
    /// The status code and reason, or why it failed.
    pub outcome: Result<(u16, String), String>,
    /// When the script got its answer (see [`script::Outcome`]): its line shows then.
    pub seq: u64,
}

/// The response, masked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ResponseInfo {
    pub code: u16,
    pub status: String,
    pub headers: Vec<(String, String)>,
    pub size: u64,
    pub time: Duration,
}

/// One assertion's result, masked.
#[derive(Clone, Debug)]
pub struct AssertionResult {
    /// The script that ran it.
    pub event: Event,
    /// When it finished (see [`script::Outcome`]).
    pub seq: u64,
    pub name: String,
    /// Its order of registration within its script (newman's `assertion:N`).
    pub index: usize,
    pub skipped: bool,
    /// Why it failed: the error's name and message.
    pub error: Option<(String, String)>,
}

/// A script that threw (or did not compile, or ran out of time or memory), masked.
#[derive(Clone, Debug)]
pub struct ScriptFailure {
    pub event: Event,
    /// When its script ended (see [`script::Outcome`]).
    pub seq: u64,
    pub name: String,
    pub message: String,
    /// Which script and line (`"Login", line 3`), when known.
    pub location: Option<String>,
}

impl ScriptFailure {
    /// `TypeError: x is not a function (at request "Login", line 3)`.
    pub fn detail(&self) -> String {
        match &self.location {
            Some(at) => format!("{}: {} (at {at})", self.name, self.message),
            None => format!("{}: {}", self.name, self.message),
        }
    }
}

/// A `console.*` line of a script, masked, its arguments laid out as newman's cli reporter
/// shows them (before it wraps the line).
#[derive(Clone, Debug)]
pub struct ConsoleLine {
    pub event: Event,
    pub level: String,
    pub text: String,
    /// When it was written (see [`script::Outcome`]).
    pub seq: u64,
    /// When it was written, in milliseconds on the engine's clock.
    pub at: f64,
}

/// What happened to one request in one iteration. Every text in it is masked.
#[derive(Clone, Debug, Default)]
pub struct Execution {
    pub iteration: usize,
    /// Index in the plan.
    pub position: usize,
    pub request: Option<SentRequest>,
    pub response: Option<ResponseInfo>,
    /// Why the request failed (not built, refused, transport, timeout).
    pub error: Option<String>,
    /// Scripts that were not run for this request (no engine).
    pub skipped_scripts: usize,
    /// Scripts that ran: (pre-request, test).
    pub scripts_run: (usize, usize),
    pub assertions: Vec<AssertionResult>,
    pub script_failures: Vec<ScriptFailure>,
    pub console: Vec<ConsoleLine>,
    /// A pre-request script called `pm.execution.skipRequest()`: nothing was sent.
    pub skipped: bool,
    /// Order within its lane (a `setNextRequest` may run a request twice in one iteration).
    pub sequence: usize,
    /// Where a test script said the run goes next (`setNextRequest("name")`), as it named
    /// it: newman's cli reporter shows that one (not a pre-request script's, not `null`).
    pub next_request: Option<String>,
    /// What its scripts sent with `pm.sendRequest`, in order.
    pub side_requests: Vec<SideRequest>,
}

impl Execution {
    /// The request itself failed.
    pub fn request_failed(&self) -> bool {
        self.error.is_some()
    }

    pub fn failed_assertions(&self) -> usize {
        self.assertions.iter().filter(|a| a.error.is_some()).count()
    }

    /// Anything failed: the request, a script, or an assertion (newman's exit 1).
    pub fn failed(&self) -> bool {
        self.error.is_some()
            || !self.script_failures.is_empty()
            || self.failed_assertions() > 0
            || self.failed_side_requests() > 0
    }

    /// `pm.sendRequest` calls that got no response.
    pub fn failed_side_requests(&self) -> usize {
        self.side_requests
            .iter()
            .filter(|r| r.outcome.is_err())
            .count()
    }

    /// What one event's scripts did: `sent`, what they sent with `pm.sendRequest`, in the
    /// order it was answered.
    fn record(
        &mut self,
        event: Event,
        outcome: &Outcome,
        sent: Vec<SideRequest>,
        mask: &RedactionSet,
    ) {
        // Each send was answered once, in order; one the engine did not stamp shows last.
        self.side_requests
            .extend(sent.into_iter().enumerate().map(|(i, r)| SideRequest {
                seq: outcome.answered.get(i).copied().unwrap_or(u64::MAX),
                ..r
            }));
        self.assertions.extend(outcome.assertions.iter().map(|a| {
            AssertionResult {
                event,
                seq: a.seq,
                name: mask.mask_str(&a.name),
                index: a.index,
                skipped: a.skipped,
                error: a
                    .error
                    .as_ref()
                    .map(|e| (mask.mask_str(&e.name), mask.mask_str(&e.message))),
            }
        }));
        self.console
            .extend(outcome.console.iter().map(|line| ConsoleLine {
                event,
                level: line.level.clone(),
                // Every value masked before it is quoted, escaped or split, then the whole.
                text: mask.mask_str(&locket_script::format_console(&line.args, &|s| {
                    mask.mask_str(s)
                })),
                seq: line.seq,
                at: line.at,
            }));
        for e in &outcome.errors {
            self.script_failures.push(ScriptFailure {
                event,
                seq: e.seq,
                name: mask.mask_str(&e.name),
                message: mask.mask_str(&e.message),
                location: e.location.as_deref().map(|l| mask.mask_str(l)),
            });
        }
    }
}

/// A request of the plan, as reports name it.
#[derive(Clone, Debug)]
pub struct ItemInfo {
    pub id: String,
    pub name: String,
    pub path: String,
}

/// The whole run.
pub struct Summary {
    pub collection_name: String,
    pub collection_id: String,
    pub environment_name: Option<String>,
    pub globals_name: Option<String>,
    pub items: Vec<ItemInfo>,
    pub iterations: usize,
    /// In iteration order, then plan order.
    pub executions: Vec<Execution>,
    pub started: SystemTime,
    pub duration: Duration,
    /// Whether `--bail` stopped the run early.
    pub bailed: bool,
    /// Whether the run's limit (`--timeout`) stopped it.
    pub timed_out: bool,
    /// The scopes as the scripts left them (of the lane that finished last), for exports.
    pub scopes: ScopeSet,
    /// The run's cookies as they are at its end (`--export-cookie-jar`).
    pub cookies: CookieJar,
}

/// min, max, mean, standard deviation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub min: Duration,
    pub max: Duration,
    pub mean: Duration,
    pub sd: Duration,
}

impl Summary {
    /// Requests that got no response: collection requests and `pm.sendRequest` calls.
    pub fn failed_requests(&self) -> usize {
        self.executions
            .iter()
            .map(|e| usize::from(e.request_failed()) + e.failed_side_requests())
            .sum()
    }

    /// Requests sent, as newman counts them: each item's (unless a script skipped it) and
    /// each `pm.sendRequest`.
    pub fn requests(&self) -> usize {
        self.executions
            .iter()
            .map(|e| usize::from(!e.skipped) + e.side_requests.len())
            .sum()
    }

    /// Test events run, as newman counts them: one for every request that got a response.
    pub fn test_events(&self) -> usize {
        self.executions
            .iter()
            .filter(|e| e.response.is_some())
            .count()
    }

    /// Executions where anything failed.
    pub fn failed_executions(&self) -> usize {
        self.executions.iter().filter(|e| e.failed()).count()
    }

    pub fn assertions(&self) -> (usize, usize) {
        let total = self.executions.iter().map(|e| e.assertions.len()).sum();
        let failed = self.executions.iter().map(|e| e.failed_assertions()).sum();
        (total, failed)
    }

    /// Scripts run and scripts that failed, for one event.
    pub fn scripts(&self, event: Event) -> (usize, usize) {
        let run = self
            .executions
            .iter()
            .map(|e| match event {
                Event::PreRequest => e.scripts_run.0,
                Event::Test => e.scripts_run.1,
            })
            .sum();
        let failed = self
            .executions
            .iter()
            .flat_map(|e| &e.script_failures)
            .filter(|f| f.event == event)
            .count();
        (run, failed)
    }

    /// Iterations where a request failed (as newman counts them: failed assertions and
    /// script errors do not fail an iteration).
    pub fn failed_iterations(&self) -> usize {
        let mut failed: Vec<usize> = self
            .executions
            .iter()
            .filter(|e| e.request_failed())
            .map(|e| e.iteration)
            .collect();
        failed.dedup();
        failed.len()
    }

    /// Iterations that started (fewer than asked when `--bail` stopped the run).
    pub fn iterations_run(&self) -> usize {
        self.executions
            .iter()
            .map(|e| e.iteration + 1)
            .max()
            .unwrap_or(0)
    }

    pub fn skipped_scripts(&self) -> usize {
        self.executions.iter().map(|e| e.skipped_scripts).sum()
    }

    pub fn received(&self) -> u64 {
        self.executions
            .iter()
            .filter_map(|e| e.response.as_ref())
            .map(|r| r.size)
            .sum()
    }

    pub fn response_times(&self) -> Stats {
        let times: Vec<f64> = self
            .executions
            .iter()
            .filter_map(|e| e.response.as_ref())
            .map(|r| r.time.as_secs_f64())
            .collect();
        if times.is_empty() {
            return Stats::default();
        }
        let n = times.len() as f64;
        let mean = times.iter().sum::<f64>() / n;
        let var = times.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / n;
        let secs = Duration::from_secs_f64;
        Stats {
            min: secs(times.iter().copied().fold(f64::INFINITY, f64::min)),
            max: secs(times.iter().copied().fold(0.0, f64::max)),
            mean: secs(mean),
            sd: secs(var.sqrt()),
        }
    }
}

/// Everything a run reads, parsed once.
pub struct Inputs {
    pub collection: Collection,
    /// Values of `secret`-typed variables (collection, environment, globals): masked too.
    pub secret_values: Vec<String>,
    pub environment_name: Option<String>,
    pub environment: Scope,
    pub globals_name: Option<String>,
    pub globals: Scope,
    pub data: Vec<Scope>,
}

/// What the lanes share: all borrowed, all on one thread.
struct Shared<'a, 'p> {
    inputs: &'a Inputs,
    plan: &'a [Planned<'p>],
    options: &'a RunOptions,
    /// Every secret value known to the run (resolved, then read or written by scripts): what
    /// is masked and what the guard looks for.
    known: &'a Revealed<'a>,
    guard: Guard<'a>,
    vault: &'a dyn ScriptVault,
    iterations: usize,
    wire: Wire,
    build_options: BuildOptions<'a>,
    next_iteration: Cell<usize>,
    stop: Cell<bool>,
    first_request: Cell<bool>,
    results: RefCell<Vec<Execution>>,
    last_scopes: RefCell<Option<ScopeSet>>,
    /// Makes a lane's script engine, on the lane's first script (a run without scripts never
    /// pays for one).
    engine: RefCell<&'a mut dyn FnMut() -> Result<Box<dyn ScriptEngine>, String>>,
    on_done: RefCell<&'a mut dyn FnMut(&Execution)>,
}

impl Shared<'_, '_> {
    /// The mask as it stands: values scripts revealed so far included.
    fn mask(&self) -> Rc<RedactionSet> {
        self.known.mask()
    }
}

/// Runs `plan`, with one engine per lane from `engine`; scripts' `pm.vault` calls go to
/// `vault`. `known` starts with the run's resolution; what scripts reveal joins it. `on_done`
/// sees each execution as it finishes (for a progress bar).
#[allow(clippy::too_many_arguments)]
pub fn run(
    inputs: &Inputs,
    plan: &[Planned<'_>],
    options: &RunOptions,
    known: &Revealed<'_>,
    vault: &dyn ScriptVault,
    cookies: CookieJar,
    engine: &mut dyn FnMut() -> Result<Box<dyn ScriptEngine>, String>,
    on_done: &mut dyn FnMut(&Execution),
) -> Result<Summary, String> {
    let iterations = options
        .iterations
        .unwrap_or_else(|| inputs.data.len().max(1));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let shared = Shared {
        inputs,
        plan,
        options,
        known,
        guard: Guard::new(known),
        vault,
        iterations,
        // Cookies are kept across the whole run, every lane and pm.sendRequest, as newman does.
        wire: Wire::new()
            .allowing_cleartext_proxy(options.allow_cleartext_proxy)
            .with_tls(options.tls.clone())
            .with_cookies(cookies),
        build_options: options.build_options(),
        next_iteration: Cell::new(0),
        stop: Cell::new(false),
        first_request: Cell::new(true),
        results: RefCell::new(Vec::with_capacity(
            iterations.saturating_mul(plan.len()).min(1 << 20),
        )),
        last_scopes: RefCell::new(None),
        engine: RefCell::new(engine),
        on_done: RefCell::new(on_done),
    };
    let lanes = options.parallel.clamp(1, iterations.max(1));
    let started = SystemTime::now();
    let clock = std::time::Instant::now();
    let timed_out = runtime.block_on(async {
        let all: Vec<_> = (0..lanes).map(|_| lane(&shared)).collect();
        let all = futures_util::future::join_all(all);
        match options.run_timeout {
            Some(limit) => tokio::time::timeout(limit, all).await.is_err(),
            None => {
                all.await;
                false
            }
        }
    });

    let bailed = shared.stop.get();
    let scopes = shared
        .last_scopes
        .into_inner()
        .unwrap_or_else(|| initial_scopes(inputs));
    let mut executions = shared.results.into_inner();
    let cookies = shared.wire.into_cookies().unwrap_or_default();
    executions.sort_by_key(|e| (e.iteration, e.sequence));
    Ok(Summary {
        collection_name: inputs.collection.name.clone(),
        collection_id: inputs.collection.id.clone(),
        environment_name: inputs.environment_name.clone(),
        globals_name: inputs.globals_name.clone(),
        items: plan
            .iter()
            .map(|p| ItemInfo {
                id: p.item.id.clone(),
                name: p.item.name.clone(),
                path: p.path_text(),
            })
            .collect(),
        iterations,
        executions,
        started,
        duration: clock.elapsed(),
        bailed,
        timed_out,
        scopes,
        cookies,
    })
}

fn initial_scopes(inputs: &Inputs) -> ScopeSet {
    ScopeSet {
        globals: inputs.globals.clone(),
        environment: inputs.environment.clone(),
        collection: Scope::new(&inputs.collection.variables),
        data: Scope::default(),
        local: Scope::default(),
    }
}

/// One lane: takes the next iteration until none is left (or `--bail` stopped the run).
async fn lane(s: &Shared<'_, '_>) {
    let mut engine: Option<Box<dyn ScriptEngine>> = None;
    let mut dynamic = Dynamic::new();
    let mut scopes = initial_scopes(s.inputs);
    let mut sequence = 0;
    'iterations: loop {
        let iteration = s.next_iteration.get();
        if iteration >= s.iterations || s.stop.get() {
            break;
        }
        s.next_iteration.set(iteration + 1);
        scopes.data = s
            .inputs
            .data
            .get(iteration)
            .or(s.inputs.data.last())
            .cloned()
            .unwrap_or_default();
        let mut position = 0;
        while position < s.plan.len() {
            if s.stop.get() {
                break 'iterations;
            }
            if !s.first_request.replace(false) && !s.options.delay_request.is_zero() {
                tokio::time::sleep(s.options.delay_request).await;
            }
            let (mut execution, next) = execute(
                s,
                &mut engine,
                &mut scopes,
                &mut dynamic,
                iteration,
                position,
            )
            .await;
            execution.sequence = sequence;
            sequence += 1;
            if execution.failed() && s.options.bail {
                s.stop.set(true);
            }
            (s.on_done.borrow_mut())(&execution);
            s.results.borrow_mut().push(execution);
            position = match next {
                None => position + 1,
                Some(Next::Stop) => break,
                // Postman looks the name up among the run's requests (by name, then id);
                // a name that matches none ends the run, as in newman.
                Some(Next::Named(name)) => match s
                    .plan
                    .iter()
                    .position(|p| p.item.name == name)
                    .or_else(|| s.plan.iter().position(|p| p.item.id == name))
                {
                    Some(found) => found,
                    None => break 'iterations,
                },
            };
        }
    }
    *s.last_scopes.borrow_mut() = Some(scopes);
}

/// The request as scripts see it: the collection's request object (a bare URL becomes one).
fn request_json(item: &RequestItem) -> Value {
    match &item.raw {
        Value::String(url) => serde_json::json!({ "url": url, "method": "GET" }),
        other => other.clone(),
    }
}

/// What `pm.info` says about this request.
fn info(s: &Shared<'_, '_>, planned: &Planned<'_>, iteration: usize) -> Info {
    Info {
        iteration,
        iteration_count: s.iterations,
        request_name: planned.item.name.clone(),
        request_id: planned.item.id.clone(),
        // pm.execution.location: the collection's name, then folders, then the request.
        location: std::iter::once(s.inputs.collection.name.clone())
            .chain(planned.path.iter().map(|p| p.to_string()))
            .collect(),
    }
}

/// Runs one request: its pre-request scripts, the request, its test scripts. Every text kept
/// is masked. Returns where the run goes next, when a script said.
async fn execute(
    s: &Shared<'_, '_>,
    engine: &mut Option<Box<dyn ScriptEngine>>,
    scopes: &mut ScopeSet,
    dynamic: &mut Dynamic,
    iteration: usize,
    position: usize,
) -> (Execution, Option<Next>) {
    let planned = &s.plan[position];
    let mut execution = Execution {
        iteration,
        position,
        ..Execution::default()
    };
    if planned.scripts() > 0 && engine.is_none() {
        match (s.engine.borrow_mut())() {
            Ok(made) => *engine = Some(made),
            Err(e) => {
                execution.error = Some(format!("cannot start the script engine: {e}"));
                return (execution, None);
            }
        }
    }
    let engine: &mut dyn ScriptEngine = match engine {
        Some(e) => &mut **e,
        None => &mut script::NoScripts,
    };
    let runs_scripts = engine.runs_scripts();
    if !runs_scripts {
        execution.skipped_scripts = planned.scripts();
    }
    let sender = WireSender {
        s,
        event: std::cell::Cell::new(Event::PreRequest),
        sent: RefCell::new(Vec::new()),
    };
    let mut next = None;
    let mut request = request_json(planned.item);
    let mut changed: Option<RequestDef> = None;

    if runs_scripts && !planned.prerequest.is_empty() {
        let url = destination_before_scripts(s, planned, scopes, dynamic);
        let outcome = engine
            .run(Call {
                event: Event::PreRequest,
                scripts: &planned.prerequest,
                info: info(s, planned, iteration),
                request: request.clone(),
                response: None,
                scopes,
                http: &sender,
                vault: s.vault,
                url: url.as_ref(),
            })
            .await;
        execution.scripts_run.0 = planned.prerequest.len();
        execution.record(Event::PreRequest, &outcome, sender.take_sent(), &s.mask());
        next = outcome.next.clone();
        if let Some(new) = outcome.request {
            changed = Some(RequestDef::from_json(&new));
            request = new;
        }
        if outcome.skip_request {
            execution.skipped = true;
            return (execution, next);
        }
    }

    let def = changed.as_ref().unwrap_or(&planned.item.request);
    // A script may set auth on the request; otherwise the inherited one applies.
    let auth = match &changed {
        Some(d) if d.auth.is_some() => d
            .auth
            .as_ref()
            .filter(|a| a.kind != "noauth" && a.kind != "inherit"),
        _ => planned.auth,
    };
    let spec = {
        let mut ctx = Context {
            scopes: precedence(scopes),
            dynamic: &mut *dynamic,
            known: s.known,
            used: Default::default(),
            preview: false,
        };
        build(def, auth, planned.profile, &mut ctx, &s.build_options)
    };
    let mask = s.mask();
    let (spec, shown_url) = match spec {
        Ok(built) => (built.spec, built.shown_url),
        Err(e) => {
            execution.error = Some(mask.mask_str(&e.to_string()));
            return (execution, next);
        }
    };
    execution.request = Some(SentRequest {
        method: spec.method.to_string(),
        url: mask.mask_str(spec.url.as_str()),
        shown_url: mask.mask_str(&shown_url),
        headers: masked_headers(&spec.headers, &mask),
        body_size: spec.body.as_ref().map_or(0, Vec::len),
    });
    let sent_to = spec.url.clone();
    let wants_body = runs_scripts && !planned.tests.is_empty();
    let limit = if wants_body { s.options.body_limit } else { 0 };
    let response = match exchange(s, spec, limit).await {
        Ok(response) => response,
        Err(e) => {
            execution.error = Some(e);
            return (execution, next);
        }
    };
    execution.response = Some(ResponseInfo {
        code: response.code,
        status: response.status.clone(),
        headers: response
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), mask.mask_str(v)))
            .collect(),
        size: response.size,
        time: response.time,
    });

    if wants_body {
        sender.event.set(Event::Test);
        let outcome = engine
            .run(Call {
                event: Event::Test,
                scripts: &planned.tests,
                info: info(s, planned, iteration),
                request,
                response: Some(&response),
                scopes,
                http: &sender,
                vault: s.vault,
                url: Some(&sent_to),
            })
            .await;
        execution.scripts_run.1 = planned.tests.len();
        execution.record(Event::Test, &outcome, sender.take_sent(), &s.mask());
        if let Some(Next::Named(name)) = &outcome.next {
            execution.next_request = Some(s.mask().mask_str(name));
        }
        if outcome.next.is_some() {
            next = outcome.next;
        }
    }
    (execution, next)
}

/// The scopes a request's templates read, in Postman's precedence: local, data, environment,
/// collection, globals.
fn precedence(scopes: &ScopeSet) -> Scopes<'_> {
    Scopes {
        layers: vec![
            &scopes.local,
            &scopes.data,
            &scopes.environment,
            &scopes.collection,
            &scopes.globals,
        ],
    }
}

/// The URL a request's pre-request scripts run for (their `pm.vault.get` is checked against
/// it): the request's URL with the variables as they stand before the scripts. `None` when it
/// cannot be built yet (a script may be what completes it).
fn destination_before_scripts(
    s: &Shared<'_, '_>,
    planned: &Planned<'_>,
    scopes: &ScopeSet,
    dynamic: &mut Dynamic,
) -> Option<Url> {
    let mut ctx = Context {
        scopes: precedence(scopes),
        dynamic,
        known: s.known,
        used: Default::default(),
        preview: false,
    };
    build_url(&planned.item.request.url, &mut ctx).ok()
}

/// One exchange through the wire, its body collected (up to `limit` bytes kept). The error is
/// masked, with the run's flag when raising it could help.
async fn exchange(
    s: &Shared<'_, '_>,
    spec: locket_http::RequestSpec,
    limit: usize,
) -> Result<script::Response, String> {
    let answer = async {
        let exchange = s.wire.exchange(spec, &s.guard, &mut |_| {}).await?;
        let started = exchange.started;
        let head = exchange.head.clone();
        let (body, size) = exchange.collect(limit).await?;
        Ok::<_, locket_http::Error>((head, body, size, started.elapsed()))
    };
    match answer.await {
        Ok((head, body, size, time)) => Ok(script::Response {
            code: head.status.as_u16(),
            status: head.reason().to_string(),
            headers: head
                .headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            cookies: s
                .wire
                .cookies()
                .map(|jar| jar.cookies_for(&head.url))
                .unwrap_or_default(),
            body,
            time,
            size,
        }),
        Err(e) => {
            let hint = match e.hint() {
                Some(Hint::Timeout) => " (--timeout-request)",
                _ => "",
            };
            Err(s.mask().mask_str(&format!("{e}{hint}")))
        }
    }
}

/// `pm.sendRequest`: the script's request, built without the run's variables (as Postman
/// does), sent through the same wire and guard as every collection request.
struct WireSender<'s, 'a, 'p> {
    s: &'s Shared<'a, 'p>,
    /// The script running now, and what its `pm.sendRequest` calls sent.
    event: std::cell::Cell<Event>,
    sent: RefCell<Vec<SideRequest>>,
}

impl WireSender<'_, '_, '_> {
    /// What the scripts sent since the last call.
    fn take_sent(&self) -> Vec<SideRequest> {
        std::mem::take(&mut *self.sent.borrow_mut())
    }
}

impl SendRequest for WireSender<'_, '_, '_> {
    fn cookies(&self) -> Option<&CookieJar> {
        self.s.wire.cookies()
    }

    fn send<'x>(&'x self, request: Value) -> LocalBoxFuture<'x, Result<script::Response, String>> {
        Box::pin(async move {
            let def = RequestDef::from_json(&request);
            let empty = Scope::default();
            let mut dynamic = Dynamic::new();
            let mut ctx = Context {
                scopes: Scopes {
                    layers: vec![&empty],
                },
                dynamic: &mut dynamic,
                known: self.s.known,
                used: Default::default(),
                preview: false,
            };
            let built = match build(
                &def,
                def.auth.as_ref().filter(|a| a.kind != "noauth"),
                Profile::default(),
                &mut ctx,
                &self.s.build_options,
            ) {
                Ok(built) => built,
                Err(e) => {
                    // A request that cannot be sent fails like one that got no response, as
                    // newman reports it (and each send keeps its place among the answers).
                    let mask = self.s.mask();
                    let message = mask.mask_str(&e.to_string());
                    self.sent.borrow_mut().push(SideRequest {
                        event: self.event.get(),
                        method: def.method.to_ascii_uppercase(),
                        shown_url: mask.mask_str(&def.url.raw),
                        outcome: Err(message.clone()),
                        seq: 0,
                    });
                    return Err(message);
                }
            };
            let method = built.spec.method.to_string();
            let answer = exchange(self.s, built.spec, self.s.options.body_limit).await;
            // Masked after the exchange: a script may have revealed more values meanwhile.
            let mask = self.s.mask();
            self.sent.borrow_mut().push(SideRequest {
                event: self.event.get(),
                method,
                shown_url: mask.mask_str(&built.shown_url),
                outcome: match &answer {
                    Ok(r) => Ok((r.code, r.status.clone())),
                    Err(e) => Err(mask.mask_str(e)),
                },
                // Set by `Execution::record`, which knows when the script got the answer.
                seq: 0,
            });
            answer
        })
    }
}

fn masked_headers(
    headers: &locket_http::header::HeaderMap,
    mask: &RedactionSet,
) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                mask.mask_str(&String::from_utf8_lossy(v.as_bytes())),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection() -> Collection {
        Collection::from_json(
            br#"{"info":{"name":"c"},"auth":{"type":"bearer","bearer":[{"key":"token","value":"t"}]},
            "event":[{"listen":"test","script":{"exec":["x"]}}],
            "item":[
              {"name":"top","request":"http://a/"},
              {"name":"F","auth":{"type":"noauth"},"item":[
                 {"name":"in-f","request":"http://a/f"},
                 {"name":"G","auth":{"type":"inherit"},"item":[{"name":"in-g","request":{"url":"http://a/g","auth":{"type":"basic","basic":[]}}}]}
              ]},
              {"name":"H","item":[{"name":"in-h","request":"http://a/h"}]}
            ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn plan_inherits_auth_and_counts_scripts() {
        let c = collection();
        let p = plan(&c, &[]).unwrap();
        let names: Vec<String> = p.iter().map(|p| p.path_text()).collect();
        assert_eq!(names, ["top", "F / in-f", "F / G / in-g", "H / in-h"]);
        assert_eq!(p[0].auth.unwrap().kind, "bearer");
        assert!(p[1].auth.is_none(), "noauth on the folder");
        assert_eq!(p[2].auth.unwrap().kind, "basic");
        assert_eq!(p[3].auth.unwrap().kind, "bearer");
        assert!(p.iter().all(|p| p.scripts() == 1));
        assert_eq!(p[0].tests[0].location, "c", "the collection's name");
    }

    #[test]
    fn folders_select_in_collection_order() {
        let c = collection();
        let p = plan(&c, &["H".into(), "G".into()]).unwrap();
        let names: Vec<String> = p.iter().map(|p| p.path_text()).collect();
        assert_eq!(names, ["F / G / in-g", "H / in-h"]);
        let err = plan(&c, &["nope".into()]).err().unwrap();
        assert!(err.contains("\"nope\""), "{err}");
    }
}
