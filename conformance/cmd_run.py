"""`dlrosetta run`: the conformance matrix on the embedded default data, records and report to --out."""

import argparse
import sys
import time
from dataclasses import asdict

from tqdm import tqdm

from conformance.cases import MATRIX_MODELS
from conformance.fingerprint import fingerprint
from conformance.matrix import RECORD_FIELDS, RunConfig, failed, run_matrix, summary
from conformance.records import write_run
from conformance.registry import SPECS_BY_NAME, list_backends
from reference_numpy.errors import DLRosettaError


def _list(text):
    return tuple(s.strip() for s in text.split(",") if s.strip())


def add_arguments(parser):
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Run every backend against the NumPy reference: for each model, backend, device, dtype and precision\n"
        "profile, compare every Z[l], A[l], dZ[l], dA[l], dW[l], db[l], the cost, the predictions and a short\n"
        "training run, each within its tolerance (conformance/tolerances.py). Writes records.csv and run.json\n"
        "(and the report) to --out, prints a summary, and exits 1 when a check fails.\n\n"
        "Without --data each model runs on its own data (the course models on the synthetic pictures and the\n"
        "planar flower); --data synthetic, planar, auto or a folder with the course's files runs them all there.\n\n"
        "examples:\n"
        "  dlrosetta run                                   # the default matrix (under a minute on 2 cores)\n"
        "  dlrosetta run --backends torch-nn,jax-autodiff --dtypes float32 --profiles strict,default\n"
        "  dlrosetta run --models deep --iterations 2500 --record-every 100 --data auto"
    )
    parser.add_argument("--out", default="results", help="folder for records.csv, run.json and the report")
    parser.add_argument("--models", type=_list, default=MATRIX_MODELS, help=f"default: {','.join(MATRIX_MODELS)}")
    parser.add_argument("--backends", type=_list, default=None, help="default: every backend that imports here")
    parser.add_argument("--devices", type=_list, default=None, help="cpu, cuda (default: every device found)")
    parser.add_argument("--dtypes", type=_list, default=("float64", "float32"), help="default: float64,float32")
    parser.add_argument("--profiles", type=_list, default=("strict",), help="strict, default (default: strict)")
    parser.add_argument("--data", default=None, help="synthetic, planar, auto or a folder (default: each model's)")
    parser.add_argument("--iterations", type=int, default=100, help="training iterations per cell (default 100)")
    parser.add_argument("--record-every", type=int, default=10, help="compare the cost every K iterations")
    parser.add_argument("--learning-rate", type=float, default=None, help="default: each model's course rate")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def config_from_args(args):
    from conformance.cases import CASE_SPECS

    for model in args.models:
        if model not in CASE_SPECS:
            raise DLRosettaError(f"--models: unknown model {model!r}; expected some of {list(CASE_SPECS)}")
    for name in args.backends or ():
        if name not in SPECS_BY_NAME:
            raise DLRosettaError(f"--backends: unknown backend {name!r}; expected some of {list(SPECS_BY_NAME)}")
        if name not in list_backends():
            raise DLRosettaError(f"--backends: {name!r} cannot run here (its framework does not import)")
    for dtype in args.dtypes:
        if dtype not in ("float64", "float32"):
            raise DLRosettaError(f"--dtypes: expected float64 and/or float32; got {dtype!r}")
    for profile in args.profiles:
        if profile not in ("strict", "default"):
            raise DLRosettaError(f"--profiles: expected strict and/or default; got {profile!r}")
    if args.iterations < 0 or args.record_every < 1:
        raise DLRosettaError("--iterations must be >= 0 and --record-every >= 1")
    return RunConfig(
        models=tuple(args.models), backends=args.backends, devices=args.devices, dtypes=tuple(args.dtypes),
        profiles=tuple(args.profiles), iterations=args.iterations, record_every=args.record_every,
        learning_rate=args.learning_rate, data=args.data,
    )  # fmt: skip


def run(args):
    config = config_from_args(args)
    if config.data is not None:
        from reference_numpy.datasets import get_dataset

        get_dataset(config.data)  # fail early, with the loader's message, on bad data
    cells = config.cells()
    total = len(cells) * len(config.models)
    print(f"dlrosetta run: {len(cells)} backend cells x {len(config.models)} models, {config.iterations} iterations")
    start = time.perf_counter()
    with tqdm(total=total, disable=True if args.quiet else None, unit="cell", leave=False) as bar:

        def on_cell(description):
            bar.set_description(description)
            bar.update()

        records = run_matrix(config, on_cell=on_cell)
    seconds = time.perf_counter() - start
    meta = {"config": asdict(config), "fingerprint": fingerprint(), "seconds": seconds}
    out = write_run(args.out, records, RECORD_FIELDS, meta)
    for line in summary(records):
        print(line)
    print(f"time: {seconds:.1f} s; records written to {out}/")
    written = _write_reports(out)
    if written:
        print(f"report: {written}")
    return 1 if failed(records) else 0


def _write_reports(out):
    """The report; the records are the result, so a report that cannot be written is a warning, not a failure."""
    from reports import write_reports

    try:
        return write_reports(out)
    except Exception as exc:  # noqa: BLE001 (any failure of the report must not hide the run's own status)
        print(f"warning: the report could not be written ({type(exc).__name__}: {exc}); "
              f"rebuild it with: dlrosetta report {out}", file=sys.stderr)  # fmt: skip
        return None
