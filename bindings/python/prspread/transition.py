"""pr_transition: T, pi, powers through embeddings, spectra, PR tables and
similarities (with their nulls)."""
import ctypes
from dataclasses import dataclass

import numpy as np

from . import _raw
from ._call import call, check
from ._handle import Handle
from ._lib import lib
from ._structs import fill, to_dataclass
from .arrays import check_array, ptr
from .progress import Progress

MODES = {"raw": _raw.PR_MODE_RAW, "center_embeddings": _raw.PR_MODE_CENTER_EMBEDDINGS,
         "subtract_stationary": _raw.PR_MODE_SUBTRACT_STATIONARY, "flux": _raw.PR_MODE_FLUX}
PARTS = {"full": _raw.PR_PART_FULL, "antisymmetric": _raw.PR_PART_ANTISYMMETRIC,
         "symmetric": _raw.PR_PART_SYMMETRIC}
DANGLING = {"uniform": _raw.PR_DANGLING_UNIFORM, "self_loop": _raw.PR_DANGLING_SELF_LOOP,
            "stationary": _raw.PR_DANGLING_STATIONARY}
STATIONARY = {"power": _raw.PR_STATIONARY_POWER, "unigram": _raw.PR_STATIONARY_UNIGRAM}


def _enum(table, value, name):
    if isinstance(value, str):
        if value not in table:
            raise ValueError(f"argument '{name}' = {value!r}: expected one of {sorted(table)}")
        return table[value]
    return int(value)


def mode_name(mode):
    """The library's name of a projection mode ("raw", "flux", ...)."""
    return lib.pr_projection_mode_name(int(mode)).decode()


def _projection_options(max_power, mode, progress):
    opts = _raw.pr_projection_options()
    lib.pr_projection_options_init(ctypes.byref(opts))
    fill(opts, "projection", max_power=max_power, mode=None if mode is None else _enum(MODES, mode, "mode"))
    opts.progress = progress.fn
    opts.progress_user = None
    return opts


def _call_progress(progress, name, *args):
    with progress:
        status = getattr(lib, name)(*args)
    if status == _raw.PR_ERR_CANCELLED:
        progress.reraise()
    check(status, name)


def _square(M, name):
    if not isinstance(M, np.ndarray) or M.ndim != 2 or M.shape[0] != M.shape[1]:
        shape = getattr(M, "shape", type(M).__name__)
        raise ValueError(f"argument '{name}' must be a square 2-D array, got {shape}")
    return check_array(M, name, np.float64, ndim=2)


def _transition_options(alpha=None, dangling=None, stationary=None, tolerance=None,
                        max_iterations=None, num_threads=None):
    opts = _raw.pr_transition_options()
    lib.pr_transition_options_init(ctypes.byref(opts))
    return fill(opts, "Transition", alpha=alpha, tolerance=tolerance, max_iterations=max_iterations,
                num_threads=num_threads,
                dangling=None if dangling is None else _enum(DANGLING, dangling, "dangling"),
                stationary=None if stationary is None else _enum(STATIONARY, stationary, "stationary"))


