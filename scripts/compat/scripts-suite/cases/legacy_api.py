"""The legacy sandbox API: tests[], responseBody, responseCode, responseHeaders, responseTime,
request, environment, globals, data, iteration, postman.* and the globals _, CryptoJS, tv4,
cheerio, atob, btoa, xml2Json."""
from cases._shape import collection, environment, request

LEGACY = r"""
tests['responseCode.code'] = responseCode.code === 200;
tests['responseCode.name'] = responseCode.name === 'OK';
tests['responseBody is text'] = typeof responseBody === 'string' && responseBody.indexOf('locket') > 0;
tests['responseHeaders'] = responseHeaders['X-Recorder'] === 'locket-compat';
tests['responseTime is a number'] = typeof responseTime === 'number';
tests['a failing legacy test'] = responseCode.code === 201;
tests['a truthy non-boolean'] = 'yes';
tests['data (iteration ' + iteration + ')'] = data.row === 'r' + iteration;
tests['environment object'] = environment.fromEnv === 'env-value';
tests['globals object'] = typeof globals === 'object';
tests['request object'] = request.method === 'GET' && request.url.indexOf('/json') > 0;
tests['request headers'] = request.headers['x-legacy'] === 'yes';
tests['postman.getResponseHeader'] = postman.getResponseHeader('x-recorder') === 'locket-compat';
postman.setEnvironmentVariable('legacyEnv', 'set-' + iteration);
postman.setGlobalVariable('legacyGlobal', 'g');
tests['postman.getEnvironmentVariable'] = postman.getEnvironmentVariable('legacyEnv') === 'set-' + iteration;
tests['postman.getGlobalVariable'] = postman.getGlobalVariable('legacyGlobal') === 'g';
postman.clearEnvironmentVariable('toClear');
tests['postman.clearEnvironmentVariable'] = pm.environment.get('toClear') === undefined;
postman.setGlobalVariable('globalToClear', 'x');
postman.clearGlobalVariable('globalToClear');
tests['postman.clearGlobalVariable'] = pm.globals.get('globalToClear') === undefined;
tests['responseCode.detail'] = typeof responseCode.detail === 'string';
tests['responseCookies is an array'] = Array.isArray(responseCookies);
tests['tests[] also mixes with pm.test'] = true;
pm.test('pm.test beside tests[]', () => {});
"""

LIBS = r"""
tests['lodash as _'] = _.sum(_.map([1, 2, 3], n => n * 2)) === 12;
tests['CryptoJS HmacSHA256'] = CryptoJS.HmacSHA256('message', 'key').toString() ===
    '6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a';
tests['CryptoJS MD5 base64'] = CryptoJS.MD5('locket').toString(CryptoJS.enc.Base64).length === 24;
tests['tv4.validate'] = tv4.validate({ a: 1 }, { type: 'object', properties: { a: { type: 'number' } } });
tests['tv4 error'] = !tv4.validate({ a: 'x' }, { properties: { a: { type: 'number' } } }) && tv4.error.message === 'Invalid type: string (expected number)';
tests['atob and btoa'] = atob(btoa('locket:vault')) === 'locket:vault' && btoa('ab') === 'YWI=';
tests['cheerio global'] = cheerio.load('<p class="x">hi</p>')('.x').text() === 'hi';
"""

XML = r"""
const parsed = xml2Json(responseBody);
pm.test('xml2Json', () => {
    pm.expect(parsed.catalog.book[0].title).to.equal('Dune');
    pm.expect(parsed.catalog.book[1].$.lang).to.equal('fr');
});
// The whole shape, compared through the cli reporter's console lines.
console.log(JSON.stringify(parsed));
"""


def files():
    return {
        ".postman_collection.json": collection("legacy-api", [
            request("legacy globals", "/json", headers={"X-Legacy": "yes"}, test=LEGACY),
            request("legacy libraries", "/get", test=LIBS),
            request("xml2Json", "/xml", test=XML),
            request("postman.setNextRequest", "/get", test=r"""
                tests['before the jump'] = true;
                if (iteration === 0) postman.setNextRequest('last');
            """),
            request("jumped", "/get", test="tests['only in iteration 1'] = iteration === 1;"),
            request("last", "/get", test="tests['last request'] = true;"),
        ]),
        ".postman_environment.json": environment("legacy env", {"fromEnv": "env-value", "toClear": "x"}),
        ".postman_data.csv": "row,other\nr0,a\nr1,b\n",
    }
