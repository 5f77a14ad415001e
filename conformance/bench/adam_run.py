"""The course's Adam run as a benchmark: 5000 epochs of 5 mini-batches (64, 64, 64, 64, 44) of (2, 300) data on the
[2, 5, 2, 1] network, every backend in one run, float64 on the CPU.

About 25,000 steps of a few thousand flops each: the time is per-step overhead (Python, dispatch, allocation),
not arithmetic. Per backend:
    end_to_end_s  the first call of backend.train, conversions and (JAX) tracing and compilation included
    steady_s      the median of `reps` further calls (JAX: the compiled loop, found in its cache)
    compile_s     end_to_end_s - steady_s: what the first call costs beyond a steady one
    speedup       the course-style NumPy loop's steady time over this backend's
The floor is the arithmetic alone: the run's counted flops (matrix products and element-wise work,
conformance.bench.work) at the machine's float64 GEMM rate measured in the same run (numpy, 1024^3): no loop can
do the arithmetic faster, and at these shapes none comes close.

PyTorch runs with one intra-op thread here (impl_torch.bench.tiny_problem_scope: its pool spins between such tiny
ops). The baseline ("course-module") is reference_numpy.course.c2w2_optimization.model(..., "adam") on the same data:
the course's own loop, as a learner's notebook runs it; the speed-ups are over its steady time.
"""

import importlib
import statistics
import time

import numpy as np

from conformance.bench.work import elementwise_flops, matmul_flops, parameter_count
from conformance.cases_optimization import MODEL, moons_data
from conformance.registry import bench_module, get_backend, list_backends
from reference_numpy import TrainConfig, initialize_parameters
from reference_numpy.contract import Optimizer
from reference_numpy.minibatches import batch_bounds, course_permutations

BASELINE = "course-module"  # reference_numpy.course.c2w2_optimization.model (see the module docstring)
COURSE = dict(learning_rate=0.0007, batch_size=64, epochs=5000)  # the course's defaults for the moons


def course_config(m, epochs):
    return TrainConfig(COURSE["learning_rate"], epochs, 100, optimizer=Optimizer("adam"),
                       batch_size=COURSE["batch_size"], permutations=course_permutations(m, epochs))  # fmt: skip


def gemm_rate(n=1024, reps=5):
    """float64 flops per second of numpy's n x n x n product here (the best of reps)."""
    a, b = np.random.RandomState(0).rand(n, n), np.random.RandomState(1).rand(n, n)
    a @ b
    best = min(_seconds(lambda: a @ b) for _ in range(reps))
    return 2 * n**3 / best


def floor_seconds(m, epochs, rate):
    """The run's arithmetic at the GEMM rate: a lower bound on any loop's time."""
    dims = MODEL.layer_dims
    adam = 12 * parameter_count(dims)  # (24) to (27) beyond gradient descent's update, per step
    per_epoch = sum(matmul_flops(dims, b - a) + elementwise_flops(dims, b - a) + adam for a, b in batch_bounds(m, 64))
    return epochs * per_epoch / rate


def _seconds(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_adam_bench(backends=None, epochs=COURSE["epochs"], reps=3, on_progress=None):
    """One record per backend (and one for the floor): times in seconds, see the module docstring."""
    X, Y = moons_data()
    params = initialize_parameters(MODEL, "he", seed=3)
    config = course_config(X.shape[1], epochs)
    names = list(backends or list_backends())
    records = [_course_module_record(X, Y, params, epochs, reps)]
    if on_progress:
        on_progress(_line(records[-1]))
    for name in names:
        backend = get_backend(name)
        hooks = importlib.import_module(bench_module(backend.framework))
        try:
            with hooks.tiny_problem_scope(backend):  # torch: one intra-op thread (impl_torch/bench.py)
                first = _seconds(lambda b=backend: b.train(params, X, Y, MODEL, config))
                steady = statistics.median(
                    _seconds(lambda b=backend: b.train(params, X, Y, MODEL, config)) for _ in range(reps)
                )
            record = dict(backend=name, status="ok", end_to_end_s=first, steady_s=steady, compile_s=first - steady)
        except Exception as exc:  # a failing backend is a record, the others still run
            record = dict(backend=name, status="error", message=f"{type(exc).__name__}: {exc}")
        records.append(record | dict(epochs=epochs, steps=epochs * len(batch_bounds(X.shape[1], 64)), reps=reps))
        if on_progress:
            on_progress(_line(records[-1]))
    rate = gemm_rate()
    records.append(dict(backend="floor", status="ok", steady_s=floor_seconds(X.shape[1], epochs, rate),
                        gemm_gflops=rate / 1e9, epochs=epochs))  # fmt: skip
    baseline = next(r["steady_s"] for r in records if r["backend"] == BASELINE and r["status"] == "ok")
    for r in records:
        if r["status"] == "ok":
            r["speedup"] = baseline / r["steady_s"]
    return records


def _course_module_record(X, Y, params, epochs, reps):
    """The course's model(X, Y, layers_dims, "adam") timed as the backends are (its own He initialization, seed 3,
    is the one `params` holds)."""
    from reference_numpy.course import c2w2_optimization

    def run():
        c2w2_optimization.model(X, Y, list(MODEL.layer_dims), "adam", num_epochs=epochs, print_cost=False)

    first = _seconds(run)
    steady = statistics.median(_seconds(run) for _ in range(reps))
    steps = epochs * len(batch_bounds(X.shape[1], 64))
    return dict(backend=BASELINE, status="ok", end_to_end_s=first, steady_s=steady, compile_s=first - steady,
                epochs=epochs, steps=steps, reps=reps)  # fmt: skip


def _line(r):
    if r["status"] != "ok":
        return f"{r['backend']}: {r['status']} {r.get('message', '')}"
    return (f"{r['backend']}: steady {r['steady_s']:.3f} s, end to end {r['end_to_end_s']:.3f} s "
            f"(first call beyond steady {r['compile_s']:.3f} s)")  # fmt: skip


def markdown(records, load):
    """The records as a Markdown table, fastest first, with how they were measured."""
    rows = sorted((r for r in records if r["status"] == "ok"), key=lambda r: r["steady_s"])
    steps = next(r["steps"] for r in records if "steps" in r)
    lines = [
        f"# The course's Adam run: {records[0]['epochs']} epochs, {steps} steps, float64, CPU",
        "",
        f"Load average at the start: {load}. Steady: median of {records[0]['reps']} calls after the first; end to "
        "end: the first call (JAX: tracing and compilation included); floor: the counted flops at numpy's "
        "measured float64 GEMM rate. Baseline (course-module): reference_numpy.course.c2w2_optimization.model(..., "
        "'adam'), the course's own loop.",
        "",
        "| backend | steady s | end to end s | first call beyond steady s | speed-up over the course module |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        e2e = f"{r['end_to_end_s']:.3f}" if "end_to_end_s" in r else ""
        extra = f"{r['compile_s']:.3f}" if "compile_s" in r else f"(GEMM {r['gemm_gflops']:.1f} GFLOP/s)"
        lines.append(f"| {r['backend']} | {r['steady_s']:.4f} | {e2e} | {extra} | {r['speedup']:.1f}x |")
    lines += [
        f"| {r['backend']} | {r['status']}: {r.get('message', '')} | | | |" for r in records if r["status"] != "ok"
    ]
    return "\n".join(lines) + "\n"
