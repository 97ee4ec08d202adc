// The pre-`pm` globals older collections use: tests[], responseBody, environment, postman.*, ...
// Scripts that start with "use sandbox2"; opt out of them, as in postman-sandbox.
(function (host, lib) {
    'use strict';

    // Postman's setters store strings: anything with a toString (but null/undefined) is converted.
    function legacyValue(value) {
        return (value === false || value) && typeof (value && value.toString) === 'function' ? value.toString() : value;
    }

    function bodyData(request) {
        var body = request && request.body;
        if (!body || !body.mode) { return {}; }
        if (body.mode === 'raw') { return body.raw || {}; }
        if (body.mode === 'urlencoded' || body.mode === 'formdata') {
            var form = {};
            (body[body.mode] || []).forEach(function (param) {
                if (param.disabled) { return; }
                if (Object.prototype.hasOwnProperty.call(form, param.key)) {
                    form[param.key] = [].concat(form[param.key], param.value);
                }
                else { form[param.key] = param.value; }
            });
            return form;
        }
        return {};
    }

    function legacyRequest(state) {
        var request = lib.requestOut(state) || {};
        var url = request.url;
        var headers = {};
        (Array.isArray(request.header) ? request.header : []).forEach(function (h) {
            h.disabled || (headers[h.key] = h.value);
        });
        return {
            id: state.info.request_id,
            name: state.info.request_name,
            description: typeof request.description === 'object' && request.description ?
                request.description.content : request.description,
            headers: headers,
            method: request.method || 'GET',
            url: typeof url === 'string' ? url : (url && url.raw) || '',
            data: bodyData(request)
        };
    }

    // The legacy globals a script uses (`uses[name]`): building them all for every script would
    // cost more than most scripts themselves.
    lib.legacyGlobals = function (exec, state, pm, uses) {
        var scopes = state.scopes;
        var isTest = state.event === 'test';
        var response = isTest ? lib.responseOf(state) : undefined;
        var mirrors = {}; // the `environment` and `globals` objects, kept in step by postman.*
        function mirror(name) {
            return mirrors[name] || (mirrors[name] = scopes[name].toObject());
        }

        function setter(name) {
            return function (key, value) {
                value = legacyValue(value);
                mirror(name)[key] = value;
                scopes[name].set(key, value);
            };
        }
        function clearer(name) {
            return function (key) {
                key && delete mirror(name)[key];
                scopes[name].unset(key);
            };
        }
        function clearAll(name) {
            return function () {
                var object = mirror(name);
                Object.keys(object).forEach(function (k) { delete object[k]; });
                scopes[name].clear();
            };
        }

        var build = {
            tests: function () { return exec.legacyTests; },
            globals: function () { return mirror('globals'); },
            environment: function () { return mirror('environment'); },
            data: function () { return scopes.data.toObject(); },
            iteration: function () { return state.info.iteration; },
            request: function () { return legacyRequest(state); },
            postman: function () {
                var postman = {
                    setEnvironmentVariable: setter('environment'),
                    getEnvironmentVariable: function (key) { return scopes.environment.get(key); },
                    clearEnvironmentVariable: clearer('environment'),
                    clearEnvironmentVariables: clearAll('environment'),
                    setGlobalVariable: setter('globals'),
                    getGlobalVariable: function (key) { return scopes.globals.get(key); },
                    clearGlobalVariable: clearer('globals'),
                    clearGlobalVariables: clearAll('globals'),
                    setNextRequest: function (name) { pm.execution.setNextRequest(name); }
                };
                if (isTest) {
                    postman.getResponseHeader = function (name) {
                        var header = response && response.headers.one(name);
                        return header ? header.value : undefined;
                    };
                    postman.getResponseCookie = function (name) {
                        return response ? response.cookies.one(String(name)) : undefined;
                    };
                }
                return postman;
            }
        };
        if (isTest) {
            build.responseCookies = function () { return response ? response.cookies.all() : []; };
            build.responseHeaders = function () {
                var headers = {};
                response && response.headers.each(function (h) { headers[h.key] = h.value; });
                return headers;
            };
            build.responseTime = function () { return response ? response.responseTime : NaN; };
            build.responseCode = function () {
                return response ? response.details() : { code: NaN, name: '', detail: '' };
            };
            build.responseBody = function () { return response ? response.text() : undefined; };
        }
        var names = {};
        // `environment` and `globals` first: `postman`'s setters keep those same objects current.
        ['environment', 'globals'].concat(Object.keys(build)).forEach(function (name) {
            if (uses[name] && !(name in names)) { names[name] = build[name](); }
        });
        return names;
    };
})
