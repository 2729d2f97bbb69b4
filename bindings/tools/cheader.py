"""A small parser for include/prspread.h.

The header is hand-written to a strict style (see its top comment), so a
regex-level parser is enough: it finds the PR_API functions, the enums, the
options structs, the opaque handle typedefs, the function-pointer typedefs
and the integer #defines.  Anything it cannot classify raises, so a new
construct in the header fails loudly instead of being skipped.

Every C type is reduced to a *kind* that all three bindings can be compared
on: ("ptr",), ("int", bits), ("float", bits) or ("void",).
"""
import re
from dataclasses import dataclass, field

INT_BITS = {
    "char": 8, "signed char": 8, "unsigned char": 8,
    "short": 16, "unsigned short": 16,
    "int": 32, "unsigned": 32, "unsigned int": 32, "signed": 32,
    "long": 64, "unsigned long": 64, "long long": 64, "unsigned long long": 64,
    "int8_t": 8, "uint8_t": 8, "int16_t": 16, "uint16_t": 16,
    "int32_t": 32, "uint32_t": 32, "int64_t": 64, "uint64_t": 64,
    "size_t": 64, "ptrdiff_t": 64, "intptr_t": 64, "uintptr_t": 64,
}
UNSIGNED = {"unsigned char", "unsigned short", "unsigned", "unsigned int",
            "unsigned long", "unsigned long long", "uint8_t", "uint16_t",
            "uint32_t", "uint64_t", "size_t", "uintptr_t"}
FLOAT_BITS = {"float": 32, "double": 64}


@dataclass
class CType:
    base: str            # e.g. "uint64_t", "pr_corpus", "char" (no const)
    pointers: int        # number of '*' (an array parameter counts as one)
    const: bool          # the pointee (or value) is const
    array: int = 0       # fixed array length for struct fields, else 0

    def __str__(self):
        s = ("const " if self.const else "") + self.base
        return s + (" " + "*" * self.pointers if self.pointers else "")


@dataclass
class Param:
    name: str
    type: CType


@dataclass
class Function:
    name: str
    ret: CType
    params: list


@dataclass
class Struct:
    name: str
    fields: list          # list of Param (array length in type.array)


@dataclass
class Enum:
    name: str
    values: list          # list of (NAME, int)


@dataclass
class FnPtr:
    name: str
    ret: CType
    params: list


@dataclass
class Header:
    functions: list = field(default_factory=list)
    structs: dict = field(default_factory=dict)
    enums: dict = field(default_factory=dict)
    opaque: list = field(default_factory=list)
    fnptrs: dict = field(default_factory=dict)
    defines: list = field(default_factory=list)   # (NAME, int)
    int_typedefs: dict = field(default_factory=dict)  # alias -> base int type

    def kind(self, t):
        """The comparable kind of a C type."""
        if t.pointers or t.array:
            return ("ptr",)
        base = self.int_typedefs.get(t.base, t.base)
        if base == "void":
            return ("void",)
        if base in FLOAT_BITS:
            return ("float", FLOAT_BITS[base])
        if base in INT_BITS:
            return ("int", INT_BITS[base])
        if base in self.enums:
            return ("int", 32)
        if base in self.fnptrs:
            return ("ptr",)
        raise ValueError(f"by-value type {t} is not supported by the bindings")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def parse_type(decl):
    """Split 'const uint64_t *counts' into (CType, 'counts')."""
    decl = " ".join(decl.replace("*", " * ").split())
    # "struct pr_sft *model" names the same type as "pr_sft *model".
    decl = re.sub(r"\b(struct|enum)\s+", "", decl)
    array = 0
    m = re.search(r"\[\s*(\w*)\s*\]$", decl)
    if m:
        decl = decl[: m.start()].strip()
        array = -1 if not m.group(1) else m.group(1)
    tokens = decl.split()
    name = None
    if tokens and tokens[-1] not in ("*",) and len(tokens) > 1 and \
            re.fullmatch(r"[A-Za-z_]\w*", tokens[-1]) and \
            " ".join(t for t in tokens[:-1] if t not in ("*", "const")) != "":
        # The last identifier is the name unless the declaration is a bare
        # type such as "unsigned int" or "void".
        rest = [t for t in tokens[:-1] if t not in ("*", "const")]
        if not (" ".join(rest + [tokens[-1]]) in INT_BITS and tokens[-1] in
                ("int", "char", "long", "short")):
            name = tokens[-1]
            tokens = tokens[:-1]
    const = "const" in tokens[: tokens.index("*")] if "*" in tokens else "const" in tokens
    pointers = tokens.count("*")
    base = " ".join(t for t in tokens if t not in ("*", "const"))
    if array == -1:      # "float x[]" as a parameter is a pointer
        pointers += 1
        array = 0
    return CType(base, pointers, const, array), name


def _params(arglist):
    arglist = arglist.strip()
    if arglist in ("", "void"):
        return []
    out = []
    for i, a in enumerate(arglist.split(",")):
        t, n = parse_type(a)
        if t.array:          # "uint64_t shape[2]" as a parameter is a pointer
            t.pointers += 1
            t.array = 0
        out.append(Param(n or f"arg{i}", t))
    return out


