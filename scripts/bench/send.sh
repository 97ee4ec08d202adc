#!/usr/bin/env bash
# Benchmark: `locket send` of one GET with a vault reference in a header, as a whole process,
# against `curl` doing the same request (the value written out), in ONE hyperfine run against
# the same local server (python3 -m http.server on 127.0.0.1, a free port, a small file).
#
# Target: locket send median <= 1.5x the curl median.
#
# Usage: scripts/bench/send.sh
# Env:   RUNS (default 200), WARMUP (default 20),
#        BENCH_OUT=DIR to keep the hyperfine JSON (default: only printed, temp dir removed).
# Everything is created in a mktemp directory and removed on exit; the server is stopped on
# exit. Traffic goes to 127.0.0.1 only.
set -euo pipefail

RUNS="${RUNS:-200}"
WARMUP="${WARMUP:-20}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# --- tools -------------------------------------------------------------------------------
source "$ROOT/scripts/bench/common.sh"
ensure_tool hyperfine hyperfine
ensure_tool curl curl
ensure_tool python3 python3

# --- scratch space and server ------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/locket-bench-send.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

LOCKET="$TMP/locket"
build_locket "$ROOT" "$LOCKET"

mkdir "$TMP/www"
head -c 2048 /dev/zero | tr '\0' 'x' >"$TMP/www/file"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
python3 -m http.server --bind 127.0.0.1 --directory "$TMP/www" "$PORT" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
URL="http://127.0.0.1:$PORT/file"
for _ in $(seq 1 100); do curl -s -o /dev/null "$URL" && break; sleep 0.05; done
curl -s -o /dev/null "$URL" || { echo "the test server did not start" >&2; exit 1; }

NAME="tok"
VALUE="sk_test_4eC39HqLyjWDarjtT1zdp7dc"

# --- machine -----------------------------------------------------------------------------
print_machine "$ROOT" \
    "tools:    $(hyperfine --version), $(curl --version | head -1 | cut -d' ' -f1-3), $(python3 --version)"

# --- locket vault ------------------------------------------------------------------------
VAULT="$TMP/vault"
LOCKET_VAULT_KEY="$("$LOCKET" --vault-dir "$VAULT" init --no-keyring 2>/dev/null)"
export LOCKET_VAULT_KEY LOCKET_NO_PROMPT=1
printf '%s' "$VALUE" | "$LOCKET" --vault-dir "$VAULT" set "$NAME" --allow "http://127.0.0.1:$PORT" 2>/dev/null
# The same bytes come back from both (locket masks nothing here: the file holds no secret).
cmp <("$LOCKET" --vault-dir "$VAULT" send "$URL" -H "Authorization: Bearer {{vault:$NAME}}") \
    <(curl -s "$URL" -H "Authorization: Bearer $VALUE") \
    || { echo "locket send and curl disagree" >&2; exit 1; }

# --- measure -----------------------------------------------------------------------------
JSON="$TMP/send.json"
echo
echo "== hyperfine -N --warmup $WARMUP --runs $RUNS (curl | locket send)"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$JSON" \
    --command-name "curl" "curl -s -H 'Authorization: Bearer $VALUE' $URL" \
    --command-name "locket send" "$LOCKET --vault-dir $VAULT send $URL -H 'Authorization: Bearer {{vault:$NAME}}'"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, after)"

if [ -n "${BENCH_OUT:-}" ]; then mkdir -p "$BENCH_OUT" && cp "$JSON" "$BENCH_OUT/send.json"; fi

python3 - "$JSON" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ms = lambda s: s * 1000.0
print()
print("== summary (milliseconds, wall time per process)")
print(f"{'command':<14}{'median':>9}{'mean':>9}{'stddev':>9}{'min':>9}{'max':>9}{'user':>8}{'sys':>8}")
for name, r in res.items():
    print(f"{name:<14}{ms(r['median']):9.3f}{ms(r['mean']):9.3f}{ms(r['stddev']):9.3f}"
          f"{ms(r['min']):9.3f}{ms(r['max']):9.3f}{ms(r['user']):8.3f}{ms(r['system']):8.3f}")
ratio = res["locket send"]["median"] / res["curl"]["median"]
print()
print(f"locket send / curl (medians): {ratio:.2f}x   target <= 1.5x: {'MET' if ratio <= 1.5 else 'MISSED'}")
PY
