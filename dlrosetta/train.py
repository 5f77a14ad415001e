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
from reference_numpy import METHODS, Model, TrainConfig, accuracy, initialize_parameters, predict, train
from reference_numpy.activations import ACTIVATIONS
from reference_numpy.contract import OPTIMIZERS, Optimizer, Regularization, Schedule
from reference_numpy.datasets import DATA_ENV, DEFAULT_DATA_DIR, get_dataset
from reference_numpy.errors import DLRosettaError
from reference_numpy.masks import check_keep_prob, check_lambd, draw_masks

PROGRESS_MIN_ITERATIONS = 1000
DECAYS = ("none", "inverse", "scheduled")  # --decay: none is the constant rate
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
        "  dlrosetta train --hidden 32,8 --init he --dtype float32 --plot costs.png\n"
        "  dlrosetta train --model softmax --batchnorm 1   # course 2 week 3: softmax on the digits, batch norm\n"
        "  dlrosetta train --optimizer adam --batch-size 64 --learning-rate 0.0007 --iterations 100\n"
        "  dlrosetta train --optimizer momentum --batch-size 64 --decay scheduled --decay-rate 1\n\n"
        "Optimizers (course 2, week 2): with --batch-size B each iteration is an epoch of mini-batches of B\n"
        "examples (the last one smaller), shuffled as the course shuffles (epoch i: seed 11 + i); the cost printed\n"
        "is the epoch's average. --decay inverse: alpha0 / (1 + R epoch); scheduled: alpha0 / (1 + R floor(epoch /\n"
        "T)), applied after each epoch as the course does."
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
    parser.add_argument("--lambd", type=float, default=0.0, help="L2 regularization strength lambd >= 0 (default 0)")
    parser.add_argument("--keep-prob", type=float, default=1.0,
                        help="inverted dropout on every hidden layer, keeping units with this probability in (0, 1] "
                        "(default 1: no dropout); the masks are drawn by the reference, RandomState(1)")  # fmt: skip
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default="gd", help="default: gd (gradient descent)")
    parser.add_argument("--batch-size", type=int, default=None, help="mini-batch size (default: the full batch)")
    parser.add_argument("--beta", type=float, default=0.9, help="momentum's beta (default 0.9)")
    parser.add_argument("--beta1", type=float, default=0.9, help="Adam's beta1 (default 0.9)")
    parser.add_argument("--beta2", type=float, default=0.999, help="RMSprop's and Adam's beta2 (default 0.999)")
    parser.add_argument("--epsilon", type=float, default=1e-8, help="RMSprop's and Adam's epsilon (default 1e-8)")
    parser.add_argument("--decay", choices=DECAYS, default="none", help="learning-rate decay (default: none)")
    parser.add_argument("--decay-rate", type=float, default=None, help="the decay's rate R (needed with --decay)")
    parser.add_argument("--time-interval", type=int, default=1000, help="scheduled decay's interval T (default 1000)")


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
    check_lambd(args.lambd, "--lambd")
    check_keep_prob(args.keep_prob, "--keep-prob")
    if args.keep_prob < 1 and not hidden:
        raise DLRosettaError(f"--keep-prob {args.keep_prob}: dropout needs a hidden layer; --model {args.model} "
                             "has none")  # fmt: skip
    optimizer_options(args)
    plain = args.optimizer == "gd" and args.batch_size is None and args.decay == "none"
    if (args.lambd or args.keep_prob < 1) and not plain:
        raise DLRosettaError("--lambd and --keep-prob work with full-batch gradient descent at a constant rate only "
                             "(not yet with --optimizer, --batch-size or --decay)")  # fmt: skip
    return data, hidden, activation, init, lr, iterations, record_every


def optimizer_options(args):
    """(Optimizer, Schedule) of --optimizer, --beta..., --decay..., checked before any work (DLRosettaError naming
    the option)."""
    from reference_numpy.contract import check_decay, check_optimizer

    if args.decay == "none" and args.decay_rate is not None:
        raise DLRosettaError(f"--decay-rate {args.decay_rate} needs --decay inverse or --decay scheduled")
    if args.decay != "none" and args.decay_rate is None:
        raise DLRosettaError(f"--decay {args.decay} needs --decay-rate R (a number >= 0)")
    if args.batch_size is not None and args.batch_size < 1:
        raise DLRosettaError(f"--batch-size: expected an integer >= 1; got {args.batch_size}")
    optimizer = Optimizer(args.optimizer, args.beta, args.beta1, args.beta2, args.epsilon)
    schedule = Schedule("constant" if args.decay == "none" else args.decay, args.decay_rate, args.time_interval)
    try:
        check_optimizer(optimizer, "options")
        check_decay(schedule, "options")
    except DLRosettaError as exc:  # name the options, not the fields
        text = str(exc).replace("options: optimizer ", "--").replace("options: schedule ", "--")
        raise DLRosettaError(text.replace("time_interval", "time-interval").replace("options: ", "")) from None
    return optimizer, schedule


