# Shared by the benchmark scripts: `source "$ROOT/scripts/bench/common.sh"`.

# ensure_tool COMMAND APT_PACKAGE: install the package with apt-get when the command is missing.
ensure_tool() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if command -v apt-get >/dev/null 2>&1; then
        local sudo=""
        [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
        echo "installing $2 (for $1) with apt-get" >&2
        $sudo apt-get install -y "$2" >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y "$2" >&2; }
    fi
    command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required (package $2)" >&2; exit 1; }
}

# build_locket ROOT DEST: a release build of locket, copied to DEST so that a concurrent
# `cargo build` cannot swap the binary in the middle of a run.
build_locket() {
    echo "== cargo build --release -p locket-cli" >&2
    (cd "$1" && cargo build --release -p locket-cli >&2)
    cp "${CARGO_TARGET_DIR:-$1/target}/release/locket" "$2"
}

# print_machine ROOT [EXTRA_LINE...]: what the figures were measured on. Extra lines (tools,
# disk) are printed after the common ones.
print_machine() {
    local root="$1"; shift
    echo "== machine"
    echo "date:     $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
    echo "nproc:    $(nproc)"
    echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "kernel:   $(uname -sr)"
    echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before)"
    echo "commit:   $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
    local line
    for line in "$@"; do echo "$line"; done
}

# ensure_newman DIR VERSION: newman VERSION installed under DIR (kept if already there); prints
# the path of its executable.
ensure_newman() {
    local newman="$1/node_modules/.bin/newman"
    if [ ! -x "$newman" ]; then
        echo "== npm install --prefix $1 newman@$2" >&2
        mkdir -p "$1"
        npm install --prefix "$1" --no-audit --no-fund --loglevel=error "newman@$2" >/dev/null
    fi
    echo "$newman"
}

# start_echo_server ROOT TMP: starts scripts/bench/echo-server.js on 127.0.0.1 (a free port) in
# the background, sets SERVER_PID (the caller stops it on exit) and ORIGIN.
start_echo_server() {
    rm -f "$2/port"
    node "$1/scripts/bench/echo-server.js" "$2/port" &
    SERVER_PID=$!
    for _ in $(seq 1 100); do [ -s "$2/port" ] && break; sleep 0.05; done
    [ -s "$2/port" ] || { echo "the echo server did not start" >&2; exit 1; }
    ORIGIN="http://127.0.0.1:$(cat "$2/port")"
}

# time_runs NAME TIMES RESULTS OUT CMD...: runs CMD TIMES times under `/usr/bin/time -v`, its
# output in OUT (the last run's is kept), and appends "NAME wall_seconds max_rss_kb" per run to
# RESULTS. A run that fails stops the script: its figures would mean nothing.
time_runs() {
    local name="$1" times="$2" results="$3" out="$4"; shift 4
    local i
    for i in $(seq 1 "$times"); do
        /usr/bin/time -v -o "$out.time" "$@" >"$out" 2>&1 || {
            echo "$name failed (run $i):" >&2; tail -20 "$out" >&2; exit 1; }
        python3 - "$name" "$out.time" >>"$results" <<'PY'
import re, sys
text = open(sys.argv[2]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)
print(sys.argv[1], secs, rss)
PY
    done
}
