#!/usr/bin/env bash
# Benchmark: `locket get NAME` as a whole process (key from LOCKET_VAULT_KEY), measured in ONE
# hyperfine run next to `cat` of a small file (the floor: fork+exec+read+write) and
# `pass show NAME` (gpg, with a passphrase-less key so no prompt and no agent cache matter).
#
# Target (docs/BENCHMARKS.md): locket get median < 3x the cat median.
#
# Usage: scripts/bench/get.sh
# Env:   RUNS (default 300), WARMUP (default 20),
#        BENCH_OUT=DIR to keep the hyperfine JSON (default: only printed, temp dir removed).
# Everything is created in a mktemp directory and removed on exit. Nothing touches the network.
set -euo pipefail

RUNS="${RUNS:-300}"
WARMUP="${WARMUP:-20}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# --- tools -------------------------------------------------------------------------------
source "$ROOT/scripts/bench/common.sh"
ensure_tool hyperfine hyperfine
ensure_tool gpg gnupg
ensure_tool pass pass
ensure_tool python3 python3

# --- scratch space -----------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/locket-bench-get.XXXXXX")"
export GNUPGHOME="$TMP/gnupg"
cleanup() {
    # Stop only the gpg-agent that serves our temporary GNUPGHOME.
    if [ -d "$GNUPGHOME" ]; then gpgconf --homedir "$GNUPGHOME" --kill all >/dev/null 2>&1 || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

LOCKET="$TMP/locket"
build_locket "$ROOT" "$LOCKET"

NAME="API_TOKEN"
VALUE="sk_test_4eC39HqLyjWDarjtT1zdp7dc"

# --- machine -----------------------------------------------------------------------------
print_machine "$ROOT" \
    "tools:    $(hyperfine --version), $(gpg --version | head -1), pass $(pass version 2>/dev/null | grep -o 'v[0-9.]*' | head -1)"

# --- locket vault ------------------------------------------------------------------------
VAULT="$TMP/vault"
LOCKET_VAULT_KEY="$("$LOCKET" --vault-dir "$VAULT" init --no-keyring 2>/dev/null)"
export LOCKET_VAULT_KEY LOCKET_NO_PROMPT=1
# A few neighbours so the lookup is not into a one-row table.
for i in $(seq -w 1 20); do printf 'v%s' "$i" | "$LOCKET" --vault-dir "$VAULT" set "OTHER_$i" 2>/dev/null; done
printf '%s' "$VALUE" | "$LOCKET" --vault-dir "$VAULT" set "$NAME" 2>/dev/null
[ "$("$LOCKET" --vault-dir "$VAULT" get "$NAME")" = "$VALUE" ] || { echo "locket get returned the wrong value" >&2; exit 1; }

# --- the floor: cat of a small file ------------------------------------------------------
FLOOR="$TMP/small.txt"
printf '%s\n' "$VALUE" >"$FLOOR"

# --- pass with a passphrase-less gpg key -------------------------------------------------
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "locket bench <bench@locket.invalid>" default default never 2>/dev/null
FPR="$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr:/ {print $10; exit}')"
export PASSWORD_STORE_DIR="$TMP/password-store"
pass init "$FPR" >/dev/null 2>&1
for i in $(seq -w 1 20); do printf 'v%s\n' "$i" | pass insert -e "OTHER_$i" >/dev/null 2>&1; done
printf '%s\n' "$VALUE" | pass insert -e "$NAME" >/dev/null 2>&1
[ "$(pass show "$NAME")" = "$VALUE" ] || { echo "pass show returned the wrong value" >&2; exit 1; }

# --- measure -----------------------------------------------------------------------------
JSON="$TMP/get.json"
echo
echo "== hyperfine -N --warmup $WARMUP --runs $RUNS (cat | locket get | pass show)"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$JSON" \
    --command-name "cat (floor)" "cat $FLOOR" \
    --command-name "locket get" "$LOCKET --vault-dir $VAULT get $NAME" \
    --command-name "pass show" "pass show $NAME"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, after)"

if [ -n "${BENCH_OUT:-}" ]; then mkdir -p "$BENCH_OUT" && cp "$JSON" "$BENCH_OUT/get.json"; fi

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
cat, loc, pas = res["cat (floor)"], res["locket get"], res["pass show"]
r_cat = loc["median"] / cat["median"]
r_pass = loc["median"] / pas["median"]
print()
print(f"locket get / cat  (medians): {r_cat:.2f}x   target < 3x: {'MET' if r_cat < 3 else 'MISSED'}")
print(f"locket get / pass (medians): {r_pass:.3f}x  (pass is {1/r_pass:.1f}x slower than locket)")
PY
