"""The PyTorch side of the pr_sft learning-curve comparison: the same model,
init rule, data split, schedule, AdamW groups and clipping, with PyTorch's own
random numbers.  Prints CSV: step,val_loss (every eval_interval steps).

usage: /usr/bin/python3 torch_train.py CORPUS [steps=600] [seed=0] [threads=2]"""
import os
import sys
import time

os.environ.setdefault("OPENBLAS_CORETYPE", "SkylakeX")
import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "python"))
import sft_torch_model as tm  # noqa: E402

args = dict(a.split("=") for a in sys.argv[2:])
steps = int(args.get("steps", 600))
seed = int(args.get("seed", 0))
torch.set_num_threads(int(args.get("threads", 2)))
V, T, L, H, D, B = 256, 128, 4, 4, 128, 16
LR, MIN_LR, WARMUP, HORIZON, WD, CLIP = 3e-3, 0.0, 50, 600, 0.1, 1.0
EVAL_INTERVAL, EVAL_BATCHES = 100, 20

data = np.frombuffer(open(sys.argv[1], "rb").read(), dtype=np.uint8).astype(np.int64)
n_train = int(len(data) * 0.9)
train, val = torch.tensor(data[:n_train]), torch.tensor(data[n_train:])
g = torch.Generator().manual_seed(seed)
P = {k: v.requires_grad_() for k, v in tm.init_params(V, T, L, D, std=0.02, generator=g).items()}
opt = tm.make_adamw(P, LR, (0.9, 0.95), 1e-8, WD)


def batch(src, gen):
    ix = torch.randint(len(src) - T - 1, (B,), generator=gen)
    x = torch.stack([src[i:i + T] for i in ix])
    y = torch.stack([src[i + 1:i + T + 1] for i in ix])
    return x, y


vg = torch.Generator().manual_seed(1234)
val_batches = [batch(val, vg) for _ in range(EVAL_BATCHES)]


def evaluate():
    with torch.no_grad():
        return float(np.mean([torch.nn.functional.cross_entropy(tm.forward(P, x, L, H).view(-1, V),
                                                                  y.view(-1)).item() for x, y in val_batches]))


print("step,val_loss")
t0 = time.time()
for s in range(steps):
    x, y = batch(train, g)
    loss = torch.nn.functional.cross_entropy(tm.forward(P, x, L, H).view(-1, V), y.view(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(list(P.values()), CLIP)
    for group in opt.param_groups:
        group["lr"] = tm.lr_at(s, LR, MIN_LR, WARMUP, HORIZON)
    opt.step()
    if (s + 1) % EVAL_INTERVAL == 0:
        print(f"{s + 1},{evaluate():.5f}", flush=True)
print(f"# {steps} steps in {time.time() - t0:.1f} s", file=sys.stderr)
