"""A recording echo server for scripts/compat/newman.sh and scripts.sh, on 127.0.0.1 only: every
request, with any method (custom ones such as POSTMAN included, which node's server refuses), is
appended to the log as one JSON line (method, target, header pairs as received, base64 body).

Answers (keep-alive; every body is fixed or derived from the request, so runs are repeatable):
  /status/N             status N, body {"status": N}
  /json                 a fixed JSON document (FIXED_JSON)
  /xml                  a fixed XML document
  /cookies              {"cookies": {name: value}} from the Cookie header
  /cookies/set?k=v      sets each cookie (Path=/), answers {"cookies": {k: v}}
  /cookies/delete?k     expires each cookie named, answers {"cookies": {}}
  /redirect/N           302 to /redirect/N-1, /redirect/0 echoes
  /redirect-to?url=U&status=S   S (default 302) to U
  /response-headers?K=V sets each K: V on the response (repeats allowed), echoes
  anything else         the echo: {method, url, path, args, headers, rawHeaders, body, json, form}

With --echo-only every request gets the echo, whatever its path: newman.sh compares requests
only, and its reference collections call /cookies/set and /redirect-to expecting no effect.

Usage: python3 recorder.py LOG_FILE PORT_FILE [--echo-only]"""
import base64
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

LOG, PORT_FILE = sys.argv[1], sys.argv[2]
ECHO_ONLY = sys.argv[3:] == ["--echo-only"]
lock = threading.Lock()

FIXED_JSON = {
    "name": "locket",
    "count": 3,
    "price": 9.5,
    "active": True,
    "nothing": None,
    "tags": ["vault", "runner", "scripts"],
    "owner": {"id": 7, "login": "ada", "roles": ["admin", "dev"]},
    "items": [{"id": 1, "qty": 2}, {"id": 2, "qty": 5}],
}
XML = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
       b'<catalog><book id="b1" lang="en"><title>Dune</title><price>9.99</price></book>'
       b'<book id="b2" lang="fr"><title>Vendredi</title><price>7.50</price></book></catalog>')


def query(target):
    return parse_qsl(urlsplit(target).query, keep_blank_values=True)


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
        self.route(body)

    def route(self, body):
        path = urlsplit(self.path).path
        parts = path.strip("/").split("/")
        args = query(self.path)
        if ECHO_ONLY:
            return self.answer(200, self.echo(body))
        if parts[0] == "status" and len(parts) == 2 and parts[1].isdigit():
            code = int(parts[1])
            return self.answer(code, {"status": code} if code not in (204, 304) else None)
        if path == "/json":
            return self.answer(200, FIXED_JSON)
        if path == "/xml":
            return self.answer(200, XML, "application/xml; charset=utf-8")
        if path == "/cookies":
            return self.answer(200, {"cookies": self.cookies()})
        if path == "/cookies/set":
            cookies = [("Set-Cookie", f"{k}={v}; Path=/") for k, v in args]
            return self.answer(200, {"cookies": dict(args)}, extra=cookies)
        if path == "/cookies/delete":
            gone = [("Set-Cookie", f"{k}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
                    for k, _ in args]
            return self.answer(200, {"cookies": {}}, extra=gone)
        if parts[0] == "redirect" and len(parts) == 2 and parts[1].isdigit():
            left = int(parts[1])
            if left > 0:
                return self.answer(302, None, extra=[("Location", f"/redirect/{left - 1}")])
            return self.answer(200, self.echo(body))
        if path == "/redirect-to":
            a = dict(args)
            return self.answer(int(a.get("status", "302")), None,
                               extra=[("Location", a.get("url", "/"))])
        if path == "/response-headers":
            return self.answer(200, self.echo(body), extra=args)
        return self.answer(200, self.echo(body))

    def cookies(self):
        jar = {}
        for part in (self.headers.get("Cookie") or "").split(";"):
            if "=" in part:
                k, v = part.strip().split("=", 1)
                jar[k] = v
        return jar

    def echo(self, body):
        text = body.decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        parsed = None
        if ctype == "application/json":
            try:
                parsed = json.loads(text)
            except ValueError:
                pass
        form = dict(parse_qsl(text, keep_blank_values=True)) \
            if ctype == "application/x-www-form-urlencoded" else None
        return {
            "method": self.command,
            "url": self.path,
            "path": urlsplit(self.path).path,
            "args": dict(query(self.path)),
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "rawHeaders": [k for k in self.headers.keys()],
            "body": text,
            "json": parsed,
            "form": form,
        }

    def answer(self, code, payload, ctype="application/json; charset=utf-8", extra=()):
        if payload is None:
            out = b""
        elif isinstance(payload, bytes):
            out = payload
        else:
            out = json.dumps(payload).encode()
        self.send_response(code)
        if out or code not in (204, 304):
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(out)))
        self.send_header("X-Recorder", "locket-compat")
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(out)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
