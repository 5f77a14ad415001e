"""What the benchmark (conformance.bench) needs of NumPy beside the adapter: its matrix product, its memory.

The same three functions in impl_torch/bench.py and impl_jax/bench.py (their own framework's way):
    library(backend)                    -> str: the library that multiplies, for the report
    gemm(backend, A, B)                 -> a callable that computes A @ B once on the backend's device and dtype
                                           and returns when it is done (the benchmark times it)
    step_memory(backend, params, X, Y, model, learning_rate) -> (bytes or None, how it was measured)
"""

import contextlib
import tracemalloc

import numpy as np

from reference_numpy.contract import TrainConfig
from reference_numpy.training import train


def library(backend):
    blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
    return f"numpy {np.__version__} @ ({blas.get('name', '?')} {blas.get('version', '')})".replace(" )", ")")


def gemm(backend, A, B):
    """np.matmul of a (p, q) and a (q, r) array in the backend's dtype into a preallocated result (what BLAS does
    alone)."""
    A, B = A.astype(backend.dtype), B.astype(backend.dtype)
    out = np.empty((A.shape[0], B.shape[1]), dtype=backend.dtype)

    def run():
        np.matmul(A, B, out=out)

    return run


def step_memory(backend, params, X, Y, model, learning_rate):
    """The largest number of bytes NumPy held during one iteration of the reference's training loop beyond what
    it held before it (tracemalloc sees the data of every NumPy array): the cache, the gradients, the new
    parameters and every temporary. Measured on the second iteration of a two-iteration run, from the end of the
    first: the loop's own code, with the input checks and casts outside the window."""
    params, X, Y = backend.prepare(params, X, model, Y, call="bench")
    marks = {}

    def on_iteration(i):
        if i == 0:
            tracemalloc.reset_peak()
            marks["before"] = tracemalloc.get_traced_memory()[0]
        else:
            marks["peak"] = tracemalloc.get_traced_memory()[1]

    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    try:
        train(params, X, Y, model, TrainConfig(learning_rate, 2, 1), on_iteration=on_iteration)
    finally:
        if not was_tracing:
            tracemalloc.stop()
    return marks["peak"] - marks["before"], "tracemalloc peak"


def tiny_problem_scope(backend):
    """The library's settings for a run of tiny steps (the course's Adam run): none for NumPy, whose BLAS does
    not split products of a few thousand flops across threads."""
    return contextlib.nullcontext()
