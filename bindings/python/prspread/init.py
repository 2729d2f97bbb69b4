"""pr_init: attention initialisation from corpus asymmetry, the matched-seed
comparison harness, and checkpoint analysis."""
import ctypes
import os

import numpy as np

from . import _raw
from ._call import call, call_with_progress, query_string
from ._handle import Handle
from ._lib import lib
from ._structs import fill, to_dataclass
from .arrays import check_array, ptr
from .progress import Progress

STRATEGIES = {"random": _raw.PR_INIT_RANDOM, "direct": _raw.PR_INIT_DIRECT,
              "pr_blend": _raw.PR_INIT_PR_BLEND, "oracle": _raw.PR_INIT_ORACLE,
              "mimetic": _raw.PR_INIT_MIMETIC, "symmetric": _raw.PR_INIT_SYMMETRIC}
MODES = {"raw": _raw.PR_MODE_RAW, "center_embeddings": _raw.PR_MODE_CENTER_EMBEDDINGS,
         "subtract_stationary": _raw.PR_MODE_SUBTRACT_STATIONARY, "flux": _raw.PR_MODE_FLUX}
_ENUMS = {
    "strategy": STRATEGIES, "mode": MODES,
    "banding": {"per_head": _raw.PR_INIT_BAND_PER_HEAD, "shared": _raw.PR_INIT_BAND_SHARED},
    "sym_component": {"none": _raw.PR_INIT_SYM_NONE, "random": _raw.PR_INIT_SYM_RANDOM,
                      "identity": _raw.PR_INIT_SYM_IDENTITY},
    "scale": {"none": _raw.PR_INIT_SCALE_NONE, "frobenius": _raw.PR_INIT_SCALE_FROBENIUS,
              "logit_std": _raw.PR_INIT_SCALE_LOGIT_STD},
    "embedding": {"model": _raw.PR_INIT_EMBED_MODEL, "ppmi_svd": _raw.PR_INIT_EMBED_PPMI_SVD},
}
COPY = {"w_q": _raw.PR_INIT_COPY_WQ, "w_k": _raw.PR_INIT_COPY_WK, "w_v": _raw.PR_INIT_COPY_WV,
        "w_o": _raw.PR_INIT_COPY_WO, "all": _raw.PR_INIT_COPY_ALL}


def _enum(name, value):
    table = _ENUMS[name]
    if isinstance(value, str):
        if value not in table:
            raise ValueError(f"argument '{name}' = {value!r}: expected one of {sorted(table)}")
        return table[value]
    return int(value)


def init_options(**kwargs):
    """A pr_init_options with the library defaults, then kwargs.  Enum fields
    take names ("direct", "flux", ...); oracle_tensors takes a list of
    "w_q"/"w_k"/"w_v"/"w_o"/"all" or the bit mask; oracle_path a path."""
    opts = _raw.pr_init_options()
    lib.pr_init_options_init(ctypes.byref(opts))
    kw = dict(kwargs)
    for k in _ENUMS:
        if kw.get(k) is not None:
            kw[k] = _enum(k, kw[k])
    if kw.get("oracle_tensors") is not None and not isinstance(kw["oracle_tensors"], int):
        bits = 0
        for t in kw["oracle_tensors"]:
            if t not in COPY:
                raise ValueError(f"argument 'oracle_tensors' item {t!r}: expected one of {sorted(COPY)}")
            bits |= COPY[t]
        kw["oracle_tensors"] = bits
    if kw.get("oracle_path") is not None:
        kw["oracle_path"] = os.fsencode(kw["oracle_path"])
    if isinstance(kw.get("with_vo"), bool):
        kw["with_vo"] = int(kw["with_vo"])
    return fill(opts, "init options", **kw)


def strategy_name(strategy):
    name = lib.pr_init_strategy_name(_enum("strategy", strategy)).decode()
    return None if name == "unknown" else name


def describe(**options):
    """One line naming the strategy and the options that matter for it."""
    opts = init_options(**options)
    return query_string("pr_init_describe", ctypes.byref(opts))


def _tokens(tokens):
    if not isinstance(tokens, np.ndarray) or tokens.dtype != np.uint32:
        got = tokens.dtype if isinstance(tokens, np.ndarray) else type(tokens).__name__
        raise TypeError(f"argument 'tokens' must be a numpy uint32 array, got {got} "
                        f"(convert with .astype(np.uint32))")
    return check_array(tokens, "tokens", np.uint32, ndim=1)


def corpus_forms(tokens, embedding, max_power=1, mode="center_embeddings"):
    """M_1..M_K [K, d, d] (float64) of a token stream (uint32 ids < vocab)
    under an embedding float32 [vocab, d]."""
    _tokens(tokens)
    check_array(embedding, "embedding", np.float32, ndim=2)
    vocab, d = embedding.shape
    out = np.empty((max_power, d, d), np.float64)
    call("pr_init_corpus_forms_f64", ptr(tokens), tokens.size, vocab, ptr(embedding), d, max_power,
         _enum("mode", mode), ptr(out))
    return out


