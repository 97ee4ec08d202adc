'use strict';
// require('btoa') in Postman's sandbox is the platform btoa: a binary string to base64 text.
module.exports = function btoa(data) {
    if (arguments.length === 0) {
        throw new TypeError('btoa needs one argument, the binary string to encode');
    }
    return require('./base64').encode(data);
};
