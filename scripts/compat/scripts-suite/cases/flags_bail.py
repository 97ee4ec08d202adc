"""--bail: the run stops after the first request with a failure (here a failing test)."""
from cases._shape import collection, request


def files():
    return {
        ".postman_collection.json": collection("flags-bail", [
            request("passes", "/get", test="pm.test('first passes', () => {});"),
            request("fails", "/get", test="pm.test('second fails', () => pm.expect(1).to.equal(2));"),
            request("never runs", "/get", test="pm.test('after the failure', () => {});"),
        ]),
        ".args": "--bail\n",
    }
