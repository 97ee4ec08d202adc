#!/usr/bin/env bash
# Benchmark: 20 fields of 5 items in one 1Password vault, resolved through a Connect server.
#
#   (a) locket batch     one `locket render` of a template with the 20 references
#   (b) one at a time    20 `locket render` runs, one reference each (what a script calling
#                        `op read` per secret, or any tool without batching, does)
#   (c) by id            as (a), with the items given by id instead of title (requests only)
#
# It reports the requests each made to Connect (target for (a): 1 vault lookup + 5 item
# fetches; locket also lists the vault's items once, to find items by name) and their wall
# time in one hyperfine run. The Connect server is the tests' fake (after the Connect OpenAPI
# spec: crates/locket-providers/tests/support/fake_connect.rs, run by the example
# `fake_connect`), which waits DELAY_MS before each answer, like a server across a network.
# The cache is off (`locket cache ttl 0`): every run fetches.
#
# Usage: scripts/bench/onepassword.sh
# Env:   DELAY_MS (default 20), RUNS (default 10), WARMUP (default 1),
#        LOCKET=PATH to use an existing locket binary instead of building one,
#        FAKE=PATH to use an existing fake_connect example binary, BENCH_OUT=DIR to keep the JSON.
# Needs: hyperfine (apt). Everything runs on 127.0.0.1 in a mktemp directory, removed on exit.
set -euo pipefail

DELAY_MS="${DELAY_MS:-20}"
RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-1}"
ITEMS=5
FIELDS=4
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/bench"
source "$HERE/common.sh"
ensure_tool hyperfine hyperfine

TMP="$(mktemp -d "${TMPDIR:-/tmp}/locket-bench-op.XXXXXX")"
FAKE_PID=""
cleanup() {
    if [ -n "$FAKE_PID" ]; then
        kill "$FAKE_PID" 2>/dev/null || true
        wait "$FAKE_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "error: $*" >&2; exit 1; }

# --- binaries ----------------------------------------------------------------------------
if [ -n "${LOCKET:-}" ]; then
    cp "$LOCKET" "$TMP/locket"
else
    build_locket "$ROOT" "$TMP/locket"
fi
if [ -n "${FAKE:-}" ]; then
    cp "$FAKE" "$TMP/fake_connect"
else
    echo "== cargo build --release -p locket-providers --example fake_connect" >&2
    (cd "$ROOT" && cargo build --release -p locket-providers --example fake_connect >&2)
    cp "${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/fake_connect" "$TMP/fake_connect"
fi

# --- the fake Connect server -------------------------------------------------------------
TOKEN="bench-connect-token-$$-$RANDOM"   # accepted by this run's fake only
coproc FAKE_IO { FAKE_CONNECT_TOKEN="$TOKEN" exec "$TMP/fake_connect" "$ITEMS" "$FIELDS" "$DELAY_MS"; }
FAKE_PID=$FAKE_IO_PID
read -r -t 10 URL <&"${FAKE_IO[0]}" || fail "the fake Connect server did not start"
counts() { echo counts >&"${FAKE_IO[1]}"; local line; read -r -t 10 line <&"${FAKE_IO[0]}"; echo "$line"; }
reset() { echo reset >&"${FAKE_IO[1]}"; }

# --- a vault with the 20 links -----------------------------------------------------------
export LOCKET_NO_PROMPT=1 NO_COLOR=1
L=("$TMP/locket" --vault-dir "$TMP/vault")
LOCKET_VAULT_KEY="$("${L[@]}" init --no-keyring 2>/dev/null)" || fail "locket init"
export LOCKET_VAULT_KEY
OP_CONNECT_TOKEN="$TOKEN" "${L[@]}" -q integration add 1password bench --connect-host "$URL" \
    || fail "integration add"
"${L[@]}" -q cache ttl 0
: >"$TMP/all.txt"
for i in $(seq 1 "$ITEMS"); do
    for f in $(seq 1 "$FIELDS"); do
        "${L[@]}" -q link "s_${i}_${f}" "op://Bench/item${i}/field${f}"
        echo "{{vault:s_${i}_${f}}}" >>"$TMP/all.txt"
        echo "{{vault:s_${i}_${f}}}" >"$TMP/one_${i}_${f}.txt"
    done
done

echo ids >&"${FAKE_IO[1]}"
read -r -t 10 -a IDS <&"${FAKE_IO[0]}" || fail "no item ids from the fake"
: >"$TMP/by_id.txt"
for i in $(seq 1 "$ITEMS"); do
    for f in $(seq 1 "$FIELDS"); do
        "${L[@]}" -q link "id_${i}_${f}" "op://Bench/${IDS[$((i - 1))]}/field${f}"
        echo "{{vault:id_${i}_${f}}}" >>"$TMP/by_id.txt"
    done
done

# --- requests ----------------------------------------------------------------------------
print_machine "$ROOT" "delay:    ${DELAY_MS} ms before each Connect answer; $((ITEMS * FIELDS)) fields of $ITEMS items"
reset
"${L[@]}" render "$TMP/all.txt" >"$TMP/out.txt"
BATCH="$(counts)"
expected="$(for i in $(seq 1 "$ITEMS"); do for f in $(seq 1 "$FIELDS"); do echo "value-$i-$f"; done; done)"
[ "$(cat "$TMP/out.txt")" = "$expected" ] || { cat "$TMP/out.txt" >&2; fail "the batch rendered the wrong values"; }
reset
for t in "$TMP"/one_*.txt; do "${L[@]}" render "$t" >/dev/null; done
SINGLE="$(counts)"
reset
"${L[@]}" render "$TMP/by_id.txt" >/dev/null
BY_ID="$(counts)"
echo "== requests to Connect"
echo "(a) one render, 20 references:   $BATCH"
echo "(b) 20 renders, one reference:   $SINGLE"
echo "(c) one render, items by id:     $BY_ID"
case "$BATCH" in
    "vaults=1 listings=1 items=$ITEMS refused=0") ;;
    *) fail "the batch made unexpected requests: $BATCH" ;;
esac
case "$BY_ID" in
    "vaults=1 listings=0 items=$ITEMS refused=0") ;;
    *) fail "the batch by id made unexpected requests: $BY_ID" ;;
esac

# --- wall time ---------------------------------------------------------------------------
LOCKET_CMD="$TMP/locket --vault-dir $TMP/vault"
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$TMP/op.json" \
    -n "(a) locket render, 20 references" "$LOCKET_CMD render $TMP/all.txt" \
    -n "(b) 20 x locket render, one each" \
    "bash -c 'for t in $TMP/one_*.txt; do $LOCKET_CMD render \$t >/dev/null; done'"
python3 - "$TMP/op.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
a, b = r[0]["median"], r[1]["median"]
print(f"== medians: (a) {a*1000:.1f} ms, (b) {b*1000:.1f} ms: one at a time takes {b/a:.1f}x as long")
PY
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (after)"
if [ -n "${BENCH_OUT:-}" ]; then mkdir -p "$BENCH_OUT" && cp "$TMP/op.json" "$BENCH_OUT/"; fi
