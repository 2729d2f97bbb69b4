#!/bin/sh
# ThreadSanitizer run: the threaded kernels (counting, projection, PPMI-SVD,
# training, tokenizer encode) on several OpenMP threads and concurrent use
# from several pthreads (tests/tsan/test_threads.cpp).
#   scripts/tsan.sh [BUILD_DIR]      (default build-tsan)
# libgomp is not TSan-aware (its barriers are invisible to TSan and every
# OpenMP region would report races), so this build uses clang-14 with LLVM's
# libomp and loads libarcher, the OpenMP tool that annotates libomp's
# synchronisation for TSan.  Any TSan report fails the run (exit 66).
set -eu
cd "$(dirname "$0")/.."
b="${1:-build-tsan}"
llvm=/usr/lib/llvm-14/lib
[ -e "$llvm/libarcher.so" ] || { echo "tsan.sh: $llvm/libarcher.so missing (apt-get install libomp-14-dev)"; exit 1; }
# File by file, not a unity build like CI's other stages: this build is the
# one that would catch a library source missing an include of its own.
cmake -S . -B "$b" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DPRSPREAD_TSAN=ON -DPRSPREAD_ISA=avx2 -DBUILD_TESTING=OFF -DPRSPREAD_WITH_MPI=OFF \
  -DPRSPREAD_BUILD_BENCH=OFF -DPRSPREAD_BUILD_EXAMPLES=OFF \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 -DCMAKE_C_FLAGS_RELEASE=-O1 \
  ${PRSPREAD_CMAKE_ARGS:-} > "$b.configure.log" 2>&1 || { cat "$b.configure.log"; exit 1; }
cmake --build "$b" -j"$(nproc)" --target test_threads race_control
# The binary must use libomp (a libgomp build would give reports TSan cannot explain).
ldd "$b/tests/tsan/test_threads" | grep -q 'libomp\.so' \
  || { echo "tsan.sh: test_threads is not linked with libomp"; ldd "$b/tests/tsan/test_threads"; exit 1; }
mkdir -p "$b/tmp"
export OMP_TOOL_LIBRARIES="$llvm/libarcher.so" OMP_WAIT_POLICY=passive
# ignore_noninstrumented_modules: libomp itself is not TSan-instrumented, so its
# own lock-free bookkeeping (e.g. initialising a mutex in one worker and taking
# it in another, ordered by libomp's atomics) looks racy; libarcher asks for
# this setting.  Our code is instrumented and still checked in full.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 exitcode=66 second_deadlock_stack=1 ignore_noninstrumented_modules=1}"
export LD_LIBRARY_PATH="$llvm${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# The control must be reported, or this run could not find a race at all.
rc=0; "$b/tests/tsan/race_control" > "$b/race_control.log" 2>&1 || rc=$?
[ "$rc" = 66 ] && grep -q 'WARNING: ThreadSanitizer: data race' "$b/race_control.log" \
  || { echo "tsan.sh: the deliberate race of race_control was not reported (exit $rc)"; cat "$b/race_control.log"; exit 1; }
echo "tsan.sh: positive control reported as expected"
exec "$b/tests/tsan/test_threads" "$b/tmp"
