"""Run flags seen from scripts: --env-var and --global-var over the files, --folder (collection
scripts still run around the chosen folder's requests), -x (exit 0 despite failures),
--delay-request."""
from cases._shape import collection, environment, folder, request

TEST = r"""
pm.test('--env-var beats the environment file', () => pm.expect(pm.environment.get('who')).to.equal('from-flag'));
pm.test('--global-var adds a global', () => pm.expect(pm.globals.get('flagGlobal')).to.equal('g-flag'));
pm.test('a failing test, yet -x exits 0', () => pm.expect(1).to.equal(2));
pm.test('collection script ran for ' + pm.info.requestName, () => {
    pm.expect(pm.variables.get('collectionPre')).to.equal('ran');
});
"""


def files():
    return {
        ".postman_collection.json": collection("flags-vars-folder", [
            request("outside the folder", "/get", test="pm.test('never runs: not in --folder', () => {});"),
            folder("chosen", [
                request("first in folder", "/get?who={{who}}", test=TEST),
                request("second in folder", "/get", test=TEST),
            ], pre="pm.variables.set('folderPre', 'ran');"),
        ], pre="pm.variables.set('collectionPre', 'ran');"),
        ".postman_environment.json": environment("flags env", {"who": "from-file"}),
        ".args": "--env-var who=from-flag --global-var flagGlobal=g-flag --folder chosen -x --delay-request 5\n",
    }
