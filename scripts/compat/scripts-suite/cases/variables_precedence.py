"""Variables: precedence (local > iteration data > environment > collection > globals), a
collection -> folder -> request chain, every scope's get/set/unset/has/clear/toObject/replaceIn,
values that are not strings (and what --export-environment/--export-globals write for them),
disabled entries, and values kept from one iteration to the next."""
from cases._shape import collection, environment, folder, request

PRECEDENCE = r"""
const it = pm.info.iteration;
pm.test('iteration data beats environment, collection and globals [' + it + ']', () => {
    pm.expect(pm.variables.get('who')).to.equal('data-' + it);
    pm.expect(pm.response.json().args.who).to.equal('data-' + it);
});
pm.test('environment beats collection and globals', () => {
    pm.expect(pm.variables.get('envOverCollection')).to.equal('environment');
});
pm.test('collection beats globals', () => {
    pm.expect(pm.variables.get('collectionOverGlobal')).to.equal('collection');
});
pm.test('globals alone', () => {
    pm.expect(pm.variables.get('onlyGlobal')).to.equal('global');
});
pm.test('each scope keeps its own value', () => {
    pm.expect(pm.environment.get('who')).to.equal('environment');
    pm.expect(pm.collectionVariables.get('who')).to.equal('collection');
    pm.expect(pm.globals.get('who')).to.equal('global');
    pm.expect(pm.iterationData.get('who')).to.equal('data-' + it);
});
pm.test('a disabled environment entry is absent', () => {
    pm.expect(pm.environment.has('disabledOne')).to.be.false;
    pm.expect(pm.variables.get('disabledOne')).to.equal(undefined);
});
pm.test('an unknown name resolves to nothing', () => {
    pm.expect(pm.variables.get('nope')).to.equal(undefined);
    pm.expect(pm.response.json().args.unknown).to.equal('{{nope}}');
});
"""

LOCAL_WINS = r"""
pm.variables.set('who', 'local');
"""

LOCAL_TEST = r"""
pm.test('a local variable beats iteration data', () => {
    pm.expect(pm.response.json().args.who).to.equal('local');
});
pm.variables.unset('who');
pm.test('after unset, iteration data shows through', () => {
    pm.expect(pm.variables.get('who')).to.equal('data-' + pm.info.iteration);
});
"""

CHAIN_COLLECTION = r"""
if (pm.info.requestName === 'chained') pm.collectionVariables.set('chain', 'c');
"""
CHAIN_FOLDER = r"""
pm.collectionVariables.set('chain', pm.collectionVariables.get('chain') + '-f');
"""
CHAIN_REQUEST = r"""
pm.collectionVariables.set('chain', pm.collectionVariables.get('chain') + '-r');
pm.environment.set('chainEnv', pm.collectionVariables.get('chain') + '-env');
"""
CHAIN_TEST = r"""
pm.test('collection, folder and request scripts built the header', () => {
    pm.expect(pm.response.json().headers['x-chain']).to.equal('c-f-r');
    pm.expect(pm.response.json().headers['x-chain-env']).to.equal('c-f-r-env');
});
"""

SCOPES = r"""
const scopes = { environment: pm.environment, globals: pm.globals, collectionVariables: pm.collectionVariables };
Object.keys(scopes).forEach(name => {
    const s = scopes[name];
    s.set('tmpA', 'a');
    s.set('tmpB', 'b');
    pm.test(name + ': has', () => {
        pm.expect(s.has('tmpA')).to.be.true;
        pm.expect(s.has('tmpZ')).to.be.false;
    });
    pm.test(name + ': replaceIn', () => {
        pm.expect(s.replaceIn('{{tmpA}}/{{tmpB}}/{{tmpZ}}')).to.equal('a/b/{{tmpZ}}');
    });
    pm.test(name + ': toObject has the new keys', () => {
        pm.expect(s.toObject()).to.include({ tmpA: 'a', tmpB: 'b' });
    });
    s.unset('tmpA');
    pm.test(name + ': unset', () => pm.expect(s.get('tmpA')).to.equal(undefined));
    s.unset('tmpB');
});
pm.test('environment name', () => pm.expect(pm.environment.name).to.equal('precedence env'));
pm.test('pm.variables.replaceIn resolves across scopes', () => {
    pm.expect(pm.variables.replaceIn('{{who}}|{{onlyGlobal}}|{{collectionOverGlobal}}'))
        .to.equal('data-' + pm.info.iteration + '|global|collection');
});
pm.test('pm.variables.has', () => {
    pm.expect(pm.variables.has('onlyGlobal')).to.be.true;
    pm.expect(pm.variables.has('nope')).to.be.false;
});
pm.test('pm.variables.toObject merges every scope', () => {
    const all = pm.variables.toObject();
    pm.expect(all).to.include({ who: 'data-' + pm.info.iteration, onlyGlobal: 'global',
        envOverCollection: 'environment', collectionOverGlobal: 'collection' });
});
pm.test('pm.iterationData', () => {
    pm.expect(pm.iterationData.has('who')).to.be.true;
    pm.expect(pm.iterationData.toObject()).to.eql({ who: 'data-' + pm.info.iteration, n: pm.info.iteration + 1 });
    pm.expect(pm.iterationData.replaceIn('n={{n}}')).to.equal('n=' + (pm.info.iteration + 1));
});
pm.test('a number from a JSON data file stays a number', () => {
    pm.expect(pm.iterationData.get('n')).to.be.a('number');
});
pm.test('dynamic variables through replaceIn', () => {
    pm.expect(pm.variables.replaceIn('{{$guid}}')).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    pm.expect(Number(pm.variables.replaceIn('{{$timestamp}}'))).to.be.above(1500000000);
});
"""

