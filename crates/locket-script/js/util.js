// Shared helpers: `require`, error shapes, atob/btoa, lazy library globals.
(function (host, lib) {
    'use strict';

    // ---- require: CommonJS bundles from js/vendor, evaluated on first use, cached per context ----
    var cache = Object.create(null);

    // Modules the engine provides itself when no bundle ships. `fs` and `os` are what
    // postman-sandbox's browserify build gives: an empty object, and an `os` that knows nothing
    // of the machine (scripts see no file system and no host details, there as here).
    var emptyFs = {};
    var browserOs = {
        endianness: function () { return 'LE'; },
        hostname: function () { return ''; },
        loadavg: function () { return []; },
        uptime: function () { return 0; },
        freemem: function () { return Number.MAX_VALUE; },
        totalmem: function () { return Number.MAX_VALUE; },
        cpus: function () { return []; },
        type: function () { return 'Browser'; },
        release: function () { return ''; },
        getNetworkInterfaces: function () { return {}; },
        networkInterfaces: function () { return {}; },
        arch: function () { return 'javascript'; },
        platform: function () { return 'browser'; },
        tmpDir: function () { return '/tmp'; },
        tmpdir: function () { return '/tmp'; },
        EOL: '\n',
        homedir: function () { return '/'; }
    };
    var builtins = {
        atob: function () { return atob; },
        btoa: function () { return btoa; },
        fs: function () { return emptyFs; },
        os: function () { return browserOs; }
    };

    function notFound(name) {
        var error = new Error("Cannot find module '" + name + "'");
        error.code = 'MODULE_NOT_FOUND';
        return error;
    }

    // Bundled for the engine's own use; Postman scripts cannot require them either.
    var INTERNAL = { lodash3: true, 'chai-postman': true };

    // `require` as scripts see it.
    function requireModule(name) {
        if (typeof name !== 'string') {
            throw new TypeError('require() takes a module name (a string), not ' + typeof name);
        }
        if (name.indexOf('node:') === 0) {
            name = name.slice(5);
        }
        if (INTERNAL[name]) {
            throw notFound(name);
        }
        return load(name);
    }

    function load(name) {
        var cached = cache[name];
        // While a bundle loads, a circular require sees its exports so far, as in Node; a load cut
        // short (timeout, out of memory) is forgotten by `lib.forgetUnfinishedLoads`.
        if (cached && (cached.loaded || cached.loading)) {
            return cached.exports;
        }
        if (!host.has(name)) {
            if (builtins[name]) {
                return builtins[name]();
            }
            throw notFound(name);
        }
        var module = { exports: {}, loaded: false, loading: true, id: name };
        cache[name] = module;
        try {
            host.load(name).call(module.exports, module, module.exports, requireModule);
            module.loaded = true;
        }
        finally { module.loading = false; }
        return module.exports;
    }

    // Globals whose library is loading (lodash reads `root._` while it loads).
    var loadingGlobals = Object.create(null);

    // After an abort: an interrupt skips `finally`, so a load it cut short still looks in progress.
    lib.forgetUnfinishedLoads = function () {
        Object.keys(cache).forEach(function (name) { cache[name].loaded || delete cache[name]; });
        loadingGlobals = Object.create(null);
    };
    lib.require = requireModule;
    lib.hasModule = function (name) { return host.has(name); };

    // ---- base64, as browsers define atob/btoa (Latin-1 strings) ----
    var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

    function btoa(input) {
        var text = String(input), out = '', i;
        for (i = 0; i < text.length; i++) {
            if (text.charCodeAt(i) > 255) {
                throw new Error('btoa: the string contains characters outside of the Latin1 range');
            }
        }
        for (i = 0; i < text.length; i += 3) {
            var a = text.charCodeAt(i), b = text.charCodeAt(i + 1), c = text.charCodeAt(i + 2);
            var n = (a << 16) | ((b || 0) << 8) | (c || 0);
            out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] +
                (i + 1 < text.length ? ALPHABET[(n >> 6) & 63] : '=') +
                (i + 2 < text.length ? ALPHABET[n & 63] : '=');
        }
        return out;
    }

    function atob(input) {
        var text = String(input).replace(/[\t\n\f\r ]/g, '');
        if (text.length % 4 === 0) {
            text = text.replace(/==?$/, '');
        }
        if (text.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(text)) {
            throw new Error('atob: the string to be decoded is not correctly encoded');
        }
        var out = '', bits = 0, buffer = 0;
        for (var i = 0; i < text.length; i++) {
            buffer = (buffer << 6) | ALPHABET.indexOf(text[i]);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out += String.fromCharCode((buffer >> bits) & 255);
            }
        }
        return out;
    }
    lib.atob = atob;
    lib.btoa = btoa;

    // ---- errors as the host reports them ----
    lib.toJsError = function (error) {
        if (error && typeof error === 'object') {
            return {
                name: String(error.name || 'Error'),
                message: String(error.message === undefined ? '' : error.message),
                stack: String(error.stack || '')
            };
        }
        return { name: 'Error', message: String(error), stack: '' };
    };

    // Line and column of the first stack frame in `file` (QuickJS: "at fn (file:line:col)").
    lib.position = function (error, file, firstLineOffset) {
        var stack = error && typeof error === 'object' ? String(error.stack || '') : '';
        var escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        var match = new RegExp(escaped + ':(\\d+):(\\d+)').exec(stack);
        if (!match && error && error.fileName === file && error.lineNumber) {
            match = [null, error.lineNumber, error.columnNumber || 0];
        }
        if (!match) { return { line: null, column: null }; }
        var line = Number(match[1]), column = Number(match[2]);
        if (line === 1) { column = Math.max(1, column - firstLineOffset); }
        return { line: line, column: column };
    };

    // ---- library globals Postman's legacy scripts expect, loaded on first touch ----
    function lazyGlobal(name, load) {
        Object.defineProperty(globalThis, name, {
            configurable: true,
            enumerable: false,
            get: function () {
                // lodash reads `root._` while it loads (for noConflict): it is not there yet.
                if (loadingGlobals[name]) { return undefined; }
                loadingGlobals[name] = true;
                var value;
                try { value = load(); }
                finally { delete loadingGlobals[name]; }
                Object.defineProperty(globalThis, name, { value: value, writable: true, configurable: true });
                return value;
            },
            set: function (value) {
                Object.defineProperty(globalThis, name, { value: value, writable: true, configurable: true });
            }
        });
    }
    lazyGlobal('_', function () { return load(lib.hasModule('lodash3') ? 'lodash3' : 'lodash'); });
    lazyGlobal('CryptoJS', function () { return requireModule('crypto-js'); });
    lazyGlobal('tv4', function () { return requireModule('tv4'); });
    lazyGlobal('cheerio', function () { return requireModule('cheerio'); });
    lazyGlobal('Buffer', function () { return requireModule('buffer').Buffer; });
    globalThis.atob = atob;
    globalThis.btoa = btoa;
    globalThis.xml2Json = function (text) {
        var xml2js = requireModule('xml2js'), result;
        new xml2js.Parser({ explicitArray: false, async: false, trim: true, mergeAttrs: false })
            .parseString(text, function (error, parsed) {
                if (error) { throw error; }
                result = parsed;
            });
        return result;
    };
})
