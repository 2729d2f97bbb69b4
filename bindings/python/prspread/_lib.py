"""Finds and loads libprspread and applies the ctypes table from _raw.py.

Search order (the first that loads wins):
  1. the PRSPREAD_LIBRARY environment variable (a path to the .so);
  2. a path relative to this package: libprspread.so.0 next to it, then the
     library folder recorded at `cmake --install` time (_libdir.py);
  3. the installed SONAME libprspread.so.0, through the dynamic loader's
     usual search (LD_LIBRARY_PATH, ld.so.cache, ...).
If PRSPREAD_LIBRARY is set but cannot be loaded, that is an error: a
variable that silently falls through to another copy hides mistakes.
"""
import ctypes
import os

from . import _raw

SONAME = "libprspread.so.0"
_HERE = os.path.dirname(os.path.abspath(__file__))


def _candidates():
    yield os.path.join(_HERE, SONAME)
    try:
        from ._libdir import LIBDIR_RELATIVE  # written by cmake --install
    except ImportError:
        pass
    else:
        yield os.path.normpath(os.path.join(_HERE, LIBDIR_RELATIVE, SONAME))


def _load():
    explicit = os.environ.get("PRSPREAD_LIBRARY")
    if explicit:
        try:
            return ctypes.CDLL(explicit), explicit
        except OSError as e:
            raise ImportError(f"PRSPREAD_LIBRARY={explicit!r} could not be loaded: {e}") from e
    for path in _candidates():
        if os.path.exists(path):
            return ctypes.CDLL(path), path
    try:
        return ctypes.CDLL(SONAME), SONAME
    except OSError as e:
        raise ImportError(
            f"libprspread not found: set PRSPREAD_LIBRARY to the library's path, "
            f"install it next to the package, or make {SONAME} visible to the "
            f"dynamic loader ({e})") from e


lib, path = _load()

for _name, _restype, _argtypes in _raw.FUNCTIONS:
    _fn = getattr(lib, _name)   # AttributeError here means a stale library
    _fn.restype = _restype
    _fn.argtypes = list(_argtypes)

if lib.pr_version_number() != _raw.PR_VERSION_NUMBER:
    raise ImportError(
        f"{path} is version {lib.pr_version_string().decode()}, but this package "
        f"was generated from header version {_raw.PR_VERSION_MAJOR}."
        f"{_raw.PR_VERSION_MINOR}.{_raw.PR_VERSION_PATCH}")
