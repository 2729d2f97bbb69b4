#!/bin/sh
# The dispatched library at every instruction-set level this machine has,
# forced in turn with PRSPREAD_ISA_MAX, each level's kernels against the
# references of isa_levels.c and against the portable level's values; an
# unknown cap selects the portable kernels; and, where qemu-x86_64 is
# installed, the same under emulated CPUs: without AVX-512 (Haswell), with
# AVX2 but without BMI2 (so not x86-64-v3), and without AVX (Nehalem).
# CPUID chooses the level, and an instruction the emulated CPU lacks stops
# the run (TCG has no AVX-512 at all, and faults on VEX without AVX).
#   run_levels.sh ISA_LEVELS_BINARY WORKDIR
set -eu
bin=$1
work=$2
mkdir -p "$work"

"$bin" any "$work/unset.txt"
top=$(sed -n 's/^isa //p' "$work/unset.txt")
case $top in
  portable) levels="portable" ;;
  avx2) levels="portable avx2" ;;
  avx512) levels="portable avx2 avx512" ;;
  avx512_bf16) levels="portable avx2 avx512 avx512_bf16" ;;
  *) echo "run_levels: unexpected pr_runtime_isa() '$top'"; exit 1 ;;
esac
echo "run_levels: this machine runs '$top'; forcing: $levels"
for level in $levels; do
  PRSPREAD_ISA_MAX=$level "$bin" "$level" "$work/$level.txt"
  [ "$level" = portable ] || "$bin" --compare "$work/portable.txt" "$work/$level.txt"
done
"$bin" --compare "$work/portable.txt" "$work/unset.txt"
PRSPREAD_ISA_MAX=avx-512 "$bin" portable "$work/unknown.txt"

if command -v qemu-x86_64 > /dev/null 2>&1; then
  # Haswell without BMI2: AVX2 alone is not x86-64-v3, so the baseline copy.
  for cpu in Haswell:avx2 Haswell,-bmi2:portable Nehalem:portable; do
    qemu-x86_64 -cpu "${cpu%%:*}" "$bin" "${cpu#*:}" "$work/qemu-${cpu%%:*}.txt" 2> "$work/qemu.err" ||
      { cat "$work/qemu.err"; echo "run_levels: failed under qemu -cpu ${cpu%%:*}"; exit 1; }
    "$bin" --compare "$work/portable.txt" "$work/qemu-${cpu%%:*}.txt"
  done
else
  echo "run_levels: SKIPPED the emulated CPUs: qemu-x86_64 not installed (Debian package qemu-user)"
fi
echo "run_levels: all levels passed"
