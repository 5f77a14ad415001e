"""What the benchmark runs: BenchConfig (backends, dtypes, sizes, repetitions) and the cases it expands to.

Four kinds of case, each a model, a batch of m examples and the initial parameters (drawn once, in NumPy):

    overhead  the course's planar model (2-4-1, tanh, m = 400): a few thousand flops an iteration, so its time is
              what a framework spends per iteration beyond arithmetic (dispatch, Python, allocation)
    cat       the course's deep model on the cat/non-cat training set (12288-20-7-5-1, m = 209), with the
              course's whole training run (2500 iterations) timed too
    batch     a deep model of fixed widths (batch_dims) at batch sizes m = batch_sizes: where the per-iteration
              overhead ends and the matrix products take over
    width     the cat-shaped deep model (n_x = 12288, m = 209) with two hidden layers of width w = widths

X is laid out as the course's data is: flatten_images makes a transposed (column-major) view of the pictures,
so the synthetic X of the sweeps is drawn as (m, n_x) rows and transposed the same way.
"""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from conformance.bench.allocator import is_glibc
from conformance.cases import COURSE_RUNS
from conformance.matrix import DTYPES
from reference_numpy import Model, initialize_parameters
from reference_numpy.datasets import get_dataset, planar_dataset
from reference_numpy.errors import DLRosettaError
from reference_numpy.validation import PROFILES

CASES = ("overhead", "cat", "batch", "width")
CAT = COURSE_RUNS["deep"]  # the week-4 application's L_layer_model run
PLANAR = COURSE_RUNS["shallow"]  # week 3's nn_model on the flower
SWEEP_LEARNING_RATE = 0.0075


@dataclass
class BenchConfig:
    """What to measure. None for backends/devices means every one found here. See `dlrosetta bench --help`."""

    backends: tuple | None = None
    devices: tuple | None = None
    dtypes: tuple = DTYPES
    profiles: tuple = ("strict",)
    cases: tuple = CASES
    batch_sizes: tuple = (64, 256, 1024, 4096, 16384, 65536)
    batch_dims: tuple = (256, 256, 256, 1)  # n_x, hidden widths, 1 (the batch sweep's model)
    widths: tuple = (16, 64, 256, 1024, 4096)
    width_n_x: int = 12288
    width_m: int = 209
    reps: int = 5  # timed repetitions per cell (fewer, never under 3, where a cell would exceed cell_seconds)
    min_seconds: float = 0.1  # each timed call runs at least this long (more iterations per call where small)
    max_iterations: int = 10000  # per timed call
    cell_seconds: float = 3.0  # a soft budget per cell: large cells get fewer repetitions (never under 3)
    run_iterations: int = CAT.num_iterations  # the cat model's whole training run
    gemm_size: int | None = None  # n of the n x n x n peak GEMM; None: 2048 on the CPU, 8192 on a GPU
    gemm_reps: int = 7
    pause: float = 0.5  # seconds of rest before each backend's block (see conformance.bench.run)
    busy_threshold: float = 0.15  # other processes' share of the CPUs above which a cell counts as disturbed
    quiet_wait: float = 30.0  # before each block and each retry: wait up to this long for the CPUs to be quiet
    busy_retries: int = 1  # a disturbed cell is measured again (after waiting) up to this many times
    data: str = "auto"  # the cat case's data: auto, synthetic or a folder (reference_numpy.datasets.get_dataset)
    quick: bool = False
    keep_freed_memory: bool = False  # glibc keeps freed memory, for the rest of the process (allocator.py)
    extra: dict = field(default_factory=dict)  # free-form notes carried into run.json

    @classmethod
    def quick_config(cls, **overrides):
        """The quick preset: fewer, smaller sizes, 3 repetitions of shorter calls, a shorter whole run."""
        quick = dict(batch_sizes=(64, 1024, 16384), widths=(16, 256, 1024), reps=3, min_seconds=0.05,
                     cell_seconds=2.0, run_iterations=100, gemm_size=1024, gemm_reps=3, pause=0.25, quiet_wait=5.0,
                     busy_retries=0, quick=True)  # fmt: skip
        return cls(**(quick | overrides))

    def check(self):
        """Raise DLRosettaError naming the first bad setting."""
        for dtype in self.dtypes:
            if dtype not in DTYPES:
                raise DLRosettaError(f"bench: dtypes must be {' and/or '.join(DTYPES)}; got {dtype!r}")
        for profile in self.profiles:
            if profile not in PROFILES:
                raise DLRosettaError(f"bench: profiles must be {' and/or '.join(PROFILES)}; got {profile!r}")
        if self.keep_freed_memory and not is_glibc():
            raise DLRosettaError("bench: keep_freed_memory needs Linux with glibc (it calls glibc's mallopt)")
        for case in self.cases:
            if case not in CASES:
                raise DLRosettaError(f"bench: unknown case {case!r}; expected some of {list(CASES)}")
        sizes = {"batch_sizes": self.batch_sizes, "widths": self.widths, "batch_dims": self.batch_dims}
        for name, values in sizes.items():
            if not values or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in values):
                raise DLRosettaError(f"bench: {name} must be integers >= 1; got {values!r}")
        if len(self.batch_dims) < 2 or self.batch_dims[-1] != 1:
            raise DLRosettaError(f"bench: batch_dims must be (n_x, ..., 1); got {self.batch_dims!r}")
        counts = {"reps": self.reps, "max_iterations": self.max_iterations, "width_n_x": self.width_n_x,
                  "width_m": self.width_m, "gemm_reps": self.gemm_reps}  # fmt: skip
        for name, value in counts.items():
            if not isinstance(value, int) or value < 1:
                raise DLRosettaError(f"bench: {name} must be an integer >= 1; got {value!r}")
        if not isinstance(self.run_iterations, int) or self.run_iterations < 0:
            raise DLRosettaError(f"bench: run_iterations must be an integer >= 0; got {self.run_iterations!r}")
        if self.gemm_size is not None and (not isinstance(self.gemm_size, int) or self.gemm_size < 1):
            raise DLRosettaError(f"bench: gemm_size must be an integer >= 1; got {self.gemm_size!r}")
        for name in ("min_seconds", "cell_seconds", "pause", "busy_threshold", "quiet_wait", "busy_retries"):
            if getattr(self, name) < 0:
                raise DLRosettaError(f"bench: {name} must be >= 0; got {getattr(self, name)!r}")
        return self

    def bench_cases(self):
        """The BenchCases to run, in order (small to large within each sweep)."""
        out = []
        for kind in self.cases:
            if kind == "overhead":
                model = Model.shallow(2, *PLANAR.hidden)
                out.append(BenchCase("overhead", model, 400, 400, PLANAR.learning_rate, 0, PLANAR.init, PLANAR.data))
            elif kind == "cat":
                out.append(BenchCase("cat", Model.deep(CAT.dims(12288)), 209, 209, CAT.learning_rate,
                                     self.run_iterations, CAT.init, self.data))  # fmt: skip
            elif kind == "batch":
                model = Model.deep(self.batch_dims)
                out += [BenchCase("batch", model, m, m, SWEEP_LEARNING_RATE) for m in sorted(self.batch_sizes)]
            else:
                out += [BenchCase("width", Model.deep((self.width_n_x, w, w, 1)), self.width_m, w,
                                  SWEEP_LEARNING_RATE) for w in sorted(self.widths)]  # fmt: skip
        return out

    def gemm_n(self, device):
        return self.gemm_size or (8192 if device == "cuda" else 2048)


