// Runs one script in postman-sandbox (the engine newman uses) and prints what it reported, for
// tests/differential.rs. Input (stdin, JSON): { event, source, request, response, variables }.
// Needs NODE_PATH to hold postman-sandbox and postman-collection (see tests/differential.rs).
'use strict';
const Sandbox = require('postman-sandbox');
const sdk = require('postman-collection');

let raw = '';
process.stdin.on('data', (chunk) => { raw += chunk; });
process.stdin.on('end', () => {
    const input = JSON.parse(raw);
    const report = { assertions: [], errors: [], console: [] };
    Sandbox.createContext({}, (err, ctx) => {
        if (err) { throw err; }
        ctx.on('execution.assertion', (cursor, list) => list.forEach((a) => report.assertions.push({
            name: a.name, index: a.index, passed: a.passed, skipped: a.skipped,
            error: a.error ? { name: a.error.name, message: a.error.message } : null
        })));
        ctx.on('execution.error', (cursor, e) => report.errors.push({ name: e.name, message: e.message }));
        ctx.on('console', (cursor, level, ...args) => report.console.push({ level, args }));
        const r = input.response;
        const context = {
            request: new sdk.Request(input.request),
            response: r && new sdk.Response({ code: r.code, status: r.status, header: r.headers,
                stream: Buffer.from(r.body), responseTime: r.responseTime }),
            environment: { values: input.variables.environment },
            globals: { values: input.variables.globals },
            collectionVariables: { values: input.variables.collection },
            _variables: { values: input.variables.local },
            data: Object.fromEntries(input.variables.data.map((v) => [v.key, v.value]))
        };
        ctx.execute({ listen: input.event, script: { exec: input.source } }, { context }, (error, result) => {
            const values = (scope) => (scope && scope.values || []).map((v) => ({ key: v.key, value: v.value }));
            report.environment = values(result && result.environment);
            report.globals = values(result && result.globals);
            report.nextRequest = result && result.return ? result.return.nextRequest : undefined;
            report.request = result && result.request;
            process.stdout.write(JSON.stringify(report));
            ctx.dispose();
        });
    });
});
