"""`dlrosetta run`: the conformance matrix on the embedded default data, records and report to --out."""

import argparse
import math
import re
import sys
import tempfile
import time
from dataclasses import asdict

from tqdm import tqdm

from conformance.cases import MATRIX_MODELS
from conformance.cases_optimization import DEFAULT_OPTIMIZATION_CASES, OPTIMIZATION_CASES
from conformance.fingerprint import fingerprint
from conformance.interrupt import EXIT_INTERRUPTED, Interrupts
from conformance.matrix import DTYPES, RunConfig, failed, run_matrix, summary
from conformance.output import check_writable
from conformance.records import FAILING, RECORD_FIELDS, write_run
from conformance.registry import SPECS_BY_NAME, list_backends
from dlrosetta.cli import comma_list
from reference_numpy.errors import DLRosettaError
from reference_numpy.validation import PROFILES

HTML_FILE = "report.html"  # reports.writers.HTML_FILE (not imported here: the plotting stack loads late)


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
        "  dlrosetta run                                   # the default matrix (48-50 s on 2 quiet cores, measured)\n"
        "  dlrosetta run --backends torch-nn,jax-autodiff --dtypes float32 --profiles strict,default\n"
        "  dlrosetta run --models deep --iterations 2500 --record-every 100 --data auto"
    )
    parser.add_argument("--out", default="results", help="folder for records.csv, run.json and the report")
    default_models = MATRIX_MODELS + DEFAULT_OPTIMIZATION_CASES
    parser.add_argument(
        "--models",
        type=comma_list,
        default=default_models,
        help=f"default: {','.join(default_models)}; the optimizer cases {','.join(OPTIMIZATION_CASES)} train "
        "their own mini-batch runs (their own data and epochs: --data and --iterations do not apply to them)",
    )
    parser.add_argument("--backends", type=comma_list, default=None, help="default: every backend that imports here")
    parser.add_argument("--devices", type=comma_list, default=None, help="cpu, cuda (default: every device found)")
    parser.add_argument("--dtypes", type=comma_list, default=DTYPES, help=f"default: {','.join(DTYPES)}")
    parser.add_argument("--profiles", type=comma_list, default=("strict",), help="strict, default (default: strict)")
    parser.add_argument("--data", default=None, help="synthetic, planar, auto or a folder (default: each model's)")
    parser.add_argument("--iterations", type=int, default=100, help="training iterations per cell (default 100)")
    parser.add_argument("--record-every", type=int, default=10, help="compare the cost every K iterations")
    parser.add_argument("--learning-rate", type=float, default=None, help="default: each model's course rate")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--backend-module", action="append", default=[], metavar="PATH",
                        help="a Python file with BACKENDS = {name: factory}: your own backends, run with the others "
                        "(repeatable; see README, 'Bring your own backend')")  # fmt: skip
    parser.add_argument("--diagnose", action="store_true",
                        help="re-run each failing cell flipping one toggle at a time (dtype, profile, jit, relu'(0), "
                        "the BCE gradient's form, the course's arithmetic) and say which makes it pass")  # fmt: skip
    parser.add_argument(
        "--no-entry-points",
        action="store_true",
        help="leave out the backends installed packages add (entry-point group dlrosetta.backends)",
    )


def config_from_args(args, external=None):
    """A RunConfig from the arguments, every choice checked before any work (DLRosettaError naming the allowed).
    external: the backends from --backend-module and entry points (conformance.plugins.External), if any."""
    from conformance.cases import CASE_SPECS
    from conformance.cases_regularization import REGULARIZATION_CASES

    models, backends, devices = tuple(args.models), args.backends, args.devices
    own = list(external.factories) if external is not None else []
    _choose("--models", "model", models, list(CASE_SPECS) + list(REGULARIZATION_CASES) + list(OPTIMIZATION_CASES))
    if backends is not None:
        _choose("--backends", "backend", backends, list(SPECS_BY_NAME) + own)
        missing = [name for name in backends if name not in list_backends() + own]
        if missing:
            raise DLRosettaError(f"--backends: {', '.join(missing)} cannot run here (its framework does not import); "
                                 f"backends here: {', '.join(list_backends())}")  # fmt: skip
    if devices is not None:
        _choose("--devices", "device", devices, list(KNOWN_DEVICES), valid=_device_ok)
    _choose("--dtypes", "dtype", args.dtypes, list(DTYPES))
    _choose("--profiles", "profile", args.profiles, list(PROFILES))
    if args.iterations < 0:
        raise DLRosettaError(f"--iterations: expected an integer >= 0; got {args.iterations}")
    if args.record_every < 1:
        raise DLRosettaError(f"--record-every: expected an integer >= 1; got {args.record_every}")
    lr = args.learning_rate
    if lr is not None and not (math.isfinite(lr) and lr > 0):
        raise DLRosettaError(f"--learning-rate: expected a finite number > 0; got {lr}")
    return RunConfig(
        models=models, backends=backends, devices=devices, dtypes=tuple(args.dtypes),
        profiles=tuple(args.profiles), iterations=args.iterations, record_every=args.record_every,
        learning_rate=lr, data=args.data,
    )  # fmt: skip


KNOWN_DEVICES = ("cpu", "cuda", "cuda:N")


