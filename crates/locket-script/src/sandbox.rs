//! The QuickJS runtime and the state machine that drives the JavaScript engine (`js/engine.js`).
//!
//! The JavaScript side keeps the executions, timers and pending `pm.sendRequest` calls; this
//! side owns the clock, the limits, and the loop that runs promise jobs and asks the engine what
//! happens next. Every call into JavaScript can run user code, so every call goes through
//! [`Sandbox::call`], which turns an interrupt or an out-of-memory into an abort of the current
//! script rather than of the sandbox.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::context::EvalOptions;
use rquickjs::{Context, Ctx, Function, Object, Persistent, Runtime, Value};
use serde::Deserialize;

use crate::modules::{OWN_BYTECODE, run_bytecode, vendor_bytecode};
use crate::types::{CookieCall, ExecutionInput, ExecutionOutput, HttpResponse, VaultCall, VaultOp};

/// Resource limits for every script of a sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// QuickJS heap limit, libraries included (they take ~10–30 MB once loaded).
    pub memory_bytes: usize,
    /// JavaScript stack limit. The calling thread's stack must be larger.
    pub stack_bytes: usize,
    /// newman's `--timeout-script`: wall time for one script, its timers and callbacks included.
    pub timeout: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 256 << 20,
            stack_bytes: 1 << 20,
            timeout: None,
        }
    }
}

/// The sandbox could not be set up (not a script failure: those are in the output).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the JavaScript engine could not start: {0}; check Limits::memory_bytes")]
    Start(String),
    #[error("the script engine's own code {file} failed to load: {message}; this is a locket bug")]
    Setup { file: &'static str, message: String },
}

/// What the caller does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// `pm.sendRequest`: send this Postman v2.1 request object and answer with [`Sandbox::reply`].
    Send { id: u64, request: serde_json::Value },
    /// `pm.vault.get/set/unset`: answer with [`Sandbox::answer_vault`] (the value of a `get`,
    /// or why the call is refused: the script's promise rejects with that message).
    Vault { id: u64, call: VaultCall },
    /// `pm.cookies.jar()`'s get/getAll/set/unset/clear: answer with [`Sandbox::answer_cookies`]
    /// (the call's result as JSON, or why it failed: the script's callback gets that error).
    Cookies { id: u64, call: CookieCall },
    /// Only timers are pending: sleep this long, then call [`Sandbox::resume`].
    Wait(Duration),
    /// The event's scripts have all finished.
    Done(Box<ExecutionOutput>),
}

/// One QuickJS runtime and context, reused for every execution of a run lane. Not `Send`.
pub struct Sandbox {
    // Field order matters: the engine handle must drop before the context and runtime.
    engine: Persistent<Object<'static>>,
    context: Context,
    runtime: Runtime,
    limits: Limits,
    timing: Timing,
    interrupted: Rc<Cell<bool>>,
    /// The running event's input: what the output falls back to if the engine itself fails.
    input: Option<ExecutionInput>,
}

/// How many engine failures in a row end an event (an engine bug, not a script's).
const ENGINE_FAILURES: u32 = 3;

/// The sandbox's clock and the running script's deadline, shared with the interrupt handler and
/// the engine (`host.arm`).
#[derive(Clone)]
struct Timing {
    clock: Instant,
    /// When the running script must stop; `None` when no script runs or there is no timeout.
    deadline: Rc<Cell<Option<Instant>>>,
    timeout: Rc<Cell<Option<Duration>>>,
}

impl Timing {
    fn now_ms(&self) -> f64 {
        self.clock.elapsed().as_secs_f64() * 1000.0
    }

    fn expired(&self) -> bool {
        self.deadline.get().is_some_and(|d| Instant::now() >= d)
    }
}

/// What `engine.step()` answers, as JSON.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum EngineStep {
    Again,
    Send {
        id: u64,
        request: serde_json::Value,
    },
    Vault {
        id: u64,
        op: VaultOp,
        name: String,
        value: Option<String>,
    },
    Cookies {
        id: u64,
        #[serde(flatten)]
        call: CookieCall,
    },
    Wait {
        ms: f64,
    },
    Done {
        output: Box<ExecutionOutput>,
    },
}

