"""`dlrosetta train`: train a course model with the NumPy reference and print what the course prints."""

import io
import math
import os
import sys
import time
from dataclasses import astuple
from pathlib import Path

import numpy as np
from tqdm import tqdm

import reference_numpy
from conformance.cases import COURSE_RUNS, CourseRun
from conformance.records import atomic_write
from conformance.trajectory import train_checked
from reference_numpy import METHODS, Model, accuracy, initialize_parameters, predict
from reference_numpy.activations import ACTIVATIONS
from reference_numpy.datasets import DATA_ENV, DEFAULT_DATA_DIR, get_dataset
from reference_numpy.errors import DLRosettaError

PROGRESS_MIN_ITERATIONS = 1000
# course 2, week 3: a softmax network on scikit-learn's 8x8 digits (its assignment's SIGNS set is not available)
SOFTMAX_RUN = CourseRun("digits", (32,), "relu", "he", 0.5, 1000, 100)
RUNS = {**COURSE_RUNS, "softmax": SOFTMAX_RUN}


def add_arguments(parser):
    parser.formatter_class = __import__("argparse").RawDescriptionHelpFormatter
    parser.description = (
        "Train one of the course's models with the NumPy reference and print the cost every few iterations\n"
        "and the train/test accuracy. Without options this is the course's deep network (week 4 application:\n"
        "layers 12288-20-7-5-1, relu, learning rate 0.0075, 2500 iterations) on the cat/non-cat pictures.\n\n"
        "Data (--data):\n"
        f"  auto       the course's cat/non-cat files if they are in ${DATA_ENV} or ./{DEFAULT_DATA_DIR},\n"
        "             otherwise the synthetic pictures (the embedded default)\n"
        "  synthetic  209 + 50 generated 64x64 pictures in the course's layout (no download needed)\n"
        "  planar     the week-3 'flower' (2 features, 400 points); used by --model shallow\n"
        "  digits     scikit-learn's 8x8 handwritten digits, 10 classes; used by --model softmax\n"
        "  blobs      synthetic Gaussian blobs, 3 classes (for --model softmax)\n"
        "  DIR        a folder with train_catvnoncat.h5 and test_catvnoncat.h5\n\n"
        "examples:\n"
        "  dlrosetta train                                 # the course's deep network\n"
        "  dlrosetta train --model logistic                # week 2: logistic regression\n"
        "  dlrosetta train --model shallow                 # week 3: one hidden tanh layer on the flower\n"
        "  dlrosetta train --model softmax --batchnorm 1   # course 2 week 3: softmax on the digits, batch norm\n"
        "  dlrosetta train --hidden 32,8 --init he --dtype float32 --plot costs.png"
    )
    parser.add_argument("--model", choices=sorted(RUNS), default="deep", help="which course model (default: deep)")
    parser.add_argument(
        "--batchnorm", default=None, metavar="LAYERS", help="--model softmax: batch-normalize hidden layers, e.g. 1"
    )
    parser.add_argument("--data", default=None, help="auto, synthetic, planar or a folder (default: the model's)")
    parser.add_argument("--hidden", default=None, help="hidden layer sizes, comma-separated, e.g. 20,7,5")
    parser.add_argument(
        "--activation", default=None, help="hidden activation: relu, tanh, sigmoid, leaky_relu, identity"
    )
    parser.add_argument("--init", default=None, choices=METHODS, metavar="METHOD", help=f"one of {', '.join(METHODS)}")
    parser.add_argument("--seed", type=int, default=None, help="seed for he, xavier, scaled_normal (default 1)")
    parser.add_argument("--learning-rate", type=float, default=None, help="gradient-descent step alpha")
    parser.add_argument("--iterations", type=int, default=None, help="number of gradient-descent iterations")
    parser.add_argument("--record-every", type=int, default=None, help="print the cost every K iterations")
    parser.add_argument("--dtype", choices=("float64", "float32"), default="float64", help="default: float64")
    parser.add_argument("--plot", default=None, metavar="PNG", help="also save the cost curve as a PNG file")
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no per-iteration costs")


def _hidden(text):
    try:
        sizes = tuple(int(s) for s in text.split(",") if s.strip())
    except ValueError as exc:
        raise DLRosettaError(f"--hidden: expected sizes like 20,7,5; got {text!r}") from exc
    if not sizes or min(sizes) < 1:
        raise DLRosettaError(f"--hidden: expected one or more sizes >= 1, like 20,7,5; got {text!r}")
    return sizes


def settings(args):
    """(data, hidden, activation, init, lr, iterations, record_every) from the preset and the options, all checked
    before any work (DLRosettaError naming what is allowed)."""
    data, hidden, activation, init, lr, iterations, record_every = astuple(RUNS[args.model])
    if args.model == "logistic" and (args.hidden is not None or args.activation is not None):
        raise DLRosettaError("--hidden and --activation do not apply to --model logistic (no hidden layer); "
                             "for hidden layers use --model deep, two-layer or shallow")  # fmt: skip
    data = args.data or data
    hidden = _hidden(args.hidden) if args.hidden is not None else hidden
    activation = args.activation or activation or "relu"
    if activation not in ACTIVATIONS:
        raise DLRosettaError(
            f"--activation: unknown activation {activation!r}; expected one of {', '.join(ACTIVATIONS)}"
        )
    init = args.init or init
    lr = args.learning_rate if args.learning_rate is not None else lr
    if not (math.isfinite(lr) and lr > 0):
        raise DLRosettaError(f"--learning-rate: expected a finite number > 0; got {lr}")
    iterations = args.iterations if args.iterations is not None else iterations
    if iterations < 0:
        raise DLRosettaError(f"--iterations: expected an integer >= 0; got {iterations}")
    record_every = args.record_every if args.record_every is not None else record_every
    if record_every < 1:
        raise DLRosettaError(f"--record-every: expected an integer >= 1; got {record_every}")
    if args.plot is not None:
        _check_plot_path(args.plot)
    return data, hidden, activation, init, lr, iterations, record_every


