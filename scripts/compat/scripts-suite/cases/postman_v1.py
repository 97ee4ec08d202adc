"""Postman collection format v1, which newman converts to v2.1 (postman-collection-transformer)
before running it: the same requests, scripts and results from locket's own conversion.

Written by hand for this suite in v1's shape (the v1 schema: `requests`, `folders`, `order`,
`folders_order`, URL strings, `headers` as a string plus `headerData`, `dataMode` with
`data`/`rawModeData`/`graphqlModeData`, `preRequestScript`/`tests` strings or `events`,
`currentHelper`/`helperAttributes` or `auth`, `pathVariables`/`pathVariableData`,
`queryParams`, saved `responses`), not with _shape.py's v2.1 helpers. Nonces and timestamps of
the signed requests are fixed so that the signatures can be compared byte for byte."""
import textwrap

ORIGIN = "http://echo.test"


def js(code):
    return textwrap.dedent(code).strip("\n")


def req(rid, name, url, method="GET", **fields):
    out = {"id": rid, "name": name, "url": ORIGIN + url, "method": method,
           "collectionId": "v1-collection", "headers": "", "data": [], "dataMode": "params"}
    out.update(fields)
    return out


def echo_js(code):
    """A test script that starts by reading the echo of the request."""
    return "const echo = pm.response.json();\n" + js(code)

