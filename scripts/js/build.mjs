// Bundles each library Postman's sandbox offers to require() into one self-contained CommonJS file,
// with the licence of every package inside it and a README that lists them.
//
// Run by bundle.sh from a scratch directory that holds node_modules (npm ci of package-lock.json),
// this file and src/. Usage: node build.mjs OUT_DIR
//
// The contract with the engine (crates/locket-script): a bundle is evaluated as the body of
// `(function (module, exports, require) { ... })` and leaves its API in module.exports. It needs no
// Node global: `process` and `Buffer` are bundled in where a library uses them, and `global` is
// globalThis. It expects from the engine only what a browser has: setTimeout/clearTimeout and
// console. The `require` it is given is only ever called by code that catches the failure (moment
// looking for a locale file), so an engine's require that throws for unknown names is enough.

import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const outDir = path.resolve(process.argv[2] || '');
if (!process.argv[2]) {
    console.error('usage: node build.mjs OUT_DIR (bundle.sh runs this; run that instead)');
    process.exit(2);
}

// require() name -> what the bundle exports, in the order postman-sandbox's environment lists them.
// `entry` is resolved from this directory; `why` says where it differs from the package's main file.
const MODULES = [
    { name: 'postman-collection', entry: 'postman-collection' },
    { name: 'chai', entry: 'chai' },
    { name: 'crypto-js', entry: 'crypto-js' },
    { name: 'lodash', entry: 'lodash' },
    { name: 'ajv', entry: 'ajv' },
    { name: 'atob', entry: './src/atob.js', why: 'the platform atob, as Postman gives it (own code)' },
    { name: 'btoa', entry: './src/btoa.js', why: 'the platform btoa, as Postman gives it (own code)' },
    { name: 'cheerio', entry: 'cheerio' },
    { name: 'csv-parse/lib/sync', entry: 'csv-parse/lib/sync' },
    { name: 'moment', entry: 'moment', why: 'moment.js, the source of the moment.min postman-sandbox bundles; no locales, as there' },
    { name: 'tv4', entry: 'tv4' },
    { name: 'uuid', entry: './src/uuid.js', why: 'Postman\'s uuid() / uuid.v4(), not the npm package (own code)' },
    { name: 'xml2js', entry: 'xml2js' },
    { name: 'assert', entry: 'assert/build/assert.js', why: 'assert 2.0.0, as postman-sandbox pins it' },
    { name: 'buffer', entry: './src/buffer.js', why: 'the buffer package plus atob and btoa, as Node\'s module has' },
    { name: 'events', entry: 'events' },
    { name: 'path', entry: 'path' },
    { name: 'punycode', entry: 'punycode' },
    { name: 'querystring', entry: 'querystring' },
    { name: 'stream', entry: 'stream' },
    { name: 'string_decoder', entry: 'string_decoder' },
    { name: 'timers', entry: 'timers' },
    { name: 'url', entry: 'url' },
    { name: 'util', entry: 'util' },
    // Not require()-able in Postman, but what its sandbox builds on: lodash 3 is the legacy `_`
    // global, and chai-postman adds pm.response.to.have.* and friends to chai.
    { name: 'lodash3', entry: 'lodash3', why: 'the legacy `_` global of Postman scripts (not require()-able there)' },
    { name: 'chai-postman', entry: 'chai-postman', why: 'Postman\'s chai assertions: chai.use(require(\'chai-postman\')(sdk, _, Ajv)) (not require()-able there)' },
];

// Node built-in names -> the browserify 16 shims postman-sandbox bundles for them. The others
// (events, punycode, string_decoder, url, util, buffer) are packages of the same name.
const ALIASES = {
    path: 'path-browserify',
    querystring: 'querystring-es3',
    stream: 'stream-browserify',
    timers: 'timers-browserify',
    uuid: './src/uuid.js',
};

// A library that names `process` or `Buffer` without defining it gets the shim injected; one that
// does not must not carry the shim. esbuild keeps an injected file's imports unless they are
// marked free of side effects, so mark them.
const injectedShimsArePure = {
    name: 'injected-shims-are-pure',
    setup(build) {
        build.onResolve({ filter: /^(process\/browser\.js|buffer)$/ }, async (args) => {
            if (!args.importer.includes(`${path.sep}src${path.sep}inject${path.sep}`)) {
                return undefined;
            }
            const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir });
            return { path: resolved.path, sideEffects: false };
        });
    },
};

