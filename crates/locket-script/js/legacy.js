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
        ['_', 'CryptoJS', 'tv4', 'xml2Json', 'cheerio'].forEach(function (name) {
            build[name] = function () { return globalThis[name]; };
        });

        var names = {}, warned = {};
        function warn(key) {
            if (warned[key]) { return; }
            warned[key] = true;
            exec.console.warn('Using "' + key + '" is deprecated.' +
                (ALTERNATIVES[key] ? ' Use ' + ALTERNATIVES[key] + ' instead.' : ''));
        }
        // `environment` and `globals` first: `postman`'s setters keep those same objects current.
        ['environment', 'globals'].concat(Object.keys(build)).forEach(function (name) {
            if (uses[name] && !(name in names)) { names[name] = deprecated(name, build[name](), warn); }
        });
        return names;
    };

    // What postman-sandbox suggests instead of each legacy global, in its console warning.
    var ALTERNATIVES = {
        tests: '"pm.test()"', globals: '"pm.globals"', environment: '"pm.environment"', data: '"pm.iterationData"',
        request: '"pm.request"', responseCookies: '"pm.cookies"', responseHeaders: '"pm.response.headers"',
        responseTime: '"pm.response.responseTime"', responseCode: '"pm.response.code"',
        responseBody: '"pm.response.text()"', iteration: '"pm.info.iteration"', _: '"require(\'lodash\')"',
        CryptoJS: 'global "crypto" object', tv4: '"require(\'ajv\')"', xml2Json: '"require(\'xml2js\')"',
        cheerio: '"require(\'cheerio\')"', 'postman.setNextRequest': '"pm.execution.setNextRequest()"',
        'postman.setEnvironmentVariable': '"pm.environment.set()"',
        'postman.getEnvironmentVariable': '"pm.environment.get()"',
        'postman.clearEnvironmentVariables': '"pm.environment.clear()"',
        'postman.clearEnvironmentVariable': '"pm.environment.unset()"',
        'postman.setGlobalVariable': '"pm.globals.set()"', 'postman.getGlobalVariable': '"pm.globals.get()"',
        'postman.clearGlobalVariables': '"pm.globals.clear()"', 'postman.clearGlobalVariable': '"pm.globals.unset()"',
        'postman.getResponseCookie': '"pm.cookies.get()"', 'postman.getResponseHeader': '"pm.response.headers.get()"'
    };

    // Objects and functions warn once per script on first use, as postman-sandbox's do; numbers
    // and strings (responseTime, responseBody, iteration) cannot.
    function deprecated(name, value, warn) {
        if (!value || (typeof value !== 'object' && typeof value !== 'function')) { return value; }
        return new Proxy(value, {
            get: function (target, prop) {
                warn(name === 'postman' ? 'postman.' + String(prop) : name);
                return target[prop];
            },
            set: function (target, prop, v) {
                warn(name);
                target[prop] = v;
                return true;
            },
            apply: function (target, that, args) {
                warn(name);
                return target.apply(that, args);
            }
        });
    }
})
