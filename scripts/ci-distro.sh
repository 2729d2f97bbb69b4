#!/bin/sh
# CI stage for distribution (docs/packaging.md): build the Debian packages
# (the runtime-dispatched build), lintian, install them with apt, run the
# autopkgtests against the installed packages (isa-dispatch: every ISA level
# and qemu's CPUs without AVX-512 and AVX), the ABI guard, the pip install
# into a venv and the notebook.  Run as root on Debian 12 after
# scripts/install-deps.sh.
#   scripts/ci-distro.sh [WORKDIR]          (default /tmp/prspread-distro)
# DEB_BUILD_OPTIONS defaults to "nocheck noautodbgsym" here: the same test
# suite already ran in CI's release stage (at the native ISA), and building
# the unit tests a second time costs about as much again as the package build;
# the debug-symbol packages are not needed (abidiff reads the unstripped
# library in the build tree).  The cost: the unit tests do not run on the
# baseline copy in CI (the isa-dispatch autopkgtest checks every level the
# CI machine has, and qemu's CPUs below AVX-512, against references); run
# the package build with its tests
# (DEB_BUILD_OPTIONS= scripts/build-debs.sh OUT) to cover them.
set -eu
cd "$(dirname "$0")/.."
work="${1:-/tmp/prspread-distro}"
rm -rf "$work"
mkdir -p "$work"
t0=$(date +%s)
step() { echo "== $1 ($(( $(date +%s) - t0 )) s into the distro stage)"; }

DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS-nocheck noautodbgsym}" scripts/build-debs.sh "$work/debs" > "$work/build-debs.log" 2>&1 ||
  { tail -80 "$work/build-debs.log"; exit 1; }
sed -n '/^== lintian/,$p' "$work/build-debs.log"
step "packages built, lintian clean"

apt-get install -y --no-install-recommends "$work"/debs/*.deb > "$work/apt.log" 2>&1 || { tail -40 "$work/apt.log"; exit 1; }
dpkg-query -W -f='${Package} ${Version}\n' libprspread0 libprspread-dev prspread python3-prspread
step "installed with apt"

for t in c-consumer-pkgconfig c-consumer-cmake cli python-import isa-dispatch; do
  tmp=$(mktemp -d)
  AUTOPKGTEST_TMP="$tmp" sh "debian/tests/$t" > "$work/autopkgtest-$t.log" 2>&1 ||
    { cat "$work/autopkgtest-$t.log"; echo "autopkgtest $t FAILED"; exit 1; }
  rm -rf "$tmp"
  echo "autopkgtest $t: pass"
done
step "autopkgtests passed"

scripts/abi-check.sh --self-test
scripts/abi-check.sh "$work/debs/unstripped/libprspread.so.0"
step "ABI guard passed"

tests/packaging/pip_venv.sh "$work/pip" > "$work/pip.log" 2>&1 || { cat "$work/pip.log"; exit 1; }
tail -n 1 "$work/pip.log"
step "pip install into a venv passed"

tests/packaging/notebook.sh "$work/notebook" > "$work/notebook.log" 2>&1 || { tail -60 "$work/notebook.log"; exit 1; }
tail -n 1 "$work/notebook.log"
step "notebook executed"

# Leave the machine as it was: later stages test build trees, not /usr.
apt-get purge -y libprspread0 libprspread-dev prspread python3-prspread > "$work/purge.log" 2>&1 ||
  { tail -20 "$work/purge.log"; exit 1; }
step "packages purged; distro stage done"
