// Prints how long each vendored bundle takes to load (parse, compile and run its module body) in
// QuickJS-ng, the engine locket embeds, here as WebAssembly: a guide to which bundles to load
// eagerly and which lazily. The native engine is faster than the WebAssembly build; compare bundles
// with each other, not with the 20 ms budget. Run from bundle.sh's scratch directory, where the
// QuickJS packages are installed:
//
//   cd "${TMPDIR:-/tmp}/locket-js-vendor" && node load-times.mjs VENDOR_DIR

import fs from 'node:fs';
import path from 'node:path';
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import variant from '@jitl/quickjs-ng-wasmfile-release-sync';

const vendorDir = path.resolve(process.argv[2] || '');
if (!process.argv[2]) {
    console.error('usage: node load-times.mjs VENDOR_DIR');
    process.exit(2);
}
const QuickJS = await newQuickJSWASMModuleFromVariant(variant);
const ROUNDS = Number(process.env.ROUNDS || 5);

function loadOnce(source, file) {
    const runtime = QuickJS.newRuntime();
    const context = runtime.newContext();
    // What the bundles expect of the engine: timers and a require that throws.
    context.evalCode('globalThis.setTimeout = globalThis.clearTimeout = () => 0;').value.dispose();
    const started = process.hrtime.bigint();
    const result = context.evalCode(
        `(function (module, exports, require) {${source}\n})({ exports: {} }, {}, (n) => { throw new Error(n); })`, file);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.error) {
        throw new Error(`${file}: ${JSON.stringify(context.dump(result.error))}`);
    }
    result.value.dispose();
    const memory = runtime.computeMemoryUsage();
    const used = context.getNumber(context.getProp(memory, 'memory_used_size'));
    memory.dispose();
    context.dispose();
    runtime.dispose();
    return { elapsed, used };
}

const rows = [];
for (const file of fs.readdirSync(vendorDir).filter((f) => f.endsWith('.js')).sort()) {
    const source = fs.readFileSync(path.join(vendorDir, file), 'utf8');
    const runs = Array.from({ length: ROUNDS }, () => loadOnce(source, file));
    const best = Math.min(...runs.map((r) => r.elapsed));
    rows.push({ file, kib: (Buffer.byteLength(source) / 1024).toFixed(1), ms: best.toFixed(2), heapKib: (runs[0].used / 1024).toFixed(0) });
}
console.log(`QuickJS-ng ${variant.type || ''} (WebAssembly), best of ${ROUNDS} loads each`);
console.log('bundle'.padEnd(28) + 'KiB'.padStart(8) + 'load ms'.padStart(10) + 'heap KiB'.padStart(10));
for (const r of rows) {
    console.log(r.file.padEnd(28) + r.kib.padStart(8) + r.ms.padStart(10) + r.heapKib.padStart(10));
}
