//! Real scripts through a real Sandbox; the test plays the runner (answers sends, waits timers).

use std::time::Duration;

use locket_script::*;
use serde_json::{Value, json};

fn var(key: &str, value: Value) -> Variable {
    Variable {
        key: key.into(),
        value,
        r#type: None,
        disabled: false,
    }
}

fn request() -> Value {
    json!({
        "method": "POST",
        "url": { "raw": "https://api.example.test/items?q=1", "protocol": "https",
                 "host": ["api", "example", "test"], "path": ["items"], "query": [{"key": "q", "value": "1"}] },
        "header": [{ "key": "Content-Type", "value": "application/json" }],
        "body": { "mode": "raw", "raw": "{\"a\":1}" }
    })
}

fn response() -> HttpResponse {
    let body = br#"{"id":7,"name":"widget","tags":["a","b"],"nested":{"ok":true}}"#.to_vec();
    HttpResponse {
        code: 200,
        status: "OK".into(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Trace".into(), "abc".into()),
        ],
        response_size: body.len() as u64 + 60,
        body,
        response_time_ms: 12.5,
        cookies: vec![Cookie {
            name: "session".into(),
            value: "s1".into(),
            ..Cookie::default()
        }],
    }
}

fn input(event: Event, scripts: &[(&str, &str)]) -> ExecutionInput {
    ExecutionInput {
        event,
        scripts: scripts
            .iter()
            .map(|(loc, src)| Script {
                source: src.to_string(),
                location: loc.to_string(),
            })
            .collect(),
        info: Info {
            iteration: 2,
            iteration_count: 5,
            request_name: "Get item".into(),
            request_id: "req-1".into(),
            location: vec!["My collection".into(), "Folder".into(), "Get item".into()],
            environment_name: Some("Staging".into()),
        },
        request: request(),
        response: (event == Event::Test).then(response),
        variables: Variables {
            globals: vec![
                var("g", json!("global")),
                var("shadow", json!("from globals")),
            ],
            environment: vec![
                var("env", json!("environment")),
                var("shadow", json!("from environment")),
            ],
            collection: vec![
                var("col", json!("collection")),
                var("shadow", json!("from collection")),
            ],
            data: vec![var("row", json!(1))],
            local: vec![],
        },
        cookies: vec![],
    }
}

/// Plays the runner: answers every send with `answer`, sleeps for waits.
fn run_with(
    sandbox: &mut Sandbox,
    input: ExecutionInput,
    answer: &mut dyn FnMut(Value) -> Result<HttpResponse, String>,
) -> ExecutionOutput {
    let mut step = sandbox.start(input);
    loop {
        step = match step {
            Step::Done(output) => return *output,
            Step::Send { id, request } => sandbox.reply(id, answer(request)),
            Step::Vault { id, .. } => sandbox.answer_vault(id, Err("no vault in this test".into())),
            Step::Cookies { id, .. } => {
                sandbox.answer_cookies(id, Err("no cookie jar in this test".into()))
            }
            Step::Wait(duration) => {
                std::thread::sleep(duration);
                sandbox.resume()
            }
        };
    }
}

fn run(event: Event, source: &str) -> ExecutionOutput {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    run_with(
        &mut sandbox,
        input(event, &[("request Get item", source)]),
        &mut |_| Err("no network in this test".into()),
    )
}

/// `console.log` lines (warnings, such as the legacy API's deprecation notes, are apart).
fn logs(output: &ExecutionOutput) -> Vec<String> {
    lines(output, ConsoleLevel::Log)
}

/// Each line as console.log itself joins its arguments (strings as they are, other values
/// inspected, spaces between): how these tests read what a script logged. What the cli
/// reporter shows is `format_console`'s, tested on its own.
fn lines(output: &ExecutionOutput, level: ConsoleLevel) -> Vec<String> {
    output
        .console
        .iter()
        .filter(|line| line.level == level)
        .map(|line| {
            let args: Vec<String> = line
                .args
                .iter()
                .map(|arg| match arg {
                    ConsoleValue::Str(s) => s.clone(),
                    other => inspect(other, &InspectOptions::NODE, &|s| s.to_string()),
                })
                .collect();
            args.join(" ")
        })
        .collect()
}

fn scope<'a>(vars: &'a [Variable], key: &str) -> Option<&'a Value> {
    vars.iter().rev().find(|v| v.key == key).map(|v| &v.value)
}

fn error_of(output: &ExecutionOutput) -> &ScriptError {
    output
        .errors
        .first()
        .unwrap_or_else(|| panic!("expected a script error, got {output:#?}"))
}

fn passed(output: &ExecutionOutput) -> Vec<(&str, bool)> {
    output
        .assertions
        .iter()
        .map(|a| (a.name.as_str(), a.passed))
        .collect()
}

#[test]
fn pm_info_and_execution_location() {
    let out = run(
        Event::PreRequest,
        "console.log(pm.info.eventName, pm.info.iteration, pm.info.iterationCount, pm.info.requestName, \
         pm.info.requestId); console.log(pm.execution.location.join('/'), pm.execution.location.current, pm.environment.name);",
    );
    assert_eq!(
        logs(&out),
        [
            "prerequest 2 5 Get item req-1",
            "My collection/Folder/Get item request Get item Staging"
        ]
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
}

#[test]
fn variables_follow_postman_scopes_and_precedence() {
    let out = run(
        Event::PreRequest,
        r#"
        console.log(pm.variables.get('shadow'), pm.variables.get('row'), pm.variables.get('g'));
        pm.variables.set('shadow', 'local');
        console.log(pm.variables.get('shadow'), pm.environment.get('shadow'), pm.variables.has('col'), pm.variables.has('nope'));
        pm.environment.set('token', 'abc');
        pm.collectionVariables.set('count', 3);
        pm.globals.unset('g');
        pm.environment.set('env', 'changed');
        console.log(JSON.stringify(pm.collectionVariables.toObject()), pm.globals.has('g'));
        console.log(pm.variables.replaceIn('{{token}}-{{col}}-{{missing}}'), pm.environment.replaceIn('{{shadow}}'));
        console.log(/^[0-9a-f-]{36}$/.test(pm.variables.replaceIn('{{$guid}}')), pm.iterationData.get('row'));
        console.log(/^\S+@\S+$/.test(pm.variables.replaceIn('{{$randomEmail}}')), pm.variables.replaceIn('{{$notAThing}}'));
        pm.globals.clear();
        "#,
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        logs(&out),
        [
            "from environment 1 global",
            "local from environment true false",
            r#"{"col":"collection","shadow":"from collection","count":3} false"#,
            "abc-collection-{{missing}} from environment",
            "true 1",
            "true {{$notAThing}}"
        ]
    );
    let vars = &out.variables;
    assert_eq!(scope(&vars.local, "shadow"), Some(&json!("local")));
    assert_eq!(scope(&vars.environment, "token"), Some(&json!("abc")));
    assert_eq!(scope(&vars.environment, "env"), Some(&json!("changed")));
    assert_eq!(scope(&vars.collection, "count"), Some(&json!(3)));
    assert!(vars.globals.is_empty());
}

#[test]
fn scripts_run_in_order_and_share_variables_but_not_top_level_vars() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let out = run_with(
        &mut sandbox,
        input(
            Event::PreRequest,
            &[
                (
                    "collection",
                    "var secret = 1; pm.variables.set('order', 'collection'); leaked = 'global';",
                ),
                (
                    "folder Folder",
                    "console.log(typeof secret, pm.variables.get('order')); pm.variables.set('order', pm.variables.get('order') + ',folder');",
                ),
                (
                    "request Get item",
                    "console.log(pm.variables.get('order'));",
                ),
            ],
        ),
        &mut |_| Err("offline".into()),
    );
    assert_eq!(logs(&out), ["undefined collection", "collection,folder"]);
    assert_eq!(
        scope(&out.variables.local, "order"),
        Some(&json!("collection,folder"))
    );
}

