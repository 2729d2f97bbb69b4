"""Header-vs-binding check for the Python, Rust and Julia bindings.

    /usr/bin/python3 bindings/tools/check_bindings.py [--self-test]

Parses include/prspread.h (every PR_API function, its argument count and
the kind of each argument and of the result: pointer, integer of N bits,
float of N bits, void) and compares it with
  - Python: the ctypes table FUNCTIONS in bindings/python/prspread/_raw.py
    (imported; the library itself is not loaded);
  - Rust:   the `extern "C"` block(s) of bindings/rust/prspread-sys/src/lib.rs
    (parsed as text, `pub type` aliases resolved);
  - Julia:  the `ccall((:name, lib), Ret, (Args...), ...)` calls under
    bindings/julia/PRSpread/src (parsed as text, `const X = Y` aliases
    resolved).
It fails when a header function is missing from a binding, when a binding
declares a function the header lacks, or when counts or kinds disagree.
Struct layouts (field count and kinds) are compared the same way, because
options structs cross the ABI by pointer and a wrong layout corrupts memory.

--self-test additionally injects faults into copies of the parsed bindings
and checks that each one is reported, so the check itself cannot rot into a
test that always passes.
"""
import ctypes
import glob
import importlib.util
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cheader  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PTR, VOID = ("ptr",), ("void",)

# ------------------------------------------------------------------ Python


def py_kind(t):
    if t is None:
        return VOID
    if isinstance(t, type) and issubclass(t, (ctypes._Pointer, ctypes._CFuncPtr)) or \
            t in (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_wchar_p):
        return PTR
    if isinstance(t, type) and issubclass(t, ctypes.Array):
        return PTR
    if isinstance(t, type) and issubclass(t, ctypes.Structure):
        return ("struct", t.__name__)
    if t in (ctypes.c_float, ctypes.c_double):
        return ("float", 8 * ctypes.sizeof(t))
    if t is ctypes.c_longdouble:
        raise ValueError("long double is not supported")
    if isinstance(t, type) and issubclass(t, ctypes._SimpleCData):
        return ("int", 8 * ctypes.sizeof(t))
    raise ValueError(f"unclassifiable ctypes type {t!r}")