def _check_plot_path(path):
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise DLRosettaError(f"--plot {path}: expected a file name ending in .png")
    folder = path.parent
    if not folder.is_dir():
        raise DLRosettaError(f"--plot {path}: the folder {folder} does not exist")
    if path.is_dir() or not os.access(folder, os.W_OK):
        raise DLRosettaError(f"--plot {path}: cannot write a file there")


def _model(args, n_x, hidden, activation, Y):
    """The model of the settings: a softmax network over Y's C classes (with --batchnorm layers), or binary."""
    if args.model == "softmax":
        if Y.shape[0] < 2:
            raise DLRosettaError(
                f"--model softmax needs multi-class data (digits, blobs); {args.data} has one label row"
            )
        layers = _hidden(args.batchnorm) if args.batchnorm else ()
        return Model.softmax((n_x, *hidden, Y.shape[0]), hidden=activation, batchnorm=layers)
    if args.batchnorm:
        raise DLRosettaError("--batchnorm applies to --model softmax only")
    if Y.shape[0] > 1:
        raise DLRosettaError(f"--model {args.model} is binary; multi-class data needs --model softmax")
    return Model((n_x, *hidden, 1), (activation,) * len(hidden) + ("sigmoid",), name=args.model)


def run(args):
    data, hidden, activation, init, lr, iterations, record_every = settings(args)
    dataset = get_dataset(data)
    X_train = dataset.X_train.astype(args.dtype)
    model = _model(args, X_train.shape[0], hidden, activation, dataset.Y_train)
    params = initialize_parameters(model, init, seed=args.seed, dtype=args.dtype)
    print(f"model: {model.describe()}")
    print(f"data:  {dataset.description}")
    print(f"init:  {init}, learning rate {lr}, {iterations} iterations, {args.dtype}")

    show_bar = not args.quiet and iterations >= PROGRESS_MIN_ITERATIONS
    with tqdm(total=iterations, disable=None if show_bar else True, unit="it", leave=False) as bar:
        start = time.perf_counter()
        if model.batchnorm:  # one run: the running statistics go on from step to step (no stretches)
            result = reference_numpy.train(params, X_train, dataset.Y_train, model, lr, iterations, record_every,
                                           on_iteration=lambda i: bar.update())  # fmt: skip
            params, costs, running = result.parameters, result.costs, result.state["running"]
            diverged = None if all(np.all(np.isfinite(v)) for v in params.values()) else iterations
        else:
            params, costs, diverged = train_checked(params, X_train, dataset.Y_train, model, lr, iterations,
                                                    record_every, on_iteration=lambda i: bar.update())  # fmt: skip
            running = None
        seconds = time.perf_counter() - start
    if not args.quiet:
        for i, J in zip(range(0, iterations, record_every), costs, strict=False):
            print(f"Cost after iteration {i}: {J:f}")
    if diverged is not None:
        print(
            f"dlrosetta train: diverged: a parameter became inf or NaN at iteration {diverged} (learning rate "
            f"{lr}); training stopped there. Try a smaller --learning-rate, e.g. {lr / 10:g}",
            file=sys.stderr,
        )
        return 1
    print(f"cost curve: {sparkline(costs)}  ({costs[0]:.6f} -> {costs[-1]:.6f})" if len(costs) else "no costs")
    train_accuracy = accuracy(predict(params, X_train, model, running=running), dataset.Y_train)
    line = f"train accuracy: {100 * train_accuracy:.2f} %"
    if dataset.X_test is not None:
        X_test = dataset.X_test.astype(args.dtype)
        line += (
            f"   test accuracy: {100 * accuracy(predict(params, X_test, model, running=running), dataset.Y_test):.2f} %"
        )
    print(line)
    per_iteration = f" ({1e3 * seconds / iterations:.2f} ms per iteration)" if iterations else ""
    print(f"time:  {seconds:.2f} s{per_iteration}")
    if args.plot:
        plot_costs(costs, record_every, model, lr, args.plot)
        print(f"plot:  {args.plot}")
    return 0


def sparkline(values, width=40):
    """A one-line picture of a curve, with eight block heights."""
    blocks = "▁▂▃▄▅▆▇█"
    if len(values) > width:
        values = values[:: -(-len(values) // width)]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(blocks[min(7, int(8 * (v - low) / span))] for v in values)


def plot_costs(costs, record_every, model, lr, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([record_every * i for i in range(len(costs))], costs)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost J")
    ax.set_title(f"{model.describe()}, learning rate {lr}", fontsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    atomic_write(path, lambda f: f.write(buffer.getvalue()), binary=True)