#[test]
fn each_start_gets_a_fresh_pm() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let first = run_with(
        &mut sandbox,
        input(
            Event::Test,
            &[(
                "request",
                "pm.marker = 1; var top = 2; pm.test('one', function () {});",
            )],
        ),
        &mut |_| Err("offline".into()),
    );
    assert_eq!(passed(&first), [("one", true)]);
    let second = run_with(
        &mut sandbox,
        input(
            Event::Test,
            &[("request", "console.log(pm.marker, typeof top);")],
        ),
        &mut |_| Err("offline".into()),
    );
    assert_eq!(logs(&second), ["undefined undefined"]);
    assert!(second.assertions.is_empty());
}

/// The sandbox reuses a built `pm.request` for the next execution of the same definition
/// (a speed-up); nothing one execution does to it may be seen by the next.
#[test]
fn changes_to_pm_request_never_reach_the_next_execution() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let mut run_pre = |source: &str| {
        run_with(
            &mut sandbox,
            input(Event::PreRequest, &[("request Get item", source)]),
            &mut |_| Err("offline".into()),
        )
    };
    const LOOK: &str = "console.log(pm.request.headers.count(), pm.request.url.toString(), \
        String(pm.request.marker), pm.request.body.raw);";
    const CLEAN: &str = "1 https://api.example.test/items?q=1 undefined {\"a\":1}";
    // Seen once, then seen again with a snapshot: from here on the built request is lent.
    for _ in 0..3 {
        assert_eq!(logs(&run_pre(LOOK)), [CLEAN]);
    }
    for change in [
        "pm.request.headers.add({ key: 'X-Leak', value: '1' });",
        "pm.request.url.query.add({ key: 'leak', value: '1' });",
        "pm.request.body.raw = 'leak';",
        "pm.request.marker = 'leak';",
        "pm.request.headers.add({ key: 'X-Leak', value: '1' }); throw new Error('after a change');",
        "globalThis.kept = pm.request; setTimeout(() => kept.headers.add({ key: 'X-Late', value: '1' }), 1);",
    ] {
        run_pre(change);
        assert_eq!(logs(&run_pre(LOOK)), [CLEAN], "after: {change}");
    }
    // What a changed request looks like is still what the runner gets.
    let changed = run_pre("pm.request.headers.add({ key: 'X-Signature', value: 'sig' });");
    let headers = changed.request["header"].as_array().unwrap();
    assert!(
        headers.iter().any(|h| h["key"] == "X-Signature"),
        "{headers:?}"
    );
}

#[test]
fn pm_response_exposes_the_response() {
    let out = run(
        Event::Test,
        r#"
        const r = pm.response;
        console.log(r.code, r.status, r.reason(), r.responseTime, r.responseSize);
        console.log(r.headers.get('content-type'), r.headers.has('X-TRACE'), r.headers.count());
        console.log(r.json().name, r.text().length, pm.cookies.get('session') === undefined, r.cookies.get('session'));
        console.log(JSON.stringify(r.headers.toObject()));
        "#,
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        logs(&out),
        [
            "200 OK OK 12.5 122",
            "application/json true 2",
            "widget 62 true s1",
            r#"{"Content-Type":"application/json","X-Trace":"abc"}"#
        ]
    );
}