def optimizer_config(args, lr, iterations, record_every, m):
    """The TrainConfig of the optimizer options with the course's permutations for m examples (None: plain
    full-batch gradient descent, trained as before)."""
    from reference_numpy.minibatches import course_permutations

    optimizer, schedule = optimizer_options(args)
    permutations = None if args.batch_size is None else course_permutations(m, iterations)
    config = TrainConfig(lr, iterations, record_every, optimizer=optimizer, batch_size=args.batch_size,
                         permutations=permutations, schedule=schedule)  # fmt: skip
    return None if config.check("dlrosetta train").full_batch_gd else config


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
    if args.lambd or args.keep_prob < 1:
        print(f"regularization: L2 lambd {args.lambd}, dropout keep_prob {args.keep_prob} on the hidden layers")

    config = optimizer_config(args, lr, iterations, record_every, X_train.shape[1])
    if config is not None:
        batches = "full batch" if config.batch_size is None else f"mini-batches of {config.batch_size}"
        print(f"optimizer: {describe_optimizer(config.optimizer)}, {batches}, rate {describe_schedule(config)}")
    show_bar = not args.quiet and iterations >= PROGRESS_MIN_ITERATIONS
    with tqdm(total=iterations, disable=None if show_bar else True, unit="it", leave=False) as bar:
        start = time.perf_counter()
        running = None  # a batch-normalized model's running statistics, for predict
        if config is not None:
            params, costs, diverged, running = train_configured(params, X_train, dataset.Y_train, model, config, bar)
        elif model.batchnorm and args.lambd == 0 and args.keep_prob == 1:  # one run: the running statistics go
            # on from step to step (no stretches)
            result = reference_numpy.train(params, X_train, dataset.Y_train, model, lr, iterations, record_every,
                                           on_iteration=lambda i: bar.update())  # fmt: skip
            params, costs, running = result.parameters, result.costs, result.state["running"]
            diverged = None if all(np.all(np.isfinite(v)) for v in params.values()) else iterations
        elif args.lambd == 0 and args.keep_prob == 1:
            params, costs, diverged = train_checked(params, X_train, dataset.Y_train, model, lr, iterations,
                                                    record_every, on_iteration=lambda i: bar.update())  # fmt: skip
        else:
            reg = (args.lambd, args.keep_prob, bar.update)
            params, costs, diverged = train_regularized(params, X_train, dataset.Y_train, model, lr, iterations,
                                                        record_every, *reg)  # fmt: skip
        seconds = time.perf_counter() - start
    unit = "epoch" if config is not None and config.batch_size is not None else "iteration"
    if not args.quiet:
        for i, J in zip(range(0, iterations, record_every), costs, strict=False):
            print(f"Cost after {unit} {i}: {J:f}")
    if diverged is not None:
        print(
            f"dlrosetta train: diverged: a parameter became inf or NaN at iteration {diverged} (learning rate "
            f"{lr}); training stopped there. Try a smaller --learning-rate, e.g. {lr / 10:g}",
            file=sys.stderr,
        )
        return 1
    last = (len(costs) - 1) * record_every  # the course records the cost before the update of 0, k, 2k, ...
    print(f"cost curve: {sparkline(costs)}  ({costs[0]:.6f} at {unit} 0 -> {costs[-1]:.6f} at {unit} {last}; "
          f"recorded every {record_every})" if len(costs) else "no costs")  # fmt: skip
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


def train_regularized(params, X, Y, model, lr, iterations, record_every, lambd, keep_prob, on_iteration):
    """The reference's training with L2 (lambd) and dropout on every hidden layer (keep_prob, fresh masks from
    RandomState(1)): (params, costs, None), or the last iteration where the parameters end non-finite."""
    hidden = tuple(range(1, model.L)) if keep_prob < 1 else ()
    masks = draw_masks(model, X.shape[1], keep_prob, hidden, iterations, dtype=X.dtype) if hidden else None
    config = TrainConfig(lr, iterations, record_every, regularization=Regularization(lambd, keep_prob, hidden),
                         masks=masks)  # fmt: skip
    with np.errstate(over="ignore", invalid="ignore"):
        params, costs = train(params, X, Y, model, config, on_iteration=lambda i: on_iteration())
    finite = all(np.isfinite(value).all() for value in params.values())
    return params, costs, None if finite else max(iterations - 1, 0)


def train_configured(params, X, Y, model, config, bar):
    """The reference's train with a TrainConfig: (params, costs, None, running), or the first epoch whose
    parameters are not finite in place of None (then the costs up to it); running: a batch-normalized model's
    running statistics, for predict (None otherwise)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        result = train(params, X, Y, model, config, on_iteration=lambda i: bar.update())
        running = result.state.get("running")
        if all(np.isfinite(value).all() for value in result.parameters.values()):
            return result.parameters, result.costs, None, running
        finite = [i for i, J in enumerate(result.costs) if np.isfinite(J)]
    diverged = (finite[-1] + 1) * config.record_every if finite else 0
    return result.parameters, result.costs[: len(finite)], min(diverged, config.num_iterations - 1), running


def describe_optimizer(optimizer):
    return {
        "gd": "gradient descent",
        "momentum": f"momentum (beta {optimizer.beta})",
        "rmsprop": f"RMSprop (beta2 {optimizer.beta2}, epsilon {optimizer.epsilon})",
        "adam": f"Adam (beta1 {optimizer.beta1}, beta2 {optimizer.beta2}, epsilon {optimizer.epsilon})",
    }[optimizer.name]


def describe_schedule(config):
    schedule, alpha = config.schedule, config.learning_rate
    if schedule.kind == "inverse":
        return f"{alpha} / (1 + {schedule.decay_rate} epoch)"
    if schedule.kind == "scheduled":
        return f"{alpha} / (1 + {schedule.decay_rate} floor(epoch / {schedule.time_interval}))"
    return f"{alpha} (constant)"


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
