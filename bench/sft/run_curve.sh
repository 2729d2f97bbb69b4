#!/bin/sh
# Side-by-side learning curve, the recipe: pr_sft (bench_sft_train)
# and PyTorch (torch_train.py) on tinyshakespeare bytes, validation loss every
# 100 steps over 20 fixed validation batches (each side draws its own).
# usage: bench/sft/run_curve.sh BUILD_DIR [CORPUS] > curve.csv
set -e
BUILD=${1:?build dir}
CORPUS=${2:-/work/shared/corpora/tinyshakespeare.txt}
HERE=$(dirname "$0")
export OPENBLAS_CORETYPE=SkylakeX   # PyTorch's best OpenBLAS kernels on this CPU
echo "# OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE" >&2
OURS=$(mktemp); REF=$(mktemp)
"$BUILD/bench/bench_sft_train" "$CORPUS" steps=600 eval_interval=100 eval_batches=20 > "$OURS"
/usr/bin/python3 "$HERE/torch_train.py" "$CORPUS" steps=600 > "$REF"
tail -n +2 "$REF" | cut -d, -f2 > "$REF.col"
echo "step,val_loss_pr_sft,val_loss_pytorch"
awk -F, 'NR>1 && $6!="" {print $1","$6}' "$OURS" | paste -d, - "$REF.col"
rm -f "$OURS" "$REF" "$REF.col"
