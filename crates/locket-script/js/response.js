// pm.response and the lists it exposes, shaped like postman-collection's Response and
// PropertyList (headers, cookies), without loading the whole SDK for every test script.
(function (host, lib) {
    'use strict';

    // A read-mostly list of { key, value } (headers) or cookies, looked up case-insensitively
    // by `keyName` when `caseless`; for duplicate keys the last one wins, as in PropertyList.
    function PropertyList(members, keyName, caseless) {
        this.members = members || [];
        this._keyName = keyName;
        this._caseless = caseless;
    }
    PropertyList.prototype._norm = function (key) {
        key = String(key);
        return this._caseless ? key.toLowerCase() : key;
    };
    PropertyList.prototype.one = function (key) {
        var wanted = this._norm(key);
        for (var i = this.members.length - 1; i >= 0; i--) {
            var member = this.members[i];
            if (!member.disabled && this._norm(member[this._keyName]) === wanted) { return member; }
        }
        return undefined;
    };
    PropertyList.prototype.get = function (key) {
        var member = this.one(key);
        return member ? member.value : undefined;
    };
    PropertyList.prototype.has = function (key, value) {
        var member = this.one(key);
        return member !== undefined && (arguments.length < 2 || member.value === value);
    };
    PropertyList.prototype.all = function () { return this.members.slice(); };
    PropertyList.prototype.count = function () { return this.members.length; };
    PropertyList.prototype.idx = function (index) { return this.members[index]; };
    PropertyList.prototype.each = function (fn, context) { this.members.forEach(fn, context); };
    PropertyList.prototype.map = function (fn, context) { return this.members.map(fn, context); };
    PropertyList.prototype.filter = function (fn, context) { return this.members.filter(fn, context); };
    PropertyList.prototype.find = function (fn, context) { return this.members.find(fn, context); };
    PropertyList.prototype.reduce = function (fn, acc, context) {
        return this.members.reduce(function (a, m, i) { return fn.call(context, a, m, i); }, acc);
    };
    PropertyList.prototype.indexOf = function (item) {
        var key = typeof item === 'object' ? item[this._keyName] : item;
        var wanted = this._norm(key);
        for (var i = 0; i < this.members.length; i++) {
            if (this._norm(this.members[i][this._keyName]) === wanted) { return i; }
        }
        return -1;
    };
    PropertyList.prototype.toObject = function (excludeDisabled) {
        var object = {}, keyName = this._keyName;
        this.members.forEach(function (member) {
            if (!(excludeDisabled && member.disabled)) { object[member[keyName]] = member.value; }
        });
        return object;
    };
    PropertyList.prototype.toJSON = function () { return this.members.map(function (m) { return Object.assign({}, m); }); };
    PropertyList.prototype.toString = function () {
        return this.members.map(function (m) { return m.key + ': ' + m.value; }).join('\n');
    };

    // Named as postman-collection names it: chai's messages show the name.
    var Response = function PostmanResponse(data) {
        this.id = data.id;
        this.code = data.code;
        this.status = data.status || REASONS[data.code] || '';
        this.headers = new PropertyList((data.headers || []).map(function (h) {
            return { key: h.key, value: h.value };
        }), 'key', true);
        this.cookies = new PropertyList(data.cookies || [], 'name', false);
        this.responseTime = data.responseTime;
        this.responseSize = data.responseSize;
        this._body = data.body || '';
        this._bodySize = data.bodySize === undefined ? this._body.length : data.bodySize;
    };
    Response.prototype._postmanResponse = true;
    Response.prototype.text = function () { return this._body; };
    Response.prototype.json = function (reviver) {
        var text = this._body.charCodeAt(0) === 0xFEFF ? this._body.slice(1) : this._body;
        try { return JSON.parse(text, reviver); }
        catch (e) {
            var error = new SyntaxError(e.message);
            error.name = 'JSONError';
            throw error;
        }
    };
    // HTTP/2 has no reason phrase: Postman then names the code itself.
    var REASONS = {
        100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted',
        203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content', 206: 'Partial Content',
        300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
        307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
        402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
        406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict',
        410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
        414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
        417: 'Expectation Failed', 418: "I'm a teapot", 422: 'Unprocessable Entity', 423: 'Locked',
        425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
        431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
        500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
        504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 511: 'Network Authentication Required'
    };
    Response.prototype.reason = function () { return this.status; };
    Response.prototype.details = function () {
        return { code: this.code, name: this.status, detail: this.status };
    };
    Response.prototype.size = function () {
        var total = Number(this.responseSize) || 0;
        return { body: this._bodySize, header: Math.max(0, total - this._bodySize), total: total };
    };
    Response.prototype.toJSON = function () {
        return {
            code: this.code,
            status: this.status,
            header: this.headers.toJSON(),
            cookie: this.cookies.toJSON(),
            body: this._body,
            responseTime: this.responseTime,
            responseSize: this.responseSize
        };
    };
    Object.defineProperty(Response.prototype, 'to', {
        get: function () { return lib.chai().expect(this).to; }
    });
    Object.defineProperty(Response.prototype, 'stream', {
        get: function () { return lib.require('buffer').Buffer.from(this._body); }
    });

    // Ours, or the SDK's (a script may build one with require('postman-collection')).
    Response.isResponse = function (object) {
        return Boolean(object) && (object._postmanResponse === true ||
            object._postman_propertyName === 'Response' ||
            (object.constructor && object.constructor._postman_propertyName === 'Response'));
    };

    // What a pm.sendRequest callback gets when no response came: newman's `new Response()`, an
    // id, no code, no body and empty header and cookie lists (chai shows it as newman does).
    Response.empty = function () {
        var response = Object.create(Response.prototype);
        response.id = lib.uuid();
        response._details = undefined;
        response.headers = new PropertyList([], 'key', true);
        response.cookies = new PropertyList([], 'name', false);
        return response;
    };

    lib.PropertyList = PropertyList;
    lib.Response = Response;
})