/// An exception as the host caught it.
struct Thrown {
    name: String,
    message: String,
    stack: String,
}

/// Why a call into JavaScript did not return normally.
enum Failure {
    /// The script ran past `Limits::timeout`; the stack says where, when it was interrupted.
    Timeout(String),
    OutOfMemory,
    /// An exception escaped to the host: what JavaScript said about it.
    Internal(Thrown),
}

impl Sandbox {
    /// Starts QuickJS and loads the engine (not the libraries: those load on first `require`).
    pub fn new(limits: Limits) -> Result<Sandbox, EngineError> {
        let runtime = Runtime::new().map_err(|e| EngineError::Start(e.to_string()))?;
        runtime.set_memory_limit(limits.memory_bytes);
        runtime.set_max_stack_size(limits.stack_bytes);
        let timing = Timing {
            clock: Instant::now(),
            deadline: Rc::new(Cell::new(None)),
            timeout: Rc::new(Cell::new(limits.timeout)),
        };
        let interrupted = Rc::new(Cell::new(false));
        {
            let (timing, interrupted) = (timing.clone(), interrupted.clone());
            runtime.set_interrupt_handler(Some(Box::new(move || {
                let expired = timing.expired();
                if expired {
                    interrupted.set(true);
                }
                expired
            })));
        }
        let context = Context::full(&runtime).map_err(|e| EngineError::Start(e.to_string()))?;
        let engine = context.with(|ctx| load_engine(&ctx, &timing))?;
        track_rejections(&runtime, &context, &engine)?;
        Ok(Sandbox {
            engine,
            context,
            runtime,
            limits,
            timing,
            interrupted,
            input: None,
        })
    }

    /// Bytes the JavaScript heap holds now (libraries loaded so far included), for reports.
    pub fn heap_bytes(&self) -> usize {
        usize::try_from(self.runtime.memory_usage().malloc_size).unwrap_or(0)
    }

