"""Skipped tests and test names: pm.test.skip, a test without a function, duplicate names,
names with unicode and punctuation, a nested pm.test, an empty script, a request without
scripts, and many tests in one script."""
from cases._shape import collection, request


def files():
    return {".postman_collection.json": collection("skips-and-names", [
        request("skips", "/get", test=r"""
            pm.test.skip('skipped with a function', () => { throw new Error('never runs'); });
            pm.test.skip('skipped without a function');
            pm.test('a test without a function');
            pm.test('same name', () => {});
            pm.test('same name', () => pm.expect(1).to.equal(2));
            pm.test('ünïcödé — names 🚀 "quotes" <tags> & more', () => {});
            pm.test('', () => {});
            pm.test('outer', () => {
                pm.test('nested inside outer', () => {});
            });
        """),
        request("empty script", "/get", test=""),
        request("no scripts", "/get"),
        request("many tests", "/get", test=r"""
            for (let i = 0; i < 50; i++) {
                pm.test('generated test ' + i, () => pm.expect(i % 7).to.not.equal(6));
            }
        """),
        request("whitespace exec", "/get", test="   \n\n  "),
    ])}
