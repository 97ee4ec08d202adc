#!/usr/bin/env bash
# Benchmark: `locket run` against newman 6.2.2 on one collection (one GET with an environment
# variable in the URL and a secret in a header: a {{vault:…}} reference for locket, an
# environment variable for newman, which cannot read the vault), N iterations (default 1,000),
# against the same local node echo server, in ONE run of this script: wall time and peak
# memory from `/usr/bin/time -v` (medians): newman RUNS times, locket LOCKET_RUNS times (its
# runs are short enough for /usr/bin/time's 10 ms resolution and the machine's noise to
# matter, so it gets more). Also locket with --parallel 8.
#
# Targets: locket >= 20x newman's requests per second, peak memory <= 1/5 of newman's.
#
# Usage: scripts/bench/run.sh
# Env:   ITERATIONS (default 1000), RUNS (default 3), LOCKET_RUNS (default 15), NEWMAN_DIR (scratch dir holding newman;
#        default a temp dir, removed on exit). Everything else lives in a mktemp directory,
#        removed on exit; the server is stopped on exit. Traffic goes to 127.0.0.1 only.
set -euo pipefail

ITERATIONS="${ITERATIONS:-1000}"
RUNS="${RUNS:-3}"
LOCKET_RUNS="${LOCKET_RUNS:-15}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NEWMAN_VERSION="6.2.2"

source "$ROOT/scripts/bench/common.sh"
ensure_tool node nodejs
ensure_tool npm npm
ensure_tool python3 python3
[ -x /usr/bin/time ] || ensure_tool /usr/bin/time time

TMP="$(mktemp -d "${TMPDIR:-/tmp}/locket-bench-run.XXXXXX")"
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

# --- the vault, the collections, the environment ----------------------------------------------
VALUE="sk_test_4eC39HqLyjWDarjtT1zdp7dc"
VAULT="$TMP/vault"
LOCKET_VAULT_KEY="$("$LOCKET" --vault-dir "$VAULT" init --no-keyring 2>/dev/null)"
export LOCKET_VAULT_KEY LOCKET_NO_PROMPT=1
printf '%s' "$VALUE" | "$LOCKET" --vault-dir "$VAULT" set api-token --allow "$ORIGIN" 2>/dev/null

collection() { # $1: the Authorization header's value
    cat <<JSON
{"info": {"name": "bench", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "item": [{"name": "get", "request": {"method": "GET", "url": "{{baseUrl}}/get?q={{query}}",
   "header": [{"key": "Authorization", "value": "$1"}]}}]}
JSON
}
collection 'Bearer {{vault:api-token}}' >"$TMP/locket.json"
collection 'Bearer {{token}}' >"$TMP/newman.json"
cat >"$TMP/env.json" <<JSON
{"name": "bench", "values": [{"key": "baseUrl", "value": "$ORIGIN"}, {"key": "query", "value": "bench"},
 {"key": "token", "value": "$VALUE"}]}
JSON

print_machine "$ROOT" \
    "tools:    node $(node --version), newman $("$NEWMAN" --version), $(python3 --version)" \
    "workload: $ITERATIONS iterations of 1 GET, the same echo server ($ORIGIN)"

measure() { time_runs "$1" "$2" "$TMP/results" "$TMP/out.txt" "${@:3}"; }

echo
echo "== measuring: newman $RUNS runs, locket and locket --parallel 8 $LOCKET_RUNS runs each"
: >"$TMP/results"
measure newman "$RUNS" "$NEWMAN" run "$TMP/newman.json" -e "$TMP/env.json" -n "$ITERATIONS"
measure locket "$LOCKET_RUNS" "$LOCKET" --vault-dir "$VAULT" run "$TMP/locket.json" -e "$TMP/env.json" -n "$ITERATIONS"
grep -q "requests ┆ *$ITERATIONS ┆ *0" "$TMP/out.txt" || { echo "locket did not run $ITERATIONS requests" >&2; exit 1; }
measure "locket-parallel-8" "$LOCKET_RUNS" "$LOCKET" --vault-dir "$VAULT" run "$TMP/locket.json" -e "$TMP/env.json" -n "$ITERATIONS" --parallel 8
grep -q "requests ┆ *$ITERATIONS ┆ *0" "$TMP/out.txt" || { echo "locket --parallel 8 did not run $ITERATIONS requests" >&2; exit 1; }
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, after)"

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
print(f"{'command':<20}{'wall s':>9}{'req/s':>10}{'peak RSS MB':>13}   runs (wall s)")
for name, (secs, rss) in med.items():
    runs = " ".join(f"{s:.2f}" for s, _ in rows[name][:15])
    print(f"{name:<20}{secs:9.2f}{n / secs:10.0f}{rss / 1024:13.1f}   {runs}")
newman_secs, newman_rss = med["newman"]
print()
for name in ("locket", "locket-parallel-8"):
    secs, rss = med[name]
    speed, mem = newman_secs / secs, newman_rss / rss
    print(f"{name}: {speed:.1f}x newman's requests/s (target >= 20x: {'MET' if speed >= 20 else 'MISSED'}), "
          f"1/{mem:.1f} of its peak memory (target <= 1/5: {'MET' if mem >= 5 else 'MISSED'})")
PY
