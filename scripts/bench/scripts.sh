#!/usr/bin/env bash
# Benchmark: `locket run` against newman 6.2.2 on a script-heavy collection (issue 12), in ONE
# run of this script, against the same local node echo server (127.0.0.1):
#
# 1. Throughput and memory. One request, ITERATIONS times (default 1,000). Its pre-request
#    script signs method + URL + timestamp with CryptoJS.HmacSHA256 (the key is the environment
#    variable `hmacKey`) and sets the variables sent in the X-Timestamp and X-Signature headers;
#    its test script makes five `pm.expect` checks on the JSON the echo server returns (what was
#    sent). The script takes CryptoJS from `require('crypto-js')`: newman prints a deprecation
#    warning for every use of the global `CryptoJS`, which would slow it down. Both runners get the same collection and environment files. Wall time and peak
#    memory (maximum RSS) from `/usr/bin/time -v`: newman RUNS times, locket LOCKET_RUNS times;
#    medians and ratios. Every run must report ITERATIONS pre-request and test scripts and
#    5 x ITERATIONS assertions, none failed, or the script exits 1: a benchmark whose
#    assertions fail or do not run measures nothing.
#    Targets: locket >= 10x newman's requests per second, peak memory <= 1/4 of newman's.
# 2. Time to the first script result (engine start + library load): hyperfine -N of
#    `locket run` on a one-request collection whose test script uses `pm.expect` and
#    `CryptoJS`, against the same collection with no script. Target: difference < 20 ms.
#
# Usage: scripts/bench/scripts.sh
# Env:   ITERATIONS (default 1000), RUNS (default 3), LOCKET_RUNS (default 9),
#        FIRST_RUNS (default 100, hyperfine runs of part 2), NEWMAN_DIR (where newman is
#        installed; default a temp dir, removed on exit). Everything else lives in a mktemp
#        directory, removed on exit; the server is stopped on exit.
set -euo pipefail

ITERATIONS="${ITERATIONS:-1000}"
RUNS="${RUNS:-3}"
LOCKET_RUNS="${LOCKET_RUNS:-9}"
FIRST_RUNS="${FIRST_RUNS:-100}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NEWMAN_VERSION="6.2.2"

source "$ROOT/scripts/bench/common.sh"
ensure_tool node nodejs
ensure_tool npm npm
ensure_tool python3 python3
ensure_tool hyperfine hyperfine
[ -x /usr/bin/time ] || ensure_tool /usr/bin/time time

TMP="$(mktemp -d "${TMPDIR:-/tmp}/locket-bench-scripts.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

LOCKET="$TMP/locket"
build_locket "$ROOT" "$LOCKET"
NEWMAN="$(ensure_newman "${NEWMAN_DIR:-$TMP/newman}" "$NEWMAN_VERSION")"
start_echo_server "$ROOT" "$TMP"

