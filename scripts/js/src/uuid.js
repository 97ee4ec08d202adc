'use strict';
// Postman's sandbox answers require('uuid') with its own v4 generator, callable both as uuid() and
// uuid.v4(), not with the npm uuid package (whose v4 needs crypto.getRandomValues). postman-collection
// is bundled against this module too, so that it never depends on that global either.

function randomBytes(count) {
    var bytes = new Uint8Array(count);
    var crypto = globalThis.crypto;
    if (crypto && typeof crypto.getRandomValues === 'function') {
        crypto.getRandomValues(bytes);
    } else {
        for (var i = 0; i < count; i++) {
            bytes[i] = (Math.random() * 256) | 0;
        }
    }
    return bytes;
}

function v4() {
    var bytes = randomBytes(16);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    var text = '';
    for (var i = 0; i < 16; i++) {
        if (i === 4 || i === 6 || i === 8 || i === 10) {
            text += '-';
        }
        text += (bytes[i] + 0x100).toString(16).slice(1);
    }
    return text;
}

module.exports = v4;
module.exports.v4 = v4;
