"""OAuth 1.0 and Hawk signatures as newman makes them: every placement (header, query,
urlencoded body), every HMAC and PLAINTEXT method, body hashes, realms, callbacks, empty
parameters, variables in the auth block, and Hawk's payload hash, ext, app and dlg. Nonces and
timestamps are fixed so that the signatures the server receives can be compared byte for byte."""
from cases._shape import collection, request

NONCE = "kllo9940pd9333jh"
TS = "1191242096"

SIGNED = r"""
pm.test('the server saw a signature', () => {
    const seen = pm.response.json();
    const auth = seen.headers.authorization || '';
    pm.expect(auth + seen.url + seen.body).to.match(/oauth_signature|Hawk /);
});
"""


def oauth1(**params):
    base = {"consumerKey": "dpf43f3p2l4k3l03", "consumerSecret": "kd94hf93k423kf44",
            "token": "nnch734d00sl2jdk", "tokenSecret": "pfkkdhi9sl3r4s00",
            "signatureMethod": "HMAC-SHA1", "timestamp": TS, "nonce": NONCE, "version": "1.0",
            "addParamsToHeader": True, "addEmptyParamsToSign": False}
    base.update(params)
    return {"type": "oauth1", "oauth1": [
        {"key": k, "value": v, "type": "boolean" if isinstance(v, bool) else "string"}
        for k, v in base.items() if v is not None]}


def hawk(**params):
    base = {"authId": "dh37fgj492je", "authKey": "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn",
            "algorithm": "sha256", "timestamp": "1353832234", "nonce": "j4h3g2"}
    base.update(params)
    return {"type": "hawk", "hawk": [
        {"key": k, "value": v, "type": "boolean" if isinstance(v, bool) else "string"}
        for k, v in base.items() if v is not None]}


def signed(name, path, auth, test=SIGNED, **extra):
    item = request(name, path, test=test, **extra)
    item["request"]["auth"] = auth
    return item


def urlencoded(**pairs):
    return {"mode": "urlencoded", "urlencoded": [
        {"key": k, "value": v, "type": "text"} for k, v in pairs.items()]}


def files():
    return {".postman_collection.json": collection("auth-signatures", [
        signed("oauth1 header, realm, query re-encoded", "/get?file=vacation.jpg&size=x+y&c=%21",
               oauth1(realm="Photos, inc")),
        signed("oauth1 query, HMAC-SHA256", "/get?b=2&a=1&a=0",
               oauth1(signatureMethod="HMAC-SHA256", addParamsToHeader=False)),
        signed("oauth1 urlencoded body, HMAC-SHA512", "/post", method="POST",
               auth=oauth1(signatureMethod="HMAC-SHA512", addParamsToHeader=False),
               body=urlencoded(status="Hello Ladies + Gentlemen, a signed OAuth request! (*'~')",
                               include_entities="true")),
        signed("oauth1 GET with a form body goes to the query", "/get?x=1",
               oauth1(addParamsToHeader=False, token=None, tokenSecret=None)),
        signed("oauth1 body hash of a raw body", "/post", method="POST",
               auth=oauth1(signatureMethod="HMAC-SHA256", includeBodyHash=True),
               body={"mode": "raw", "raw": '{"hello":"world"}',
                     "options": {"raw": {"language": "json"}}}),
        signed("oauth1 body hash of no body", "/put", method="PUT",
               auth=oauth1(includeBodyHash=True)),
        signed("oauth1 plaintext, callback, verifier, empty params signed", "/get",
               oauth1(signatureMethod="PLAINTEXT", token="", callback="http://cb.test/back?x=1",
                      verifier="hfdp7dh39dks9884", addEmptyParamsToSign=True)),
        signed("oauth1 no method, no version", "/get?q=a%20b",
               oauth1(signatureMethod="", version="")),
        signed("oauth1 header encoding off", "/get",
               oauth1(realm="my realm", disableHeaderEncoding=True, consumerSecret="s3cr/et+")),
        signed("oauth1 variables, earlier oauth params replaced",
               "/get?oauth_nonce=old&keep=1",
               oauth1(consumerKey="{{ck}}", consumerSecret="{{cs}}")),
        signed("oauth1 without a secret is unsigned", "/get", oauth1(consumerSecret=""),
               test=r"""
            pm.test('nothing signed', () => pm.expect(pm.response.json().headers).to.not.have.property('authorization'));
        """),
        signed("hawk sha256 with ext", "/get?b=1&a=2", hawk(extraData="some-app-ext-data")),
        signed("hawk sha1 payload hash with a declared type", "/post", method="POST",
               auth=hawk(algorithm="sha1", includePayloadHash=True),
               headers={"Content-Type": "text/plain; charset=utf-8"},
               body={"mode": "raw", "raw": "Thank you for flying Hawk"}),
        signed("hawk payload hash, type added by the body", "/post", method="POST",
               auth=hawk(includePayloadHash=True),
               body={"mode": "raw", "raw": '{"a":1}', "options": {"raw": {"language": "json"}}}),
        signed("hawk payload hash of a text body", "/post", method="POST",
               auth=hawk(includePayloadHash=True), body={"mode": "raw", "raw": "plain words"}),
        signed("hawk payload hash of an xml body", "/post", method="POST",
               auth=hawk(includePayloadHash=True),
               body={"mode": "raw", "raw": "<a/>", "options": {"raw": {"language": "xml"}}}),
        signed("hawk payload hash of a form", "/post", method="POST",
               auth=hawk(includePayloadHash=True), body=urlencoded(a="1", b="x y")),
        signed("hawk app, dlg, quoted ext", "/get",
               hawk(app="my-app", delegation="other-app", extraData='say "hi" \\ bye')),
        signed("hawk form-data is not hashed", "/post", method="POST",
               auth=hawk(includePayloadHash=True),
               body={"mode": "formdata", "formdata": [{"key": "a", "value": "1", "type": "text"}]}),
        signed("hawk without a key is unsigned", "/get", hawk(authKey=""), test=r"""
            pm.test('nothing signed', () => pm.expect(pm.response.json().headers).to.not.have.property('authorization'));
        """),
    ], variables={"ck": "dpf43f3p2l4k3l03", "cs": "kd94hf93k423kf44"})}
