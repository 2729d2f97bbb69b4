"""The pr_sft model written in PyTorch, functionally over a dict of tensors
with pr_sft's names and layouts ([in, out] weights), so the same weights run
in both."""
import math

import torch
import torch.nn.functional as F


def param_names(n_layer):
    names = ["wte", "wpe"]
    for l in range(n_layer):
        p = f"h.{l}."
        names += [p + s for s in ("ln_1.weight", "ln_1.bias", "attn.w_q", "attn.b_q", "attn.w_k", "attn.b_k",
                                  "attn.w_v", "attn.b_v", "attn.c_proj.weight", "attn.c_proj.bias",
                                  "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
                                  "mlp.c_proj.weight", "mlp.c_proj.bias")]
    return names + ["ln_f.weight", "ln_f.bias"]


def is_matrix_weight(name):
    return name.endswith(("w_q", "w_k", "w_v", "c_proj.weight", "c_fc.weight"))


def init_params(V, T, L, d, ratio=4, std=0.02, generator=None):
    """GPT-2 init as pr_sft documents it (its own generator, so not the same
    numbers as pr_sft's)."""
    P = {}
    f = ratio * d
    shapes = {"wte": (V, d), "wpe": (T, d)}
    for l in range(L):
        p = f"h.{l}."
        shapes.update({p + "ln_1.weight": (d,), p + "ln_1.bias": (d,), p + "attn.w_q": (d, d), p + "attn.b_q": (d,),
                       p + "attn.w_k": (d, d), p + "attn.b_k": (d,), p + "attn.w_v": (d, d), p + "attn.b_v": (d,),
                       p + "attn.c_proj.weight": (d, d), p + "attn.c_proj.bias": (d,), p + "ln_2.weight": (d,),
                       p + "ln_2.bias": (d,), p + "mlp.c_fc.weight": (d, f), p + "mlp.c_fc.bias": (f,),
                       p + "mlp.c_proj.weight": (f, d), p + "mlp.c_proj.bias": (d,)})
    shapes.update({"ln_f.weight": (d,), "ln_f.bias": (d,)})
    for name in param_names(L):
        shape = shapes[name]
        if len(shape) == 1:
            P[name] = torch.ones(shape) if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") \
                or name == "ln_f.weight" else torch.zeros(shape)
        else:
            s = std / math.sqrt(2 * L) if name.endswith("c_proj.weight") else std
            P[name] = torch.randn(shape, generator=generator) * s
    return P


def forward(P, idx, n_layer, n_head):
    """Logits [B, T, V] for token ids idx [B, T]."""
    B, T = idx.shape
    d = P["wte"].shape[1]
    dh = d // n_head
    x = P["wte"][idx] + P["wpe"][:T]
    mask = torch.ones(T, T, dtype=torch.bool).tril()
    for l in range(n_layer):
        p = f"h.{l}."
        h = F.layer_norm(x, (d,), P[p + "ln_1.weight"], P[p + "ln_1.bias"], eps=1e-5)
        q = (h @ P[p + "attn.w_q"] + P[p + "attn.b_q"]).view(B, T, n_head, dh).transpose(1, 2)
        k = (h @ P[p + "attn.w_k"] + P[p + "attn.b_k"]).view(B, T, n_head, dh).transpose(1, 2)
        v = (h @ P[p + "attn.w_v"] + P[p + "attn.b_v"]).view(B, T, n_head, dh).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(dh)
        att = att.masked_fill(~mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, d)
        x = x + y @ P[p + "attn.c_proj.weight"] + P[p + "attn.c_proj.bias"]
        h = F.layer_norm(x, (d,), P[p + "ln_2.weight"], P[p + "ln_2.bias"], eps=1e-5)
        h = F.gelu(h @ P[p + "mlp.c_fc.weight"] + P[p + "mlp.c_fc.bias"], approximate="tanh")
        x = x + h @ P[p + "mlp.c_proj.weight"] + P[p + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (d,), P["ln_f.weight"], P["ln_f.bias"], eps=1e-5)
    return x @ P["wte"].T


def make_adamw(P, lr, betas, eps, weight_decay):
    decay = [t for n, t in P.items() if is_matrix_weight(n)]
    other = [t for n, t in P.items() if not is_matrix_weight(n)]
    return torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                              {"params": other, "weight_decay": 0.0}], lr=lr, betas=betas, eps=eps)


def lr_at(step, lr, min_lr, warmup, max_steps):
    """pr_sft's schedule (step counts from 0)."""
    if step < warmup:
        return lr * (step + 1) / warmup
    if step >= max_steps:
        return min_lr
    progress = (step - warmup) / (max_steps - warmup)
    return min_lr + 0.5 * (1 + math.cos(math.pi * progress)) * (lr - min_lr)
