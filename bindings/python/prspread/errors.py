"""One exception class per pr_status, all derived from prspread.Error.

Where a Python built-in means the same thing the class derives from it too,
so `except ValueError` or `except OSError` also work.
"""
from . import _raw


class Error(Exception):
    """A prspread call failed.  `status` is the pr_status code, `message` the
    library's pr_last_error() text (names the argument and the value)."""
    status = None

    def __init__(self, message, status=None, function=None):
        if status is not None:
            self.status = status
        self.message = message
        self.function = function
        where = f"{function}: " if function else ""
        super().__init__(f"{where}{message} [{_raw.PR_STATUS_NAMES.get(self.status, self.status)}]")


class InvalidArgumentError(Error, ValueError):
    status = _raw.PR_ERR_INVALID_ARGUMENT


class OutOfRangeError(Error, ValueError):
    status = _raw.PR_ERR_OUT_OF_RANGE


class IOError_(Error, OSError):
    status = _raw.PR_ERR_IO


class FormatError(Error, ValueError):
    status = _raw.PR_ERR_FORMAT


class ChecksumError(FormatError):
    status = _raw.PR_ERR_CHECKSUM


class NoMemoryError(Error, MemoryError):
    status = _raw.PR_ERR_NO_MEMORY


class CancelledError(Error):
    status = _raw.PR_ERR_CANCELLED


class NumericError(Error, ArithmeticError):
    status = _raw.PR_ERR_NUMERIC


class VersionError(Error):
    status = _raw.PR_ERR_VERSION


class MismatchError(Error, ValueError):
    status = _raw.PR_ERR_MISMATCH


class BufferTooSmallError(Error):
    status = _raw.PR_ERR_BUFFER_TOO_SMALL


class StateError(Error):
    status = _raw.PR_ERR_STATE


class InternalError(Error):
    status = _raw.PR_ERR_INTERNAL


IOError_.__name__ = IOError_.__qualname__ = "IOError"
BY_STATUS = {cls.status: cls for cls in Error.__subclasses__() + [ChecksumError]}
assert set(BY_STATUS) == set(_raw.PR_STATUS_NAMES) - {_raw.PR_OK}, \
    "errors.py lacks a class for a pr_status value in the header"


def from_status(status, function=None):
    """The exception for a failed call, carrying pr_last_error()."""
    from ._lib import lib
    message = lib.pr_last_error().decode("utf-8", "replace")
    cls = BY_STATUS.get(status, Error)
    err = cls(message, status, function)
    return err
