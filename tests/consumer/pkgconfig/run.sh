#!/bin/sh
# Builds and runs the consumer with flags from the staged prspread.pc.
set -eu
stage="$1"; work="$2"; cc="$3"
here=$(cd "$(dirname "$0")" && pwd)
pc=$(find "$stage" -name prspread.pc | head -n 1)
[ -n "$pc" ] || { echo "prspread.pc not installed under $stage"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
flags=$(pkg-config --define-variable=prefix="$stage" --cflags --libs prspread)
libdir=$(pkg-config --define-variable=prefix="$stage" --variable=libdir prspread)
mkdir -p "$work"
"$cc" -std=c99 -Wall -Werror "$here/../consumer.c" $flags -o "$work/consumer"
LD_LIBRARY_PATH="$libdir" "$work/consumer"
