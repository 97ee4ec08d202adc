"""Normalizes what one run of a collection produced (by newman or by locket), so that the two
can be diffed line by line: the requests the recording server received (normalize.py), the exit
code, each execution in order (iteration, item, response code) with its assertions (name,
pass/FAIL/skip, the error), the failures (where, item, error), the counts, the exported
environment, globals and collection variables, the cli reporter's lines per request (console
output included) and the junit report's suites, cases and failures.

Left out as different by design: ids, timings, sizes, stack traces, export timestamps and the
exporting tool's name. Errors the JavaScript engine words itself (SyntaxError, ReferenceError,
TypeError, RangeError) and transport errors (at "request") are compared by name only: V8 words
them differently from any other engine. The recording server's origin becomes <origin>.

Usage: python3 report.py --requests RECORDER_LOG --exit CODE --json REPORT --env ENV
         --globals GLOBALS --collection EXPORTED_COLLECTION --cli STDOUT --junit JUNIT_XML
         --origin ORIGIN
(a missing file prints as such, so a runner that writes nothing differs from one that does)"""
import argparse
import json
import re
from xml.etree import ElementTree

import normalize

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "GET http://... [200 OK, 420B, 76ms]": the status stays, the size and time go.
REQUEST_LINE = re.compile(r"^([A-Z]+ .+?) \[([^,\]]+)(?:, [^\]]*)?\]$")
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


def cli_lines(path):
    """What the cli reporter shows per request, less timings and sizes: the item arrows, the
    request lines, the console boxes and the assertion lines (the summary table and the failure
    details after it are left out: the json report holds the same)."""
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except FileNotFoundError:
        yield "<not written>"
        return
    errored = False
    for line in ANSI.sub("", text).splitlines():
        if line.startswith("┌"):
            break
        stripped = line.strip()
        if not stripped or line == "newman":  # the tool's name: different by design
            continue
        if errored:
            # The line under "[errored]" is the transport error's message: Node's words
            # ("connect ECONNREFUSED 127.0.0.1:1") against locket's, as in the failures.
            stripped = "<transport message>"
        errored = False
        if REQUEST_LINE.match(stripped):
            stripped = REQUEST_LINE.sub(r"\1 \2", stripped)
            errored = stripped.endswith(" errored")
        yield line[:len(line) - len(line.lstrip())] + stripped


def junit_lines(path):
    try:
        root = ElementTree.parse(path).getroot()
    except FileNotFoundError:
        yield "<not written>"
        return
    except ElementTree.ParseError as e:
        yield f"<unreadable: {e}>"
        return
    yield f"testsuites {root.get('name')!r} tests={root.get('tests')}"
    for suite in root.iter("testsuite"):
        yield (f"  testsuite {suite.get('name')!r} tests={suite.get('tests')} "
               f"failures={suite.get('failures')} errors={suite.get('errors')}")
        for case in suite.iter("testcase"):
            yield f"    testcase {case.get('name')!r} classname={case.get('classname')!r}"
            for failure in case.iter("failure"):
                yield f"      failure {failure.get('type')}: {failure.get('message')}"


def main():
    args = argparse.ArgumentParser(description=__doc__)
    for name in ("requests", "exit", "json", "env", "globals", "collection", "cli", "junit",
                 "origin"):
        args.add_argument("--" + name, required=True)
    a = args.parse_args()
    report = load(a.json)
    run = (report or {}).get("run") or {}
    lines = ["== requests", *normalize.requests(a.requests)]
    lines += [f"exit code: {a.exit}", "== executions"]
    lines += list(executions(run)) if report is not None else ["<no report>"]
    lines += ["== failures", *failures(run), "== stats", *stats(run)]
    lines += ["== environment", *variables(load(a.env))]
    lines += ["== globals", *variables(load(a.globals))]
    exported = load(a.collection)
    lines += ["== collection variables (as --export-collection writes them)"]
    if exported is None:
        lines += ["<not written>"]
    for v in (exported or {}).get("variable") or []:
        lines += [f"{v.get('key')} = {json.dumps(v.get('value'))}"]
    lines += ["== cli reporter", *cli_lines(a.cli)]
    lines += ["== junit reporter", *junit_lines(a.junit)]
    bare = a.origin.split("://", 1)[-1]
    for line in lines:
        print(line.replace(a.origin, "<origin>").replace(bare, "<origin>"))


main()
