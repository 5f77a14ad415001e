"""`dlrosetta bench`: every backend's time per training iteration against the machine's GEMM peak; records and
the bench report to --out."""

import argparse
import sys
import time
from dataclasses import fields

from dlrosetta.cli import comma_list

DEFAULT_OUT = "results-bench"


def _sizes(text):
    try:
        return tuple(int(s) for s in comma_list(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected integers separated by commas, e.g. 64,1024; got {text!r}") from exc


def add_arguments(parser):
    from conformance.bench.config import CASES

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Measure the time of one training iteration (forward, cost, backward, update) of every backend, on every\n"
        "device and dtype, against the machine's limit measured in the same run: each library's GEMM peak (numpy @,\n"
        "torch.matmul, jitted jnp.dot on a large square product). Each result is a fraction of that peak, computed\n"
        "from the matrix products the iteration needs (conformance/bench/work.py counts them). Cases:\n"
        "  overhead  the course's planar model (2-4-1, m = 400): the per-iteration cost beyond arithmetic\n"
        "  cat       the course's deep model on the cat pictures (12288-20-7-5-1, m = 209), and its whole run\n"
        "  batch     a 256-256-256-1 model at m = 64 .. 65536 (--batch-sizes)\n"
        "  width     12288-w-w-1 at m = 209 for w = 16 .. 4096 (--widths)\n"
        "Backends run one after the other, each after a pause (BLAS thread pools keep spinning after a call); every\n"
        "record carries the load average at its start: run it on a quiet machine. Writes records.csv and run.json,\n"
        "then bench.md, bench.html and plots/bench_*.png to --out. About 9 minutes on 2 quiet CPU cores;\n"
        "--quick took 8.5 minutes on 2 busy ones (load 9; see README).\n"
        "Each step's matrix products are also timed alone (the most the step could reach at its shapes). Arrays\n"
        "over 32 MB page-fault in afresh every iteration unless glibc keeps freed memory: --keep-freed-memory\n"
        "measures without that (see README).\n\n"
        "exit status: 0 done (also when some cells failed: they are records with status error); 2 bad arguments.\n\n"
        "examples:\n"
        "  dlrosetta bench --data ../shared/data/catvnoncat\n"
        "  dlrosetta bench --quick --backends numpy,torch-manual,jax-manual\n"
        "  dlrosetta bench --cases batch --batch-sizes 1024,65536 --dtypes float32 --devices cuda"
    )
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"folder for the records and the report ({DEFAULT_OUT})")
    parser.add_argument("--quick", action="store_true", help="fewer and smaller sizes, 3 shorter repetitions")
    parser.add_argument("--backends", type=comma_list, default=None, help="default: every backend that imports here")
    parser.add_argument("--devices", type=comma_list, default=None, help="cpu, cuda (default: every device found)")
    parser.add_argument("--dtypes", type=comma_list, default=None, help="default: float64,float32")
    parser.add_argument("--profiles", type=comma_list, default=None, help="strict, default (default: strict)")
    parser.add_argument("--cases", type=comma_list, default=None, help=f"some of {','.join(CASES)} (default: all)")
    parser.add_argument("--batch-sizes", type=_sizes, default=None, help="m of the batch sweep")
    parser.add_argument("--widths", type=_sizes, default=None, help="hidden widths of the width sweep")
    parser.add_argument("--reps", type=int, default=None, help="timed repetitions per cell (default 5; quick 3)")
    parser.add_argument("--run-iterations", type=int, default=None, help="the cat model's whole run (default 2500)")
    parser.add_argument("--data", default=None, help="the cat case's data: auto, synthetic or a folder (auto)")
    parser.add_argument("--pause", type=float, default=None, help="seconds of rest before each backend (0.5)")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=None,
        help="wait up to this long for other processes "
        "to leave the CPUs, before each backend and to measure a disturbed cell again (30; quick 5)",
    )
    parser.add_argument(
        "--keep-freed-memory",
        action="store_true",
        default=None,
        help="let glibc keep freed memory, so arrays over 32 MB are not page-faulted in afresh every iteration",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument(
        "--adam-run",
        action="store_true",
        help="instead: the course's Adam run (5000 epochs of mini-batches of 64 on (2, 300), 2-5-2-1, float64, "
        "CPU) on every backend (--backends), steady state, end to end and the arithmetic floor; adam_run.md to --out",
    )
    parser.add_argument("--epochs", type=int, default=5000, help="epochs of --adam-run (default: the course's 5000)")


OPTIONS = ("backends", "devices", "dtypes", "profiles", "cases", "batch_sizes", "widths", "reps", "run_iterations",
           "data", "pause", "quiet_wait", "keep_freed_memory")  # fmt: skip


def config_from_args(args):
    from conformance.bench.config import BenchConfig
    from conformance.bench.run import blocks

    given = {name: getattr(args, name) for name in OPTIONS if getattr(args, name) is not None}
    config = (BenchConfig.quick_config(**given) if args.quick else BenchConfig(**given)).check()
    blocks(config)  # unknown backends, or devices not found here: an error before anything runs
    if config.data not in ("auto", "synthetic") and "cat" in config.cases:
        from reference_numpy.datasets import get_dataset

        get_dataset(config.data)  # fail early, with the loader's message
    return config


def run_adam(args):
    """`--adam-run`: conformance.bench.adam_run, printed and written to --out/adam_run.md and adam_run.json."""
    import json
    from pathlib import Path

    from conformance.bench.adam_run import markdown, run_adam_bench
    from conformance.fingerprint import fingerprint
    from conformance.output import check_writable
    from conformance.records import atomic_write
    from conformance.registry import SPECS_BY_NAME
    from reference_numpy.errors import DLRosettaError

    if args.epochs < 1:
        raise DLRosettaError(f"--epochs: expected an integer >= 1; got {args.epochs}")
    for name in args.backends or ():
        if name not in SPECS_BY_NAME:
            raise DLRosettaError(f"--backends: unknown backend {name!r}; expected some of {list(SPECS_BY_NAME)}")
    check_writable(args.out)
    load = _load_text()
    say = (lambda text: None) if args.quiet else (lambda text: print(text, flush=True))
    print(f"dlrosetta bench --adam-run: {args.epochs} epochs, load average {load} at the start")
    records = run_adam_bench(args.backends, epochs=args.epochs, reps=args.reps or 3, on_progress=say)
    text = markdown(records, load)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "adam_run.md", lambda f: f.write(text))
    meta = {"records": records, "fingerprint": fingerprint() | {"load_end": _load_text()}}
    atomic_write(out / "adam_run.json", lambda f: f.write(json.dumps(meta, indent=2, default=str) + "\n"))
    print(text)
    return 0