    /// Changes [`Limits::timeout`] for the scripts started from now on.
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.limits.timeout = timeout;
        self.timing.timeout.set(timeout);
    }

    /// Runs the scripts of one event, in order, until they finish or need the caller.
    pub fn start(&mut self, input: ExecutionInput) -> Step {
        let json = input_json(&input);
        self.input = Some(input);
        let outcome = self.call("begin", |f| f.call::<_, ()>((json,)));
        self.settle(outcome);
        self.drive()
    }

    /// Answers the [`Step::Send`] with this `id`: the response, or why it could not be sent.
    pub fn reply(&mut self, id: u64, result: Result<HttpResponse, String>) -> Step {
        let json = match &result {
            Ok(response) => serde_json::json!({ "response": response_json(response) }),
            Err(message) => serde_json::json!({ "error": message }),
        }
        .to_string();
        let outcome = self.call("reply", |f| f.call::<_, ()>((id as f64, json)));
        self.settle(outcome);
        self.drive()
    }

    /// Answers the [`Step::Vault`] with this `id`: the value a `get` found (`None`: the
    /// script gets `undefined`; `set` and `unset` answer `None`), or why the call is refused.
    pub fn answer_vault(&mut self, id: u64, result: Result<Option<String>, String>) -> Step {
        self.answer(id, result.map(serde_json::Value::from))
    }

    /// Answers the [`Step::Cookies`] with this `id`: what the call gives its callback (a value,
    /// a cookie, a list of cookies or `null`), or the error it gets.
    pub fn answer_cookies(&mut self, id: u64, result: Result<serde_json::Value, String>) -> Step {
        self.answer(id, result)
    }

    /// A host call's answer, as the engine's `reply` reads it: `{value}` or `{error}`.
    fn answer(&mut self, id: u64, result: Result<serde_json::Value, String>) -> Step {
        let json = match &result {
            Ok(value) => serde_json::json!({ "value": value }),
            Err(message) => serde_json::json!({ "error": message }),
        }
        .to_string();
        let outcome = self.call("reply", |f| f.call::<_, ()>((id as f64, json)));
        self.settle(outcome);
        self.drive()
    }

    /// Continues after a [`Step::Wait`].
    pub fn resume(&mut self) -> Step {
        self.drive()
    }

    /// The loop: run promise jobs, then ask the engine for its next move.
    fn drive(&mut self) -> Step {
        let mut failures = 0;
        loop {
            if failures >= ENGINE_FAILURES {
                return Step::Done(Box::new(self.engine_failed()));
            }
            let jobs = self.run_jobs();
            if !self.settle(jobs) {
                failures += 1;
            }
            if self.timing.expired() && !self.settle(Err(Failure::Timeout(String::new()))) {
                failures += 1;
            }
            let now = self.timing.now_ms();
            let answer = match self.call("step", |f| f.call::<_, String>((now,))) {
                Ok(answer) => answer,
                Err(failure) => {
                    // A script's timeout or out-of-memory in a timer is the script's failure;
                    // an exception from the engine's own code is the engine's.
                    let internal = matches!(failure, Failure::Internal(_));
                    if !self.settle(Err(failure)) || internal {
                        failures += 1;
                    }
                    continue;
                }
            };
            match serde_json::from_str::<EngineStep>(&answer) {
                Ok(EngineStep::Again) => failures = 0,
                Ok(EngineStep::Send { id, request }) => return Step::Send { id, request },
                Ok(EngineStep::Vault {
                    id,
                    op,
                    name,
                    value,
                }) => {
                    return Step::Vault {
                        id,
                        call: VaultCall { op, name, value },
                    };
                }
                Ok(EngineStep::Cookies { id, call }) => return Step::Cookies { id, call },
                Ok(EngineStep::Wait { ms }) => {
                    let mut wait = Duration::from_secs_f64(ms.max(0.0) / 1000.0);
                    if let Some(deadline) = self.timing.deadline.get() {
                        wait = wait.min(deadline.saturating_duration_since(Instant::now()));
                    }
                    return Step::Wait(wait);
                }
                Ok(EngineStep::Done { output }) => {
                    self.timing.deadline.set(None);
                    self.input = None;
                    return Step::Done(output);
                }
                Err(e) => {
                    failures += 1;
                    let message = format!("the engine answered {e}");
                    self.settle(Err(Failure::Internal(Thrown {
                        name: "InternalError".into(),
                        message,
                        stack: String::new(),
                    })));
                }
            }
        }
    }

    /// The output when the engine cannot finish: variables and request as they came in.
    fn engine_failed(&mut self) -> ExecutionOutput {
        self.timing.deadline.set(None);
        let input = self.input.take();
        let location = input
            .as_ref()
            .and_then(|i| i.scripts.first())
            .map(|s| s.location.clone())
            .unwrap_or_default();
        let (request, variables) = input.map(|i| (i.request, i.variables)).unwrap_or_default();
        ExecutionOutput {
            request,
            variables,
            assertions: Vec::new(),
            console: Vec::new(),
            next_request: None,
            skip_request: false,
            errors: vec![crate::types::ScriptError {
                name: "InternalError".into(),
                message:
                    "the script engine failed repeatedly; this event's script results are lost. \
                          This is a locket bug: please report it with the script"
                        .into(),
                location,
                line: None,
                column: None,
                seq: None,
            }],
            answered: Vec::new(),
        }
    }

    /// Runs pending promise jobs until none is left.
    fn run_jobs(&mut self) -> Result<(), Failure> {
        loop {
            match self.runtime.execute_pending_job() {
                Ok(true) => continue,
                Ok(false) => return Ok(()),
                Err(e) => {
                    let thrown = e.0.with(|ctx| describe(&ctx, rquickjs::Error::Exception));
                    return Err(self.classify(thrown));
                }
            }
        }
    }

    /// Records a failed call as the current script's error: the script stops, the sandbox lives.
    /// False when even that failed (the engine's own bookkeeping is broken).
    fn settle(&mut self, outcome: Result<(), Failure>) -> bool {
        let Err(failure) = outcome else { return true };
        self.timing.deadline.set(None);
        let thrown = match failure {
            Failure::Timeout(stack) => Thrown {
                name: "ScriptTimeout".into(),
                message: String::new(),
                stack,
            },
            Failure::OutOfMemory => Thrown {
                name: "OutOfMemory".into(),
                message: String::new(),
                stack: String::new(),
            },
            Failure::Internal(thrown) => thrown,
        };
        // Room to record the error even when the script filled the heap; its garbage goes next.
        self.runtime
            .set_memory_limit(self.limits.memory_bytes.saturating_mul(2));
        let json = serde_json::json!({ "name": thrown.name, "message": thrown.message, "stack": thrown.stack })
            .to_string();
        let aborted = self.call("abort", |f| f.call::<_, ()>((json,)));
        self.runtime.run_gc();
        self.runtime.set_memory_limit(self.limits.memory_bytes);
        aborted.is_ok()
    }

    /// Calls `engine[name]` and classifies any failure.
    fn call<R>(
        &mut self,
        name: &str,
        invoke: impl for<'js> FnOnce(Function<'js>) -> rquickjs::Result<R>,
    ) -> Result<R, Failure> {
        let result = self.context.with(|ctx| {
            let run = || -> rquickjs::Result<R> {
                let engine = self.engine.clone().restore(&ctx)?;
                invoke(engine.get(name)?)
            };
            run().map_err(|e| describe(&ctx, e))
        });
        result.map_err(|thrown| self.classify(thrown))
    }

    fn classify(&self, thrown: Thrown) -> Failure {
        if self.interrupted.replace(false) {
            Failure::Timeout(thrown.stack)
        } else if thrown.message.contains("out of memory") || thrown.name == "OutOfMemory" {
            Failure::OutOfMemory
        } else {
            Failure::Internal(thrown)
        }
    }
}

