"""require() of every library the sandbox provides: ajv, atob, btoa, chai, cheerio, crypto-js,
csv-parse/lib/sync, lodash, moment, postman-collection, tv4, uuid, xml2js."""
from cases._shape import collection, request

LIBS = r"""
pm.test('ajv', () => {
    const Ajv = require('ajv');
    const validate = new Ajv({ allErrors: true }).compile({
        type: 'object', required: ['name'], properties: { count: { type: 'string' } } });
    pm.expect(validate(pm.response.json())).to.be.false;
    pm.expect(validate.errors.map(e => e.dataPath + ' ' + e.message)).to.eql(['.count should be string']);
});
pm.test('atob and btoa modules', () => {
    pm.expect(require('atob')('bG9ja2V0')).to.equal('locket');
    pm.expect(require('btoa')('locket')).to.equal('bG9ja2V0');
});
pm.test('chai', () => {
    const chai = require('chai');
    chai.expect([1, 2]).to.have.lengthOf(2);
    chai.assert.strictEqual(1, 1);
    pm.expect(() => chai.assert.equal(1, 2, 'assert message')).to.throw('assert message');
});
pm.test('cheerio', () => {
    const $ = require('cheerio').load('<ul><li class="a">one</li><li>two</li></ul>');
    pm.expect($('li').length).to.equal(2);
    pm.expect($('li.a').text()).to.equal('one');
});
pm.test('crypto-js', () => {
    const C = require('crypto-js');
    pm.expect(C.SHA256('locket').toString()).to.equal(C.enc.Hex.stringify(C.SHA256('locket')));
    pm.expect(C.MD5('abc').toString()).to.equal('900150983cd24fb0d6963f7d28e17f72');
    pm.expect(C.SHA1('abc').toString()).to.equal('a9993e364706816aba3e25717850c26c9cd0d89d');
    pm.expect(C.HmacSHA256('data', 'secret').toString(C.enc.Base64)).to.equal('GywWt1vSqHDBFBU8zaW8/KYzFLxyL6Fg1pDeEzzLuds=');
    pm.expect(C.enc.Base64.stringify(C.enc.Utf8.parse('hé'))).to.equal('aMOp');
    const secret = C.AES.encrypt('plain text', 'pass').toString();
    pm.expect(C.AES.decrypt(secret, 'pass').toString(C.enc.Utf8)).to.equal('plain text');
});
pm.test('csv-parse/lib/sync', () => {
    const parse = require('csv-parse/lib/sync');
    pm.expect(parse('a,b\n1,"x,y"\n', { columns: true })).to.eql([{ a: '1', b: 'x,y' }]);
});
pm.test('lodash', () => {
    const _ = require('lodash');
    pm.expect(_.get(pm.response.json(), 'owner.roles[1]')).to.equal('dev');
    pm.expect(_.chunk([1, 2, 3], 2)).to.eql([[1, 2], [3]]);
    pm.expect(_.VERSION).to.equal('4.17.21');
});
pm.test('moment', () => {
    const moment = require('moment');
    const m = moment.utc('2024-02-29T12:00:00Z');
    pm.expect(m.add(1, 'year').format('YYYY-MM-DD')).to.equal('2025-02-28');
    pm.expect(moment.utc('2024-01-01').diff(moment.utc('2023-01-01'), 'days')).to.equal(365);
    pm.expect(moment.version).to.equal('2.30.1');
});
pm.test('postman-collection', () => {
    const sdk = require('postman-collection');
    const url = new sdk.Url('http://h.test/a/b?x=1&y=2');
    pm.expect(url.getPath()).to.equal('/a/b');
    pm.expect(url.query.get('y')).to.equal('2');
    const scope = new sdk.VariableScope({ values: [{ key: 'k', value: 'v' }] });
    pm.expect(scope.replaceIn('{{k}}!')).to.equal('v!');
    pm.expect(new sdk.Header({ key: 'A', value: 'b' }).toString()).to.equal('A: b');
});
pm.test('tv4', () => {
    const tv4 = require('tv4');
    pm.expect(tv4.validate(1, { type: 'string' })).to.be.false;
    pm.expect(tv4.error.code).to.equal(0);
});
pm.test('uuid', () => {
    const uuid = require('uuid');
    pm.expect(uuid.v4()).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    pm.expect(uuid()).to.match(/^[0-9a-f-]{36}$/);
});
"""

XML2JS = r"""
const xml2js = require('xml2js');
xml2js.parseString(pm.response.text(), (err, result) => {
    pm.test('xml2js parseString', () => {
        pm.expect(err).to.equal(null);
        pm.expect(result.catalog.book[1].title[0]).to.equal('Vendredi');
        pm.expect(result.catalog.book[0].$.id).to.equal('b1');
    });
});
pm.test('xml2js Builder', () => {
    const xml = new xml2js.Builder({ headless: true }).buildObject({ root: { a: 'x' } });
    pm.expect(xml).to.equal('<root>\n  <a>x</a>\n</root>');
});
pm.test('a library is the same object on each require', () => {
    pm.expect(require('lodash')).to.equal(require('lodash'));
});
"""


def files():
    return {".postman_collection.json": collection("require-libraries", [
        request("libraries", "/json", test=LIBS),
        request("xml2js", "/xml", test=XML2JS),
    ])}
