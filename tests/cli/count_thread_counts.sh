#!/bin/sh
# prspread count on 1, 2 and 7 threads writes byte-identical corpus files.
#   count_thread_counts.sh PRSPREAD_CLI WORK_DIR
set -eu
cli="$1"
work="$2"
mkdir -p "$work"
# 2.4M u16 tokens (several counting chunks per thread) and their text bytes.
/usr/bin/python3 - "$work" <<'PY'
import random, struct, sys
r = random.Random(7)
ids, prev = [], 0
for _ in range(2400000):
    prev = r.randrange(5000) if r.random() < 0.3 else (prev * 7 + 3) % 5000
    ids.append(prev)
open(sys.argv[1] + "/tokens.u16", "wb").write(struct.pack("<%dH" % len(ids), *ids))
open(sys.argv[1] + "/text.txt", "wb").write(bytes(32 + i % 90 for i in ids))
PY
for t in 1 2 7; do
  "$cli" count --tokens "$work/tokens.u16" --vocab-size 5000 --threads $t -o "$work/tok_$t.prc" -q > /dev/null
  "$cli" count "$work/text.txt" --threads $t -o "$work/text_$t.prc" -q > /dev/null
done
for t in 2 7; do
  cmp "$work/tok_1.prc" "$work/tok_$t.prc"
  cmp "$work/text_1.prc" "$work/text_$t.prc"
done
echo "count: identical corpus files on 1, 2 and 7 threads (tokens and text)"
