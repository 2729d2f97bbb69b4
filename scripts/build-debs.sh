#!/bin/sh
# Builds the Debian packages from a copy of this tree and checks them.
#   scripts/build-debs.sh OUTDIR
# The tree is copied to /tmp/pkgbuild/prspread-VERSION first, because
# dpkg-buildpackage writes its results into the parent of the source folder
# (it must not litter this checkout's parent).  OUTDIR receives the .debs,
# .ddebs, .changes and .buildinfo, and unstripped/ holds the library with
# its debug information (for abidiff).  lintian then fails on any error or
# warning.  DEB_BUILD_OPTIONS is honoured (nocheck, parallel=N); ccache is
# used when installed (through its compiler symlinks in /usr/lib/ccache).
set -eu
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
version=$(dpkg-parsechangelog -l "$here/debian/changelog" -S Version)
top=/tmp/pkgbuild
src="$top/prspread-$version"
rm -rf "$src"
mkdir -p "$src"
# Tracked and new (not ignored) files: what a commit of this tree would hold
# (outside a git checkout: everything but build folders).
if git -C "$here" rev-parse --git-dir > /dev/null 2>&1; then
  (cd "$here" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -x -C "$src"
else
  (cd "$here" && tar --exclude='./build*' --exclude='./obj-*' -cf - .) | tar -x -C "$src"
fi

if [ -d /usr/lib/ccache ]; then
  PATH="/usr/lib/ccache:$PATH"
  CCACHE_BASEDIR="$top"
  export PATH CCACHE_BASEDIR
fi
case "${DEB_BUILD_OPTIONS:-}" in
  *parallel=*) ;;
  *) DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=$(nproc)" ;;
esac
export DEB_BUILD_OPTIONS
echo "== dpkg-buildpackage in $src (DEB_BUILD_OPTIONS='$DEB_BUILD_OPTIONS')"
(cd "$src" && dpkg-buildpackage -us -uc -b)

for f in "$top"/*_"$version"_*.deb "$top"/*_"$version"_*.ddeb "$top"/prspread_"$version"_*.changes \
         "$top"/prspread_"$version"_*.buildinfo; do
  [ -e "$f" ] && mv -f "$f" "$out/"
done
mkdir -p "$out/unstripped"
cp -L "$src"/obj-*/libprspread.so.0 "$out/unstripped/libprspread.so.0"
ls -l "$out"

echo "== lintian"
lintian --fail-on error,warning --info --display-info "$out"/prspread_"$version"_*.changes
echo "== lintian: no errors, no warnings"
