#!/bin/sh
# Builds prspread and runs every test (C++, C, packaging, bindings, end-to-end).
#   scripts/test.sh [build-dir] [extra cmake args...]
set -eu
cd "$(dirname "$0")/.."
build="${1:-build}"
[ $# -gt 0 ] && shift
# A unity build (CMake's batches of 8 sources) compiles Eigen's and the
# standard headers once per batch: about a quarter less time from scratch.
# Pass -DCMAKE_UNITY_BUILD=OFF for file-by-file rebuilds while editing.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" -DCMAKE_UNITY_BUILD=ON "$@"
cmake --build "$build" -j"$(nproc)"
# ctest runs two tests at once, each with OpenMP threads: passive waiting keeps
# oversubscribed OpenMP threads from spinning against each other.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure --timeout 1500
