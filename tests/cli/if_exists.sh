#!/bin/sh
# usage: if_exists.sh FILE COMMAND...  Runs COMMAND, or skips (exit 77) when
# FILE (a corpus outside the repository) is absent.
[ -f "$1" ] || { echo "skipped: $1 not found (set PRSPREAD_CORPUS_DIR)"; exit 77; }
shift
exec "$@"
