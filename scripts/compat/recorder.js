// A recording echo server for scripts/compat/newman.sh, on 127.0.0.1 only: every request is
// appended to the log file as one JSON line (method, target, raw header pairs, base64 body) and
// answered with the same as JSON. Usage: node recorder.js LOG_FILE PORT_FILE
const http = require('http');
const fs = require('fs');
const [logFile, portFile] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const headers = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    }
    const record = { method: req.method, url: req.url, headers, body: body.toString('base64') };
    fs.appendFileSync(logFile, JSON.stringify(record) + '\n');
    const out = JSON.stringify({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
    res.end(out);
  });
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(server.address().port)));
