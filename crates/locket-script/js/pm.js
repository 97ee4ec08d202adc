// The `pm` object of one script execution, as Postman documents it.
// `hooks` is the engine: it owns timers, pending pm.sendRequest calls and the results.
(function (host, lib) {
    'use strict';

    // Thrown by pm.execution.skipRequest() to end the script at once; not reported as an error.
    lib.SKIP = { skipRequest: true };

    // pm.sendRequest takes a URL string, a v2.1 request object, or an SDK Request.
    function normalizeRequest(request) {
        if (typeof request === 'string') { return { url: request, method: 'GET' }; }
        if (request && typeof request.toJSON === 'function') { request = request.toJSON(); }
        if (!request || typeof request !== 'object') {
            throw new TypeError('pm.sendRequest takes a URL or a request object, not ' + String(request));
        }
        var json = JSON.parse(JSON.stringify(request));
        json.method = String(json.method || 'GET').toUpperCase();
        // Postman also takes headers as { name: value }; the runner gets v2.1's list.
        if (json.header && !Array.isArray(json.header) && typeof json.header === 'object') {
            json.header = Object.keys(json.header).map(function (key) { return { key: key, value: json.header[key] }; });
        }
        return json;
    }

    // pm.cookies.jar(): postman-sandbox's CookieJar, its checks and callbacks, over the host's
    // jar (the run's: a cookie set here is sent by the next request it matches).
    function cookieJar(exec, hooks) {
        function urlOf(url, method) {
            // A string, or an SDK Url (its toString is the URL).
            if (url && typeof url === 'object' && typeof url.toString === 'function') { url = url.toString(); }
            if (!url || typeof url !== 'string') {
                throw new TypeError('CookieJar.' + method + '() requires a valid url');
            }
            return url;
        }
        function cookieOf(object) {
            var cookie = { name: String(object.name !== undefined ? object.name : object.key) };
            cookie.value = object.value === undefined || object.value === null ? '' : String(object.value);
            ['domain', 'path'].forEach(function (k) { if (object[k]) { cookie[k] = String(object[k]); } });
            if (object.expires) { cookie.expires = new Date(object.expires).toISOString(); }
            if (typeof object.maxAge === 'number') { cookie.maxAge = Math.floor(object.maxAge); }
            ['secure', 'httpOnly', 'hostOnly'].forEach(function (k) { cookie[k] = Boolean(object[k]); });
            return cookie;
        }
        return {
            get: function (url, name, callback) {
                url = urlOf(url, 'get');
                if (typeof callback !== 'function') { throw new TypeError('CookieJar.get() requires a callback function'); }
                if (typeof name !== 'string') { throw new TypeError('CookieJar.get() requires cookie name to be a string'); }
                hooks.cookies(exec, { op: 'get', url: url, name: name }, callback);
            },
            getAll: function (url, options, callback) {
                url = urlOf(url, 'getAll');
                if (typeof options === 'function' && !callback) { callback = options; options = {}; }
                if (typeof callback !== 'function') { throw new TypeError('CookieJar.getAll() requires a callback function'); }
                if (typeof options !== 'object') { throw new TypeError('CookieJar.getAll() requires options to be an object'); }
                hooks.cookies(exec, { op: 'getAll', url: url }, function (error, all) {
                    callback(error, error ? undefined : new lib.PropertyList(all || [], 'name', false));
                });
            },
            set: function (url, name, value, callback) {
                url = urlOf(url, 'set');
                if (typeof value === 'function' && !callback) { callback = value; value = null; }
                var call = { op: 'set', url: url };
                if (name && value) { call.cookie = cookieOf({ name: name, value: value }); }
                else if (name && typeof name === 'object') { call.cookie = cookieOf(name); }
                else if (typeof name === 'string') { call.name = name; } // a Set-Cookie string
                else { throw new TypeError('CookieJar.set() requires a valid set cookie arguments'); }
                hooks.cookies(exec, call, callback);
            },
            unset: function (url, name, callback) {
                url = urlOf(url, 'unset');
                if (typeof name !== 'string') { throw new TypeError('CookieJar.unset() requires cookie name to be a string'); }
                hooks.cookies(exec, { op: 'unset', url: url, name: name }, callback);
            },
            clear: function (url, callback) {
                hooks.cookies(exec, { op: 'clear', url: urlOf(url, 'clear') }, callback);
            }
        };
    }

    // pm.request: the SDK's Request when postman-collection ships, else the plain v2.1 object.
    //
    // Building the SDK's Request costs about 0.65 ms in QuickJS, a third of a scripted
    // iteration, and a lane runs the same request definitions again and again. So a built
    // Request is kept per definition (its JSON text) and lent to the next execution of that
    // definition, but only after an execution handed it back unchanged: its toJSON() equal to
    // the one taken right after it was built. A script that changes it, throws or never ends
    // does not hand it back, so no change ever reaches another execution. Definitions seen once
    // cost nothing extra: the snapshot is taken from the second sighting on. (A script that
    // keeps pm.request in a global and changes it in a later execution, without reading
    // pm.request there, changes the kept copy: a case contrived enough to leave.)
    var MAX_CACHED_REQUESTS = 256;
    var cachedRequests = new Map();   // definition text -> { request, snapshot }
    var seenDefinitions = new Set();  // definitions built once, without a snapshot

    function materializeRequest(state) {
        if (state.request !== undefined) { return state.request; }
        if (!lib.hasModule('postman-collection')) {
            state.request = state.requestJson;
            return state.request;
        }
        var key = JSON.stringify(state.requestJson);
        var lent = cachedRequests.get(key);
        if (lent) {
            cachedRequests.delete(key);
        } else {
            var request = new (lib.require('postman-collection').Request)(state.requestJson);
            var snapshot = null;
            if (seenDefinitions.has(key)) {
                snapshot = JSON.stringify(request.toJSON());
            } else {
                if (seenDefinitions.size >= MAX_CACHED_REQUESTS) { seenDefinitions.clear(); }
                seenDefinitions.add(key);
            }
            lent = { request: request, snapshot: snapshot };
        }
        state.lent = { key: key, entry: lent };
        state.request = lent.request;
        return state.request;
    }

    // The request as v2.1 JSON, now.
    lib.requestOut = function (state) {
        var request = state.request;
        if (request === undefined) { return state.requestJson; }
        return typeof request.toJSON === 'function' ? request.toJSON() : request;
    };

    // The request at the end of the execution; the lent Request goes back if unchanged.
    lib.finishRequest = function (state) {
        var json = lib.requestOut(state);
        var lent = state.lent;
        state.lent = undefined;
        if (lent && lent.entry.request === state.request && lent.entry.snapshot !== null &&
            JSON.stringify(json) === lent.entry.snapshot) {
            if (cachedRequests.size >= MAX_CACHED_REQUESTS) { cachedRequests.clear(); }
            cachedRequests.set(lent.key, lent.entry);
        }
        return json;
    };

    lib.materializeRequest = materializeRequest;

    lib.responseOf = function (state) {
        if (state.response === undefined && state.responseData) {
            state.response = new lib.Response(state.responseData);
        }
        return state.response;
    };

    lib.createPm = function (exec, state, hooks) {
        var scopes = state.scopes, info = state.info;
        var pm = {};

        pm.info = {
            eventName: state.event,
            iteration: info.iteration,
            iterationCount: info.iteration_count,
            requestName: info.request_name,
            requestId: info.request_id
        };
        pm.globals = scopes.globals;
        pm.environment = scopes.environment;
        pm.collectionVariables = scopes.collection;
        pm.iterationData = scopes.data;
        pm.variables = scopes.resolving;

        Object.defineProperty(pm, 'request', {
            enumerable: true,
            get: function () { return materializeRequest(state); }
        });
        Object.defineProperty(pm, 'response', {
            enumerable: true,
            get: function () { return lib.responseOf(state); }
        });
        pm.cookies = new lib.PropertyList(state.cookies.slice(), 'name', false);
        pm.cookies.jar = function () { return cookieJar(exec, hooks); };

        pm.test = function (name, fn) {
            var assertion = hooks.newAssertion(exec, name, false);
            if (typeof fn !== 'function') { hooks.addAssertion(exec, assertion); return pm; }
            var finished = false, pending = { assertion: assertion };
            function done(error) {
                if (finished) { return; }
                finished = true;
                hooks.endTest(exec, pending);
                if (error !== undefined && error !== null) {
                    assertion.passed = false;
                    assertion.error = hooks.describe(exec, error);
                }
                hooks.addAssertion(exec, assertion);
            }
            try {
                if (fn.length > 0) { // async: the test calls done()
                    hooks.startTest(exec, pending);
                    fn(done);
                    return pm;
                }
                // A returned promise is not awaited (postman-sandbox 6): the test passes now, and a
                // rejection is the script's error, as any unhandled rejection.
                fn();
                done();
            }
            catch (e) {
                if (e === lib.SKIP) { throw e; }
                done(e);
            }
            return pm;
        };
        pm.test.skip = function (name) {
            hooks.addAssertion(exec, hooks.newAssertion(exec, name, true));
            return pm;
        };
        pm.test.index = function () { return exec.testIndex; };

        pm.expect = function () {
            var chai = lib.chai();
            return chai.expect.apply(chai, arguments);
        };
        pm.expect.fail = function () {
            var chai = lib.chai();
            return chai.expect.fail.apply(chai, arguments);
        };

        pm.sendRequest = function (request, callback) {
            var json = normalizeRequest(request);
            if (typeof callback === 'function') {
                hooks.send(exec, json, callback);
                return undefined;
            }
            return new Promise(function (resolve, reject) {
                hooks.send(exec, json, function (error, response) { error ? reject(error) : resolve(response); });
            });
        };

        var location = (info.location || []).slice();
        location.current = exec.location;
        pm.execution = {
            location: location,
            setNextRequest: function (name) { hooks.setNextRequest(name); },
            skipRequest: function () {
                state.output.skip = true;
                throw lib.SKIP;
            }
        };
        // Postman offers it to pre-request scripts only; elsewhere calling it is a TypeError.
        if (state.event !== 'prerequest') { delete pm.execution.skipRequest; }

        // Postman's pm.vault: every call is a promise the host settles. Without the user's
        // permission the host rejects it ("Vault access denied"); names and values are strings.
        pm.vault = {
            get: function (name) { return hooks.vault(exec, 'get', String(name)); },
            set: function (name, value) {
                return hooks.vault(exec, 'set', String(name), value === undefined ? '' : String(value));
            },
            unset: function (name) { return hooks.vault(exec, 'unset', String(name)); }
        };

        pm.visualizer = { set: function () {}, clear: function () {} };
        pm.require = function (name) {
            throw new Error("pm.require('" + name + "'): package libraries are not supported by locket; " +
                'use require() for the libraries Postman bundles');
        };
        return pm;
    };

    lib.normalizeRequest = normalizeRequest;
})
