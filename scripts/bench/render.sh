#!/usr/bin/env bash
# Benchmark: `locket render` of a 10 MB template holding 10,000 references to 100 distinct
# secrets, against `cat` of the same file, in ONE hyperfine run (output discarded by both).
# Target (docs/BENCHMARKS.md): locket render within 3x of cat, on many lines and on one line.
#
# Usage: scripts/bench/render.sh      Env: RUNS (default 50), WARMUP (default 5)
set -euo pipefail

RUNS="${RUNS:-50}"
WARMUP="${WARMUP:-5}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/bench/common.sh"
ensure_tool hyperfine hyperfine

TMP="$(mktemp -d "${TMPDIR:-/tmp}/locket-bench-render.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
LOCKET="$TMP/locket"
build_locket "$ROOT" "$LOCKET"

export LOCKET_HOME="$TMP/vault" LOCKET_NO_PROMPT=1
export LOCKET_VAULT_KEY="$("$LOCKET" init --no-keyring 2>/dev/null)"
python3 - "$TMP" <<'PY'
import sys
tmp = sys.argv[1]
with open(f"{tmp}/secrets.env", "w") as f:
    for i in range(100):
        f.write(f"secret_{i:03}=sk_live_{i:03}_{'x' * 24}\n")
line_pad = "p" * 960
with open(f"{tmp}/template.txt", "w") as f:
    size, i = 0, 0
    while i < 10_000:
        line = f'{{"auth": "Bearer {{{{vault:secret_{i % 100:03}}}}}", "pad": "{line_pad}"}}\n'
        f.write(line)
        size += len(line)
        i += 1
# The same bytes on one line: reference scanning must not depend on where the newlines are.
with open(f"{tmp}/template.txt") as f, open(f"{tmp}/template-oneline.txt", "w") as g:
    g.write(f.read().replace("\n", " "))
PY
"$LOCKET" import "$TMP/secrets.env" >/dev/null 2>&1
"$LOCKET" render "$TMP/template.txt" | grep -c 'sk_live_' | sed 's/^/lines substituted: /'
ls -l "$TMP/template.txt" | awk '{print "template bytes: " $5}'

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$TMP/render.json" \
    -n cat "cat $TMP/template.txt" \
    -n "locket render" "$LOCKET render $TMP/template.txt" \
    -n "locket render (one line)" "$LOCKET render $TMP/template-oneline.txt"
python3 - "$TMP/render.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
cat, loc = r["cat"]["median"], r["locket render"]["median"]
one = r["locket render (one line)"]["median"]
mb = 10_000 * 1000 / 1e6
print(f"median: cat {cat*1e3:.2f} ms, locket render {loc*1e3:.2f} ms; ratio {loc/cat:.2f}x (target < 3x); "
      f"render throughput ~{mb/loc:.0f} MB/s")
print(f"median: locket render of the same bytes on one line {one*1e3:.2f} ms; ratio {one/cat:.2f}x (target < 3x)")
PY
