"""Points a collection, environment, globals or data file at the local echo server: every
remote host the reference collections (and the script suite: echo.test) use becomes
127.0.0.1:PORT over http, in raw URLs, in script text, in URL objects (protocol, host parts,
port) and in variable values.

Usage: python3 rewrite.py PORT IN OUT [DROP]   (DROP: a regex; items whose name matches are
removed, for requests left out of the comparison)
       python3 rewrite.py PORT --into DIR FILE...   (each FILE to DIR/its name)"""
import codecs
import json
import os
import re
import sys

port = sys.argv[1]
if sys.argv[2] == "--into":
    jobs = [(f, os.path.join(sys.argv[3], os.path.basename(f))) for f in sys.argv[4:]]
    drop = None
else:
    jobs = [(sys.argv[2], sys.argv[3])]
    drop = re.compile(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None
HOSTS = r"(?:echo\.test|postman-echo\.com|httpbin\.org|api\.github\.com|example\.com|localhost:404[0-9]|localhost)"
WITH_SCHEME = re.compile(r"https?://([^/@\s]*@)?" + HOSTS)
BARE = re.compile(r"(?<![\w.])" + HOSTS + r"(?![\w])")
ORIGIN = f"http://127.0.0.1:{port}"
REMOTE = {"echo.test", "postman-echo.com", "httpbin.org", "api.github.com", "example.com", "localhost"}


def text(s):
    # A host from a variable (`https://{{host}}/x`) points to the echo server too: plain http.
    s = s.replace("https://{{", "http://{{")
    s = WITH_SCHEME.sub(lambda m: f"http://{m.group(1) or ''}127.0.0.1:{port}", s)
    return BARE.sub(f"127.0.0.1:{port}", s)


def walk(v):
    if isinstance(v, str):
        return text(v)
    if isinstance(v, list):
        return [walk(x) for x in v
                if not (drop and isinstance(x, dict) and "request" in x and drop.search(x.get("name", "")))]
    if isinstance(v, dict):
        out = {k: walk(x) for k, x in v.items()}
        host = v.get("host")
        joined = ".".join(host) if isinstance(host, list) else host
        if isinstance(joined, str) and joined in REMOTE and ("raw" in v or "path" in v):
            out["host"] = ["127", "0", "0", "1"]
            out["port"] = port
            out["protocol"] = "http"
        return out
    return v


def encoding(data):
    """The file's encoding by its byte-order mark, kept on the way out (inputs with a BOM or in
    UTF-16 are part of what is compared)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"


for src, dst in jobs:
    data = open(src, "rb").read()
    enc = encoding(data)
    raw = data.decode(enc)
    if src.endswith(".json"):
        out = json.dumps(walk(json.loads(raw)), ensure_ascii=False)
    else:
        out = text(raw)
    open(dst, "wb").write(out.encode(enc))
