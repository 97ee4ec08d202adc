//! newman's JSON report (`-r json`): `collection`, `environment`, `globals`, and `run` with
//! `stats`, `timings`, `executions`, `transfers` and `failures`, under the same names, so
//! tools that read newman's report read this one: assertions per execution, script errors and
//! failed assertions in `failures`. What locket adds is under `run.locket` (skipped scripts).
//! Response bodies are not included.

use serde_json::{Value, json};

use super::{SCRIPTS_NOT_RUN, epoch_millis, millis};
use crate::runner::{Execution, Summary};
use crate::script::Event;

fn headers(list: &[(String, String)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(k, v)| json!({ "key": k, "value": v }))
            .collect(),
    )
}

fn cursor(e: &Execution, summary: &Summary) -> Value {
    let length = summary.items.len();
    json!({
        "position": e.position,
        "iteration": e.iteration,
        "length": length,
        "cycles": summary.iterations,
        "empty": length == 0,
        "eof": e.position + 1 == length,
        "bof": e.position == 0,
        "cr": false,
        // One per execution: setNextRequest may run a request twice in an iteration.
        "ref": format!("{}-{}", e.iteration, e.sequence),
    })
}

fn execution(e: &Execution, summary: &Summary) -> Value {
    let item = &summary.items[e.position];
    let mut out = json!({
        "cursor": cursor(e, summary),
        "item": { "id": item.id, "name": item.name, "path": item.path },
        "assertions": e.assertions.iter().map(|a| {
            let mut out = json!({ "assertion": a.name, "skipped": a.skipped });
            if let Some((name, message)) = &a.error {
                out["error"] = json!({ "name": name, "index": a.index, "test": a.name, "message": message });
            }
            out
        }).collect::<Vec<_>>(),
        "skippedScripts": e.skipped_scripts,
    });
    if let Some(r) = &e.request {
        out["request"] = json!({
            "url": r.url,
            "method": r.method,
            "header": headers(&r.headers),
            "bodySize": r.body_size,
        });
    }
    if let Some(r) = &e.response {
        out["response"] = json!({
            "status": r.status,
            "code": r.code,
            "header": headers(&r.headers),
            "responseTime": millis(r.time),
            "responseSize": r.size,
        });
    }
    if let Some(err) = &e.error {
        out["requestError"] = json!({ "name": "RequestError", "message": err });
    }
    out
}

/// An execution's failures as newman lists them: script errors, failed assertions, and the
/// request error, each with where it happened.
fn failures(e: &Execution, summary: &Summary) -> Vec<Value> {
    let item = &summary.items[e.position];
    let entry = |error: Value, at: String| {
        json!({
            "error": error,
            "at": at,
            "source": { "id": item.id, "name": item.name },
            "parent": { "name": summary.collection_name },
            "cursor": cursor(e, summary),
        })
    };
    let mut out = Vec::new();
    for f in e
        .script_failures
        .iter()
        .filter(|f| f.event == Event::PreRequest)
    {
        out.push(entry(
            json!({ "name": f.name, "message": f.message }),
            "prerequest-script".into(),
        ));
    }
    if let Some(err) = &e.error {
        out.push(entry(
            json!({ "name": "RequestError", "message": err, "index": e.position }),
            "request".into(),
        ));
    }
    // A pm.sendRequest that got no response: newman's failure has no source item.
    for r in &e.side_requests {
        if let Err(err) = &r.outcome {
            out.push(json!({
                "error": { "name": "Error", "message": err },
                "at": "request",
                "parent": { "name": summary.collection_name },
                "cursor": cursor(e, summary),
            }));
        }
    }
    for f in e.script_failures.iter().filter(|f| f.event == Event::Test) {
        out.push(entry(
            json!({ "name": f.name, "message": f.message }),
            "test-script".into(),
        ));
    }
    for a in &e.assertions {
        if let Some((name, message)) = &a.error {
            let i = a.index;
            out.push(entry(
                json!({ "name": name, "index": i, "test": a.name, "message": message }),
                format!("assertion:{i} in test-script"),
            ));
        }
    }
    out
}

fn stat(total: usize, failed: usize) -> Value {
    json!({ "total": total, "pending": 0, "failed": failed })
}

/// The report as a JSON value.
pub fn report(summary: &Summary) -> Value {
    let executed = summary.executions.len();
    let failed = summary
        .executions
        .iter()
        .filter(|e| e.request_failed())
        .count();
    let skipped = summary.skipped_scripts();
    let times = summary.response_times();
    let started = epoch_millis(summary.started);
    let failures: Vec<Value> = summary
        .executions
        .iter()
        .flat_map(|e| failures(e, summary))
        .collect();
    let (assertions, failed_assertions) = summary.assertions();
    let (prerequest_scripts, failed_prerequest) = summary.scripts(Event::PreRequest);
    let (test_scripts, failed_tests) = summary.scripts(Event::Test);
    let with_tests = summary.test_events();
    json!({
        "collection": {
            "info": { "_postman_id": summary.collection_id, "name": summary.collection_name },
        },
        "environment": { "name": summary.environment_name },
        "globals": { "name": summary.globals_name },
        "run": {
            "stats": {
                "iterations": stat(summary.iterations_run(), summary.failed_iterations()),
                "items": stat(executed, failed),
                "scripts": stat(prerequest_scripts + test_scripts, failed_prerequest + failed_tests),
                "prerequests": stat(executed, 0),
                "requests": stat(summary.requests(), summary.failed_requests()),
                "tests": stat(with_tests, 0),
                "assertions": stat(assertions, failed_assertions),
                "testScripts": stat(test_scripts, failed_tests),
                "prerequestScripts": stat(prerequest_scripts, failed_prerequest),
            },
            "timings": {
                "responseAverage": millis(times.mean),
                "responseMin": millis(times.min),
                "responseMax": millis(times.max),
                "responseSd": millis(times.sd),
                "started": started,
                "completed": started + summary.duration.as_millis() as u64,
            },
            // newman lists an execution once for each request it sent: its own (none when
            // its pre-request called skipRequest(), nor a request counted:
            // `Summary::requests`) and each pm.sendRequest's.
            "executions": summary
                .executions
                .iter()
                .flat_map(|e| {
                    let sent = usize::from(!e.skipped) + e.side_requests.len();
                    std::iter::repeat_n(execution(e, summary), sent)
                })
                .collect::<Vec<_>>(),
            "transfers": { "responseTotal": summary.received() },
            "failures": failures,
            "error": null,
            "locket": {
                "skippedScripts": skipped,
                "scriptsNotRun": SCRIPTS_NOT_RUN,
                "bailed": summary.bailed,
            },
        },
    })
}
