//! The JavaScript engine behind the runner's script seam: locket-script's sandbox (QuickJS),
//! one per lane, driven here. The sandbox is a state machine that does no I/O; this module
//! answers its steps: `pm.sendRequest` through the runner's [`SendRequest`] (the one wire),
//! `pm.vault` through its [`ScriptVault`](crate::script::ScriptVault), timers by sleeping on
//! the run's runtime.

use std::time::Duration;

use futures_util::future::LocalBoxFuture;
use locket_script::{ExecutionInput, ExecutionOutput, HttpResponse, Limits, Sandbox, Step};
use serde_json::Value;

use crate::script::{
    Assertion, Call, ConsoleLine, Event, Next, Outcome, Response, ScopeSet, ScriptEngine,
    ScriptError,
};
use crate::variables::{Scope, Var};

mod cookies;

/// Scripts run by QuickJS, as postman-sandbox runs them for newman.
pub struct JsEngine {
    sandbox: Sandbox,
    environment_name: Option<String>,
}

impl JsEngine {
    /// `timeout` bounds each script (`--timeout-script`); `None`: no limit.
    pub fn new(
        timeout: Option<Duration>,
        environment_name: Option<String>,
    ) -> Result<Self, String> {
        let sandbox = Sandbox::new(Limits {
            timeout,
            ..Limits::default()
        })
        .map_err(|e| e.to_string())?;
        Ok(JsEngine {
            sandbox,
            environment_name,
        })
    }
}

impl ScriptEngine for JsEngine {
    fn run<'a>(&'a mut self, call: Call<'a>) -> LocalBoxFuture<'a, Outcome> {
        Box::pin(async move {
            let input = ExecutionInput {
                event: call.event,
                scripts: call
                    .scripts
                    .iter()
                    .map(|s| locket_script::Script {
                        source: s.source.clone(),
                        location: s.location.clone(),
                    })
                    .collect(),
                info: locket_script::Info {
                    iteration: call.info.iteration as u64,
                    iteration_count: call.info.iteration_count as u64,
                    request_name: call.info.request_name.clone(),
                    request_id: call.info.request_id.clone(),
                    location: call.info.location.clone(),
                    environment_name: self.environment_name.clone(),
                },
                request: call.request.clone(),
                response: call.response.map(to_http),
                variables: to_variables(call.scopes),
                // pm.cookies: the jar's cookies for the response (none before a request).
                cookies: call.response.map(cookies::of_response).unwrap_or_default(),
            };
            let mut step = self.sandbox.start(input);
            let output = loop {
                match step {
                    Step::Send { id, request } => {
                        let answer = call.http.send(request).await;
                        step = self
                            .sandbox
                            .reply(id, answer.as_ref().map(to_http).map_err(Clone::clone));
                    }
                    Step::Vault {
                        id,
                        call: vault_call,
                    } => {
                        let answer = call.vault.call(&vault_call, call.url);
                        step = self.sandbox.answer_vault(id, answer);
                    }
                    Step::Cookies {
                        id,
                        call: cookie_call,
                    } => {
                        let answer = cookies::answer(call.http.cookies(), &cookie_call);
                        step = self.sandbox.answer_cookies(id, answer);
                    }
                    Step::Wait(pause) => {
                        tokio::time::sleep(pause).await;
                        step = self.sandbox.resume();
                    }
                    Step::Done(output) => break *output,
                }
            };
            outcome(call.event, call.request, output, call.scopes)
        })
    }
}

/// The sandbox's output as the runner's outcome; the scopes take the scripts' changes.
fn outcome(event: Event, sent: Value, output: ExecutionOutput, scopes: &mut ScopeSet) -> Outcome {
    let v = output.variables;
    scopes.globals = to_scope(v.globals);
    scopes.environment = to_scope(v.environment);
    scopes.collection = to_scope(v.collection);
    scopes.data = to_scope(v.data);
    scopes.local = to_scope(v.local);
    Outcome {
        request: (event == Event::PreRequest && output.request != sent).then_some(output.request),
        assertions: output
            .assertions
            .into_iter()
            .map(|a| Assertion {
                name: a.name,
                index: a.index as usize,
                skipped: a.skipped,
                error: (!a.passed && !a.skipped).then(|| {
                    let e = a.error.unwrap_or_else(|| locket_script::JsError {
                        name: "AssertionError".into(),
                        message: "failed".into(),
                        stack: String::new(),
                    });
                    ScriptError {
                        name: e.name,
                        message: e.message,
                        location: Some(a.location),
                        seq: a.seq,
                    }
                }),
                seq: a.seq,
            })
            .collect(),
        console: output
            .console
            .into_iter()
            .map(|line| ConsoleLine {
                level: format!("{:?}", line.level).to_ascii_lowercase(),
                args: line.args,
                seq: line.seq,
                at: line.at,
            })
            .collect(),
        next: output.next_request.map(|next| match next {
            Some(name) => Next::Named(name),
            None => Next::Stop,
        }),
        skip_request: output.skip_request,
        errors: output
            .errors
            .into_iter()
            .map(|e| ScriptError {
                name: e.name,
                message: e.message,
                location: Some(match e.line {
                    Some(line) => format!("{:?}, line {line}", e.location),
                    None => format!("{:?}", e.location),
                }),
                // Reported after everything else when the engine could not stamp it.
                seq: e.seq.unwrap_or(u64::MAX),
            })
            .collect(),
        answered: output.answered,
    }
}

fn to_http(r: &Response) -> HttpResponse {
    HttpResponse {
        code: r.code,
        status: r.status.clone(),
        headers: r.headers.clone(),
        body: r.body.clone(),
        response_time_ms: r.time.as_secs_f64() * 1000.0,
        response_size: r.size,
        // newman's pm.response has no cookies (postman-runtime passes the response without
        // them); scripts read the jar's through pm.cookies.
        cookies: Vec::new(),
    }
}

fn to_variables(scopes: &ScopeSet) -> locket_script::Variables {
    let list = |scope: &Scope| {
        scope
            .vars()
            .iter()
            .map(|v| locket_script::Variable {
                key: v.key.clone(),
                value: v.value.clone(),
                r#type: v.kind.clone(),
                disabled: v.disabled,
            })
            .collect()
    };
    locket_script::Variables {
        globals: list(&scopes.globals),
        environment: list(&scopes.environment),
        collection: list(&scopes.collection),
        data: list(&scopes.data),
        local: list(&scopes.local),
    }
}

fn to_scope(vars: Vec<locket_script::Variable>) -> Scope {
    Scope::from_vars(
        vars.into_iter()
            .map(|v| Var {
                key: v.key,
                value: v.value,
                kind: v.r#type,
                disabled: v.disabled,
            })
            .collect(),
    )
}
