#!/usr/bin/env python3
"""The matched-seed study spread over MPI ranks from Python with mpi4py.

Rank 0 passes the study (tokens, arms, seeds, options) to libprspread_mpi's
pr_mpi_init_compare_run; the other ranks pass nothing and receive it by
broadcast.  Every rank takes (arm, seed) runs from a shared counter, the
reference model of the ORACLE arm is trained once on rank 0 and broadcast,
and rank 0 receives an ordinary prspread.init.Comparison.  Rank 0 then
checks it against the same study in one process: every final loss and the
markdown report must be equal.

    PRSPREAD_LIBRARY=build/libprspread.so PRSPREAD_MPI_LIBRARY=build/mpi/libprspread_mpi.so \\
    PYTHONPATH=bindings/python OMP_NUM_THREADS=1 mpirun -np 2 /usr/bin/python3 examples/python/mpi_study.py
"""
import ctypes
import os
import sys

import numpy as np
from mpi4py import MPI

import prspread
from prspread import init
from prspread._handle import Handle


def load_mpi_library():
    path = os.environ.get("PRSPREAD_MPI_LIBRARY", "libprspread_mpi.so.0")
    lib = ctypes.CDLL(path)
    lib.pr_mpi_init_compare_run.argtypes = [
        ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    lib.pr_mpi_init_compare_run.restype = ctypes.c_int
    lib.pr_mpi_last_error.restype = ctypes.c_char_p
    return lib


def compare_over_ranks(lib, comm, study):
    """The Comparison on rank 0 (None elsewhere); raises on every rank if any
    rank failed.  Only rank 0's `study` is read."""
    out = ctypes.c_void_p()
    if comm.rank == 0:
        args, keep = init.compare_arguments(**study)
    else:
        args = (None, None, 0, None, 0, None, 0)
    status = lib.pr_mpi_init_compare_run(ctypes.byref(out), ctypes.c_void_p(MPI._handleof(comm)), *args, None)
    if status != 0:
        raise RuntimeError(f"pr_mpi_init_compare_run: {lib.pr_mpi_last_error().decode()}")
    if not out.value:
        return None
    result = init.Comparison.__new__(init.Comparison)
    Handle.__init__(result, out.value)  # the Comparison owns and frees the handle
    return result


def main():
    comm = MPI.COMM_WORLD
    lib = load_mpi_library()
    rng = np.random.default_rng(5)
    tokens = np.zeros(8000, dtype=np.uint32)
    for i in range(1, tokens.size):  # a lag-1 source over 24 ids
        tokens[i] = (tokens[i - 1] * 5 + rng.integers(0, 3)) % 24
    study = dict(tokens=tokens, seeds=[1, 2, 3], steps=8, eval_interval=4, reference_steps=6,
                 arms={"random": {}, "direct": {"strategy": "direct"}, "oracle": {"strategy": "oracle"}},
                 model_options=dict(vocab_size=24, context_length=16, n_layer=1, n_head=2, d_model=16,
                                    num_threads=1),
                 train_options=dict(batch_size=4, warmup_steps=2, eval_batches=2))

    t0 = MPI.Wtime()
    result = compare_over_ranks(lib, comm, study)
    seconds = MPI.Wtime() - t0
    if comm.rank != 0:
        return 0
    print(f"{comm.size} ranks, {seconds:.2f} s:")
    print(result.report())
    one = init.compare(progress=False, **study)
    same = (result.report() == one.report() and
            all(np.array_equal(result.final_losses(a), one.final_losses(a)) for a in range(3)))
    print("equal to one process:", same)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
