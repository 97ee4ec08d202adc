// A free `process` in a bundled library means the browser shim browserify gives it, as in Postman.
import process from 'process/browser.js';
export { process };
