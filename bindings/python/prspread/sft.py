"""pr_sft: the GPT-style CPU trainer."""
import ctypes
import math
import os
import sys

import numpy as np

from . import _raw
from ._call import call, check, raw_call
from ._handle import Handle
from ._lib import lib
from ._structs import fill, to_dataclass
from .arrays import check_array, ptr
from .progress import _tqdm

_SET_DATA = {np.dtype(np.uint16): "pr_sft_set_data_u16", np.dtype(np.uint32): "pr_sft_set_data_u32",
             np.dtype(np.int32): "pr_sft_set_data_i32"}


_PRECISION = {"fp32": _raw.PR_SFT_PRECISION_FP32, "bf16": _raw.PR_SFT_PRECISION_BF16}


def sft_options(**kwargs):
    if isinstance(kwargs.get("precision"), str):
        if kwargs["precision"] not in _PRECISION:
            raise ValueError(f"Model: precision '{kwargs['precision']}' is not one of fp32, bf16")
        kwargs["precision"] = _PRECISION[kwargs["precision"]]
    opts = _raw.pr_sft_options()
    lib.pr_sft_options_init(ctypes.byref(opts))
    return fill(opts, "Model", **kwargs)


class Model(Handle):
    """A GPT-2 style decoder and its AdamW trainer.

    Keyword arguments are the fields of pr_sft_options (vocab_size,
    context_length, n_layer, n_head, d_model, mlp_ratio, init_std, seed,
    num_threads, precision); the rest keep the library defaults.  precision
    is "fp32" (default) or "bf16" (bf16 matrix-product operands with fp32
    sums; needs AVX512-BF16, else PR_ERR_STATE).  One Model per thread."""
    _free_name = "pr_sft_free"

    def __init__(self, **options):
        opts = sft_options(**options)
        out = ctypes.c_void_p()
        call("pr_sft_create", ctypes.byref(out), ctypes.byref(opts))
        super().__init__(out.value)

    @classmethod
    def from_file(cls, path, num_threads=0):
        """A model with the architecture stored in a checkpoint, loaded."""
        out = ctypes.c_void_p()
        call("pr_sft_create_from_file", ctypes.byref(out), os.fsencode(path), int(num_threads))
        self = cls.__new__(cls)
        Handle.__init__(self, out.value)
        return self

    def save(self, path, include_optimizer=True):
        """Safetensors checkpoint (atomic); with the AdamW state by default,
        so training resumes exactly after load()."""
        call("pr_sft_save", self, os.fsencode(path), int(bool(include_optimizer)))

    def load(self, path):
        """Load weights (and optimizer state if present) of the same
        architecture; on error the model is unchanged."""
        call("pr_sft_load", self, os.fsencode(path))
        return self

    # ---- options -------------------------------------------------------
    @property
    def options(self):
        out = _raw.pr_sft_options()
        call("pr_sft_get_options", self, ctypes.byref(out))
        return to_dataclass(out)

    @property
    def train_options(self):
        out = _raw.pr_sft_train_options()
        call("pr_sft_get_train_options", self, ctypes.byref(out))
        return to_dataclass(out)

    def set_train_options(self, **kwargs):
        """Change training options (others keep their current values)."""
        out = _raw.pr_sft_train_options()
        call("pr_sft_get_train_options", self, ctypes.byref(out))
        fill(out, "set_train_options", **kwargs)
        call("pr_sft_set_train_options", self, ctypes.byref(out))
        return self

    # ---- data and training ----------------------------------------------
    def set_data(self, tokens):
        """Training/validation stream (uint16/uint32/int32, copied)."""
        if not isinstance(tokens, np.ndarray) or tokens.dtype not in _SET_DATA:
            got = tokens.dtype if isinstance(tokens, np.ndarray) else type(tokens).__name__
            raise TypeError(f"argument 'tokens' must be a numpy array of uint16/uint32/int32, got {got}")
        check_array(tokens, "tokens", tokens.dtype, ndim=1)
        call(_SET_DATA[tokens.dtype], self, ptr(tokens), tokens.size)
        return self

    def set_data_file(self, path, format="auto"):
        """Training/validation stream from a token file (raw u16/u32,
        llm.c .bin, .npy; "auto" detects)."""
        from .corpus import _token_format
        call("pr_sft_set_data_file", self, os.fsencode(path), _token_format(format))
        return self

    def train(self, n_steps=0, on_step=None, progress=None):
        """Run n_steps (0 = up to max_steps); returns the StepInfo list.

        on_step(info) is called after each step; a truthy return stops
        training (CancelledError; the model keeps the steps done).  progress:
        as prspread.Progress (None = a tqdm bar on a terminal).  Ctrl-C stops
        after the current step and re-raises KeyboardInterrupt."""
        infos, caught = [], []
        want_bar = progress is True or (progress is None and sys.stderr.isatty())
        bar = _tqdm(total=n_steps or None, desc="train", leave=False) if want_bar and _tqdm else None

        def report(user, info_ptr):
            try:
                info = to_dataclass(info_ptr.contents)
                infos.append(info)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(loss=f"{info.loss:.4f}")
                if callable(progress) and progress(len(infos), n_steps):
                    return 1
                return 1 if on_step is not None and on_step(info) else 0
            except BaseException as e:   # KeyboardInterrupt included
                caught.append(e)
                return 1

        fn = _raw.pr_sft_step_fn(report)
        try:
            status = raw_call("pr_sft_train", self, n_steps, fn, None)
        finally:
            if bar is not None:
                bar.close()
        if status == _raw.PR_ERR_CANCELLED and caught:
            raise caught[0]
        check(status, "pr_sft_train")
        return infos

    def step(self):
        info = _raw.pr_sft_step_info()
        call("pr_sft_step", self, ctypes.byref(info))
        return to_dataclass(info)

    def _batch(self, inputs, targets=None):
        check_array(inputs, "inputs", np.int32, ndim=2)
        if targets is not None:
            check_array(targets, "targets", np.int32, shape=inputs.shape)
        return inputs.shape

    def step_batch(self, inputs, targets):
        """One optimizer step on a caller batch (int32 [batch, seq_len])."""
        b, t = self._batch(inputs, targets)
        info = _raw.pr_sft_step_info()
        call("pr_sft_step_batch_i32", self, ptr(inputs), ptr(targets), b, t, ctypes.byref(info))
        return to_dataclass(info)

    def eval(self):
        """Mean validation loss (nats)."""
        out = ctypes.c_double()
        call("pr_sft_eval", self, ctypes.byref(out))
        return out.value

    def loss_grad(self, inputs, targets):
        """Loss of a batch; gradients then readable with get_grad()."""
        b, t = self._batch(inputs, targets)
        out = ctypes.c_double()
        call("pr_sft_loss_grad_i32", self, ptr(inputs), ptr(targets), b, t, ctypes.byref(out))
        return out.value

    def logits(self, inputs):
        """float32 [batch, seq_len, vocab_size]."""
        b, t = self._batch(inputs)
        out = np.empty((b, t, self.options.vocab_size), np.float32)
        call("pr_sft_logits_f32", self, ptr(inputs), b, t, ptr(out), out.size)
        return out

    @property
    def step_count(self):
        out = ctypes.c_uint64()
        call("pr_sft_step_count", self, ctypes.byref(out))
        return out.value

    @property
    def num_scalars(self):
        out = ctypes.c_uint64()
        call("pr_sft_num_scalars", self, ctypes.byref(out))
        return out.value

    # ---- parameters ------------------------------------------------------
    def param_shapes(self):
        """{name: shape} in the library's order."""
        n = ctypes.c_size_t()
        call("pr_sft_param_count", self, ctypes.byref(n))
        shapes = {}
        for i in range(n.value):
            name, ndim, shape = ctypes.c_char_p(), ctypes.c_uint32(), (ctypes.c_uint64 * 2)()
            call("pr_sft_param_info", self, i, ctypes.byref(name), ctypes.byref(ndim), shape)
            shapes[name.value.decode()] = tuple(int(s) for s in shape[:ndim.value])
        return shapes

    def _tensor(self, fn, name, out):
        shape = (ctypes.c_uint64 * 2)(*out.shape)
        call(fn, self, name.encode(), out.ndim, shape, ptr(out))
        return out

    def _shape(self, name):
        shapes = self.param_shapes()
        if name not in shapes:
            raise KeyError(f"argument 'name' = {name!r}: no such parameter (see param_shapes())")
        return shapes[name]

    def get_param(self, name):
        return self._tensor("pr_sft_get_param_f32", name, np.empty(self._shape(name), np.float32))

    def get_grad(self, name):
        return self._tensor("pr_sft_get_grad_f32", name, np.empty(self._shape(name), np.float32))

    def set_param(self, name, values):
        check_array(values, "values", np.float32, shape=self._shape(name))
        self._tensor("pr_sft_set_param_f32", name, values)

    def state_dict(self):
        """{name: float32 array} copies of every parameter."""
        return {name: self.get_param(name) for name in self.param_shapes()}
