'use strict';
// The forgiving base64 of the HTML standard, which atob and btoa follow. Written here rather than
// taken from the buffer package so that the always-present atob/btoa globals load in a few
// hundred bytes instead of a whole Buffer implementation.

var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
var ASCII_WHITESPACE = /[\t\n\f\r ]/g;
var NOT_BASE64 = /[^A-Za-z0-9+/]/;

function invalidCharacter(message) {
    // Browsers and Node throw a DOMException named InvalidCharacterError; scripts test the name.
    if (typeof DOMException === 'function') {
        return new DOMException(message, 'InvalidCharacterError');
    }
    var error = new Error(message);
    error.name = 'InvalidCharacterError';
    return error;
}

function encode(data) {
    var input = String(data);
    var output = '';
    for (var i = 0; i < input.length; i += 3) {
        var a = input.charCodeAt(i), b = input.charCodeAt(i + 1), c = input.charCodeAt(i + 2);
        if (a > 0xff || b > 0xff || c > 0xff) {
            throw invalidCharacter('Invalid character: btoa takes a string of characters U+0000 to U+00FF; encode other text to bytes first');
        }
        var remaining = input.length - i;
        var bits = (a << 16) | ((remaining > 1 ? b : 0) << 8) | (remaining > 2 ? c : 0);
        output += ALPHABET[(bits >> 18) & 63] + ALPHABET[(bits >> 12) & 63] +
            (remaining > 1 ? ALPHABET[(bits >> 6) & 63] : '=') +
            (remaining > 2 ? ALPHABET[bits & 63] : '=');
    }
    return output;
}

function decode(data) {
    var input = String(data).replace(ASCII_WHITESPACE, '');
    if (input.length % 4 === 0) {
        input = input.replace(/==?$/, '');
    }
    if (input.length % 4 === 1 || NOT_BASE64.test(input)) {
        throw invalidCharacter('The string to be decoded is not correctly encoded base64');
    }
    var output = '';
    var bits = 0, count = 0;
    for (var i = 0; i < input.length; i++) {
        bits = (bits << 6) | ALPHABET.indexOf(input[i]);
        count += 6;
        if (count >= 8) {
            count -= 8;
            output += String.fromCharCode((bits >> count) & 0xff);
        }
    }
    return output;
}

module.exports = { encode: encode, decode: decode };