def _device_ok(device):
    return device in ("cpu", "cuda") or re.fullmatch(r"cuda:\d+", device) is not None


def _choose(option, noun, given, allowed, valid=None):
    """Every item of `given` is one of `allowed` (or passes valid), and there is at least one."""
    if not given:
        raise DLRosettaError(f"{option}: expected at least one of {', '.join(allowed)}; got none")
    for item in given:
        if not (valid(item) if valid else item in allowed):
            raise DLRosettaError(f"{option}: unknown {noun} {item!r}; expected some of {', '.join(allowed)}")
    if len(set(given)) != len(given):
        raise DLRosettaError(f"{option}: {', '.join(given)} names one twice")


def run(args):
    from conformance.plugins import external_backends

    external = external_backends(getattr(args, "backend_module", ()), not getattr(args, "no_entry_points", False))
    config = config_from_args(args, external)
    if config.data is not None:
        from reference_numpy.datasets import get_dataset

        get_dataset(config.data)  # fail early, with the loader's message, on bad data
    cells, skipped = config.cells(extra=external.devices), config.skipped(extra=external.devices)
    if not cells:
        raise DLRosettaError("nothing to run: " + "; ".join(s["reason"] for s in skipped))
    out = check_writable(args.out)
    total = len(cells) * len(config.models)
    print(f"dlrosetta run: {len(cells)} backend cells x {len(config.models)} models, {config.iterations} iterations")
    for skip in skipped:
        print(f"skipped: {skip['backend']} on {skip['device']} ({skip['reason']})")
    start = time.perf_counter()
    with Interrupts() as interrupts:
        with Progress(total, len(config.models), args.quiet) as progress:
            records = run_matrix(config, on_cell=progress.start, on_done=progress.done, stop=interrupts.requested,
                                 factories=external.factories)  # fmt: skip
        interrupted = "during the checks" if interrupts.requested() else None
        meta = {"config": asdict(config), "fingerprint": fingerprint(), "seconds": time.perf_counter() - start,
                "skipped": skipped, "cells_planned": total, "cells_done": progress.count,
                "interrupted": interrupted}  # fmt: skip
        reports = {}
        try:
            with interrupts.immediate():  # the report has no boundary to stop at: a Ctrl-C here drops it
                reports = _render_reports(records, meta, out) if records else {}  # none: interrupted before a cell
        except KeyboardInterrupt:
            if interrupts.count > 1:
                raise
            meta["interrupted"] = interrupted = interrupted or "during the report (the report was not written)"
        except Exception as exc:  # noqa: BLE001 (any failure of the report must not hide the run's own status)
            print(f"warning: the report could not be written ({type(exc).__name__}: {exc}); "
                  f"rebuild it with: dlrosetta report {out}", file=sys.stderr)  # fmt: skip
        write_run(out, records, RECORD_FIELDS, meta, extra=reports)
    for line in summary(records):
        print(line)
    if getattr(args, "diagnose", False) and failed(records) and not interrupted:
        from conformance.diagnose import diagnose

        for line in diagnose(records, config, external.factories):
            print(line)
    print(f"time: {meta['seconds']:.1f} s; records written to {out}/")
    if HTML_FILE in reports:
        print(f"report: {out / HTML_FILE}")
    if interrupted:
        print(f"dlrosetta run: interrupted (Ctrl-C) {interrupted}: {progress.count} of {total} cells done, their "
              f"records written to {out}/ as an interrupted run")  # fmt: skip
        return EXIT_INTERRUPTED
    return 1 if failed(records) else 0


def _render_reports(records, meta, out):
    """{relative path: bytes} of the report of these records (rendered from a scratch copy of the records), naming
    the folder `out` they are written to as their source."""
    from reports.loading import load
    from reports.writers import render_reports

    with tempfile.TemporaryDirectory(prefix="dlrosetta-report-") as scratch:
        write_run(scratch, records, RECORD_FIELDS, meta)
        df = load(scratch)
        df.attrs["source"] = str(out)
        return render_reports(df)


class Progress:
    """On a terminal, a bar that advances when a cell ends and names the cell running; elsewhere (a CI log), one
    plain line per finished block (a backend on one device, dtype and profile, over every model)."""

    def __init__(self, total, block, quiet):
        self.total, self.block, self.count, self.failing = total, block, 0, 0
        self.tty = sys.stderr.isatty() and not quiet
        self.lines = not quiet and not self.tty
        self.bar = tqdm(total=total, unit="cell", leave=False, file=sys.stderr) if self.tty else None
        self.block_start = time.perf_counter()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
        return False

    def start(self, description):
        if self.bar is not None:
            self.bar.set_description(f"running {description}")

    def done(self, description, records):
        self.count += 1
        self.failing += sum(r["status"] in FAILING for r in records)
        if self.bar is not None:
            self.bar.update()
        if self.lines and (self.count % self.block == 0 or self.count == self.total):
            block = " ".join(description.split()[:4])
            print(f"[{self.count}/{self.total} cells] {block}: done in {time.perf_counter() - self.block_start:.1f} s"
                  f", {self.failing} failing records", file=sys.stderr, flush=True)  # fmt: skip
            self.block_start, self.failing = time.perf_counter(), 0
