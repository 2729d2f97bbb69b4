#!/bin/sh
# pip installs the Python binding offline into a venv that sees the system's
# packages (numpy from Debian), and the installed package loads the system
# library by SONAME, with no environment variable.  Needs libprspread0
# installed (apt) and python3-venv.
#   tests/packaging/pip_venv.sh [WORKDIR]
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
work="${1:-$(mktemp -d)}"
rm -rf "$work/venv"
/usr/bin/python3 -m venv --system-site-packages "$work/venv"
cd "$here"
"$work/venv/bin/pip" install --no-build-isolation --no-index ./bindings/python
cd "$work"   # away from the source tree, so only the installed package can be imported
env -u PRSPREAD_LIBRARY "$work/venv/bin/python" - "$work/venv" <<'PY'
import os, sys
import numpy as np
import prspread
venv = os.path.realpath(sys.argv[1])
print(prspread.__file__, prspread.library_path, prspread.__version__)
assert os.path.realpath(prspread.__file__).startswith(venv), f"imported {prspread.__file__}, not the venv's copy"
assert prspread.library_path == "libprspread.so.0", prspread.library_path
from importlib.metadata import version
assert version("prspread") == prspread.version(), (version("prspread"), prspread.version())
c = prspread.Corpus(3)
c.add(np.array([0, 1, 2, 0, 1], np.uint32))
assert c.count(0, 1) == 2 and c.total_pairs == 4
print("pip-installed prspread", version("prspread"), "ok")
PY