/// The exception behind `error`. Clears the pending exception.
fn describe(ctx: &Ctx<'_>, error: rquickjs::Error) -> Thrown {
    if !matches!(error, rquickjs::Error::Exception) {
        let message = error.to_string();
        let name =
            if message.contains("out of memory") || matches!(error, rquickjs::Error::Allocation) {
                "OutOfMemory"
            } else {
                "InternalError"
            };
        return Thrown {
            name: name.into(),
            message,
            stack: String::new(),
        };
    }
    let value: Value = ctx.catch();
    let text = |object: &Object, key: &str| object.get::<_, Option<String>>(key).ok().flatten();
    if let Some(object) = value.as_object() {
        Thrown {
            name: text(object, "name").unwrap_or_else(|| "Error".into()),
            message: text(object, "message").unwrap_or_default(),
            stack: text(object, "stack").unwrap_or_default(),
        }
    } else if value.is_null() || value.is_undefined() {
        Thrown {
            name: "OutOfMemory".into(),
            message: "out of memory".into(),
            stack: String::new(),
        }
    } else {
        let message = value
            .as_string()
            .and_then(|s| s.to_string().ok())
            .unwrap_or_default();
        Thrown {
            name: "Error".into(),
            message,
            stack: String::new(),
        }
    }
}

