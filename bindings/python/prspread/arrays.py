"""numpy <-> C array checks.  Arrays pass without copies: a wrong dtype,
layout or shape is an error naming the argument, never a silent copy."""
import ctypes

import numpy as np

CTYPE = {
    np.dtype(np.float32): ctypes.c_float, np.dtype(np.float64): ctypes.c_double,
    np.dtype(np.uint8): ctypes.c_uint8, np.dtype(np.uint16): ctypes.c_uint16,
    np.dtype(np.uint32): ctypes.c_uint32, np.dtype(np.uint64): ctypes.c_uint64,
    np.dtype(np.int32): ctypes.c_int32, np.dtype(np.int64): ctypes.c_int64,
}


def check_array(a, name, dtype, ndim=None, shape=None, writable=False):
    """Return `a` unchanged after checking it; raise TypeError/ValueError.

    shape may contain None for "any size" in that dimension."""
    dtype = np.dtype(dtype)
    if not isinstance(a, np.ndarray):
        raise TypeError(f"argument '{name}' must be a numpy.ndarray of {dtype}, "
                        f"got {type(a).__name__}")
    if a.dtype != dtype:
        raise TypeError(f"argument '{name}' must have dtype {dtype}, got {a.dtype} "
                        f"(convert with .astype(np.{dtype.name}))")
    if ndim is None and shape is not None:
        ndim = len(shape)
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"argument '{name}' must be {ndim}-D, got shape {a.shape}")
    if shape is not None:
        for i, (want, got) in enumerate(zip(shape, a.shape)):
            if want is not None and want != got:
                raise ValueError(f"argument '{name}' must have shape "
                                 f"{tuple('*' if s is None else s for s in shape)}, "
                                 f"got {a.shape} (dimension {i} differs)")
    if not a.flags.c_contiguous:
        raise ValueError(f"argument '{name}' must be C-contiguous "
                         f"(use numpy.ascontiguousarray)")
    if not a.flags.aligned:
        raise ValueError(f"argument '{name}' must be aligned")
    if writable and not a.flags.writeable:
        raise ValueError(f"argument '{name}' must be writable")
    return a


def ptr(a):
    """A typed ctypes pointer to the array's data (no copy)."""
    return a.ctypes.data_as(ctypes.POINTER(CTYPE[a.dtype]))


def text_bytes(text, name):
    """UTF-8 bytes of a str, or the bytes of a bytes-like object; TypeError
    naming the argument otherwise."""
    if isinstance(text, str):
        return text.encode("utf-8")
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError(f"argument '{name}' must be str or bytes, got {type(text).__name__}")
