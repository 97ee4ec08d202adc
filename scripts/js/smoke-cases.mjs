// What smoke.mjs runs inside the script engine: for each bundle, code that uses it as a Postman
// script would, and the JSON its result must equal. `code` is the body of a function of `require`
// that returns the result or a promise of it; it runs inside the engine, so it may only use what a
// script can. The expected values are computed independently here (by hand, or by Node's own
// implementation on the host where noted).

import crypto from 'node:crypto';

const hmacHex = crypto.createHmac('sha256', 'secret key').update('GET /orders 1700000000').digest('hex');
const sha1Base64 = crypto.createHash('sha1').update('abc').digest('base64');
const latin1 = 'caf\u00e9 \u00ff\u0000\u0001 ~';

// atob/btoa are own code: compare them with Node's (the platform ones Postman's sandbox gives) on
// the edge cases of the forgiving-base64 rules.
const ATOB_INPUTS = ['', 'YQ', 'YQ=', 'YQ==', 'Y Q = =', 'YQ===', '=YQ', 'YWJj\t\n', 'Y', 'ab$d', 'AAAA', '////', 'YW Jj ZA', 'YR==', 'YWI=YWI='];
const BTOA_INPUTS = ['', 'a', 'ab', 'abc', 'abcd', '\u00ff\u0000\u0080', '\u0100', '\ud83d\ude00'];
const platform = (fn, input) => {
    try {
        return { ok: fn(input) };
    } catch (error) {
        return { error: error.name };
    }
};

