"""Inputs newman accepts: an environment file with a UTF-8 byte-order mark, a globals file that
is a bare array of variables in UTF-16 (with its mark), a CSV data file with a UTF-8 mark and
spaces after the commas of its header."""
import codecs
import json

from cases._shape import collection, request

TEST = r"""
pm.test('environment from a file with a UTF-8 BOM', () => {
    pm.expect(pm.environment.get('fromBomEnv')).to.equal('é-env');
    pm.expect(pm.environment.name).to.equal('bom env');
});
pm.test('globals from a bare array in UTF-16', () => {
    pm.expect(pm.globals.get('fromUtf16')).to.equal('ü-global');
    pm.expect(pm.globals.get('disabledGlobal')).to.equal(undefined);
});
pm.test('data from a CSV with a BOM [' + pm.info.iteration + ']', () => {
    pm.expect(Object.keys(pm.iterationData.toObject())).to.eql(['first', ' second']);
    pm.expect(pm.iterationData.get('first')).to.equal('row' + pm.info.iteration);
});
pm.test('values reach the request', () => {
    pm.expect(pm.response.json().args).to.eql({ e: 'é-env', g: 'ü-global', d: 'row' + pm.info.iteration });
});
"""


def files():
    env = {"name": "bom env", "values": [{"key": "fromBomEnv", "value": "é-env", "enabled": True}]}
    globals_ = [{"key": "fromUtf16", "value": "ü-global", "enabled": True},
                {"key": "disabledGlobal", "value": "x", "enabled": False}]
    return {
        ".postman_collection.json": collection("inputs-encodings", [
            request("encoded inputs", "/get?e={{fromBomEnv}}&g={{fromUtf16}}&d={{first}}", test=TEST),
        ]),
        ".postman_environment.json": codecs.BOM_UTF8 + json.dumps(env, ensure_ascii=False).encode(),
        ".postman_globals.json": json.dumps(globals_, ensure_ascii=False).encode("utf-16"),
        ".postman_data.csv": codecs.BOM_UTF8 + "first, second\nrow0,a\nrow1,b\n".encode(),
    }
