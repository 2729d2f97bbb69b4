"""Calling convention helpers shared by the wrappers."""
import ctypes

from . import errors
from ._lib import lib


def check(status, function):
    """Raise the prspread.Error subclass for a non-zero status."""
    if status != 0:
        raise errors.from_status(status, function)


def resolve(args):
    """Handles become their pointers here, so a closed handle raises a plain
    ValueError (ctypes would wrap it in ctypes.ArgumentError)."""
    return [a._as_parameter_ if hasattr(a, "_free_name") else a for a in args]


def raw_call(name, *args):
    """lib.<name>(*args) with handles resolved; returns the status."""
    return getattr(lib, name)(*resolve(args))


def call(name, *args):
    """Call lib.<name>(*args) and raise on a non-zero status."""
    check(raw_call(name, *args), name)


def text(ptr):
    return ptr.decode("utf-8", "replace") if ptr is not None else None


def query_string(fn_name, *args):
    """For f(..., char *buf, size_t cap, size_t *needed): query, then fill."""
    needed = ctypes.c_size_t(0)
    call(fn_name, *args, None, 0, ctypes.byref(needed))
    buf = ctypes.create_string_buffer(needed.value + 1)
    call(fn_name, *args, buf, len(buf), ctypes.byref(needed))
    return buf.value.decode("utf-8", "replace")


def call_with_progress(name, progress, *args):
    """Call lib.<name>(*args, progress_fn, NULL) with a Progress object.

    A cancel caused by Ctrl-C re-raises KeyboardInterrupt (after the library
    has unwound and left the handle valid); a cancel requested by a user
    callback raises prspread.CancelledError."""
    with progress:
        status = raw_call(name, *args, progress.fn, None)
    if status == errors.CancelledError.status:
        progress.reraise()
    check(status, name)
