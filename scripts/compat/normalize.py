"""Normalizes the requests recorder.js logged, so that locket's and newman's can be diffed:
header names in lower case, sorted, without the ones that differ by design (user-agent,
postman-token) or by transport (connection, host, content-length is kept), and dynamic values
(uuids, timestamps, multipart boundaries) replaced by placeholders.

Usage: python3 normalize.py LOG_FILE > normalized.txt (or import it: requests(LOG_FILE))"""
import base64
import json
import re
import sys

DROPPED = {"user-agent", "postman-token", "connection", "host"}
UUID = re.compile(rb"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
ISO = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
EPOCH = re.compile(rb"(?<![0-9])1[0-9]{9}(?:[0-9]{3})?(?![0-9])")


def dynamic(data: bytes) -> bytes:
    data = UUID.sub(b"<uuid>", data)
    data = ISO.sub(b"<iso-timestamp>", data)
    return EPOCH.sub(b"<timestamp>", data)


def requests(log_path):
    """The normalized lines for every request in the log, in order."""
    for line in open(log_path, encoding="utf-8"):
        r = json.loads(line)
        headers = sorted((k.lower(), v) for k, v in r["headers"] if k.lower() not in DROPPED)
        body = base64.b64decode(r["body"])
        boundary = next((m.group(1) for k, v in headers if k == "content-type"
                         for m in [re.search(r"boundary=(\S+)", v)] if m), None)
        if boundary:
            body = body.replace(boundary.encode(), b"<boundary>")
            headers = [(k, v.replace(boundary, "<boundary>")) for k, v in headers]
        yield f"{r['method']} {dynamic(r['url'].encode()).decode('utf-8', 'replace')}"
        for k, v in headers:
            yield f"  {k}: {dynamic(v.encode()).decode('utf-8', 'replace')}"
        yield "  body: " + dynamic(body).decode("utf-8", "replace").replace("\n", "\\n")


if __name__ == "__main__":
    for out in requests(sys.argv[1]):
        print(out)
