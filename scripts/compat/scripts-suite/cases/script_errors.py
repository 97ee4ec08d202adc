"""Script errors, each a failure with its request and place: a throw and a syntax error in a
pre-request script (the request is still sent, the test script still runs), a syntax error and
an unknown require in a test script, a throw after some tests, a ReferenceError, a thrown
non-Error, an error inside a test, an assertion outside any test, errors in timers."""
from cases._shape import collection, folder, request


def files():
    return {".postman_collection.json": collection("script-errors", [
        request("pre-request throws", "/get?v={{setBeforeThrow}}&w={{setAfterThrow}}", pre=r"""
            pm.variables.set('setBeforeThrow', 'before');
            throw new Error('pre-request failed on purpose');
            pm.variables.set('setAfterThrow', 'after');
        """, test=r"""
            pm.test('the request was still sent, with what was set before the throw', () => {
                pm.expect(pm.response.json().args).to.eql({ v: 'before', w: '{{setAfterThrow}}' });
            });
        """),
        request("pre-request syntax error", "/get", pre="var x = ;", test=r"""
            pm.test('the test script runs after a pre-request syntax error', () => {});
        """),
        request("test syntax error", "/get", test="pm.test('never registered', () => {});\nif (", as_string=True),
        request("unknown require", "/get", test=r"""
            pm.test('registered before the require', () => {});
            const pad = require('left-pad');
            pm.test('never registered: after the require', () => {});
        """),
        request("throw after tests", "/get", test=r"""
            pm.test('first, passes', () => {});
            pm.test('second, fails', () => pm.expect(1).to.equal(2));
            throw new Error('thrown after two tests');
        """),
        request("reference error", "/get", test=r"""
            pm.test('before the reference error', () => {});
            notDefinedAnywhere.call();
        """),
        request("thrown string", "/get", test=r"""
            throw 'a plain string';
        """),
        request("errors inside tests", "/get", test=r"""
            pm.test('a TypeError inside a test', () => { null.x; });
            pm.test('an Error inside a test', () => { throw new Error('inside the test'); });
            pm.test('a custom error inside a test', () => {
                class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }
                throw new MyError('custom');
            });
            pm.test('passes after failures', () => {});
        """),
        request("assertion outside a test", "/get", test=r"""
            pm.expect(1).to.equal(2);
            pm.test('never registered: after a bare failing expect', () => {});
        """),
        request("error in a timer", "/get", test=r"""
            pm.test('registered before the timer', () => {});
            setTimeout(() => { throw new Error('thrown in a timer'); }, 1);
        """),
        request("throw with a timer pending", "/get", test=r"""
            pm.test('registered before the throw', () => {});
            setTimeout(() => pm.test('registered by the pending timer', () => {}), 5);
            throw new Error('thrown while a timer is pending');
        """),
        request("error in a done test", "/get", test=r"""
            pm.test('an expect failing inside a timer of a done test', function (done) {
                setTimeout(() => { pm.expect(1).to.equal(2); done(); }, 1);
            });
            pm.test('a synchronous test after it', () => {});
        """),
        folder("folder with a failing script", [
            request("under a failing folder script", "/get", test=r"""
                pm.test('the request script still runs', () => {});
            """),
        ], pre="throw new Error('folder pre-request failed');",
           test="throw new Error('folder test failed');"),
        request("last", "/get", test="pm.test('the run goes on to the end', () => {});"),
    ])}
