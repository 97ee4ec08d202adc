"""A recording echo server for scripts/compat/newman.sh, on 127.0.0.1 only: every request, with
any method (custom ones such as POSTMAN included, which node's server refuses), is appended to
the log as one JSON line (method, target, header pairs as received, base64 body) and answered
with the same as JSON, keep-alive.

Usage: python3 recorder.py LOG_FILE PORT_FILE"""
import base64
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG, PORT_FILE = sys.argv[1], sys.argv[2]
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.record
        raise AttributeError(name)

    def record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        entry = {
            "method": self.command,
            "url": self.path,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": base64.b64encode(body).decode(),
        }
        with lock, open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
        out = json.dumps({"method": self.command, "url": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
