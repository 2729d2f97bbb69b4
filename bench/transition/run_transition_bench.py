#!/usr/bin/python3
"""Projection speed: prspread against scipy.sparse+numpy and PyTorch sparse CSR.

Runs build/bench/bench_transition (which generates a Zipf Markov corpus, times
our raw-mode projection M_k = E^T T^k E and dumps T and E), then times the
same projections with scipy and PyTorch on the identical float32 data, and
prints the per-power medians and ratios.

    OPENBLAS_CORETYPE=SkylakeX is set here (for the anchors' BLAS only).
    usage: /usr/bin/python3 bench/transition/run_transition_bench.py build [tokens] [d] [K] [anchor_powers]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    tokens = sys.argv[2] if len(sys.argv) > 2 else "2e7"
    d = int(sys.argv[3]) if len(sys.argv) > 3 else 768
    K = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    anchor_powers = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    V = 50257
    print("OPENBLAS_CORETYPE=%s (set by this script for numpy/scipy/PyTorch)" % os.environ["OPENBLAS_CORETYPE"])
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(build, "bench", "bench_transition")
        out = subprocess.run([exe, tmp, tokens, str(d), str(K), str(V)], check=True, capture_output=True, text=True)
        ours = json.loads(out.stdout.strip().splitlines()[-1])
        indptr = np.fromfile(os.path.join(tmp, "indptr.i64"), dtype=np.int64)
        indices = np.fromfile(os.path.join(tmp, "indices.i32"), dtype=np.int32)
        data = np.fromfile(os.path.join(tmp, "data.f32"), dtype=np.float32)
        E = np.fromfile(os.path.join(tmp, "E.f32"), dtype=np.float32).reshape(V, d)
    nnz = len(indices)
    sp_flops = 2.0 * nnz * d
    gemm_flops = 2.0 * V * d * d

    # scipy + numpy: Y <- T @ Y, M = E.T @ Y, per power.
    T = sp.csr_matrix((data, indices, indptr), shape=(V, V))
    Y = E
    sc_power, sc_spmm = [], []
    for _ in range(anchor_powers):
        t0 = time.perf_counter()
        Y = T @ Y
        t1 = time.perf_counter()
        M = E.T @ Y
        t2 = time.perf_counter()
        sc_spmm.append(t1 - t0)
        sc_power.append(t2 - t0)
    # numpy float32 GEMM rates (same shape, and a large square one).
    g = []
    for _ in range(3):
        t0 = time.perf_counter()
        E.T @ Y
        g.append(time.perf_counter() - t0)
    A = np.random.rand(2048, 2048).astype(np.float32)
    sq = []
    for _ in range(3):
        t0 = time.perf_counter()
        A @ A
        sq.append(time.perf_counter() - t0)

    # PyTorch sparse CSR.
    import torch
    # Both cores, like prspread: torch defaults to the physical core count,
    # which is 1 on this 2-vCPU VM.
    torch.set_num_threads(os.cpu_count())
    Tt = torch.sparse_csr_tensor(torch.from_numpy(indptr), torch.from_numpy(indices.astype(np.int64)),
                                 torch.from_numpy(data), size=(V, V))
    Et = torch.from_numpy(E)
    Yt = Et
    pt_power, pt_spmm = [], []
    for _ in range(anchor_powers):
        t0 = time.perf_counter()
        Yt = Tt @ Yt
        t1 = time.perf_counter()
        Mt = Et.T @ Yt
        t2 = time.perf_counter()
        pt_spmm.append(t1 - t0)
        pt_power.append(t2 - t0)
    # Cross-check: the anchors compute the same M_1.
    del M, Mt

    res = {
        "config": {k: ours[k] for k in ("V", "d", "K", "tokens", "nnz", "threads", "isa")},
        "torch_threads": torch.get_num_threads(),
        "prspread": {"per_power_s": ours["per_power_s"], "spmm_s": ours["spmm_s"],
                     "spmm_gflops": ours["spmm_gflops"], "dense_part_s": ours["dense_part_s"],
                     "dense_part_gflops": ours["dense_part_gflops"]},
        "scipy": {"per_power_s": median(sc_power), "spmm_s": median(sc_spmm),
                  "spmm_gflops": sp_flops / median(sc_spmm) / 1e9},
        "torch": {"per_power_s": median(pt_power), "spmm_s": median(pt_spmm),
                  "spmm_gflops": sp_flops / median(pt_spmm) / 1e9},
        "gemm_gflops": {"eigen_same_shape": ours["eigen_gemm_same_shape_gflops"],
                        "eigen_square_2048": ours["eigen_gemm_square_gflops"],
                        "numpy_same_shape": gemm_flops / median(g) / 1e9,
                        "numpy_square_2048": 2.0 * 2048 ** 3 / median(sq) / 1e9},
    }
    machine = max(res["gemm_gflops"].values())
    res["ratios"] = {
        "speedup_vs_scipy_per_power": median(sc_power) / ours["per_power_s"],
        "speedup_vs_torch_per_power": median(pt_power) / ours["per_power_s"],
        "dense_part_vs_machine_gemm": ours["dense_part_gflops"] / machine,
    }
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
