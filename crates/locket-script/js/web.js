// The Web platform globals postman-sandbox offers that no bundle provides: TextEncoder,
// TextDecoder, URL, URLSearchParams and crypto (getRandomValues, randomUUID, subtle.digest and
// HMAC sign/verify, on the bundled crypto-js).
(function (host, lib) {
    'use strict';

    function TextEncoder() {}
    TextEncoder.prototype.encoding = 'utf-8';
    TextEncoder.prototype.encode = function (input) {
        var text = unescape(encodeURIComponent(String(input === undefined ? '' : input)));
        var bytes = new Uint8Array(text.length);
        for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
        return bytes;
    };

    function TextDecoder(label) {
        var encoding = String(label || 'utf-8').toLowerCase();
        if (encoding !== 'utf-8' && encoding !== 'utf8') {
            throw new RangeError('TextDecoder: only utf-8 is supported, not ' + label);
        }
    }
    TextDecoder.prototype.encoding = 'utf-8';
    TextDecoder.prototype.decode = function (input) {
        var bytes = toBytes(input), text = '';
        for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
        try { return decodeURIComponent(escape(text)); }
        catch (e) { return text.replace(/[\u0080-\u00ff]/g, '\ufffd'); }
    };

    function toBytes(input) {
        if (input === undefined) { return new Uint8Array(0); }
        if (input instanceof ArrayBuffer) { return new Uint8Array(input); }
        if (ArrayBuffer.isView(input)) { return new Uint8Array(input.buffer, input.byteOffset, input.byteLength); }
        throw new TypeError('expected an ArrayBuffer or a typed array');
    }

    // ---- URLSearchParams and URL (WHATWG's surface, for http(s)-style URLs) ----
    function decodeParam(text) { return decodeURIComponent(text.replace(/\+/g, ' ')); }
    function encodeParam(text) {
        return encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()~]/g, function (c) {
            return '%' + c.charCodeAt(0).toString(16).toUpperCase();
        });
    }

    function URLSearchParams(init) {
        this._list = [];
        if (init === undefined || init === null) { return; }
        if (typeof init === 'object') {
            var pairs = typeof init[Symbol.iterator] === 'function' ? Array.from(init) :
                Object.keys(init).map(function (k) { return [k, init[k]]; });
            this._list = pairs.map(function (p) { return [String(p[0]), String(p[1])]; });
            return;
        }
        var text = String(init).replace(/^\?/, '');
        this._list = text ? text.split('&').filter(Boolean).map(function (part) {
            var at = part.indexOf('=');
            return at < 0 ? [decodeParam(part), ''] : [decodeParam(part.slice(0, at)), decodeParam(part.slice(at + 1))];
        }) : [];
    }
    URLSearchParams.prototype = {
        constructor: URLSearchParams,
        append: function (k, v) { this._list.push([String(k), String(v)]); this._update(); },
        delete: function (k) { this._list = this._list.filter(function (p) { return p[0] !== String(k); }); this._update(); },
        get: function (k) {
            var found = this._list.find(function (p) { return p[0] === String(k); });
            return found ? found[1] : null;
        },
        getAll: function (k) { return this._list.filter(function (p) { return p[0] === String(k); }).map(function (p) { return p[1]; }); },
        has: function (k) { return this._list.some(function (p) { return p[0] === String(k); }); },
        set: function (k, v) {
            var key = String(k), done = false;
            this._list = this._list.filter(function (p) {
                if (p[0] !== key) { return true; }
                if (done) { return false; }
                p[1] = String(v);
                done = true;
                return true;
            });
            done || this._list.push([key, String(v)]);
            this._update();
        },
        sort: function () { this._list.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; }); this._update(); },
        forEach: function (fn, that) { var self = this; this._list.forEach(function (p) { fn.call(that, p[1], p[0], self); }); },
        keys: function () { return this._list.map(function (p) { return p[0]; })[Symbol.iterator](); },
        values: function () { return this._list.map(function (p) { return p[1]; })[Symbol.iterator](); },
        entries: function () { return this._list.map(function (p) { return [p[0], p[1]]; })[Symbol.iterator](); },
        toString: function () { return this._list.map(function (p) { return encodeParam(p[0]) + '=' + encodeParam(p[1]); }).join('&'); },
        _update: function () { this._url && (this._url._search = this._list.length ? '?' + this.toString() : ''); }
    };
    URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;
    Object.defineProperty(URLSearchParams.prototype, 'size', { get: function () { return this._list.length; } });

    var URL_PATTERN = /^([a-zA-Z][a-zA-Z0-9+.-]*:)(?:\/\/(?:([^:@\/?#]*)(?::([^@\/?#]*))?@)?(\[[^\]]*\]|[^:\/?#]*)(?::(\d*))?)?([^?#]*)(\?[^#]*)?(#.*)?$/;
    var DEFAULT_PORTS = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21' };

    // "/a/b/../c" is "/a/c", as WHATWG URLs with a host normalise it.
    function removeDotSegments(path) {
        var out = [];
        path.split('/').slice(1).forEach(function (segment, i, all) {
            var last = i === all.length - 1;
            if (segment === '..') { out.length > 0 && out.pop(); last && out.push(''); }
            else if (segment === '.') { last && out.push(''); }
            else { out.push(segment); }
        });
        return '/' + out.join('/');
    }

    function URL(input, base) {
        var text = String(input).trim(), match = URL_PATTERN.exec(text);
        if (!match && base !== undefined) {
            var root = new URL(base);
            if (text.indexOf('//') === 0) { match = URL_PATTERN.exec(root.protocol + text); }
            else if (text[0] === '/') { match = URL_PATTERN.exec(root.origin + text); }
            else if (text[0] === '?' || text[0] === '#') {
                match = URL_PATTERN.exec(root.origin + root.pathname + (text[0] === '#' ? root.search : '') + text);
            }
            else { match = URL_PATTERN.exec(root.origin + root.pathname.replace(/[^/]*$/, '') + text); }
        }
        if (!match) { throw new TypeError('Invalid URL: ' + text); }
        this.protocol = match[1].toLowerCase();
        this.username = match[2] || '';
        this.password = match[3] || '';
        this.hostname = (match[4] || '').toLowerCase();
        this.port = match[5] && match[5] !== DEFAULT_PORTS[this.protocol] ? match[5] : '';
        this.pathname = match[4] !== undefined ? removeDotSegments(match[6] || '/') : match[6];
        this._search = match[7] && match[7] !== '?' ? match[7] : '';
        this.hash = match[8] && match[8] !== '#' ? match[8] : '';
        this.searchParams = new URLSearchParams(this._search);
        this.searchParams._url = this;
    }
    Object.defineProperties(URL.prototype, {
        host: { get: function () { return this.hostname + (this.port ? ':' + this.port : ''); } },
        origin: { get: function () { return this.protocol + '//' + this.host; } },
        search: {
            get: function () { return this._search; },
            set: function (value) {
                value = String(value);
                this._search = value && value !== '?' ? (value[0] === '?' ? value : '?' + value) : '';
                this.searchParams._list = new URLSearchParams(this._search)._list;
            }
        },
        href: {
            get: function () {
                var auth = this.username ? this.username + (this.password ? ':' + this.password : '') + '@' : '';
                return this.protocol + '//' + auth + this.host + this.pathname + this._search + this.hash;
            }
        }
    });
    URL.prototype.toString = URL.prototype.toJSON = function () { return this.href; };

    // ---- crypto ----
    function randomBytes(array) {
        if (!ArrayBuffer.isView(array)) { throw new TypeError('getRandomValues takes an integer typed array'); }
        var bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
        for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); }
        return array;
    }

    var HASHES = { 'SHA-1': 'SHA1', 'SHA-256': 'SHA256', 'SHA-384': 'SHA384', 'SHA-512': 'SHA512', 'MD5': 'MD5' };
    function hashName(algorithm) {
        var name = typeof algorithm === 'string' ? algorithm : algorithm && (algorithm.hash ?
            (algorithm.hash.name || algorithm.hash) : algorithm.name);
        var key = String(name).toUpperCase();
        if (!HASHES[key]) { throw new Error('crypto.subtle: unsupported algorithm ' + name); }
        return HASHES[key];
    }
    function wordArray(data) {
        var CryptoJS = lib.require('crypto-js'), bytes = toBytes(data), words = [];
        for (var i = 0; i < bytes.length; i++) { words[i >>> 2] |= bytes[i] << (24 - (i % 4) * 8); }
        return CryptoJS.lib.WordArray.create(words, bytes.length);
    }
    function arrayBuffer(words) {
        var bytes = new Uint8Array(words.sigBytes);
        for (var i = 0; i < words.sigBytes; i++) { bytes[i] = (words.words[i >>> 2] >>> (24 - (i % 4) * 8)) & 255; }
        return bytes.buffer;
    }
    function promised(fn) {
        return function () {
            var args = arguments;
            return new Promise(function (resolve) { resolve(fn.apply(undefined, args)); });
        };
    }
    function hmac(key, data) {
        return arrayBuffer(lib.require('crypto-js')['Hmac' + key.hash](wordArray(data), key.secret));
    }
    var subtle = {
        digest: promised(function (algorithm, data) {
            return arrayBuffer(lib.require('crypto-js')[hashName(algorithm)](wordArray(data)));
        }),
        importKey: promised(function (format, keyData, algorithm, extractable, usages) {
            if (format !== 'raw' || String(algorithm && algorithm.name).toUpperCase() !== 'HMAC') {
                throw new Error('crypto.subtle.importKey: only raw HMAC keys are supported');
            }
            return { type: 'secret', algorithm: { name: 'HMAC', hash: { name: algorithm.hash.name || algorithm.hash } },
                extractable: Boolean(extractable), usages: usages || [], hash: hashName(algorithm),
                secret: wordArray(keyData) };
        }),
        sign: promised(function (algorithm, key, data) { return hmac(key, data); }),
        verify: promised(function (algorithm, key, signature, data) {
            var expected = new Uint8Array(hmac(key, data)), actual = toBytes(signature);
            return expected.length === actual.length && expected.every(function (b, i) { return b === actual[i]; });
        })
    };

    globalThis.TextEncoder = TextEncoder;
    globalThis.TextDecoder = TextDecoder;
    globalThis.URL = URL;
    globalThis.URLSearchParams = URLSearchParams;
    globalThis.crypto = {
        getRandomValues: randomBytes,
        randomUUID: function () { return lib.replaceIn('{{$randomUUID}}', function () { return undefined; }); },
        subtle: subtle
    };
})
