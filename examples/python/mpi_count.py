#!/usr/bin/env python3
"""Exact distributed counting from Python with mpi4py.

Every rank counts its share of the token files' stream (files, or token
ranges inside one large file), the partial counts are reduced, and rank 0
receives an ordinary prspread.Corpus, equal to counting the files in one
process.  Rank 0 then checks that claim against a one-process count.

    PRSPREAD_LIBRARY=build/libprspread.so PRSPREAD_MPI_LIBRARY=build/mpi/libprspread_mpi.so \\
    PYTHONPATH=bindings/python mpirun -np 2 /usr/bin/python3 examples/python/mpi_count.py \\
        [--vocab-size 50257] [--lag 1] [FILE ...]

Without files it writes a few synthetic token files (raw u16) first.

libprspread_mpi takes an MPI_Comm; mpi4py hands out the C handle of a
communicator as an integer (MPI._handleof), which for Open MPI is a pointer.
"""
import argparse
import ctypes
import os
import sys
import tempfile

import numpy as np
from mpi4py import MPI

import prspread
from prspread import _raw
from prspread._handle import Handle


class CountOptions(ctypes.Structure):
    """pr_mpi_count_options (include/prspread_mpi.h), version 1."""
    _fields_ = [("version", ctypes.c_uint32),
                ("corpus", _raw.pr_corpus_options),
                ("format", ctypes.c_int32),
                ("file_is_document", ctypes.c_int32),
                ("result_on_all", ctypes.c_int32),
                ("reduction", ctypes.c_int32),
                ("rank_weight", ctypes.c_double),
                ("progress", ctypes.c_void_p),
                ("user", ctypes.c_void_p)]


def load_mpi_library():
    path = os.environ.get("PRSPREAD_MPI_LIBRARY", "libprspread_mpi.so.0")
    lib = ctypes.CDLL(path)
    lib.pr_mpi_count_options_init.argtypes = [ctypes.POINTER(CountOptions)]
    lib.pr_mpi_count_options_init.restype = None
    lib.pr_mpi_corpus_count_files.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
                                              ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t,
                                              ctypes.POINTER(CountOptions)]
    lib.pr_mpi_corpus_count_files.restype = ctypes.c_int
    lib.pr_mpi_last_error.restype = ctypes.c_char_p
    return lib


def count_files(lib, comm, files, vocab_size, lag):
    """The merged corpus on rank 0 (None elsewhere); raises on every rank
    if any rank failed."""
    opts = CountOptions()
    lib.pr_mpi_count_options_init(ctypes.byref(opts))
    opts.corpus.vocab_size = vocab_size
    opts.corpus.lag = lag
    names = (ctypes.c_char_p * len(files))(*[os.fsencode(f) for f in files])
    out = ctypes.c_void_p()
    status = lib.pr_mpi_corpus_count_files(ctypes.byref(out), ctypes.c_void_p(MPI._handleof(comm)), names,
                                           len(files), ctypes.byref(opts))
    if status != 0:
        raise RuntimeError(f"pr_mpi_corpus_count_files: {lib.pr_mpi_last_error().decode()}")
    if not out.value:
        return None
    corpus = prspread.Corpus.__new__(prspread.Corpus)
    Handle.__init__(corpus, out.value)   # the Corpus owns and frees the handle
    return corpus


def synthetic_files(comm, vocab_size):
    folder = comm.bcast(tempfile.mkdtemp(prefix="prspread-mpi-") if comm.rank == 0 else None)
    files = [os.path.join(folder, f"shard{i}.bin") for i in range(3)]
    if comm.rank == 0:
        rng = np.random.default_rng(0)
        for i, f in enumerate(files):
            ids = (rng.zipf(1.3, size=200_000 + 50_000 * i) % vocab_size).astype(np.uint16)
            ids.tofile(f)
    comm.Barrier()
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--vocab-size", type=int, default=50257)
    ap.add_argument("--lag", type=int, default=1)
    args = ap.parse_args()
    comm = MPI.COMM_WORLD
    lib = load_mpi_library()
    files = args.files or synthetic_files(comm, args.vocab_size)

    t0 = MPI.Wtime()
    corpus = count_files(lib, comm, files, args.vocab_size, args.lag)
    seconds = MPI.Wtime() - t0
    if comm.rank != 0:
        return 0
    print(f"{comm.size} ranks: {corpus.total_tokens} tokens, {corpus.total_pairs} pairs, "
          f"{corpus.nnz} distinct pairs in {seconds:.2f} s")

    # One process, the same files, each a document: the counts must be equal.
    one = prspread.Corpus(args.vocab_size, lag=args.lag)
    for f in files:
        one.add_token_file(f)
        one.end_document()
    same = (one.nnz == corpus.nnz and one.total_pairs == corpus.total_pairs and
            np.array_equal(one.unigram(), corpus.unigram()) and
            all(np.array_equal(a, b) for a, b in zip(one.to_csr(), corpus.to_csr())))
    print("equal to one process:", same)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
