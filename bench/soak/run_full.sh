#!/bin/sh
# Full-size soak of issue 18 §6 (bench/README.md, "Soak").
#   bench/soak/run_full.sh BUILD_DIR [SCRATCH_DIR]
# Needs ~2.5 GB free in SCRATCH_DIR (default /tmp/prspread-soak); the token
# files are seeded and deleted at the end.
set -eu
soak="$1/tests/prspread_soak"
dir="${2:-/tmp/prspread-soak}"
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT INT TERM
df -h "$dir"
free_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
[ "$free_kib" -gt 3000000 ] || { echo "need 3 GB free in $dir"; exit 1; }
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
# Same source (uniform over V = 4096: nnz saturates at 2^24) at 1e8 and 1e9
# tokens, and a source with ~6x the nnz (uniform over 65536) at 1e8.
"$soak" gen "$dir/a1e8.u16" 1e8 4096 1
"$soak" gen "$dir/a1e9.u16" 1e9 4096 1
"$soak" gen "$dir/b1e8.u16" 1e8 65536 2
for f in a1e8:4096 a1e9:4096 b1e8:65536; do
  echo "count ${f%%:*} (V ${f##*:}): $("$soak" count "$dir/${f%%:*}.u16" "${f##*:}")  load $(cut -d' ' -f1 /proc/loadavg)"
done
start=$(date +%s)
echo "cancel a1e9: $("$soak" cancel "$dir/a1e9.u16" 4096)  ($(( $(date +%s) - start )) s)"
echo "train 10000 (2 layers, d 64, ctx 64, batch 8): $("$soak" train 10000 100)  load $(cut -d' ' -f1 /proc/loadavg)"
