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

    lib.legacyGlobals = function (exec, state, pm) {
        var scopes = state.scopes;
        var environment = scopes.environment.toObject();
        var globals = scopes.globals.toObject();
        var response = state.event === 'test' ? lib.responseOf(state) : undefined;

        function setter(scope, mirror) {
            return function (key, value) {
                value = legacyValue(value);
                mirror[key] = value;
                scope.set(key, value);
            };
        }
        function clearer(scope, mirror) {
            return function (key) {
                key && delete mirror[key];
                scope.unset(key);
            };
        }
        function clearAll(scope, mirror) {
            return function () {
                Object.keys(mirror).forEach(function (k) { delete mirror[k]; });
                scope.clear();
            };
        }

        var postman = {
            setEnvironmentVariable: setter(scopes.environment, environment),
            getEnvironmentVariable: function (key) { return scopes.environment.get(key); },
            clearEnvironmentVariable: clearer(scopes.environment, environment),
            clearEnvironmentVariables: clearAll(scopes.environment, environment),
            setGlobalVariable: setter(scopes.globals, globals),
            getGlobalVariable: function (key) { return scopes.globals.get(key); },
            clearGlobalVariable: clearer(scopes.globals, globals),
            clearGlobalVariables: clearAll(scopes.globals, globals),
            setNextRequest: function (name) { pm.execution.setNextRequest(name); }
        };
        var names = {
            tests: exec.legacyTests,
            globals: globals,
            environment: environment,
            data: scopes.data.toObject(),
            iteration: state.info.iteration,
            postman: postman,
            request: legacyRequest(state)
        };
        if (state.event === 'test') {
            var responseHeaders = {};
            response && response.headers.each(function (h) { responseHeaders[h.key] = h.value; });
            postman.getResponseHeader = function (name) {
                var header = response && response.headers.one(name);
                return header ? header.value : undefined;
            };
            postman.getResponseCookie = function (name) {
                return response ? response.cookies.one(String(name)) : undefined;
            };
            names.responseCookies = response ? response.cookies.all() : [];
            names.responseHeaders = responseHeaders;
            names.responseTime = response ? response.responseTime : NaN;
            names.responseCode = response ? response.details() : { code: NaN, name: '', detail: '' };
            names.responseBody = response ? response.text() : undefined;
        }
        return names;
    };
})
