"""Writes safetensors files by hand (Debian has no safetensors package): an
8-byte little-endian header length, the JSON header, the raw little-endian
tensor bytes.  Shared by the tests that build GPT-2-layout checkpoints."""
import json
import struct

import numpy as np

_DTYPES = {np.float32: "F32", np.float16: "F16", np.float64: "F64", np.uint8: "U8", np.int64: "I64"}


def write_safetensors(path, tensors, metadata=None):
    """tensors: name -> numpy array (or anything with .detach().numpy())."""
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        a = t.detach().numpy() if hasattr(t, "detach") else t
        a = np.ascontiguousarray(a)
        b = a.tobytes()
        header[name] = {"dtype": _DTYPES[a.dtype.type], "shape": list(a.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def gpt2_tensors(V, T, L, d, ratio=4, rng=None, prefix=""):
    """Random GPT-2 parameters under Hugging Face's names and shapes (numpy)."""
    rng = rng or np.random.default_rng(0)
    f = ratio * d
    shapes = {"wte.weight": (V, d), "wpe.weight": (T, d), "ln_f.weight": (d,), "ln_f.bias": (d,)}
    for l in range(L):
        p = f"h.{l}."
        shapes.update({p + "ln_1.weight": (d,), p + "ln_1.bias": (d,), p + "attn.c_attn.weight": (d, 3 * d),
                       p + "attn.c_attn.bias": (3 * d,), p + "attn.c_proj.weight": (d, d), p + "attn.c_proj.bias": (d,),
                       p + "ln_2.weight": (d,), p + "ln_2.bias": (d,), p + "mlp.c_fc.weight": (d, f),
                       p + "mlp.c_fc.bias": (f,), p + "mlp.c_proj.weight": (f, d), p + "mlp.c_proj.bias": (d,)})
    return {prefix + k: (0.02 * rng.standard_normal(s)).astype(np.float32) for k, s in shapes.items()}


def read_safetensors_f32(path):
    """name -> float32 array of every F32 tensor (to check files we wrote)."""
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, h in header.items():
        if name == "__metadata__" or h["dtype"] != "F32":
            continue
        a, b = h["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + a:8 + n + b], np.float32).reshape(h["shape"])
    return out
