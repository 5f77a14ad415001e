"""Every record schema (the conformance run's, the learner check's, the benchmark's: fields, column types,
statuses), and writing a run to disk: records.csv (one tidy row per compared quantity) and run.json (the config,
the environment fingerprint, timings, the schema version, the list of the run's files). The files of a run are
written as one set (conformance.output), so a crash never leaves half a file or a mix of two runs behind.
reports.load reads them back."""

import csv
import io
import json
import os
import tempfile
from pathlib import Path

SCHEMA_VERSION = 1
RECORDS_FILE, RUN_FILE = "records.csv", "run.json"

# ---- the conformance run's records (conformance.matrix; reports.load reads them) -----------------------------

RECORD_FIELDS = (
    "backend", "framework", "variant", "device", "dtype", "profile", "matmul_precision", "model", "data",
    "phase", "key", "quantity", "layer", "iteration", "order", "status", "first_failure",
    "max_abs_error", "max_rel_error", "normwise_rel_error", "rtol", "atol", "fraction_used",
    "worst_index", "actual_at_worst", "desired_at_worst", "agreement", "accuracy", "reference_accuracy",
    "run_iterations", "seconds", "message", "known_divergence",
)  # fmt: skip
# the column types reports.load gives them (status has its own ordered type, STATUSES)
RECORD_CATEGORICAL = ("backend", "framework", "variant", "device", "dtype", "profile", "matmul_precision", "model",
                      "data", "phase", "quantity")  # fmt: skip
RECORD_INTEGER = ("layer", "iteration", "order", "run_iterations")
RECORD_FLOAT = ("max_abs_error", "max_rel_error", "normwise_rel_error", "rtol", "atol", "fraction_used",
                "actual_at_worst", "desired_at_worst", "agreement", "accuracy", "reference_accuracy",
                "seconds")  # fmt: skip
RECORD_BOOLEAN = ("first_failure",)
RECORD_STRING = ("key", "worst_index", "message", "known_divergence")
# Worst last: a cell's status is the max over its records. xpass (a known divergence that did not happen) fails the
# run like fail, diverged (inf/NaN parameters in training) and error do.
STATUSES = ("pass", "xfail", "xpass", "fail", "diverged", "error")
FAILING = ("xpass", "fail", "diverged", "error")  # in STATUSES order

# ---- the learner check's records (conformance.learner, one per function and input case) ----------------------

LEARNER_FIELDS = ("week", "function", "case", "status", "first_wrong", "layer", "max_abs_error", "fraction_used",
                  "actual_at_worst", "desired_at_worst", "n_mismatched", "n_elements", "rtol", "atol", "hint",
                  "message", "in_place", "stdout", "stderr", "seconds")  # fmt: skip
# the columns reports.learner_frame keeps, typed
LEARNER_FRAME_FIELDS = ("week", "function", "case", "status", "first_wrong", "layer", "max_abs_error",
                        "fraction_used", "hint", "message")  # fmt: skip
LEARNER_STATUSES = ("pass", "fail", "error", "timeout")  # worst last: a timeout (dlrosetta check exits 3)

# ---- the benchmark's records (conformance.bench; reports.bench reads them) -----------------------------------

BENCH_FIELDS = (
    "kind", "backend", "framework", "variant", "device", "dtype", "profile", "matmul_precision",
    "case", "model", "m", "size", "parameters", "matmul_flops", "elementwise_flops", "xla_flops",
    "iterations", "reps", "iter_s", "iter_q1_s", "iter_q3_s", "iter_min_s", "iter_max_s", "call_s",
    "run_iterations", "run_s", "run_extra_s",
    "gflops", "peak_gflops", "fraction_of_peak", "machine_peak_gflops", "fraction_of_machine_peak",
    "beyond_arithmetic_s", "matmul_alone_s", "matmul_share", "matmul_alone_fraction_of_peak",
    "peak_bytes", "memory_method", "library", "load", "others_cpu", "status", "message",
)  # fmt: skip
# the column types reports.bench gives them; every other field is a float
BENCH_CATEGORICAL = ("kind", "backend", "framework", "variant", "device", "dtype", "profile", "matmul_precision",
                     "case", "model", "status")  # fmt: skip
BENCH_TEXT = ("memory_method", "library", "message")
# fields added after the first benchmark records: an earlier run's records lack them (read as empty)
BENCH_LATER_FIELDS = ("matmul_alone_s", "matmul_share", "matmul_alone_fraction_of_peak")


def atomic_write(path, write, binary=False):
    """Call write(file) on a temporary file beside `path` (text, or bytes if binary), then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            write(f)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the mode a plain open() would
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


def records_csv(records, fields):
    """records.csv as bytes: one row per record, the given field order, None as an empty cell."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for r in records:
        writer.writerow({k: ("" if r.get(k) is None else r[k]) for k in fields})
    return buffer.getvalue().encode("utf-8")


def run_json(meta, files):
    """run.json as bytes: meta, the schema version, and "files", the set of files the run wrote (run.json too)."""
    listed = sorted(set(files) | {RUN_FILE})
    return json.dumps({"schema_version": SCHEMA_VERSION, **meta, "files": listed}, indent=2).encode("utf-8")


def read_meta(out_dir):
    """The run.json in out_dir as a dict, {} where there is none or it cannot be read."""
    try:
        meta = json.loads((Path(out_dir) / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def owned_files(out_dir):
    """The files the previous run in out_dir wrote, from its run.json's "files" (empty where it has none)."""
    files = read_meta(out_dir).get("files")
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def write_run(out_dir, records, fields, meta, extra=None):
    """records.csv with the given field order, `extra` {relative path: bytes} and run.json (meta, the schema
    version, the list of files), written as one set (conformance.output.commit): the previous run's files that this
    one does not write are removed, nothing else is."""
    from conformance.output import commit

    out_dir = Path(out_dir)
    files = {RECORDS_FILE: records_csv(records, fields), **(extra or {})}
    files[RUN_FILE] = run_json(meta, files)
    commit(out_dir, files, owned_before=owned_files(out_dir))
    return out_dir