export const CASES = [
    {
        module: 'postman-collection',
        code: `
            const sdk = require('postman-collection');
            const request = new sdk.Request({
                url: 'https://api.example.test/v1/orders?id={{orderId}}&q=a b',
                method: 'POST',
                header: [{ key: 'X-Trace', value: 'abc' }],
                body: { mode: 'raw', raw: '{"n":1}' }
            });
            const response = new sdk.Response({
                code: 201, header: [{ key: 'Content-Type', value: 'application/json; charset=utf-8' }],
                body: '{"ok":true,"items":[1,2]}'
            });
            const scope = new sdk.VariableScope({ values: [{ key: 'orderId', value: '42' }] });
            const collection = new sdk.Collection({ info: { name: 'c' }, item: [{ name: 'r', request: 'https://x.test' }] });
            return {
                url: request.url.toString(),
                resolved: scope.replaceIn(request.url.toString()),
                method: request.method,
                header: request.headers.get('x-trace'),
                json: response.json(),
                status: response.status,
                reason: response.reason(),
                fakerName: /^[A-Za-z' -]+$/.test(scope.replaceIn('{{$randomFirstName}}')),
                guid: /^[0-9a-f-]{36}$/.test(scope.replaceIn('{{$guid}}')),
                itemIdIsUuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(collection.items.idx(0).id),
                // A body held in another bundle's Buffer, as an engine may hand one over.
                otherBundlesBuffer: new sdk.Response({ code: 200, stream: require('buffer').Buffer.from('h\u00e9') }).text(),
                shiftJis: new sdk.Response({
                    code: 200, header: [{ key: 'Content-Type', value: 'text/plain; charset=shift_jis' }],
                    stream: { type: 'Buffer', data: [0x82, 0xa0, 0x41] }
                }).text(),
            };`,
        expect: {
            url: 'https://api.example.test/v1/orders?id={{orderId}}&q=a b',
            resolved: 'https://api.example.test/v1/orders?id=42&q=a b',
            method: 'POST', header: 'abc', json: { ok: true, items: [1, 2] }, status: 'Created',
            reason: 'Created', otherBundlesBuffer: 'h\u00e9', fakerName: true, guid: true, itemIdIsUuid: true, shiftJis: '\u3042A',
        },
    },
    {
        module: 'chai',
        code: `
            const { expect, assert } = require('chai');
            expect({ a: [1, 2] }).to.deep.equal({ a: [1, 2] });
            expect('abc').to.include('b').and.have.lengthOf(3);
            assert.isTrue(true);
            let failure;
            try { expect(1).to.equal(2); } catch (e) { failure = e.name + ': ' + e.message; }
            return failure;`,
        expect: 'AssertionError: expected 1 to equal 2',
    },
    {
        module: 'crypto-js',
        code: `
            const CryptoJS = require('crypto-js');
            return {
                hmac: CryptoJS.HmacSHA256('GET /orders 1700000000', 'secret key').toString(CryptoJS.enc.Hex),
                sha1: CryptoJS.SHA1('abc').toString(CryptoJS.enc.Base64),
                aes: CryptoJS.AES.decrypt(CryptoJS.AES.encrypt('plain', 'pw').toString(), 'pw').toString(CryptoJS.enc.Utf8),
            };`,
        expect: { hmac: hmacHex, sha1: sha1Base64, aes: 'plain' },
    },
    {
        module: 'lodash',
        code: `
            const _ = require('lodash');
            return { version: _.VERSION, get: _.get({ a: { b: [1, 2] } }, 'a.b[1]'),
                     groups: _.groupBy([1.5, 1.7, 2.1], Math.floor), chunk: _.chunk([1, 2, 3], 2) };`,
        expect: { version: '4.18.1', get: 2, groups: { 1: [1.5, 1.7], 2: [2.1] }, chunk: [[1, 2], [3]] },
    },
    {
        module: 'lodash3',
        code: `
            const _ = require('lodash3');
            return { version: _.VERSION, pluck: _.pluck([{ a: 1 }, { a: 2 }], 'a') };`,
        expect: { version: '3.10.2', pluck: [1, 2] },
    },
    {
        module: 'chai-postman',
        code: `
            const chai = require('chai');
            const sdk = require('postman-collection');
            chai.use(require('chai-postman')(sdk, require('lodash'), require('ajv')));
            const response = new sdk.Response({ code: 200, header: [{ key: 'Content-Type', value: 'application/json' }], body: '{"a":1}' });
            chai.expect(response).to.have.status(200);
            chai.expect(response).to.be.ok;
            chai.expect(response).to.have.header('Content-Type');
            chai.expect(response).to.have.jsonBody('a', 1);
            let failure;
            try { chai.expect(response).to.have.status(404); } catch (e) { failure = e.message; }
            return failure;`,
        expect: 'expected response to have status code 404 but got 200',
    },
    {
        module: 'ajv',
        code: `
            const Ajv = require('ajv');
            const validate = new Ajv({ allErrors: true }).compile({
                type: 'object', required: ['id'], properties: { id: { type: 'integer' }, tag: { type: 'string', format: 'email' } }
            });
            return { good: validate({ id: 1, tag: 'a@b.test' }), bad: validate({ id: 'x', tag: 'nope' }),
                     errors: validate.errors.map(e => e.dataPath + ' ' + e.message) };`,
        expect: { good: true, bad: false, errors: ['.id should be integer', '.tag should match format "email"'] },
    },
    {
        module: 'atob',
        code: `
            const atob = require('atob');
            let bad;
            try { atob('a'); } catch (e) { bad = e.name; }
            const same = ${JSON.stringify(ATOB_INPUTS)}.map((input) => { try { return { ok: atob(input) }; } catch (e) { return { error: e.name }; } });
            return { text: atob('aGVs bG8=\\n'), bytes: atob(${JSON.stringify(Buffer.from(latin1, 'latin1').toString('base64'))}), bad, same };`,
        expect: { text: 'hello', bytes: latin1, bad: 'InvalidCharacterError', same: ATOB_INPUTS.map((i) => platform(atob, i)) },
    },
    {
        module: 'btoa',
        code: `
            const btoa = require('btoa');
            let bad;
            try { btoa('\\u20ac'); } catch (e) { bad = e.name; }
            const same = ${JSON.stringify(BTOA_INPUTS)}.map((input) => { try { return { ok: btoa(input) }; } catch (e) { return { error: e.name }; } });
            return { text: btoa('hello'), one: btoa('a'), two: btoa('ab'), bytes: btoa(${JSON.stringify(latin1)}), bad, same };`,
        expect: { text: 'aGVsbG8=', one: 'YQ==', two: 'YWI=', bytes: Buffer.from(latin1, 'latin1').toString('base64'), bad: 'InvalidCharacterError',
                  same: BTOA_INPUTS.map((i) => platform(btoa, i)) },
    },
    {
        module: 'cheerio',
        code: `
            const $ = require('cheerio').load('<ul><li class="x">one</li><li class="x">two</li></ul><title>T</title>');
            return { texts: $('li.x').map((i, el) => $(el).text()).get(), title: $('title').text(), html: $('ul').children().first().toString() };`,
        expect: { texts: ['one', 'two'], title: 'T', html: '<li class="x">one</li>' },
    },
    {
        module: 'csv-parse/lib/sync',
        code: `
            const parse = require('csv-parse/lib/sync');
            return parse('id,name\\n1,"Smith, J"\\n2,Ann\\n', { columns: true });`,
        expect: [{ id: '1', name: 'Smith, J' }, { id: '2', name: 'Ann' }],
    },
    {
        module: 'moment',
        code: `
            const moment = require('moment');
            const m = moment.utc('2024-02-29T13:04:05Z');
            moment.locale('fr'); // not bundled, as in Postman: stays English
            return { formatted: m.format('dddd D MMMM YYYY HH:mm'), plus: m.clone().add(1, 'year').format('YYYY-MM-DD'),
                     iso: moment.utc(0).toISOString(), locale: moment.locale(), valid: moment('nope', 'YYYY-MM-DD', true).isValid() };`,
        expect: { formatted: 'Thursday 29 February 2024 13:04', plus: '2025-02-28', iso: '1970-01-01T00:00:00.000Z', locale: 'en', valid: false },
    },
    {
        module: 'tv4',
        code: `
            const tv4 = require('tv4');
            const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
            const good = tv4.validate({ a: 'x' }, schema);
            const bad = tv4.validate({ a: 1 }, schema);
            return { good, bad, error: tv4.error.message, path: tv4.error.dataPath };`,
        expect: { good: true, bad: false, error: 'Invalid type: number (expected string)', path: '/a' },
    },
    {
        module: 'uuid',
        code: `
            const uuid = require('uuid');
            const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
            const a = uuid(), b = uuid.v4();
            return { a: shape.test(a), b: shape.test(b), different: a !== b };`,
        expect: { a: true, b: true, different: true },
    },
    {
        module: 'xml2js',
        code: `
            const xml2js = require('xml2js');
            return new Promise((resolve, reject) => {
                xml2js.parseString('<root a="1"><item>x</item><item>y</item></root>', (err, result) => err ? reject(err) : resolve({
                    parsed: result,
                    built: new xml2js.Builder({ headless: true, renderOpts: { pretty: false } }).buildObject({ r: { $: { k: 'v' }, c: 'text' } }),
                }));
            });`,
        expect: { parsed: { root: { $: { a: '1' }, item: ['x', 'y'] } }, built: '<r k="v"><c>text</c></r>' },
    },
    {
        module: 'assert',
        code: `
            const assert = require('assert');
            assert.deepStrictEqual({ a: [1] }, { a: [1] });
            let failure;
            try { assert.strictEqual(1, 2, 'one is not two'); } catch (e) { failure = e.name + ': ' + e.message + ' ' + e.code; }
            return failure;`,
        expect: 'AssertionError: one is not two ERR_ASSERTION',
    },
    {
        module: 'buffer',
        code: `
            const { Buffer, atob, btoa } = require('buffer');
            const b = Buffer.from('héllo', 'utf8');
            return { base64: b.toString('base64'), hex: Buffer.from([1, 255]).toString('hex'), length: b.length,
                     back: Buffer.from('aMOpbGxv', 'base64').toString(), isBuffer: Buffer.isBuffer(b), atob: atob('aGk='), btoa: btoa('hi') };`,
        expect: { base64: Buffer.from('héllo').toString('base64'), hex: '01ff', length: 6, back: 'héllo', isBuffer: true, atob: 'hi', btoa: 'aGk=' },
    },
    {
        module: 'events',
        code: `
            const EventEmitter = require('events');
            const e = new EventEmitter(); const seen = [];
            e.on('x', v => seen.push(v)); e.once('x', v => seen.push('once ' + v));
            e.emit('x', 1); e.emit('x', 2);
            return { seen, count: e.listenerCount('x') };`,
        expect: { seen: [1, 'once 1', 2], count: 1 },
    },
    {
        module: 'path',
        code: `
            const path = require('path');
            return [path.join('/a/b', '../c', 'd.txt'), path.basename('/x/y.json', '.json'), path.extname('f.tar.gz'), path.resolve('/a', 'b')];`,
        expect: ['/a/c/d.txt', 'y', '.gz', '/a/b'],
    },
    {
        module: 'punycode',
        code: `
            const punycode = require('punycode');
            return [punycode.toASCII('mañana.example'), punycode.toUnicode('xn--maana-pta.example'), punycode.encode('ü')];`,
        expect: ['xn--maana-pta.example', 'mañana.example', 'tda'],
    },
    {
        module: 'querystring',
        code: `
            const qs = require('querystring');
            return { s: qs.stringify({ a: 'x y', b: ['1', '2'] }), p: qs.parse('a=x%20y&b=1&b=2&c=') };`,
        expect: { s: 'a=x%20y&b=1&b=2', p: { a: 'x y', b: ['1', '2'], c: '' } },
    },
    {
        module: 'stream',
        code: `
            const { Readable, Writable, Transform } = require('stream');
            return new Promise((resolve, reject) => {
                const chunks = [];
                const source = new Readable({ read() {} });
                const upper = new Transform({ transform(chunk, enc, cb) { cb(null, String(chunk).toUpperCase()); } });
                const sink = new Writable({ write(chunk, enc, cb) { chunks.push(String(chunk)); cb(); } });
                sink.on('finish', () => resolve(chunks.join('')));
                sink.on('error', reject);
                source.pipe(upper).pipe(sink);
                source.push('ab'); source.push('cd'); source.push(null);
            });`,
        expect: 'ABCD',
    },
    {
        module: 'string_decoder',
        code: `
            const { StringDecoder } = require('string_decoder');
            const { Buffer } = require('buffer'); // another bundle's Buffer: decoding must not depend on its class
            const d = new StringDecoder('utf8');
            // "€" is E2 82 AC: split across two writes, it must come out whole.
            return d.write(Buffer.from([0x61, 0xe2, 0x82])) + '|' + d.write(Buffer.from([0xac])) + '|' + d.end();`,
        expect: 'a|€|',
    },
    {
        module: 'timers',
        code: `
            const timers = require('timers');
            return new Promise(resolve => {
                const order = [];
                timers.setTimeout(() => { order.push('timeout'); resolve(order); }, 5);
                timers.setImmediate(() => order.push('immediate'));
                const cancelled = timers.setTimeout(() => order.push('cancelled'), 1);
                timers.clearTimeout(cancelled);
            });`,
        expect: ['immediate', 'timeout'],
    },
    {
        module: 'url',
        code: `
            const url = require('url');
            const u = url.parse('https://user:pw@api.example.test:8443/p/a?x=1&y=two#frag', true);
            return { host: u.host, auth: u.auth, path: u.pathname, query: u.query, hash: u.hash,
                     resolved: url.resolve('https://a.test/b/c', '../d'), formatted: url.format({ protocol: 'http', host: 'h.test', pathname: '/z', query: { q: 'a b' } }) };`,
        expect: { host: 'api.example.test:8443', auth: 'user:pw', path: '/p/a', query: { x: '1', y: 'two' }, hash: '#frag',
                  resolved: 'https://a.test/d', formatted: 'http://h.test/z?q=a%20b' },
    },
    {
        module: 'util',
        code: `
            const util = require('util');
            function Base() {} function Child() {} util.inherits(Child, Base);
            return { format: util.format('%s=%d %j', 'a', 7, { b: 1 }), inherits: new Child() instanceof Base,
                     inspect: util.inspect({ a: [1, { b: 2 }] }), isArray: util.isArray([]) };`,
        expect: { format: 'a=7 {"b":1}', inherits: true, inspect: '{ a: [ 1, { b: 2 } ] }', isArray: true },
    },
];
