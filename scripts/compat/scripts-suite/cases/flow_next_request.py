"""Flow: pm.execution.setNextRequest and postman.setNextRequest (by name and by id, jumps,
loops, null to stop), pm.execution.skipRequest in request and folder pre-request scripts, over
two iterations."""
from cases._shape import collection, folder, request

COUNT = r"""
const k = 'visits ' + pm.info.requestName;
pm.collectionVariables.set(k, Number(pm.collectionVariables.get(k) || 0) + 1);
"""


def files():
    return {
        ".postman_collection.json": collection("flow-next-request", [
            request("start", "/get?step=start", test=r"""
                pm.test('start runs in iteration ' + pm.info.iteration, () => {});
                pm.execution.setNextRequest('loop');
            """),
            request("jumped over", "/get?step=jumped", test=r"""
                pm.test('never runs: setNextRequest jumped over it', () => {});
            """),
            request("loop", "/get?step=loop", test=r"""
                const n = Number(pm.variables.get('loops') || 0) + 1;
                pm.variables.set('loops', n);
                pm.test('loop pass ' + n, () => {});
                if (n < 3) postman.setNextRequest('loop');
                else pm.execution.setNextRequest('22222222-0000-4000-8000-000000000004');
            """),
            request("by id", "/get?step=by-id", item_id="22222222-0000-4000-8000-000000000004",
                    test=r"""
                pm.test('reached by id', () => {});
                pm.variables.set('loops', 0);
            """),
            request("skipped by its own pre-request", "/get?step=skipped", pre=r"""
                pm.variables.set('beforeSkip', 'set');
                pm.execution.skipRequest();
                pm.variables.set('afterSkip', 'set');
            """, test=r"""
                pm.test('never runs: the request was skipped', () => {});
            """),
            request("after skip", "/get?step=after-skip", test=r"""
                pm.test('code before skipRequest ran', () => pm.expect(pm.variables.get('beforeSkip')).to.equal('set'));
                pm.test('code after skipRequest in the same script', () => pm.expect(pm.variables.get('afterSkip')).to.equal('set'));
            """),
            folder("skipping folder", [
                request("skipped by the folder", "/get?step=folder-skipped"),
                request("not skipped in folder", "/get?step=folder-kept"),
            ], pre=r"""
                if (pm.info.requestName === 'skipped by the folder') pm.execution.skipRequest();
            """),
            request("next request set twice", "/get?step=twice", test=r"""
                pm.execution.setNextRequest('jumped over');
                pm.execution.setNextRequest('stop here');
                pm.test('the last setNextRequest wins', () => {});
            """),
            request("not reached", "/get?step=not-reached", test=r"""
                pm.test('never runs', () => {});
            """),
            request("stop here", "/get?step=stop", test=r"""
                pm.test('stop here in iteration ' + pm.info.iteration, () => {});
                if (pm.info.iteration === 0) pm.execution.setNextRequest(null);
            """),
            request("after stop", "/get?step=after-stop", test=r"""
                pm.test('runs only when nothing stopped the iteration', () => {});
                pm.execution.setNextRequest('no such request');
            """),
            request("after unknown name", "/get?step=after-unknown", test=r"""
                pm.test('never runs: an unknown name ends the run', () => {});
            """),
        ], pre=COUNT),
        ".args": "-n 2\n",
    }
