#!/bin/sh
# Runs one libFuzzer target of tests/fuzz for a fixed time.
#   scripts/fuzz.sh TARGET SECONDS [BUILD_DIR]    e.g. scripts/fuzz.sh fuzz_npy_tokens 60
#   scripts/fuzz.sh --runs N TARGET [BUILD_DIR]   exactly N executions, seed FUZZ_SEED (default 1),
#                                                 from the committed inputs only (CI: deterministic)
#   scripts/fuzz.sh --all-runs N [BUILD_DIR]      build, then --runs N for every target in turn,
#                                                 stopping at the first failure (the intended CI stage)
#   scripts/fuzz.sh --ci [BUILD_DIR]              build, then every target for its count in
#                                                 tests/fuzz/ci-runs, two at a time (CI's fuzz stage)
#   scripts/fuzz.sh --build [BUILD_DIR]           configure + build every target (clang-14)
#   scripts/fuzz.sh --seeds [BUILD_DIR]           rewrite the committed seed corpora
#   scripts/fuzz.sh --list                        the target names
# The committed seeds (tests/fuzz/corpus/TARGET) and the regression inputs
# (tests/fuzz/regressions/TARGET) are read first; new interesting inputs go to
# BUILD_DIR/fuzz-corpus/TARGET (kept between runs, never committed).  Exit
# status is libFuzzer's: non-zero on any crash, leak, timeout, OOM or
# sanitizer report, with the reproducer saved in BUILD_DIR/fuzz-artifacts/.
# FUZZ_SEED=N fixes libFuzzer's mutation sequence (CI uses 1; default 0 =
# random).  One process, in-process fuzzing (no -jobs/-workers forks): the machine is shared.
set -eu
cd "$(dirname "$0")/.."
targets="fuzz_corpus_load fuzz_vocab_load fuzz_token_file fuzz_npy_tokens fuzz_npy_embeddings fuzz_safetensors fuzz_sft_load fuzz_text_encode fuzz_tokenizer_load fuzz_gpt2_import"

build_fuzzers() {
  b="$1"
  cmake -S . -B "$b" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DPRSPREAD_FUZZ=ON -DPRSPREAD_ISA=avx2 -DBUILD_TESTING=OFF -DCMAKE_UNITY_BUILD=ON \
    -DPRSPREAD_BUILD_BENCH=OFF -DPRSPREAD_BUILD_EXAMPLES=OFF \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 -DCMAKE_C_FLAGS_RELEASE=-O1 \
    ${PRSPREAD_CMAKE_ARGS:-} > "$b.configure.log" 2>&1 || { cat "$b.configure.log"; exit 1; }
  cmake --build "$b" -j"$(nproc)" --target fuzzers fuzz_make_seeds
}

case "${1:-}" in
  --list) echo "$targets" | tr ' ' '\n'; exit 0 ;;
  --build) build_fuzzers "${2:-build-fuzz}"; exit 0 ;;
  --all-runs)
    runs="${2:?usage: scripts/fuzz.sh --all-runs N [BUILD_DIR]}"
    b="${3:-build-fuzz}"
    build_fuzzers "$b"
    for t in $targets; do
      log="$b/fuzz-ci/$t.log"
      mkdir -p "$b/fuzz-ci"
      "$0" --runs "$runs" "$t" "$b" > "$log" 2>&1 || { tail -60 "$log"; echo "fuzz target $t FAILED (log $log)"; exit 1; }
      echo "$t: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$') executions," \
           "$(grep -o 'ft: [0-9]*' "$log" | tail -1)"
    done
    exit 0 ;;
  --ci)
    b="${2:-build-fuzz}"
    build_fuzzers "$b"
    mkdir -p "$b/fuzz-ci"
    rm -f "$b/fuzz-ci/"*.failed
    # Two targets at a time (2 cores); every target runs even if one fails,
    # so one run reports each broken target (with its log's tail).
    grep -v '^#' tests/fuzz/ci-runs | grep . | xargs -P2 -n2 "$0" --ci-one "$b" || true
    failed=0
    for t in $targets; do
      grep -q "^$t " tests/fuzz/ci-runs || { echo "fuzz target $t has no count in tests/fuzz/ci-runs"; failed=1; continue; }
      log="$b/fuzz-ci/$t.log"
      echo "$t: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$') executions," \
           "$(grep -o 'ft: [0-9]*' "$log" | tail -1)"
      if [ -e "$b/fuzz-ci/$t.failed" ]; then tail -60 "$log"; echo "fuzz target $t FAILED (log $log)"; failed=1; fi
    done
    exit $failed ;;
  --ci-one)  # BUILD_DIR TARGET COUNT: one target of --ci
    mkdir -p "$2/fuzz-ci"
    "$0" --runs "$4" "$3" "$2" > "$2/fuzz-ci/$3.log" 2>&1 || touch "$2/fuzz-ci/$3.failed"
    exit 0 ;;
  --seeds)
    b="${2:-build-fuzz}"
    build_fuzzers "$b"
    rm -rf tests/fuzz/corpus
    "$b/tests/fuzz/fuzz_make_seeds" tests/fuzz/corpus
    exit 0 ;;
  --runs)
    # A fixed count and seed instead of a wall-clock time, and a fresh output
    # corpus instead of the grown one, so the run is the same sequence of
    # inputs on every machine however loaded: CI cannot pass or fail by luck.
    # The per-input timeout is generous for the same reason (it only catches hangs).
    runs="${2:?usage: scripts/fuzz.sh --runs N TARGET [BUILD_DIR]}"
    target="${3:?usage: scripts/fuzz.sh --runs N TARGET [BUILD_DIR]}"
    b="${4:-build-fuzz}"
    work="$b/fuzz-ci/$target"
    rm -rf "$work"
    limit="-runs=$runs"; timeout=60; seed="${FUZZ_SEED:-1}" ;;
  ""|-*) sed -n '2,15p' "$0"; exit 2 ;;
  *)
    target="$1"
    seconds="${2:?usage: scripts/fuzz.sh TARGET SECONDS [BUILD_DIR]}"
    b="${3:-build-fuzz}"
    work="$b/fuzz-corpus/$target"
    limit="-max_total_time=$seconds"; timeout=10; seed="${FUZZ_SEED:-0}" ;;
esac

echo " $targets " | grep -q " $target " || { echo "unknown target '$target' (scripts/fuzz.sh --list)"; exit 2; }
[ -x "$b/tests/fuzz/$target" ] || build_fuzzers "$b"
mkdir -p "$work" "$b/fuzz-artifacts"
regress="tests/fuzz/regressions/$target"
[ -d "$regress" ] || regress=""
# ASan's leak check runs at exit and after each input; UBSan reports abort.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
exec "$b/tests/fuzz/$target" "$limit" \
  -timeout="$timeout" -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
  -seed="$seed" -dict="tests/fuzz/dict/$target.dict" -artifact_prefix="$b/fuzz-artifacts/$target-" \
  "$work" "tests/fuzz/corpus/$target" $regress
