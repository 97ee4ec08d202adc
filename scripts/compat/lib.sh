# Sourced by newman.sh and scripts.sh: newman installed once (into NEWMAN_DIR, never into the
# repository), locket built once (unless LOCKET names a binary), and the recording echo server.
# Needs ROOT, HERE and WORK set by the caller; the caller's EXIT trap calls compat_stop_recorder.

NEWMAN_VERSION="6.2.2"
SERVER_PID=""
# The interpreter itself, not a version manager's shim (pyenv's costs ~0.3 s a call).
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"

compat_newman() {
    NEWMAN_DIR="${NEWMAN_DIR:-$WORK/newman}"
    NEWMAN="$NEWMAN_DIR/node_modules/.bin/newman"
    if [ ! -x "$NEWMAN" ]; then
        echo "compat: npm install --prefix $NEWMAN_DIR newman@$NEWMAN_VERSION" >&2
        mkdir -p "$NEWMAN_DIR"
        npm install --prefix "$NEWMAN_DIR" --no-audit --no-fund --loglevel=error "newman@$NEWMAN_VERSION" >/dev/null
    fi
    export NEWMAN_DIR
}

compat_locket() {
    if [ -z "${LOCKET:-}" ]; then
        (cd "$ROOT" && cargo build -q -p locket-cli)
        LOCKET="${CARGO_TARGET_DIR:-$ROOT/target}/debug/locket"
    fi
    export LOCKET
}

# Starts the recorder logging to $LOG (extra arguments go to recorder.py); sets PORT and ORIGIN.
compat_start_recorder() {
    LOG="$WORK/requests.jsonl"
    : >"$LOG"
    rm -f "$WORK/port"
    "$PYTHON" "$HERE/recorder.py" "$LOG" "$WORK/port" "$@" &
    SERVER_PID=$!
    for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
    PORT="$(cat "$WORK/port")"
    ORIGIN="http://127.0.0.1:$PORT"
}

compat_stop_recorder() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