def python_decls(path):
    spec = importlib.util.spec_from_file_location("_prspread_raw_checked", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    funcs = {}
    for name, res, args in mod.FUNCTIONS:
        if name in funcs:
            raise ValueError(f"python: {name} listed twice")
        funcs[name] = (py_kind(res), [py_kind(a) for a in args])
    structs = {}
    for k, v in vars(mod).items():
        if isinstance(v, type) and issubclass(v, ctypes.Structure) and v is not ctypes.Structure:
            structs[k] = [py_kind(t) for _, t in v._fields_]
    return funcs, structs

# ------------------------------------------------------------------ Rust


RS_INT = {"i8": 8, "u8": 8, "i16": 16, "u16": 16, "i32": 32, "u32": 32, "i64": 64,
          "u64": 64, "isize": 64, "usize": 64, "c_char": 8, "c_schar": 8, "c_uchar": 8,
          "c_short": 16, "c_ushort": 16, "c_int": 32, "c_uint": 32, "c_long": 64,
          "c_ulong": 64, "c_longlong": 64, "c_ulonglong": 64}
RS_FLOAT = {"f32": 32, "f64": 64, "c_float": 32, "c_double": 64}


def _split_top(s, sep=","):
    """Split on sep outside <>, (), []."""
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        if ch == sep and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return [x.strip() for x in out]


def rs_kind(t, aliases, structs=()):
    t = t.strip()
    seen = 0
    while t in aliases and seen < 20:
        t, seen = aliases[t], seen + 1
    t = re.sub(r"^(std::os::raw::|core::ffi::|std::ffi::|libc::)", "", t)
    if t.startswith("*const") or t.startswith("*mut") or t.startswith("&"):
        return PTR
    if t.startswith("Option<") and "fn(" in t.replace(" ", ""):
        return PTR
    if t.startswith("[") or t in structs:
        return PTR if t.startswith("[") else ("struct", t)
    if t in ("()", ""):
        return VOID
    if t in RS_INT:
        return ("int", RS_INT[t])
    if t in RS_FLOAT:
        return ("float", RS_FLOAT[t])
    raise ValueError(f"rust: unclassifiable type {t!r}")


def rust_decls(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"//[^\n]*", "", text)
    aliases = dict((m.group(1), m.group(2).strip()) for m in
                   re.finditer(r"\bpub\s+type\s+(\w+)\s*=\s*([^;]+);", text))
    struct_bodies = dict((m.group(1), m.group(2)) for m in
                         re.finditer(r"\bpub\s+struct\s+(\w+)\s*\{(.*?)\n\}", text, re.S))
    funcs = {}
    blocks = re.findall(r'extern\s+"C"\s*\{(.*?)\n\}', text, re.S)
    if not blocks:
        raise ValueError("rust: no extern \"C\" block found")
    for block in blocks:
        for m in re.finditer(r"\bfn\s+(\w+)\s*\((.*?)\)\s*(->\s*([^;]+))?;", block, re.S):
            name, args, ret = m.group(1), m.group(2), m.group(4) or "()"
            if name in funcs:
                raise ValueError(f"rust: {name} declared twice")
            kinds = [rs_kind(a.split(":", 1)[1], aliases) for a in _split_top(args)]
            funcs[name] = (rs_kind(ret, aliases), kinds)
    structs = {}
    for name, body in struct_bodies.items():
        if "_private" in body:      # opaque handle
            continue
        fields = [f for f in _split_top(body) if f]
        structs[name] = [rs_kind(f.split(":", 1)[1], aliases, struct_bodies) for f in fields]
    return funcs, structs

# ------------------------------------------------------------------ Julia


JL_INT = {"Cchar": 8, "Int8": 8, "UInt8": 8, "Cuchar": 8, "Cshort": 16, "Cushort": 16,
          "Int16": 16, "UInt16": 16, "Cint": 32, "Cuint": 32, "Int32": 32, "UInt32": 32,
          "Clong": 64, "Culong": 64, "Clonglong": 64, "Culonglong": 64, "Int64": 64,
          "UInt64": 64, "Csize_t": 64, "Cssize_t": 64, "Cptrdiff_t": 64, "Int": 64, "UInt": 64,
          "Bool": 8}
JL_FLOAT = {"Cfloat": 32, "Cdouble": 64, "Float32": 32, "Float64": 64}


def jl_kind(t, aliases, structs=()):
    t = t.strip()
    seen = 0
    while t in aliases and seen < 20:
        t, seen = aliases[t], seen + 1
    if t in structs:
        return ("struct", t)
    if re.match(r"^(Ptr|Ref)\{", t) or t in ("Cstring", "Cwstring", "Ptr", "Ref") or \
            t.startswith("NTuple{"):
        return PTR
    if t in ("Cvoid", "Nothing"):
        return VOID
    if t in JL_INT:
        return ("int", JL_INT[t])
    if t in JL_FLOAT:
        return ("float", JL_FLOAT[t])
    raise ValueError(f"julia: unclassifiable type {t!r}")


def _balanced(text, start):
    """The text of the parenthesised group starting at text[start] == '('."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1: i]
    raise ValueError("julia: unbalanced parentheses")


def julia_decls(folder):
    text = ""
    for p in sorted(glob.glob(os.path.join(folder, "**", "*.jl"), recursive=True)):
        text += open(p, encoding="utf-8").read() + "\n"
    text = re.sub(r"#=.*?=#", "", text, flags=re.S)
    text = re.sub(r"#[^\n]*", "", text)
    aliases = dict((m.group(1), m.group(2).strip()) for m in
                   re.finditer(r"^\s*const\s+(\w+)\s*=\s*([A-Z][\w{}, ]*)\s*$", text, re.M)
                   if not re.match(r"^\w+\(", m.group(2)))
    funcs = {}
    for m in re.finditer(r"\bccall\s*\(", text):
        body = _balanced(text, m.end() - 1)
        parts = _split_top(body)
        target = re.match(r"\(\s*:(\w+)\s*,", parts[0])
        if not target:
            raise ValueError(f"julia: ccall target not of the form (:name, lib): {parts[0]}")
        name = target.group(1)
        argt = parts[2].strip()
        if not (argt.startswith("(") and argt.endswith(")")):
            raise ValueError(f"julia: {name}: argument types must be a literal tuple")
        kinds = [jl_kind(a, aliases) for a in _split_top(argt[1:-1])]
        decl = (jl_kind(parts[1], aliases), kinds)
        if name in funcs and funcs[name] != decl:
            raise ValueError(f"julia: {name} is ccall'ed with two different signatures")
        funcs[name] = decl
        if len(parts) - 3 != len(kinds):
            raise ValueError(f"julia: {name}: {len(kinds)} argument types but "
                             f"{len(parts) - 3} arguments passed")
    bodies = dict((m.group(1), m.group(2)) for m in
                  re.finditer(r"^struct\s+(\w+)\s*\n(.*?)^end", text, re.S | re.M))
    structs = {}
    for name, body in bodies.items():
        fields = [ln.strip() for ln in body.splitlines() if "::" in ln]
        try:
            structs[name] = [jl_kind(f.split("::", 1)[1], aliases, bodies) for f in fields]
        except ValueError as e:
            # Julia-side structs (e.g. with Symbol fields) are fine unless
            # they claim a header struct's name; compare() reports those.
            structs[name] = str(e)
    return funcs, structs

# ------------------------------------------------------------------ compare


def header_decls(path):
    h = cheader.parse(path)
    funcs = {f.name: (h.kind(f.ret), [h.kind(p.type) for p in f.params]) for f in h.functions}
    structs = {}
    for s in h.structs.values():
        structs[s.name] = [PTR if f.type.array else
                           (("struct", f.type.base) if f.type.base in h.structs and not f.type.pointers
                            else h.kind(f.type)) for f in s.fields]
    return funcs, structs


def _fmt(k):
    return "void" if k == VOID else "pointer" if k == PTR else "-".join(map(str, k))


def compare(lang, header, binding):
    hf, hs = header
    bf, bs = binding
    problems = []
    for name in sorted(set(hf) - set(bf)):
        problems.append(f"{lang}: {name} is in the header but not bound")
    for name in sorted(set(bf) - set(hf)):
        problems.append(f"{lang}: {name} is bound but not in the header")
    for name in sorted(set(hf) & set(bf)):
        (hr, ha), (br, ba) = hf[name], bf[name]
        if len(ha) != len(ba):
            problems.append(f"{lang}: {name} takes {len(ha)} arguments in the header, {len(ba)} bound")
            continue
        for i, (x, y) in enumerate(zip(ha, ba)):
            if x != y:
                problems.append(f"{lang}: {name} argument {i + 1} is {_fmt(x)} in the header, {_fmt(y)} bound")
        if hr != br:
            problems.append(f"{lang}: {name} returns {_fmt(hr)} in the header, {_fmt(br)} bound")
    for name in sorted(set(hs) - set(bs)):
        problems.append(f"{lang}: struct {name} is in the header but not bound")
    for name in sorted(set(hs) & set(bs)):
        norm, got = hs[name], bs[name]
        if isinstance(got, str):
            problems.append(f"{lang}: struct {name}: {got}")
            continue
        if len(norm) != len(got) or any(a != b for a, b in zip(norm, got)):
            problems.append(f"{lang}: struct {name} fields {[_fmt(k) for k in norm]} "
                            f"in the header, {[_fmt(k) for k in got]} bound")
    return problems


def load_all():
    header = header_decls(os.path.join(ROOT, "include", "prspread.h"))
    return header, {
        "python": python_decls(os.path.join(ROOT, "bindings/python/prspread/_raw.py")),
        "rust": rust_decls(os.path.join(ROOT, "bindings/rust/prspread-sys/src/lib.rs")),
        "julia": julia_decls(os.path.join(ROOT, "bindings/julia/PRSpread/src")),
    }


def self_test(header, bindings):
    """Every injected fault must be reported; returns the failures."""
    failures = []
    hf, hs = header
    if not hf:
        return ["self-test: the header parser found no functions"]
    victim = sorted(hf)[-1]
    with_args = [n for n in sorted(hf) if hf[n][1]]
    for lang, (bf, bs) in bindings.items():
        cases = {}
        f = dict(bf); f.pop(victim, None); cases["missing function"] = (f, bs)
        f = dict(bf); f["pr_not_in_header"] = (VOID, []); cases["extra function"] = (f, bs)
        f = dict(bf); r, a = f[victim]; f[victim] = (r, a + [PTR]); cases["extra argument"] = (f, bs)
        f = dict(bf); f[victim] = (("float", 64) if f[victim][0] != ("float", 64) else PTR, f[victim][1])
        cases["wrong result kind"] = (f, bs)
        if with_args:
            n = with_args[0]
            f = dict(bf); r, a = f[n]
            a = list(a); a[0] = ("int", 64) if a[0] == PTR else PTR
            f[n] = (r, a); cases["pointer/integer swap"] = (f, bs)
        if hs:
            sname = sorted(hs)[0]
            st = dict(bs); st[sname] = list(bs[sname])[:-1]
            cases["struct missing a field"] = (bf, st)
            st = dict(bs); st.pop(sname)
            cases["struct not bound"] = (bf, st)
        for what, fake in cases.items():
            if not compare(lang, header, fake):
                failures.append(f"self-test: {lang}: a {what} was not reported")
    # The text parsers must reject what they cannot read.
    for bad in ("Vec<u8>", "String"):
        try:
            rs_kind(bad, {})
            failures.append(f"self-test: rust parser accepted {bad!r}")
        except ValueError:
            pass
    return failures


def main():
    header, bindings = load_all()
    problems = []
    for lang, decl in bindings.items():
        problems += compare(lang, header, decl)
    if "--self-test" in sys.argv:
        problems += self_test(header, bindings)
    n = len(header[0])
    for p in problems:
        print("FAIL", p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    counts = ", ".join(f"{lang} {len(b[0])}" for lang, b in bindings.items())
    print(f"ok: {n} header functions, {len(header[1])} structs; bound: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