class Transition(Handle):
    """Row-stochastic T built from bigram counts; immutable, so one
    Transition may be used by several threads at once (header rule)."""
    _free_name = "pr_transition_free"

    def __init__(self, vocab_size, row_ptr, col, count, unigram=None, alpha=None,
                 dangling=None, stationary=None, tolerance=None, max_iterations=None, num_threads=None):
        """From CSR counts (copied): row_ptr uint64[V+1], col uint32[nnz],
        count uint64[nnz], unigram uint64[V] or None."""
        check_array(row_ptr, "row_ptr", np.uint64, shape=(vocab_size + 1,))
        check_array(col, "col", np.uint32, ndim=1)
        check_array(count, "count", np.uint64, shape=(col.size,))
        if unigram is not None:
            check_array(unigram, "unigram", np.uint64, shape=(vocab_size,))
        opts = _transition_options(alpha=alpha, dangling=dangling, stationary=stationary,
                                   tolerance=tolerance, max_iterations=max_iterations, num_threads=num_threads)
        out = ctypes.c_void_p()
        call("pr_transition_create_csr", ctypes.byref(out), vocab_size, ptr(row_ptr), ptr(col),
             ptr(count), None if unigram is None else ptr(unigram), ctypes.byref(opts))
        super().__init__(out.value)

    @classmethod
    def from_corpus(cls, corpus, **options):
        """T of a Corpus's counts, built by the library from the corpus
        directly (copied; the corpus may be closed afterwards).  Options as
        for the constructor."""
        opts = _transition_options(**options)
        out = ctypes.c_void_p()
        call("pr_transition_create", ctypes.byref(out), corpus, ctypes.byref(opts))
        self = cls.__new__(cls)
        Handle.__init__(self, out.value)
        return self

    def info(self):
        out = _raw.pr_transition_info()
        call("pr_transition_info_get", self, ctypes.byref(out))
        return to_dataclass(out)

    @property
    def vocab_size(self):
        return self.info().vocab_size

    def stationary(self):
        """pi, float64[V]."""
        pi = np.empty(self.vocab_size, np.float64)
        call("pr_transition_stationary_f64", self, ptr(pi), pi.size)
        return pi

    def entry(self, a, b):
        out = ctypes.c_double()
        call("pr_transition_entry_f64", self, int(a), int(b), ctypes.byref(out))
        return out.value

    def irreversibility(self):
        out = _raw.pr_irreversibility()
        call("pr_transition_irreversibility", self, ctypes.byref(out))
        return to_dataclass(out)

    def apply(self, X, out=None):
        """Y = T X for X float32[V, d]."""
        check_array(X, "X", np.float32, ndim=2)
        if out is None:
            out = np.empty_like(X)
        check_array(out, "out", np.float32, shape=X.shape, writable=True)
        call("pr_transition_apply_f32", self, ptr(X), X.shape[0], X.shape[1], ptr(out))
        return out

    def project(self, E, max_power=None, mode="raw", progress=None):
        """M_k = E^T (T^k in the chosen form) E for k = 1..K: float64[K, d, d].
        E is float32[V, d], read in place."""
        check_array(E, "E", np.float32, ndim=2)
        p = Progress(progress, desc="powers")
        opts = _projection_options(max_power, mode, p)
        K, d = opts.max_power, E.shape[1]
        M = np.empty((K, d, d), np.float64)
        _call_progress(p, "pr_transition_project_f32", self, ptr(E), E.shape[0], d,
                       ctypes.byref(opts), ptr(M), M.size)
        return M

    def pr_table(self, E, max_power=None, progress=None):
        """PR(A_k) for every power and mode: a list of PrRow dataclasses
        (ordered by power, then mode).  See PrTable.from_rows for arrays."""
        check_array(E, "E", np.float32, ndim=2)
        p = Progress(progress, desc="PR table")
        opts = _projection_options(max_power, None, p)
        needed = ctypes.c_size_t()
        call("pr_transition_pr_table_f32", self, ptr(E), E.shape[0], E.shape[1],
             ctypes.byref(opts), None, 0, ctypes.byref(needed))
        rows = (_raw.pr_pr_row * needed.value)()
        _call_progress(p, "pr_transition_pr_table_f32", self, ptr(E), E.shape[0], E.shape[1],
                       ctypes.byref(opts), rows, needed.value, ctypes.byref(needed))
        return [to_dataclass(r) for r in rows]


@dataclass(frozen=True)
class PrTable:
    """The PR table as arrays: powers[K] and {mode name: values[K]} per field."""
    powers: np.ndarray
    pr: dict
    planes: dict
    effective_rank: dict
    top_plane_share: dict

    @classmethod
    def from_rows(cls, rows):
        powers = np.array(sorted({r.power for r in rows}))
        fields = {f: {} for f in ("pr", "planes", "effective_rank", "top_plane_share")}
        for f, table in fields.items():
            for r in rows:
                table.setdefault(r.mode_name, np.full(powers.size, np.nan))[
                    np.searchsorted(powers, r.power)] = getattr(r, f)
        return cls(powers, **fields)


# ---- matrix functions (no handle; thread-safe) ------------------------------

def split_sym_antisym(M):
    """(S, A) with S = (M + M^T)/2, A = (M - M^T)/2."""
    M = _square(M, "M")
    S, A = np.empty_like(M), np.empty_like(M)
    call("pr_split_sym_antisym_f64", ptr(M), M.shape[0], ptr(S), ptr(A))
    return S, A


def spectrum(M, return_singular_values=False):
    """Spectrum (pr, planes, effective/stable rank, norms) of a d x d matrix."""
    M = _square(M, "M")
    out = _raw.pr_spectrum()
    sv = np.empty(M.shape[0], np.float64)
    call("pr_spectrum_f64", ptr(M), M.shape[0], ptr(sv), ctypes.byref(out))
    s = to_dataclass(out)
    return (s, sv) if return_singular_values else s


