#!/bin/sh
# `mpirun -np 2 prspread reproduce --json` prints the same study as
# `prspread reproduce --json` in one process (one OpenMP thread per process
# in both), apart from the wall times and the MPI rank count, and says it
# used MPI.  Both write to the same --out directory, so the oracle's
# checkpoint path in the arm descriptions is the same.  A tiny budget below
# --quick keeps it to a few seconds.
#   cli_reproduce.sh <mpirun> <prspread> <python3> <work dir>
set -eu
mpirun="$1"; cli="$2"; python="$3"; work="$4"
rm -rf "$work"; mkdir -p "$work"
budget="--quick --steps 6 --seeds 2 --eval-every 3 --max-power 2 -q"
OMP_NUM_THREADS=1 "$cli" reproduce $budget --json --out "$work/out" > "$work/one.json"
OMP_NUM_THREADS=1 "$mpirun" --oversubscribe --allow-run-as-root -np 2 \
  "$cli" reproduce $budget --json --out "$work/out" > "$work/mpi.json"
OMP_NUM_THREADS=1 "$mpirun" --oversubscribe --allow-run-as-root -np 2 \
  "$cli" reproduce $budget --out "$work/out" > "$work/mpi.md"
grep -q "MPI: 2 ranks" "$work/mpi.md" || { echo "the report does not say it used MPI:"; cat "$work/mpi.md"; exit 1; }
"$python" - "$work/one.json" "$work/mpi.json" <<'PY'
import json, sys
one, mpi = (json.load(open(p)) for p in sys.argv[1:3])
assert mpi["config"].pop("mpi_ranks") == 2, "mpi_ranks is not 2"
assert "mpi_ranks" not in one["config"]
for j in (one, mpi):
    j.pop("seconds", None); j.pop("timing", None)
if one != mpi:
    for k in one:
        if one[k] != mpi.get(k):
            print("differs:", k, json.dumps(one[k])[:400], json.dumps(mpi.get(k))[:400])
    sys.exit(1)
assert one["loss"]["done"] and len(one["loss"]["strategies"]) == 8, "no loss table to compare"
print("mpirun -np 2 prspread reproduce --json: the same study as one process")
PY
