#!/usr/bin/env bash
# `locket ui` with 10,000 secrets: time to first byte and to the last byte of the secrets page
# (first page of 50, sorted by name; then sorted by update time, newest first, with a search),
# measured with curl against the running server, 20 requests each.
# Usage: scripts/bench/ui.sh [LOCKET_BINARY]   (default: a release build, as the other benches)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$ROOT/scripts/bench/common.sh"
ensure_tool curl curl
WORK="$(mktemp -d)"
trap 'kill "${UI_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
if [ $# -ge 1 ]; then cp "$1" "$WORK/locket"; else build_locket "$ROOT" "$WORK/locket"; fi
L="$WORK/locket"
N=10000
print_machine "$ROOT" "binary:   $1"

export LOCKET_HOME="$WORK/vault" LOCKET_NO_PROMPT=1
export LOCKET_VAULT_KEY="$("$L" init --no-keyring 2>/dev/null)"
for i in $(seq 1 "$N"); do printf 'SECRET_%05d=value-%d\n' "$i" "$i"; done >"$WORK/all.env"
"$L" import "$WORK/all.env" 2>/dev/null
echo "secrets:  $("$L" --json list | grep -c '"name"')"

"$L" ui --no-open >"$WORK/url" 2>"$WORK/log" &
UI_PID=$!
until [ -s "$WORK/url" ]; do read -r -t 0.05 <> <(:) || true; done
URL="$(head -1 "$WORK/url")"
BASE="${URL%%/login*}"
curl -s -o /dev/null -c "$WORK/jar" "$URL"

measure() {
    local path="$1" ttfb=() total=()
    for _ in $(seq 1 20); do
        read -r a b < <(curl -s -o "$WORK/page" -b "$WORK/jar" -w '%{time_starttransfer} %{time_total}\n' "$BASE$path")
        ttfb+=("$a"); total+=("$b")
    done
    grep -q 'SECRET_' "$WORK/page" || { echo "error: $path did not return the table" >&2; exit 1; }
    printf '%-45s first byte median %s ms, last byte median %s ms (%s bytes)\n' "$path" \
        "$(printf '%s\n' "${ttfb[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}')" \
        "$(printf '%s\n' "${total[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}')" \
        "$(wc -c <"$WORK/page")"
}
echo "== GET the secrets page, $N secrets (median of 20)"
measure "/secrets"
measure "/secrets?sort=updated&dir=desc&q=SECRET_0&page=3"
measure "/secrets?sort=domains&state=enabled&link=local&page=200"
