"""Cookies: kept across the requests of a run and sent back; pm.cookies; the cookie jar
(set, get, getAll, unset, clear) with callbacks; a cookie removed by the server."""
from cases._shape import collection, request


def files():
    return {".postman_collection.json": collection("cookies", [
        request("server sets cookies", "/cookies/set?session=abc&theme=dark", test=r"""
            pm.test('pm.cookies sees the response cookies', () => {
                pm.expect(pm.cookies.get('session')).to.equal('abc');
                pm.expect(pm.cookies.has('theme')).to.be.true;
                pm.expect(pm.cookies.has('nope')).to.be.false;
            });
            pm.test('pm.cookies.toObject', () => {
                pm.expect(pm.cookies.toObject()).to.include({ session: 'abc', theme: 'dark' });
            });
            pm.test('pm.response.cookies', () => {
                pm.expect(pm.response.cookies.get('session')).to.equal('abc');
            });
        """),
        request("cookies sent back", "/cookies", test=r"""
            pm.test('the next request carries the cookies', () => {
                pm.expect(pm.response.json().cookies).to.eql({ session: 'abc', theme: 'dark' });
            });
            pm.test('pm.cookies in the next request', () => pm.expect(pm.cookies.get('theme')).to.equal('dark'));
            const jar = pm.cookies.jar();
            jar.set('http://echo.test/', 'fromScript', 'jar-value', (err) => {
                pm.test('jar.set', () => pm.expect(err).to.equal(null));
                jar.get('http://echo.test/', 'fromScript', (err2, value) => {
                    pm.test('jar.get', () => pm.expect(value).to.equal('jar-value'));
                    jar.getAll('http://echo.test/', (err3, all) => {
                        pm.test('jar.getAll', () => {
                            pm.expect(all.map(c => c.name).sort()).to.eql(['fromScript', 'session', 'theme']);
                        });
                    });
                });
            });
        """),
        request("script cookie sent", "/cookies", test=r"""
            pm.test('a cookie set through the jar is sent', () => {
                pm.expect(pm.response.json().cookies).to.eql({ session: 'abc', theme: 'dark', fromScript: 'jar-value' });
            });
            pm.cookies.jar().unset('http://echo.test/', 'fromScript', (err) => {
                pm.test('jar.unset', () => pm.expect(err).to.equal(null));
            });
        """),
        request("server deletes a cookie", "/cookies/delete?theme", test=r"""
            pm.test('the expired cookie is gone from the jar', () => {
                pm.cookies.jar().get('http://echo.test/', 'theme', (err, value) => {});
            });
        """),
        request("after delete", "/cookies", test=r"""
            pm.test('only the session cookie is left', () => {
                pm.expect(pm.response.json().cookies).to.eql({ session: 'abc' });
            });
            pm.cookies.jar().clear('http://echo.test/', (err) => {
                pm.test('jar.clear', () => pm.expect(err).to.equal(null));
            });
        """),
        request("after clear", "/cookies", test=r"""
            pm.test('no cookie after clear', () => pm.expect(pm.response.json().cookies).to.eql({}));
        """),
    ])}
