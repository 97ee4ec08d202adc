// The state machine the host drives (src/sandbox.rs): one `begin` per event, then `step` until
// it answers `done`; `reply` answers a `send` or a `vault` call; `abort` ends the running script after a timeout
// or out-of-memory. Scripts of an event run one after the other; each is an "execution" with its
// own `pm`, timers and tests, as in postman-sandbox, and ends when nothing of it is pending.
(function (host, lib) {
    'use strict';

    var AGAIN = '{"kind":"again"}';
    // The host channel's own JSON: a script may replace JSON.parse (some polyfill it for a BOM).
    var toJson = JSON.stringify, fromJson = JSON.parse;
    var LEGACY_OFF = /^\s*(['"])use sandbox2\1;/;
    var PARAMS = ['pm', 'console', 'require', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout',
        'clearInterval', 'clearImmediate', 'tests', 'globals', 'environment', 'data', 'iteration', 'postman',
        'request', 'responseCookies', 'responseHeaders', 'responseTime', 'responseCode', 'responseBody',
        '_', 'CryptoJS', 'tv4', 'xml2Json', 'cheerio'];
    // The user's code is the body of an inner function, so its `let data` may shadow a parameter;
    // the prefix shares the first line so line numbers are the script's own.
    var PREFIX = '(function (' + PARAMS.join(', ') + ') { return (async function () {';
    var SUFFIX = '\n})(); })';

    var state = null;   // the event being run
    var current = null; // the running execution
    var timers = [];
    var timerSeq = 0;
    var nextTimerId = 1;
    var outbox = [];    // pm.sendRequest and pm.vault calls not yet handed to the host
    var sends = {};     // id -> { exec, answer(json) }, handed to the host, awaiting reply
    var nextSendId = 1;
    var rejections = []; // { promise, reason, exec } not handled yet
    // Orders what reporters show as it happened (console lines, assertions, answers to
    // pm.sendRequest, script errors): newman's cli reporter prints each as it comes.
    var clock = 0;
    function tick() { return ++clock; }

    var OUT_OF_MEMORY = 'the script ran out of memory (the sandbox\'s limit); it stopped here';

    // An error as reported: QuickJS words some TypeErrors unlike V8 (newman's engine), and says
    // "not a function" without naming it; reports should read as newman's.
    function describe(exec, error) {
        var described = lib.toJsError(error), position = lib.position(error, exec.location, PREFIX.length);
        var message = described.message, match;
        if (described.name === 'InternalError' && message === 'out of memory') {
            return { name: 'OutOfMemory', message: OUT_OF_MEMORY, stack: '', position: position };
        }
        if (described.name === 'TypeError') {
            if ((match = /^cannot (read|set) property '(.*)' of (undefined|null)$/.exec(message))) {
                message = 'Cannot ' + match[1] + ' properties of ' + match[3] + ' (' +
                    (match[1] === 'read' ? 'reading' : 'setting') + " '" + match[2] + "')";
            }
            else if (message === 'not a function' && position.line) {
                var callee = calleeAt(exec.source, position.line, position.column);
                callee && (message = callee + ' is not a function');
            }
        }
        return { name: described.name, message: message, stack: described.stack, position: position };
    }

    // The called expression around `line:column` (where QuickJS points), e.g. "pm.response.jsonn".
    function calleeAt(source, line, column) {
        var text = String(source).split('\n')[line - 1];
        if (text === undefined) { return null; }
        var at = Math.max(0, column - 1);
        while (at < text.length && /\s/.test(text[at])) { at++; }
        var end = at, depth = 0;
        for (; end < text.length; end++) {
            var c = text[end];
            if (c === '[') { depth++; }
            else if (c === ']') { depth--; }
            else if (depth === 0 && !/[\w$.]/.test(c)) { break; }
        }
        var start = at;
        while (start > 0) {
            var before = text[start - 1];
            if (before === ']') {
                var open = text.lastIndexOf('[', start - 1);
                if (open < 0) { break; }
                start = open;
            }
            else if (/[\w$.]/.test(before)) { start--; }
            else { break; }
        }
        var callee = text.slice(start, end);
        return /^[A-Za-z_$][\w$]*(\.[\w$]+|\[[^\]]*\])*$/.test(callee) ? callee : null;
    }

    function recordError(exec, error) {
        if (error === lib.SKIP) { return; }
        var described = describe(exec, error), position = described.position;
        state.output.errors.push({
            name: described.name, message: described.message, location: exec.location,
            line: position.line, column: position.column, seq: null
        });
    }

    // ---- hooks for pm.js ----
    var hooks = {
        describe: function (exec, error) {
            var described = describe(exec, error);
            return { name: described.name, message: described.message, stack: described.stack };
        },
        newAssertion: function (exec, name, skipped) {
            return { name: String(name), index: exec.testIndex++, passed: true, skipped: skipped, error: null,
                location: exec.location };
        },
        addAssertion: function (exec, assertion) {
            if (exec.finished) { return; }
            assertion.seq = tick();
            state.output.assertions.push(assertion);
        },
        startTest: function (exec, pending) { exec.pendingTests.push(pending); },
        endTest: function (exec, pending) {
            var i = exec.pendingTests.indexOf(pending);
            i >= 0 && exec.pendingTests.splice(i, 1);
        },
        send: function (exec, request, callback) {
            if (exec.finished) { return; }
            var id = nextSendId++;
            sends[id] = { exec: exec, answer: function (answer) {
                if (answer.error === undefined) {
                    callback(null, new lib.Response(answer.response), { cookies: [] });
                    return;
                }
                // As in newman: the error arrives as a plain object (postman-runtime's error,
                // serialized into the sandbox), with an empty response.
                callback({ message: String(answer.error) }, lib.Response.empty(), { cookies: [] });
            } };
            outbox.push({ id: id, step: { kind: 'send', id: id, request: request } });
        },
        // pm.vault.get/set/unset: the host answers (or denies), as it answers pm.sendRequest.
        vault: function (exec, op, name, value) {
            return new Promise(function (resolve, reject) {
                if (exec.finished) { return; }
                var id = nextSendId++;
                sends[id] = { exec: exec, answer: function (answer) {
                    if (answer.error !== undefined) { reject(new Error(String(answer.error))); }
                    else { resolve(answer.value === null ? undefined : answer.value); }
                } };
                outbox.push({ id: id, step: { kind: 'vault', id: id, op: op, name: name,
                    value: value === undefined ? null : value } });
            });
        },
        // pm.cookies.jar(): each call goes to the host's jar (the run's, which requests use);
        // the callback, if any, runs with the answer, later, as postman-sandbox's does.
        cookies: function (exec, call, callback) {
            if (exec.finished) { return; }
            var id = nextSendId++;
            sends[id] = { exec: exec, answer: function (answer) {
                if (typeof callback !== 'function') { return; }
                if (answer.error !== undefined) { callback(new Error(String(answer.error))); }
                else { callback(null, answer.value === null ? null : answer.value); }
            } };
            call.kind = 'cookies';
            call.id = id;
            outbox.push({ id: id, step: call });
        },
        setNextRequest: function (name) {
            if (name === undefined) { return; }
            state.output.nextRequest = { name: name === null ? null : String(name) };
        }
    };

    // ---- timers of one execution ----
    function timerApi(exec) {
        // As postman-sandbox's timers: a callback that is not a function sets no timer, and the
        // callback is called without arguments (extra setTimeout arguments are dropped).
        function add(fn, delay, args, repeat) {
            if (typeof fn !== 'function' || exec.finished) { return undefined; }
            delay = Math.max(0, Number(delay) || 0);
            var id = nextTimerId++;
            timers.push({ id: id, exec: exec, due: host.now() + delay, seq: timerSeq++, fn: fn, args: args,
                interval: repeat ? Math.max(1, delay) : null });
            return id;
        }
        function clear(id) {
            timers = timers.filter(function (t) { return !(t.id === id && t.exec === exec); });
        }
        return {
            setTimeout: function (fn, delay) { return add(fn, delay, [], false); },
            setInterval: function (fn, delay) { return add(fn, delay, [], true); },
            setImmediate: function (fn) { return add(fn, 0, [], false); },
            clearTimeout: clear,
            clearInterval: clear,
            clearImmediate: clear
        };
    }

    function earliestTimer() {
        var best = null;
        timers.forEach(function (t) {
            if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) { best = t; }
        });
        return best;
    }

    function fire(timer) {
        if (timer.interval === null) { timers.splice(timers.indexOf(timer), 1); }
        else { timer.due = host.now() + timer.interval; timer.seq = timerSeq++; }
        try { timer.fn.apply(undefined, timer.args); }
        catch (e) { recordError(timer.exec, e); }
    }

    // As postman-sandbox's console: `clear` is one more level (newman shows its line).
    var LEVELS = ['log', 'info', 'warn', 'error', 'debug', 'clear'];

    function consoleApi(exec) {
        var out = {};
        LEVELS.forEach(function (level) {
            out[level] = function () {
                if (exec.finished) { return; }
                var args = lib.consoleArgs(arguments);
                state.output.console.push({ level: level, args: args, seq: tick(), at: host.now() });
            };
        });
        out.trace = out.dir = out.log;
        return out;
    }

    // Compiled scripts, by location and source: a run executes the same scripts every iteration.
    // Each call of the cached outer function makes a fresh inner one, so nothing is shared.
    var compiled = new Map();
    var COMPILED_MAX = 512;

    function compile(source, location) {
        var key = location + '\n' + source, script = compiled.get(key);
        if (!script) {
            var uses = {};
            PARAMS.forEach(function (name) { uses[name] = new RegExp('\\b' + name + '\\b').test(source); });
            script = { run: host.evaluate(PREFIX + source + SUFFIX, location), uses: uses };
            compiled.size >= COMPILED_MAX && compiled.clear();
            compiled.set(key, script);
        }
        return script;
    }

    // ---- one script ----
    function startExecution() {
        var script = state.scripts[state.next++];
        var exec = { location: String(script.location), source: String(script.source || ''), testIndex: 0,
            pendingTests: [], legacyTests: {}, syncDone: false, finished: false };
        current = exec;
        var source = String(script.source || '');
        if (!source.trim()) { exec.syncDone = true; return; }
        host.arm(true);

        var script;
        try { script = compile(source, exec.location); }
        catch (e) {
            recordError(exec, e);
            exec.syncDone = true;
            return;
        }
        var pm = lib.createPm(exec, state, hooks);
        exec.timers = timerApi(exec);
        exec.console = consoleApi(exec);
        var values = Object.assign({ pm: pm, console: exec.console, require: lib.require }, exec.timers,
            LEGACY_OFF.test(source) ? {} : lib.legacyGlobals(exec, state, pm, script.uses));
        var promise = script.run.apply(undefined, PARAMS.map(function (name) { return values[name]; }));
        exec.syncDone = true;
        raiseLegacyTests(exec);
        promise.then(undefined, function (e) { exec.finished || recordError(exec, e); });
    }

    // tests["name"] = truthy: reported after the script's synchronous part, as postman-sandbox does.
    function raiseLegacyTests(exec) {
        Object.keys(exec.legacyTests).forEach(function (name) {
            var assertion = hooks.newAssertion(exec, name, false), value = exec.legacyTests[name];
            assertion.passed = Boolean(value);
            if (!assertion.passed) {
                assertion.error = { name: 'AssertionError', message: 'expected ' + String(value) + ' to be truthy', stack: '' };
            }
            hooks.addAssertion(exec, assertion);
        });
    }

    // Script errors show when their script ends, as newman's `script` event.
    function stampErrors() {
        state.output.errors.forEach(function (e) { e.seq === null && (e.seq = tick()); });
    }

    function finish(exec) {
        exec.pendingTests.slice().forEach(function (pending) {
            pending.assertion.passed = false;
            pending.assertion.error = { name: 'Error', stack: '',
                message: 'the test did not finish (done() not called or its promise never settled) before the script ended' };
            pending.assertion.seq = tick();
            state.output.assertions.push(pending.assertion);
        });
        stampErrors();
        exec.pendingTests = [];
        exec.finished = true;
        host.arm(false);
        timers = timers.filter(function (t) { return t.exec !== exec; });
        outbox = outbox.filter(function (s) { return sends[s.id] && sends[s.id].exec !== exec; });
        Object.keys(sends).forEach(function (id) { sends[id].exec === exec && delete sends[id]; });
    }

    function awaitingReply(exec) {
        return Object.keys(sends).some(function (id) { return sends[id].exec === exec; });
    }

    function output() {
        var scopes = state.scopes;
        return {
            request: lib.finishRequest(state),
            variables: {
                globals: scopes.globals.export(), environment: scopes.environment.export(),
                collection: scopes.collection.export(), data: scopes.data.export(), local: scopes.local.export()
            },
            assertions: state.output.assertions,
            console: state.output.console,
            // absent: not set; null: setNextRequest(null)
            next_request: state.output.nextRequest && state.output.nextRequest.name,
            skip_request: state.output.skip,
            errors: state.output.errors,
            answered: state.output.answered
        };
    }

    // Bundled libraries reach for the global timers and console (process.nextTick runs on
    // setTimeout): they act for the running execution, as its own would.
    function forward(name, make) {
        globalThis[name] = function () {
            var api = current && !current.finished ? make(current) : null;
            return api ? api[name].apply(undefined, arguments) : undefined;
        };
    }
    ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']
        .forEach(function (name) { forward(name, function (exec) { return exec.timers; }); });
    globalThis.console = {};
    LEVELS.forEach(function (level) {
        globalThis.console[level] = function () {
            current && !current.finished && current.console[level].apply(undefined, arguments);
        };
    });

    function done() {
        stampErrors();
        var out = output();
        try { return toJson({ kind: 'done', output: out }); }
        catch (e) {
            // Only pm.request can hold what JSON cannot (a script's cyclic object on a plain request).
            out.request = null;
            out.errors.push({ name: 'TypeError', location: '', line: null, column: null, seq: null,
                message: 'pm.request cannot be sent: a script left a value in it that is not JSON (' + e.message + ')' });
            return toJson({ kind: 'done', output: out });
        }
    }

    lib.engine = {
        begin: function (json) {
            state = null; // if this fails half-way, step() fails and the host reports it
            var input = fromJson(json), vars = input.variables;
            timers = [];
            outbox = [];
            sends = {};
            rejections = [];
            current = null;
            var scopes = {
                globals: new lib.VariableScope(vars.globals, true),
                environment: new lib.VariableScope(vars.environment, true),
                collection: new lib.VariableScope(vars.collection),
                data: new lib.VariableScope(vars.data),
                local: new lib.VariableScope(vars.local)
            };
            scopes.resolving = new lib.ResolvingScope(scopes);
            scopes.environment.name = input.info.environment_name || undefined;
            state = {
                event: input.event, info: input.info, scripts: input.scripts || [], next: 0,
                requestJson: input.request, request: undefined,
                responseData: input.response, response: undefined,
                cookies: input.cookies || [], scopes: scopes,
                output: { assertions: [], console: [], nextRequest: undefined, skip: false, errors: [], answered: [] }
            };
        },

        // From the host's promise rejection tracker; `handled` when a handler came later.
        rejection: function (promise, reason, handled) {
            if (handled) {
                rejections = rejections.filter(function (r) { return r.promise !== promise; });
            }
            else if (current && !current.finished) {
                rejections.push({ promise: promise, reason: reason, exec: current });
            }
        },

        step: function (now) {
            if (!state) { throw new Error('step() before a successful begin()'); }
            // The jobs have run: a rejection nobody handled is the script's error.
            rejections.forEach(function (r) { r.exec.finished || recordError(r.exec, r.reason); });
            rejections = [];
            if (outbox.length) {
                return toJson(outbox.shift().step);
            }
            if (current === null) {
                if (state.output.skip || state.next >= state.scripts.length) {
                    return done();
                }
                startExecution();
                return AGAIN;
            }
            var exec = current;
            if (exec.finished) {
                current = null;
                return AGAIN;
            }
            var timer = earliestTimer();
            if (timer && timer.due <= now) {
                fire(timer);
                return AGAIN;
            }
            if (timer) {
                return toJson({ kind: 'wait', ms: timer.due - now });
            }
            if (awaitingReply(exec)) {
                state.output.errors.push({ name: 'Error', location: exec.location, line: null, column: null, seq: null,
                    message: 'pm.sendRequest or pm.vault was never answered (the runner resumed without a reply)' });
            }
            // Nothing left that could make progress: the script is over.
            finish(exec);
            return AGAIN;
        },

        reply: function (id, json) {
            // Every answer is stamped, in the order answered: the host pairs them with its sends.
            state && state.output.answered.push(tick());
            var pending = sends[id];
            if (!pending) { return; }
            delete sends[id];
            try { pending.answer(fromJson(json)); }
            catch (e) { recordError(pending.exec, e); }
        },

        abort: function (json) {
            var failure = fromJson(json), exec = current;
            lib.forgetUnfinishedLoads();
            if (!state) { return; }
            var entry = { name: failure.name, message: failure.message, location: exec ? exec.location : '',
                line: null, column: null, seq: null };
            if (failure.name === 'ScriptTimeout') {
                entry.message = 'sandbox: ' + (exec && exec.syncDone ? 'asynchronous' : 'synchronous') +
                    ' script execution timeout after ' + host.timeoutMs() + ' ms';
            }
            else if (failure.name === 'OutOfMemory') {
                entry.message = OUT_OF_MEMORY;
            }
            if (exec && failure.stack) {
                var position = lib.position({ stack: failure.stack }, exec.location, PREFIX.length);
                entry.line = position.line;
                entry.column = position.column;
            }
            state.output.errors.push(entry);
            exec && !exec.finished && finish(exec);
            stampErrors();
        }
    };
})
