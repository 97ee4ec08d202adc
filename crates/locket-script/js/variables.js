// Postman's variable scopes: pm.globals, pm.environment, pm.collectionVariables,
// pm.iterationData and the resolving pm.variables, plus `{{name}}` substitution.
(function (host, lib) {
    'use strict';

    var MAX_DEPTH = 19; // Postman resolves nested {{...}} this many levels deep

    // A scope over Postman variables ({ key, value, type, disabled }); the last enabled wins.
    // `fromFile`: environment and globals files mark entries `enabled: false`, and newman's
    // has() still finds such an entry (its get() does not): kept, as scripts test has().
    function VariableScope(values, fromFile) {
        this.values = (values || []).map(function (v) {
            return { key: String(v.key), value: v.value, type: v.type, disabled: Boolean(v.disabled) };
        });
        this.fromFile = Boolean(fromFile);
    }

    VariableScope.prototype._find = function (key) {
        for (var i = this.values.length - 1; i >= 0; i--) {
            if (this.values[i].key === String(key) && !this.values[i].disabled) { return this.values[i]; }
        }
        return undefined;
    };
    VariableScope.prototype.has = function (key) {
        if (this._find(key) !== undefined) { return true; }
        return this.fromFile && this.values.some(function (v) { return v.key === String(key); });
    };
    VariableScope.prototype.get = function (key) {
        var variable = this._find(key);
        return variable ? variable.value : undefined;
    };
    VariableScope.prototype.set = function (key, value, type) {
        if (key === undefined || key === null) { return; }
        var variable = this._find(key);
        if (variable) {
            variable.value = cast(value, type || variable.type);
            type && (variable.type = type);
        }
        else {
            this.values.push({ key: String(key), value: cast(value, type), type: type || 'any', disabled: false });
        }
    };
    VariableScope.prototype.unset = function (key) {
        this.values = this.values.filter(function (v) { return v.key !== String(key); });
    };
    VariableScope.prototype.clear = function () { this.values = []; };
    VariableScope.prototype.toObject = function () {
        var object = {};
        this.values.forEach(function (v) { v.disabled || (object[v.key] = v.value); });
        return object;
    };
    VariableScope.prototype.toJSON = function () {
        return { values: this.values.map(function (v) { return Object.assign({}, v); }) };
    };
    VariableScope.prototype.replaceIn = function (template) {
        var scope = this;
        return replaceIn(template, function (name) { return scope._find(name); });
    };
    // The variables as the host reads them back.
    VariableScope.prototype.export = function () {
        return this.values.map(function (v) {
            var out = { key: v.key, value: exportable(v.value), disabled: v.disabled };
            if (v.type !== undefined) { out.type = v.type; }
            return out;
        });
    };

    // A value the host can read as JSON: a script may store a cyclic object, a BigInt, a function.
    function exportable(value) {
        if (value === undefined) { return null; }
        if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
            return value;
        }
        try { return JSON.stringify(value) === undefined ? String(value) : value; }
        catch (e) { return String(value); }
    }

    // Postman casts a value to the variable's declared type when a script sets it.
    function cast(value, type) {
        if (value === undefined || value === null) { return value; }
        switch (type) {
            case 'string': case 'secret': return String(value);
            case 'number': return Number(value);
            case 'boolean': return value === 'false' ? false : Boolean(value);
            default: return value;
        }
    }

    // pm.variables: reads through every scope by precedence, writes the local scope.
    function ResolvingScope(scopes) {
        this._chain = [scopes.local, scopes.data, scopes.environment, scopes.collection, scopes.globals];
        this._local = scopes.local;
    }
    ResolvingScope.prototype._find = function (key) {
        for (var i = 0; i < this._chain.length; i++) {
            var variable = this._chain[i]._find(key);
            if (variable) { return variable; }
        }
        return undefined;
    };
    ResolvingScope.prototype.has = function (key) { return this._find(key) !== undefined; };
    ResolvingScope.prototype.get = function (key) {
        var variable = this._find(key);
        return variable ? variable.value : undefined;
    };
    ResolvingScope.prototype.set = function (key, value, type) { this._local.set(key, value, type); };
    ResolvingScope.prototype.unset = function (key) { this._local.unset(key); };
    ResolvingScope.prototype.clear = function () { this._local.clear(); };
    ResolvingScope.prototype.toObject = function () {
        var object = {};
        for (var i = this._chain.length - 1; i >= 0; i--) { Object.assign(object, this._chain[i].toObject()); }
        return object;
    };
    ResolvingScope.prototype.replaceIn = VariableScope.prototype.replaceIn;

    // ---- {{name}} substitution with Postman's dynamic variables ----
    function hex(length) {
        var out = '';
        for (var i = 0; i < length; i++) { out += Math.floor(Math.random() * 16).toString(16); }
        return out;
    }
    function uuid() {
        var variant = '89ab'[Math.floor(Math.random() * 4)];
        return hex(8) + '-' + hex(4) + '-4' + hex(3) + '-' + variant + hex(3) + '-' + hex(12);
    }
    var dynamic = {
        $guid: uuid,
        $randomUUID: uuid,
        $timestamp: function () { return Math.round(Date.now() / 1000); },
        $isoTimestamp: function () { return new Date().toISOString(); },
        $randomInt: function () { return Math.floor(Math.random() * 1001); }
    };

    // The rest of Postman's dynamic variables ($randomFirstName, $randomEmail, ...) come from
    // postman-collection's faker-based generators; unknown ones stay as written.
    function generate(placeholder) {
        if (!lib.hasModule('postman-collection')) { return placeholder; }
        return lib.require('postman-collection').Property.replaceSubstitutions(placeholder, {});
    }

    function stringify(value) {
        if (value !== null && typeof value === 'object') { return JSON.stringify(value); }
        return String(value);
    }

    // `find(name)` returns the variable or undefined; unknown names stay as written.
    function replaceIn(template, find) {
        if (typeof template !== 'string') { return template; }
        var text = template;
        for (var depth = 0; depth < MAX_DEPTH; depth++) {
            var changed = false;
            text = text.replace(/\{\{([^{}]+)\}\}/g, function (whole, name) {
                var variable = find(name);
                if (variable !== undefined && variable.value !== undefined) {
                    changed = true;
                    return stringify(variable.value);
                }
                if (Object.prototype.hasOwnProperty.call(dynamic, name)) {
                    changed = true;
                    return stringify(dynamic[name]());
                }
                var generated = name[0] === '$' ? generate(whole) : whole;
                changed = changed || generated !== whole;
                return generated;
            });
            if (!changed) { break; }
        }
        return text;
    }

    lib.VariableScope = VariableScope;
    lib.ResolvingScope = ResolvingScope;
    lib.replaceIn = replaceIn;
    lib.uuid = uuid;
})
