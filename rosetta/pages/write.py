"""Every page rendered in memory, then written (each file atomically); slim_run, the committed copy of a run's
records that the pages read."""

import json
from pathlib import Path

import pandas as pd

from reports.loading import load, run_info
from rosetta.pages.build import build_pages
from rosetta.pages.html import render_html, render_index_html
from rosetta.pages.markdown import render_index_markdown, render_markdown
from rosetta.pages.spec import PAGES


def render_all(rosetta, records=None, source=""):
    """{file name: text} of every page, rendered in memory: index.md/.html and <model>.md/.html."""
    pages = build_pages(rosetta, records, source)
    files = {"index.md": render_index_markdown(pages), "index.html": render_index_html(pages)}
    for page in pages:
        files[f"{page.spec.name}.md"] = render_markdown(page)
        files[f"{page.spec.name}.html"] = render_html(page)
    return files


def write_docs(out_dir, rosetta, records=None, source=""):
    """Render every page, then write each (a temporary file renamed into place). Returns the paths written."""
    from conformance.records import atomic_write

    files = render_all(rosetta, records, source)
    return [atomic_write(Path(out_dir) / name, lambda f, text=text: f.write(text)) for name, text in files.items()]


# The columns of the records the pages read; slim_run blanks the others (messages, timings, worst elements) and
# keeps 6 significant digits of the numbers (the pages show 3).
ROUNDED = ("max_abs_error", "fraction_used", "agreement")
PAGE_COLUMNS = (
    "backend",
    "framework",
    "variant",
    "device",
    "dtype",
    "profile",
    "matmul_precision",
    "model",
    "data",
    "phase",
    "key",
    "quantity",
    "layer",
    "iteration",
    "order",
    "status",
    "first_failure",
    "max_abs_error",
    "fraction_used",
    "agreement",
    "run_iterations",
    "known_divergence",
)


def slim_run(from_dir, to_dir):
    """Copy a run's records.csv and run.json, keeping the rows of the pages' models and the columns the pages
    read (the rest left empty, the numbers to 6 significant digits), so that a committed copy stays small.
    Nothing is recomputed."""
    from conformance.records import RECORDS_FILE, RUN_FILE, atomic_write

    from_dir, to_dir = Path(from_dir), Path(to_dir)
    records = load(from_dir)  # checks the schema and the columns
    raw = pd.read_csv(from_dir / RECORDS_FILE, dtype=str, keep_default_na=False, na_filter=False)
    raw = raw[raw["model"].isin([spec.name for spec in PAGES])]
    for column in raw.columns:
        if column not in PAGE_COLUMNS:
            raw[column] = ""
        elif column in ROUNDED:
            raw[column] = [text if text == "" else f"{float(text):.6g}" for text in raw[column]]
    run = dict(run_info(records))
    run["slimmed"] = (
        f"rows of the models {', '.join(spec.name for spec in PAGES)} only; columns other than "
        f"{', '.join(PAGE_COLUMNS)} left empty, {', '.join(ROUNDED)} to 6 significant digits "
        "(dlrosetta docs --save-run)"
    )
    atomic_write(to_dir / RECORDS_FILE, lambda f: raw.to_csv(f, index=False, lineterminator="\n"))
    atomic_write(to_dir / RUN_FILE, lambda f: f.write(json.dumps(run, indent=2) + "\n"))
    return to_dir
