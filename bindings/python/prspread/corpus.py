"""pr_corpus: exact streaming bigram (lag-pair) counts."""
import ctypes
import os

import numpy as np

from . import _raw
from ._call import call, call_with_progress
from ._handle import Handle
from ._lib import lib
from ._structs import fill
from .arrays import check_array, ptr, text_bytes
from .progress import Progress

# Token dtypes the C API takes without a copy, and the function for each.
_ADD = {
    np.dtype(np.uint8): "pr_corpus_add_u8", np.dtype(np.uint16): "pr_corpus_add_u16",
    np.dtype(np.uint32): "pr_corpus_add_u32", np.dtype(np.int32): "pr_corpus_add_i32",
    np.dtype(np.int64): "pr_corpus_add_i64",
}


def corpus_options(**kwargs):
    """A pr_corpus_options filled with the library defaults, then kwargs."""
    opts = _raw.pr_corpus_options()
    lib.pr_corpus_options_init(ctypes.byref(opts))
    return fill(opts, "Corpus", **kwargs)


class Corpus(Handle):
    """Exact counts C[a,b] of token b following token a at distance `lag`.

    Thread rule (header): one Corpus per thread for adding; reading methods
    may run from several threads at once."""
    _free_name = "pr_corpus_free"

    def __init__(self, vocab_size, lag=1, num_threads=0, separator=-1):
        opts = corpus_options(vocab_size=vocab_size, lag=lag, num_threads=num_threads,
                              separator=separator)
        out = ctypes.c_void_p()
        call("pr_corpus_create", ctypes.byref(out), ctypes.byref(opts))
        super().__init__(out.value)

    @classmethod
    def load(cls, path):
        """Load a file written by save()."""
        out = ctypes.c_void_p()
        call("pr_corpus_load", ctypes.byref(out), os.fsencode(path))
        self = cls.__new__(cls)
        Handle.__init__(self, out.value)
        return self

    def save(self, path):
        """Save atomically (magic, version, checksum)."""
        call("pr_corpus_save", self, os.fsencode(path))

    def add(self, tokens):
        """Count the next tokens of the current document (1-D array of
        uint8/uint16/uint32/int32/int64, read in place)."""
        if not isinstance(tokens, np.ndarray) or tokens.dtype not in _ADD:
            got = tokens.dtype if isinstance(tokens, np.ndarray) else type(tokens).__name__
            raise TypeError(f"argument 'tokens' must be a numpy array of "
                            f"{'/'.join(str(d) for d in _ADD)}, got {got}")
        check_array(tokens, "tokens", tokens.dtype, ndim=1)
        call(_ADD[tokens.dtype], self, ptr(tokens), tokens.size)
        return self

    def add_token_file(self, path, format="auto", progress=None):
        """Count a token file (memory-mapped, in chunks) as the continuation
        of the current document.  progress: see prspread.Progress; Ctrl-C
        cancels and keeps the chunks counted before it."""
        call_with_progress("pr_corpus_add_token_file", Progress(progress, desc="tokens"),
                           self, os.fsencode(path), _token_format(format))
        return self

    def add_text_bytes(self, text):
        """Count text (bytes, or str encoded as UTF-8) as byte ids; needs
        vocab_size >= 256."""
        data = text_bytes(text, "text")
        call("pr_corpus_add_text_bytes", self, data, len(data))
        return self

    def add_text_file_bytes(self, path, progress=None):
        """Count a text file's bytes (memory-mapped, chunked)."""
        call_with_progress("pr_corpus_add_text_file_bytes", Progress(progress, desc="bytes"),
                           self, os.fsencode(path))
        return self

    def add_text_words(self, vocab, text):
        """Encode text with a Vocab and count the word ids."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        call("pr_corpus_add_text_words", self, vocab, data, len(data))
        return self

    def add_synth(self, synth, n_tokens, progress=None):
        """Generate n_tokens from a Synth and count them (one document)."""
        call_with_progress("pr_corpus_add_synth", Progress(progress, desc="tokens"),
                           self, synth, int(n_tokens))
        return self

    def end_document(self):
        """No pair links the tokens before and after this call."""
        call("pr_corpus_end_document", self)
        return self

    def merge(self, other):
        """Add other's counts into this corpus (other is unchanged)."""
        if not isinstance(other, Corpus):
            raise TypeError(f"argument 'other' must be a Corpus, got {type(other).__name__}")
        call("pr_corpus_merge", self, other)
        return self

    def set_num_threads(self, num_threads):
        call("pr_corpus_set_num_threads", self, int(num_threads))

    def _get(self, name, ctype):
        out = ctype()
        call(name, self, ctypes.byref(out))
        return out.value

    vocab_size = property(lambda self: self._get("pr_corpus_vocab_size", ctypes.c_uint32))
    lag = property(lambda self: self._get("pr_corpus_lag", ctypes.c_uint32))
    total_tokens = property(lambda self: self._get("pr_corpus_total_tokens", ctypes.c_uint64))
    total_pairs = property(lambda self: self._get("pr_corpus_total_pairs", ctypes.c_uint64))
    nnz = property(lambda self: self._get("pr_corpus_nnz", ctypes.c_uint64))

    def count(self, a, b):
        """C[a, b] (0 if never seen)."""
        out = ctypes.c_uint64()
        call("pr_corpus_count", self, int(a), int(b), ctypes.byref(out))
        return out.value

    def unigram(self):
        """Unigram counts, uint64 array of length V."""
        out = np.empty(self.vocab_size, np.uint64)
        call("pr_corpus_unigram_u64", self, ptr(out), out.size)
        return out

    def to_csr(self):
        """(row_ptr uint64[V+1], col_idx uint32[nnz], counts uint64[nnz])."""
        nnz = ctypes.c_uint64()
        call("pr_corpus_export_csr", self, None, None, None, 0, ctypes.byref(nnz))
        row_ptr = np.empty(self.vocab_size + 1, np.uint64)
        col = np.empty(nnz.value, np.uint32)
        counts = np.empty(nnz.value, np.uint64)
        call("pr_corpus_export_csr", self, ptr(row_ptr), ptr(col), ptr(counts), nnz.value,
             ctypes.byref(nnz))
        return row_ptr, col, counts

    def to_scipy(self):
        """The counts as a scipy.sparse.csr_matrix (needs scipy)."""
        import scipy.sparse
        row_ptr, col, counts = self.to_csr()
        v = self.vocab_size
        return scipy.sparse.csr_matrix((counts, col, row_ptr), shape=(v, v))

    def __len__(self):
        return self.total_tokens


TOKEN_FORMATS = {"auto": _raw.PR_TOKENS_AUTO, "u16": _raw.PR_TOKENS_U16, "u32": _raw.PR_TOKENS_U32,
                 "llmc": _raw.PR_TOKENS_LLMC, "npy": _raw.PR_TOKENS_NPY}


def _token_format(fmt):
    if isinstance(fmt, str):
        if fmt not in TOKEN_FORMATS:
            raise ValueError(f"argument 'format' = {fmt!r}: expected one of {sorted(TOKEN_FORMATS)}")
        return TOKEN_FORMATS[fmt]
    return int(fmt)


def read_token_file(path, format="auto"):
    """A whole token file (raw u16/u32, llm.c .bin, or .npy) as uint32 ids."""
    count = ctypes.c_uint64()
    call("pr_token_file_read_u32", os.fsencode(path), _token_format(format), None, 0, ctypes.byref(count))
    out = np.empty(count.value, np.uint32)
    call("pr_token_file_read_u32", os.fsencode(path), _token_format(format), ptr(out), out.size,
         ctypes.byref(count))
    return out
