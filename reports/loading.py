"""Reading a run back: records.csv as a typed pandas DataFrame, run.json as its metadata.

`load(path)` is the one entry point; every table, plot and writer in this package starts from its result.

Columns (conformance.records.RECORD_FIELDS, one row per compared quantity) and the dtypes `load` gives them:

    categorical (categories in order of first appearance, so tables follow the run's order):
        backend, framework, variant, device, dtype, profile, matmul_precision, model, data, phase, quantity
    status        ordered categorical pass < xfail < xpass < fail < diverged < error (.max() is the worst)
    Int64         layer, iteration, order, run_iterations           (nullable: <NA> where not applicable)
    float64       max_abs_error, max_rel_error, normwise_rel_error, rtol, atol, fraction_used,
                  actual_at_worst, desired_at_worst, agreement, accuracy, reference_accuracy, seconds
                  (NaN where not applicable; fraction_used is inf for a tensor of the wrong shape)
    boolean       first_failure                                       (nullable boolean)
    str           key, worst_index, message, known_divergence         (NaN where empty)

Run metadata: `df.attrs["run"]` is the parsed run.json (schema_version, config, fingerprint, seconds), or {} for a
bare records.csv with no run.json beside it; `df.attrs["source"]` is the folder (or file) the records came from.
`run_info(df)` returns the former, `fingerprint_of(df)` its fingerprint.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from conformance.records import LEARNER_FRAME_FIELDS as LEARNER_FIELDS
from conformance.records import (
    LEARNER_STATUSES,
    RECORD_FIELDS,
    RECORDS_FILE,
    RUN_FILE,
    SCHEMA_VERSION,
    STATUSES,
)
from conformance.records import RECORD_BOOLEAN as BOOLEAN
from conformance.records import RECORD_CATEGORICAL as CATEGORICAL
from conformance.records import RECORD_FLOAT as FLOAT
from conformance.records import RECORD_INTEGER as INTEGER
from conformance.records import RECORD_STRING as STRING  # noqa: F401 (the text columns, for readers)
from reference_numpy.errors import DLRosettaError

STATUS_DTYPE = pd.CategoricalDtype(STATUSES, ordered=True)
# a learner check's statuses: a timeout is the worst (dlrosetta check exits 3)
LEARNER_STATUS_DTYPE = pd.CategoricalDtype(LEARNER_STATUSES, ordered=True)

# A cell: one backend on one device, dtype and precision profile, on one model. Its records are one run of checks.
CELL = ["backend", "device", "dtype", "profile", "model"]


def load(path):
    """The records of a run as a typed DataFrame (see the module docstring), run.json in df.attrs["run"].

    path: a results folder holding records.csv and run.json (as `dlrosetta run --out` writes it), or a
    records.csv file (its run.json beside it is read when present).
    Raises DLRosettaError naming the file and what was expected when something is missing or malformed.
    """
    records_path, run_path = _paths(Path(path))
    run = _read_run(run_path) if run_path is not None else {}
    raw = _read_csv(records_path)
    df = _typed(raw, records_path)
    df.attrs["run"] = run
    df.attrs["source"] = str(Path(path))
    return df


def run_info(df):
    """run.json of the records' run as a dict ({} when the records came without one)."""
    return df.attrs.get("run", {})


def fingerprint_of(df):
    """The environment fingerprint of the records' run: a flat dict, {} when unknown."""
    return run_info(df).get("fingerprint") or {}


def _paths(path):
    """(records.csv, run.json or None): a folder needs both; a records file takes its run.json if it is there."""
    if path.is_dir():
        records, run = path / RECORDS_FILE, path / RUN_FILE
        for p in (records, run):
            if not p.is_file():
                raise DLRosettaError(f"{p}: not found; a results folder holds {RECORDS_FILE} and {RUN_FILE} "
                                     "(written by `dlrosetta run --out FOLDER`)")  # fmt: skip
        return records, run
    if path.is_file():
        run = path.with_name(RUN_FILE)
        return path, (run if run.is_file() else None)
    raise DLRosettaError(f"{path}: no such folder or file; expected a results folder (with {RECORDS_FILE} and "
                         f"{RUN_FILE}) or a {RECORDS_FILE}")  # fmt: skip


def _read_run(path):
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DLRosettaError(f"{path}: not readable as JSON ({exc})") from exc
    if not isinstance(run, dict):
        raise DLRosettaError(f"{path}: expected a JSON object with schema_version, config and fingerprint")
    version = run.get("schema_version")
    if version != SCHEMA_VERSION:
        raise DLRosettaError(f"{path}: records schema_version {version!r}; this dl-rosetta reads version "
                             f"{SCHEMA_VERSION} (rerun `dlrosetta run` with this version, or report with the "
                             "version that wrote them)")  # fmt: skip
    return run


