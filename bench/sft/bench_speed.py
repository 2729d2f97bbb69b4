"""Training speed of pr_sft vs PyTorch on the same model, batch and threads,
in one run, plus model FLOPs utilisation against the float32 GEMM rate
measured in the same run (PyTorch's OpenBLAS sgemm, 2048^3, same threads).

usage: OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench_speed.py LIBPRSPREAD [steps=8] [repeats=3] [threads=2]

OPENBLAS_CORETYPE=SkylakeX is set here (before torch loads) so PyTorch gets
OpenBLAS's AVX-512 kernels; without it Debian's OpenBLAS can run 2-4x slower
on this CPU and the ratio would flatter pr_sft.  Measurements alternate
between the two implementations and report medians, because the machine is
shared.  Model FLOPs per token = 6 * (matmul parameters, including the tied
head V*d) + 12 * n_layer * T * d (attention scores and values, full T x T as
in the PaLM MFU convention)."""
import os
import statistics
import sys
import time

os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "python"))
import sft_torch_model as tm  # noqa: E402
from sft_ctypes import Sft  # noqa: E402

lib = sys.argv[1]
args = dict(a.split("=") for a in sys.argv[2:])
STEPS, REPEATS, THREADS = int(args.get("steps", 8)), int(args.get("repeats", 3)), int(args.get("threads", 2))
torch.set_num_threads(THREADS)
CONFIGS = [("4L-4H-d128 T128 B16 (issue recipe)", 4, 4, 128, 128, 16),
           ("6L-6H-d384 T256 B16 (nanoGPT shakespeare_char)", 6, 6, 384, 256, 16)]
V = 256
print(f"# OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']}, torch {torch.__version__}, threads {THREADS}, "
      f"{STEPS} steps x {REPEATS} repeats, medians")


def gemm_rate(n=2048, reps=5):
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.mm(a, b)
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.mm(a, b)
        ts.append(time.perf_counter() - t0)
    return 2 * n ** 3 / statistics.median(ts)


def flops_per_token(L, d, T):
    return 6 * (L * 12 * d * d + V * d) + 12 * L * T * d


data = np.frombuffer(open(os.environ.get("PRSPREAD_CORPUS", "/work/shared/corpora/tinyshakespeare.txt"), "rb")
                     .read(), np.uint8)


def ours_runner(L, H, d, T, B):
    m = Sft(lib, vocab_size=V, context_length=T, n_layer=L, n_head=H, d_model=d, num_threads=THREADS)
    m.set_train_options(batch_size=B, max_steps=100000, warmup_steps=10)
    m.set_data_u16(data.astype(np.uint16))
    m.train(1)

    def run():
        t0 = time.perf_counter()
        m.train(STEPS)
        return B * T * STEPS / (time.perf_counter() - t0)
    return run


def torch_runner(L, H, d, T, B):
    P = {k: v.requires_grad_() for k, v in tm.init_params(V, T, L, d).items()}
    opt = tm.make_adamw(P, 3e-4, (0.9, 0.95), 1e-8, 0.1)
    src = torch.tensor(data.astype(np.int64))

    def step():
        ix = torch.randint(len(src) - T - 1, (B,))
        x = torch.stack([src[i:i + T] for i in ix])
        y = torch.stack([src[i + 1:i + T + 1] for i in ix])
        loss = torch.nn.functional.cross_entropy(tm.forward(P, x, L, H).view(-1, V), y.view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(P.values()), 1.0)
        opt.step()
    step()

    def run():
        t0 = time.perf_counter()
        for _ in range(STEPS):
            step()
        return B * T * STEPS / (time.perf_counter() - t0)
    return run


rows = []
for name, L, H, d, T, B in CONFIGS:
    ours, ref = ours_runner(L, H, d, T, B), torch_runner(L, H, d, T, B)
    o_rates, t_rates, g_rates = [], [], []
    for _ in range(REPEATS):
        g_rates.append(gemm_rate())
        o_rates.append(ours())
        t_rates.append(ref())
    o, t, g = statistics.median(o_rates), statistics.median(t_rates), statistics.median(g_rates)
    # The ratio is the median over rounds of each round's own ratio: the two
    # runs of a round are seconds apart, so they share the machine's load.
    ratios = sorted(a / b for a, b in zip(o_rates, t_rates))
    r = statistics.median(ratios)
    fpt = flops_per_token(L, d, T)
    rows.append((name, o, t, r, fpt * o / g, fpt * t / g, g))
    print(f"{name}: pr_sft {o:,.0f} tok/s ({1e3 * B * T / o:.0f} ms/step), PyTorch {t:,.0f} tok/s "
          f"({1e3 * B * T / t:.0f} ms/step), ratio {r:.2f}x (rounds {', '.join(f'{x:.2f}' for x in ratios)}); "
          f"GEMM {g / 1e9:.1f} GFLOP/s; MFU pr_sft {100 * fpt * o / g:.0f}%, PyTorch {100 * fpt * t / g:.0f}%",
          flush=True)

print("\n| config | pr_sft tok/s | PyTorch tok/s | ratio (median of rounds) | MFU pr_sft | MFU PyTorch | sgemm GFLOP/s |")
print("|---|---|---|---|---|---|---|")
for name, o, t, r, mo, mt, g in rows:
    print(f"| {name} | {o:,.0f} | {t:,.0f} | {r:.2f}x | {100 * mo:.0f}% | {100 * mt:.0f}% | {g / 1e9:.1f} |")
