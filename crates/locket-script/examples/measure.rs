//! Measures the sandbox's costs for docs/BENCHMARKS.md:
//! `cargo run --release -p locket-script --example measure`
//!
//! - `Sandbox::new` alone;
//! - the first script result on a new sandbox: a test script with `pm.expect` and `CryptoJS`,
//!   library loads included (issue 12's target: under 20 ms);
//! - per execution on a warm sandbox: issue 12's script-heavy collection, a pre-request script
//!   signing with CryptoJS HMAC-SHA256 and a test script with five `pm.expect` checks.

use std::time::{Duration, Instant};

use locket_script::{
    Event, ExecutionInput, ExecutionOutput, HttpResponse, Info, Limits, Sandbox, Script, Step,
    Variable, Variables,
};
use serde_json::json;

const SIGN: &str = r#"
const ts = Date.now().toString();
const sig = CryptoJS.HmacSHA256(pm.request.method + ts, pm.environment.get('secret')).toString(CryptoJS.enc.Hex);
pm.variables.set('signature', sig);
"#;

const CHECKS: &str = r#"
const body = pm.response.json();
pm.test('status is 200', () => pm.response.to.have.status(200));
pm.test('id', () => pm.expect(body.id).to.equal(7));
pm.test('name', () => pm.expect(body.name).to.be.a('string').and.have.lengthOf(6));
pm.test('tags', () => pm.expect(body.tags).to.include('b'));
pm.test('nested', () => pm.expect(body.nested).to.deep.equal({ ok: true }));
"#;

const FIRST: &str = r#"
const sig = CryptoJS.HmacSHA256('message', 'key').toString();
pm.test('signed', () => pm.expect(sig).to.have.lengthOf(64));
"#;

fn input(event: Event, source: &str) -> ExecutionInput {
    let body = br#"{"id":7,"name":"widget","tags":["a","b"],"nested":{"ok":true}}"#.to_vec();
    ExecutionInput {
        event,
        scripts: vec![Script {
            source: source.into(),
            location: "request".into(),
        }],
        info: Info {
            iteration_count: 1,
            request_name: "bench".into(),
            ..Info::default()
        },
        request: json!({ "method": "GET", "url": { "raw": "http://127.0.0.1/items" }, "header": [] }),
        response: (event == Event::Test).then(|| HttpResponse {
            code: 200,
            status: "OK".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            response_size: body.len() as u64 + 40,
            body,
            ..HttpResponse::default()
        }),
        variables: Variables {
            environment: vec![Variable {
                key: "secret".into(),
                value: json!("s3cr3t"),
                r#type: None,
                disabled: false,
            }],
            ..Variables::default()
        },
        cookies: vec![],
    }
}

fn finish(sandbox: &mut Sandbox, input: ExecutionInput) -> ExecutionOutput {
    match sandbox.start(input) {
        Step::Done(output) => *output,
        other => panic!("the bench scripts neither send nor wait: {other:?}"),
    }
}

/// This thread's CPU time (Linux): the machine is shared, so wall time alone overstates costs.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    Duration::from_nanos(
        stat.split_whitespace()
            .next()
            .and_then(|ns| ns.parse().ok())
            .unwrap_or(0),
    )
}

/// Wall and CPU time per run since (`wall`, `cpu`).
fn per_run(since: (Instant, Duration), runs: u32) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0 / f64::from(runs);
    format!(
        "{:.3} ms wall, {:.3} ms CPU",
        ms(since.0.elapsed()),
        ms(cpu() - since.1)
    )
}

fn now() -> (Instant, Duration) {
    (Instant::now(), cpu())
}

fn main() {
    const NEW_RUNS: u32 = 50;
    let started = now();
    for _ in 0..NEW_RUNS {
        drop(Sandbox::new(Limits::default()).expect("sandbox"));
    }
    println!(
        "Sandbox::new: {} (mean of {NEW_RUNS})",
        per_run(started, NEW_RUNS)
    );

    let started = now();
    let mut sandbox = Sandbox::new(Limits::default()).expect("sandbox");
    let out = finish(&mut sandbox, input(Event::Test, FIRST));
    let first = per_run(started, 1);
    assert!(
        out.errors.is_empty() && out.assertions.iter().all(|a| a.passed),
        "{out:?}"
    );
    println!("first script result (new sandbox, chai + crypto-js loaded): {first}");

    for (name, event, source) in [
        ("pre-request CryptoJS HMAC", Event::PreRequest, SIGN),
        ("test with 5 checks", Event::Test, CHECKS),
    ] {
        let out = finish(&mut sandbox, input(event, source)); // warm up
        assert!(
            out.errors.is_empty() && out.assertions.iter().all(|a| a.passed),
            "{out:?}"
        );
        const RUNS: u32 = 2000;
        let started = now();
        for _ in 0..RUNS {
            finish(&mut sandbox, input(event, source));
        }
        println!(
            "{name}: {} per execution (mean of {RUNS})",
            per_run(started, RUNS)
        );
    }
    println!(
        "JavaScript heap after the runs: {:.1} MiB",
        sandbox.heap_bytes() as f64 / 1048576.0
    );
}
