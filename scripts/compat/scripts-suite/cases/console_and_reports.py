"""Reports: console.* output from pre-request and test scripts (strings, numbers, objects,
arrays, null, undefined, errors, several arguments) as the cli reporter shows it under its
request; passing, failing and skipped tests and script errors in the cli, json and junit
reporters; two iterations."""
from cases._shape import collection, folder, request


def files():
    return {
        ".postman_collection.json": collection("console-and-reports", [
            request("console in both scripts", "/json", pre=r"""
                console.log('pre-request log', 1, true, null, undefined);
                console.log({ nested: { list: [1, 2, { deep: 'x' }] } });
            """, test=r"""
                console.info('info line');
                console.warn('warn line', [1, 'two']);
                console.error('error line', new Error('as an error'));
                console.log('iteration', pm.info.iteration, 'of', pm.info.iterationCount);
                console.log('%s has %d items', 'list', 3);
                console.debug('debug line');
                pm.test('passes', () => {});
                pm.test('fails', () => pm.expect('a').to.equal('b'));
                pm.test.skip('skipped', () => {});
            """),
            folder("a folder", [
                request("console from a timer", "/get", test=r"""
                    setTimeout(() => console.log('from a timer'), 5);
                    console.log('before the timer');
                    pm.test('in a folder', () => {});
                """),
                request("script error shown", "/get", test=r"""
                    console.log('before the throw');
                    throw new Error('reported by every reporter');
                """),
            ]),
            request("no tests, a 500", "/status/500"),
        ]),
        ".args": "-n 2\n",
    }
