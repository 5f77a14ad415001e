"""Writing the reports of a results folder: report.md, report.html, plots/*.png and records.parquet.

write_reports(results_dir) loads the records, renders every file in memory first, and only then writes them as one
set (conformance.output.commit: every file under a temporary name, then all renamed into place). So a failure while
building or writing a report leaves the previous reports untouched: a reader sees the old set or the new one.
"""

import importlib.util
import io
from pathlib import Path

from conformance.output import commit
from conformance.records import RECORDS_FILE, RUN_FILE, atomic_write, owned_files, read_meta, run_json
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


def stale_plots(out_dir, keep):
    """Plot files (relative paths) an earlier report wrote in out_dir/plots that this one does not (a model no longer
    in the run): named as the plots module names its files, so they are this command's own."""
    plots_dir = Path(out_dir) / PLOTS_DIR
    return [f"{PLOTS_DIR}/{p.name}" for pattern in PLOT_PATTERNS for p in plots_dir.glob(pattern) if p.name not in keep]


def report_set(df, out_dir, beside, formats=FORMATS):
    """({relative path: bytes}, owned_before) of the reports of df in out_dir, ready for commit; beside: out_dir
    holds the records, so its run.json is rewritten to list the reports too."""
    files = render_reports(df, formats)
    owned = stale_plots(out_dir, {Path(name).name for name in files})
    meta = read_meta(out_dir) if beside else {}
    if meta:
        owned += [f for f in owned_files(out_dir) if f not in (RECORDS_FILE, RUN_FILE)]
        meta.pop("files", None)
        files[RUN_FILE] = run_json(meta, {RECORDS_FILE, *files})
    return files, owned


def write_reports(results_dir, out_dir=None, formats=FORMATS):
    """Build the reports of the run in results_dir (records.csv + run.json, or a records.csv) and write them into
    out_dir (default: beside the records): report.md, report.html, plots/*.png, and records.parquet when pyarrow is
    installed, as one set; beside the records, run.json is rewritten to list them. formats: some of ("md", "html");
    the plots are written either way.

    Returns the path of the main report as a str: report.html when written, else report.md.
    Raises DLRosettaError (reports.loading.load) when the records are missing or malformed; writes nothing then.
    """
    df = load(results_dir)
    records_dir = Path(results_dir) if Path(results_dir).is_dir() else Path(results_dir).parent
    out_dir = Path(out_dir) if out_dir is not None else records_dir
    files, owned = report_set(df, out_dir, beside=out_dir.resolve() == records_dir.resolve(), formats=formats)
    commit(out_dir, files, owned_before=owned)
    return str(out_dir / (HTML_FILE if "html" in formats else MARKDOWN_FILE))
