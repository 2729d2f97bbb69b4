#!/bin/sh
# Bad tokenizer files and arguments: one line on stderr naming the file or
# argument, a non-zero exit, never a crash.
#   cli_errors.sh PRSPREAD_CLI WORK_DIR
set -u
cli=$1 work=$2
mkdir -p "$work/gpt2"
printf 'hello\n' > "$work/in.txt"
fails=0
expect() {  # needle command...
  needle=$1; shift
  "$@" > /dev/null 2> "$work/err"
  rc=$?
  lines=$(wc -l < "$work/err")
  if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ "$lines" -eq 1 ] && grep -qF -- "$needle" "$work/err"; then
    echo "ok: $(cat "$work/err")"
  else
    echo "FAILED (rc $rc, $lines lines, want '$needle'): $*"; cat "$work/err"; fails=1
  fi
}
printf '{"!": 0, "\\"": 1, "#' > "$work/gpt2/encoder.json"
printf '#version: 0.2\n' > "$work/gpt2/vocab.bpe"
expect "encoder.json '$work/gpt2/encoder.json' is not valid JSON" \
  "$cli" tokenize "$work/in.txt" -o "$work/o.bin" --tokenizer "gpt2:$work/gpt2"
printf '{"model": {"type": "WordPiece", "vocab": {}}}' > "$work/wp.json"
expect "model type 'WordPiece' is not supported" \
  "$cli" tokenize "$work/in.txt" -o "$work/o.bin" --tokenizer "hf:$work/wp.json"
printf '{"model": {"type": "BPE", "vocab": {}, "merges": []}, "pre_tokenizer": {"type": "Metaspace"}}' > "$work/ms.json"
expect "pre_tokenizer 'Metaspace' is not supported" \
  "$cli" count "$work/in.txt" -o "$work/o.prc" --tokenizer "hf:$work/ms.json" -q
expect "cannot open '$work/none/encoder.json'" \
  "$cli" tokenize "$work/in.txt" -o "$work/o.bin" --tokenizer "gpt2:$work/none"
expect "--tokenizer 'sentencepiece:x'" "$cli" count "$work/in.txt" -o "$work/o.prc" --tokenizer sentencepiece:x -q
expect "words:N needs N" "$cli" count "$work/in.txt" -o "$work/o.prc" --tokenizer words:0 -q
exit $fails
