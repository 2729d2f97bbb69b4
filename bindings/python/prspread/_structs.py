"""ctypes structs <-> small Python dataclasses, generically.

Result structs (pr_transition_info, pr_spectrum, ...) come back as frozen
dataclasses named in CamelCase without the pr_ prefix (TransitionInfo,
Spectrum, ...), with the same field names as the header.  Text pointers
become str, nested structs nested dataclasses.  Options structs are filled
from keyword arguments after pr_x_options_init, so unknown keys are errors
that list the valid ones."""
import ctypes
import dataclasses

_CACHE = {}


def camel(c_name):
    parts = c_name[3:].split("_") if c_name.startswith("pr_") else c_name.split("_")
    return "".join(p[:1].upper() + p[1:] for p in parts)


def dataclass_for(struct_type):
    dc = _CACHE.get(struct_type)
    if dc is None:
        dc = dataclasses.make_dataclass(
            camel(struct_type.__name__), [name for name, _ in struct_type._fields_], frozen=True)
        dc.__module__ = "prspread"
        dc.__doc__ = f"Python view of the C struct {struct_type.__name__} (see include/prspread.h)."
        _CACHE[struct_type] = dc
    return dc


def _value(v):
    if isinstance(v, ctypes.Structure):
        return to_dataclass(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, ctypes.Array):
        return list(v)
    return v


def to_dataclass(s):
    """Copy a ctypes Structure instance into its frozen dataclass."""
    dc = dataclass_for(type(s))
    return dc(**{name: _value(getattr(s, name)) for name, _ in s._fields_})


def fill(struct, owner, **kwargs):
    """Set struct fields from keyword arguments (None = keep the default)."""
    names = {n for n, _ in struct._fields_} - {"version"}
    for k, v in kwargs.items():
        if v is None:
            continue
        if k not in names:
            raise TypeError(f"{owner}: unknown option '{k}' (valid: {', '.join(sorted(names))})")
        setattr(struct, k, v)
    return struct
