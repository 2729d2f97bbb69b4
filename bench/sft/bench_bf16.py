"""Training speed of pr_sft with precision bf16 against our own fp32, on the
nanoGPT shape (6L-6H-d384, T256, B16, bytes), interleaved in one run, with
PyTorch fp32 and torch.autocast("cpu", dtype=torch.bfloat16) anchors on the
same model and batch (skip them with torch=0).

usage: /usr/bin/python3 bench_bf16.py LIBPRSPREAD [steps=4] [rounds=5] [threads=2] [torch=1]

Each round runs every contender for `steps` steps back to back (order
rotated per round), so a round's contenders share the machine's load; the
ratios are the median over rounds of each round's own ratio, and every
round is printed.  The machine's load average is printed with each round.
OPENBLAS_CORETYPE=SkylakeX is set here (before torch loads) so PyTorch's
fp32 gets OpenBLAS's AVX-512 kernels (see bench_speed.py).  MFU: model
FLOPs per token as in bench_speed.py, against the same run's GEMM peaks
measured by torch.mm at 2048^3 in fp32 and in bf16."""
import os
import statistics
import sys
import time

os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "python"))
from sft_ctypes import Sft  # noqa: E402

lib = sys.argv[1]
args = dict(a.split("=") for a in sys.argv[2:])
STEPS, ROUNDS, THREADS = int(args.get("steps", 4)), int(args.get("rounds", 5)), int(args.get("threads", 2))
WITH_TORCH = args.get("torch", "1") != "0"
L, H, d, T, B, V = 6, 6, 384, 256, 16, 256
data = np.frombuffer(open(os.environ.get("PRSPREAD_CORPUS", "/work/shared/corpora/tinyshakespeare.txt"), "rb")
                     .read(), np.uint8)


def load():
    return open("/proc/loadavg").read().split()[0]


def ours(precision):
    m = Sft(lib, vocab_size=V, context_length=T, n_layer=L, n_head=H, d_model=d, num_threads=THREADS,
            precision=precision)
    m.set_train_options(batch_size=B, max_steps=100000, warmup_steps=10)
    m.set_data_u16(data.astype(np.uint16))
    m.train(1)

    def run():
        t0 = time.perf_counter()
        m.train(STEPS)
        return B * T * STEPS / (time.perf_counter() - t0)
    return run


contenders = {"ours fp32": ours(0), "ours bf16": ours(1)}
if WITH_TORCH:
    import torch  # noqa: E402
    import sft_torch_model as tm  # noqa: E402
    torch.set_num_threads(THREADS)

    def torch_runner(autocast):
        torch.manual_seed(0)
        P = {k: v.requires_grad_() for k, v in tm.init_params(V, T, L, d).items()}
        opt = tm.make_adamw(P, 3e-4, (0.9, 0.95), 1e-8, 0.1)
        src = torch.tensor(data.astype(np.int64))

        def step():
            ix = torch.randint(len(src) - T - 1, (B,))
            x = torch.stack([src[i:i + T] for i in ix])
            y = torch.stack([src[i + 1:i + T + 1] for i in ix])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                logits = tm.forward(P, x, L, H)
            loss = torch.nn.functional.cross_entropy(logits.float().view(-1, V), y.view(-1))
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

    def mm_rate(dtype, n=2048, reps=3):
        a, b = torch.randn(n, n).to(dtype), torch.randn(n, n).to(dtype)
        torch.mm(a, b)
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            torch.mm(a, b)
            ts.append(time.perf_counter() - t0)
        return 2 * n ** 3 / min(ts)

    contenders["PyTorch fp32"] = torch_runner(False)
    contenders["PyTorch autocast bf16"] = torch_runner(True)

names = list(contenders)
rates = {n: [] for n in names}
peaks = {"fp32": [], "bf16": []}
print(f"# 6L-6H-d384 T256 B16 V256, threads {THREADS}, {STEPS} steps x {ROUNDS} rounds; "
      f"OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']}; load at start {load()}", flush=True)
for r in range(ROUNDS):
    order = names[r % len(names):] + names[:r % len(names)]
    for n in order:
        rates[n].append(contenders[n]())
    if WITH_TORCH:
        peaks["fp32"].append(mm_rate(torch.float32))
        peaks["bf16"].append(mm_rate(torch.bfloat16))
    print(f"round {r + 1} (load {load()}): " + ", ".join(f"{n} {rates[n][-1]:,.0f} tok/s" for n in names) +
          f"; bf16/fp32 {rates['ours bf16'][-1] / rates['ours fp32'][-1]:.2f}x", flush=True)


def ratio(a, b):
    rs = [x / y for x, y in zip(rates[a], rates[b])]
    return statistics.median(rs), ", ".join(f"{x:.2f}" for x in rs)


fpt = 6 * (L * 12 * d * d + V * d) + 12 * L * T * d
print(f"\n| contender | tok/s (median) | ms/step | rounds (tok/s) |\n|---|---|---|---|")
for n in names:
    med = statistics.median(rates[n])
    print(f"| {n} | {med:,.0f} | {1e3 * B * T / med:.0f} | {', '.join(f'{x:,.0f}' for x in rates[n])} |")
print("\n| ratio | median of rounds | every round |\n|---|---|---|")
pairs = [("ours bf16", "ours fp32")]
if WITH_TORCH:
    pairs += [("ours bf16", "PyTorch fp32"), ("ours bf16", "PyTorch autocast bf16"), ("ours fp32", "PyTorch fp32"),
              ("PyTorch autocast bf16", "PyTorch fp32")]
for a, b in pairs:
    m, every = ratio(a, b)
    print(f"| {a} / {b} | {m:.2f}x | {every} |")
if WITH_TORCH:
    p32, p16 = statistics.median(peaks["fp32"]), statistics.median(peaks["bf16"])
    print(f"\nGEMM peaks (torch.mm 2048^3, same run): fp32 {p32 / 1e9:.0f} GFLOP/s, bf16 {p16 / 1e9:.0f} GFLOP/s")
    for n in names:
        med = statistics.median(rates[n])
        print(f"MFU {n}: {100 * fpt * med / p32:.0f}% of the fp32 peak, {100 * fpt * med / p16:.0f}% of the bf16 peak")
print(f"# load at end {load()}")
