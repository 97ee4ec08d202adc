#!/usr/bin/env bash
# Benchmark: how locket scales with the number of secrets in the vault.
#
# For each size (default 1,000 / 10,000 / 100,000 secrets) it builds a vault by importing a
# generated .env file (one transaction; its wall time is reported), then times with hyperfine,
# each as a whole `locket` process with the key in LOCKET_VAULT_KEY:
#   get            locket get NAME                      (a name in the middle of the vault)
#   set (update)   locket set EXISTING --from-file F    (overwrites an existing secret)
#   set (new)      locket set NEW --from-file F         (--prepare removes NEW before each run)
#   list           locket list            > /dev/null
#   list --json    locket --json list     > /dev/null
# and, at the largest size only, `printf v | locket set EXISTING` under bash, to show what
# piping the value through a shell adds.
#
# Writes use synchronous=FULL (an fsync of the WAL per commit), so `set` includes a real
# fsync on whatever disk holds $TMPDIR.
#
# Targets (docs/BENCHMARKS.md): at 100,000 secrets get and set < 10 ms, list < 1 s.
#
# Usage: scripts/bench/scale.sh
# Env:   SIZES="1000 10000 100000", RUNS=100 (get/set), WARMUP=10, LIST_RUNS=10,
#        BENCH_OUT=DIR to keep the hyperfine JSON files.
# Everything is created in a mktemp directory and removed on exit. Nothing touches the network.
set -euo pipefail

SIZES="${SIZES:-1000 10000 100000}"
RUNS="${RUNS:-100}"
WARMUP="${WARMUP:-10}"
LIST_RUNS="${LIST_RUNS:-10}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# --- tools -------------------------------------------------------------------------------
source "$ROOT/scripts/bench/common.sh"
ensure_tool hyperfine hyperfine
ensure_tool python3 python3

# --- scratch space -----------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/locket-bench-scale.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
LOCKET="$TMP/locket"
build_locket "$ROOT" "$LOCKET"
export LOCKET_NO_PROMPT=1
VALUE_FILE="$TMP/value.txt"
printf 'sk_live_%s' "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$VALUE_FILE"

# --- machine -----------------------------------------------------------------------------
print_machine "$ROOT" \
    "disk:     $(df -PT "$TMP" | awk 'NR==2 {print $1" ("$2")"}') holds $TMP" \
    "tools:    $(hyperfine --version)"

now_ns() { date +%s%N; }
LARGEST="$(printf '%s\n' $SIZES | sort -n | tail -1)"
IMPORTS="$TMP/imports.tsv"
: >"$IMPORTS"

for N in $SIZES; do
    VAULT="$TMP/vault-$N"
    ENV_FILE="$TMP/secrets-$N.env"
    echo
    echo "================ $N secrets ================"
    LOCKET_VAULT_KEY="$("$LOCKET" --vault-dir "$VAULT" init --no-keyring 2>/dev/null)"
    export LOCKET_VAULT_KEY

    # SECRET_0000001 .. SECRET_N, each a 40-character random value.
    python3 - "$N" "$ENV_FILE" <<'PY'
import secrets, sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    for i in range(1, n + 1):
        f.write(f"SECRET_{i:07d}={secrets.token_hex(20)}\n")
