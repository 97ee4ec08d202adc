// Smoke test of the vendored bundles outside Node: each bundle is evaluated in a fresh JavaScript
// context that has no require, process, Buffer or global, only what locket's engine gives scripts
// (timers, console), using the engine's wrapper `(function (module, exports, require) { ... })`;
// then code from smoke-cases.mjs uses it as a Postman script would.
//
// It runs every case twice: in a Node `vm` context, and in QuickJS-ng (the engine locket embeds)
// through its WebAssembly build, when the quickjs packages of package.json are installed (bundle.sh
// runs this from its scratch directory, where they are).
//
// Usage: node smoke.mjs [VENDOR_DIR]   (default: crates/locket-script/js/vendor of this repository)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { CASES } from './smoke-cases.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const vendorDir = path.resolve(process.argv[2] || path.join(here, '../../crates/locket-script/js/vendor'));
const fileOf = (name) => path.join(vendorDir, name.replace(/\//g, '__') + '.js');

// What the engine gives a script, written in the guest's own JavaScript: timers on a virtual clock
// that the host advances (as the engine's event loop does), a console, and require() over the
// bundles. __bundle(name) is the host's: it evaluates a bundle's wrapper and returns the function.
const PRELUDE = `
(function () {
    const timers = new Map();
    let nextId = 1, now = 0;
    function schedule(fn, ms, args, repeat) {
        const id = nextId++;
        timers.set(id, { fn, args, due: now + Math.max(0, Number(ms) || 0), seq: id, repeat: repeat ? Math.max(1, Number(ms) || 0) : 0 });
        return id;
    }
    globalThis.setTimeout = (fn, ms, ...args) => schedule(fn, ms, args, false);
    globalThis.setInterval = (fn, ms, ...args) => schedule(fn, ms, args, true);
    globalThis.clearTimeout = globalThis.clearInterval = (id) => { timers.delete(id); };
    // Runs the earliest timer; false when there is none.
    globalThis.__runNextTimer = () => {
        let first;
        for (const [id, t] of timers) {
            if (!first || t.due < first[1].due || (t.due === first[1].due && t.seq < first[1].seq)) first = [id, t];
        }
        if (!first) return false;
        const [id, t] = first;
        now = t.due;
        if (t.repeat) { t.due = now + t.repeat; t.seq = nextId++; } else { timers.delete(id); }
        t.fn(...t.args);
        return true;
    };
    globalThis.console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
    const cache = Object.create(null);
    globalThis.__require = function require(name) {
        if (name in cache) return cache[name].exports;
        const factory = __bundle(String(name));
        const module = { exports: {} };
        cache[name] = module;
        factory.call(module.exports, module, module.exports, require);
        return module.exports;
    };
})();
`;

const wrap = (source) => `(function (module, exports, require) {${source}\n})`;

function bundleSource(name) {
    const file = fileOf(name);
    if (!fs.existsSync(file)) {
        return null;
    }
    return wrap(fs.readFileSync(file, 'utf8'));
}

const runCase = (code) => `
    globalThis.__outcome = undefined;
    Promise.resolve().then(() => (function (require) {${code}\n})(__require)).then(
        (value) => { globalThis.__outcome = JSON.stringify({ value: value === undefined ? null : value }); },
        (error) => { globalThis.__outcome = JSON.stringify({ error: String(error) + '\\n' + (error && error.stack) }); });
`;

const MAX_TIMERS = 10000;

// The Node vm engine: a context with no Node globals at all.
async function inNodeVm(code) {
    const context = vm.createContext({});
    context.__bundle = (name) => {
        const source = bundleSource(name);
        if (source === null) {
            throw new (vm.runInContext('Error', context))(`Cannot find module '${name}'`);
        }
        return vm.runInContext(source, context, { filename: fileOf(name) });
    };
    vm.runInContext(PRELUDE, context);
    const before = new Set(vm.runInContext('Object.getOwnPropertyNames(globalThis)', context));
    vm.runInContext(runCase(code), context);
    for (let i = 0; i < MAX_TIMERS; i++) {
        await new Promise((resolve) => setImmediate(resolve)); // let the context's promise jobs run
        if (context.__outcome !== undefined || !vm.runInContext('__runNextTimer()', context)) {
            break;
        }
    }
    const added = Array.from(vm.runInContext('Object.getOwnPropertyNames(globalThis)', context))
        .filter((n) => !before.has(n) && n !== '__outcome');
    return { outcome: context.__outcome, added };
}

// The QuickJS-ng engine, as WebAssembly; null when its packages are not installed.
async function loadQuickJs() {
    try {
        const { newQuickJSWASMModuleFromVariant } = await import('quickjs-emscripten-core');
        const variant = (await import('@jitl/quickjs-ng-wasmfile-release-sync')).default;
        return await newQuickJSWASMModuleFromVariant(variant);
    } catch (error) {
        return null;
    }
}

function inQuickJs(QuickJS, code) {
    const runtime = QuickJS.newRuntime();
    runtime.setMemoryLimit(256 * 1024 * 1024);
    runtime.setMaxStackSize(4 * 1024 * 1024);
    const context = runtime.newContext();
    const unwrap = (result, what) => {
        if (result.error) {
            const error = context.dump(result.error);
            result.error.dispose();
            throw new Error(`${what}: ${JSON.stringify(error)}`);
        }
        return result.value;
    };
    const bundle = context.newFunction('__bundle', (nameHandle) => {
        const name = context.getString(nameHandle);
        const source = bundleSource(name);
        if (source === null) {
            return { error: context.newError(`Cannot find module '${name}'`) };
        }
        return context.evalCode(source, fileOf(name));
    });
    context.setProp(context.global, '__bundle', bundle);
    bundle.dispose();
    unwrap(context.evalCode(PRELUDE, 'prelude.js'), 'prelude').dispose();
    const names = () => {
        const handle = unwrap(context.evalCode('Object.getOwnPropertyNames(globalThis)'), 'globals');
        const list = context.dump(handle);
        handle.dispose();
        return list;
    };
    const before = new Set(names());
    unwrap(context.evalCode(runCase(code), 'case.js'), 'case').dispose();
    let outcome;
    for (let i = 0; i < MAX_TIMERS; i++) {
        const jobs = runtime.executePendingJobs();
        if (jobs.error) {
            jobs.error.dispose();
        }
        const handle = context.getProp(context.global, '__outcome');
        outcome = context.dump(handle);
        handle.dispose();
        if (outcome !== undefined) {
            break;
        }
        const ran = unwrap(context.evalCode('__runNextTimer()'), 'timer');
        const more = context.dump(ran);
        ran.dispose();
        if (!more && !runtime.hasPendingJob()) {
            break;
        }
    }
    const added = names().filter((n) => !before.has(n) && n !== '__outcome');
    context.dispose();
    runtime.dispose();
    return { outcome, added };
}

function check(engine, { outcome, added }, expected) {
    assert.ok(outcome !== undefined, `${engine}: the case never settled (a timer or promise never fired)`);
    const parsed = JSON.parse(outcome);
    assert.equal(parsed.error, undefined, `${engine}: ${parsed.error}`);
    assert.deepEqual(parsed.value, expected);
    assert.deepEqual(added, [], `${engine}: the bundle left globals behind`);
}

const QuickJS = await loadQuickJs();

test('every bundle in the vendor directory has a smoke case', () => {
    assert.ok(fs.existsSync(vendorDir), `no vendor directory at ${vendorDir}: run scripts/js/bundle.sh`);
    const files = fs.readdirSync(vendorDir).filter((f) => f.endsWith('.js')).sort();
    const covered = CASES.map((c) => path.basename(fileOf(c.module))).sort();
    assert.deepEqual(files, covered);
});

for (const { module, code, expect } of CASES) {
    test(`node vm: ${module}`, async () => {
        check('node vm', await inNodeVm(code), expect);
    });
    test(`quickjs-ng: ${module}`, { skip: QuickJS ? false : 'quickjs-emscripten-core is not installed here; run bundle.sh' }, () => {
        check('quickjs-ng', inQuickJs(QuickJS, code), expect);
    });
}

test('an unknown module is a clear error, not a crash', async () => {
    const { outcome } = await inNodeVm(`return require('fs')`);
    assert.match(JSON.parse(outcome).error, /Cannot find module 'fs'/);
});
