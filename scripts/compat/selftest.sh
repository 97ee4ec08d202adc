#!/usr/bin/env bash
# Proves that scripts.sh compares for real: with newman itself standing in for locket (its CLI,
# one process per collection, where scripts.sh runs newman's library in one process) every
# collection must be equal; with a stand-in that runs newman with one global variable more,
# every collection must differ.
#
# Usage: scripts/compat/selftest.sh [NAME...]   (default: order-scope script-errors)
# Env:   NEWMAN_DIR (as newman.sh; set it to install newman once)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then names=(order-scope script-errors); fi
STAND_INS="$(mktemp -d "${TMPDIR:-/tmp}/locket-selftest.XXXXXX")"
trap 'rm -rf "$STAND_INS"' EXIT
export NEWMAN_DIR="${NEWMAN_DIR:-$STAND_INS/newman}"

# `locket --vault-dir DIR run COLLECTION FLAGS...` becomes `newman run COLLECTION FLAGS... EXTRA`.
stand_in() {
    cat >"$STAND_INS/$1" <<SCRIPT
#!/usr/bin/env bash
shift 3
exec "$NEWMAN_DIR/node_modules/.bin/newman" run "\$@" $2
SCRIPT
    chmod +x "$STAND_INS/$1"
}
stand_in same ""
stand_in different "--global-var injected=by-the-self-test"

ok=1
if LOCKET="$STAND_INS/same" IGNORE_SKIP=1 "$HERE/scripts.sh" "${names[@]}"; then
    echo "selftest: newman's CLI equals newman's library run: good"
else
    echo "selftest: FAILED: newman standing in for locket differs from newman" >&2; ok=0
fi
out="$(LOCKET="$STAND_INS/different" IGNORE_SKIP=1 "$HERE/scripts.sh" "${names[@]}" || true)"
differ="$(grep -c '^DIFF ' <<<"$out" || true)"
if [ "$differ" -eq "${#names[@]}" ]; then
    echo "selftest: a stand-in with one more global differs on every collection: good"
else
    echo "selftest: FAILED: only $differ of ${#names[@]} collections differ with a changed stand-in" >&2
    echo "$out" >&2; ok=0
fi
[ "$ok" = 1 ]