#[test]
fn legacy_api_works() {
    let out = run(
        Event::Test,
        r#"
        var body = JSON.parse(responseBody);
        tests['body has id'] = body.id === 7;
        tests['code is 404'] = responseCode.code === 404;
        tests['header'] = responseHeaders['X-Trace'] === 'abc' && postman.getResponseHeader('x-trace') === 'abc';
        tests['time'] = responseTime === 12.5;
        console.log(environment.env, globals.g, data.row, iteration, request.method, request.url, request.headers['Content-Type']);
        postman.setEnvironmentVariable('saved', 42);
        postman.setGlobalVariable('gl', 'x');
        postman.clearEnvironmentVariable('shadow');
        console.log(postman.getEnvironmentVariable('saved'), typeof postman.getEnvironmentVariable('saved'), atob(btoa('hé')));
        postman.setNextRequest('Other');
        "#,
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        passed(&out),
        [
            ("body has id", true),
            ("code is 404", false),
            ("header", true),
            ("time", true)
        ]
    );
    assert_eq!(
        out.assertions.iter().map(|a| a.index).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    assert_eq!(
        logs(&out),
        [
            "environment global 1 2 POST https://api.example.test/items?q=1 application/json",
            "42 string hé"
        ]
    );
    // What postman-sandbox 6.7.4 warns for this script, in its order: once per global, on first use.
    assert_eq!(
        lines(&out, ConsoleLevel::Warn),
        [
            r#"Using "tests" is deprecated. Use "pm.test()" instead."#,
            r#"Using "responseCode" is deprecated. Use "pm.response.code" instead."#,
            r#"Using "responseHeaders" is deprecated. Use "pm.response.headers" instead."#,
            r#"Using "postman.getResponseHeader" is deprecated. Use "pm.response.headers.get()" instead."#,
            r#"Using "environment" is deprecated. Use "pm.environment" instead."#,
            r#"Using "globals" is deprecated. Use "pm.globals" instead."#,
            r#"Using "data" is deprecated. Use "pm.iterationData" instead."#,
            r#"Using "request" is deprecated. Use "pm.request" instead."#,
            r#"Using "postman.setEnvironmentVariable" is deprecated. Use "pm.environment.set()" instead."#,
            r#"Using "postman.setGlobalVariable" is deprecated. Use "pm.globals.set()" instead."#,
            r#"Using "postman.clearEnvironmentVariable" is deprecated. Use "pm.environment.unset()" instead."#,
            r#"Using "postman.getEnvironmentVariable" is deprecated. Use "pm.environment.get()" instead."#,
            r#"Using "postman.setNextRequest" is deprecated. Use "pm.execution.setNextRequest()" instead."#,
        ]
    );
    let failed = out.assertions[1].error.as_ref().unwrap();
    assert_eq!(
        (failed.name.as_str(), failed.message.as_str()),
        ("AssertionError", "expected false to be truthy")
    );
    assert_eq!(
        scope(&out.variables.environment, "saved"),
        Some(&json!("42"))
    );
    assert_eq!(scope(&out.variables.environment, "shadow"), None);
    assert_eq!(scope(&out.variables.globals, "gl"), Some(&json!("x")));
    assert_eq!(out.next_request, Some(Some("Other".into())));
}

#[test]
fn sandbox2_marker_turns_the_legacy_globals_off() {
    let out = run(
        Event::Test,
        "'use sandbox2';\nconsole.log(typeof tests, typeof responseBody, typeof pm);",
    );
    assert_eq!(logs(&out), ["undefined undefined object"]);
}

#[test]
fn timers_fire_in_due_order_and_the_runner_waits_for_them() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let script = r#"
        // 300 ms: far enough behind the 10 ms ticks that a loaded machine's timer drift cannot reorder them.
        setTimeout(() => console.log('300'), 300);
        setTimeout(() => console.log('0'), 0);
        const id = setTimeout(() => console.log('cleared'), 5);
        clearTimeout(id);
        let n = 0;
        const tick = setInterval(() => { n += 1; console.log('tick ' + n); if (n === 2) clearInterval(tick); }, 10);
        Promise.resolve().then(() => console.log('microtask'));
        console.log('sync');
    "#;
    let mut step = sandbox.start(input(Event::Test, &[("request", script)]));
    let mut waits = 0;
    let out = loop {
        step = match step {
            Step::Done(out) => break out,
            Step::Wait(d) => {
                assert!(d <= Duration::from_millis(300), "{d:?}");
                waits += 1;
                std::thread::sleep(d);
                sandbox.resume()
            }
            Step::Send { .. } | Step::Vault { .. } | Step::Cookies { .. } => {
                panic!("no host call expected")
            }
        }
    };
    assert!(
        waits >= 2,
        "the timers needed the runner to wait ({waits} waits)"
    );
    assert_eq!(
        logs(&out),
        ["sync", "microtask", "0", "tick 1", "tick 2", "300"]
    );
}

#[test]
fn top_level_await_and_async_tests_finish_before_done() {
    let out = run(
        Event::Test,
        r#"
        await new Promise(resolve => setTimeout(resolve, 5));
        console.log('after await');
        pm.test('done later', function (done) { setTimeout(() => done(), 5); });
        pm.test('done with error', function (done) { setTimeout(() => done(new Error('late failure')), 1); });
        pm.test('async function', async function () { await null; throw new TypeError('rejected'); });
        pm.test('returns a promise', () => Promise.resolve());
        pm.test.skip('skipped');
        pm.test('never done', function (done) {});
        "#,
    );
    assert_eq!(logs(&out), ["after await"]);
    // As postman-sandbox 6.7.4: a test's returned promise is not awaited (it passes), and its
    // rejection is the script's error; done() tests report when done() is called.
    let results: Vec<_> = out
        .assertions
        .iter()
        .map(|a| (a.name.as_str(), a.index, a.passed, a.skipped))
        .collect();
    assert_eq!(
        results,
        [
            ("async function", 2, true, false),
            ("returns a promise", 3, true, false),
            ("skipped", 4, true, true),
            ("done with error", 1, false, false),
            ("done later", 0, true, false),
            ("never done", 5, false, false),
        ]
    );
    let errors: Vec<_> = out
        .errors
        .iter()
        .map(|e| (e.name.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(errors, [("TypeError", "rejected")]);
    let late = out.assertions[3].error.as_ref().unwrap();
    assert_eq!(
        (late.name.as_str(), late.message.as_str()),
        ("Error", "late failure")
    );
}

#[test]
fn send_request_callback_and_promise_forms_go_through_the_runner() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let script = r#"
        pm.sendRequest('https://auth.example.test/token', function (err, res) {
            console.log('callback', err, res.code, res.json().token);
            pm.environment.set('token', res.json().token);
        });
        const res = await pm.sendRequest({ url: 'https://api.example.test/x', method: 'post', header: [{ key: 'A', value: 'b' }] });
        console.log('promise', res.code, res.text());
        try { await pm.sendRequest({ url: 'https://down.example.test/', header: { 'X-Map': '1' } }); } catch (e) { console.log('failed', e.message); }
    "#;
    let mut seen = Vec::new();
    let out = run_with(
        &mut sandbox,
        input(Event::PreRequest, &[("request", script)]),
        &mut |request| {
            seen.push(request.clone());
            let url = request["url"].as_str().unwrap_or_default().to_string();
            if url.contains("down") {
                return Err("connection refused".into());
            }
            let body = if url.contains("auth") {
                br#"{"token":"t-1"}"#.to_vec()
            } else {
                b"created".to_vec()
            };
            Ok(HttpResponse {
                code: if url.contains("auth") { 200 } else { 201 },
                status: "OK".into(),
                body,
                ..HttpResponse::default()
            })
        },
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        seen[0],
        json!({"url": "https://auth.example.test/token", "method": "GET"})
    );
    assert_eq!(seen[1]["method"], json!("POST"));
    assert_eq!(seen[1]["header"], json!([{ "key": "A", "value": "b" }]));
    assert_eq!(seen[2]["header"], json!([{ "key": "X-Map", "value": "1" }]));
    assert_eq!(
        logs(&out),
        [
            "callback null 200 t-1",
            "promise 201 created",
            "failed connection refused"
        ]
    );
    assert_eq!(
        scope(&out.variables.environment, "token"),
        Some(&json!("t-1"))
    );
}

#[test]
fn skip_request_stops_the_pre_request_scripts() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let out = run_with(
        &mut sandbox,
        input(
            Event::PreRequest,
            &[
                (
                    "collection",
                    "pm.execution.skipRequest(); console.log('not reached');",
                ),
                ("request", "console.log('not run');"),
            ],
        ),
        &mut |_| Err("offline".into()),
    );
    assert!(out.skip_request);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(out.console.is_empty());
    let test = run(
        Event::Test,
        "pm.execution.setNextRequest(null);\npm.execution.skipRequest();",
    );
    assert_eq!(test.next_request, Some(None));
    let error = error_of(&test);
    assert_eq!((error.name.as_str(), error.line), ("TypeError", Some(2)));
}

