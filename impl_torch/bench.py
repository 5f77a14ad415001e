"""What the benchmark (conformance.bench) needs of PyTorch beside the adapter: its matrix product, its memory.

The same functions as reference_numpy/bench.py (see there); here on a torch device, in the backend's dtype and
precision profile, waiting for the GPU where there is one.
"""

import contextlib

import torch

from impl_torch.runtime import precision_scope, synchronize, to_torch
from reference_numpy.contract import TrainConfig


def library(backend):
    if backend.torch_device.type == "cuda":
        name = torch.cuda.get_device_name(backend.torch_device)
        return f"torch {torch.__version__} matmul (cuBLAS {torch.version.cuda}, {name})"
    blas = "MKL" if torch.backends.mkl.is_available() else "BLAS"
    return f"torch {torch.__version__} matmul ({blas}, {torch.get_num_threads()} threads)"


def gemm(backend, A, B):
    """torch.matmul of a (p, q) and a (q, r) tensor on the backend's device into a preallocated result, under
    its profile."""
    device = backend.torch_device
    A, B = (to_torch(M, backend.torch_dtype, device) for M in (A, B))
    out = torch.empty((A.shape[0], B.shape[1]), dtype=backend.torch_dtype, device=device)

    def run():
        with precision_scope(backend.profile, device):
            torch.matmul(A, B, out=out)
        synchronize(device)

    return run


def step_memory(backend, params, X, Y, model, learning_rate):
    """On a GPU: the peak of torch's CUDA allocator during a one-iteration run of the variant's training loop on
    tensors already there, above what was allocated before it. On the CPU torch keeps no allocator statistics."""
    device = backend.torch_device
    if device.type != "cuda":
        return None, "not reported (torch keeps no CPU allocator statistics)"
    params, X, Y = backend.prepare(params, X, model, Y, call="bench")
    synchronize(device)
    torch.cuda.reset_peak_memory_stats(device)
    before = torch.cuda.memory_allocated(device)
    with backend.scope():
        backend.functions.train(params, X, Y, model, TrainConfig(learning_rate, 1, 1))
    synchronize(device)
    return torch.cuda.max_memory_allocated(device) - before, "torch.cuda.max_memory_allocated"


@contextlib.contextmanager
def tiny_problem_scope(backend):
    """One intra-op thread for a run of tiny steps (the course's Adam run), restored afterwards: torch's thread
    pool spins between ops of a few thousand flops, and on a busy machine its two threads made a step 40 times
    slower than one (131 ms against 3.3 ms, measured with the load average at 17 on 2 cores)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