def _read_csv(path):
    """Every column as text, nothing guessed: empty cells stay "" until _typed decides what they mean."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    except pd.errors.EmptyDataError as exc:
        raise DLRosettaError(f"{path}: empty file; expected a CSV with the header {','.join(RECORD_FIELDS)}") from exc
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DLRosettaError(f"{path}: not readable as CSV ({exc})") from exc
    missing = [c for c in RECORD_FIELDS if c not in raw.columns]
    if missing:
        raise DLRosettaError(f"{path}: missing columns {missing}; expected the columns of "
                             f"conformance.records.RECORD_FIELDS (schema version {SCHEMA_VERSION})")  # fmt: skip
    if raw.empty:
        raise DLRosettaError(f"{path}: a header and no records; expected one row per compared quantity")
    return raw


def _typed(raw, path):
    """The text columns converted to the documented dtypes; columns beyond RECORD_FIELDS are kept as text."""
    df = pd.DataFrame(index=raw.index)
    for column in raw.columns:
        text = raw[column]
        if column in CATEGORICAL:
            df[column] = _categorical(text)
        elif column == "status":
            df[column] = _status(text, path)
        elif column in FLOAT:
            df[column] = _numbers(text, column, path)
        elif column in INTEGER:
            df[column] = _integers(text, column, path)
        elif column in BOOLEAN:
            df[column] = _booleans(text, column, path)
        else:
            df[column] = text.replace("", np.nan).astype("str")
    return df


def _categorical(text):
    values = text.replace("", np.nan)
    return pd.Categorical(values, categories=pd.unique(values.dropna()))


def _status(text, path):
    unknown = sorted(set(text) - set(STATUSES))
    if unknown:
        raise DLRosettaError(f"{path}: column status has {unknown}; expected one of {list(STATUSES)}")
    return pd.Categorical(text, dtype=STATUS_DTYPE)


def _numbers(text, column, path):
    """Floats; "" is NaN, and "nan"/"inf" (how Python writes them) are read as such."""
    numbers = pd.to_numeric(text.replace("", np.nan), errors="coerce").astype("float64")
    bad = numbers.isna() & (text != "") & (text.str.lower() != "nan")
    if bad.any():
        row = bad.idxmax()
        raise DLRosettaError(f"{path}: column {column}, row {row + 2}: {text[row]!r} is not a number")
    return numbers


def _integers(text, column, path):
    numbers = _numbers(text, column, path)
    whole = numbers.isna() | (numbers == np.round(numbers))
    if not whole.all():
        row = (~whole).idxmax()
        raise DLRosettaError(f"{path}: column {column}, row {row + 2}: {text[row]!r} is not a whole number")
    return numbers.astype("Int64")


def _booleans(text, column, path):
    values = text.map({"True": True, "False": False, "": pd.NA})
    if values.isna().sum() > (text == "").sum():
        row = (values.isna() & (text != "")).idxmax()
        raise DLRosettaError(f"{path}: column {column}, row {row + 2}: {text[row]!r} is not True or False")
    return values.astype("boolean")


def learner_frame(records):
    """conformance.learner's record dicts (or a DataFrame of them) as a typed DataFrame.

    Columns LEARNER_FIELDS: week, function (categorical, in the order checked), case (str), status (ordered
    categorical), first_wrong (str), layer (Int64), max_abs_error, fraction_used (float64), hint, message (str).
    """
    df = pd.DataFrame(records)
    if df.empty:
        raise DLRosettaError("learner records: none given; expected conformance.check_module's records")
    missing = [c for c in LEARNER_FIELDS if c not in df.columns]
    if missing:
        raise DLRosettaError(f"learner records: missing fields {missing}; expected {list(LEARNER_FIELDS)}")
    out = pd.DataFrame(index=df.index)
    for column in LEARNER_FIELDS:
        values = df[column]
        if column in ("week", "function"):
            out[column] = pd.Categorical(values, categories=pd.unique(values))
        elif column == "status":
            out[column] = pd.Categorical(values, dtype=LEARNER_STATUS_DTYPE)
        elif column == "layer":
            out[column] = pd.array(values.astype("float64"), dtype="Int64")
        elif column in ("max_abs_error", "fraction_used"):
            out[column] = values.astype("float64")
        else:
            out[column] = values.astype("str").where(values.notna())
    return out
