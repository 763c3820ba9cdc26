#!/usr/bin/env bash
# Runs a test phase with a time limit: `watchdog.sh SECONDS command…`. A phase still running at its
# limit is a hang (a phase takes minutes, CI allows 90): its test processes' thread stacks are
# printed (gdb, when installed) and it is ended with a non-zero status, so CI says what hung
# instead of running out of time silently. Output is line-buffered so that what a hung run printed
# last is not lost in a pipe's buffer.
# SMARTDESK_WATCHDOG_DEADLINE (epoch seconds; scripts/if-time-allows.sh sets it) shortens the limit
# so that the phase ends by then.
set -uo pipefail
limit=$1; shift
if [ -n "${SMARTDESK_WATCHDOG_DEADLINE:-}" ]; then
    left=$(( SMARTDESK_WATCHDOG_DEADLINE - $(date +%s) ))
    [ "$left" -lt "$limit" ] && limit=$(( left > 5 ? left : 5 ))
fi
setsid -w stdbuf -oL -eL "$@" &
pid=$!
(
    waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$limit" ]; do sleep 5; waited=$((waited + 5)); done
    kill -0 "$pid" 2>/dev/null || exit 0
    echo "watchdog: '$*' still running after ${limit} s; the test processes' threads:" >&2
    for p in $(pgrep -s "$pid"); do
        case "$(readlink "/proc/$p/exe" 2>/dev/null)" in
            *.xctest|*PackageTests*|*swiftpm-testing-helper)
                if command -v gdb >/dev/null; then
                    timeout 120 gdb -p "$p" -batch -ex "thread apply all bt 30" 2>/dev/null | grep -E "^Thread|^#" >&2
                fi ;;
        esac
    done
    # The whole session: `swift test` runs the test binary in a process group of its own.
    if command -v pkill >/dev/null; then
        pkill -TERM -s "$pid"; sleep 5; pkill -KILL -s "$pid"
    else
        kill -TERM -- "-$pid"; sleep 5; kill -KILL -- "-$pid"
    fi 2>/dev/null
) &
watcher=$!
wait "$pid"; status=$?
kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null
exit "$status"
