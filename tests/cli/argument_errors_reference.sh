# Sourced by argument_errors.sh: errors of --reference (reproduce, pr-table,
# attention, init) and pr-table --embeddings FILE[:TENSOR].  The files are
# GPT-2-layout checkpoints written by make_reference_files.py (numpy only).
REF="$TMP/reference"
if /usr/bin/python3 "$(dirname "$0")/make_reference_files.py" "$REF"; then
    syn="--synth-vocab 48 --synth-tokens 4000"
    tok="--tokens $REF/tokens48.npy"
    # missing file
    expect_error "--reference '$REF/nope.safetensors': No such file" reproduce -q $syn --reference "$REF/nope.safetensors"
    expect_error "--reference '$REF/nope.safetensors': No such file" pr-table -q $tok --reference "$REF/nope.safetensors"
    # not a checkpoint at all; neither ours nor GPT-2
    expect_error "--reference.*PR_ERR_FORMAT" reproduce -q $syn --reference "$REF/not_safetensors.bin"
    expect_error "neither a prspread checkpoint" attention --reference "$REF/not_gpt2/model.safetensors" $syn
    # wrong layout: c_attn as nn.Linear [3d, d]
    expect_error "--reference.*'h.1.attn.c_attn.weight' has shape \[48, 16\]; expected \[16, 48\] (Conv1D" \
        reproduce -q $syn --reference "$REF/linear_layout/model.safetensors"
    # a tensor missing, config.json disagreeing with the tensors, heads not dividing d
    expect_error "--reference.*'h.1.ln_2.bias' is missing" init $syn --strategy oracle -o "$TMP/x.safetensors" \
        --reference "$REF/missing_tensor/model.safetensors"
    expect_error "--reference.*n_embd = 32 but .* has wte.weight columns 16" \
        pr-table -q $tok --reference "$REF/config_mismatch/model.safetensors"
    expect_error "--reference.*n_head = 5 does not divide n_embd = 16" \
        attention --reference "$REF/heads_not_dividing/model.safetensors" $syn
    # vocabulary mismatch: both sizes named
    expect_error "--reference .* has vocabulary size 48 but the corpus has vocabulary size 64" \
        reproduce -q --synth-vocab 64 --synth-tokens 4000 --reference "$REF/good/model.safetensors"
    expect_error "vocabulary size 48 but the corpus has vocabulary size 64" \
        init --synth-vocab 64 --strategy oracle -o "$TMP/x.safetensors" --reference "$REF/good/model.safetensors"
    # missing head count (no config.json), and one that disagrees with config.json
    expect_error "no head count: give --reference-heads N" reproduce -q $syn --reference "$REF/noconfig/model.safetensors"
    expect_error "--reference-models 3: --reference gives one model" reproduce -q $syn \
        --reference "$REF/noconfig/model.safetensors" --reference-models 3
    expect_error "no head count: give --reference-heads N" attention --reference "$REF/noconfig/model.safetensors" $syn
    expect_error "--reference-heads 2.*'n_head' = 2 but .*config.json' has n_head = 4" \
        reproduce -q $syn --reference "$REF/good/model.safetensors" --reference-heads 2
    expect_error "--reference-heads" reproduce -q $syn --reference "$REF/good/model.safetensors" --reference-heads 0
    # combinations
    expect_error "needs --strategy oracle" init $syn --strategy random -o "$TMP/x.safetensors" --reference "$REF/good/model.safetensors"
    expect_error "do not combine it with --train-steps or --embeddings" pr-table -q $tok --reference "$REF/good/model.safetensors" --embeddings ppmi
    expect_error "give the checkpoint once" attention "$REF/noconfig/model.safetensors" --reference "$REF/good/model.safetensors" $syn
    # pr-table --embeddings FILE[:TENSOR]
    expect_error "--embeddings '$REF/nope.npy': No such file" pr-table -q $tok --embeddings "$REF/nope.npy"
    expect_error "--embeddings '$REF/E_wrong_rows.npy' has 10 rows but the corpus has vocabulary size 48" \
        pr-table -q $tok --embeddings "$REF/E_wrong_rows.npy"
    expect_error "name the tensor of a safetensors file as FILE:TENSOR" pr-table -q $tok --embeddings "$REF/good/model.safetensors"
    expect_error "--embeddings '$REF/good/model.safetensors:nosuch'.*no such tensor" \
        pr-table -q $tok --embeddings "$REF/good/model.safetensors:nosuch"
else
    echo "SKIPPED: /usr/bin/python3 with numpy could not write the --reference test files"
fi