#[test]
fn a_syntax_error_names_the_script_and_line() {
    let out = run(Event::Test, "var a = 1;\nvar b = ;\n");
    let error = error_of(&out);
    assert_eq!(
        (error.name.as_str(), error.location.as_str(), error.line),
        ("SyntaxError", "request Get item", Some(2))
    );
}

#[test]
fn a_throw_names_the_line_and_later_scripts_still_run() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let out = run_with(
        &mut sandbox,
        input(
            Event::Test,
            &[
                (
                    "folder F",
                    "pm.test('before', () => {});\n\n  throw new RangeError('boom');",
                ),
                ("request R", "pm.test('after', () => {});"),
            ],
        ),
        &mut |_| Err("offline".into()),
    );
    let error = error_of(&out);
    assert_eq!(
        (
            error.name.as_str(),
            error.message.as_str(),
            error.location.as_str(),
            error.line,
            error.column
        ),
        ("RangeError", "boom", "folder F", Some(3), Some(13))
    );
    assert_eq!(passed(&out), [("before", true), ("after", true)]);
    let first_line = run(Event::Test, "undefinedFunction();");
    assert_eq!(
        (error_of(&first_line).line, error_of(&first_line).column),
        (Some(1), Some(1))
    );
}

#[test]
fn an_unknown_require_fails_clearly() {
    let out = run(Event::Test, "const x = require('left-pad');");
    let error = error_of(&out);
    assert_eq!(
        (error.name.as_str(), error.message.as_str(), error.line),
        ("Error", "Cannot find module 'left-pad'", Some(1))
    );
    let caught = run(
        Event::Test,
        "try { require('child_process') } catch (e) { console.log(e.code) }",
    );
    assert_eq!(logs(&caught), ["MODULE_NOT_FOUND"]);
}

#[test]
fn fs_and_os_are_the_sandboxs_harmless_shims_as_in_newman() {
    let out = run(
        Event::Test,
        "const fs = require('fs'), os = require('os');\n\
         console.log(JSON.stringify(Object.keys(fs)), fs === require('node:fs'));\n\
         console.log(os.hostname() === '', os.platform(), os.cpus().length, os.homedir());",
    );
    assert_eq!(logs(&out), ["[] true", "true browser 0 /"]);
}

#[test]
fn an_endless_loop_times_out_and_the_sandbox_goes_on() {
    let limits = Limits {
        timeout: Some(Duration::from_millis(100)),
        ..Limits::default()
    };
    let mut sandbox = Sandbox::new(limits).unwrap();
    let out = run_with(
        &mut sandbox,
        input(
            Event::Test,
            &[
                ("request Loop", "var i = 0;\nwhile (true) { i++; }"),
                ("request Next", "console.log('next script runs')"),
            ],
        ),
        &mut |_| Err("offline".into()),
    );
    let error = error_of(&out);
    assert_eq!(
        (error.name.as_str(), error.location.as_str()),
        ("ScriptTimeout", "request Loop")
    );
    assert!(
        error.line.is_some(),
        "the interrupted line is reported: {error:?}"
    );
    assert!(
        error
            .message
            .contains("synchronous script execution timeout"),
        "{}",
        error.message
    );
    assert_eq!(logs(&out), ["next script runs"]);

    let out = run_with(
        &mut sandbox,
        input(Event::Test, &[("request", "setInterval(() => {}, 10);")]),
        &mut |_| Err("offline".into()),
    );
    assert!(
        error_of(&out).message.contains("asynchronous"),
        "{:?}",
        out.errors
    );

    let out = run_with(
        &mut sandbox,
        input(
            Event::Test,
            &[("request", "pm.test('still works', () => {});")],
        ),
        &mut |_| Err("offline".into()),
    );
    assert_eq!(passed(&out), [("still works", true)]);
}

#[test]
fn unbounded_allocation_runs_out_of_memory_and_the_sandbox_goes_on() {
    let limits = Limits {
        memory_bytes: 48 << 20,
        ..Limits::default()
    };
    let mut sandbox = Sandbox::new(limits).unwrap();
    let out = run_with(
        &mut sandbox,
        input(
            Event::Test,
            &[(
                "request Hog",
                "const keep = [];\nwhile (true) { keep.push(new Array(100000).fill('x')); }",
            )],
        ),
        &mut |_| Err("offline".into()),
    );
    let error = error_of(&out);
    assert_eq!(
        (error.name.as_str(), error.location.as_str(), error.line),
        ("OutOfMemory", "request Hog", Some(2)),
        "{error:?}"
    );
    let out = run_with(
        &mut sandbox,
        input(
            Event::Test,
            &[(
                "request",
                "pm.test('after oom', () => { new Array(1000).fill(1); });",
            )],
        ),
        &mut |_| Err("offline".into()),
    );
    assert_eq!(passed(&out), [("after oom", true)]);
}

#[test]
fn errors_in_timer_callbacks_are_reported() {
    let out = run(
        Event::Test,
        "setTimeout(function () {\n  missing.call();\n}, 1);",
    );
    let error = error_of(&out);
    assert_eq!(
        (error.name.as_str(), error.line),
        ("ReferenceError", Some(2))
    );
}

