"""pr_synth: a seeded directional Markov source with exact ground truth."""
import ctypes

import numpy as np

from . import _raw
from ._call import call
from ._handle import Handle
from ._lib import lib
from ._structs import fill
from .arrays import ptr


class Synth(Handle):
    """Keyword arguments are pr_synth_options fields (vocab_size,
    zipf_exponent, structure, successors, decay, seed).  One Synth per
    thread for generating; the ground-truth getters only read."""
    _free_name = "pr_synth_free"

    def __init__(self, **options):
        opts = _raw.pr_synth_options()
        lib.pr_synth_options_init(ctypes.byref(opts))
        fill(opts, "Synth", **options)
        out = ctypes.c_void_p()
        call("pr_synth_create", ctypes.byref(out), ctypes.byref(opts))
        super().__init__(out.value)

    @property
    def vocab_size(self):
        out = ctypes.c_uint32()
        call("pr_synth_vocab_size", self, ctypes.byref(out))
        return out.value

    def generate(self, n, out=None):
        """The next n ids of the stream (uint32)."""
        if out is None:
            out = np.empty(int(n), np.uint32)
        from .arrays import check_array
        check_array(out, "out", np.uint32, shape=(int(n),), writable=True)
        call("pr_synth_generate_u32", self, ptr(out), out.size)
        return out

    def reset(self):
        call("pr_synth_reset", self)
        return self

    def _row(self, name, *args):
        out = np.empty(self.vocab_size, np.float64)
        call(name, self, *args, ptr(out), out.size)
        return out

    def base(self):
        """q, the Zipf base distribution."""
        return self._row("pr_synth_base_f64")

    def transition_row(self, a):
        """The true row T[a, :]."""
        return self._row("pr_synth_transition_row_f64", int(a))

    def stationary(self):
        """The true stationary distribution pi."""
        return self._row("pr_synth_stationary_f64")

    def successors(self, a):
        """(ids uint32[K], probs float64[K]) of row a's successor links."""
        k = ctypes.c_size_t()
        cap = 64
        ids, probs = np.empty(cap, np.uint32), np.empty(cap, np.float64)
        call("pr_synth_successors", self, int(a), ptr(ids), ptr(probs), cap, ctypes.byref(k))
        return ids[: k.value].copy(), probs[: k.value].copy()
