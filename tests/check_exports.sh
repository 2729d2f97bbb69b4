#!/bin/sh
# Fails if the shared library exports any dynamic symbol not named pr_*.
set -eu
lib="$1"
bad=$(nm -D --defined-only "$lib" | awk '{print $NF}' | grep -v '^pr_' || true)
count=$(nm -D --defined-only "$lib" | awk '{print $NF}' | grep -c '^pr_' || true)
if [ -n "$bad" ]; then
  echo "symbols other than pr_* are exported from $lib:"; echo "$bad"; exit 1
fi
[ "$count" -gt 0 ] || { echo "no pr_* symbols exported from $lib"; exit 1; }
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
case "$soname" in libprspread.so.[0-9]*) ;; *) echo "unexpected SONAME '$soname'"; exit 1;; esac
echo "ok: $count pr_* symbols, nothing else; SONAME $soname"