#[test]
fn pm_expect_and_postman_assertions() {
    let out = run(
        Event::Test,
        r#"
        pm.test('status', () => pm.response.to.have.status(200));
        pm.test('ok and success', () => { pm.response.to.be.ok; pm.response.to.be.success; pm.expect(pm.response).to.not.be.error; });
        pm.test('header', () => pm.response.to.have.header('content-type', 'application/json'));
        pm.test('json body', () => { pm.response.to.be.json; pm.response.to.have.jsonBody('nested.ok', true); });
        pm.test('expect', () => { const b = pm.response.json(); pm.expect(b.tags).to.include('a'); pm.expect(b.id).to.be.a('number').and.equal(7); });
        pm.test('wrong status', () => pm.response.to.have.status(404));
        pm.test('wrong value', () => pm.expect(pm.response.json().name).to.eql('gadget'));
        pm.test('client error', () => pm.response.to.be.clientError);
        pm.test('body', () => pm.response.to.have.body(/widget/));
        "#,
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        passed(&out),
        [
            ("status", true),
            ("ok and success", true),
            ("header", true),
            ("json body", true),
            ("expect", true),
            ("wrong status", false),
            ("wrong value", false),
            ("client error", false),
            ("body", true),
        ]
    );
    let messages: Vec<_> = out
        .assertions
        .iter()
        .filter_map(|a| a.error.as_ref())
        .map(|e| (e.name.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "AssertionError",
                "expected response to have status code 404 but got 200"
            ),
            (
                "AssertionError",
                "expected 'widget' to deeply equal 'gadget'"
            ),
            (
                "AssertionError",
                "expected response code to be 4XX but found 200"
            ),
        ]
    );
}

#[test]
fn bundled_libraries_load_on_require_and_as_globals() {
    let out = run(
        Event::PreRequest,
        r#"
        const sig = CryptoJS.HmacSHA256('message', 'key').toString(CryptoJS.enc.Hex);
        console.log(sig);
        console.log(_.map([1, 2], x => x * 2).join(','), require('lodash').chunk([1, 2, 3], 2).length);
        console.log(require('moment').utc(0).format('YYYY-MM-DD'), typeof require('uuid').v4());
        console.log(JSON.stringify(xml2Json('<a><b>1</b></a>')), tv4.validate(1, { type: 'number' }));
        console.log(require('cheerio').load('<p class="x">hi</p>')('.x').text(), require('path').join('a', 'b'));
        console.log(require('url').parse('https://h.test/p?q=1', true).query.q, Buffer.from('hi').toString('base64'));
        try { require('lodash3') } catch (e) { console.log(e.message) }
        "#,
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        logs(&out),
        [
            "6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a",
            "2,4 2",
            "1970-01-01 string",
            r#"{"a":{"b":"1"}} true"#,
            "hi a/b",
            "1 aGk=",
            "Cannot find module 'lodash3'"
        ]
    );
}

#[test]
fn pre_request_changes_to_pm_request_are_what_gets_sent() {
    let out = run(
        Event::PreRequest,
        r#"
        console.log(pm.request.method, pm.request.url.toString(), pm.request.headers.get('content-type'));
        pm.request.headers.add({ key: 'X-Signature', value: 'sig' });
        pm.request.headers.upsert({ key: 'Content-Type', value: 'text/plain' });
        pm.request.url.query.add({ key: 'page', value: '2' });
        pm.request.body.raw = 'changed';
        pm.test('is a request', () => pm.expect(pm.request).to.be.postmanRequest.and.have.header('X-Signature'));
        "#,
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        logs(&out),
        ["POST https://api.example.test/items?q=1 application/json"]
    );
    assert_eq!(passed(&out), [("is a request", true)]);
    let headers = &out.request["header"];
    assert!(
        headers
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["key"] == "X-Signature" && h["value"] == "sig"),
        "{headers}"
    );
    assert!(
        headers
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["key"] == "Content-Type" && h["value"] == "text/plain"),
        "{headers}"
    );
    assert_eq!(out.request["body"]["raw"], json!("changed"));
    assert_eq!(
        out.request["url"]["query"][1],
        json!({"key": "page", "value": "2"})
    );
}

#[test]
fn an_unhandled_rejection_is_the_scripts_error() {
    let out = run(
        Event::Test,
        "Promise.reject(new TypeError('nobody caught me'));\nPromise.reject(new Error('caught')).catch(() => {});\n\
         pm.sendRequest('https://down.example.test/');",
    );
    let errors: Vec<_> = out
        .errors
        .iter()
        .map(|e| (e.name.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("TypeError", "nobody caught me"),
            ("Error", "no network in this test")
        ]
    );
}

#[test]
fn web_globals_encode_parse_urls_and_hash() {
    let out = run(
        Event::PreRequest,
        r#"
        const bytes = new TextEncoder().encode('hé✓');
        console.log(bytes.length, new TextDecoder().decode(bytes));
        const url = new URL('https://user:pw@API.example.test:443/a/b?x=1&y=two+words#frag');
        console.log(url.host, url.pathname, url.searchParams.get('y'), url.hash, url.username);
        url.searchParams.set('x', '2'); url.searchParams.append('z', 'a&b');
        console.log(url.href);
        console.log(new URL('../c?q', 'http://h.test/a/b/d').href, new URLSearchParams({ a: 1, b: 'x y' }).toString());
        const hex = b => Array.from(new Uint8Array(b)).map(x => x.toString(16).padStart(2, '0')).join('');
        console.log(hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'))));
        const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        const sig = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('message'));
        console.log(hex(sig), await crypto.subtle.verify('HMAC', key, sig, new TextEncoder().encode('message')));
        console.log(crypto.getRandomValues(new Uint8Array(4)).length, /^[0-9a-f-]{36}$/.test(crypto.randomUUID()));
        "#,
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        logs(&out),
        [
            "6 hé✓",
            "api.example.test /a/b two words #frag user",
            "https://user:pw@api.example.test/a/b?x=2&y=two+words&z=a%26b#frag",
            "http://h.test/a/c?q a=1&b=x+y",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a true",
            "4 true"
        ]
    );
}

