'use strict';
// require('buffer') in Postman's sandbox: the buffer package plus atob and btoa, as Node's module has.
module.exports = Object.assign({}, require('buffer'), {
    atob: require('./atob'),
    btoa: require('./btoa'),
});
