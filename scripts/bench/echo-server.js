// The local echo server of scripts/bench/run.sh, on 127.0.0.1 only: answers every request
// with its method, URL and headers as JSON (keep-alive, as node's server does by default).
// Usage: node echo-server.js PORT_FILE
const http = require('http');
const fs = require('fs');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const out = JSON.stringify({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
    res.end(out);
  });
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(process.argv[2], String(server.address().port)));
