'use strict';
// require('atob') in Postman's sandbox is the platform atob: base64 text to a binary string.
module.exports = function atob(data) {
    if (arguments.length === 0) {
        throw new TypeError('atob needs one argument, the base64 text to decode');
    }
    return require('./base64').decode(data);
};