#[test]
fn a_timeout_while_a_library_loads_leaves_the_library_loadable() {
    let limits = Limits {
        timeout: Some(Duration::from_millis(1)),
        ..Limits::default()
    };
    let mut sandbox = Sandbox::new(limits).unwrap();
    // 1 ms is far too short to load postman-collection: the script times out inside it, and
    // inside cheerio's load for the `cheerio` global (both take far more than 1 ms to load).
    for source in ["require('postman-collection');", "cheerio.load;"] {
        let out = run_with(
            &mut sandbox,
            input(Event::Test, &[("request", source)]),
            &mut |_| Err("offline".into()),
        );
        assert_eq!(error_of(&out).name, "ScriptTimeout", "{source}");
    }
    sandbox.set_timeout(None);
    let out = run_with(
        &mut sandbox,
        input(
            Event::Test,
            &[(
                "request",
                "console.log(typeof require('postman-collection').Request, typeof cheerio.load);",
            )],
        ),
        &mut |_| Err("offline".into()),
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(logs(&out), ["function function"]);
}

#[test]
fn values_json_cannot_hold_are_exported_as_text() {
    let out = run(
        Event::Test,
        "const cyclic = { name: 'c' }; cyclic.self = cyclic;\n\
         pm.environment.set('cyclic', cyclic); pm.environment.set('big', 10n); pm.environment.set('obj', { a: [1] });",
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let env = &out.variables.environment;
    assert_eq!(scope(env, "cyclic"), Some(&json!("[object Object]")));
    assert_eq!(scope(env, "big"), Some(&json!("10")));
    assert_eq!(scope(env, "obj"), Some(&json!({ "a": [1] })));
}

#[test]
fn repeated_executions_do_not_grow_the_heap() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let script = "const body = pm.response.json(); pm.test('id', () => pm.expect(body.id).to.equal(7)); \
                  pm.environment.set('seen', JSON.stringify(body)); setTimeout(() => {}, 0);";
    let heap_after = |runs: usize, sandbox: &mut Sandbox| {
        for _ in 0..runs {
            let out = run_with(
                sandbox,
                input(Event::Test, &[("request", script)]),
                &mut |_| Err("offline".into()),
            );
            assert_eq!(passed(&out), [("id", true)]);
        }
        sandbox.heap_bytes()
    };
    let warm = heap_after(50, &mut sandbox);
    let later = heap_after(500, &mut sandbox);
    assert!(
        later < warm + (2 << 20),
        "the heap grew from {warm} to {later} bytes over 500 executions"
    );
}

#[test]
fn schema_time_and_size_assertions() {
    let out = run(
        Event::Test,
        r#"
        const schema = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' } } };
        pm.test('schema', () => pm.response.to.have.jsonSchema(schema));
        pm.test('bad schema', () => pm.response.to.have.jsonSchema({ type: 'object', required: ['missing'] }));
        pm.test('fast', () => pm.expect(pm.response.responseTime).to.be.below(100));
        pm.test('time chain', () => pm.response.to.have.responseTime.below(100));
        pm.test('size', () => pm.response.to.have.responseSize(122));
        pm.test('tv4', () => pm.expect(tv4.validate(pm.response.json(), schema)).to.be.true);
        "#,
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        passed(&out),
        [
            ("schema", true),
            ("bad schema", false),
            ("fast", true),
            ("time chain", true),
            ("size", true),
            ("tv4", true)
        ]
    );
    let error = out.assertions[1].error.as_ref().unwrap();
    assert!(error.message.contains("missing"), "{}", error.message);
}

#[test]
fn an_http2_response_without_reason_gets_postmans_name_for_its_code() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let mut request = input(
        Event::Test,
        &[(
            "request",
            "console.log(pm.response.status, pm.response.reason()); pm.test('nf', () => pm.response.to.have.status('Not Found'));",
        )],
    );
    request.response = Some(HttpResponse {
        code: 404,
        status: String::new(),
        ..HttpResponse::default()
    });
    let out = run_with(&mut sandbox, request, &mut |_| Err("offline".into()));
    assert_eq!(logs(&out), ["Not Found Not Found"]);
    assert_eq!(passed(&out), [("nf", true)]);
}

#[test]
fn next_request_round_trips_through_json() {
    for (script, expected, text) in [
        ("", None, None),
        ("postman.setNextRequest(null)", Some(None), Some("null")),
        (
            "pm.execution.setNextRequest('B')",
            Some(Some("B".to_string())),
            Some("\"B\""),
        ),
    ] {
        let out = run(Event::Test, script);
        assert_eq!(out.next_request, expected, "{script}");
        let json = serde_json::to_value(&out).unwrap();
        assert_eq!(
            json.get("next_request").map(|v| v.to_string()).as_deref(),
            text,
            "{script}"
        );
        let back: ExecutionOutput = serde_json::from_value(json).unwrap();
        assert_eq!(back.next_request, expected, "{script}");
    }
}

#[test]
fn type_errors_read_as_newman_words_them() {
    let out = run(
        Event::Test,
        "pm.test('typo', () => pm.response.jsonn());\npm.test('deep', () => { const a = {}; return a.b.c; });\nconst o = {};\n  o.list.push(1);",
    );
    let tests: Vec<_> = out
        .assertions
        .iter()
        .map(|a| a.error.as_ref().map(|e| e.message.as_str()))
        .collect();
    assert_eq!(
        tests,
        [
            Some("pm.response.jsonn is not a function"),
            Some("Cannot read properties of undefined (reading 'c')")
        ]
    );
    let error = error_of(&out);
    assert_eq!(
        (error.name.as_str(), error.message.as_str(), error.line),
        (
            "TypeError",
            "Cannot read properties of undefined (reading 'push')",
            Some(4)
        )
    );
}

#[test]
fn a_script_replacing_json_does_not_break_the_engine() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let out = run_with(
        &mut sandbox,
        input(
            Event::Test,
            &[(
                "request",
                "JSON.stringify = () => 'broken'; JSON.parse = () => null; pm.environment.set('k', 'v');",
            )],
        ),
        &mut |_| Err("offline".into()),
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(scope(&out.variables.environment, "k"), Some(&json!("v")));
    let out = run_with(
        &mut sandbox,
        input(Event::Test, &[("request", "pm.test('next', () => {});")]),
        &mut |_| Err("offline".into()),
    );
    assert_eq!(passed(&out), [("next", true)]);
}

#[test]
fn many_scripts_timing_out_in_timers_are_each_their_own_failure() {
    let limits = Limits {
        timeout: Some(Duration::from_millis(50)),
        ..Limits::default()
    };
    let mut sandbox = Sandbox::new(limits).unwrap();
    let looping = "setTimeout(() => { while (true) {} }, 0);";
    let scripts: Vec<(String, &str)> = (0..4).map(|i| (format!("folder {i}"), looping)).collect();
    let mut scripts: Vec<(&str, &str)> = scripts.iter().map(|(l, s)| (l.as_str(), *s)).collect();
    scripts.push(("request", "pm.test('last script runs', () => {});"));
    let out = run_with(&mut sandbox, input(Event::Test, &scripts), &mut |_| {
        Err("offline".into())
    });
    let errors: Vec<_> = out
        .errors
        .iter()
        .map(|e| (e.name.as_str(), e.location.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("ScriptTimeout", "folder 0"),
            ("ScriptTimeout", "folder 1"),
            ("ScriptTimeout", "folder 2"),
            ("ScriptTimeout", "folder 3")
        ]
    );
    assert_eq!(passed(&out), [("last script runs", true)]);
}

