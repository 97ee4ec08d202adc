// Postman's chai extensions (to.have.status, to.be.ok, to.have.jsonBody, ...) for pm.expect and
// pm.response.to, and the lazy chai loader. Messages follow chai-postman's so reports match newman.
(function (host, lib) {
    'use strict';

    var CLASSES = { info: 1, success: 2, redirection: 3, clientError: 4, serverError: 5 };
    // chai-postman 2.0.1's table, its reason names included as they are ("Unauthorised",
    // "Acceptable"): reports must match newman's, quirks and all.
    var REASONS = {
        ok: [200, 'OK'], accepted: [202, 'Accepted'], withoutContent: [204, 'No Content'],
        badRequest: [400, 'Bad Request'], unauthorised: [401, 'Unauthorised'], unauthorized: [401, 'Unauthorized'],
        forbidden: [403, 'Forbidden'], notFound: [404, 'Not Found'], notAcceptable: [406, 'Acceptable'],
        rateLimited: [429, 'Too Many Requests']
    };

    var chai;
    lib.chai = function () {
        if (!chai) {
            var loaded = lib.require('chai');
            install(loaded);
            chai = loaded;
        }
        return chai;
    };

    function isRequest(object) {
        return Boolean(object) && (object._postman_propertyName === 'Request' ||
            (object.constructor && object.constructor._postman_propertyName === 'Request') ||
            (typeof object.method === 'string' && object.url !== undefined && object.headers !== undefined));
    }

    function deepEqual(a, b) {
        if (a === b) { return true; }
        if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
            return a !== a && b !== b; // NaN
        }
        if (Array.isArray(a) !== Array.isArray(b)) { return false; }
        var keysA = Object.keys(a), keysB = Object.keys(b);
        if (keysA.length !== keysB.length) { return false; }
        return keysA.every(function (k) { return Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]); });
    }

    // lodash's _.has/_.get path syntax: a.b[0].c
    function pathParts(path) {
        return String(path).replace(/\[(\w+)\]/g, '.$1').split('.').filter(function (p) { return p !== ''; });
    }
    function hasPath(object, path) {
        var parts = pathParts(path), current = object;
        for (var i = 0; i < parts.length; i++) {
            if (current === null || current === undefined || !Object.prototype.hasOwnProperty.call(Object(current), parts[i])) { return false; }
            current = current[parts[i]];
        }
        return parts.length > 0;
    }
    function getPath(object, path) {
        return pathParts(path).reduce(function (c, p) { return c === null || c === undefined ? undefined : c[p]; }, object);
    }

    function jsonError(response) {
        try { response.json(); return undefined; }
        catch (e) {
            return e.name === 'JSONError' && e.message ? String(e.message).split('\n')[0] : e.name + ': ' + e.message;
        }
    }

    function install(chai) {
        var Assertion = chai.Assertion;

        // The subject as a response, or the failure chai-postman reports. Checked directly rather
        // than through nested Assertions: chai is slow under QuickJS and this runs on every check.
        function response(assertion) {
            var subject = assertion._obj;
            lib.Response.isResponse(subject) || new Assertion(subject).to.be.postmanResponse;
            return subject;
        }
        function codeOf(assertion) {
            var r = response(assertion);
            if (typeof r.code !== 'number') {
                new Assertion(r).to.have.property('code');
                new Assertion(r.code).to.be.a('number');
            }
            return r.code;
        }

        Assertion.addProperty('postmanRequest', function () {
            this.assert(isRequest(this._obj), 'expecting a postman request object but got #{this}',
                'not expecting a postman request object');
        });
        Assertion.addProperty('postmanResponse', function () {
            this.assert(lib.Response.isResponse(this._obj), 'expecting a postman response object but got #{this}',
                'not expecting a postman response object');
        });
        Assertion.addProperty('postmanRequestOrResponse', function () {
            this.assert(lib.Response.isResponse(this._obj) || isRequest(this._obj),
                'expecting a postman request or response object but got #{this}',
                'not expecting a postman request or response object');
        });

        function assertClass(assertion, wanted) {
            var code = codeOf(assertion);
            assertion.assert(Math.floor(code / 100) === wanted,
                'expected response code to be #{exp}XX but found #{act}',
                'expected response code to not be #{exp}XX', wanted, code);
        }
        Assertion.addMethod('statusCodeClass', function (wanted) { assertClass(this, wanted); });
        Object.keys(CLASSES).forEach(function (name) {
            Assertion.addProperty(name, function () { assertClass(this, CLASSES[name]); });
        });
        Assertion.addProperty('error', function () {
            var code = codeOf(this), kind = Math.floor(code / 100);
            this.assert(kind === 4 || kind === 5, 'expected response code to be 4XX or 5XX but found #{act}',
                'expected response code to not be 4XX or 5XX', null, code);
        });

        function assertCode(assertion, wanted) {
            var code = codeOf(assertion);
            assertion.assert(code === Number(wanted),
                'expected response to have status code #{exp} but got #{act}',
                'expected response to not have status code #{act}', Number(wanted), code);
        }
        function assertReason(assertion, wanted) {
            var r = response(assertion);
            assertion.assert(r.reason() === wanted,
                'expected response to have status reason #{exp} but got #{act}',
                'expected response to not have status reason #{act}', wanted, r.reason());
        }
        Assertion.addMethod('statusCode', function (code) { assertCode(this, code); });
        Assertion.addMethod('statusReason', function (reason) { assertReason(this, String(reason)); });
        Assertion.addMethod('status', function (codeOrReason) {
            typeof codeOrReason === 'number' ? assertCode(this, codeOrReason) : assertReason(this, codeOrReason);
        });
        // A named status checks the reason phrase (case aside), then the code.
        function assertNamed(assertion, name) {
            var wanted = REASONS[name][1].toUpperCase(), actual = String(response(assertion).reason()).toUpperCase();
            assertion.assert(actual === wanted, 'expected response to have status reason #{exp} but got #{act}',
                'expected response to not have status reason #{act}', wanted, actual);
            assertCode(assertion, REASONS[name][0]);
        }
        Object.keys(REASONS).forEach(function (name) {
            if (name === 'ok') { return; }
            Assertion.addProperty(name, function () { assertNamed(this, name); });
        });
        Assertion.overwriteProperty('ok', function (original) {
            return function () {
                if (!lib.Response.isResponse(this._obj)) { return original.call(this); }
                assertNamed(this, 'ok');
            };
        });

        Assertion.addMethod('header', function (key, value) {
            lib.Response.isResponse(this._obj) || new Assertion(this._obj).to.be.postmanRequestOrResponse;
            var kind = lib.Response.isResponse(this._obj) ? 'response' : 'request';
            var headers = this._obj.headers;
            this.assert(headers.has(key), 'expected ' + kind + ' to have header with key #{exp}',
                'expected ' + kind + ' to not have header with key #{exp}', key);
            if (arguments.length < 2) { return; }
            var actual = headers.one(key).value;
            this.assert(actual === value,
                "expected '" + String(key) + "' " + kind + ' header to be #{exp} but got #{act}',
                "expected '" + String(key) + "' " + kind + ' header to not be #{act}', value, actual);
        });

        Assertion.addProperty('withBody', function () {
            var text = response(this).text();
            this.assert(typeof text === 'string' && text.length > 0, 'expected response to have content in body',
                'expected response to not have content in body');
        });
        Assertion.addProperty('json', function () {
            var error = jsonError(response(this));
            this.assert(!error, 'expected response body to be a valid json but got error ' + error,
                'expected response body not to be a valid json');
        });

        Assertion.addMethod('body', function (content) {
            var r = response(this), body;
            if (content !== null && typeof content === 'object' && !(content instanceof RegExp)) {
                try { body = r.json(); } catch (e) { body = undefined; }
                this.assert(deepEqual(body, content), 'expected response body json to equal #{exp} but got #{act}',
                    'expected response body json to not equal #{exp} but got #{act}', content, body);
                return;
            }
            body = r.text();
            if (arguments.length === 0) {
                this.assert(typeof body === 'string' && body.length > 0, 'expected response to have content in body',
                    'expected response to not have content in body');
            }
            else if (content instanceof RegExp) {
                this.assert(content.exec(body) !== null, 'expected response body text to match #{exp} but got #{act}',
                    'expected response body text #{act} to not match #{exp}', content, body);
            }
            else {
                this.assert(body === content, 'expected response body to equal #{exp} but got #{act}',
                    'expected response body to not equal #{exp}', content, body);
            }
        });

        Assertion.addMethod('jsonBody', function (path, value) {
            var r = response(this), error = jsonError(r), body;
            if (arguments.length === 0) {
                this.assert(!error, 'expected response body to be a valid json but got error ' + error,
                    'expected response body not to be a valid json');
                return;
            }
            if (!error) { body = r.json(); }
            if (path !== null && typeof path === 'object') {
                this.assert(deepEqual(body, path), 'expected response body json to equal #{exp} but got #{act}',
                    'expected response body json to not equal #{exp} but got #{act}', path, body);
                return;
            }
            this.assert(hasPath(body, path), 'expected #{act} in response to contain property #{exp}',
                'expected #{act} in response to not contain property #{exp}', path, body);
            if (arguments.length > 1) {
                var actual = getPath(body, path);
                this.assert(deepEqual(actual, value),
                    'expected response body json at "' + path + '" to contain #{exp} but got #{act}',
                    'expected response body json at "' + path + '" to not contain #{exp} but got #{act}',
                    value, actual);
            }
        });

        Assertion.addMethod('jsonSchema', function (schema, options) {
            var r = response(this), Ajv = lib.require('ajv'), body;
            try { body = r.json(); } catch (e) { body = undefined; }
            var ajv = new Ajv(Object.assign({ allErrors: true, logger: false }, options));
            var valid = ajv.validate(schema, body);
            this.assert(valid, 'expected data to satisfy schema but found following errors: \n' +
                (valid ? '' : ajv.errorsText()), 'expected data to not satisfy schema', true, valid);
        });

        Assertion.addChainableMethod('responseTime', function (value) {
            var time = chai.util.flag(this, 'number');
            this.assert(typeof time === 'number', 'expected response to have a valid response time but got #{act}',
                'expected response to not have a valid response time but got #{act}', null, time);
            arguments.length && this.assert(time === value,
                'expected response to have a valid response time but got #{act}',
                'expected response to not have a valid response time but got #{act}', null, time);
        }, function () {
            var r = response(this);
            chai.util.flag(this, 'number', r.responseTime);
            this._obj = r.responseTime;
        });
        Assertion.addChainableMethod('responseSize', function (value) {
            var size = chai.util.flag(this, 'number');
            this.assert(typeof size === 'number', 'expected response to have a valid response size but got #{act}',
                'expected response to not have a valid response size but got #{act}', null, size);
            arguments.length && this.assert(size === value, 'expected response size to equal #{act} but got #{exp}',
                'expected response size to not equal #{act} but got #{exp}', value, size);
        }, function () {
            var size = response(this).size().total;
            chai.util.flag(this, 'number', size);
            this._obj = size;
        });
    }
})
