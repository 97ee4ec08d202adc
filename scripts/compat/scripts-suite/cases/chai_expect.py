"""pm.expect: chai's BDD chains (passing, and failing to compare chai's messages)."""
from cases._shape import collection, request

PASSING = r"""
const body = pm.response.json();
pm.test('equal / eql / deep.equal', () => {
    pm.expect(body.count).to.equal(3);
    pm.expect(body.tags).to.eql(['vault', 'runner', 'scripts']);
    pm.expect(body.owner).to.deep.equal({ id: 7, login: 'ada', roles: ['admin', 'dev'] });
});
pm.test('types', () => {
    pm.expect(body.name).to.be.a('string');
    pm.expect(body.tags).to.be.an('array');
    pm.expect(body.owner).to.be.an('object');
    pm.expect(body.nothing).to.be.null;
    pm.expect(body.missing).to.be.undefined;
    pm.expect(body.active).to.be.true;
    pm.expect(NaN).to.be.NaN;
});
pm.test('include, keys, property', () => {
    pm.expect(body.tags).to.include('runner');
    pm.expect(body.owner).to.include({ login: 'ada' });
    pm.expect(body.owner).to.have.all.keys('id', 'login', 'roles');
    pm.expect(body.owner).to.have.any.keys('id', 'zzz');
    pm.expect(body).to.have.property('price', 9.5);
    pm.expect(body).to.have.nested.property('owner.roles[0]', 'admin');
    pm.expect(body).to.have.own.property('name');
    pm.expect(body.items).to.deep.include({ id: 2, qty: 5 });
});
pm.test('numbers', () => {
    pm.expect(body.count).to.be.above(2).and.below(4);
    pm.expect(body.price).to.be.within(9, 10);
    pm.expect(body.price).to.be.closeTo(9.49, 0.02);
    pm.expect(body.count).to.be.at.least(3).and.at.most(3);
});
pm.test('strings and lengths', () => {
    pm.expect(body.name).to.match(/^lock/);
    pm.expect(body.name).to.have.lengthOf(6);
    pm.expect(body.tags).to.have.length.above(2);
    pm.expect(body.name).to.have.string('cke');
    pm.expect('').to.be.empty;
});
pm.test('members, oneOf, satisfy', () => {
    pm.expect(body.tags).to.have.members(['scripts', 'vault', 'runner']);
    pm.expect(body.tags).to.include.members(['vault']);
    pm.expect(body.count).to.be.oneOf([1, 2, 3]);
    pm.expect(body.count).to.satisfy(n => n % 3 === 0);
});
pm.test('throw, instanceOf, exist, not', () => {
    pm.expect(() => { throw new TypeError('bad thing'); }).to.throw(TypeError, 'bad');
    pm.expect(() => {}).to.not.throw();
    pm.expect([]).to.be.instanceOf(Array);
    pm.expect(body.name).to.exist;
    pm.expect(body.count).to.not.equal(4);
    pm.expect(body).to.not.have.property('zzz');
});
pm.test('ok, sealed, frozen, increase', () => {
    pm.expect(1).to.be.ok;
    pm.expect(Object.freeze({})).to.be.frozen;
    const o = { n: 1 };
    pm.expect(() => { o.n += 2; }).to.increase(o, 'n').by(2);
});
"""

FAILING = r"""
const body = pm.response.json();
pm.test('equal fails', () => pm.expect(body.count).to.equal(4));
pm.test('eql fails on objects', () => pm.expect(body.owner).to.eql({ id: 7 }));
pm.test('strict equal fails across types', () => pm.expect(body.count).to.equal('3'));
pm.test('a type fails', () => pm.expect(body.count).to.be.a('string'));
pm.test('include fails', () => pm.expect(body.tags).to.include('nope'));
pm.test('property fails', () => pm.expect(body).to.have.property('zzz'));
pm.test('nested property value fails', () => pm.expect(body).to.have.nested.property('owner.login', 'bob'));
pm.test('above fails', () => pm.expect(body.count).to.be.above(10));
pm.test('lengthOf fails', () => pm.expect(body.tags).to.have.lengthOf(2));
pm.test('match fails', () => pm.expect(body.name).to.match(/^x/));
pm.test('oneOf fails', () => pm.expect(body.count).to.be.oneOf([7, 8]));
pm.test('members fails', () => pm.expect(body.tags).to.have.members(['vault']));
pm.test('throw fails', () => pm.expect(() => {}).to.throw());
pm.test('null fails', () => pm.expect(body.name).to.be.null);
pm.test('custom message', () => pm.expect(body.count, 'the count').to.equal(5));
pm.test('pm.expect.fail', () => pm.expect.fail('failed on purpose'));
pm.test('keys fails', () => pm.expect(body.owner).to.have.all.keys('id'));
pm.test('deep include fails', () => pm.expect(body.items).to.deep.include({ id: 3 }));
pm.test('long string fails', () => pm.expect('x'.repeat(100)).to.equal('y'));
pm.test('big object fails', () => pm.expect(body).to.eql({}));
"""


def files():
    return {".postman_collection.json": collection("chai-expect", [
        request("passing", "/json", test=PASSING),
        request("failing", "/json", test=FAILING),
    ])}
