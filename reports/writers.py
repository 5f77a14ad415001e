"""Writing the reports of a results folder: report.md, report.html, plots/*.png and records.parquet.

write_reports(results_dir) loads the records, renders every file in memory first, and only then writes them, each
through a temporary file renamed into place. So a failure while building a report (a bad record, a plotting error)
leaves the previous reports untouched, and a failure while writing leaves no half-written file: every file is
either the old one or the new one.
"""

import importlib.util
import io
from pathlib import Path

from conformance.records import RECORDS_FILE, RUN_FILE, atomic_write
from reference_numpy.errors import DLRosettaError
from reports.html import render_html
from reports.loading import load
from reports.markdown import render_markdown
from reports.report import build_report

MARKDOWN_FILE, HTML_FILE, PARQUET_FILE, PLOTS_DIR = "report.md", "report.html", "records.parquet", "plots"
FORMATS = ("md", "html")
PLOT_PATTERNS = ("cost_*.png", "heatmap_*.png", "drift.png")  # what the plots module names its files


def write_text(path, text):
    """Write text to path atomically (conformance.records.atomic_write: a temporary file, then a rename)."""
    return atomic_write(path, lambda f: f.write(text))


def write_bytes(path, data):
    """Write bytes to path atomically (conformance.records.atomic_write in binary mode)."""
    return atomic_write(path, lambda f: f.write(data), binary=True)


def parquet_bytes(df):
    """The records as Parquet bytes, or None when pyarrow is not installed (Parquet is optional)."""
    if importlib.util.find_spec("pyarrow") is None:
        return None
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _files(formats, parquet_written, plots):
    """{file name: what it is} for the reports' Files section."""
    files = {RECORDS_FILE: "every record, one row per compared quantity (written by the run)",
             RUN_FILE: "the run's configuration, environment fingerprint and schema version"}  # fmt: skip
    if parquet_written:
        files[PARQUET_FILE] = "the same records as Parquet, with their dtypes"
    else:
        files[PARQUET_FILE] = "not written: pyarrow is not installed (pip install pyarrow to get it)"
    if "md" in formats:
        files[MARKDOWN_FILE] = "this report in Markdown"
    if "html" in formats:
        files[HTML_FILE] = "this report in HTML, self-contained (plots embedded)"
    for plot in plots:
        files[f"{PLOTS_DIR}/{plot.name}"] = plot.title
    return files


def render_reports(df, formats=FORMATS):
    """{relative path: bytes} of every file the reports of `df` consist of; nothing is written."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise DLRosettaError(f"formats: expected some of {FORMATS}; got {sorted(unknown)}")
    report = build_report(df)
    parquet = parquet_bytes(df)
    report.files = _files(formats, parquet is not None, report.plots)
    out = {f"{PLOTS_DIR}/{plot.name}": plot.png for plot in report.plots}
    if parquet is not None:
        out[PARQUET_FILE] = parquet
    if "md" in formats:
        out[MARKDOWN_FILE] = render_markdown(report, report.files, PLOTS_DIR).encode("utf-8")
    if "html" in formats:
        out[HTML_FILE] = render_html(report, report.files, PLOTS_DIR).encode("utf-8")
    return out


def remove_stale_plots(plots_dir, keep):
    """Delete plot files an earlier report wrote that this one did not (a model no longer in the run)."""
    plots_dir = Path(plots_dir)
    for pattern in PLOT_PATTERNS:
        for path in plots_dir.glob(pattern):
            if path.name not in keep:
                path.unlink()


def write_reports(results_dir, out_dir=None, formats=FORMATS):
    """Build the reports of the run in results_dir (records.csv + run.json, or a records.csv) and write them into
    out_dir (default: beside the records): report.md, report.html, plots/*.png, and records.parquet when pyarrow is
    installed. formats: some of ("md", "html"); the plots are written either way.

    Returns the path of the main report as a str: report.html when written, else report.md.
    Raises DLRosettaError (reports.loading.load) when the records are missing or malformed; writes nothing then.
    """
    df = load(results_dir)
    if out_dir is None:  # beside the records: the folder, or the folder of a records.csv given directly
        out_dir = results_dir if Path(results_dir).is_dir() else Path(results_dir).parent
    out_dir = Path(out_dir)
    files = render_reports(df, formats)
    for name, data in files.items():  # the plots first: the reports refer to them
        write_bytes(out_dir / name, data)
    remove_stale_plots(out_dir / PLOTS_DIR, {Path(name).name for name in files})
    return str(out_dir / (HTML_FILE if "html" in formats else MARKDOWN_FILE))
