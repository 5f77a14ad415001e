"""Timing of the JAX backends next to the NumPy reference, on the course's deep model (12288-20-7-5-1).

    python -m impl_jax.timing --data /path/to/catvnoncat [--reps 7] [--device cpu]

Prints, for float64 and float32:
- time per training iteration, median of --reps rounds in which every contender runs once in turn (so a
  change of the machine's load hits all alike), after a warm-up: the NumPy reference's loop (20 iterations
  per run), each JAX variant's compiled loop through the adapter (NumPy in and out, checks and transfers
  included; --iterations per run), the same loop on arrays already on the device ("loop"), and one jitted
  training step called from Python per iteration ("step-by-step"): the loop's saving is the dispatch;
- the whole 2500-iteration run through the adapter: the first call (tracing + compilation included) and
  the second (cached), and the lowering + compilation of that loop timed alone;
- the loop's cost per iteration beyond arithmetic, bounded from above by the per-iteration time of the
  planar model (2-4-1, m = 400), whose arithmetic is a few thousand flops.

A measuring script, not a test: nothing here asserts a time.
"""

import argparse
import statistics
import time

import jax
import jax.numpy as jnp

from impl_jax import autodiff, config, training
from impl_jax.adapter import VARIANTS, make_backend
from impl_jax.update import update_parameters
from reference_numpy import Model, initialize_parameters
from reference_numpy import train as reference_train
from reference_numpy.datasets import get_dataset, planar_dataset

STEPS = {"manual": training.cost_and_gradients, "autodiff": autodiff.cost_and_gradients}


def round_robin(contenders, reps):
    """{name: seconds per iteration}: each contender warmed up once, then timed in turn, `reps` rounds; medians.

    Taking turns spreads any change in the machine's load over all contenders alike.
    """
    for fn, _ in contenders.values():
        fn()
    times = {name: [] for name in contenders}
    for _ in range(reps):
        for name, (fn, iterations) in contenders.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) / iterations)
    return {name: statistics.median(t) for name, t in times.items()}


def jax_contenders(variant, params, X, Y, model, dtype, device, n, lr=0.0075):
    """name -> (callable, iterations): the adapter's loop, the loop on device arrays, one jitted step per call."""
    backend = make_backend(variant, device=device, dtype=dtype)
    with backend.scope():
        p, Xd, Yd = jax.device_put(({k: v.astype(dtype) for k, v in params.items()}, X.astype(dtype), Y.astype(dtype)))
        alpha = jnp.asarray(lr, dtype)
    step = jax.jit(lambda q, X, Y, alpha: update_parameters(q, STEPS[variant](q, X, Y, model)[1], alpha))

    def loop():
        with backend.scope():
            jax.block_until_ready(training.train(p, Xd, Yd, model, lr, n, n, step_fn=STEPS[variant]))

    def stepping():
        with backend.scope():
            q = p
            for _ in range(n):
                q = step(q, Xd, Yd, alpha)
            jax.block_until_ready(q)

    name = f"jax-{variant}"
    return {
        f"{name} adapter": (lambda: backend.train(params, X, Y, model, lr, n, n), n),
        f"{name} loop": (loop, n),
        f"{name} step-by-step": (stepping, n),
    }


def time_whole_run(variant, params, X, Y, model, dtype, device, n=2500):
    """Seconds for the first and second adapter call of an n-iteration run, and for lowering + compiling it."""
    backend = make_backend(variant, device=device, dtype=dtype)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        backend.train(params, X, Y, model, 0.0075, n, 100)
        times.append(time.perf_counter() - start)
    with backend.scope():
        p, Xd, Yd = jax.device_put(({k: v.astype(dtype) for k, v in params.items()}, X.astype(dtype), Y.astype(dtype)))
        start = time.perf_counter()
        training.train_loop_donating.lower(
            p, Xd, Yd, jnp.asarray(0.0075, dtype), n, 100, model=model, step_fn=STEPS[variant], num_records=n // 100
        ).compile()
        times.append(time.perf_counter() - start)
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="auto", help="a folder with the course's cat/non-cat files (or 'auto')")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--iterations", type=int, default=100, help="iterations per timed run")
    args = parser.parse_args(argv)

    data = get_dataset(args.data)
    model = Model.deep((12288, 20, 7, 5, 1))
    params = initialize_parameters(model, "course-app-deep")
    X, Y = data.X_train, data.Y_train
    print(f"data: {data.description}")
    print(f"jax {jax.__version__}, devices {jax.devices()}, device asked: {args.device}")
    print(f"per iteration: median of {args.reps} rounds, contenders in turn; {args.iterations} iterations a JAX run\n")
    n = args.iterations
    for dtype in ("float64", "float32"):
        p = {k: v.astype(dtype) for k, v in params.items()}
        Xt = X.astype(dtype)
        contenders = {"numpy reference": (lambda p=p, Xt=Xt: reference_train(p, Xt, Y, model, 0.0075, 20, 20), 20)}
        for variant in VARIANTS:
            contenders |= jax_contenders(variant, params, X, Y, model, dtype, args.device, n)
        seconds = round_robin(contenders, args.reps)
        for name, t in seconds.items():
            print(f"[{dtype}] {name:24s} {1e3 * t:8.3f} ms/iteration")
        for variant in VARIANTS:
            first, second, compiling = time_whole_run(variant, params, X, Y, model, dtype, args.device)
            print(
                f"[{dtype}] jax-{variant:9s} 2500 iterations: first call {first:7.2f} s, second {second:7.2f} s "
                f"(lowering + compiling alone: {compiling:.2f} s)"
            )
        print()

    Xp, Yp = planar_dataset()
    planar = Model.shallow(2, 4)
    pp = initialize_parameters(planar, "course-week3")
    for dtype in ("float64", "float32"):
        contenders = {}
        for variant in VARIANTS:
            contenders |= jax_contenders(variant, pp, Xp, Yp, planar, dtype, args.device, 10000)
        seconds = round_robin({k: v for k, v in contenders.items() if "adapter" not in k}, args.reps)
        for name, t in seconds.items():
            print(f"[{dtype}] planar 2-4-1 {name:24s} {1e6 * t:8.2f} us/iteration")
    device = config.find_device(args.device, "timing")
    print(f"\nfloat32 matmuls on {device}: {config.matmul_precision(device, 'float32', 'default')} (default profile)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
