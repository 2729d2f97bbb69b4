"""Minimal ctypes view of the pr_sft C API, for the PyTorch cross-checks and
the benchmarks (the full Python binding lives in bindings/python)."""
import ctypes as C

import numpy as np


class SftOptions(C.Structure):
    _fields_ = [("version", C.c_uint32), ("vocab_size", C.c_uint32), ("context_length", C.c_uint32),
                ("n_layer", C.c_uint32), ("n_head", C.c_uint32), ("d_model", C.c_uint32),
                ("mlp_ratio", C.c_uint32), ("init_std", C.c_float), ("seed", C.c_uint64),
                ("num_threads", C.c_int32), ("precision", C.c_int32)]


class SftTrainOptions(C.Structure):
    _fields_ = [("version", C.c_uint32), ("batch_size", C.c_uint32), ("max_steps", C.c_uint64),
                ("warmup_steps", C.c_uint32), ("lr", C.c_float), ("min_lr", C.c_float),
                ("beta1", C.c_float), ("beta2", C.c_float), ("eps", C.c_float),
                ("weight_decay", C.c_float), ("decay_all", C.c_int32), ("grad_clip", C.c_float),
                ("eval_interval", C.c_uint32), ("eval_batches", C.c_uint32),
                ("val_fraction", C.c_float), ("data_seed", C.c_uint64)]


class StepInfo(C.Structure):
    _fields_ = [("step", C.c_uint64), ("loss", C.c_double), ("lr", C.c_float),
                ("grad_norm", C.c_double), ("tokens_per_s", C.c_double), ("val_loss", C.c_double)]


STEP_FN = C.CFUNCTYPE(C.c_int, C.c_void_p, C.POINTER(StepInfo))


class Sft:
    """One pr_sft handle.  Every failing call raises RuntimeError with
    pr_last_error()."""

    def __init__(self, lib_path, **opts):
        self.lib = L = C.CDLL(lib_path)
        L.pr_last_error.restype = C.c_char_p
        L.pr_sft_param_info.argtypes = [C.c_void_p, C.c_size_t, C.POINTER(C.c_char_p),
                                        C.POINTER(C.c_uint32), C.POINTER(C.c_uint64)]
        L.pr_sft_free.argtypes = [C.c_void_p]
        for fn in ("pr_sft_get_param_f32", "pr_sft_get_grad_f32", "pr_sft_set_param_f32"):
            getattr(L, fn).argtypes = [C.c_void_p, C.c_char_p, C.c_uint32, C.POINTER(C.c_uint64), C.c_void_p]
        L.pr_sft_step_batch_i32.argtypes = [C.c_void_p, C.c_void_p, C.c_void_p, C.c_size_t, C.c_size_t,
                                            C.POINTER(StepInfo)]
        L.pr_sft_loss_grad_i32.argtypes = [C.c_void_p, C.c_void_p, C.c_void_p, C.c_size_t, C.c_size_t,
                                           C.POINTER(C.c_double)]
        L.pr_sft_logits_f32.argtypes = [C.c_void_p, C.c_void_p, C.c_size_t, C.c_size_t, C.c_void_p, C.c_size_t]
        L.pr_sft_set_data_u16.argtypes = [C.c_void_p, C.c_void_p, C.c_size_t]
        L.pr_sft_train.argtypes = [C.c_void_p, C.c_uint64, STEP_FN, C.c_void_p]
        L.pr_sft_eval.argtypes = [C.c_void_p, C.POINTER(C.c_double)]
        L.pr_sft_set_train_options.argtypes = [C.c_void_p, C.POINTER(SftTrainOptions)]
        L.pr_sft_param_count.argtypes = [C.c_void_p, C.POINTER(C.c_size_t)]
        o = SftOptions()
        L.pr_sft_options_init(C.byref(o))
        for k, v in opts.items():
            setattr(o, k, v)
        self.opts = o
        h = C.c_void_p()
        self._check(L.pr_sft_create(C.byref(h), C.byref(o)))
        self.h = h

    def _check(self, rc):
        if rc != 0:
            raise RuntimeError(f"prspread error {rc}: {self.lib.pr_last_error().decode()}")

    def close(self):
        if self.h:
            self.lib.pr_sft_free(self.h)
            self.h = None

    def set_train_options(self, **kw):
        t = SftTrainOptions()
        self.lib.pr_sft_train_options_init(C.byref(t))
        for k, v in kw.items():
            setattr(t, k, v)
        self._check(self.lib.pr_sft_set_train_options(self.h, C.byref(t)))

    def params(self):
        """{name: shape} in buffer order."""
        n = C.c_size_t()
        self._check(self.lib.pr_sft_param_count(self.h, C.byref(n)))
        out = {}
        for i in range(n.value):
            name, nd, shape = C.c_char_p(), C.c_uint32(), (C.c_uint64 * 2)()
            self._check(self.lib.pr_sft_param_info(self.h, i, C.byref(name), C.byref(nd), shape))
            out[name.value.decode()] = tuple(shape[j] for j in range(nd.value))
        return out

    def _tensor(self, fn, name, shape, arr=None):
        sh = (C.c_uint64 * len(shape))(*shape)
        if arr is None:
            arr = np.empty(shape, np.float32)
        else:
            arr = np.ascontiguousarray(arr, np.float32)
        self._check(fn(self.h, name.encode(), len(shape), sh, arr.ctypes.data))
        return arr

    def get_param(self, name, shape):
        return self._tensor(self.lib.pr_sft_get_param_f32, name, shape)

    def get_grad(self, name, shape):
        return self._tensor(self.lib.pr_sft_get_grad_f32, name, shape)

    def set_param(self, name, arr):
        self._tensor(self.lib.pr_sft_set_param_f32, name, arr.shape, arr)

    def loss_grad(self, x, y):
        x = np.ascontiguousarray(x, np.int32)
        y = np.ascontiguousarray(y, np.int32)
        loss = C.c_double()
        self._check(self.lib.pr_sft_loss_grad_i32(self.h, x.ctypes.data, y.ctypes.data, x.shape[0], x.shape[1],
                                                  C.byref(loss)))
        return loss.value

    def logits(self, x):
        x = np.ascontiguousarray(x, np.int32)
        out = np.empty((x.shape[0], x.shape[1], self.opts.vocab_size), np.float32)
        self._check(self.lib.pr_sft_logits_f32(self.h, x.ctypes.data, x.shape[0], x.shape[1], out.ctypes.data,
                                               out.size))
        return out

    def step_batch(self, x, y):
        x = np.ascontiguousarray(x, np.int32)
        y = np.ascontiguousarray(y, np.int32)
        info = StepInfo()
        self._check(self.lib.pr_sft_step_batch_i32(self.h, x.ctypes.data, y.ctypes.data, x.shape[0], x.shape[1],
                                                   C.byref(info)))
        return info

    def set_data_u16(self, tokens):
        t = np.ascontiguousarray(tokens, np.uint16)
        self._check(self.lib.pr_sft_set_data_u16(self.h, t.ctypes.data, t.size))

    def train(self, n, callback=None):
        def cb(_user, info):
            return 1 if (callback and callback(info.contents)) else 0
        fn = STEP_FN(cb)
        self._check(self.lib.pr_sft_train(self.h, n, fn, None))

    def eval(self):
        v = C.c_double()
        self._check(self.lib.pr_sft_eval(self.h, C.byref(v)))
        return v.value
