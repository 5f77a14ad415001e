"""run_bench(config) -> records: every backend x device x dtype x profile x case, and each library's GEMM peak.

Order and isolation. NumPy's BLAS (OpenBLAS) and torch's (MKL under OpenMP) keep their worker threads spinning
for a while after each call (OpenMP's KMP_BLOCKTIME is 200 ms; OpenBLAS's threads spin for about 2^28 cycles,
~0.1 s), and XLA's thread pool spins too. On a 2-core machine a library that runs while another's threads still
spin loses up to a third of its speed, so interleaving backends biases whichever runs second. The benchmark
therefore runs in blocks: framework by framework (numpy, torch, jax), and within a framework backend by backend,
each block after a pause longer than any of those spin times; inside a block only one library ever runs. The
GEMM peak of a framework is measured in its own block, right before its backends. Nothing changes the libraries'
thread settings but one: the command line sets OPENBLAS_THREAD_TIMEOUT=4 (dlrosetta/__init__.py, unless the user
set it; the fingerprint records it), which lets OpenBLAS's threads sleep soon after a call and leaves NumPy's own
speed as it was. The numbers are otherwise what a user gets. The price of blocks is that a change in the machine's load
(other processes) hits one block and not another: every record carries the 1-minute load average at its start.
"""

import functools
import importlib
import os
import time

import numpy as np

from conformance.bench.allocator import keep_freed_memory
from conformance.bench.config import BenchConfig, CaseData
from conformance.bench.timing import seconds, spread, time_gemm, time_iterations
from conformance.bench.work import elementwise_flops, matmul_flops, matmul_shapes, parameter_count
from conformance.matrix import error_text
from conformance.records import BENCH_FIELDS
from conformance.registry import SPECS_BY_NAME, available_devices, bench_module, get_backend, list_backends
from reference_numpy.errors import DLRosettaError

XLA_FLOPS_CASES = ("overhead", "cat")  # where XLA's own count is set beside ours (a compilation each)
RUN_RECORD_EVERY = 100  # the whole run records the cost as the course's loop does
PRODUCT_REPS = 3  # each of a step's products alone: the best of this many calls after a warm-up
# where the products are timed alone: not the planar model, whose products (a few thousand flops) would time the
# library's call, not its arithmetic
PRODUCTS_ALONE_CASES = ("cat", "batch", "width")


def _load():
    return round(os.getloadavg()[0], 2)