/// Evaluates the engine's own files and returns the engine object (`js/engine.js`).
fn load_engine(ctx: &Ctx<'_>, timing: &Timing) -> Result<Persistent<Object<'static>>, EngineError> {
    let host =
        host_object(ctx, timing).map_err(|e| EngineError::Start(describe(ctx, e).message))?;
    let lib = Object::new(ctx.clone()).map_err(|e| EngineError::Start(e.to_string()))?;
    for (file, bytecode) in OWN_BYTECODE {
        let setup = || -> rquickjs::Result<()> {
            let install: Function = run_bytecode(ctx, bytecode)?.get()?;
            install.call::<_, ()>((host.clone(), lib.clone()))
        };
        setup().map_err(|e| EngineError::Setup {
            file,
            message: describe(ctx, e).message,
        })?;
    }
    let engine: Object = lib.get("engine").map_err(|e| EngineError::Setup {
        file: "engine.js",
        message: describe(ctx, e).message,
    })?;
    Ok(Persistent::save(ctx, engine))
}

/// Hands every promise rejection (and every later handling of one) to `engine.rejection`, so
/// the engine can report those still unhandled when the jobs have run, as postman-sandbox does.
fn track_rejections(
    runtime: &Runtime,
    context: &Context,
    engine: &Persistent<Object<'static>>,
) -> Result<(), EngineError> {
    let handler = context
        .with(|ctx| -> rquickjs::Result<_> {
            let function: Function = engine.clone().restore(&ctx)?.get("rejection")?;
            Ok(Persistent::save(&ctx, function))
        })
        .map_err(|e| EngineError::Setup {
            file: "engine.js",
            message: e.to_string(),
        })?;
    runtime.set_host_promise_rejection_tracker(Some(Box::new(
        move |ctx, promise, reason, handled| {
            let reported = handler
                .clone()
                .restore(&ctx)
                .and_then(|function| function.call::<_, ()>((promise, reason, handled)));
            if reported.is_err() {
                // Out of memory or interrupted while reporting: the abort that follows says so.
                let _ = ctx.catch();
            }
        },
    )));
    Ok(())
}

/// The few things JavaScript needs from the host: a clock, the bundles, and named evaluation.
fn host_object<'js>(ctx: &Ctx<'js>, timing: &Timing) -> rquickjs::Result<Object<'js>> {
    let host = Object::new(ctx.clone())?;
    let clock = timing.clone();
    host.set("now", Function::new(ctx.clone(), move || clock.now_ms())?)?;
    // The factory of a bundle, `function (module, exports, require)`, or undefined.
    host.set(
        "load",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, name: String| -> rquickjs::Result<Value<'js>> {
                match vendor_bytecode(&name) {
                    Some(bytecode) => run_bytecode(&ctx, bytecode),
                    None => Ok(Value::new_undefined(ctx)),
                }
            },
        )?,
    )?;
    host.set(
        "has",
        Function::new(ctx.clone(), |name: String| vendor_bytecode(&name).is_some())?,
    )?;
    host.set(
        "evaluate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, code: String, file: String| -> rquickjs::Result<Value<'js>> {
                ctx.eval_with_options(code, eval_options(&file))
            },
        )?,
    )?;
    // Arms the script timeout when a script starts and disarms it when it ends.
    let armed = timing.clone();
    host.set(
        "arm",
        Function::new(ctx.clone(), move |on: bool| {
            let deadline = if on {
                armed.timeout.get().map(|t| Instant::now() + t)
            } else {
                None
            };
            armed.deadline.set(deadline);
        })?,
    )?;
    let timeout = timing.timeout.clone();
    host.set(
        "timeoutMs",
        Function::new(ctx.clone(), move || {
            timeout.get().map(|t| t.as_secs_f64() * 1000.0)
        })?,
    )?;
    Ok(host)
}

fn eval_options(file: &str) -> EvalOptions {
    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(file.to_string());
    options
}

/// The input as the engine reads it: the response body as text, like Postman's `text()`.
fn input_json(input: &ExecutionInput) -> String {
    let mut value = serde_json::json!({
        "event": input.event.name(),
        "scripts": input.scripts,
        "info": input.info,
        "request": input.request,
        "variables": input.variables,
        "cookies": input.cookies,
    });
    if let Some(response) = &input.response {
        value["response"] = response_json(response);
    }
    value.to_string()
}

fn response_json(response: &HttpResponse) -> serde_json::Value {
    serde_json::json!({
        "code": response.code,
        "status": response.status,
        "headers": response.headers.iter().map(|(k, v)| serde_json::json!({"key": k, "value": v})).collect::<Vec<_>>(),
        "body": String::from_utf8_lossy(&response.body),
        "bodySize": response.body.len(),
        "responseTime": response.response_time_ms,
        "responseSize": response.response_size,
        "cookies": response.cookies,
    })
}
