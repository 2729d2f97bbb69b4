#!/bin/sh
# Executes examples/notebooks/study.ipynb against the installed package
# (jupyter nbconvert; any cell error fails).  The executed copy goes to
# OUTDIR, so the committed notebook stays without outputs.
#   tests/packaging/notebook.sh [OUTDIR]
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
env -u PRSPREAD_LIBRARY -u MPLBACKEND OMP_WAIT_POLICY=passive \
  jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
  --output-dir "$out" --output study.executed.ipynb "$here/examples/notebooks/study.ipynb"
/usr/bin/python3 - "$out/study.executed.ipynb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
errors = [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
images = sum("image/png" in o.get("data", {}) for c in cells for o in c.get("outputs", []))
assert not errors, errors
assert images >= 3, f"{images} figures drawn, expected the PR table, the spectra and the loss curves"
assert all(c.get("execution_count") for c in cells), "a code cell did not run"
print(f"notebook: {len(cells)} code cells ran, {images} figures")
PY
