#!/bin/sh
# ThreadSanitizer run: the threaded kernels (counting, projection, PPMI-SVD,
# training, tokenizer encode) on several OpenMP threads and concurrent use
# from several pthreads (tests/tsan/test_threads.cpp).
#   scripts/tsan.sh [BUILD_DIR]      (default build-tsan)
# libgomp is not TSan-aware (its barriers are invisible to TSan and every
# OpenMP region would report races), so this build uses clang-14 with LLVM's
# libomp and loads libarcher, the OpenMP tool that annotates libomp's
# synchronisation for TSan.  Any TSan report fails the run (exit 66).
# STATUS (2026-12-02): written, but the TSan build was never built or run
# (no CPU left on the shared machine); test_threads itself passes in the
# ordinary gcc/libgomp build (3.5 s).  Not in .ci/run.
set -eu
cd "$(dirname "$0")/.."
b="${1:-build-tsan}"
llvm=/usr/lib/llvm-14/lib
[ -e "$llvm/libarcher.so" ] || { echo "tsan.sh: $llvm/libarcher.so missing (apt-get install libomp-14-dev)"; exit 1; }
cmake -S . -B "$b" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DPRSPREAD_TSAN=ON -DPRSPREAD_ISA=avx2 -DBUILD_TESTING=OFF -DPRSPREAD_WITH_MPI=OFF \
  -DPRSPREAD_BUILD_BENCH=OFF -DPRSPREAD_BUILD_EXAMPLES=OFF \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 -DCMAKE_C_FLAGS_RELEASE=-O1 \
  ${PRSPREAD_CMAKE_ARGS:-} > "$b.configure.log" 2>&1 || { cat "$b.configure.log"; exit 1; }
cmake --build "$b" -j"$(nproc)" --target test_threads
# The binary must use libomp (a libgomp build would give reports TSan cannot explain).
ldd "$b/tests/tsan/test_threads" | grep -q 'libomp\.so' \
  || { echo "tsan.sh: test_threads is not linked with libomp"; ldd "$b/tests/tsan/test_threads"; exit 1; }
mkdir -p "$b/tmp"
export OMP_TOOL_LIBRARIES="$llvm/libarcher.so" OMP_WAIT_POLICY=passive
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 exitcode=66 second_deadlock_stack=1}"
export LD_LIBRARY_PATH="$llvm${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec "$b/tests/tsan/test_threads" "$b/tmp"