REQUESTS = [
    req("loose-1", "loose: url string, query and path variables",
        "/users/:id/:section?keep=1&{{qk}}={{qv}}&empty=#frag",
        pathVariableData=[{"key": "id", "value": "{{uid}}", "description": ""}],
        pathVariables={"id": "ignored", "section": "profile"},
        preRequestScript=js("""
            pm.variables.set('uid', 42);
            pm.variables.set('qk', 'from');
            pm.variables.set('qv', 'script');
        """),
        tests=echo_js("""
            pm.test('path variables from pathVariableData, then pathVariables', () => {
                pm.expect(echo.path).to.equal('/users/42/profile');
            });
            pm.test('query from the URL string, variables resolved', () => {
                pm.expect(echo.args).to.eql({ keep: '1', from: 'script', empty: '' });
            });
            pm.test('the request object sees v2 URL parts', () => {
                pm.expect(pm.request.url.query.count()).to.equal(3);
                pm.expect(pm.request.url.hash).to.equal('frag');
            });
        """)),
    req("q-1", "queryParams with equals and a disabled one",
        "/get?written=ignored",
        queryParams=[
            {"key": "a", "value": "1", "equals": True, "description": ""},
            {"key": "bare", "value": "", "equals": False},
            {"key": "eq", "value": None, "equals": True},
            {"key": "off", "value": "x", "equals": True, "enabled": False},
        ],
        tests=echo_js("""
            pm.test('queryParams replace the string query', () => {
                pm.expect(echo.url).to.equal('/get?a=1&bare&eq=');
            });
            pm.test('the query string the request object gives', () => {
                pm.expect(pm.request.url.getQueryString()).to.equal('a=1&bare&eq=');
            });
        """)),
    req("h-1", "headers string and headerData",
        "/headers",
        headers="X-One: 1\n// X-Off: commented\nX-Var: {{hv}}\nX-Both: from string\nX-Only-String: s\n",
        headerData=[
            {"key": "X-One", "value": "1", "description": "", "enabled": True},
            {"key": "X-Off", "value": "commented", "enabled": False},
            {"key": "X-Var", "value": "{{hv}}"},
            {"key": "X-Both", "value": "from data"},
            {"key": "X-Disabled", "value": "no", "enabled": False},
        ],
        events=[{"listen": "prerequest", "script": {"id": "e1", "type": "text/javascript",
                                                   "exec": "pm.variables.set('hv', 'resolved');"}},
                {"listen": "test", "script": {"exec": echo_js("""
            pm.test('headerData wins, disabled ones are not sent', () => {
                pm.expect(echo.headers['x-one']).to.equal('1');
                pm.expect(echo.headers['x-var']).to.equal('resolved');
                pm.expect(echo.headers['x-both']).to.equal('from data');
                pm.expect(echo.headers).to.not.have.property('x-off');
                pm.expect(echo.headers).to.not.have.property('x-disabled');
            });
            pm.test('a header only in the string is added after headerData', () => {
                pm.expect(echo.headers['x-only-string']).to.equal('s');
                const keys = pm.request.headers.map((h) => h.key);
                pm.expect(keys.indexOf('X-Only-String')).to.be.above(keys.indexOf('X-Both'));
            });
            pm.test('events given as v1 events ran', () => {
                pm.expect(pm.variables.get('hv')).to.equal('resolved');
            });
        """)}}]),
    req("b-raw", "raw body from rawModeData",
        "/post", method="POST", dataMode="raw",
        headers="Content-Type: application/json\n",
        rawModeData='{"name": "{{who}}", "n": 1}',
        preRequestScript="pm.collectionVariables.set('who', 'ada');",
        tests=echo_js("""
            pm.test('raw JSON body with a variable', () => {
                pm.expect(echo.json).to.eql({ name: 'ada', n: 1 });
            });
            pm.test('body mode is raw', () => pm.expect(pm.request.body.mode).to.equal('raw'));
        """)),
    req("b-url", "urlencoded body",
        "/post", method="POST", dataMode="urlencoded",
        data=[{"key": "a", "value": "1", "type": "text", "enabled": True},
              {"key": "skip", "value": "2", "type": "text", "enabled": False},
              {"key": "v", "value": "{{uid}}", "type": "text"},
              {"value": "no key is dropped"}],
        tests=echo_js("""
            pm.test('urlencoded fields, the disabled one left out', () => {
                pm.expect(echo.form).to.eql({ a: '1', v: '42' });
            });
        """)),
    req("b-form", "params body is formdata",
        "/post", method="POST", dataMode="params",
        data=[{"key": "field", "value": "one", "type": "text"},
              {"key": "off", "value": "x", "type": "text", "enabled": False}],
        tests=echo_js("""
            pm.test('multipart with the enabled field only', () => {
                pm.expect(echo.headers['content-type']).to.match(/^multipart\\/form-data/);
                pm.expect(echo.body).to.include('name="field"');
                pm.expect(echo.body).to.not.include('name="off"');
            });
            pm.test('body mode is formdata', () => pm.expect(pm.request.body.mode).to.equal('formdata'));
        """)),
    req("b-gql", "graphql body",
        "/post", method="POST", dataMode="graphql",
        graphqlModeData={"query": "query ($id: ID) { user(id: $id) { name } }",
                         "variables": "{\"id\": \"{{uid}}\"}"},
        tests=echo_js("""
            pm.test('graphql is sent as JSON', () => {
                pm.expect(echo.json.query).to.include('user(id: $id)');
                pm.expect(echo.json.variables).to.eql({ id: '42' });
            });
        """)),
    req("b-none", "dataMode null sends no body",
        "/post", method="POST", dataMode=None, rawModeData="never sent",
        tests=echo_js("""
            pm.test('no body', () => pm.expect(echo.body).to.equal(''));
        """),
        responses=[{"id": "saved-1", "name": "an example", "request": "b-none",
                    "responseCode": {"code": 200, "name": "OK"}, "text": "{}", "time": 3,
                    "headers": [{"key": "A", "value": "b"}],
                    "cookies": [{"name": "c", "value": "v", "expirationDate": 1700000000}]}],
        responses_order=["saved-1"]),
    # In folder A (basic auth from the folder's helper, with variables in its attributes).
    req("a-1", "folder basic auth",
        "/basic", tests=echo_js("""
            pm.test('basic auth from the folder, variables resolved', () => {
                pm.expect(echo.headers.authorization).to.equal('Basic YWRhOnMzY3JldA==');
            });
            pm.test('folder pre-request script ran first', () => {
                pm.expect(pm.variables.get('folderRan')).to.equal('A');
            });
        """)),
    req("a-2", "request noauth inside the folder",
        "/noauth", auth={"type": "noauth"}, tests=echo_js("""
            pm.test('noauth overrides the folder', () => {
                pm.expect(echo.headers).to.not.have.property('authorization');
            });
        """)),
    # In folder A / Sub.
    req("s-1", "bearer from currentHelper",
        "/bearer", currentHelper="bearerAuth",
        helperAttributes={"id": "bearer", "token": "{{token}}"},
        tests=echo_js("""
            pm.test('bearer token from helperAttributes', () => {
                pm.expect(echo.headers.authorization).to.equal('Bearer tok-123');
            });
            pm.test('where this request sits', () => {
                pm.expect(pm.info.requestName).to.equal('bearer from currentHelper');
            });
        """)),
    req("s-2", "apikey from helperAttributes text",
        "/apikey", currentHelper="apikeyAuth",
        helperAttributes='{"key": "X-Api-Key", "value": "{{token}}", "in": "header"}',
        tests=echo_js("""
            pm.test('api key header', () => pm.expect(echo.headers['x-api-key']).to.equal('tok-123'));
        """)),
    # In folder B (no auth of its own: the collection's bearer applies).
    req("o-1", "oauth1 from helperAttributes", "/oauth1?b=2&a=1", currentHelper="oAuth1",
        helperAttributes={"consumerKey": "dpf43f3p2l4k3l03", "consumerSecret": "kd94hf93k423kf44",
                          "token": "nnch734d00sl2jdk", "tokenSecret": "pfkkdhi9sl3r4s00",
                          "signatureMethod": "HMAC-SHA1", "timestamp": "1191242096",
                          "nonce": "kllo9940pd9333jh", "version": "1.0", "realm": "",
                          "header": True, "auto": True, "includeEmpty": False},
        tests=echo_js("""
            pm.test('signed in the header', () => {
                pm.expect(echo.headers.authorization).to.match(/^OAuth .*oauth_signature="/);
            });
        """)),
    req("k-1", "hawk from helperAttributes", "/hawk", currentHelper="hawkAuth",
        helperAttributes={"hawk_id": "dh37fgj492je",
                          "hawk_key": "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn",
                          "algorithm": "sha256", "timestamp": "1353832234", "nonce": "j4h3g2",
                          "ext": "some-app-data", "user": "", "app": "", "dlg": ""},
        tests=echo_js("""
            pm.test('hawk header', () => pm.expect(echo.headers.authorization).to.match(/^Hawk id="dh37fgj492je"/));
        """)),
    req("c-1", "collection bearer inherited",
        "/inherited", tests=echo_js("""
            pm.test('collection auth applies', () => {
                pm.expect(echo.headers.authorization).to.equal('Bearer collection-token');
            });
            pm.test('collection variables from v1 variables', () => {
                pm.expect(pm.collectionVariables.get('user')).to.equal('ada');
                pm.expect(pm.collectionVariables.get('from-id')).to.equal('id as key');
            });
        """)),
]


