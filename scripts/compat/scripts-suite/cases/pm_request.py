"""pm.request: what a pre-request script changes (URL, query, headers, body, method, auth) is
what is sent; the test script sees the request as sent; the request object's API."""
from cases._shape import collection, raw_json, request

MUTATE = r"""
pm.request.url.addQueryParams([{ key: 'added', value: 'yes' }, 'flag=on']);
pm.request.url.query.remove('drop');
pm.request.headers.add({ key: 'X-Added', value: 'added' });
pm.request.headers.upsert({ key: 'X-Replaced', value: 'new' });
pm.request.headers.remove('X-Removed');
pm.request.body.update(JSON.stringify({ changed: true, by: pm.info.eventName }));
pm.request.addHeader({ key: 'X-Via-Add-Header', value: '1' });
"""

MUTATE_TEST = r"""
const echo = pm.response.json();
pm.test('query changed before sending', () => {
    pm.expect(echo.args).to.eql({ keep: '1', added: 'yes', flag: 'on' });
});
pm.test('headers changed before sending', () => {
    pm.expect(echo.headers['x-added']).to.equal('added');
    pm.expect(echo.headers['x-replaced']).to.equal('new');
    pm.expect(echo.headers).to.not.have.property('x-removed');
    pm.expect(echo.headers['x-via-add-header']).to.equal('1');
});
pm.test('body changed before sending', () => {
    pm.expect(echo.json).to.eql({ changed: true, by: 'prerequest' });
});
pm.test('the test script sees the request as sent', () => {
    pm.expect(pm.request.headers.get('X-Added')).to.equal('added');
    pm.expect(pm.request.url.query.get('added')).to.equal('yes');
    pm.expect(pm.request.method).to.equal('POST');
});
pm.test('request URL parts', () => {
    pm.expect(pm.request.url.getPath()).to.equal('/post');
    pm.expect(pm.request.url.getQueryString()).to.equal('keep=1&added=yes&flag=on');
    pm.expect(pm.request.url.protocol).to.equal('http');
    pm.expect(pm.request.url.toString()).to.match(/\/post\?keep=1&added=yes&flag=on$/);
});
pm.test('request header list', () => {
    pm.expect(pm.request.headers.has('x-replaced')).to.be.true;
    pm.expect(pm.request.headers.toObject()['X-Added']).to.equal('added');
});
"""

URL_SWAP = r"""
pm.request.url = pm.request.url.toString().replace('/wrong', '/right') + '?swapped=1';
pm.request.method = 'PUT';
"""

AUTH = r"""
pm.request.auth = { type: 'bearer', bearer: [{ key: 'token', value: 'from-script', type: 'string' }] };
"""

def files():
    return {".postman_collection.json": collection("pm-request", [
        request("mutated", "/post?keep=1&drop=2", method="POST",
                headers={"X-Replaced": "old", "X-Removed": "gone", "Content-Type": "application/json"},
                body={"mode": "raw", "raw": "{\"original\": true}"},
                pre=MUTATE, test=MUTATE_TEST),
        request("url and method swapped", "/wrong", pre=URL_SWAP, test=r"""
            pm.test('the new URL was sent', () => {
                pm.expect(pm.response.json().path).to.equal('/right');
                pm.expect(pm.response.json().args).to.eql({ swapped: '1' });
            });
            pm.test('the new method was sent', () => pm.expect(pm.response.json().method).to.equal('PUT'));
        """),
        request("auth set by script", "/get", pre=AUTH, test=r"""
            pm.test('auth from the script was sent', () => {
                pm.expect(pm.response.json().headers.authorization).to.equal('Bearer from-script');
            });
            pm.test('pm.request.auth type', () => pm.expect(pm.request.auth.type).to.equal('bearer'));
        """),
        request("body kinds", "/post", method="POST", body={"mode": "urlencoded", "urlencoded": [
            {"key": "a", "value": "1"}, {"key": "b", "value": "{{bval}}"}]},
            pre=r"""
                pm.variables.set('bval', 'two');
                pm.request.body.urlencoded.add({ key: 'c', value: 'added' });
            """, test=r"""
                pm.test('urlencoded body with a script-added field', () => {
                    pm.expect(pm.response.json().form).to.eql({ a: '1', b: 'two', c: 'added' });
                });
                pm.test('body mode', () => pm.expect(pm.request.body.mode).to.equal('urlencoded'));
            """),
        request("request as json", "/post", method="POST", body=raw_json({"k": "v"}), test=r"""
            pm.test('raw body is readable from the test', () => {
                pm.expect(JSON.parse(pm.request.body.raw)).to.eql({ k: 'v' });
            });
            pm.test('request name and id are on pm.info, not the request', () => {
                pm.expect(pm.info.requestName).to.equal('request as json');
            });
        """),
    ])}