#[test]
fn pm_vault_calls_go_to_the_host_which_answers_or_refuses() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let script = r#"
        console.log('got', await pm.vault.get('API_KEY'));
        console.log('missing', await pm.vault.get('NOPE'));
        console.log('set', await pm.vault.set('TOKEN', 42));
        await pm.vault.unset('LINKED').catch(e => console.log('refused', e.name, e.message));
        pm.vault.get('LATE').then(v => pm.environment.set('late', v));
        console.log('sync part ends first');
    "#;
    let mut calls = Vec::new();
    let mut step = sandbox.start(input(Event::PreRequest, &[("request", script)]));
    let out = loop {
        step = match step {
            Step::Done(out) => break out,
            Step::Vault { id, call } => {
                calls.push(call.clone());
                let answer = match (call.op, call.name.as_str()) {
                    (VaultOp::Get, "API_KEY") => Ok(Some("k-123".to_string())),
                    (VaultOp::Get, "LATE") => Ok(Some("late-value".to_string())),
                    (VaultOp::Unset, _) => Err("LINKED is linked to hcv".to_string()),
                    _ => Ok(None),
                };
                sandbox.answer_vault(id, answer)
            }
            other => panic!("unexpected {other:?}"),
        }
    };
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        logs(&out),
        [
            "got k-123",
            "missing undefined",
            "set undefined",
            "refused Error LINKED is linked to hcv",
            "sync part ends first",
        ]
    );
    assert_eq!(
        scope(&out.variables.environment, "late"),
        Some(&json!("late-value"))
    );
    let set = &calls[2];
    assert_eq!((set.op, set.name.as_str()), (VaultOp::Set, "TOKEN"));
    assert_eq!(
        set.value.as_deref(),
        Some("42"),
        "String(value), as Postman stores it"
    );
    assert!(
        !format!("{set:?}").contains("42"),
        "Debug hides the value: {set:?}"
    );
}

#[test]
fn an_unhandled_vault_refusal_is_the_script_error_and_the_script_goes_on() {
    let out = run(
        Event::Test,
        "pm.vault.get('API_KEY'); console.log('goes on');",
    );
    assert_eq!(logs(&out), ["goes on"]);
    let error = error_of(&out);
    assert_eq!(error.message, "no vault in this test");
}

#[test]
fn cookie_jar_calls_go_to_the_host_with_postman_sandboxs_checks_and_callbacks() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let script = r#"
        const jar = pm.cookies.jar();
        jar.set('http://h.test/', 'a', '1', (err, cookie) => console.log('set', err, cookie.name, cookie.domain));
        jar.set('http://h.test/', { name: 'b', value: 2, path: '/x', httpOnly: true });
        jar.set('http://h.test/', 'c=3; Path=/');
        jar.get('http://h.test/', 'a', (err, value) => console.log('get', err, value));
        jar.getAll('http://h.test/', (err, all) => console.log('all', all.map(c => c.name).join(), all.count()));
        jar.unset('http://h.test/', 'a', (err) => console.log('unset', err));
        jar.clear('http://h.test/', (err) => console.log('clear', err && err.message));
        try { jar.get('http://h.test/', 'a'); } catch (e) { console.log(e.name, e.message); }
        try { jar.set(null, 'a', '1'); } catch (e) { console.log(e.name, e.message); }
    "#;
    let mut calls = Vec::new();
    let mut step = sandbox.start(input(Event::Test, &[("request", script)]));
    let out = loop {
        step = match step {
            Step::Done(out) => break out,
            Step::Cookies { id, call } => {
                calls.push(call.clone());
                let answer = match call.op {
                    CookieOp::Set => Ok(json!({"name": "a", "value": "1", "domain": "h.test"})),
                    CookieOp::Get => Ok(json!("1")),
                    CookieOp::GetAll => {
                        Ok(json!([{"name": "a", "value": "1"}, {"name": "c", "value": "3"}]))
                    }
                    CookieOp::Unset => Ok(Value::Null),
                    CookieOp::Clear => Err("CookieStore: no store found".into()),
                };
                sandbox.answer_cookies(id, answer)
            }
            other => panic!("unexpected {other:?}"),
        };
    };
    assert_eq!(
        logs(&out),
        [
            "TypeError CookieJar.get() requires a callback function",
            "TypeError CookieJar.set() requires a valid url",
            "set null a h.test",
            "get null 1",
            "all a,c 2",
            "unset null",
            "clear CookieStore: no store found",
        ]
    );
    let ops: Vec<CookieOp> = calls.iter().map(|c| c.op).collect();
    use CookieOp::*;
    assert_eq!(ops, [Set, Set, Set, Get, GetAll, Unset, Clear]);
    let object = calls[1].cookie.as_ref().unwrap();
    assert_eq!(
        (
            object.name.as_str(),
            object.value.as_str(),
            object.path.as_str(),
            object.http_only
        ),
        ("b", "2", "/x", true)
    );
    assert_eq!(
        calls[2].name.as_deref(),
        Some("c=3; Path=/"),
        "a Set-Cookie string"
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
}

