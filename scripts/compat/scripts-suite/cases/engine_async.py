"""Engine: timers, intervals, promises, async/await in pre-request and
test scripts; the runner waits for pending work before it sends the request and before it
reports; the order of asynchronous tests is the order in which they finish."""
from cases._shape import collection, request


PRE_TIMERS = r"""
setTimeout(() => pm.variables.set('late', 'after-timer'), 20);
let ticks = 0;
const interval = setInterval(() => {
    ticks += 1;
    if (ticks === 3) { clearInterval(interval); pm.variables.set('ticks', String(ticks)); }
}, 5);
const cancelled = setTimeout(() => pm.variables.set('cancelled', 'ran'), 10);
clearTimeout(cancelled);
Promise.resolve('micro').then(v => pm.variables.set('micro', v));
(async () => {
    const value = await new Promise(resolve => setTimeout(() => resolve('awaited'), 15));
    pm.variables.set('tla', value);
})();
"""

TEST_TIMERS = r"""
pm.test('the request waited for the timer', () => {
    pm.expect(pm.response.json().args.late).to.equal('after-timer');
});
pm.test('the request waited for the interval', () => {
    pm.expect(pm.response.json().args.ticks).to.equal('3');
});
pm.test('a microtask ran before the request', () => {
    pm.expect(pm.response.json().args.micro).to.equal('micro');
});
pm.test('an async function in a pre-request script', () => {
    pm.expect(pm.response.json().args.tla).to.equal('awaited');
});
pm.test('a cleared timeout never runs', () => {
    pm.expect(pm.variables.get('cancelled')).to.equal(undefined);
});
"""

TEST_ORDER = r"""
const order = [];
order.push('sync');
Promise.resolve().then(() => order.push('microtask'));
setTimeout(() => order.push('timeout 0'), 0);
setTimeout(() => order.push('timeout 30'), 30);
setTimeout(() => order.push('timeout 10'), 10);
setTimeout(() => {
    pm.test('timers fire by delay, microtasks first', () => {
        pm.expect(order).to.eql(['sync', 'microtask', 'timeout 0', 'timeout 10', 'timeout 30']);
    });
}, 60);
pm.test('first synchronous test', () => pm.expect(order).to.eql(['sync']));
pm.test('async test with done, finishing late', function (done) {
    setTimeout(() => { pm.expect(order.length).to.be.above(1); done(); }, 40);
});
pm.test('async test with done, finishing early', function (done) {
    setTimeout(() => done(), 1);
});
pm.test('done called with an error', function (done) {
    setTimeout(() => done(new Error('handed to done')), 2);
});
pm.test('done called synchronously', function (done) { done(); });
pm.test('second synchronous test', () => pm.expect(true).to.be.true);
"""

TEST_AWAIT = r"""
// newman 6.2.2 refuses top-level await (SyntaxError): the awaits run in an async function.
(async () => {
async function twice(x) {
    await new Promise(r => setTimeout(r, 5));
    return x * 2;
}
const a = await twice(21);
pm.test('await in a test script', () => pm.expect(a).to.equal(42));
const all = await Promise.all([twice(1), twice(2), Promise.resolve(7)]);
pm.test('Promise.all', () => pm.expect(all).to.eql([2, 4, 7]));
const settled = await Promise.allSettled([Promise.reject(new Error('no')), twice(3)]);
pm.test('Promise.allSettled', () => {
    pm.expect(settled.map(s => s.status)).to.eql(['rejected', 'fulfilled']);
    pm.expect(settled[0].reason.message).to.equal('no');
});
const raced = await Promise.race([twice(50), new Promise(r => setTimeout(() => r('slow'), 50))]);
pm.test('Promise.race', () => pm.expect(raced).to.equal(100));
try {
    await Promise.reject(new Error('caught rejection'));
} catch (e) {
    pm.test('a rejected await is caught', () => pm.expect(e.message).to.equal('caught rejection'));
}
(async () => {
    await twice(0);
    pm.test('a test from a floating async function', () => {});
})();
pm.test('a test returning a promise is recorded when called', () => twice(4));
})();
"""

TEST_SET_TIMEOUT_ARGS = r"""
setTimeout((a, b) => pm.test('setTimeout passes its extra arguments', () => {
    pm.expect([a, b]).to.eql(['x', 2]);
}), 1, 'x', 2);
const id = setTimeout(() => {}, 1);
pm.test('setTimeout returns a handle', () => pm.expect(id).to.not.equal(undefined));
setTimeout(() => pm.environment.set('set-by-timer', 'yes'), 25);
"""


def files():
    return {".postman_collection.json": collection("engine-async", [
        request("timers in pre-request",
                "/get?late={{late}}&ticks={{ticks}}&micro={{micro}}&tla={{tla}}",
                pre=PRE_TIMERS, test=TEST_TIMERS),
        request("event loop order", "/get", test=TEST_ORDER),
        request("await in tests", "/json", test=TEST_AWAIT),
        request("timer arguments", "/get", test=TEST_SET_TIMEOUT_ARGS),
        request("timer effects are kept", "/get?v={{set-by-timer}}", test="""
            pm.test('an environment value set by a timer is kept', () => {
                pm.expect(pm.response.json().args.v).to.equal('yes');
            });
        """),
    ])}
