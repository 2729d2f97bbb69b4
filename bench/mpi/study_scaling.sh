#!/bin/sh
# Strong scaling of `prspread reproduce` (the matched-seed comparison is the
# part spread over the ranks): np = 1 with 1 and 2 OpenMP threads against
# mpirun -np 2 with 1 thread per rank, interleaved over ROUNDS rounds so a
# changing machine load hits every configuration alike.  Prints one line per
# run: config, the "init comparison" stage seconds, total wall seconds, and
# the final loss of the first arm (the same at np 2 as at np 1 x 1 thread).
#   [OMP_WAIT_POLICY=passive] bench/mpi/study_scaling.sh build/tools/prspread [ROUNDS] [extra reproduce args]
set -eu
cli="$1"; rounds="${2:-2}"; shift 2 || shift $#
args="--quick --seeds 4 -q --json $*"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {  # name, then the command
  name="$1"; shift
  t0=$(date +%s.%N)
  "$@" reproduce $args --out "$tmp/out" > "$tmp/$name.json"
  t1=$(date +%s.%N)
  /usr/bin/python3 - "$tmp/$name.json" "$name" "$t0" "$t1" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
cmp = j["seconds"]["init comparison"]
print(f"{sys.argv[2]:<22} comparison {cmp:7.2f} s   total {float(sys.argv[4]) - float(sys.argv[3]):7.2f} s   "
      f"{j['loss']['strategies'][0]['name']} final losses {j['loss']['strategies'][0]['loss']}")
PY
}
echo "uptime: $(uptime)"
for r in $(seq "$rounds"); do
  OMP_NUM_THREADS=1 run np1_1thread "$cli"
  OMP_NUM_THREADS=2 run np1_2threads "$cli"
  OMP_NUM_THREADS=1 run np2_1thread_each mpirun --oversubscribe --allow-run-as-root -np 2 "$cli"
  echo "uptime: $(uptime)"
done
