"""Helpers that shape Postman collection v2.1 JSON, so each case reads as its scripts."""
import textwrap

ORIGIN = "http://echo.test"
SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def _script(code, as_string):
    code = textwrap.dedent(code).strip("\n")
    # Postman accepts exec as an array of lines or as one string; cases use both.
    return code if as_string else code.split("\n")


def events(pre=None, test=None, as_string=False):
    out = []
    if pre is not None:
        out.append({"listen": "prerequest",
                    "script": {"type": "text/javascript", "exec": _script(pre, as_string)}})
    if test is not None:
        out.append({"listen": "test",
                    "script": {"type": "text/javascript", "exec": _script(test, as_string)}})
    return out


def request(name, path, method="GET", pre=None, test=None, headers=None, body=None,
            as_string=False, item_id=None, **extra):
    req = {"method": method, "url": ORIGIN + path, "header": [
        {"key": k, "value": v} for k, v in (headers or {}).items()]}
    if body is not None:
        req["body"] = body
    item = {"name": name, "event": events(pre, test, as_string), "request": req}
    if item_id:
        item["id"] = item_id
    item.update(extra)
    return item


def folder(name, items, pre=None, test=None, as_string=False, **extra):
    out = {"name": name, "item": items, "event": events(pre, test, as_string)}
    out.update(extra)
    return out


def collection(name, items, pre=None, test=None, variables=None, as_string=False, **extra):
    out = {
        "info": {"name": name, "schema": SCHEMA},
        "item": items,
        "event": events(pre, test, as_string),
        "variable": [{"key": k, "value": v} for k, v in (variables or {}).items()],
    }
    out.update(extra)
    return out


def environment(name, values, disabled=()):
    return {"name": name, "values": [
        {"key": k, "value": v, "enabled": k not in disabled} for k, v in values.items()]}


def raw_json(obj):
    import json
    return {"mode": "raw", "raw": json.dumps(obj), "options": {"raw": {"language": "json"}}}
