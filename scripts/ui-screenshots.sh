#!/usr/bin/env bash
# Re-takes the screenshots of `locket ui` shown in the README (docs/ui/*.png): the browser
# tests save each page they visit when LOCKET_UI_SCREENSHOTS names a directory.
set -euo pipefail
cd "$(dirname "$0")/.."
export LOCKET_REQUIRE_BROWSER=1
LOCKET_UI_SCREENSHOTS="$PWD/docs/ui" cargo test -p locket-cli --test ui_browser -- --test-threads=1
ls -l docs/ui/*.png
