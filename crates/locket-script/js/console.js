// console.* arguments, serialized for the host to lay out as newman's cli reporter does
// (src/inspect.rs). Newman's reporter never sees a script's values: postman-sandbox sends them
// out through teleport-javascript, JSON with references, and the reporter `util.inspect`s what
// arrives. So each argument is serialized as that transport leaves it: `toJSON` applied (an
// Error is { type, name, message }, a class instance a plain object, a Buffer <Buffer ..>),
// functions as the text '[Function: name]', and undefined, NaN, BigInts, symbols, dates,
// regular expressions, maps, sets and typed arrays kept. An object met twice is the same
// object both times (an `id`); met inside itself, a `circular` reference.
//
// The host masks and formats; nothing here runs unless a script logs.
(function (host, lib) {
    'use strict';

    var MAX_ITEMS = 100; // newman's maxArrayLength: items past it are counted, not sent
    var MAX_DEPTH = 25;  // newman's depth: deeper containers show as [Object], [Array], ...
    var BUFFER_BYTES = 50; // Node's buffer.INSPECT_MAX_BYTES
    var TYPED = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
        'Uint32Array', 'Float32Array', 'Float64Array'];
    var OMIT = {}; // a function inside a map or set: JSON drops it (null in an array)

    // postman-sandbox's replacer: what a function, a weak collection or a buffer becomes.
    function replaced(value) {
        if (typeof value === 'function') {
            var type = value.constructor && value.constructor.name ? value.constructor.name : 'Function';
            return value.name ? '[' + type + ': ' + value.name + ']' : '[' + type + ']';
        }
        if (value instanceof WeakMap) { return '[WeakMap]'; }
        if (value instanceof WeakSet) { return '[WeakSet]'; }
        if (value instanceof ArrayBuffer) { return '[ArrayBuffer { byteLength: ' + value.byteLength + ' }]'; }
        return value;
    }

    function typedName(value) {
        for (var i = 0; i < TYPED.length; i++) {
            var type = globalThis[TYPED[i]];
            if (type && value instanceof type) { return TYPED[i]; }
        }
        return null;
    }

    // A date as it arrives: rebuilt from its JSON text.
    function dateText(json) {
        var date = new Date(json);
        return isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString();
    }

    function bufferText(bytes) {
        var shown = bytes.slice(0, BUFFER_BYTES).map(function (b) { return (b < 16 ? '0' : '') + b.toString(16); });
        var rest = bytes.length - shown.length;
        return '<Buffer ' + shown.join(' ') + (rest > 0 ? ' ... ' + rest + ' more byte' + (rest > 1 ? 's' : '') : '') + '>';
    }

    function serializer() {
        var known = new Map(); // object -> { id, nodes }: the nodes that show it
        var ancestors = [];
        var nextId = 1;

        function entryOf(object) {
            var entry = known.get(object);
            if (!entry) { known.set(object, entry = { id: 0, nodes: [] }); }
            return entry;
        }

        // The id of an object shown more than once in a way that needs it (inside itself).
        function idOf(object) {
            var entry = entryOf(object);
            if (!entry.id) {
                entry.id = nextId++;
                entry.nodes.forEach(function (node) { node.id = entry.id; });
            }
            return entry.id;
        }

        // holder[key] as the transport leaves it; `plain`: inside a map or set, which
        // teleport-javascript serializes without postman-sandbox's replacer.
        function value(holder, key, depth, plain) {
            var original = holder[key], v = original;
            if (v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.toJSON === 'function') {
                v = v.toJSON(String(key));
            }
            if (plain) {
                if (typeof v === 'function') { return OMIT; }
            }
            else {
                v = replaced(v);
            }
            if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                v = v.valueOf();
                if (typeof v === 'number' && !isFinite(v)) { return { raw: 'null' }; }
            }
            switch (typeof v) {
                case 'string': return original instanceof Date ? { raw: dateText(v) } : v;
                case 'number': return { num: String(v) };
                case 'bigint': return { num: String(v) + 'n' };
                case 'undefined': return { raw: 'undefined' };
                case 'boolean': case 'symbol': return { raw: String(v) };
                case 'function': return OMIT;
            }
            if (v === null) { return { raw: 'null' }; }
            if (original && original._isBuffer === true && v.type === 'Buffer' && Array.isArray(v.data)) {
                return { raw: bufferText(v.data) };
            }
            if (v instanceof RegExp) { return { raw: String(v) }; }
            if (ancestors.indexOf(v) >= 0) { return { circular: idOf(v) }; }
            var typed = typedName(v);
            if (depth > MAX_DEPTH && !isEmpty(v, typed)) {
                return { raw: '[' + (typed || (Array.isArray(v) ? 'Array' : v instanceof Map ? 'Map' : v instanceof Set ? 'Set' : 'Object')) + ']' };
            }
            var entry = entryOf(v), node;
            ancestors.push(v);
            try { node = container(v, typed, depth + 1, plain); }
            finally { ancestors.pop(); }
            entry.nodes.push(node);
            entry.id && (node.id = entry.id);
            return node;
        }

        function isEmpty(v, typed) {
            if (typed || Array.isArray(v)) { return v.length === 0; }
            if (v instanceof Map || v instanceof Set) { return v.size === 0; }
            return Object.keys(v).length === 0;
        }

        function items(list, count, depth, plain) {
            var out = [];
            for (var i = 0; i < Math.min(count, MAX_ITEMS); i++) {
                var item = value(list, i, depth, plain);
                out.push(item === OMIT ? { raw: 'null' } : item);
            }
            return out;
        }

        function container(v, typed, depth, plain) {
            if (typed) {
                var numbers = [];
                for (var i = 0; i < Math.min(v.length, MAX_ITEMS); i++) { numbers.push({ num: String(v[i]) }); }
                return { list: numbers, len: v.length, prefix: typed + '(' + v.length + ') ' };
            }
            if (Array.isArray(v)) { return { list: items(v, v.length, depth, plain), len: v.length }; }
            if (v instanceof Map) {
                var entries = Array.from(v.entries()).slice(0, MAX_ITEMS);
                return { map: entries.map(function (entry) { return items(entry, 2, depth, true); }), size: v.size };
            }
            if (v instanceof Set) {
                return { set: items(Array.from(v.values()), Math.min(v.size, MAX_ITEMS), depth, true), size: v.size };
            }
            var object = [];
            Object.keys(v).forEach(function (key) {
                var item = value(v, key, depth, plain);
                item === OMIT || object.push([key, item]);
            });
            return { object: object };
        }

        return function (args) {
            return Array.prototype.map.call(args, function (arg, i) {
                var out = value(args, i, 0, false);
                return out === OMIT ? { raw: 'null' } : out;
            });
        };
    }

    // postman-sandbox gives every Error a toJSON for this transport (its purse.js); scripts'
    // JSON.stringify sees it too, there as here.
    Error.prototype.toJSON = function () {
        return { type: 'Error', name: this.name, message: this.message };
    };

    // The arguments of one console.* call, serialized (see above).
    lib.consoleArgs = function (args) { return serializer()(args); };
})
