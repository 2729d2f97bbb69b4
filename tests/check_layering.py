#!/usr/bin/env python3
"""The layering rule of docs/architecture.md, checked on the sources.

The core (every folder of src/ except src/capi) may not include prspread.h
and may not name anything the header declares -- no pr_* function, type or
PR_* macro/enumerator -- except the pr_status codes (PR_OK, PR_ERR_*), which
it shares through src/core/status.hpp.  Comments and string literals are
ignored: a comment may say "pr_sft_create", code may not call it.

Usage: check_layering.py <repo root>.  Exit 0 when the rule holds, 1 with
one line per violation otherwise.  Before checking, it proves it can fail: a
scratch tree with the real header and planted violations must be rejected
(one per kind), and a clean one accepted.
"""
import contextlib
import io
import pathlib
import re
import shutil
import sys
import tempfile

ALLOWED = re.compile(r"^(PR_OK|PR_ERR_[A-Z_]+)$")


def strip_comments_and_strings(text):
    pattern = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
    # Keep newlines so line numbers stay right.
    return pattern.sub(lambda m: "\n" * m.group(0).count("\n") if m.group(0)[0] in "/" else '""', text)


def header_names(header):
    code = strip_comments_and_strings(header.read_text())
    names = set()
    names.update(re.findall(r"PR_API\s[^;{]*?\b(pr_\w+)\s*\(", code))        # functions
    names.update(re.findall(r"typedef\s+(?:struct|enum)\s+(pr_\w+)", code))  # tags
    names.update(re.findall(r"}\s*(pr_\w+)\s*;", code))                      # typedef names
    names.update(re.findall(r"typedef\s[^;]*?\(\s*\*\s*(pr_\w+)\s*\)", code))  # function pointers
    names.update(re.findall(r"#\s*define\s+(PR_\w+)", code))                 # macros
    names.update(re.findall(r"\b(PR_[A-Z0-9_]+)\s*=", code))                 # enumerators
    return {n for n in names if not ALLOWED.match(n)}


def main(root):
    root = pathlib.Path(root)
    header = root / "include" / "prspread.h"
    names = header_names(header)
    if len(names) < 50:
        print(f"check_layering: only {len(names)} names parsed from {header}; the parser is broken")
        return 1
    word = re.compile(r"\b[A-Za-z_]\w*\b")
    problems = []
    for path in sorted((root / "src").rglob("*")):
        if path.suffix not in {".cpp", ".hpp", ".h", ".cc"} or "capi" in path.relative_to(root / "src").parts[:1]:
            continue
        raw = path.read_text()
        rel = path.relative_to(root)
        for n, line in enumerate(raw.splitlines(), 1):
            if re.match(r'\s*#\s*include\s*[<"](.*/)?prspread\.h[>"]', line):
                problems.append(f"{rel}:{n}: includes prspread.h (only src/capi may)")
        for n, line in enumerate(strip_comments_and_strings(raw).splitlines(), 1):
            for ident in word.findall(line):
                if ident in names:
                    problems.append(f"{rel}:{n}: uses '{ident}' from prspread.h (the core has C++ types only)")
    for p in problems:
        print(p)
    if problems:
        print(f"check_layering: {len(problems)} violation(s) of docs/architecture.md's rule")
        return 1
    print(f"check_layering: the core names none of the header's {len(names)} declarations")
    return 0


def self_test(root):
    planted = {
        "include": '#include "prspread.h"\n',
        "call": "namespace pr { void f() { pr_sft_free(nullptr); } }\n",
        "type": "namespace pr { void f(pr_token_format) {} }\n",
        "macro": "namespace pr { int f() { return PR_INIT_RANDOM; } }\n",
    }
    clean = ('// pr_sft_create is named in a comment only\n'
             'namespace pr { int f() { const char *s = "pr_sft_free"; (void)s; return PR_ERR_IO + PR_OK; } }\n')
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / "include").mkdir()
        shutil.copy(pathlib.Path(root) / "include" / "prspread.h", tmp / "include")
        (tmp / "src" / "core").mkdir(parents=True)
        (tmp / "src" / "capi").mkdir()
        (tmp / "src" / "capi" / "shell.cpp").write_text('#include "prspread.h"\nvoid g() { pr_sft_free(0); }\n')
        for kind, code in list(planted.items()) + [("clean", clean)]:
            (tmp / "src" / "core" / "x.cpp").write_text(code)
            with contextlib.redirect_stdout(io.StringIO()):
                rc = main(tmp)
            if rc != (0 if kind == "clean" else 1):
                print(f"check_layering self-test: the '{kind}' case gave exit {rc}")
                return False
    return True


if __name__ == "__main__":
    repo = sys.argv[1] if len(sys.argv) > 1 else "."
    sys.exit(main(repo) if self_test(repo) else 1)
