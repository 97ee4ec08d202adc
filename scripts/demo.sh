#!/usr/bin/env bash
# Builds and installs locket (cargo install), then tours its main job in a throwaway vault:
# your real vault (~/.local/share/locket) is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo install --locked --quiet --path crates/locket-cli
export PATH="$HOME/.cargo/bin:$PATH"

tour=$(mktemp -d)
trap 'rm -rf "$tour"' EXIT
export LOCKET_HOME="$tour/vault"
run() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

run locket init --no-keyring --key-out "$tour/vault.key"
export LOCKET_VAULT_KEY_FILE="$tour/vault.key"
printf '%s' 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' > "$tour/value"
run locket set stripe_key --allow api.stripe.com --from-file "$tour/value"
printf 'GITHUB_TOKEN=ghp_example\nDATABASE_URL=postgres://app:pw@db/app\n' > "$tour/.env"
run locket import "$tour/.env"
run locket list
run locket get stripe_key
run locket disable DATABASE_URL
run locket doctor
LOCKET_EXPORT_PASSPHRASE='a long demo passphrase' run locket export -o "$tour/backup.age"
run head -c 120 "$tour/backup.age"
printf '\n\nlocket is installed at %s. Create your own vault with: locket init\n' "$(command -v locket)"
