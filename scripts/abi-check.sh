#!/bin/sh
# The ABI guard: compares a built libprspread.so.0 (with debug information)
# against the committed baseline abi/libprspread.so.0.abi.
#   scripts/abi-check.sh LIBRARY            (e.g. OUTDIR/unstripped/libprspread.so.0)
#   scripts/abi-check.sh --self-test        (the rules below, on edited baselines)
# Fails when, under the same SONAME, a function or variable was removed or
# changed (including a changed parameter or a grown struct other than an
# options struct growing at its end, see abi/libprspread.abignore), or an
# exported symbol disappeared.  Additions pass and are printed.  A SONAME
# different from the baseline's passes with a note: the baseline is then
# re-recorded for the new SONAME (docs/packaging.md).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
baseline="$here/abi/libprspread.so.0.abi"
supp="$here/abi/libprspread.abignore"

# verdict OLD NEW [abidiff args...]: prints the report; returns 0 if compatible.
verdict() {
  old="$1"; new="$2"; shift 2
  set +e
  report=$(abidiff --suppressions "$supp" "$@" "$old" "$new" 2>&1)
  rc=$?
  set -e
  echo "$report"   # additions appear as "[A] ..." lines
  # abidiff's status bits: 1 error, 2 usage error, 4 ABI change, 8 incompatible change.
  if [ $((rc & 3)) -ne 0 ]; then echo "== abidiff failed (status $rc)"; return 1; fi
  if [ $((rc & 8)) -ne 0 ]; then echo "== INCOMPATIBLE ABI change"; return 1; fi
  # Bit 4 also covers changed signatures and types, which break callers as
  # surely as a removal; only additions are compatible.
  broken=$(echo "$report" | grep "changes summary:" | grep -Eo "[0-9]+ (Removed|Changed)" |
           awk '{ n += $1 } END { print n + 0 }')
  if [ "$broken" -ne 0 ]; then
    echo "== ABI change that breaks existing callers: $broken removed or changed functions, variables or symbols"
    return 1
  fi
  return 0
}

if [ "${1:-}" = "--self-test" ]; then
  tmp=$(mktemp -d)
  # Drop one function from a copy of the baseline.  Against the baseline as
  # "new", the function was added (must pass); the other way round it was
  # removed (must fail).
  /usr/bin/python3 - "$baseline" "$tmp/less.abi" <<'PY'
import re, sys
xml = open(sys.argv[1]).read()
name = "pr_version_string"
out = re.sub(r"\s*<elf-symbol name='%s'[^>]*/>" % name, "", xml)
out = re.sub(r"\s*<function-decl name='%s'.*?</function-decl>" % name, "", out, flags=re.S)
assert out != xml and name not in out, "could not remove %s from the baseline" % name
open(sys.argv[2], "w").write(out)
PY
  verdict "$tmp/less.abi" "$baseline" > "$tmp/added.txt" || { cat "$tmp/added.txt"; echo "self-test: an addition was refused"; exit 1; }
  grep -q pr_version_string "$tmp/added.txt" || { cat "$tmp/added.txt"; echo "self-test: the addition was not printed"; exit 1; }
  if verdict "$baseline" "$tmp/less.abi" > "$tmp/removed.txt"; then
    cat "$tmp/removed.txt"; echo "self-test: a removal was accepted"; exit 1
  fi
  # Change a parameter's type (pr_corpus_count's uint32_t a becomes uint64_t *): must fail.
  /usr/bin/python3 - "$baseline" "$tmp/changed.abi" <<'PY'
import re, sys
xml = open(sys.argv[1]).read()
block = re.search(r"<function-decl name='pr_corpus_count'.*?</function-decl>", xml, re.S).group(0)
params = re.findall(r"<parameter type-id='([^']*)'", block)
changed = block.replace("<parameter type-id='%s'" % params[1], "<parameter type-id='%s'" % params[-1], 1)
assert changed != block
open(sys.argv[2], "w").write(xml.replace(block, changed))
PY
  if verdict "$baseline" "$tmp/changed.abi" > "$tmp/changed.txt"; then
    cat "$tmp/changed.txt"; echo "self-test: a changed parameter type was accepted"; exit 1
  fi
  rm -rf "$tmp"
  echo "abi-check self-test: an addition passes and is printed, a removal and a changed parameter fail"
  exit 0
fi

[ $# -eq 1 ] || { echo "usage: $0 LIBRARY | --self-test" >&2; exit 2; }
lib="$1"
old_soname=$(sed -n "s/.*<abi-corpus [^>]*soname='\([^']*\)'.*/\1/p" "$baseline" | head -n 1)
new_soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
if [ "$old_soname" != "$new_soname" ]; then
  echo "== SONAME $old_soname -> $new_soname: an ABI break is allowed; re-record the baseline (scripts/abi-baseline.sh)"
  exit 0
fi
echo "== abidiff $baseline $lib"
verdict "$baseline" "$lib" --exported-interfaces-only --headers-dir2 "$here/include" --drop-private-types
echo "== ABI compatible with the baseline ($new_soname)"
