#!/bin/sh
# Every generated man page exists and renders without a groff warning (what
# lintian's groff-message check runs).
#   man_pages_test.sh MAN_DIR COMMAND...
set -eu
dir="$1"; shift
command -v man > /dev/null || { echo "man not installed: skipped"; exit 77; }
for cmd in "" "$@"; do
  page="$dir/prspread${cmd:+-$cmd}.1"
  [ -s "$page" ] || { echo "missing $page"; exit 1; }
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 > /dev/null)
  [ -z "$warnings" ] || { echo "$page: $warnings"; exit 1; }
  grep -q "^\.SH OPTIONS" "$page" || { echo "$page has no OPTIONS section"; exit 1; }
done
echo ok