/// What newman's cli reporter shows for `console.log(ARGS)`: each expected text is what
/// newman 6.2.2's own path printed in node 20 for the same arguments (postman-sandbox's
/// transport, then `util.inspect` with the reporter's options).
#[test]
fn console_arguments_are_shown_as_newman_shows_them() {
    let cases: &[(&str, &str)] = &[
        (
            "'pre-request log', 1, true, null, undefined",
            "'pre-request log', 1, true, null, undefined",
        ),
        (
            "{ nested: { list: [1, 2, { deep: 'x' }] } }",
            "{\n  nested: { list: [ 1, 2, { deep: 'x' } ] }\n}",
        ),
        (
            "'error line', new Error('as an error')",
            "'error line', {\n  type: 'Error',\n  name: 'Error',\n  message: 'as an error'\n}",
        ),
        (
            "'%s has %d items', 'list', 3, '%j', { a: 1 }",
            "'%s has %d items', 'list', 3, '%j', { a: 1 }",
        ),
        (
            "new TypeError('t')",
            "{\n  type: 'Error',\n  name: 'TypeError',\n  message: 't'\n}",
        ),
        (
            "new Date(0), new Date(NaN)",
            "1970-01-01T00:00:00.000Z, null",
        ),
        (
            "function bar() {}, () => 1, async function baz() {}, class K {}",
            "'[Function: bar]', '[Function]', '[AsyncFunction: baz]', '[Function: K]'",
        ),
        (
            "new (class Foo { constructor() { this.x = 1; } })()",
            "{ x: 1 }",
        ),
        (
            "(() => { const o = { name: 'o' }; o.self = o; return o; })()",
            "<ref *1> {\n  name: 'o',\n  self: [Circular *1]\n}",
        ),
        (
            "(() => { const o1 = {}; const o2 = { o1 }; o1.o2 = o2; return { o1, o2 }; })()",
            "{\n  o1: <ref *1> {\n    o2: { o1: [Circular *1] }\n  },\n  o2: <ref *2> {\n    o1: <ref *1> { o2: [Circular *2] }\n  }\n}",
        ),
        (
            "(() => { const s = { z: 1 }; return { a: s, b: s }; })()",
            "{ a: { z: 1 }, b: { z: 1 } }",
        ),
        (
            "Array.from({ length: 120 }, (_, i) => i)",
            "[\n   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10,\n  11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,\n  22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,\n  33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,\n  44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54,\n  55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65,\n  66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76,\n  77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87,\n  88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98,\n  99,\n  ... 20 more items\n]",
        ),
        (
            "'a'.repeat(130)",
            "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'",
        ),
        (
            "'line1\\nline2 is longer than sixteen chars and more more more more'",
            "'line1\\n' +\n  'line2 is longer than sixteen chars and more more more more'",
        ),
        (
            "new Map([['k', { a: 1 }], ['f', function f() {}]]), new Set(['x', [1, 2]])",
            "Map(2) {\n  'k' => { a: 1 },\n  'f' => null\n}, Set(2) { 'x', [ 1, 2 ] }",
        ),
        (
            "new Uint8Array([1, 2]), new WeakMap(), new ArrayBuffer(4)",
            "Uint8Array(2) [ 1, 2 ], '[WeakMap]', '[ArrayBuffer { byteLength: 4 }]'",
        ),
        (
            "NaN, -0, Infinity, 10n, Symbol('s')",
            "NaN, 0, Infinity, 10n, Symbol(s)",
        ),
        (
            "{ get g() { return 5; }, s: Symbol('q'), u: undefined }",
            "{\n  g: 5,\n  s: Symbol(q),\n  u: undefined\n}",
        ),
        (
            "/ab+c/gi, new String('s'), new Number(3), [, 1]",
            "/ab+c/gi, 's', 3, [ undefined, 1 ]",
        ),
        (
            "{ '1': 2, 'a-b': 1, 'é': 4 }, { fn() {}, arrow: () => 1 }",
            "{ '1': 2, 'a-b': 1, 'é': 4 }, {\n  fn: '[Function: fn]',\n  arrow: '[Function: arrow]'\n}",
        ),
        (
            "{ toJSON() { return { shown: true }; }, hidden: 1 }",
            "{ shown: true }",
        ),
        (
            "['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'honeydew']",
            "[\n  'apple',  'banana',\n  'cherry', 'date',\n  'elder',  'fig',\n  'grape',  'honeydew'\n]",
        ),
    ];
    let source: String = cases
        .iter()
        .map(|(args, _)| format!("console.log({args});\n"))
        .collect();
    let out = run(Event::Test, &source);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.console.len(), cases.len());
    for (line, (args, expected)) in out.console.iter().zip(cases) {
        assert_eq!(
            format_console(&line.args, &|s| s.to_string()),
            *expected,
            "console.log({args})"
        );
    }
}

#[test]
fn a_refused_send_calls_back_with_a_plain_object_and_an_empty_response() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let source = "pm.sendRequest('http://127.0.0.1:1/', (err, res) => {\n\
        console.log(err instanceof Error, typeof err, err.message, res.code, Object.keys(res).join());\n\
        pm.test('empty', () => pm.expect(res).to.equal(undefined));\n\
    });";
    let out = run_with(
        &mut sandbox,
        input(Event::Test, &[("request Get item", source)]),
        &mut |_| Err("connection refused".into()),
    );
    assert_eq!(
        logs(&out),
        ["false object connection refused undefined id,_details,headers,cookies"]
    );
    let error = out.assertions[0].error.as_ref().expect("the test fails");
    assert_eq!(
        error.message,
        "expected PostmanResponse{ …(4) } to equal undefined"
    );
}

#[test]
fn results_are_stamped_in_the_order_they_happened() {
    let mut sandbox = Sandbox::new(Limits::default()).unwrap();
    let source = "console.log('first');\n\
        pm.sendRequest('http://api.example.test/', () => { pm.test('in the callback', () => {}); });\n\
        pm.test('sync', () => {});\n\
        setTimeout(() => console.log('timer'), 1);";
    let scripts = [
        ("request Get item", source),
        (
            "request Get item",
            "console.log('second'); throw new Error('after all');",
        ),
    ];
    let out = run_with(&mut sandbox, input(Event::Test, &scripts), &mut |_| {
        Ok(response())
    });
    let mut stamped: Vec<(u64, String)> = Vec::new();
    stamped.extend(out.console.iter().map(|l| {
        (
            l.seq,
            format!("console {}", format_console(&l.args, &|s| s.to_string())),
        )
    }));
    stamped.extend(
        out.assertions
            .iter()
            .map(|a| (a.seq, format!("test {}", a.name))),
    );
    stamped.extend(out.answered.iter().map(|seq| (*seq, "answer".to_string())));
    stamped.extend(
        out.errors
            .iter()
            .map(|e| (e.seq.expect("stamped"), format!("error {}", e.message))),
    );
    stamped.sort();
    let order: Vec<&str> = stamped.iter().map(|(_, what)| what.as_str()).collect();
    assert_eq!(
        order,
        [
            "console 'first'",
            "test sync",
            "answer",
            "test in the callback",
            "console 'timer'",
            "console 'second'",
            "error after all"
        ]
    );
}
