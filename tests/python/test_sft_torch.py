"""pr_sft against PyTorch autograd on the same weights and batch: logits,
loss, every gradient, and two AdamW steps (with clipping) must agree.

usage: /usr/bin/python3 test_sft_torch.py path/to/libprspread.so

Tolerances (float32 on both sides): logits and loss 1e-5 relative; each
gradient tensor max|ours - torch| <= 1e-4 * max|torch| (+1e-7 absolute);
parameters after two AdamW steps (torch's AdamW fed pr_sft's gradients)
max|ours - torch| <= 1e-6 * max|torch| per tensor."""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sft_ctypes import Sft  # noqa: E402
import sft_torch_model as tm  # noqa: E402

torch.manual_seed(0)
torch.set_num_threads(1)
# T = 72 spans three 32-row attention blocks, the last one partial.
V, T, L, H, D, B = 37, 72, 2, 4, 32, 3
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


m = Sft(sys.argv[1], vocab_size=V, context_length=T, n_layer=L, n_head=H, d_model=D, seed=5)
shapes = m.params()
check(list(shapes) == tm.param_names(L), "tensor names and order match the documented list")

# Random (not GPT-2) values everywhere so every path carries signal.
rng = np.random.default_rng(1)
P = {}
for name, shape in shapes.items():
    base = 1.0 if (name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name == "ln_f.weight") else 0.0
    val = (base + 0.2 * rng.standard_normal(shape)).astype(np.float32)
    m.set_param(name, val)
    check(np.array_equal(m.get_param(name, shape), val), f"set/get round trip {name}") if name == "wte" else None
    P[name] = torch.tensor(val, requires_grad=True)

x = rng.integers(0, V, size=(B, T)).astype(np.int32)
y = rng.integers(0, V, size=(B, T)).astype(np.int32)
x_t, y_t = torch.tensor(x, dtype=torch.long), torch.tensor(y, dtype=torch.long)

# ---- logits, loss, gradients ----------------------------------------------
ours_logits = m.logits(x)
ref_logits = tm.forward(P, x_t, L, H)
err = np.abs(ours_logits - ref_logits.detach().numpy()).max() / np.abs(ref_logits.detach().numpy()).max()
check(err < 1e-5, f"logits relative error {err:.2e} < 1e-5")

ours_loss = m.loss_grad(x, y)
ref_loss = torch.nn.functional.cross_entropy(ref_logits.view(-1, V), y_t.view(-1))
ref_loss.backward()
check(abs(ours_loss - ref_loss.item()) / ref_loss.item() < 1e-5,
      f"loss {ours_loss:.7f} vs torch {ref_loss.item():.7f}")
worst = 0.0
for name, shape in shapes.items():
    g_ours = m.get_grad(name, shape)
    g_ref = P[name].grad.numpy()
    if name.endswith("attn.b_k"):  # exactly zero in theory: softmax ignores a per-row shift
        check(np.abs(g_ours).max() < 1e-6 and np.abs(g_ref).max() < 1e-6, f"grad {name} ~ 0 in both")
        continue
    rel = np.abs(g_ours - g_ref).max() / (np.abs(g_ref).max() + 1e-7)
    worst = max(worst, rel)
    check(rel < 1e-4, f"grad {name}: max abs diff / max|grad| = {rel:.2e}")
print(f"worst gradient relative error {worst:.2e}")

# ---- two AdamW steps with clipping active ----------------------------------
lr, wd, clip = 1e-2, 0.1, 0.5
m.set_train_options(batch_size=B, lr=lr, min_lr=0.0, warmup_steps=0, max_steps=1000, beta1=0.9, beta2=0.95,
                    eps=1e-8, weight_decay=wd, grad_clip=clip)
for p in P.values():
    p.grad = None
opt = tm.make_adamw(P, lr, (0.9, 0.95), 1e-8, wd)
# torch's AdamW is fed pr_sft's own gradients (already shown equal to
# autograd's above): where a gradient is ~1e-6 of the tensor's largest, Adam's
# normalisation would otherwise turn float rounding into O(lr) differences.
for s in range(2):
    x = rng.integers(0, V, size=(B, T)).astype(np.int32)
    y = rng.integers(0, V, size=(B, T)).astype(np.int32)
    m.loss_grad(x, y)
    for name, shape in shapes.items():
        P[name].grad = torch.tensor(m.get_grad(name, shape))
    info = m.step_batch(x, y)  # recomputes the same gradients (deterministic), then updates
    norm = torch.nn.utils.clip_grad_norm_(list(P.values()), clip)
    check(abs(info.grad_norm - norm.item()) / norm.item() < 1e-6,
          f"step {s + 1}: grad norm {info.grad_norm:.6f} vs torch {norm.item():.6f} (clip active: {norm.item() > clip})")
    check(abs(info.lr - tm.lr_at(s, lr, 0.0, 0, 1000)) < 1e-9, f"step {s + 1}: lr {info.lr:.8f} follows the schedule")
    for g in opt.param_groups:
        g["lr"] = info.lr
    with torch.no_grad():
        opt.step()
worst = 0.0
for name, shape in shapes.items():
    ours, ref = m.get_param(name, shape), P[name].detach().numpy()
    worst = max(worst, np.abs(ours - ref).max() / (np.abs(ref).max()))
check(worst <= 1e-6, f"parameters after 2 AdamW steps: max abs diff / max|param| = {worst:.2e} <= 1e-6")
# ---- the checkpoint loads in a few lines of numpy/PyTorch (header snippet) ----
import json, struct, tempfile  # noqa: E401,E402
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "m.safetensors").encode()
    m._check(m.lib.pr_sft_save(m.h, path, 1))
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    hdr = json.loads(b[8:8 + n])
    sd = {k: torch.from_numpy(np.frombuffer(b, np.float32, int(np.prod(v["shape"])), 8 + n + v["data_offsets"][0])
                              .reshape(v["shape"]).copy())
          for k, v in hdr.items() if k != "__metadata__"}
    same = all(np.array_equal(sd[k].numpy(), m.get_param(k, s)) for k, s in shapes.items())
    check(same and "optim.exp_avg.wte" in sd and hdr["__metadata__"]["format"] == "prspread.sft",
          "checkpoint parsed by hand in Python holds every tensor and the optimizer moments")
m.close()
if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all checks passed")
