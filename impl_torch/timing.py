"""Time per training iteration of the course's deep model, each torch variant next to the NumPy reference.

    python -m impl_torch.timing [--data DIR] [--iterations 100] [--repeats 7] [--dtypes float64,float32]

The model is the week-4 application's: layers 12288-20-7-5-1, relu, init "course-app-deep", learning rate 0.0075,
on the course's cat/non-cat training set (209 pictures; DIR, else $DLROSETTA_CATVNONCAT, else
../shared/data/catvnoncat beside the checkout; the synthetic set in the same shape where none is found).

How it measures: every backend runs in this one process through its adapter (what a user calls), one backend
after the other. Each starts after a pause of PAUSE_S and a warm-up call: NumPy's BLAS (OpenBLAS) and torch's
(MKL, OpenMP) keep their worker threads spinning for a while after each call, and on a 2-core machine a backend
that runs while the other library's threads still spin measured up to 1.5 times slower. Each repetition times
train() with --iterations iterations and with 0 iterations (the call's own cost: checks, copies to the device
and back); the time per iteration is (median t(N) - median t(0)) / N. Not a test: nothing asserts on times.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

import numpy as np
import torch

from impl_torch.adapter import make_backend
from reference_numpy import Model, initialize_parameters
from reference_numpy.adapter import NumpyBackend
from reference_numpy.datasets import flatten_images, has_catvnoncat, load_catvnoncat, synthetic_catvnoncat

BACKENDS = ("numpy", "torch-manual", "torch-autograd", "torch-nn")
PAUSE_S = 0.5  # longer than the 200 ms that MKL's OpenMP threads spin after a call (KMP_BLOCKTIME)
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "catvnoncat"


def load(folder):
    """(X : (12288, 209), Y : (1, 209), description) from the course's files, else the synthetic set."""
    if folder is not None and has_catvnoncat(folder):
        train_x, train_y, *_ = load_catvnoncat(folder)
        description = f"the course's cat/non-cat training set in {folder}"
    else:
        train_x, train_y, *_ = synthetic_catvnoncat()
        description = "the synthetic cat/non-cat training set (the course's files were not found)"
    return flatten_images(train_x), train_y.astype(np.float64), description


def seconds(backend, params, X, Y, model, iterations, synchronize):
    start = time.perf_counter()
    backend.train(params, X, Y, model, 0.0075, iterations, record_every=100)
    synchronize()
    return time.perf_counter() - start


def measure(names, device, dtype, params, X, Y, model, iterations, repeats):
    """{name: ms per iteration}, backend after backend, each after a pause and a warm-up call."""
    backends = {
        name: NumpyBackend(dtype=dtype) if name == "numpy" else make_backend(name[len("torch-") :], device, dtype)
        for name in names
    }
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    full = {name: [] for name in names}
    empty = {name: [] for name in names}
    for name, backend in backends.items():
        time.sleep(PAUSE_S)
        seconds(backend, params, X, Y, model, 10, sync)
        for _ in range(repeats):
            full[name].append(seconds(backend, params, X, Y, model, iterations, sync))
            empty[name].append(seconds(backend, params, X, Y, model, 0, sync))
    return {name: 1e3 * (statistics.median(full[name]) - statistics.median(empty[name])) / iterations for name in names}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.environ.get("DLROSETTA_CATVNONCAT", str(DEFAULT_DATA)))
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--dtypes", default="float64,float32")
    parser.add_argument("--device", default="cpu", help="device of the torch variants (numpy: always cpu)")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    args = parser.parse_args(argv)

    X, Y, description = load(args.data)
    model = Model.deep((X.shape[0], 20, 7, 5, 1))
    params = initialize_parameters(model, "course-app-deep")
    names = args.backends.split(",")
    print(f"model: {model.describe()}, init course-app-deep, learning rate 0.0075")
    print(f"data:  {description} (X {X.shape}, {'F' if X.flags.f_contiguous else 'C'}-ordered)")
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads; numpy {np.__version__}; "
        f"{os.cpu_count()} CPUs; device {args.device}"
    )
    print(
        f"{args.iterations} iterations per timed call, median of {args.repeats}, minus a 0-iteration call; "
        f"backend after backend, each after a {PAUSE_S} s pause and a warm-up"
    )
    print(f"load average before: {os.getloadavg()[0]:.2f} (other processes on the CPUs inflate the times)")
    for dtype in args.dtypes.split(","):
        times = measure(names, args.device, dtype, params, X, Y, model, args.iterations, args.repeats)
        fastest_torch = min((t for name, t in times.items() if name.startswith("torch")), default=None)
        print(f"\n{dtype}:")
        for name, ms in times.items():
            ratio = f"  {ms / fastest_torch:.2f}x the fastest torch variant" if name.startswith("torch") else ""
            print(f"  {name:15s} {ms:8.3f} ms per iteration{ratio}")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