def generate(n_layer, n_head, d_model, corpus_forms=None, embedding=None, with_vo=False, **options):
    """Generated attention weights without a model: {"w_q", "w_k"[, "w_v",
    "w_o"]: float32 [n_layer, d, d]} and the per-layer reports.
    corpus_forms: float32 [n_forms, d, d] (DIRECT uses the first, PR_BLEND
    all); embedding: float32 [vocab, d], needed for scale="logit_std"."""
    opts = init_options(**options)
    d = d_model
    n_forms = 0
    if corpus_forms is not None:
        check_array(corpus_forms, "corpus_forms", np.float32, shape=(None, d, d))
        n_forms = corpus_forms.shape[0]
    vocab = 0
    if embedding is not None:
        check_array(embedding, "embedding", np.float32, shape=(None, d))
        vocab = embedding.shape[0]
    w = {k: np.empty((n_layer, d, d), np.float32) for k in (("w_q", "w_k", "w_v", "w_o") if with_vo else ("w_q", "w_k"))}
    reports = (_raw.pr_init_layer_report * n_layer)()
    call("pr_init_generate_f32", ctypes.byref(opts), n_layer, n_head, d,
         None if corpus_forms is None else ptr(corpus_forms), n_forms,
         None if embedding is None else ptr(embedding), vocab, ptr(w["w_q"]), ptr(w["w_k"]),
         ptr(w["w_v"]) if with_vo else None, ptr(w["w_o"]) if with_vo else None, reports)
    return w, [to_dataclass(r) for r in reports]


def apply(model, tokens=None, **options):
    """Initialise a prspread.Model in place; returns one report per layer.
    tokens (uint32) are needed for DIRECT, PR_BLEND and PPMI-SVD."""
    opts = init_options(**options)
    n_layer = model.options.n_layer
    reports = (_raw.pr_init_layer_report * n_layer)()
    if tokens is not None:
        _tokens(tokens)
    call("pr_init_apply", model, ctypes.byref(opts), None if tokens is None else ptr(tokens),
         0 if tokens is None else tokens.size, reports, n_layer)
    return [to_dataclass(r) for r in reports]


def save_model_safetensors(model, path):
    """Every parameter of a Model, as F32 safetensors (pr_sft names)."""
    call("pr_init_save_model_safetensors", model, os.fsencode(path))


def save_weights_safetensors(path, w_q, w_k, w_v=None, w_o=None):
    """Generated weights [n_layer, d, d] to safetensors under pr_sft names."""
    check_array(w_q, "w_q", np.float32, shape=(None, None, None))
    n_layer, d, _ = w_q.shape
    for name, a in (("w_q", w_q), ("w_k", w_k), ("w_v", w_v), ("w_o", w_o)):
        if a is not None:
            check_array(a, name, np.float32, shape=(n_layer, d, d))
    if (w_v is None) != (w_o is None):
        raise ValueError("arguments 'w_v' and 'w_o' must be given together")
    call("pr_init_save_weights_safetensors", os.fsencode(path), n_layer, d, ptr(w_q), ptr(w_k),
         None if w_v is None else ptr(w_v), None if w_o is None else ptr(w_o))


# ---- comparison harness ------------------------------------------------------

class Comparison(Handle):
    """Results of a matched-seed comparison (immutable; readable from
    several threads).  Arms are indexed in the order given."""
    _free_name = "pr_init_compare_free"

    @property
    def counts(self):
        """(n_arms, n_seeds, steps)."""
        a, s, n = ctypes.c_size_t(), ctypes.c_size_t(), ctypes.c_uint64()
        call("pr_init_compare_counts", self, ctypes.byref(a), ctypes.byref(s), ctypes.byref(n))
        return a.value, s.value, n.value

    def summary(self, arm):
        out = _raw.pr_init_arm_summary()
        call("pr_init_compare_summary", self, arm, ctypes.byref(out))
        return to_dataclass(out)

    def summaries(self):
        return [self.summary(i) for i in range(self.counts[0])]

    def final_losses(self, arm):
        out = np.empty(self.counts[1], np.float64)
        call("pr_init_compare_final_losses_f64", self, arm, ptr(out), out.size)
        return out

    def train_curve(self, arm, seed_index):
        out = np.empty(self.counts[2], np.float64)
        call("pr_init_compare_train_curve_f64", self, arm, seed_index, ptr(out), out.size)
        return out

    def val_curve(self, arm, seed_index):
        """(steps uint64[n], val_loss float64[n])."""
        n = ctypes.c_size_t()
        call("pr_init_compare_val_curve_f64", self, arm, seed_index, None, None, 0, ctypes.byref(n))
        steps, loss = np.empty(n.value, np.uint64), np.empty(n.value, np.float64)
        call("pr_init_compare_val_curve_f64", self, arm, seed_index, ptr(steps), ptr(loss), n.value,
             ctypes.byref(n))
        return steps, loss

    def data_digest(self, arm, seed_index):
        out = ctypes.c_uint64()
        call("pr_init_compare_data_digest", self, arm, seed_index, ctypes.byref(out))
        return out.value

    def report(self, format="markdown"):
        fmt = {"markdown": 0, "json": 1}.get(format)
        if fmt is None:
            raise ValueError(f"argument 'format' = {format!r}: expected 'markdown' or 'json'")
        return query_string("pr_init_compare_report", self, fmt)


