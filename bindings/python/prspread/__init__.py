"""prspread: corpus transition statistics, attention asymmetry and
initialisation — Python binding over ctypes and numpy.

The library is found through PRSPREAD_LIBRARY, then next to this package,
then as libprspread.so.0 on the loader path (see _lib.py).  Every call that
fails raises a subclass of prspread.Error carrying the library's message.
Arrays are numpy arrays passed without copies; handles are classes with
close() and `with` support.
"""
from . import _raw
from ._lib import lib as _clib, path as library_path
from .errors import (BufferTooSmallError, CancelledError, ChecksumError, Error,
                     FormatError, InternalError, InvalidArgumentError, IOError_ as IOError,
                     MismatchError, NoMemoryError, NumericError, OutOfRangeError,
                     StateError, VersionError)
from .progress import Progress
from .corpus import Corpus
from .sft import Model
from .synth import Synth
from .transition import Transition
from .vocab import Vocab
from .tokenizer import Tokenizer
from . import init

__all__ = ["Error", "InvalidArgumentError", "OutOfRangeError", "IOError", "FormatError",
           "ChecksumError", "NoMemoryError", "CancelledError", "NumericError",
           "VersionError", "MismatchError", "BufferTooSmallError", "StateError",
           "InternalError", "Progress", "version", "version_number", "build_isa", "runtime_isa",
           "status_name", "last_error", "library_path", "Corpus", "Model", "Synth", "Transition", "Vocab", "Tokenizer"]


def version():
    """The loaded library's "MAJOR.MINOR.PATCH"."""
    return _clib.pr_version_string().decode()


def version_number():
    return int(_clib.pr_version_number())


def build_isa():
    """The instruction set the library's kernels were compiled for
    ("dispatch" for the runtime-dispatched build the Debian packages ship)."""
    return _clib.pr_build_isa().decode()


def runtime_isa():
    """The instruction-set level of the kernels running in this process:
    "portable", "avx2", "avx512" or "avx512_bf16" (see pr_runtime_isa)."""
    return _clib.pr_runtime_isa().decode()


def status_name(status):
    return _clib.pr_status_name(int(status)).decode()


def last_error():
    """This thread's last error message ("" if none)."""
    return _clib.pr_last_error().decode("utf-8", "replace")


__version__ = version()
