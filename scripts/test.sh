#!/bin/sh
# Builds prspread and runs every test (C++, C, packaging, bindings, end-to-end).
#   scripts/test.sh [build-dir] [extra cmake args...]
set -eu
cd "$(dirname "$0")/.."
build="${1:-build}"
[ $# -gt 0 ] && shift
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@"
cmake --build "$build" -j"$(nproc)"
# ctest runs two tests at once, each with OpenMP threads: passive waiting keeps
# oversubscribed OpenMP threads from spinning against each other.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure --timeout 1500
