// A free `Buffer` in a bundled library means the buffer package, as browserify resolves it for Postman.
export { Buffer } from 'buffer';
