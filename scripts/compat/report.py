"""Normalizes what one run of a collection produced (by newman or by locket), so that the two
can be diffed line by line: the exit code, each execution in order (iteration, item name,
response code) with its assertions (name, pass/FAIL/skip, the error where deterministic), the
failures (where, which item, the error), the counts, and the exported environment and globals.

Left out as different by design: ids, timings, export timestamps and the exporting tool's name.
The messages of errors the JavaScript engine words itself (SyntaxError, ReferenceError,
TypeError, RangeError) differ between V8 and any other engine: only their names are compared.
Transport errors (where "request") are compared by name only. The recording server's origin becomes <origin>.

Usage: python3 report.py EXIT_CODE REPORT_JSON ENV_JSON GLOBALS_JSON COLLECTION_JSON ORIGIN
       > normalized.txt   (COLLECTION_JSON: the --export-collection file, for its variables)
(a missing file prints as such, so a runner that writes nothing differs from one that does)"""
import json
import sys

ENGINE_WORDED = {"SyntaxError", "ReferenceError", "TypeError", "RangeError"}


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return None
    except ValueError as e:
        return {"<unreadable>": str(e)}


def error_text(error):
    if not error:
        return ""
    name = error.get("name", "")
    message = error.get("message", "")
    if name in ENGINE_WORDED:
        message = "<engine message>"
    return f"{name}: {message}"


def executions(run):
    # newman's json reporter lists an execution once more for each pm.sendRequest its scripts
    # make (the same cursor, its request and response overwritten by the last one sent): one
    # entry per cursor, with no response code when a sendRequest overwrote it.
    groups = []
    for e in run.get("executions") or []:
        ref = (e.get("cursor") or {}).get("ref")
        if ref and groups and groups[-1][0] == ref:
            groups[-1][2] += 1
        else:
            groups.append([ref, e, 0])
    for _, e, again in groups:
        cursor = e.get("cursor") or {}
        code = (e.get("response") or {}).get("code", "no response")
        if again:
            code = f"(response code not compared: {again} sendRequest)"
        yield f"[{cursor.get('iteration', '?')}] {(e.get('item') or {}).get('name')} -> {code}"
        for a in e.get("assertions") or []:
            if a.get("skipped"):
                yield f"  skip: {a.get('assertion')}"
            elif a.get("error"):
                yield f"  FAIL: {a.get('assertion')} -- {error_text(a['error'])}"
            else:
                yield f"  pass: {a.get('assertion')}"


def failures(run):
    for f in run.get("failures") or []:
        where = f.get("at", "")
        item = (f.get("source") or {}).get("name", "")
        iteration = (f.get("cursor") or {}).get("iteration", "?")
        error = dict(f.get("error") or {})
        if where == "request":
            error["message"] = "<transport message>"
        yield f"[{iteration}] {item} | {where} | {error_text(error)}"


def stats(run):
    s = run.get("stats") or {}
    for key in ("iterations", "requests", "prerequestScripts", "testScripts", "assertions"):
        v = s.get(key) or {}
        yield f"{key}: total {v.get('total')}, failed {v.get('failed')}"
    if run.get("error"):
        yield f"run error: {error_text(run['error'])}"


def variables(export):
    if export is None:
        yield "<not written>"
        return
    yield f"name: {export.get('name')}, scope: {export.get('_postman_variable_scope')}"
    for v in export.get("values") or []:
        extra = {k: x for k, x in v.items() if k not in ("key", "value")}
        yield f"{v.get('key')} = {json.dumps(v.get('value'))} {json.dumps(extra, sort_keys=True)}"


def main():
    code, report_path, env_path, globals_path, collection_path, origin = sys.argv[1:7]
    report = load(report_path)
    run = (report or {}).get("run") or {}
    lines = [f"exit code: {code}", "== executions"]
    lines += list(executions(run)) if report is not None else ["<no report>"]
    lines += ["== failures", *failures(run), "== stats", *stats(run)]
    lines += ["== environment", *variables(load(env_path))]
    lines += ["== globals", *variables(load(globals_path))]
    exported = load(collection_path)
    lines += ["== collection variables"]
    if exported is None:
        lines += ["<not written>"]
    for v in (exported or {}).get("variable") or []:
        lines += [f"{v.get('key')} = {json.dumps(v.get('value'))}"]
    bare = origin.split("://", 1)[-1]
    for line in lines:
        print(line.replace(origin, "<origin>").replace(bare, "<origin>"))


main()
