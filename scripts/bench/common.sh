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
