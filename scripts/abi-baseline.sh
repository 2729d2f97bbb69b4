#!/bin/sh
# Re-records the ABI baseline and the Debian symbols file from a library
# built with debug information:
#   abi/libprspread.so.0.abi       (abidw; checked by scripts/abi-check.sh in CI)
#   debian/libprspread0.symbols    (checked by dpkg-gensymbols -c4 in the package build)
#   scripts/abi-baseline.sh [LIBRARY]
# Without LIBRARY it builds one: the shared library only, dispatch ISA,
# -O3 -g (what the package build compiles), in build-abi/.  Run it at a
# release, and after any merge that adds, removes or changes a public
# function; commit both files with the change (docs/packaging.md).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
if [ $# -ge 1 ]; then
  lib="$1"
else
  launcher=""
  command -v ccache > /dev/null && launcher="-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
  # shellcheck disable=SC2086
  cmake -S . -B build-abi -DPRSPREAD_ISA=dispatch -DCMAKE_BUILD_TYPE=None \
        "-DCMAKE_CXX_FLAGS=-g -O3 -DNDEBUG" "-DCMAKE_C_FLAGS=-g -O3 -DNDEBUG" -DCMAKE_UNITY_BUILD=ON \
        -DBUILD_TESTING=OFF -DPRSPREAD_BUILD_BENCH=OFF -DPRSPREAD_BUILD_EXAMPLES=OFF $launcher > /dev/null
  cmake --build build-abi -j"$(nproc)" --target prspread
  lib=build-abi/libprspread.so.0
fi
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ -n "$soname" ] || { echo "$lib has no SONAME" >&2; exit 1; }
version=$(sed -n 's/^project(prspread VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

# Only the public types (those declared in include/) and no build paths, so
# the file changes only when the ABI does.
abidw --exported-interfaces-only --headers-dir include --drop-private-types --no-corpus-path --no-comp-dir-path \
      --no-show-locs --out-file abi/libprspread.so.0.abi "$lib"

# Every exported symbol, introduced at this version unless already listed.
old=debian/libprspread0.symbols
tmp=$(mktemp)
pkg="libprspread$(echo "$soname" | sed 's/^libprspread\.so\.//')"
{ echo "$soname $pkg #MINVER#"; echo "* Build-Depends-Package: libprspread-dev"; } > "$tmp"
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | sort -u | while read -r sym; do
  since=$(sed -n "s/^ $sym@Base \(.*\)$/\1/p" "$old" 2>/dev/null | head -n 1)
  echo " $sym@Base ${since:-$version}"
done >> "$tmp"
mv "$tmp" "$old"
echo "recorded $soname: $(grep -c "<elf-symbol " abi/libprspread.so.0.abi) ELF symbols in abi/libprspread.so.0.abi," \
     "$(grep -c "@Base" "$old") in $old"
