#!/usr/bin/python3
"""PPMI-SVD at GPT-2's vocabulary: prspread against numpy/scipy in the same run.

Counts a synthetic Zipf Markov stream (pr_synth defaults: V = 50257, Zipf
s = 1, structure 0.6, 4 successors) with pr_corpus, then times
  * prspread  pr_embeddings_ppmi_svd_f32 (sparse PPMI from the counts plus the
              randomized SVD: l = d + 10 columns, q power iterations, all
              threads), via the Python binding;
  * anchor    the same algorithm in numpy/scipy: PPMI as a scipy.sparse CSR
              built from the exported counts with vectorised numpy, products
              with scipy.sparse, np.linalg.qr, np.linalg.svd (same l and q);
  * optional  scipy.sparse.linalg.svds(k = d) (ARPACK), once, as a second
              accuracy reference (--svds).
Reports the medians of --repeats runs, the ratio anchor / prspread, and the
agreement of the two results (singular values, principal cosines).

    OPENBLAS_CORETYPE=SkylakeX is set here, for the anchors' BLAS only.
    usage: PRSPREAD_LIBRARY=build/libprspread.so /usr/bin/python3 \\
           bench/transition/bench_ppmi_svd.py [--tokens 2e7] [--d 64] [--q 4] [--repeats 3] [--svds]
"""
import argparse
import os
import sys
import time

os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
import scipy.sparse.linalg as spla  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bindings", "python"))
import prspread  # noqa: E402
from prspread import transition as tr  # noqa: E402
from prspread.corpus import Corpus  # noqa: E402
from prspread.synth import Synth  # noqa: E402


def median(xs):
    return sorted(xs)[len(xs) // 2]


def numpy_ppmi(row_ptr, col, counts, V):
    C = sp.csr_matrix((counts.astype(np.float64), col, row_ptr), shape=(V, V))
    row = np.asarray(C.sum(1)).ravel()
    ctx = np.asarray(C.sum(0)).ravel()
    rows = np.repeat(np.arange(V), np.diff(row_ptr).astype(np.int64))
    with np.errstate(divide="ignore"):
        pmi = np.log(C.data) + np.log(C.sum()) - np.log(row[rows]) - np.log(ctx[C.indices])
    keep = pmi > 0
    return sp.csr_matrix((pmi[keep], C.indices[keep], np.concatenate([[0], np.cumsum(
        np.bincount(rows[keep], minlength=V))])), shape=(V, V))


def numpy_randomized_svd(P, d, p, q, seed):
    V = P.shape[0]
    l = min(d + p, V)
    Pt = P.T.tocsr()
    Q, _ = np.linalg.qr(P @ np.random.default_rng(seed).standard_normal((V, l)))
    for _ in range(q):
        Z, _ = np.linalg.qr(Pt @ Q)
        Q, _ = np.linalg.qr(P @ Z)
    Ub, s, _ = np.linalg.svd((Pt @ Q).T, full_matrices=False)
    return Q @ Ub[:, :d], s[:d]


def principal_cosines(U, W):
    return np.linalg.svd(U.T @ W, compute_uv=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", type=float, default=2e7)
    ap.add_argument("--d", type=int, default=64)
    ap.add_argument("--q", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--svds", action="store_true")
    a = ap.parse_args()
    V, d, p, q, n = 50257, a.d, 10, a.q, int(a.tokens)
    print(f"OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} (set by this script for numpy/scipy)")
    print(f"prspread {prspread.version()} ({prspread.build_isa()}), numpy {np.__version__}, "
          f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")
    t0 = time.perf_counter()
    synth, corpus = Synth(vocab_size=V), Corpus(V)
    chunk = 10_000_000
    for start in range(0, n, chunk):
        corpus.add(synth.generate(min(chunk, n - start)))
    row_ptr, col, counts = corpus.to_csr()
    print(f"corpus: {n:.3g} tokens, V = {V}, nnz = {col.size:,} ({time.perf_counter() - t0:.1f} s to generate and count)")
    print(f"PPMI-SVD: d = {d}, oversampling {p}, power iterations {q}, {a.repeats} repeats (median)")

    ours, theirs = [], []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        E, s = tr.ppmi_svd_embeddings(corpus, d, power_iterations=q, return_singular_values=True)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        P = numpy_ppmi(row_ptr, col, counts, V)
        U_np, s_np = numpy_randomized_svd(P, d, p, q, 1)
        theirs.append(time.perf_counter() - t0)
    print(f"  PPMI nnz = {P.nnz:,}")
    print(f"  prspread            {median(ours):7.2f} s  (runs: {', '.join(f'{t:.2f}' for t in ours)})")
    print(f"  numpy/scipy anchor  {median(theirs):7.2f} s  (runs: {', '.join(f'{t:.2f}' for t in theirs)})")
    print(f"  ratio anchor / prspread = {median(theirs) / median(ours):.2f}x")
    U = E.astype(np.float64) / np.sqrt(s)
    cos = principal_cosines(U, U_np)
    print(f"  agreement: max |s - s_np| / s_np = {np.max(np.abs(s - s_np) / s_np):.2e}, "
          f"principal cosines min {cos.min():.6f}, top-8 min {principal_cosines(U[:, :8], U_np[:, :8]).min():.9f}")
    print(f"  singular values: s_1 = {s[0]:.3f}, s_{d} = {s[-1]:.3f}")
    if a.svds:
        t0 = time.perf_counter()
        Us, ss, _ = spla.svds(P, k=d, tol=1e-10)
        t_svds = time.perf_counter() - t0
        order = np.argsort(ss)[::-1]
        Us, ss = Us[:, order], ss[order]
        print(f"  scipy svds (ARPACK, k = {d}): {t_svds:.2f} s (ratio {t_svds / median(ours):.2f}x); prspread vs svds: "
              f"max rel. singular-value error {np.max(np.abs(s - ss) / ss):.2e}, "
              f"captured energy {np.sum((P.T @ U) ** 2) / np.sum(ss ** 2):.6f}, "
              f"principal cosines min {principal_cosines(U, Us).min():.6f}")


if __name__ == "__main__":
    main()
