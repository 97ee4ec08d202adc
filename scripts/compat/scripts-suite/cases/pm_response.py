"""pm.response: code, status, reason, headers, json(), text(), responseTime, responseSize, and
the to.have/to.be assertions (passing and failing, to compare their messages)."""
from cases._shape import collection, request

JSON_TESTS = r"""
pm.test('code', () => pm.expect(pm.response.code).to.equal(200));
pm.test('status', () => pm.expect(pm.response.status).to.equal('OK'));
pm.test('reason()', () => pm.expect(pm.response.reason()).to.equal('OK'));
pm.test('json()', () => pm.expect(pm.response.json().owner.login).to.equal('ada'));
pm.test('text()', () => pm.expect(pm.response.text()).to.have.string('"name": "locket"'));
pm.test('responseTime is a number', () => pm.expect(pm.response.responseTime).to.be.a('number'));
pm.test('responseSize', () => pm.expect(pm.response.responseSize).to.equal(pm.response.text().length));
pm.test('size()', () => pm.expect(pm.response.size().body).to.equal(pm.response.text().length));
pm.test('headers.get is case-insensitive', () => {
    pm.expect(pm.response.headers.get('x-recorder')).to.equal('locket-compat');
    pm.expect(pm.response.headers.get('X-RECORDER')).to.equal('locket-compat');
});
pm.test('headers.has', () => pm.expect(pm.response.headers.has('Content-Type')).to.be.true);
pm.test('contentInfo', () => pm.expect(pm.response.contentInfo().mimeType).to.equal('application/json'));
pm.test('to.have.status(200)', () => pm.response.to.have.status(200));
pm.test("to.have.status('OK')", () => pm.response.to.have.status('OK'));
pm.test('to.be.ok', () => pm.response.to.be.ok);
pm.test('to.be.success', () => pm.response.to.be.success);
pm.test('to.be.json', () => pm.response.to.be.json);
pm.test('to.be.withBody', () => pm.response.to.be.withBody);
pm.test('to.have.header(name)', () => pm.response.to.have.header('X-Recorder'));
pm.test('to.have.header(name, value)', () => pm.response.to.have.header('X-Recorder', 'locket-compat'));
pm.test('to.have.jsonBody(path)', () => pm.response.to.have.jsonBody('owner.login'));
pm.test('to.have.jsonBody(path, value)', () => pm.response.to.have.jsonBody('owner.roles[1]', 'dev'));
pm.test('to.have.jsonBody(object)', () => pm.response.to.have.jsonBody(pm.response.json()));
pm.test('to.not.have.jsonBody(path)', () => pm.response.to.not.have.jsonBody('missing.path'));
pm.test('to.have.jsonSchema', () => pm.response.to.have.jsonSchema({
    type: 'object', required: ['name', 'count'],
    properties: { name: { type: 'string' }, count: { type: 'integer' } }
}));
pm.test('to.not.be.error', () => pm.response.to.not.be.error);
pm.test('to.have.body(string) fails on a partial body', () => pm.response.to.have.body('locket'));
pm.test('to.have.status(201) fails', () => pm.response.to.have.status(201));
pm.test('to.have.header(missing) fails', () => pm.response.to.have.header('X-Missing'));
pm.test('to.have.jsonBody(path, wrong value) fails', () => pm.response.to.have.jsonBody('count', 4));
pm.test('to.have.jsonSchema fails', () => pm.response.to.have.jsonSchema({
    type: 'object', properties: { count: { type: 'string' } }
}));
pm.test('to.be.clientError fails', () => pm.response.to.be.clientError);
pm.test('pm.expect on the response object', () => pm.expect(pm.response).to.have.status(200));
"""

NOT_FOUND = r"""
pm.test('404 code and status', () => {
    pm.expect(pm.response.code).to.equal(404);
    pm.expect(pm.response.status).to.equal('Not Found');
});
pm.test('to.be.notFound', () => pm.response.to.be.notFound);
pm.test('to.be.clientError', () => pm.response.to.be.clientError);
pm.test('to.be.error', () => pm.response.to.be.error);
pm.test('to.be.ok fails', () => pm.response.to.be.ok);
pm.test('to.not.be.success', () => pm.response.to.not.be.success);
"""

STATUSES = r"""
const code = pm.response.code;
pm.test('status class for ' + code, () => {
    if (code === 201) pm.response.to.be.success;
    if (code === 400) pm.response.to.be.badRequest;
    if (code === 401) pm.response.to.be.unauthorized;
    if (code === 403) pm.response.to.be.forbidden;
    if (code === 429) pm.response.to.be.rateLimited;
    if (code === 500) pm.response.to.be.serverError;
    if (code === 202) pm.response.to.be.accepted;
});
pm.test('status text for ' + code, () => pm.expect(pm.response.status).to.be.a('string').and.not.empty);
"""


def files():
    items = [request("json body", "/json", test=JSON_TESTS),
             request("not found", "/status/404", test=NOT_FOUND)]
    for code in (201, 202, 400, 401, 403, 429, 500):
        items.append(request(f"status {code}", f"/status/{code}", test=STATUSES))
    items += [
        request("xml body", "/xml", test=r"""
            pm.test('xml text', () => pm.expect(pm.response.text()).to.include('<title>Dune</title>'));
            pm.test('json() on xml throws', () => pm.expect(() => pm.response.json()).to.throw());
            pm.test('to.be.json fails on xml', () => pm.response.to.be.json);
        """),
        request("repeated response headers", "/response-headers?X-Multi=a&X-Multi=b&X-Case=Mixed",
                test=r"""
            pm.test('repeated header, get', () => pm.expect(pm.response.headers.get('X-Multi')).to.be.a('string'));
            pm.test('repeated header, all', () => {
                pm.expect(pm.response.headers.all().filter(h => h.key.toLowerCase() === 'x-multi').map(h => h.value))
                    .to.eql(['a', 'b']);
            });
            pm.test('header key case is kept', () => {
                pm.expect(pm.response.headers.all().map(h => h.key)).to.include('X-Case');
            });
        """),
        request("no content", "/status/204", test=r"""
            pm.test('204 has an empty text', () => pm.expect(pm.response.text()).to.equal(''));
            pm.test('to.not.be.withBody', () => pm.response.to.not.be.withBody);
        """),
    ]
    return {".postman_collection.json": collection("pm-response", items)}
