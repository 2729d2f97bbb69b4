#!/usr/bin/python3
"""pr_corpus exact pair counting vs numpy, same tokens, same run.

Draws N i.i.d. Zipf(s) token ids over V with numpy (inverse-CDF, seeded),
writes them as a raw uint16 file (nanoGPT layout), then
  * numpy anchor: keys = a[:-1].astype(uint64) * V + a[1:]; np.unique(keys,
    return_counts=True)  -- the same exact counts, single-threaded;
  * prspread: bench/bench_corpus on the same file (all cores unless --threads).
Runs --repeats rounds, each numpy once then prspread (median of 3) right
after, and reports medians, tokens/s, the median per-round ratio, and peak RSS.

Usage: bench/bench_corpus.py BUILD_DIR [--n 1e8] [--vocab 50257] [--zipf 1.0]
                             [--repeats 3] [--threads 0]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

# The anchor runs with OpenBLAS's Skylake-X kernels (numpy's sort does not use
# BLAS, but the setting is stated for every anchor in bench/).
os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
import numpy as np  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--n", type=float, default=1e8)
    ap.add_argument("--vocab", type=int, default=50257)
    ap.add_argument("--zipf", type=float, default=1.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--tokens", help="reuse this raw uint16 token file")
    args = ap.parse_args()
    n, V = int(args.n), args.vocab

    print(f"OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} (set by this script for the anchor)")
    print(f"numpy {np.__version__}; cores visible: {os.cpu_count()}; load average {os.getloadavg()}")
    path = args.tokens
    if path is None or not os.path.exists(path):
        rng = np.random.default_rng(42)
        cdf = np.cumsum(1.0 / np.arange(1, V + 1) ** args.zipf)
        cdf /= cdf[-1]
        x = np.empty(n, dtype=np.uint16)
        step = 10_000_000
        for i in range(0, n, step):
            u = rng.random(min(step, n - i))
            x[i:i + step] = np.minimum(np.searchsorted(cdf, u), V - 1)
        path = path or os.path.join(tempfile.gettempdir(), f"bench_corpus_{n}_{V}.u16")
        x.tofile(path)
    x = np.fromfile(path, dtype=np.uint16)
    n = len(x)
    print(f"tokens: {n:,} i.i.d. Zipf(s={args.zipf}) ids over V={V}, file {path}")

    # Rounds interleave the two tools (numpy once, then prspread's median of
    # three), so a burst of load from the shared machine hits both; the ratio
    # is the median of the per-round ratios.
    exe = os.path.join(args.build_dir, "bench", "bench_corpus")
    rounds = []
    for _ in range(args.repeats):
        c0 = time.process_time()
        t0 = time.perf_counter()
        keys = x[:-1].astype(np.uint64) * np.uint64(V) + x[1:]
        uniq, counts = np.unique(keys, return_counts=True)
        np_wall, np_cpu = time.perf_counter() - t0, time.process_time() - c0
        nnz_np = len(uniq)
        del keys, uniq, counts
        out = subprocess.run([exe, "--tokens", path, "--vocab", str(V), "--repeats", "3",
                              "--threads", str(args.threads)], check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        if r["nnz"] != nnz_np:
            print(f"MISMATCH: nnz {r['nnz']} differs from numpy's {nnz_np}", file=sys.stderr)
            return 1
        rounds.append((np_wall, np_cpu, r))
        print(f"round {len(rounds)}: numpy {np_wall:.3f} s (CPU {np_cpu:.3f} s), prspread {r['median_s']:.3f} s "
              f"(CPU {r['cpu_s']:.3f} s): {np_wall / r['median_s']:.1f}x; load {os.getloadavg()[0]:.2f}")

    def med(v):
        return sorted(v)[len(v) // 2]

    np_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    np_med, np_cpu = med([w for w, _, _ in rounds]), med([c for _, c, _ in rounds])
    pr_med, pr_cpu = med([r["median_s"] for _, _, r in rounds]), med([r["cpu_s"] for _, _, r in rounds])
    r = rounds[-1][2]
    print(f"numpy  : median {np_med:.3f} s (CPU {np_cpu:.3f} s) over {args.repeats}, {n / np_med / 1e6:.1f} M tokens/s, "
          f"nnz {nnz_np:,}, peak RSS {np_rss:.0f} MB (incl. the {x.nbytes / 2**20:.0f} MB token array)")
    print(f"prspread: median {pr_med:.3f} s (CPU {pr_cpu:.3f} s) over {args.repeats} rounds, "
          f"{n / pr_med / 1e6:.1f} M tokens/s, nnz {r['nnz']:,}, threads {r['threads_used']}, "
          f"peak RSS {r['peak_rss_mb']:.0f} MB (incl. the {r['input_mb']:.0f} MB token array)")
    wall_ratio = med([w / r["median_s"] for w, _, r in rounds])
    cpu_ratio = med([c / r["cpu_s"] for _, c, r in rounds])
    print(f"ratio prspread/numpy: {wall_ratio:.1f}x wall time (median of per-round ratios); "
          f"{cpu_ratio:.1f}x CPU time; with {r['threads_used']} dedicated cores the CPU ratio "
          f"predicts {r['threads_used'] * cpu_ratio:.1f}x wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
