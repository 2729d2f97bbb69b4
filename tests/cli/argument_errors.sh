#!/bin/sh
# Every bad invocation must fail with exactly one line on stderr that starts
# with "prspread: error:", a non-zero exit code, and no crash (exit >= 128
# would mean a signal such as SIGABRT or SIGSEGV).
# usage: argument_errors.sh PRSPREAD TMPDIR
set -u
PRSPREAD=$1
TMP=$2
failures=0

expect_error() {
    # $1: substring the message must contain; rest: the arguments
    want=$1; shift
    "$PRSPREAD" "$@" >"$TMP/out.txt" 2>"$TMP/err.txt"
    rc=$?
    lines=$(wc -l <"$TMP/err.txt")
    if [ "$rc" -eq 0 ] || [ "$rc" -ge 128 ]; then
        echo "FAIL: prspread $* -> exit $rc (want 1..127)"; failures=$((failures + 1)); return
    fi
    if [ "$lines" -ne 1 ] || ! grep -q '^prspread: error: ' "$TMP/err.txt"; then
        echo "FAIL: prspread $* -> stderr is not one error line:"; cat "$TMP/err.txt"
        failures=$((failures + 1)); return
    fi
    if ! grep -qi -- "$want" "$TMP/err.txt"; then
        echo "FAIL: prspread $* -> message lacks '$want':"; cat "$TMP/err.txt"
        failures=$((failures + 1)); return
    fi
    echo "ok: prspread $* -> $(cat "$TMP/err.txt")"
}

expect_error "subcommand" 
expect_error "--bogus" version --bogus
expect_error "nosuch" nosuch-command

# Checks added by the subcommands that exist in this build.
for extra in "$(dirname "$0")"/argument_errors_*.sh; do
    [ -f "$extra" ] && . "$extra"
done

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all argument errors handled"