def compare(tokens, arms, seeds, steps=None, eval_interval=None, reference_steps=None,
            cache_dir=None, vary_data_with_seed=None, model_options=None, train_options=None,
            progress=None, curve_eval_batches=None):
    """Run every arm for every seed on the same batches.

    arms: {label: dict of init options} (e.g. {"random": {}, "direct":
    {"strategy": "direct"}}); seeds: sequence of ints; model_options /
    train_options: dicts of pr_sft_options / pr_sft_train_options fields.
    curve_eval_batches: validation batches per curve point (default all;
    the final losses always use all).  progress counts training steps over all runs (tqdm bar, callable, or
    False); Ctrl-C cancels."""
    args, keep = compare_arguments(tokens, arms, seeds, steps, eval_interval, reference_steps, cache_dir,
                                   vary_data_with_seed, model_options, train_options,
                                   curve_eval_batches=curve_eval_batches)
    out = ctypes.c_void_p()
    call_with_progress("pr_init_compare_run", Progress(progress, desc="compare"), ctypes.byref(out), *args)
    c = Comparison.__new__(Comparison)
    Handle.__init__(c, out.value)
    return c


def compare_arguments(tokens, arms, seeds, steps=None, eval_interval=None, reference_steps=None,
                      cache_dir=None, vary_data_with_seed=None, model_options=None, train_options=None,
                      curve_eval_batches=None):
    """The C arguments of pr_init_compare_run after `out` and before the
    progress callback, as (args, keep): pass *args on, and keep `keep` alive
    until the call returns (it owns what the pointers point to).  For
    callers of other entry points with the same arguments, such as
    libprspread_mpi's pr_mpi_init_compare_run (examples/python/mpi_study.py)."""
    from .sft import sft_options
    _tokens(tokens)
    opts = _raw.pr_init_compare_options()
    lib.pr_init_compare_options_init(ctypes.byref(opts))
    fill(opts, "compare", steps=steps, eval_interval=eval_interval, reference_steps=reference_steps,
         cache_dir=None if cache_dir is None else os.fsencode(cache_dir),
         vary_data_with_seed=None if vary_data_with_seed is None else int(vary_data_with_seed),
         curve_eval_batches=curve_eval_batches)
    keep = []
    if model_options is not None:
        m = sft_options(**model_options)
        keep.append(m)
        opts.model = ctypes.pointer(m)
    if train_options is not None:
        t = _raw.pr_sft_train_options()
        lib.pr_sft_train_options_init(ctypes.byref(t))
        fill(t, "train_options", **train_options)
        keep.append(t)
        opts.train = ctypes.pointer(t)
    items = list(arms.items()) if isinstance(arms, dict) else list(arms)
    arm_array = (_raw.pr_init_arm * len(items))()
    for i, (label, o) in enumerate(items):
        arm_array[i].label = str(label).encode()
        arm_array[i].init = init_options(**(o or {}))
    seed_array = np.asarray(seeds, dtype=np.uint64)
    keep += [opts, tokens, arm_array, seed_array]
    args = (ctypes.byref(opts), ptr(tokens), tokens.size, arm_array, len(items), ptr(seed_array), seed_array.size)
    return args, keep


# ---- checkpoint analysis ----------------------------------------------------

def analyze_checkpoint(path, tokens, n_head, **options):
    """Per layer and head (head -1 = layer sum): symmetry, antisymmetric PR
    and the similarity to the corpus form with nulls.  A list of
    InitHeadAnalysis dataclasses."""
    _tokens(tokens)
    opts = _raw.pr_init_analysis_options()
    lib.pr_init_analysis_options_init(ctypes.byref(opts))
    if options.get("mode") is not None:
        options["mode"] = _enum("mode", options["mode"])
    fill(opts, "analyze_checkpoint", n_head=n_head, **options)
    n = ctypes.c_size_t()
    p = os.fsencode(path)
    call("pr_init_analyze_checkpoint", p, ptr(tokens), tokens.size, ctypes.byref(opts), None, 0, ctypes.byref(n))
    out = (_raw.pr_init_head_analysis * n.value)()
    call("pr_init_analyze_checkpoint", p, ptr(tokens), tokens.size, ctypes.byref(opts), out, n.value,
         ctypes.byref(n))
    return [to_dataclass(r) for r in out]
