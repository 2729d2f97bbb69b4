"""Bad and good GPT-2-layout checkpoints for argument_errors_reference.sh.
usage: make_reference_files.py DIR   (numpy only; writes DIR/<case>/...)"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from safetensors_write import gpt2_tensors, write_safetensors  # noqa: E402

root = sys.argv[1]
V, T, L, d, H = 48, 16, 2, 16, 4


def case(name, tensors, config=None):
    os.makedirs(os.path.join(root, name), exist_ok=True)
    write_safetensors(os.path.join(root, name, "model.safetensors"), tensors, {"format": "pt"})
    cfg = os.path.join(root, name, "config.json")
    if config is not None:
        json.dump(config, open(cfg, "w"))
    elif os.path.exists(cfg):
        os.remove(cfg)


good_config = {"vocab_size": V, "n_positions": T, "n_embd": d, "n_layer": L, "n_head": H}
case("good", gpt2_tensors(V, T, L, d), good_config)
case("noconfig", gpt2_tensors(V, T, L, d))
linear = gpt2_tensors(V, T, L, d)  # c_attn saved in nn.Linear [3d, d] layout, not Conv1D [d, 3d]
linear["h.1.attn.c_attn.weight"] = np.ascontiguousarray(linear["h.1.attn.c_attn.weight"].T)
case("linear_layout", linear, good_config)
missing = gpt2_tensors(V, T, L, d)
del missing["h.1.ln_2.bias"]
case("missing_tensor", missing, good_config)
case("config_mismatch", gpt2_tensors(V, T, L, d), dict(good_config, n_embd=2 * d))
case("heads_not_dividing", gpt2_tensors(V, T, L, d), dict(good_config, n_head=5))
case("not_gpt2", {"foo": np.zeros((3, 3), np.float32)})
np.save(os.path.join(root, "E_wrong_rows.npy"), np.zeros((10, 8), np.float32))
with open(os.path.join(root, "not_safetensors.bin"), "wb") as f:
    f.write(b"this is not a safetensors file")
# A token stream with the checkpoints' vocabulary (every id occurs).
np.save(os.path.join(root, "tokens48.npy"), (np.arange(4000) * 7 % V).astype(np.uint16))
