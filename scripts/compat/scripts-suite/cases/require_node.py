"""require() of the Node modules the sandbox provides: assert, buffer, events, path, punycode,
querystring, stream, string_decoder, timers, url, util; the Buffer global."""
from cases._shape import collection, request

NODE = r"""
pm.test('assert', () => {
    const assert = require('assert');
    assert.strictEqual(1, 1);
    assert.deepStrictEqual({ a: [1] }, { a: [1] });
    pm.expect(() => assert.strictEqual(1, 2)).to.throw();
    pm.expect(() => assert.ok(false, 'not ok')).to.throw('not ok');
});
pm.test('buffer', () => {
    const { Buffer } = require('buffer');
    pm.expect(Buffer.from('locket').toString('base64')).to.equal('bG9ja2V0');
    pm.expect(Buffer.from('6c6f636b6574', 'hex').toString()).to.equal('locket');
    pm.expect(Buffer.byteLength('hé')).to.equal(3);
});
pm.test('Buffer global', () => pm.expect(Buffer.from('a').toString('hex')).to.equal('61'));
pm.test('events', () => {
    const EventEmitter = require('events');
    const e = new EventEmitter();
    const got = [];
    e.on('x', v => got.push(v));
    e.once('x', v => got.push('once ' + v));
    e.emit('x', 1); e.emit('x', 2);
    pm.expect(got).to.eql([1, 'once 1', 2]);
});
pm.test('path', () => {
    const path = require('path');
    pm.expect(path.join('/a', 'b', '../c')).to.equal('/a/c');
    pm.expect(path.extname('x.tar.gz')).to.equal('.gz');
    pm.expect(path.basename('/a/b.txt', '.txt')).to.equal('b');
});
pm.test('punycode', () => {
    pm.expect(require('punycode').toASCII('mañana.com')).to.equal('xn--maana-pta.com');
});
pm.test('querystring', () => {
    const qs = require('querystring');
    pm.expect(qs.stringify({ a: 'x y', b: ['1', '2'] })).to.equal('a=x%20y&b=1&b=2');
    pm.expect(qs.parse('a=1&a=2&b=%20')).to.eql({ a: ['1', '2'], b: ' ' });
});
pm.test('stream', () => {
    const { Readable } = require('stream');
    pm.expect(Readable).to.be.a('function');
});
pm.test('string_decoder', () => {
    const { StringDecoder } = require('string_decoder');
    const d = new StringDecoder('utf8');
    pm.expect(d.write(Buffer.from([0xc3])) + d.write(Buffer.from([0xa9]))).to.equal('é');
});
pm.test('url', () => {
    const url = require('url');
    const u = url.parse('http://user@h.test:8080/p?q=1#f', true);
    pm.expect([u.hostname, u.port, u.pathname, u.query.q, u.hash]).to.eql(['h.test', '8080', '/p', '1', '#f']);
    pm.expect(url.format({ protocol: 'https', hostname: 'h.test', pathname: '/x' })).to.equal('https://h.test/x');
});
pm.test('util', () => {
    const util = require('util');
    pm.expect(util.format('%s=%d', 'n', 4)).to.equal('n=4');
    pm.expect(util.inspect({ a: [1, 2] })).to.equal('{ a: [ 1, 2 ] }');
    pm.expect(util.isArray([])).to.be.true;
});
const timers = require('timers');
timers.setTimeout(() => pm.test('timers', () => {}), 1);
"""

MISSING = r"""
pm.test('an unknown module throws', () => {
    pm.expect(() => require('left-pad')).to.throw("Cannot find module 'left-pad'");
});
pm.test('fs is not available', () => pm.expect(() => require('fs')).to.throw());
pm.test('child_process is not available', () => pm.expect(() => require('child_process')).to.throw());
pm.test('http is not available', () => pm.expect(() => require('http')).to.throw());
"""


def files():
    return {".postman_collection.json": collection("require-node", [
        request("node modules", "/get", test=NODE),
        request("modules that are not there", "/get", test=MISSING),
    ])}
