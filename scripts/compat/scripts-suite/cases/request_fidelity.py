"""Request fidelity seen from scripts and the server: header name case as written, a redirect
followed with the original method (protocolProfileBehavior.followOriginalHttpMethod), paths
kept as written (no dot-segment removal), disableUrlEncoding, empty formdata and urlencoded
bodies (no body, no form Content-Type)."""
from cases._shape import collection, request


def files():
    return {".postman_collection.json": collection("request-fidelity", [
        request("header case", "/get", headers={"X-MiXeD-Case": "1", "x-lower": "2", "X-UPPER": "3"},
                test=r"""
            pm.test('header names reach the server with their case', () => {
                pm.expect(pm.response.json().rawHeaders).to.include.members(['X-MiXeD-Case', 'x-lower', 'X-UPPER']);
            });
            pm.test('the script sees the header names as written', () => {
                pm.expect(pm.request.headers.all().map(h => h.key)).to.include.members(['X-MiXeD-Case', 'x-lower', 'X-UPPER']);
            });
        """),
        request("redirect keeps the method", "/redirect-to?url=/echo-after-redirect&status=302",
                method="POST", body={"mode": "raw", "raw": "kept"},
                protocolProfileBehavior={"followOriginalHttpMethod": True}, test=r"""
            pm.test('the redirect was followed with POST', () => {
                pm.expect(pm.response.json().method).to.equal('POST');
                pm.expect(pm.response.json().path).to.equal('/echo-after-redirect');
            });
        """),
        request("redirect changes the method", "/redirect-to?url=/echo-after-redirect&status=302",
                method="POST", body={"mode": "raw", "raw": "dropped"}, test=r"""
            pm.test('by default a 302 after POST becomes GET', () => {
                pm.expect(pm.response.json().method).to.equal('GET');
            });
        """),
        request("redirect chain", "/redirect/3", test=r"""
            pm.test('three redirects followed', () => pm.expect(pm.response.json().path).to.equal('/redirect/0'));
        """),
        request("redirects not followed", "/redirect/1", protocolProfileBehavior={"followRedirects": False},
                test=r"""
            pm.test('the 302 is the response', () => pm.response.to.have.status(302));
            pm.test('location header', () => pm.response.to.have.header('Location', '/redirect/0'));
        """),
        request("dot segments", "/a/./b/../c", test=r"""
            pm.test('the path is sent as written', () => pm.expect(pm.response.json().path).to.equal('/a/./b/../c'));
        """),
        request("disable url encoding", "/enc?q=a\"b<c>", protocolProfileBehavior={"disableUrlEncoding": True},
                test=r"""
            pm.test('the query is sent unencoded', () => pm.expect(pm.response.json().url).to.equal('/enc?q=a"b<c>'));
        """),
        request("default url encoding", "/enc?q=a\"b<c> d", test=r"""
            pm.test('the query is encoded as newman encodes it', () => {
                pm.expect(pm.response.json().url).to.equal('/enc?q=a%22b%3Cc%3E%20d');
            });
        """),
        request("empty formdata", "/post", method="POST", body={"mode": "formdata", "formdata": []}, test=r"""
            pm.test('an empty formdata body sends no body', () => pm.expect(pm.response.json().body).to.equal(''));
            pm.test('and no form content type', () => pm.expect(pm.response.json().headers).to.not.have.property('content-type'));
        """),
        request("empty urlencoded", "/post", method="POST", body={"mode": "urlencoded", "urlencoded": []}, test=r"""
            pm.test('an empty urlencoded body sends no body', () => pm.expect(pm.response.json().body).to.equal(''));
            pm.test('and no urlencoded content type', () => pm.expect(pm.response.json().headers).to.not.have.property('content-type'));
        """),
    ])}