class OthersCPU:
    """How busy the machine's CPUs were with other processes while a cell ran: the CPU time the whole machine
    spent (/proc/stat) minus this process's own (os.times), over the wall time times the number of CPUs. 0 on a
    quiet machine, 1 when other processes kept every CPU busy. (The load average says less: it counts this
    process's own threads too.) Both clocks tick in 10 ms, so a cell shorter than MIN_WALL gets None, as does a
    machine without /proc/stat."""

    MIN_WALL = 0.5

    def __enter__(self):
        self.start = self._now()
        return self

    def __exit__(self, *exc):
        return False

    @staticmethod
    def _now():
        try:
            with open("/proc/stat") as f:
                fields = [int(x) for x in f.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and iowait
        ticks = os.sysconf("SC_CLK_TCK")
        own = os.times()
        return time.perf_counter(), (sum(fields) - idle) / ticks, own.user + own.system

    def fraction(self):
        end = self._now()
        if self.start is None or end is None or end[0] - self.start[0] < self.MIN_WALL:
            return None
        wall, busy, own = (e - s for e, s in zip(end, self.start, strict=True))
        return round(min(1.0, max(0.0, busy - own) / (wall * os.cpu_count())), 2)


def blocks(config):
    """[(framework, device, [backend names])] in the order they run: framework by framework, device by device."""
    names = list(config.backends or list_backends())
    for name in names:
        if name not in SPECS_BY_NAME:
            raise DLRosettaError(f"bench: unknown backend {name!r}; expected some of {list(SPECS_BY_NAME)}")
        if name not in list_backends():
            raise DLRosettaError(f"bench: backend {name!r} cannot run here (its framework does not import)")
    found = {device for name in names for device in available_devices(name)}
    for device in config.devices or ():
        if device not in found:
            raise DLRosettaError(f"bench: device {device!r} is not available to these backends here; found "
                                 f"{sorted(found)}")  # fmt: skip
    out = []
    for framework in dict.fromkeys(SPECS_BY_NAME[name].framework for name in names):
        members = [name for name in names if SPECS_BY_NAME[name].framework == framework]
        devices = list(dict.fromkeys(d for name in members for d in available_devices(name)))
        for device in config.devices or devices:
            if device in devices:
                out.append((framework, device, [n for n in members if device in available_devices(n)]))
    return out


def _record(**fields):
    record = dict.fromkeys(BENCH_FIELDS)
    record.update(fields)
    return record


def _common(backend, hooks):
    return dict(backend=backend.name, framework=backend.framework, variant=backend.variant, device=backend.device,
                dtype=backend.dtype, profile=backend.profile, matmul_precision=backend.matmul_precision,
                library=hooks.library(backend))  # fmt: skip


@functools.lru_cache(maxsize=2)
def product_operands(p, q, r):
    """A (p, q) and a (q, r) float32 matrix of standard normal numbers, the same for every library (each
    casts them): the operands of the GEMM peak and of each product timed alone."""
    rng = np.random.default_rng((p, q, r))
    return rng.standard_normal((p, q), dtype=np.float32), rng.standard_normal((q, r), dtype=np.float32)


def gemm_record(backend, hooks, n, reps):
    """The framework's GEMM peak on the backend's device, dtype and profile: an (n, n) by (n, n) product."""
    A, B = product_operands(n, n, n)
    record = _record(kind="gemm", **_common(backend, hooks), case="gemm", model=f"{n}x{n}x{n}", m=n, size=n,
                     matmul_flops=2 * n**3, iterations=1, load=_load())  # fmt: skip
    record.update(backend="", variant="")
    try:
        with OthersCPU() as others:
            times = time_gemm(hooks.gemm(backend, A, B), reps)
    except Exception as exc:  # noqa: BLE001 (a failing library becomes a record, the run goes on)
        return record | dict(status="error", message=error_text(exc))
    record["others_cpu"] = others.fraction()
    s = spread(times)
    record.update(reps=reps, iter_s=s["median"], iter_q1_s=s["q1"], iter_q3_s=s["q3"], iter_min_s=s["min"],
                  iter_max_s=s["max"], gflops=2 * n**3 / s["median"] / 1e9, peak_gflops=2 * n**3 / s["min"] / 1e9,
                  status="ok")  # fmt: skip
    return record


def matmul_alone_seconds(backend, hooks, shapes, timed):
    """The step's matrix products alone: each (p, q) x (q, r) product of `shapes` timed through the library's
    GEMM (hooks.gemm) in the backend's dtype and profile, the best of PRODUCT_REPS, less the cost of a call (a
    1 x 1 product's time: JAX's dispatch of a jitted dot is tens of microseconds, which a compiled step does not
    pay per product), summed. The step's time over this says how much goes beyond its products; this over the
    flops says how fast the library multiplies at these shapes, slower than the square peak where a dimension
    is small (m, a narrow layer). `timed` caches each shape's time per library, device, dtype and profile."""

    def best(shape):
        key = (backend.framework, backend.device, backend.dtype, backend.profile, shape)
        if key not in timed:
            timed[key] = min(time_gemm(hooks.gemm(backend, *product_operands(*shape)), PRODUCT_REPS))
        return timed[key]

    call = best((1, 1, 1))
    return sum(max(best(shape) - call, 0.0) for shape in shapes)


def step_record(backend, hooks, data, config):
    """One backend on one case: the time per training iteration, the whole run (where the case has one), the
    memory of a step, and the work counts."""
    case = data.case
    model, dims = case.model, case.model.layer_dims
    record = _record(kind="step", **_common(backend, hooks), case=case.case, model="-".join(map(str, dims)),
                     m=case.m, size=case.size, parameters=parameter_count(dims),
                     matmul_flops=matmul_flops(dims, case.m), elementwise_flops=elementwise_flops(dims, case.m),
                     load=_load())  # fmt: skip
    try:
        params, X, Y = data.get(backend.dtype)

        def train(n, record_every=1):
            backend.train(params, X, Y, model, case.learning_rate, n, record_every)

        with OthersCPU() as others:
            if case.run_iterations:  # first, so that it is the backend's first call on this model (JAX compiles)
                record.update(run_iterations=case.run_iterations,
                              run_s=seconds(train, case.run_iterations, RUN_RECORD_EVERY))  # fmt: skip
            n, iterations, calls = time_iterations(train, config.reps, config.min_seconds, config.max_iterations,
                                                   config.cell_seconds)  # fmt: skip
        record["others_cpu"] = others.fraction()
        s = spread(iterations)
        record.update(iterations=n, reps=len(iterations), iter_s=s["median"], iter_q1_s=s["q1"], iter_q3_s=s["q3"],
                      iter_min_s=s["min"], iter_max_s=s["max"], call_s=float(np.median(calls)),
                      gflops=record["matmul_flops"] / s["median"] / 1e9)  # fmt: skip
        if case.run_iterations:
            record["run_extra_s"] = record["run_s"] - record["call_s"] - case.run_iterations * s["median"]
        record["peak_bytes"], record["memory_method"] = hooks.step_memory(backend, params, X, Y, model,
                                                                          case.learning_rate)  # fmt: skip
        if hasattr(hooks, "compiled_flops") and case.case in XLA_FLOPS_CASES:
            record["xla_flops"] = hooks.compiled_flops(backend, params, X, Y, model)
        record["status"] = "ok"
    except Exception as exc:  # noqa: BLE001 (a failing backend becomes a record, the run goes on)
        record.update(status="error", message=error_text(exc))
    return record


def add_fractions(records):
    """Fill in peak_gflops, fraction_of_peak (of the backend's own library's GEMM peak on that device, dtype and
    profile), machine_peak_gflops and fraction_of_machine_peak (of the best library's), and beyond_arithmetic_s
    (the time per iteration minus the matrix products at the library's peak); where the step's products were
    timed alone, matmul_share (their time over the step's) and matmul_alone_fraction_of_peak (their speed at
    these shapes over the peak: about the most the step could reach were everything else free)."""
    peaks = {(r["framework"], r["device"], r["dtype"], r["profile"]): r["peak_gflops"]
             for r in records if r["kind"] == "gemm" and r["status"] == "ok"}  # fmt: skip
    machine = {}
    for (_, device, dtype, profile), peak in peaks.items():
        machine[device, dtype, profile] = max(peak, machine.get((device, dtype, profile), 0.0))
    for r in records:
        key = (r["device"], r["dtype"], r["profile"])
        r["machine_peak_gflops"] = machine.get(key)
        if r["kind"] != "step" or r["status"] != "ok":
            continue
        r["peak_gflops"] = peak = peaks.get((r["framework"], *key))
        if peak:
            r["fraction_of_peak"] = r["gflops"] / peak
            r["beyond_arithmetic_s"] = r["iter_s"] - r["matmul_flops"] / (peak * 1e9)
        if r["matmul_alone_s"]:
            r["matmul_share"] = r["matmul_alone_s"] / r["iter_s"]
            if peak:
                r["matmul_alone_fraction_of_peak"] = r["matmul_flops"] / r["matmul_alone_s"] / (peak * 1e9)
        if machine.get(key):
            r["fraction_of_machine_peak"] = r["gflops"] / machine[key]
    return records


def run_bench(config=None, on_progress=None):
    """Run the benchmark; returns its records (dicts with the keys BENCH_FIELDS). on_progress(text), if given,
    is called with a line after each record. Backends and devices that cannot run here raise DLRosettaError
    before anything runs; a backend that fails on a case becomes a record with status "error"."""
    config = (config or BenchConfig()).check()
    planned = blocks(config)
    if config.keep_freed_memory:
        keep_freed_memory()
    cases = [CaseData(case) for case in config.bench_cases()]
    say = on_progress or (lambda text: None)
    records, timed = [], {}

    def rest():
        time.sleep(config.pause)
        waited = wait_for_quiet(config.busy_threshold, config.quiet_wait)
        if waited:
            say(f"(waited {waited:.0f} s for other processes to leave the CPUs)")

    for framework, device, names in planned:
        hooks = importlib.import_module(bench_module(framework))
        rest()
        for dtype in config.dtypes:
            for profile in config.profiles:
                backend = get_backend(names[0], device, dtype, profile)
                records.append(gemm_record(backend, hooks, config.gemm_n(device), config.gemm_reps))
                say(_line(records[-1]))
        for name in names:
            rest()
            for dtype in config.dtypes:
                for profile in config.profiles:
                    backend = get_backend(name, device, dtype, profile)
                    for data in cases:
                        record = least_disturbed(config, step_record, backend, hooks, data, config)
                        if record["status"] == "ok" and data.case.case in PRODUCTS_ALONE_CASES:
                            shapes = matmul_shapes(data.case.model.layer_dims, data.case.m)
                            try:
                                record["matmul_alone_s"] = matmul_alone_seconds(backend, hooks, shapes, timed)
                            except Exception as exc:  # noqa: BLE001 (the step's record stands without it)
                                record["message"] = f"its products alone were not timed: {error_text(exc)}"
                        records.append(record)
                        say(_line(records[-1]))
    return add_fractions(records)


def wait_for_quiet(threshold, limit):
    """Wait (up to `limit` seconds) until other processes use at most `threshold` of the CPUs over a second;
    returns the seconds waited. On 2 cores one busy process halves a BLAS library's speed or worse: threads that
    spin while they wait for a descheduled sibling."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        with OthersCPU() as others:
            time.sleep(1.0)
        busy = others.fraction()
        if busy is None or busy <= threshold:
            break
    return time.perf_counter() - start if time.perf_counter() - start >= 1.5 else 0.0


def least_disturbed(config, measure, *args):
    """measure(*args) -> record; measured again (config.busy_retries times at most, each after waiting for quiet)
    while other processes kept more than config.busy_threshold of the CPUs busy during it. Returns the record
    measured with the least interference."""
    best = measure(*args)
    for _ in range(config.busy_retries):
        if best["status"] != "ok" or best["others_cpu"] is None or best["others_cpu"] <= config.busy_threshold:
            break
        wait_for_quiet(config.busy_threshold, config.quiet_wait)
        again = measure(*args)
        if again["status"] == "ok" and (again["others_cpu"] or 0.0) < best["others_cpu"]:
            best = again
    return best


def _line(r):
    """One progress line for a record."""
    where = f"{r['backend'] or r['framework']} {r['device']} {r['dtype']} {r['profile']}"
    if r["status"] != "ok":
        return f"{where} {r['case']} {r['model']}: {r['status']}: {r['message']}"
    if r["kind"] == "gemm":
        return f"{where} GEMM {r['model']}: {r['peak_gflops']:.1f} GFLOP/s (best of {r['reps']})"
    return (f"{where} {r['case']} {r['model']} m={r['m']}: {1e3 * r['iter_s']:.3f} ms/iteration, "
            f"{r['gflops']:.2f} GFLOP/s (n={r['iterations']}, {r['reps']} reps, load {r['load']}, "
            f"others {r['others_cpu']}); products alone {_ms(r['matmul_alone_s'])}")  # fmt: skip


def _ms(seconds):
    return "-" if seconds is None else f"{1e3 * seconds:.3f} ms"
