#!/usr/bin/env bash
# Rebuilds crates/locket-script/js/vendor (the JavaScript libraries Postman scripts can require)
# from package-lock.json, then smoke-tests the bundles outside Node with smoke.mjs.
#
#   scripts/js/bundle.sh          rebuild the committed bundles, licences and README
#   scripts/js/bundle.sh --check  rebuild into a temporary directory; exit 1 if that differs
#                                 from the committed files (the bundles are what the lockfile gives)
#
# Needs node and npm, and the npm registry for `npm ci`. node_modules lives in a scratch directory
# ($LOCKET_JS_SCRATCH, default $TMPDIR/locket-js-vendor), never in the repository; it is reinstalled
# only when the lockfile changes.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
vendor="$repo/crates/locket-script/js/vendor"
scratch="${LOCKET_JS_SCRATCH:-${TMPDIR:-/tmp}/locket-js-vendor}"

case "${1:-}" in
    '') mode=build ;;
    --check) mode=check ;;
    *) echo "bundle.sh: unknown argument '$1'; use no argument to rebuild or --check to verify" >&2; exit 2 ;;
esac

mkdir -p "$scratch"
cp "$here/package.json" "$here/package-lock.json" "$here/build.mjs" "$here/smoke.mjs" "$here/smoke-cases.mjs" \
    "$here/load-times.mjs" "$scratch/"
rm -rf "$scratch/src"
cp -R "$here/src" "$scratch/src"

installed_lock="$scratch/node_modules/.locket-package-lock.json"
if ! cmp -s "$here/package-lock.json" "$installed_lock"; then
    # --ignore-scripts: no library runs code at install; esbuild finds its binary package without it.
    (cd "$scratch" && npm ci --ignore-scripts --no-audit --no-fund)
    cp "$here/package-lock.json" "$installed_lock"
fi

if [ "$mode" = build ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    node "$scratch/build.mjs" "$out/vendor"
    node "$scratch/smoke.mjs" "$out/vendor"
    rm -rf "$vendor"
    mkdir -p "$(dirname "$vendor")"
    cp -R "$out/vendor" "$vendor"
    echo "bundle.sh: rebuilt $vendor"
else
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    node "$scratch/build.mjs" "$out/vendor" >/dev/null
    if ! diff -r "$vendor" "$out/vendor" >"$out/diff.txt"; then
        echo "bundle.sh --check: $vendor differs from what scripts/js/package-lock.json builds:" >&2
        head -50 "$out/diff.txt" | cut -c1-200 >&2
        echo "bundle.sh --check: run scripts/js/bundle.sh and commit the result" >&2
        exit 1
    fi
    node "$scratch/smoke.mjs" "$vendor"
    echo "bundle.sh --check: the committed bundles are what the lockfile builds"
fi
