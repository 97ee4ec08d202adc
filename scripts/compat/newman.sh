#!/usr/bin/env bash
# newman compatibility: for each collection in ../shared/compat/collections and each v2.1 twin of
# the repository's Postman v3 fixtures (crates/locket-cli/tests/fixtures/postman-v3; hosts rewritten to
# a local recording echo server), the requests `locket run` sends must equal the requests
# newman sends: method, URL, headers (less user-agent, postman-token, connection, host) and
# body, dynamic values (uuids, timestamps, multipart boundaries) aside.
#
# Then runs the script suite (scripts.sh): assertions, failures and exported variables too.
#
# Skips (exit 0, with a message) when node/npm are absent; skips the reference collections
# when they are absent. newman is installed with `npm install --prefix <scratch dir>`, never
# into the repository.
#
# Usage: scripts/compat/newman.sh
# Env:   COMPAT_DIR (default ../shared/compat next to the repository),
#        NEWMAN_DIR (scratch dir for newman; default a temp dir, removed on exit; set it to
#        keep newman installed between runs), LOCKET (a locket binary; default: cargo build),
#        KEEP=1 keeps the work dir (logs, rewritten collections) and prints where it is.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/compat"
COMPAT_DIR="${COMPAT_DIR:-$ROOT/../shared/compat}"
COLLECTIONS="$COMPAT_DIR/collections"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "compat/newman: skipped: node and npm are not installed" >&2
    exit 0
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/locket-compat.XXXXXX")"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
cleanup() {
    compat_stop_recorder
    if [ "${KEEP:-0}" = 1 ]; then echo "compat/newman: work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

compat_newman
compat_locket
run_script_suite() { "$HERE/scripts.sh"; }
# The repository's own v2.1 twins of its Postman v3 fixtures (tests/postman_v3.rs checks that
# each v3 tree sends what its twin sends; here newman vouches for the twin).
V3_TWINS="$ROOT/crates/locket-cli/tests/fixtures/postman-v3"
if [ ! -d "$COLLECTIONS" ]; then
    echo "compat/newman: reference collections skipped: none at $COLLECTIONS (the v3 fixtures' twins still run)" >&2
fi
compat_start_recorder --echo-only

# Every remote host the collections use becomes the echo server.
rewrite() { "$PYTHON" "$HERE/rewrite.py" "$PORT" "$1" "$2" "${3:-}"; }

# Collections left out, with the reason (none since scripts run: the ones whose URLs and bodies
# pre-request scripts set are compared like the rest).
declare -A SKIP=(
)
# Requests left out of the comparison (an awk regex on the normalized request line :: why).
declare -A EXCLUDE=(
    [newman-echo-v2]="^GET /oauth1 :: its OAuth 1.0 nonce and timestamp are random, so its signature differs on every run, newman against newman too (scripts-suite/auth-signatures compares fixed ones byte for byte)"
)
# Requests removed before both runs (a regex on item names :: why).
declare -A DROP=(
    [newman-whatwg-url]="in path$|^params with & and #$|^path encoding$|^with disable encoding$|^query encoding$ :: URL edge cases locket parses the WHATWG way: 'https:\\\\host' (newman sends the path //get; item '\\\\ in path'), braces inside a variable name that holds & and # (newman splits the query first), a /./ path segment (locket removes it), and protocolProfileBehavior.disableUrlEncoding (not supported: locket always encodes what WHATWG URLs encode)"
)
# Values that are random by design, made equal before the diff (a sed expression).
declare -A SAME=(
    [newman-dynamic-var-replacement]="s/RandomId=[0-9]+/RandomId=<randomInt>/; /content-length/d"
)
# Files that go with a collection but do not share its name.
declare -A ENV_FOR=([newman-disabled-dup]=newman-disabled-and-duplicates)

# The log, normalized; excluded requests (and the lines under them) dropped.
normalize() {
    local exclude="${EXCLUDE[$1]:-}" same="${SAME[$1]:-}"
    "$PYTHON" "$HERE/normalize.py" "$LOG" |
        awk -v pat="${exclude%% :: *}" 'pat != "" && /^[A-Z]/ { skip = ($0 ~ pat) } !skip' |
        sed -E "${same:-s/^//}"
}

mkdir -p "$WORK/in"
for csv in "$COLLECTIONS"/*.csv; do [ -f "$csv" ] || continue; rewrite "$csv" "$WORK/in/$(basename "$csv")"; done
# The upload newman-custom-method.json points to, where its path says.
mkdir -p "$WORK/in/test/integration/custom-http-method"
cp "$COLLECTIONS/newman-upload-file.csv" "$WORK/in/test/integration/custom-http-method/upload-file.csv" 2>/dev/null || true
# The file the v3 fixtures' file and form bodies upload, where their relative `src` says.
cp "$V3_TWINS/upload.txt" "$WORK/in/"
passed=0; failed=0; skipped=0
for file in "$COLLECTIONS"/*.json "$V3_TWINS"/*.postman_collection.json; do
    [ -f "$file" ] || continue
    name="$(basename "$file" .json)"
    case "$name" in *.postman_environment | *.postman_globals | *.postman_data) continue ;; esac
    base="${name%.postman_collection}"
    if [ -n "${EXCLUDE[$base]:-}" ]; then echo "NOTE  $base: left out: ${EXCLUDE[$base]#* :: }"; fi
    if [ -n "${SKIP[$base]:-}" ]; then
        echo "SKIP  $base: ${SKIP[$base]}"
        skipped=$((skipped + 1))
        continue
    fi
    drop="${DROP[$base]:-}"
    if [ -n "$drop" ]; then echo "NOTE  $base: left out: ${drop#* :: }"; fi
    rewrite "$file" "$WORK/in/$base.json" "${drop%% :: *}"
    args=()
    env_base="${ENV_FOR[$base]:-$base}"
    for kind in environment globals; do
        extra="$COLLECTIONS/$env_base.postman_$kind.json"
        if [ -f "$extra" ]; then
            rewrite "$extra" "$WORK/in/$base.$kind.json"
            args+=("--$kind" "$WORK/in/$base.$kind.json")
        fi
    done
    for ext in json csv; do
        if [ -f "$COLLECTIONS/$base.postman_data.$ext" ]; then
            rewrite "$COLLECTIONS/$base.postman_data.$ext" "$WORK/in/$base.data.$ext"
            args+=("--iteration-data" "$WORK/in/$base.data.$ext")
        fi
    done

    : >"$LOG"
    (cd "$WORK/in" && "$NEWMAN" run "$base.json" "${args[@]}" --reporters json \
        --reporter-json-export "$WORK/$base.newman.json" >"$WORK/$base.newman.out" 2>&1) || true
    normalize "$base" >"$WORK/$base.newman.txt"
    : >"$LOG"
    (cd "$WORK/in" && "$LOCKET" --vault-dir "$WORK/no-vault" run "$base.json" "${args[@]}" \
        >"$WORK/$base.locket.out" 2>&1) || true
    normalize "$base" >"$WORK/$base.locket.txt"

    if diff -u "$WORK/$base.newman.txt" "$WORK/$base.locket.txt" >"$WORK/$base.diff"; then
        count="$(grep -c '^[A-Z]' "$WORK/$base.newman.txt" || true)"
        if [ "$count" -eq 0 ]; then
            echo "OK    $base (no request reached the echo server from either; KEEP=1 keeps the outputs)"
        else
            echo "OK    $base ($count requests)"
        fi
        passed=$((passed + 1))
    else
        echo "DIFF  $base"
        head -40 "$WORK/$base.diff" | sed -e 's/^/      /'
        failed=$((failed + 1))
    fi
done
echo "compat/newman: $passed equal, $failed different, $skipped skipped (newman $NEWMAN_VERSION)"
compat_stop_recorder
suite=0
run_script_suite || suite=$?
[ "$failed" -eq 0 ] && [ "$suite" -eq 0 ]