TYPES = r"""
if (pm.info.iteration === 0) {
    pm.environment.set('aNumber', 42);
    pm.environment.set('aBoolean', false);
    pm.environment.set('anObject', { nested: [1, 'two'] });
    pm.environment.set('anArray', [1, 2]);
    pm.environment.set('aNull', null);
    pm.environment.set('anUndefined', undefined);
    pm.globals.set('globalNumber', 3.5);
    pm.collectionVariables.set('collectionNumber', 7);
    pm.environment.set('fromIteration0', 'kept');
}
pm.test('a number keeps its type in the environment', () => {
    pm.expect(pm.environment.get('aNumber')).to.equal(42);
});
pm.test('an object keeps its shape in the environment', () => {
    pm.expect(pm.environment.get('anObject')).to.eql({ nested: [1, 'two'] });
});
pm.test('a non-string in a URL is its string form', () => {
    pm.expect(pm.response.json().args).to.eql({ n: '42', b: 'false', o: '[object Object]', a: '1,2' });
});
pm.test('an environment value set in iteration 0 is seen in every iteration', () => {
    pm.expect(pm.environment.get('fromIteration0')).to.equal('kept');
});
pm.environment.unset('disabledOne');
pm.environment.set('setInIteration' + pm.info.iteration, pm.info.iteration);
"""


CLEAR = r"""
pm.iterationData.set('added', 'by-script');
pm.test('iterationData.set', () => pm.expect(pm.iterationData.get('added')).to.equal('by-script'));
pm.test('iterationData.set is seen through pm.variables', () => {
    pm.expect(pm.variables.get('added')).to.equal('by-script');
});
pm.iterationData.unset('who');
pm.test('iterationData.unset', () => pm.expect(pm.iterationData.has('who')).to.be.false);
pm.test('after unsetting the data value, the environment shows through', () => {
    pm.expect(pm.variables.get('who')).to.equal('environment');
});
if (pm.info.iteration === 1) {
    pm.globals.set('beforeClear', 'x');
    pm.globals.clear();
    pm.test('globals.clear', () => pm.expect(pm.globals.toObject()).to.eql({}));
    pm.collectionVariables.clear();
    pm.test('collectionVariables.clear', () => pm.expect(pm.collectionVariables.toObject()).to.eql({}));
    pm.iterationData.clear();
    pm.test('iterationData.clear', () => pm.expect(pm.iterationData.toObject()).to.eql({}));
}
"""


def files():
    return {
        ".postman_collection.json": collection("variables-precedence", [
            request("precedence", "/get?who={{who}}&unknown={{nope}}", test=PRECEDENCE),
            request("local wins", "/get?who={{who}}", pre=LOCAL_WINS, test=LOCAL_TEST),
            folder("chain folder", [
                request("chained", "/get", headers={"X-Chain": "{{chain}}",
                                                    "X-Chain-Env": "{{chainEnv}}"},
                        pre=CHAIN_REQUEST, test=CHAIN_TEST),
            ], pre=CHAIN_FOLDER),
            request("scopes", "/get", test=SCOPES),
            request("clear and iteration data changes", "/get", test=CLEAR),
            request("non-string values", "/get?n={{aNumber}}&b={{aBoolean}}&o={{anObject}}&a={{anArray}}",
                    pre=TYPES.split("pm.test(")[0], test="pm.test(" + "pm.test(".join(TYPES.split("pm.test(")[1:])),
        ], pre=CHAIN_COLLECTION, variables={
            "who": "collection", "collectionOverGlobal": "collection",
            "envOverCollection": "collection", "chain": ""}),
        ".postman_environment.json": environment("precedence env", {
            "who": "environment", "envOverCollection": "environment", "disabledOne": "off"},
            disabled=("disabledOne",)),
        ".postman_globals.json": {"name": "precedence globals", "values": [
            {"key": "who", "value": "global", "enabled": True},
            {"key": "collectionOverGlobal", "value": "global", "enabled": True},
            {"key": "onlyGlobal", "value": "global", "enabled": True}]},
        ".postman_data.json": [{"who": "data-0", "n": 1}, {"who": "data-1", "n": 2}],
    }
