#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, then starts the demo service in the
# background and drs-inspector connected to it, so there is traffic to watch at once. Closing the
# inspector stops the demo. Without a display, it runs the demo service alone in the foreground.
# Arguments go to drs-demo (see drs-demo --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
build="${QTDRS_BUILD_DIR:-build}"
demo="$build/examples/demo/drs-demo"
inspector="$build/inspector/app/drs-inspector"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run: no display, so only the demo service runs; for drs-inspector too: xvfb-run -a bash scripts/run.sh"
    exec "$demo" "$@"
fi

# The demo prints the URLs it serves once it listens: read them, then connect the inspector.
fifo="$(mktemp -u)"
mkfifo "$fifo"
"$demo" "$@" >"$fifo" &
demo_pid=$!
exec 3<"$fifo"
rm -f "$fifo"
stop_demo() {
    kill "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
}
trap stop_demo EXIT

# It writes all its URLs at once: after the first line, read what is already there.
tcp_url=""
if read -r -t 15 line <&3; then
    while :; do
        echo "$line"
        case "$line" in
            tcp://*) [ -n "$tcp_url" ] || tcp_url="$line" ;;
        esac
        read -r -t 0 <&3 && read -r line <&3 || break
    done
fi
if [ -z "$tcp_url" ]; then
    echo "run: the demo service did not start (see its message above)" >&2
    exit 1
fi
# The demo prints nothing more on stdout; keep its pipe drained all the same.
cat <&3 >/dev/null &

"$inspector" "$tcp_url"
