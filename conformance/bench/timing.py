"""How one cell is timed: wall-clock seconds of whole adapter calls, and the time per iteration as a difference.

A backend is timed through its adapter's train(), what a user calls: NumPy in, NumPy out, so every call has
finished (and its GPU work with it) when it returns. A call of n iterations costs call + n * iteration, where
`call` is what the adapter does once per call (input checks, the cast, copies to the device and back, JAX's
dispatch of the compiled loop). Each repetition times a 0-iteration call and an n-iteration call back to back,
and its estimate of one iteration is (t(n) - min t(0)) / n, with the fastest 0-iteration call of the cell; the
median over the repetitions is the result, the quartiles and the extremes its spread.

Every timed iteration records its cost (record_every = 1), so each is the same work in every backend: forward,
cost, backward, update. (The course's loop takes the cost every 100th iteration; the manual variants would then
skip it 99 times in 100, while autograd and jax.grad compute it every time, since it is what they differentiate.)
n is chosen per cell from a probe so that a call lasts at least min_seconds, and the 0-iteration call is at most
a tenth of it; a warm-up call of n iterations comes first (JAX compiles a loop per n, since the number of recorded
costs is a static shape).
"""

import math
import time

import numpy as np


def seconds(function, *args):
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def spread(samples):
    """{"median", "q1", "q3", "min", "max"} of a list of numbers."""
    values = np.asarray(samples, dtype=np.float64)
    q1, median, q3 = np.percentile(values, [25, 50, 75])
    return {"median": float(median), "q1": float(q1), "q3": float(q3), "min": float(values.min()),
            "max": float(values.max())}  # fmt: skip


def time_iterations(train, reps, min_seconds, max_iterations, cell_seconds):
    """Time one cell. train(n) runs n iterations through the adapter and returns when they are done.

    Returns (n, per-iteration estimates, 0-iteration call times), one estimate and one call time per repetition.
    Each estimate subtracts the fastest 0-iteration call of all: another process can only make a call slower,
    so the fastest is the call's own cost, and no estimate goes below zero on a busy machine. reps is lowered
    (never below 3, nor below the reps asked for where that is smaller) so that the repetitions fit in about
    cell_seconds.
    """
    train(0)
    train(1)  # warm-up: first use of these shapes (JAX: tracing and compiling the 1-iteration loop)
    call = min(seconds(train, 0) for _ in range(3))
    estimate = max(seconds(train, 1) - call, 1e-7)
    n = max(1, min(max_iterations, math.ceil(max(min_seconds, 10 * call) / estimate)))
    if n > 1:
        train(n)  # warm-up of the n-iteration loop
    reps = max(min(reps, 3), min(reps, int(cell_seconds / (call + n * estimate))))
    calls, totals = [], []
    for _ in range(reps):
        calls.append(seconds(train, 0))
        totals.append(seconds(train, n))
    fastest_call = min(calls + [call])
    return n, [(total - fastest_call) / n for total in totals], calls


def time_gemm(run, reps):
    """Seconds of `reps` calls of run() (one matrix product each), after one warm-up call."""
    run()
    return [seconds(run) for _ in range(reps)]
