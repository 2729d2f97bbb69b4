"""Loading, version, status/error mapping, array checks, handles, progress."""
import ctypes
import os
import subprocess
import sys

import numpy as np
import pytest

import prspread
from prspread import _raw, arrays, errors
from prspread._handle import Handle

PKG_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def test_version_matches_header():
    assert prspread.version_number() == _raw.PR_VERSION_NUMBER
    assert prspread.version() == f"{_raw.PR_VERSION_MAJOR}.{_raw.PR_VERSION_MINOR}.{_raw.PR_VERSION_PATCH}"
    assert prspread.build_isa() in {"avx512", "avx2", "avx", "sse2", "generic"}


def test_loaded_the_library_named_by_the_environment():
    want = os.environ.get("PRSPREAD_LIBRARY")
    if want:
        assert prspread.library_path == want


def test_every_status_has_a_class_and_a_name():
    for code, name in _raw.PR_STATUS_NAMES.items():
        assert prspread.status_name(code) == name
        if code != _raw.PR_OK:
            cls = errors.BY_STATUS[code]
            assert issubclass(cls, prspread.Error) and cls.status == code
    assert prspread.status_name(12345) == "PR_ERR_UNKNOWN"
    assert issubclass(prspread.InvalidArgumentError, ValueError)
    assert issubclass(prspread.IOError, OSError)


def test_error_carries_the_message_and_status():
    err = errors.from_status(_raw.PR_ERR_OUT_OF_RANGE, "pr_something")
    assert isinstance(err, prspread.OutOfRangeError)
    assert err.status == _raw.PR_ERR_OUT_OF_RANGE
    assert err.message == prspread.last_error()
    assert "pr_something" in str(err) and "PR_ERR_OUT_OF_RANGE" in str(err)


def test_every_table_function_has_types_applied():
    for name, restype, argtypes in _raw.FUNCTIONS:
        fn = getattr(prspread._clib, name)
        assert fn.restype is restype
        assert tuple(fn.argtypes) == tuple(argtypes)


def test_bad_library_path_is_a_clear_import_error(tmp_path):
    env = dict(os.environ, PRSPREAD_LIBRARY=str(tmp_path / "nope.so"))
    r = subprocess.run([sys.executable, "-c", "import prspread"], cwd=PKG_DIR, env=env,
                       capture_output=True, text=True)
    assert r.returncode != 0
    assert "PRSPREAD_LIBRARY" in r.stderr and "nope.so" in r.stderr


def test_soname_fallback_through_the_loader_path():
    lib = os.environ.get("PRSPREAD_LIBRARY")
    if not lib:
        pytest.skip("needs PRSPREAD_LIBRARY to know where the build is")
    env = {k: v for k, v in os.environ.items() if k != "PRSPREAD_LIBRARY"}
    env["LD_LIBRARY_PATH"] = os.path.dirname(lib)
    r = subprocess.run([sys.executable, "-c", "import prspread; print(prspread.library_path)"],
                       cwd=PKG_DIR, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "libprspread.so.0"


# ---- arrays ---------------------------------------------------------------

def test_check_array_accepts_the_right_array_without_copy():
    a = np.zeros((3, 4), np.float32)
    b = arrays.check_array(a, "x", np.float32, shape=(3, None))
    assert b is a
    p = arrays.ptr(a)
    p[5] = 2.5
    assert a[1, 1] == 2.5


@pytest.mark.parametrize("bad, exc, words", [
    ([1.0, 2.0], TypeError, ["'emb'", "numpy.ndarray"]),
    (np.zeros((3, 4), np.float64), TypeError, ["'emb'", "float32", "float64"]),
    (np.zeros((4, 3), np.float32).T, ValueError, ["'emb'", "C-contiguous"]),
    (np.zeros((3, 5), np.float32), ValueError, ["'emb'", "shape"]),
    (np.zeros(12, np.float32), ValueError, ["'emb'", "2-D"]),
])
def test_check_array_rejects_with_the_argument_name(bad, exc, words):
    with pytest.raises(exc) as e:
        arrays.check_array(bad, "emb", np.float32, shape=(3, 4))
    for w in words:
        assert w in str(e.value)


def test_check_array_rejects_read_only_output():
    a = np.zeros(3, np.float64)
    a.setflags(write=False)
    with pytest.raises(ValueError, match="'out'.*writable"):
        arrays.check_array(a, "out", np.float64, writable=True)


# ---- handles (with a stand-in free function that records calls) ------------

FREED = []


@ctypes.CFUNCTYPE(None, ctypes.c_void_p)
def _record_free(p):
    FREED.append(p)


class _FakeLib:
    pr_fake_free = _record_free


class Fake(Handle):
    _free_name = "pr_fake_free"


@pytest.fixture
def fake_lib(monkeypatch):
    from prspread import _lib
    monkeypatch.setattr(_lib, "lib", _FakeLib)
    FREED.clear()
    yield


def test_handle_close_frees_once_and_blocks_use(fake_lib):
    h = Fake(0x1000)
    with h:
        assert h._as_parameter_.value == 0x1000
    assert FREED == [0x1000]
    h.close()
    assert FREED == [0x1000]
    with pytest.raises(ValueError, match="closed"):
        h._as_parameter_


def test_handle_garbage_collection_frees(fake_lib):
    import gc
    h = Fake(0x2000)
    del h
    gc.collect()
    assert FREED == [0x2000]


def test_child_keeps_parent_alive(fake_lib):
    import gc
    parent = Fake(0x3000)
    child = Fake(0x4000, parents=(parent,))
    parent.close()           # child still needs it: only marked closed
    assert FREED == [] and parent.closed
    del parent
    gc.collect()
    assert FREED == []
    child.close()
    del child
    gc.collect()
    assert FREED == [0x4000, 0x3000]


# ---- progress --------------------------------------------------------------

def test_progress_user_callback_and_cancel():
    seen = []
    p = prspread.Progress(lambda d, t: seen.append((d, t)) or d >= 2, desc="t")
    assert p.fn(None, 1, 4) == 0
    assert p.fn(None, 2, 4) == 1
    assert seen == [(1, 4), (2, 4)]


def test_progress_catches_keyboard_interrupt_and_reraises():
    def boom(d, t):
        raise KeyboardInterrupt
    p = prspread.Progress(boom)
    assert p.fn(None, 1, 2) == 1          # cancels instead of escaping into C
    with pytest.raises(KeyboardInterrupt):
        p.reraise()
    p.reraise()                           # only once
