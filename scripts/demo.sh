#!/usr/bin/env bash
# Builds and installs locket (cargo install), then tours its main job in a throwaway vault:
# your real vault (~/.local/share/locket) is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo install --locked --quiet --path crates/locket-cli
export PATH="$HOME/.cargo/bin:$PATH"

tour=$(mktemp -d)
# A local web server for the collection run below (127.0.0.1 only, stopped on exit).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tour" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$tour"' EXIT
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
# A Postman collection with a vault reference and a test script, against a local server: the
# secret may go to 127.0.0.1 only, the script's assertions are checked, everything is masked.
printf '%s' 'demo-api-key-123' | locket set local_key --allow "http://127.0.0.1:$port" >/dev/null
cat >"$tour/demo.postman_collection.json" <<JSON
{"info": {"name": "demo"}, "item": [{"name": "home page",
  "event": [{"listen": "test", "script": {"exec": [
    "pm.test('the server answers 200', () => pm.response.to.have.status(200));",
    "console.log('sent key', pm.request.headers.get('X-Api-Key'));"]}}],
  "request": {"method": "GET", "url": "http://127.0.0.1:$port/",
    "header": [{"key": "X-Api-Key", "value": "{{vault:local_key}}"}]}}]}
JSON
# Wait (at most 5 s) until the server listens.
python3 - "$port" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.1).close()
        break
    except OSError:
        time.sleep(0.05)
PY
run locket run "$tour/demo.postman_collection.json"
LOCKET_EXPORT_PASSPHRASE='a long demo passphrase' run locket export -o "$tour/backup.age"
run head -c 120 "$tour/backup.age"
printf '\n\nlocket is installed at %s. Create your own vault with: locket init\n' "$(command -v locket)"