def spectrum_antisym(M, return_frequencies=False):
    """Spectrum of the antisymmetric part of M; pr counts both members of a
    rotation pair (one plane: pr = 2, planes = 1)."""
    M = _square(M, "M")
    out = _raw.pr_spectrum()
    w = np.empty(M.shape[0] // 2, np.float64)
    call("pr_spectrum_antisym_f64", ptr(M), M.shape[0], ptr(w) if w.size else None, ctypes.byref(out))
    s = to_dataclass(out)
    return (s, w) if return_frequencies else s


def top_planes(M, planes, part="antisymmetric"):
    """Orthonormal basis float64[d, 2*planes] of the top invariant planes."""
    M = _square(M, "M")
    d = M.shape[0]
    basis = np.empty((d, 2 * int(planes)), np.float64)
    call("pr_top_planes_f64", ptr(M), d, _enum(PARTS, part, "part"), int(planes), ptr(basis), basis.size)
    return basis


def similarity(A, B, part=None, planes=None, null_samples=None, seed=None):
    """Frobenius cosine, subspace overlap and spectrum cosine of two d x d
    matrices, each with its null (mean, std, z)."""
    A, B = _square(A, "A"), _square(B, "B")
    if A.shape != B.shape:
        raise ValueError(f"arguments 'A' {A.shape} and 'B' {B.shape} must have the same shape")
    opts = _raw.pr_similarity_options()
    lib.pr_similarity_options_init(ctypes.byref(opts))
    fill(opts, "similarity", part=None if part is None else _enum(PARTS, part, "part"),
         planes=planes, null_samples=null_samples, seed=seed)
    out = _raw.pr_similarity()
    call("pr_similarity_f64", ptr(A), ptr(B), A.shape[0], ctypes.byref(opts), ctypes.byref(out))
    return to_dataclass(out)


def principal_cosines(A, B, planes, part="antisymmetric"):
    """Cosines of the 2*planes principal angles, descending."""
    A, B = _square(A, "A"), _square(B, "B")
    if A.shape != B.shape:
        raise ValueError(f"arguments 'A' {A.shape} and 'B' {B.shape} must have the same shape")
    cos = np.empty(2 * int(planes), np.float64)
    call("pr_principal_cosines_f64", ptr(A), ptr(B), A.shape[0], _enum(PARTS, part, "part"),
         int(planes), ptr(cos))
    return cos


def gaussian_embeddings(rows, d, seed=0, scale=1.0, mean_strength=0.0, out=None):
    """Seeded Gaussian embeddings float32 [rows, d]: scale * (z_a +
    mean_strength * sqrt(d) * m) with one shared unit direction m.  A large
    mean_strength mimics trained embeddings (and locks raw PR at 2)."""
    if out is None:
        out = np.empty((int(rows), int(d)), np.float32)
    check_array(out, "out", np.float32, shape=(int(rows), int(d)), writable=True)
    call("pr_embeddings_gaussian_f32", ptr(out), out.shape[0], out.shape[1], int(seed), float(scale),
         float(mean_strength))
    return out


def load_embeddings(path, name=None):
    """A V x d embedding as float32 from .npy (any float dtype) or from
    tensor `name` of a safetensors file."""
    import os
    rows, d = ctypes.c_size_t(), ctypes.c_size_t()
    p = os.fsencode(path)
    n = None if name is None else name.encode()
    call("pr_embeddings_load_f32", p, n, None, 0, ctypes.byref(rows), ctypes.byref(d))
    out = np.empty((rows.value, d.value), np.float32)
    call("pr_embeddings_load_f32", p, n, ptr(out), out.size, ctypes.byref(rows), ctypes.byref(d))
    return out


def ppmi_svd_embeddings(corpus, d, oversampling=None, power_iterations=None, seed=None,
                        context_alpha=None, shift=None, num_threads=None, progress=None,
                        return_singular_values=False):
    """PPMI-SVD embeddings float32 [V, d] of a Corpus's counts, at any V:
    E = U_d sqrt(S_d) of PPMI = max(0, log(C[a,b] / C[a,.]) - log P_ctx(b) - shift)
    (P_ctx(b) proportional to C[.,b]^context_alpha), by a seeded randomized
    SVD (oversampling extra columns, power_iterations subspace iterations;
    the header's defaults when None).  Columns are signed so their
    largest-|.| entry is positive.  With return_singular_values, returns
    (E, s) with s float64[d] descending."""
    opts = _raw.pr_ppmi_options()
    lib.pr_ppmi_options_init(ctypes.byref(opts))
    fill(opts, "ppmi_svd_embeddings", oversampling=oversampling, power_iterations=power_iterations,
         seed=seed, context_alpha=context_alpha, shift=shift, num_threads=num_threads)
    p = Progress(progress, desc="PPMI-SVD")
    opts.progress = p.fn
    opts.progress_user = None
    V, d = corpus.vocab_size, int(d)
    E = np.empty((V, max(d, 0)), np.float32)
    s = np.empty(max(d, 0), np.float64)
    _call_progress(p, "pr_embeddings_ppmi_svd_f32", corpus, ctypes.byref(opts), ptr(E), V, d,
                   ptr(s) if s.size else None)
    return (E, s) if return_singular_values else E
