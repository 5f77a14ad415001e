"""What the benchmark (conformance.bench) needs of JAX beside the adapter: its matrix product, its memory, and
XLA's own count of a step's floating-point operations.

The same functions as reference_numpy/bench.py (see there), plus compiled_flops; each runs inside the backend's
scope (x64 for float64, the profile's matmul precision, the device), as the adapter's calls do.
"""

import contextlib

import jax
import jax.numpy as jnp

from impl_jax import training


def library(backend):
    device = backend.device_handle
    return f"jax {jax.__version__} jnp.dot, jitted (XLA {device.platform}: {getattr(device, 'device_kind', '')})"


def gemm(backend, A, B):
    """A jitted jnp.dot of a (p, q) and a (q, r) array on the backend's device, compiled before it is returned."""
    with backend.scope():
        A, B = jax.device_put((A.astype(backend.dtype), B.astype(backend.dtype)), backend.device_handle)
        dot = jax.jit(jnp.dot).lower(A, B).compile()

    def run():
        dot(A, B).block_until_ready()

    return run


def _lowered_loop(backend, params, X, Y, model, learning_rate):
    params, X, Y = backend.prepare(params, X, model, Y, call="bench")
    alpha = jnp.asarray(learning_rate, dtype=backend.dtype)
    return training.train_loop_donating.lower(
        params, X, Y, alpha, 1, 1, model=model, step_fn=backend.step_fn, num_records=1
    )


def step_memory(backend, params, X, Y, model, learning_rate):
    """XLA's memory plan of the compiled training loop (the adapter's, donating the parameters), for one
    iteration: its temporary buffers plus the outputs that do not reuse an input's buffer. A plan, not a
    measurement, but exact for what the loop allocates; the same on every device."""
    with backend.scope():
        stats = _lowered_loop(backend, params, X, Y, model, learning_rate).compile().memory_analysis()
    if stats is None:
        return None, "not reported (XLA gave no memory analysis)"
    allocated = stats.temp_size_in_bytes + stats.output_size_in_bytes - stats.alias_size_in_bytes
    return allocated, "XLA memory_analysis"


def compiled_flops(backend, params, X, Y, model):
    """XLA's cost analysis of one jitted step (cost and gradients, without the update): its flop count, matrix
    products and elementwise work together, to set beside conformance.bench.work's count."""
    with backend.scope():
        params, X, Y = backend.prepare(params, X, model, Y, call="bench")
        step = jax.jit(backend.step_fn, static_argnames=("model",))
        analysis = step.lower(params, X, Y, model).compile().cost_analysis()
    if isinstance(analysis, list | tuple):  # older jax: one dict per computation
        analysis = analysis[0] if analysis else {}
    return float(analysis["flops"]) if analysis and "flops" in analysis else None


def tiny_problem_scope(backend):
    """The library's settings for a run of tiny steps: none for JAX (XLA's CPU runtime runs such a loop on one
    thread of its own)."""
    return contextlib.nullcontext()
