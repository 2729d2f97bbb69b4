"""Transition, spectra, PR table and similarity wrappers against dense
numpy references (tolerances stated per check)."""
import signal

import numpy as np
import pytest

import prspread
from prspread import transition as tr
from prspread.corpus import Corpus

V, D = 30, 6


@pytest.fixture(scope="module")
def corpus():
    rng = np.random.default_rng(3)
    # A Markov stream with some directional structure.
    P = rng.random((V, V)) ** 4
    P /= P.sum(1, keepdims=True)
    x = [0]
    for _ in range(20000):
        x.append(rng.choice(V, p=P[x[-1]]))
    c = Corpus(V)
    c.add(np.array(x, np.uint16))
    return c


@pytest.fixture(scope="module")
def T(corpus):
    return tr.Transition.from_corpus(corpus)


@pytest.fixture(scope="module")
def E():
    return np.random.default_rng(5).standard_normal((V, D)).astype(np.float32)


def dense_T(corpus):
    C = np.zeros((V, V))
    row_ptr, col, cnt = corpus.to_csr()
    for a in range(V):
        C[a, col[row_ptr[a]:row_ptr[a + 1]]] = cnt[row_ptr[a]:row_ptr[a + 1]]
    return C / C.sum(1, keepdims=True)


def test_entries_stationary_and_apply(corpus, T, E):
    Td = dense_T(corpus)
    assert T.vocab_size == V
    assert T.entry(3, 4) == pytest.approx(Td[3, 4], abs=1e-12)
    pi = T.stationary()
    assert pi.sum() == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(pi @ Td, pi, atol=1e-9)       # pi T = pi
    np.testing.assert_allclose(T.apply(E), Td @ E.astype(np.float64), rtol=1e-5, atol=1e-5)
    info = T.info()
    assert info.vocab_size == V and info.stationary_converged == 1


def test_project_matches_dense_powers(corpus, T, E):
    Td, Ed = dense_T(corpus), E.astype(np.float64)
    M = T.project(E, max_power=3, mode="raw", progress=False)
    assert M.shape == (3, D, D)
    Tk = np.eye(V)
    for k in range(3):
        Tk = Tk @ Td
        np.testing.assert_allclose(M[k], Ed.T @ Tk @ Ed, rtol=1e-4, atol=1e-4)


def test_pr_table_rows_and_arrays(T, E):
    rows = T.pr_table(E, max_power=4, progress=False)
    assert len(rows) == 4 * len(tr.MODES)
    assert {r.mode_name for r in rows} == set(tr.MODES)
    table = tr.PrTable.from_rows(rows)
    np.testing.assert_array_equal(table.powers, [1, 2, 3, 4])
    np.testing.assert_allclose(table.planes["flux"], table.pr["flux"] / 2)
    # Same numbers as the spectrum of the projected matrix.
    M = T.project(E, max_power=1, mode="flux", progress=False)[0]
    assert table.pr["flux"][0] == pytest.approx(tr.spectrum_antisym(M).pr, rel=1e-6)


def test_progress_callback_cancel_and_ctrl_c(T, E):
    seen = []
    T.project(E, max_power=3, progress=lambda d, t: seen.append((d, t)) and False)
    assert seen[-1] == (3, 3)
    with pytest.raises(prspread.CancelledError):
        T.project(E, max_power=3, progress=lambda d, t: True)

    def interrupt(done, total):
        signal.raise_signal(signal.SIGINT)      # as if Ctrl-C was pressed
    with pytest.raises(KeyboardInterrupt):
        T.project(E, max_power=3, progress=interrupt)
    # The handle is still valid after the cancel.
    assert T.project(E, max_power=1, progress=False).shape == (1, D, D)


def test_spectrum_matches_numpy():
    M = np.random.default_rng(1).standard_normal((8, 8))
    s, sv = tr.spectrum(M, return_singular_values=True)
    ref = np.linalg.svd(M, compute_uv=False)
    np.testing.assert_allclose(sv, ref, rtol=1e-10)
    assert s.pr == pytest.approx((ref ** 2).sum() ** 2 / (ref ** 4).sum(), rel=1e-10)
    assert s.frobenius == pytest.approx(np.linalg.norm(M), rel=1e-12)
    S, A = tr.split_sym_antisym(M)
    np.testing.assert_allclose(S + A, M, atol=1e-14)
    np.testing.assert_allclose(A, -A.T, atol=1e-14)


def test_one_plane_has_pr_two():
    u, v = np.eye(6)[0], np.eye(6)[1]
    A = np.outer(u, v) - np.outer(v, u)
    s, w = tr.spectrum_antisym(A, return_frequencies=True)
    assert s.pr == pytest.approx(2.0, abs=1e-12)
    assert s.planes == pytest.approx(1.0, abs=1e-12)
    assert w[0] == pytest.approx(1.0, abs=1e-12)
    B = tr.top_planes(A, 1)
    np.testing.assert_allclose(B.T @ B, np.eye(2), atol=1e-12)


def test_similarity_with_itself_and_null():
    A = np.random.default_rng(2).standard_normal((10, 10))
    sim = tr.similarity(A, A, planes=2, null_samples=16, seed=3)
    assert sim.frobenius_cosine.value == pytest.approx(1.0, abs=1e-12)
    assert sim.subspace_overlap.value == pytest.approx(1.0, abs=1e-9)
    assert sim.frobenius_cosine.null_mean < 0.9
    cos = tr.principal_cosines(A, A, 2)
    np.testing.assert_allclose(cos, 1.0, atol=1e-9)


def test_matrix_argument_errors_name_the_argument():
    with pytest.raises(ValueError, match="'M'.*square"):
        tr.spectrum(np.zeros((3, 4)))
    with pytest.raises(TypeError, match="'M'.*float64"):
        tr.spectrum(np.zeros((3, 3), np.float32))
    with pytest.raises(ValueError, match="'mode'"):
        tr._enum(tr.MODES, "sideways", "mode")
    with pytest.raises(prspread.NumericError):
        tr.spectrum(np.full((3, 3), np.nan))


def test_tqdm_bar_when_asked(T, E, capsys):
    pytest.importorskip("tqdm")
    p = prspread.Progress(True, desc="powers")
    tr._call_progress(p, "pr_transition_project_f32", T, tr.ptr(E), E.shape[0], E.shape[1],
                      tr.ctypes.byref(tr._projection_options(2, "raw", p)),
                      tr.ptr(np.empty((2, D, D))), 2 * D * D)
    assert p.calls == 2
    assert p.bar is not None and p.bar.n == 2      # the bar followed the library
