//! newman's JSON report (`-r json`): `collection`, `environment`, `globals`, and `run` with
//! `stats`, `timings`, `executions`, `transfers` and `failures`, under the same names, so
//! tools that read newman's report read this one. What locket adds is under `run.locket`
//! (skipped scripts). Response bodies are not included.

use serde_json::{Value, json};

use super::{SCRIPTS_NOT_RUN, epoch_millis, millis};
use crate::postman::runner::{Execution, Summary};

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
        "ref": format!("{}-{}", e.iteration, e.position),
    })
}

fn execution(e: &Execution, summary: &Summary) -> Value {
    let item = &summary.items[e.position];
    let mut out = json!({
        "cursor": cursor(e, summary),
        "item": { "id": item.id, "name": item.name, "path": item.path },
        "assertions": [],
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

fn stat(total: usize, failed: usize) -> Value {
    json!({ "total": total, "pending": 0, "failed": failed })
}

/// The report as a JSON value.
pub fn report(summary: &Summary) -> Value {
    let executed = summary.executions.len();
    let failed = summary.failed_requests();
    let skipped = summary.skipped_scripts();
    let times = summary.response_times();
    let started = epoch_millis(summary.started);
    let failures: Vec<Value> = summary
        .executions
        .iter()
        .filter_map(|e| {
            let item = &summary.items[e.position];
            e.error.as_ref().map(|err| {
                json!({
                    "error": { "name": "RequestError", "message": err, "index": e.position },
                    "at": "request",
                    "source": { "id": item.id, "name": item.name },
                    "parent": { "name": summary.collection_name },
                    "cursor": cursor(e, summary),
                })
            })
        })
        .collect();
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
                "scripts": stat(0, 0),
                "prerequests": stat(executed, 0),
                "requests": stat(executed, failed),
                "tests": stat(0, 0),
                "assertions": stat(0, 0),
                "testScripts": stat(0, 0),
                "prerequestScripts": stat(0, 0),
            },
            "timings": {
                "responseAverage": millis(times.mean),
                "responseMin": millis(times.min),
                "responseMax": millis(times.max),
                "responseSd": millis(times.sd),
                "started": started,
                "completed": started + summary.duration.as_millis() as u64,
            },
            "executions": summary.executions.iter().map(|e| execution(e, summary)).collect::<Vec<_>>(),
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