PY
    t0="$(now_ns)"
    "$LOCKET" --vault-dir "$VAULT" import "$ENV_FILE" >/dev/null 2>&1
    t1="$(now_ns)"
    import_ms="$(( (t1 - t0) / 1000000 ))"
    count="$("$LOCKET" --vault-dir "$VAULT" --json list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
    [ "$count" -eq "$N" ] || { echo "import produced $count secrets, expected $N" >&2; exit 1; }
    db_bytes="$(stat -c %s "$VAULT/vault.db")"
    echo "import of $N secrets: ${import_ms} ms (one run), vault.db $db_bytes bytes"
    printf '%s\t%s\t%s\n' "$N" "$import_ms" "$db_bytes" >>"$IMPORTS"

    GET_NAME="$(printf 'SECRET_%07d' $(( N / 2 )))"
    UPD_NAME="$(printf 'SECRET_%07d' $(( N / 3 )))"
    NEW_NAME="BENCH_NEW"
    # The prepare step removes NEW_NAME, so it must exist before the first run.
    "$LOCKET" --vault-dir "$VAULT" set "$NEW_NAME" --from-file "$VALUE_FILE" 2>/dev/null

    L="$LOCKET --vault-dir $VAULT"
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$TMP/getset-$N.json" \
        --prepare "true" --command-name "get" "$L get $GET_NAME" \
        --prepare "true" --command-name "set (update)" "$L set $UPD_NAME --from-file $VALUE_FILE" \
        --prepare "$L rm $NEW_NAME" --command-name "set (new)" "$L set $NEW_NAME --from-file $VALUE_FILE"

    hyperfine -N --warmup 2 --runs "$LIST_RUNS" --export-json "$TMP/list-$N.json" \
        --command-name "list" "$L list" \
        --command-name "list --json" "$L --json list"

    if [ "$N" = "$LARGEST" ]; then
        hyperfine --shell=bash --warmup "$WARMUP" --runs "$RUNS" --export-json "$TMP/pipe-$N.json" \
            --command-name "set (update, piped via bash)" \
            "printf 'sk_live_piped' | $L set $UPD_NAME"
    fi
done
echo
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, after)"

if [ -n "${BENCH_OUT:-}" ]; then
    mkdir -p "$BENCH_OUT"
    cp "$TMP"/*.json "$IMPORTS" "$BENCH_OUT/"
fi

python3 - "$TMP" "$SIZES" <<'PY'
import json, os, sys
tmp, sizes = sys.argv[1], [int(s) for s in sys.argv[2].split()]
ms = lambda s: s * 1000.0
table = {}  # (op, n) -> result
for n in sizes:
    for kind in ("getset", "list", "pipe"):
        p = os.path.join(tmp, f"{kind}-{n}.json")
        if os.path.exists(p):
            for r in json.load(open(p))["results"]:
                table[(r["command"], n)] = r
imports = {}
for line in open(os.path.join(tmp, "imports.tsv")):
    n, t, b = line.split()
    imports[int(n)] = (int(t), int(b))

print()
print("== import (one run each; builds the vault)")
print(f"{'secrets':>9}{'wall ms':>10}{'secrets/s':>12}{'vault.db MB':>13}")
for n in sizes:
    t, b = imports[n]
    print(f"{n:>9}{t:>10}{n / (t / 1000.0):>12.0f}{b / 1e6:>13.1f}")

print()
print("== per-command wall time in ms: median (min / max, stddev)")
ops = []
for (op, _n) in table:
    if op not in ops:
        ops.append(op)
for op in ops:
    for n in sizes:
        r = table.get((op, n))
        if r:
            print(f"{op:<30}{n:>8}  median {ms(r['median']):9.3f}  (min {ms(r['min']):8.3f} / max {ms(r['max']):9.3f}, "
                  f"sd {ms(r['stddev']):7.3f}; user {ms(r['user']):8.3f}, sys {ms(r['system']):7.3f}; {len(r['times'])} runs)")

lo, hi = min(sizes), max(sizes)
print()
print(f"== growth: median at {hi} / median at {lo}  (x{hi // lo} secrets)")
for op in ops:
    a, b = table.get((op, lo)), table.get((op, hi))
    if a and b:
        print(f"{op:<30}{b['median'] / a['median']:7.2f}x")

print()
print(f"== targets at {hi} secrets")
def check(op, limit_ms):
    r = table.get((op, hi))
    if r:
        m = ms(r["median"])
        print(f"{op:<30} median {m:9.3f} ms   target < {limit_ms:g} ms: {'MET' if m < limit_ms else 'MISSED'}")
check("get", 10)
check("set (update)", 10)
check("set (new)", 10)
check("list", 1000)
check("list --json", 1000)
PY