def files():
    return {".postman_collection.json": {
        "id": "v1-collection",
        "name": "postman-v1",
        "description": "a v1 collection written for the script suite",
        "order": ["loose-1", "q-1", "h-1", "not-a-request", "b-raw", "b-url", "b-form", "b-gql",
                  "b-none"],
        "folders_order": ["folder-b", "folder-a", "sub"],
        "folders": [
            {"id": "folder-a", "name": "A", "description": "",
             "order": ["a-1", "a-2"], "folders_order": ["sub"],
             "currentHelper": "basicAuth",
             "helperAttributes": {"id": "basic", "username": "{{user}}", "password": "{{pass}}",
                                  "saveToRequest": True},
             "preRequestScript": "pm.variables.set('folderRan', 'A');"},
            {"id": "sub", "name": "Sub", "order": ["s-1", "s-2", "missing"]},
            {"id": "folder-b", "name": "B", "order": ["o-1", "k-1", "c-1"],
             "events": [{"listen": "test", "script": {"exec": [
                 "pm.test('folder B test script', () => pm.expect(pm.response.code).to.equal(200));"]}}]},
        ],
        "requests": REQUESTS,
        "events": [
            {"listen": "prerequest", "script": {"type": "text/javascript", "exec": [
                "pm.variables.set('collectionRan', true);"]}},
            {"listen": "test", "script": {"type": "text/javascript", "exec":
                "pm.test('collection test script', () => pm.expect(pm.variables.get('collectionRan')).to.equal(true));"}},
        ],
        "variables": [
            {"key": "user", "value": "ada", "type": "text"},
            {"key": "pass", "value": "s3cret"},
            {"key": "token", "value": "tok-123"},
            {"id": "from-id", "value": "id as key"},
            {"key": "who", "value": "nobody"},
        ],
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "collection-token",
                                               "type": "string"}]},
    }}
