"""Safety: scripts see no process, file system or network module; a synchronous endless loop
stops at --timeout-script with a failure for its request (newman 6.2.2 then runs no further
script: the loop is the last request here). Out-of-memory is not compared: node itself dies."""
from cases._shape import collection, request


def files():
    return {
        ".postman_collection.json": collection("safety", [
            request("no host access", "/get", test=r"""
                pm.test('no process', () => pm.expect(typeof process).to.equal('undefined'));
                pm.test('require fs gives nothing usable', () => {
                    const fs = require('fs');
                    pm.expect(fs.readFileSync).to.equal(undefined);
                });
                pm.test('no child_process', () => pm.expect(() => require('child_process')).to.throw());
                pm.test('no net', () => pm.expect(() => require('net')).to.throw());
                pm.test('no XMLHttpRequest or fetch', () => {
                    pm.expect(typeof XMLHttpRequest).to.equal('undefined');
                    pm.expect(typeof fetch).to.equal('undefined');
                });
                pm.test('no module or exports', () => {
                    pm.expect(typeof module).to.equal('undefined');
                });
                pm.test('eval and Function work inside the sandbox', () => {
                    pm.expect(eval('1 + 1')).to.equal(2);
                    pm.expect(new Function('return 3')()).to.equal(3);
                });
            """),
            request("a slow but finite script", "/get", test=r"""
                let n = 0;
                for (let i = 0; i < 200000; i++) n += i;
                pm.test('finishes under the script timeout', () => pm.expect(n).to.equal(19999900000));
            """),
            request("endless loop", "/get", test=r"""
                pm.test('registered before the loop', () => {});
                while (true) {}
            """),
        ]),
        ".args": "--timeout-script 1000\n",
    }
