#!/bin/sh
# Learning parity of precision bf16 against fp32 on the issue's recipe
# (tinyshakespeare bytes, 4L-4H-d128, T128, B16, 600 steps), 3 seeds: the
# same bench_sft_train run with bf16=0 and bf16=1, seed = data_seed = S.
# Validation loss every 100 steps over 20 fixed validation batches.
# usage: bench/sft/bf16_parity.sh BUILD_DIR [CORPUS] > bf16_parity.csv
# The last lines (#) give the mean final validation loss of each and the
# difference; the issue's goal is |bf16 - fp32| <= 0.02.
set -e
BUILD=${1:?build dir}
CORPUS=${2:-/work/shared/corpora/tinyshakespeare.txt}
echo "# $(date -u +%FT%TZ) load: $(uptime | sed 's/.*load average: //')" >&2
TMP=$(mktemp -d)
echo "seed,step,val_loss_fp32,val_loss_bf16"
for S in 1 2 3; do
  for P in 0 1; do
    OMP_WAIT_POLICY=passive "$BUILD/bench/bench_sft_train" "$CORPUS" steps=600 eval_interval=100 eval_batches=20 \
      seed=$S data_seed=$S threads=2 bf16=$P | awk -F, 'NR>1 && $6!="" {print $1","$6}' > "$TMP/$S.$P"
  done
  paste -d, "$TMP/$S.0" "$TMP/$S.1" | awk -F, -v s=$S '{print s","$1","$2","$4}'
done | tee "$TMP/all"
awk -F, '$2==600 {f+=$3; b+=$4; n++} END {printf "# final (step 600) mean over %d seeds: fp32 %.4f, bf16 %.4f, bf16 - fp32 = %+.4f\n", n, f/n, b/n, b/n-f/n}' "$TMP/all"
echo "# load after: $(uptime | sed 's/.*load average: //')" >&2
rm -rf "$TMP"