@dataclass(frozen=True)
class BenchCase:
    """One model and batch. size is the swept value (m for batch, the hidden width for width; m otherwise)."""

    case: str
    model: Model
    m: int
    size: int
    learning_rate: float
    run_iterations: int = 0  # > 0: time a whole training run of this many iterations too
    init: str = "he"
    data: str = "random"  # "random" (a standard normal X, random labels), "planar", or get_dataset's spec

    @property
    def label(self):
        dims = "-".join(map(str, self.model.layer_dims))
        return f"{self.case} {dims} m={self.m}"

    def arrays(self):
        """(params, X, Y) in float64, X : (n_x, m) column-major like the course's data."""
        if self.data == "planar":
            X, Y = planar_dataset()
            Y = Y.astype(np.float64)
        elif self.data == "random":
            rng = np.random.default_rng(self.m + 7919 * self.size)
            X = rng.standard_normal((self.m, self.model.n_x)).T  # a transposed view, like flatten_images
            Y = (rng.random((1, self.m)) < 0.5).astype(np.float64)
        else:
            dataset = get_dataset(self.data)
            X, Y = dataset.X_train, dataset.Y_train
            if X.shape != (self.model.n_x, self.m):
                raise DLRosettaError(f"bench: data {self.data!r} has X of shape {X.shape}; the cat case needs "
                                     f"{(self.model.n_x, self.m)}")  # fmt: skip
        return initialize_parameters(self.model, self.init, seed=1 if self.init == "he" else None), X, Y


class CaseData:
    """Each case's arrays, made once and cast once per dtype, shared by every backend (they never write into
    their inputs: the adapters copy or cast at their boundary)."""

    def __init__(self, case):
        self.case = case

    @cached_property
    def float64(self):
        return self.case.arrays()

    def get(self, dtype):
        if dtype == "float64":
            return self.float64
        if not hasattr(self, "_cast"):
            params, X, Y = self.float64
            # astype keeps X's column-major layout (order "K")
            self._cast = ({k: v.astype(dtype) for k, v in params.items()}, X.astype(dtype), Y.astype(dtype))
        return self._cast