def run(args):
    if getattr(args, "adam_run", False):
        return run_adam(args)
    from conformance.bench import BENCH_FIELDS, run_bench
    from conformance.fingerprint import fingerprint
    from conformance.output import check_writable
    from conformance.records import write_run

    config = config_from_args(args)
    check_writable(args.out)
    say = (lambda text: None) if args.quiet else (lambda text: print(text, flush=True))
    print(f"dlrosetta bench{' --quick' if config.quick else ''}: load average {_load_text()} at the start")
    start = time.perf_counter()
    records = run_bench(config, on_progress=say)
    seconds = time.perf_counter() - start
    meta = {"kind": "bench", "config": {f.name: _plain(getattr(config, f.name)) for f in fields(config)},
            "fingerprint": fingerprint() | {"load_end": _load_text()}, "seconds": seconds}  # fmt: skip
    out = write_run(args.out, records, BENCH_FIELDS, meta)
    failed = [r for r in records if r["status"] != "ok"]
    print(f"time: {seconds:.1f} s; {len(records)} records ({len(failed)} failed) written to {out}/; "
          f"load average {_load_text()} at the end")  # fmt: skip
    try:
        from reports.bench import write_bench_reports

        print(f"report: {write_bench_reports(out)}")
    except Exception as exc:  # noqa: BLE001 (the records are the result; a report that fails is a warning)
        print(f"warning: the bench report could not be written ({type(exc).__name__}: {exc}); "
              f"rebuild it with: dlrosetta report {out}", file=sys.stderr)  # fmt: skip
    return 0


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _load_text():
    import os

    return " ".join(f"{x:.2f}" for x in os.getloadavg())
