#!/usr/bin/env bash
# Runs an optional test phase only if it fits the run's time: `if-time-allows.sh NEEDED command…`.
# SMARTDESK_TEST_DEADLINE (epoch seconds, set by `make test`) is when the whole run must be done;
# a phase that would need more than the time left (NEEDED seconds, a slow machine's figure) is
# skipped with a line that says so, and one that runs passes the deadline on to its watchdogs
# (scripts/watchdog.sh), so a hang is still reported before CI's own limit ends the run.
# Without a deadline the command just runs.
set -uo pipefail
needed=$1; shift
if [ -n "${SMARTDESK_TEST_DEADLINE:-}" ]; then
    left=$(( SMARTDESK_TEST_DEADLINE - $(date +%s) ))
    if [ "$left" -lt "$needed" ]; then
        echo "skipped (time budget): '$*' needs up to ${needed} s and ${left} s are left of this run" >&2
        exit 0
    fi
    echo "time budget: ${left} s left; '$*' needs up to ${needed} s" >&2
    export SMARTDESK_WATCHDOG_DEADLINE="$SMARTDESK_TEST_DEADLINE"
fi
exec "$@"
