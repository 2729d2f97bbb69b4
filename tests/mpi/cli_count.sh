#!/bin/sh
# `mpirun -np 2 prspread count --tokens` writes the same corpus file, byte for
# byte, as `prspread count --tokens` in one process, and says it used MPI.
#   cli_count.sh <mpirun> <prspread> <work dir>
set -eu
mpirun="$1"; cli="$2"; work="$3"
mkdir -p "$work"
# Deterministic raw u16 token files (any 16-bit value is an id below 65536).
head -c 300000 "$cli" > "$work/a.bin"
head -c 77778 /bin/sh > "$work/b.bin"
"$cli" count --tokens --vocab-size 65536 --lag 2 -q -o "$work/one.prc" "$work/a.bin" "$work/b.bin" > "$work/one.txt"
OMP_NUM_THREADS=1 "$mpirun" --oversubscribe --allow-run-as-root -np 2 \
  "$cli" count --tokens --vocab-size 65536 --lag 2 -q -o "$work/mpi.prc" "$work/a.bin" "$work/b.bin" > "$work/mpi.txt"
grep -q "MPI: 2 ranks" "$work/mpi.txt" || { echo "the report does not say it used MPI:"; cat "$work/mpi.txt"; exit 1; }
cmp "$work/one.prc" "$work/mpi.prc"
echo "mpirun -np 2 prspread count: same corpus file as one process"
