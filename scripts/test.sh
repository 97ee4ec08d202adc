#!/usr/bin/env bash
# The test command (README, "Run the tests"): installs what the tests need, then runs
# formatting, lints and every test. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools the tests drive for real:
#   gnome-keyring, dbus, libsecret-tools: a real Secret Service for the OS-keyring tests
#   age: the reference implementation that must open locket's encrypted exports
#   bsdutils: `script`, a pseudo-terminal for the passphrase-prompt tests
need=()
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
command -v dbus-run-session >/dev/null || need+=(dbus)
command -v secret-tool >/dev/null || need+=(libsecret-tools)
command -v age >/dev/null || need+=(age)
command -v script >/dev/null || need+=(bsdutils)
if ((${#need[@]})); then
  echo "installing: ${need[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