# --- the collections and the environment ---------------------------------------------------------
# js LINE...: the lines as a JSON array of strings (a Postman script's `exec`).
js() { python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@"; }

SIGN="$(js \
    "const cryptojs = require('crypto-js');" \
    "const ts = Date.now().toString();" \
    "const message = pm.request.method + pm.request.url.toString() + ts;" \
    "const signature = cryptojs.HmacSHA256(message, pm.environment.get('hmacKey')).toString(cryptojs.enc.Hex);" \
    "pm.variables.set('timestamp', ts);" \
    "pm.variables.set('signature', signature);")"
CHECKS="$(js \
    "const body = pm.response.json();" \
    "pm.test('status is 200', () => pm.expect(pm.response.code).to.equal(200));" \
    "pm.test('method echoed', () => pm.expect(body.method).to.equal('GET'));" \
    "pm.test('path and query', () => pm.expect(body.url).to.match(/^\\/signed\\?q=bench\$/));" \
    "pm.test('signature is hex', () => pm.expect(body.headers['x-signature']).to.be.a('string').and.match(/^[0-9a-f]{64}\$/));" \
    "pm.test('timestamp sent', () => pm.expect(Number(body.headers['x-timestamp'])).to.be.above(1500000000000));")"

cat >"$TMP/signed.json" <<JSON
{"info": {"name": "bench-scripts", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "item": [{"name": "signed",
   "event": [{"listen": "prerequest", "script": {"type": "text/javascript", "exec": $SIGN}},
             {"listen": "test", "script": {"type": "text/javascript", "exec": $CHECKS}}],
   "request": {"method": "GET", "url": "{{baseUrl}}/signed?q=bench",
     "header": [{"key": "X-Timestamp", "value": "{{timestamp}}"}, {"key": "X-Signature", "value": "{{signature}}"}]}}]}
JSON
cat >"$TMP/env.json" <<JSON
{"name": "bench", "values": [{"key": "baseUrl", "value": "$ORIGIN"}, {"key": "hmacKey", "value": "bench-hmac-key-1f3a9c"}]}
JSON

# Part 2: one request, with and without a test script using pm.expect and CryptoJS.
FIRST="$(js \
    "const sig = CryptoJS.HmacSHA256('message', 'key').toString();" \
    "pm.test('signed', () => pm.expect(sig).to.have.lengthOf(64));")"
one() { # $1: the request's events (a JSON array)
    cat <<JSON
{"info": {"name": "bench-first", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "item": [{"name": "one", "event": $1, "request": {"method": "GET", "url": "{{baseUrl}}/one"}}]}
JSON
}
one '[]' >"$TMP/one-plain.json"
one "[{\"listen\": \"test\", \"script\": {\"exec\": $FIRST}}]" >"$TMP/one-script.json"

# The vault is empty (nothing here is a secret), but `locket run` wants a vault key.
VAULT="$TMP/vault"
LOCKET_VAULT_KEY="$("$LOCKET" --vault-dir "$VAULT" init --no-keyring 2>/dev/null)"
export LOCKET_VAULT_KEY LOCKET_NO_PROMPT=1

print_machine "$ROOT" \
    "tools:    node $(node --version), newman $("$NEWMAN" --version), $(hyperfine --version), $(python3 --version)" \
    "workload: $ITERATIONS iterations of 1 signed GET (pre-request HMAC-SHA256, 5 pm.expect tests), echo server $ORIGIN"

# check_counts NAME OUT: the cli reporter's summary in OUT must show every script run and every
# assertion passed (newman and locket print the same table rows).
check_counts() {
    python3 - "$1" "$2" "$ITERATIONS" <<'PY'
import re, sys
name, text, n = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), int(sys.argv[3])
want = {"prerequest-scripts": n, "test-scripts": n, "assertions": 5 * n}
bad = []
for row, executed in want.items():
    m = re.search(rf"{row}\D+?(\d+)\D+?(\d+)", text)
    got = (int(m.group(1)), int(m.group(2))) if m else None
    if got != (executed, 0):
        bad.append(f"{row}: want {executed} executed, 0 failed; got {got}")
if bad:
    sys.exit(f"{name}: invalid run ({'; '.join(bad)})")
print(f"{name}: {n} pre-request scripts, {n} test scripts, {5 * n} assertions passed")
PY
}

# measure NAME TIMES CMD...: time_runs, then the counts of every run.
measure() {
    local name="$1" times="$2" i; shift 2
    for i in $(seq 1 "$times"); do
        time_runs "$name" 1 "$TMP/results" "$TMP/out-$name.txt" "$@"
        check_counts "$name" "$TMP/out-$name.txt" >"$TMP/check.txt" || exit 1
    done
    cat "$TMP/check.txt"
}

echo
echo "== 1. measuring: newman $RUNS runs, locket $LOCKET_RUNS runs"
: >"$TMP/results"
measure newman "$RUNS" "$NEWMAN" run "$TMP/signed.json" -e "$TMP/env.json" -n "$ITERATIONS"
measure locket "$LOCKET_RUNS" "$LOCKET" --vault-dir "$VAULT" run "$TMP/signed.json" -e "$TMP/env.json" -n "$ITERATIONS"

python3 - "$TMP/results" "$ITERATIONS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, secs, rss = line.split()
    rows.setdefault(name, []).append((float(secs), int(rss)))
n = int(sys.argv[2])
med = {k: (statistics.median(s for s, _ in v), statistics.median(r for _, r in v)) for k, v in rows.items()}
print()
print("== summary (medians)")
print(f"{'command':<10}{'wall s':>9}{'req/s':>10}{'peak RSS MB':>13}   runs (wall s)")
for name, (secs, rss) in med.items():
    runs = " ".join(f"{s:.2f}" for s, _ in rows[name])
    print(f"{name:<10}{secs:9.2f}{n / secs:10.0f}{rss / 1024:13.1f}   {runs}")
(ns, nr), (ls, lr) = med["newman"], med["locket"]
speed, mem = ns / ls, nr / lr
print()
print(f"locket: {speed:.1f}x newman's requests/s (target >= 10x: {'MET' if speed >= 10 else 'MISSED'}), "
      f"1/{mem:.1f} of its peak memory (target <= 1/4: {'MET' if mem >= 4 else 'MISSED'})")
PY

echo
echo "== 2. time to the first script result: hyperfine -N --warmup 5 --runs $FIRST_RUNS"
for c in one-plain one-script; do # both must succeed, and the script's assertion must pass
    "$LOCKET" --vault-dir "$VAULT" run "$TMP/$c.json" -e "$TMP/env.json" >"$TMP/out-$c.txt" 2>&1 \
        || { echo "$c failed:" >&2; cat "$TMP/out-$c.txt" >&2; exit 1; }
done
grep -Eq "assertions[^0-9]+1[^0-9]+0" "$TMP/out-one-script.txt" \
    || { echo "the one-request test script did not pass its assertion:" >&2; cat "$TMP/out-one-script.txt" >&2; exit 1; }
hyperfine -N --warmup 5 --runs "$FIRST_RUNS" --export-json "$TMP/first.json" \
    --command-name "no script" "$LOCKET --vault-dir $VAULT run $TMP/one-plain.json -e $TMP/env.json" \
    --command-name "test script (pm.expect + CryptoJS)" "$LOCKET --vault-dir $VAULT run $TMP/one-script.json -e $TMP/env.json"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, after)"
python3 - "$TMP/first.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
plain, script = r["no script"], r["test script (pm.expect + CryptoJS)"]
for what in ("median", "min"):
    d = (script[what] - plain[what]) * 1000
    print(f"first script result ({what}s): {script[what] * 1000:.2f} - {plain[what] * 1000:.2f} = {d:.2f} ms"
          + (f"   target < 20 ms: {'MET' if d < 20 else 'MISSED'}" if what == "median" else ""))
PY
