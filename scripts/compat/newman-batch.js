// Runs several collections through newman in one node process, one after another, each as
// `newman run` would run it: the script suite then pays node's and newman's start-up (about
// 1.5 s on a busy machine) once instead of once per collection.
//
// Usage: node newman-batch.js NEWMAN_DIR RECORDER_LOG PLAN
// PLAN: one run per line, tab-separated: the directory to run in, the output prefix OUT, the
// collection, then `newman run` flags. A run whose flags are all in FLAGS goes through newman's
// library in this process; any other (and --timeout-script, after which newman's sandbox
// misbehaves for the rest of the process) is handed to newman's CLI in a process of its own.
// For each run: the recorder log is emptied first and copied to OUT.requests.jsonl after; the
// cli reporter's output goes to OUT.log, the exit code newman's CLI gives to OUT.code; the json
// and junit reports and the exports go where their flags say.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const [newmanDir, recorderLog, planFile] = process.argv.slice(2);
const newman = require(path.join(newmanDir, 'node_modules', 'newman'));

// `newman run` flag -> [option name, takes a value, how to set it].
const FLAGS = {
    '--environment': ['environment'],
    '--globals': ['globals'],
    '--iteration-data': ['iterationData'],
    '-n': ['iterationCount', Number],
    '--iteration-count': ['iterationCount', Number],
    '--reporters': ['reporters', (v) => v.split(',')],
    '--reporter-json-export': ['reporter.json.export'],
    '--reporter-junit-export': ['reporter.junit.export'],
    '--export-environment': ['exportEnvironment'],
    '--export-globals': ['exportGlobals'],
    '--export-collection': ['exportCollection']
};

function mapped(args) {
    for (let i = 1; i < args.length; i += 2) {
        if (!FLAGS[args[i]]) return false;
    }
    return true;
}

function options(args) {
    const out = { collection: args[0], reporter: { json: {}, junit: {} } };
    for (let i = 1; i < args.length; i += 2) {
        const flag = FLAGS[args[i]];
        const value = flag[1] ? flag[1](args[i + 1]) : args[i + 1];
        const keys = flag[0].split('.');
        let at = out;
        keys.slice(0, -1).forEach((k) => { at = at[k]; });
        at[keys[keys.length - 1]] = value;
    }
    return out;
}

// Everything printed goes to the current run's OUT.log, including what newman prints after it
// has called back (after a script timeout it calls back early, then prints its summary).
let current = null;
process.stdout.write = (chunk) => {
    if (current) {
        current.printed.push(String(chunk));
        fs.writeFileSync(`${current.prefix}.log`, current.printed.join(''));
    }
    return true;
};

function runOne(cwd, prefix, args) {
    return new Promise((resolve) => {
        fs.writeFileSync(recorderLog, '');
        process.chdir(cwd);
        current = { prefix, printed: [] };
        fs.writeFileSync(`${prefix}.log`, '');
        let finished = false;
        const finish = (code, message) => {
            // newman calls back a second time, much later, after a script timeout ("Script
            // execution timed out"): only the first call ends the run.
            if (finished) return;
            finished = true;
            if (message) process.stderr.write(`${prefix}: error: ${message}\n`);
            fs.writeFileSync(`${prefix}.code`, String(code));
            fs.copyFileSync(recorderLog, `${prefix}.requests.jsonl`);
            resolve();
        };
        try {
            newman.run(options(args), (err, summary) => {
                // As newman's CLI: 1 for an error, a run error or any failure.
                const failed = err || summary.run.error || summary.run.failures.length;
                finish(failed ? 1 : 0, err && (err.message || String(err)));
            });
        } catch (err) {
            finish(1, err.message);
        }
    });
}

function runCli(cwd, prefix, args) {
    fs.writeFileSync(recorderLog, '');
    const cli = path.join(newmanDir, 'node_modules', '.bin', 'newman');
    const done = spawnSync(cli, ['run', ...args], { cwd, encoding: 'utf8' });
    fs.writeFileSync(`${prefix}.log`, done.stdout || '');
    process.stderr.write(done.stderr || '');
    fs.writeFileSync(`${prefix}.code`, String(done.status === null ? 1 : done.status));
    fs.copyFileSync(recorderLog, `${prefix}.requests.jsonl`);
}

(async () => {
    const lines = fs.readFileSync(planFile, 'utf8').split('\n').filter(Boolean);
    for (const line of lines) {
        const [cwd, prefix, ...args] = line.split('\t');
        if (mapped(args)) {
            await runOne(cwd, prefix, args);
        } else {
            runCli(cwd, prefix, args);
        }
    }
})();
