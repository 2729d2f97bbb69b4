#!/bin/sh
# train --save writes a checkpoint that `attention` (and pr_sft_load) reads;
# --save-optimizer without --save is refused.
#   train_save_attention.sh PRSPREAD TMPDIR CORPUS
set -eu
cli="$1"; tmp="$2/train_save"; text="$3"
# Its own folder: cli_argument_errors runs beside it and writes $2/err.txt too.
mkdir -p "$tmp"
ckpt="$tmp/train_save.safetensors"
rm -f "$ckpt"
model="--d-model 32 --layers 2 --heads 2 --context 32 --batch 4"
"$cli" train --text "$text" $model --steps 3 --eval-every 0 --save "$ckpt" --save-optimizer --json -q > "$tmp/train.json"
grep -q "\"checkpoint\": \"$ckpt\"" "$tmp/train.json" || { echo "train --json does not name the checkpoint"; exit 1; }
[ -s "$ckpt" ] || { echo "no checkpoint written"; exit 1; }
grep -q "optim.exp_avg" "$ckpt" || { echo "--save-optimizer did not store the AdamW moments"; exit 1; }
"$cli" attention "$ckpt" --text "$text" --heads 2 --null-draws 4 --json > "$tmp/attention.json"
/usr/bin/python3 - "$tmp/attention.json" <<'PY'
import json, math, sys
rows = json.load(open(sys.argv[1]))
assert {r["layer"] for r in rows} == {0, 1}, rows
for r in rows:
    assert 0.0 <= r["symmetry"] <= 1.0 + 1e-9, r
    assert math.isfinite(r["antisym_pr"]) and r["antisym_pr"] >= 1.0 - 1e-9, r
    g = r["geometry"]
    assert abs(g["symmetry"]["value"] - r["symmetry"]) < 1e-9, r  # factor traces = the dense W
    assert -1.0 - 1e-9 <= g["directionality"]["value"] <= 1.0 + 1e-9, r
    assert g["symmetry"]["null_std"] > 0 and abs(g["sym_energy"] + g["antisym_energy"] - g["energy"]) <= 1e-9 * g["energy"], r
PY
# The same checkpoint as reproduce's reference: Tables 1, 3, 4 on it, Table 2 skipped.
"$cli" reproduce --text "$text" --reference "$ckpt" --seeds 2 --max-power 2 --json -q > "$tmp/reproduce.json"
/usr/bin/python3 - "$tmp/reproduce.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
c = s["config"]
assert c["reference"].startswith("prspread checkpoint") and c["n_layer"] == 2 and c["d_model"] == 32, c
assert c["loss_skipped"] and not s["loss"]["done"], c
assert s["pr_table"]["done"] and "prspread checkpoint" in s["pr_table"]["embeddings"], s["pr_table"]
assert s["attention"]["done"] and len(s["attention"]["layers"]) == 2, s["attention"]
PY
if "$cli" train --text "$text" $model --steps 1 --save-optimizer > "$tmp/err.txt" 2>&1; then
  echo "--save-optimizer without --save was accepted"; exit 1
fi
echo ok
