"""pr_vocab: a word-level vocabulary (id 0 is <unk>)."""
import ctypes
import os

import numpy as np

from . import _raw
from ._call import call
from ._handle import Handle
from ._lib import lib
from ._structs import fill
from .arrays import ptr, text_bytes

UNK = _raw.PR_VOCAB_UNK


def _options(max_words, lowercase):
    opts = _raw.pr_vocab_options()
    lib.pr_vocab_options_init(ctypes.byref(opts))
    return fill(opts, "Vocab", max_words=max_words, lowercase=None if lowercase is None else int(lowercase))


class Vocab(Handle):
    """Immutable once built, so one Vocab may be shared by several threads."""
    _free_name = "pr_vocab_free"

    @classmethod
    def build(cls, text, max_words=None, lowercase=None):
        """From text in memory (str or bytes)."""
        data = text_bytes(text, "text")
        out = ctypes.c_void_p()
        call("pr_vocab_build", ctypes.byref(out), data, len(data), ctypes.byref(_options(max_words, lowercase)))
        return cls._wrap(out)

    @classmethod
    def from_file(cls, path, max_words=None, lowercase=None):
        out = ctypes.c_void_p()
        call("pr_vocab_build_from_file", ctypes.byref(out), os.fsencode(path),
             ctypes.byref(_options(max_words, lowercase)))
        return cls._wrap(out)

    @classmethod
    def load(cls, path):
        out = ctypes.c_void_p()
        call("pr_vocab_load", ctypes.byref(out), os.fsencode(path))
        return cls._wrap(out)

    def save(self, path):
        call("pr_vocab_save", self, os.fsencode(path))

    def __len__(self):
        out = ctypes.c_uint32()
        call("pr_vocab_size", self, ctypes.byref(out))
        return out.value

    def id(self, word):
        """The id of a word (UNK = 0 if absent)."""
        out = ctypes.c_uint32()
        call("pr_vocab_id", self, text_bytes(word, "word"), ctypes.byref(out))
        return out.value

    def word(self, id):
        n = ctypes.c_size_t()
        call("pr_vocab_word", self, int(id), None, 0, ctypes.byref(n))
        buf = ctypes.create_string_buffer(n.value + 1)
        call("pr_vocab_word", self, int(id), buf, len(buf), ctypes.byref(n))
        return buf.raw[: n.value].decode("utf-8", "replace")

    def count(self, id):
        out = ctypes.c_uint64()
        call("pr_vocab_count", self, int(id), ctypes.byref(out))
        return out.value

    def encode(self, text):
        """Word ids (uint32 array) of text."""
        data = text_bytes(text, "text")
        n = ctypes.c_size_t()
        call("pr_vocab_encode", self, data, len(data), None, 0, ctypes.byref(n))
        ids = np.empty(n.value, np.uint32)
        call("pr_vocab_encode", self, data, len(data), ptr(ids), ids.size, ctypes.byref(n))
        return ids