// timers-browserify 1.x calls setTimeout through `window`, which a script engine does not have
// (nor does newman's Node sandbox: require('timers').setTimeout throws there). Give that one file
// a `window` that is globalThis rather than define `window` everywhere, where libraries would take
// it for a browser with a DOM.
const timersHaveAWindow = {
    name: 'timers-have-a-window',
    setup(build) {
        build.onLoad({ filter: /[\\/]timers-browserify[\\/]main\.js$/ }, async (args) => ({
            contents: `var window = globalThis;\n${await fs.promises.readFile(args.path, 'utf8')}`,
            loader: 'js',
        }));
    },
};

// The package an entry comes from: 'csv-parse/lib/sync' -> 'csv-parse', 'path' -> 'path-browserify'.
function packageOf(entry) {
    const target = ALIASES[entry] || entry;
    const parts = target.split('/');
    return parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const fileNameOf = (name) => name.replace(/\//g, '__') + '.js';

async function bundle(module) {
    const result = await esbuild.build({
        absWorkingDir: here,
        stdin: {
            contents: `module.exports = require(${JSON.stringify(module.entry)});\n`,
            resolveDir: here,
            sourcefile: `vendor:${module.name}`,
            loader: 'js',
        },
        bundle: true,
        format: 'cjs',
        platform: 'browser',
        target: 'es2020',
        minify: true,
        legalComments: 'eof',
        charset: 'utf8',
        alias: ALIASES,
        inject: ['./src/inject/process.js', './src/inject/buffer.js'],
        define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
        plugins: [injectedShimsArePure, timersHaveAWindow],
        metafile: true,
        write: false,
        logLevel: 'warning',
    });
    // Only the files that left code in the bundle: an injected shim a library does not use is read
    // but not included, and its package is not inside the bundle.
    const [output] = Object.values(result.metafile.outputs);
    const inputs = Object.entries(output.inputs).filter(([, use]) => use.bytesInOutput > 0).map(([file]) => file);
    return { code: result.outputFiles[0].contents, inputs };
}

// "node_modules/a/node_modules/@s/b/lib/x.js" -> "node_modules/a/node_modules/@s/b"
function packageDirOf(input) {
    const parts = input.split('/');
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) {
        return null;
    }
    const width = parts[at + 1].startsWith('@') ? 3 : 2;
    return parts.slice(0, at + width).join('/');
}

function licenceOf(pkg) {
    const field = pkg.license || pkg.licenses;
    if (typeof field === 'string') {
        return field;
    }
    const list = Array.isArray(field) ? field : field ? [field] : [];
    return list.map((entry) => entry.type || String(entry)).join(' OR ') || 'UNKNOWN';
}

// LICENSE, LICENCE.md, License.md, LICENSE-MIT.txt, MIT-LICENSE.txt, COPYING, NOTICE (Apache).
const LICENCE_FILE = /(^|[-_.])(licen[cs]e|copying|notice)([-_.]|$)/i;

// The "License" section of a README, heading included, up to the next heading.
function readmeLicenceSection(dir) {
    const readmeFile = fs.readdirSync(path.join(here, dir)).find((file) => /^readme/i.test(file));
    if (!readmeFile) {
        return null;
    }
    const text = fs.readFileSync(path.join(here, dir, readmeFile), 'utf8');
    const match = /^(#+)\s*licen[cs]e\b.*$/im.exec(text);
    if (!match) {
        return null;
    }
    const rest = text.slice(match.index + match[0].length);
    const next = new RegExp(`^#{1,${match[1].length}}\\s`, 'm').exec(rest);
    return match[0] + (next ? rest.slice(0, next.index) : rest).trimEnd() + '\n';
}

function describePackage(dir) {
    const pkg = JSON.parse(fs.readFileSync(path.join(here, dir, 'package.json'), 'utf8'));
    const files = fs.readdirSync(path.join(here, dir), { withFileTypes: true })
        .filter((entry) => entry.isFile() && LICENCE_FILE.test(entry.name))
        .map((entry) => entry.name)
        .sort();
    return {
        name: pkg.name, version: pkg.version, licence: licenceOf(pkg), dir, files, author: pkg.author,
        readmeSection: files.length ? null : readmeLicenceSection(dir),
    };
}

function writeLicences(packages) {
    const licenceDir = path.join(outDir, 'LICENSES');
    fs.mkdirSync(licenceDir, { recursive: true });
    for (const pkg of packages) {
        const target = path.join(licenceDir, `${pkg.name.replace(/\//g, '__')}@${pkg.version}`);
        fs.mkdirSync(target, { recursive: true });
        for (const file of pkg.files) {
            fs.copyFileSync(path.join(here, pkg.dir, file), path.join(target, file));
        }
        if (pkg.files.length === 0) {
            // The package ships no licence file: keep what it says about its licence, and say so.
            const author = typeof pkg.author === 'string' ? pkg.author : pkg.author && pkg.author.name;
            fs.writeFileSync(path.join(target, 'NO-LICENCE-FILE.txt'),
                `${pkg.name}@${pkg.version} ships no licence file.\n` +
                `Its package.json declares the licence: ${pkg.licence}\n` +
                (author ? `and the author: ${author}\n` : '') +
                (pkg.readmeSection ? 'README-licence-section.md is the licence section of its README.\n' : ''));
            if (pkg.readmeSection) {
                fs.writeFileSync(path.join(target, 'README-licence-section.md'), pkg.readmeSection);
            }
        }
    }
}

const kib = (bytes) => (bytes / 1024).toFixed(1);

function readme(built, packages) {
    const total = built.reduce((sum, b) => sum + b.size, 0);
    const versionOf = (name) => packages.find((p) => p.name === name)?.version;
    const rows = built.map((b) => {
        const from = b.entry.startsWith('./') ? 'own code' : `${b.package}@${versionOf(b.package)}`;
        return `| \`${b.name}\` | \`${b.file}\` | ${from} | ${kib(b.size)} | ${b.packages.length} | ${b.why || ''} |`;
    });
    const packageRows = packages.map((p) =>
        `| ${p.name} | ${p.version} | ${p.licence} | ${p.files.length ? p.files.join(', ') : `**none shipped**: NO-LICENCE-FILE.txt${p.readmeSection ? ', README-licence-section.md' : ''}`} | ${p.usedBy.join(', ')} |`);
    return `# Vendored JavaScript for Postman scripts

GENERATED by \`scripts/js/bundle.sh\` from \`scripts/js/package-lock.json\`: do not edit by hand.
The libraries postman-sandbox 6.7.4 offers to \`require()\` in Postman scripts, at the versions it
pins, with the browserify 16 shims it uses for Node's built-in modules. Each file is one
self-contained, minified CommonJS bundle (esbuild, platform browser, target es2020).

## Contract with the engine

- A bundle is evaluated as the body of \`(function (module, exports, require) { ... })\` and
  leaves its API in \`module.exports\`. Load each on the first \`require\` of its name.
- It needs no Node global: \`process\` (browserify's shim) and \`Buffer\` (the buffer package) are
  bundled in where a library uses them; \`global\` is \`globalThis\`.
- It expects from the engine what a browser has: \`setTimeout\`/\`clearTimeout\` (process.nextTick
  and setImmediate run on them) and \`console\`. \`crypto.getRandomValues\` is used by \`uuid\` when
  present (Math.random otherwise, as Postman does).
- Bundles share nothing: \`Buffer\` in \`buffer.js\` and the copy inside another bundle are
  different classes, so \`instanceof\` is false across them (\`Buffer.isBuffer\` is true: it
  tests a marker property).
- Load times: \`scripts/js/load-times.mjs\` prints each bundle's load time in QuickJS-ng
  (WebAssembly); run it from bundle.sh's scratch directory.
- File name: the \`require\` name with \`/\` replaced by \`__\` (\`csv-parse/lib/sync\` ->
  \`csv-parse__lib__sync.js\`).

## Modules (${built.length} files, ${kib(total)} KiB in all)

| require name | file | from | KiB | packages inside | note |
| --- | --- | --- | ---: | ---: | --- |
${rows.join('\n')}

## Packages inside the bundles (${packages.length}), licences in \`LICENSES/<name>@<version>/\`

| package | version | licence | licence files | in bundles |
| --- | --- | --- | --- | --- |
${packageRows.join('\n')}

## Where this differs from postman-sandbox 6.7.4

- \`atob\`, \`btoa\` and \`uuid\` are own code (\`scripts/js/src\`): Postman's are its platform's
  atob/btoa and its own Math.random v4 function, not npm packages. smoke.mjs checks atob/btoa
  against Node's. postman-collection's own \`uuid\` dependency is replaced by the same module, so
  it needs no \`crypto.getRandomValues\`.
- \`buffer\` is the buffer package plus atob/btoa; Postman also wraps Buffer (callable without
  \`new\`, which buffer allows too) and adds File, Blob and not-implemented stubs (isAscii, isUtf8,
  transcode, resolveObjectURL).
- \`moment\` is built from moment.js, the source of the moment.min.js Postman bundles (same
  version, same missing locales).
- timers-browserify's file gets a \`window\` that is globalThis (see build.mjs).
- Not bundled: Sugar (the 2013 "vedge" build Postman's sandbox loads to extend built-in
  prototypes; vendored source there, not a package), Backbone (legacy \`Backbone\` global),
  liquid-json as the legacy \`JSON\` global (it is inside postman-collection.js, not on its own).
- The Node shims are those browserify 16.5.2 resolves today, which is what postman-sandbox's
  bundler uses; like there, \`util\` has no \`promisify\` and \`url\` no \`URL\` class.

## Regenerate and check

- \`scripts/js/bundle.sh\`: \`npm ci\` of the lockfile into a scratch directory (never into the
  repository), rebuild this directory, run \`scripts/js/smoke.mjs\` on it.
- \`scripts/js/bundle.sh --check\`: rebuild into a temporary directory and fail if anything differs
  from the committed files (for CI: the bundles are what the lockfile gives).
- To change a version: edit \`scripts/js/package.json\`, run \`npm install --package-lock-only
  --ignore-scripts\` in \`scripts/js\`, then \`scripts/js/bundle.sh\`, and commit all three.
`;
}

async function main() {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const built = [];
    const packagesByDir = new Map();
    for (const module of MODULES) {
        const { code, inputs } = await bundle(module);
        const file = fileNameOf(module.name);
        fs.writeFileSync(path.join(outDir, file), code);
        const dirs = [...new Set(inputs.map(packageDirOf).filter(Boolean))].sort();
        for (const dir of dirs) {
            if (!packagesByDir.has(dir)) {
                packagesByDir.set(dir, { ...describePackage(dir), usedBy: [] });
            }
            packagesByDir.get(dir).usedBy.push(file);
        }
        built.push({ ...module, file, package: packageOf(module.entry), size: code.length, packages: dirs });
        console.log(`${file}: ${kib(code.length)} KiB, ${dirs.length} packages`);
    }
    // One entry per name@version, whichever node_modules directory it came from.
    const unique = new Map();
    for (const pkg of packagesByDir.values()) {
        const key = `${pkg.name}@${pkg.version}`;
        if (unique.has(key)) {
            unique.get(key).usedBy.push(...pkg.usedBy);
        } else {
            unique.set(key, pkg);
        }
    }
    const packages = [...unique.values()]
        .map((pkg) => ({ ...pkg, usedBy: [...new Set(pkg.usedBy)].sort() }))
        .sort((a, b) => (a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1));
    writeLicences(packages);
    fs.writeFileSync(path.join(outDir, 'README.md'), readme(built, packages));
    // Minified one-line bundles: a text diff of them helps no reviewer.
    fs.writeFileSync(path.join(outDir, '.gitattributes'), '*.js linguist-generated=true -diff\n');
    console.log(`${built.length} bundles, ${kib(built.reduce((s, b) => s + b.size, 0))} KiB, ${packages.length} packages`);
}

main().catch((error) => {
    console.error(`bundling failed: ${error.message}`);
    process.exit(1);
});
