"""Order and scope: collection, folder (nested) and request scripts run pre-request then request
then test, outermost first; exec as an array of lines or as one string; pm.info and
pm.execution.location inside each; the local `pm.variables` scope across scripts."""
from cases._shape import collection, folder, request

# Every script appends "<level>:<event>" to a collection variable, so the order is observable.
def mark(level):
    return f"""
    const trace = JSON.parse(pm.collectionVariables.get('trace') || '[]');
    trace.push('{level}:' + pm.info.eventName);
    pm.collectionVariables.set('trace', JSON.stringify(trace));
    """


CHECK = r"""
const seen = JSON.parse(pm.collectionVariables.get('trace'));
pm.test('scripts ran in order for ' + pm.info.requestName, () => {
    pm.expect(seen).to.eql(JSON.parse(pm.variables.get('expected')));
});
pm.test('location for ' + pm.info.requestName, () => {
    pm.expect(pm.execution.location).to.eql(JSON.parse(pm.variables.get('location')));
    pm.expect(pm.execution.location.current).to.equal(pm.info.requestName);
});
pm.test('info for ' + pm.info.requestName, () => {
    pm.expect(pm.info.eventName).to.equal('test');
    pm.expect(pm.info.iteration).to.equal(0);
    pm.expect(pm.info.iterationCount).to.equal(1);
    pm.expect(pm.info.requestId).to.equal(pm.variables.get('id'));
});
pm.collectionVariables.set('trace', '[]');
"""


def expect(request_name, trace, location, item_id):
    import json
    return f"""
    {mark('request')}
    pm.variables.set('expected', {json.dumps(json.dumps(trace + ['request:test']))});
    pm.variables.set('location', {json.dumps(json.dumps(location))});
    pm.variables.set('id', '{item_id}');
    """


def files():
    pre_c, pre_f, pre_n, pre_r = (["collection:prerequest"], ["folder:prerequest"],
                                  ["inner:prerequest"], ["request:prerequest"])
    test_c, test_f, test_n = ["collection:test"], ["folder:test"], ["inner:test"]
    top = pre_c + pre_r + test_c
    in_folder = pre_c + pre_f + pre_r + test_c + test_f
    in_inner = pre_c + pre_f + pre_n + pre_r + test_c + test_f + test_n
    return {".postman_collection.json": collection(
        "order-scope",
        [
            request("top level", "/get",
                    pre=mark("request"), test=expect("top level", top, ["order-scope", "top level"],
                                                     "11111111-0000-4000-8000-000000000001") + CHECK,
                    item_id="11111111-0000-4000-8000-000000000001"),
            folder("outer folder", [
                request("in folder", "/get", pre=mark("request"),
                        test=expect("in folder", in_folder,
                                    ["order-scope", "outer folder", "in folder"],
                                    "11111111-0000-4000-8000-000000000002") + CHECK,
                        item_id="11111111-0000-4000-8000-000000000002", as_string=True),
                folder("inner folder", [
                    request("in inner folder", "/get", pre=mark("request"),
                            test=expect("in inner folder", in_inner,
                                        ["order-scope", "outer folder", "inner folder",
                                         "in inner folder"],
                                        "11111111-0000-4000-8000-000000000003") + CHECK,
                            item_id="11111111-0000-4000-8000-000000000003"),
                ], pre=mark("inner"), test=mark("inner"), as_string=True),
                folder("empty folder", []),
                folder("folder without scripts", [
                    request("in plain folder", "/get", test=r"""
                        pm.test('only collection and folder scripts ran before this test', () => {
                            pm.expect(JSON.parse(pm.collectionVariables.get('trace'))).to.eql(
                                ['collection:prerequest', 'folder:prerequest', 'collection:test', 'folder:test']);
                        });
                        pm.collectionVariables.set('trace', '[]');
                    """),
                ]),
            ], pre=mark("folder"), test=mark("folder")),
            request("local variables", "/get?local={{fromPre}}", pre=r"""
                pm.variables.set('fromPre', 'local-value');
            """, test=r"""
                pm.test('a local variable set in pre-request resolves in the URL', () => {
                    pm.expect(pm.response.json().args.local).to.equal('local-value');
                });
                pm.test('a local variable set in pre-request is seen by the test script', () => {
                    pm.expect(pm.variables.get('fromPre')).to.equal('local-value');
                });
                pm.collectionVariables.set('trace', '[]');
            """),
            request("local variables later", "/get?local={{fromPre}}", test=r"""
                pm.test('a local variable set by an earlier request', () => {
                    pm.expect(pm.response.json().args.local).to.equal('local-value');
                });
                pm.test('the local scope, as an object', () => {
                    const local = pm.variables.toObject();
                    pm.expect(local.fromPre).to.equal('local-value');
                });
            """),
            request("script-level declarations do not leak", "/get", pre=r"""
                var leaked = 'pre';
                globalThis.onGlobal = 'pre';
            """, test=r"""
                pm.test('a var from the pre-request script', () => {
                    pm.expect(typeof leaked).to.equal('undefined');
                });
                pm.test('a property set on globalThis in the pre-request script', () => {
                    pm.expect(typeof onGlobal).to.equal('undefined');
                });
                var leakedToNext = 'test';
            """),
            request("next request sees no var", "/get", test=r"""
                pm.test('a var from the previous test script', () => {
                    pm.expect(typeof leakedToNext).to.equal('undefined');
                });
            """),
        ],
        pre=mark("collection"), test=mark("collection"),
        variables={"trace": "[]"})}
