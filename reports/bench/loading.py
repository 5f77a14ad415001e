"""Benchmark records (conformance.bench, `dlrosetta bench`) as a typed DataFrame: is_bench(path) says whether a
folder's run.json marks benchmark records, load_bench(path) reads them (categorical labels, float64 numbers,
text; run.json in df.attrs["run"])."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from conformance.records import BENCH_CATEGORICAL as CATEGORICAL
from conformance.records import BENCH_FIELDS, RECORDS_FILE, RUN_FILE
from conformance.records import BENCH_LATER_FIELDS as LATER_FIELDS
from conformance.records import BENCH_TEXT as TEXT
from reference_numpy.errors import DLRosettaError


def is_bench(path):
    """True where path is a folder (or a records.csv) whose run.json says it holds benchmark records."""
    path = Path(path)
    run = (path if path.is_dir() else path.parent) / RUN_FILE
    try:
        return json.loads(run.read_text(encoding="utf-8")).get("kind") == "bench"
    except (OSError, ValueError, AttributeError):
        return False


def load_bench(path):
    """The records of a benchmark run as a DataFrame: categorical labels, float64 numbers, text; run.json in
    df.attrs["run"]. Raises DLRosettaError when the folder holds no benchmark records."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    records, run_path = (folder / RECORDS_FILE if path.is_dir() else path), folder / RUN_FILE
    if not records.is_file():
        raise DLRosettaError(f"{records}: not found; a benchmark folder holds {RECORDS_FILE} and {RUN_FILE} "
                             "(written by `dlrosetta bench --out FOLDER`)")  # fmt: skip
    try:
        raw = pd.read_csv(records, dtype=str, keep_default_na=False, na_filter=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DLRosettaError(f"{records}: not readable as CSV ({exc})") from exc
    for column in LATER_FIELDS:  # records of an earlier dl-rosetta lack them: empty, not an error
        if column not in raw.columns:
            raw[column] = ""
    missing = [c for c in BENCH_FIELDS if c not in raw.columns]
    if missing or raw.empty:
        raise DLRosettaError(f"{records}: not benchmark records (missing columns {missing} or no rows); expected "
                             "the columns of conformance.bench.BENCH_FIELDS")  # fmt: skip
    df = pd.DataFrame(index=raw.index)
    for column in raw.columns:
        text = raw[column].replace("", np.nan)
        if column in CATEGORICAL:
            df[column] = pd.Categorical(text, categories=pd.unique(text.dropna()))
        elif column in TEXT or column not in BENCH_FIELDS:
            df[column] = text
        else:
            numbers = pd.to_numeric(text, errors="coerce")
            bad = numbers.isna() & text.notna() & (text.str.lower() != "nan")
            if bad.any():
                row = bad.idxmax()
                raise DLRosettaError(f"{records}: column {column}, row {row + 2}: {raw[column][row]!r} is not a number")
            df[column] = numbers.astype("float64")
    df.attrs["run"] = json.loads(run_path.read_text(encoding="utf-8")) if run_path.is_file() else {}
    df.attrs["source"] = str(path)
    return df