def _eval_int(expr, known):
    expr = expr.strip()
    expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
    names = set(re.findall(r"(?<!\w)[A-Za-z_]\w*", expr))
    if not names <= set(known):
        raise ValueError(f"cannot evaluate {expr!r}")
    v = eval(expr, {"__builtins__": {}}, dict(known))
    if not isinstance(v, int):  # a floating-point #define is not an integer one
        raise ValueError(f"{expr!r} is not an integer")
    return v


def parse(path):
    raw = open(path, encoding="utf-8").read()
    h = Header()
    known = {}
    # Integer #defines (version numbers, option versions, limits).
    for m in re.finditer(r"^#\s*define\s+(PR_\w+)[ \t]+((?:[^\n\\]|\\\n)+)$", raw, re.M):
        name, val = m.group(1), m.group(2).replace("\\\n", " ")
        val = re.sub(r"/\*.*?\*/", "", val).strip()
        try:
            v = _eval_int(val, known)
        except Exception:
            continue
        known[name] = v
        h.defines.append((name, v))
    text = strip_comments(raw)
    text = re.sub(r"^\s*#[^\n]*(\\\n[^\n]*)*", " ", text, flags=re.M)
    # Enums.
    for m in re.finditer(r"typedef\s+enum\s+(\w+)?\s*\{(.*?)\}\s*(\w+)\s*;", text, re.S):
        name, body = m.group(3), m.group(2)
        values, nxt = [], 0
        for item in [x.strip() for x in body.split(",") if x.strip()]:
            if "=" in item:
                k, v = item.split("=", 1)
                nxt = _eval_int(v, known)
            else:
                k = item
            known[k.strip()] = nxt
            values.append((k.strip(), nxt))
            nxt += 1
        h.enums[name] = Enum(name, values)
    # Structs with a body (options, result rows).
    for m in re.finditer(r"typedef\s+struct\s+(\w+)?\s*\{(.*?)\}\s*(\w+)\s*;", text, re.S):
        name, body = m.group(3), m.group(2)
        fields = []
        for decl in [d.strip() for d in body.split(";") if d.strip()]:
            # "double pr, planes" declares two fields of the same base type.
            first, *more = [x.strip() for x in decl.split(",")]
            t0, n0 = parse_type(first)
            decls = [first] + [("const " if t0.const else "") + t0.base + " " + x for x in more]
            for d in decls:
                t, n = parse_type(d)
                if t.array and not isinstance(t.array, int):
                    t.array = _eval_int(t.array, known)
                fields.append(Param(n, t))
        h.structs[name] = Struct(name, fields)
    # Opaque handles: typedef struct pr_x pr_x;
    for m in re.finditer(r"typedef\s+struct\s+(\w+)\s+(\w+)\s*;", text):
        h.opaque.append(m.group(2))
    # Function pointers.
    for m in re.finditer(r"typedef\s+([\w\s\*]+?)\(\s*\*\s*(\w+)\s*\)\s*\((.*?)\)\s*;", text, re.S):
        ret, _ = parse_type(m.group(1))
        h.fnptrs[m.group(2)] = FnPtr(m.group(2), ret, _params(m.group(3)))
    # Plain integer typedefs (typedef uint32_t pr_token;).
    for m in re.finditer(r"typedef\s+((?:unsigned\s+|signed\s+)?\w+)\s+(\w+)\s*;", text):
        if m.group(1) in INT_BITS or m.group(1) in FLOAT_BITS:
            h.int_typedefs[m.group(2)] = m.group(1)
    # Functions.
    for m in re.finditer(r"\bPR_API\s+([^;{]*?)\b(pr_\w+)\s*\(([^)]*)\)\s*;", text, re.S):
        ret, _ = parse_type(m.group(1) + " x")
        h.functions.append(Function(m.group(2), ret, _params(m.group(3))))
    names = [f.name for f in h.functions]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ValueError(f"functions declared twice: {sorted(dup)}")
    # Every by-value type must be known, so new typedefs cannot slip past.
    for f in h.functions:
        for t in [f.ret] + [p.type for p in f.params]:
            h.kind(t)
            if t.pointers and t.base not in INT_BITS and t.base not in FLOAT_BITS \
                    and t.base != "void" and t.base not in h.structs \
                    and t.base not in h.opaque and t.base not in h.enums \
                    and t.base not in h.fnptrs and t.base not in h.int_typedefs:
                raise ValueError(f"{f.name}: unknown pointee type {t.base!r}")
    return h


if __name__ == "__main__":
    import sys
    hd = parse(sys.argv[1])
    for f in hd.functions:
        print(f.name, hd.kind(f.ret), [(p.name, str(p.type), hd.kind(p.type)) for p in f.params])
    print("structs", list(hd.structs), "enums", list(hd.enums), "opaque", hd.opaque,
          "fnptrs", list(hd.fnptrs), "defines", hd.defines)
