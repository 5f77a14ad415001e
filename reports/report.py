"""Everything a report shows, gathered once: the Markdown and HTML writers render the same Report.

build_report(df) computes every table (reports.tables) and plot (reports.plots) from the loaded records; the
writers only format. Nothing here reads or writes a file.
"""

from dataclasses import dataclass, field

import pandas as pd

from conformance.divergences import load_divergences
from conformance.records import FAILING
from reports import tables
from reports.loading import fingerprint_of, run_info
from reports.plots import all_plots


@dataclass
class Report:
    """The content of one report. DataFrames are the reports.tables views of the run (see their docstrings)."""

    source: str  # the results folder (or records file) the records came from
    run: dict  # run.json: schema_version, config, fingerprint, seconds
    records: int
    counts: pd.Series  # records by status (tables.status_counts)
    summary: pd.DataFrame  # tables.cell_summary
    grid: tuple  # tables.status_grid: (labels, statuses, fractions)
    failures: pd.DataFrame
    failing_records: pd.DataFrame
    near_misses: pd.DataFrame
    known_divergences: pd.DataFrame
    quantities: pd.DataFrame
    trajectory: pd.DataFrame
    drift: pd.DataFrame
    trajectory_wide: pd.DataFrame
    plots: list = field(default_factory=list)  # [reports.figures.Plot]
    notes: dict = field(default_factory=dict)  # {"heatmap" | "trajectory": why that plot is missing}
    files: dict = field(default_factory=dict)  # file name -> what it is (filled in by the writer)

    @property
    def fingerprint(self):
        return self.run.get("fingerprint") or {}

    @property
    def failing_cells(self):
        return int(self.summary["status"].isin(FAILING).sum())

    def plots_of(self, kind):
        return [p for p in self.plots if p.kind == kind]

    @property
    def passed(self):
        """True when nothing fails the run (fail, error, xpass); xfail is a known divergence and does not."""
        return self.failing_cells == 0


def build_report(df, with_plots=True):
    """A Report of the records `df` (reports.loading.load); with_plots=False skips the matplotlib work."""
    summary = tables.cell_summary(df)
    trajectory = tables.trajectory_table(df)
    plots, notes = all_plots(df, trajectory) if with_plots else ([], {})
    return Report(
        source=df.attrs.get("source", ""),
        run=run_info(df) or {"fingerprint": fingerprint_of(df)},
        records=len(df),
        counts=tables.status_counts(df),
        summary=summary,
        grid=tables.status_grid(summary),
        failures=tables.failures(df),
        failing_records=tables.failing_records(df),
        near_misses=tables.near_misses(df),
        known_divergences=tables.known_divergences(df, shipped_reasons()),
        quantities=tables.quantity_table(df),
        trajectory=trajectory,
        drift=tables.drift_summary(trajectory),
        trajectory_wide=tables.trajectory_wide(trajectory),
        plots=plots,
        notes=notes,
    )


def shipped_reasons():
    """{id: reason} of the known divergences shipped with this version (conformance/known_divergences.toml), for
    records that carry only an id; {} if the file cannot be read (the report still shows the ids)."""
    try:
        return {entry.id: entry.reason for entry in load_divergences()}
    except (OSError, ValueError):  # DLRosettaError is a ValueError; tomllib.TOMLDecodeError too
        return {}


def verdict(report):
    """One sentence: PASS or FAIL and why, e.g. "FAIL: 4 of 64 cells fail (2 fail, 1 error, 1 xpass)"."""
    cells = len(report.summary)
    by_status = report.summary["status"].value_counts()
    failing = [f"{by_status.get(s, 0)} {s}" for s in reversed(FAILING) if by_status.get(s, 0)]  # worst first
    known = by_status.get("xfail", 0)
    known_text = f"; {known} with known divergences only (xfail)" if known else ""
    if report.passed:
        text = f"PASS: all {cells} cells pass{known_text}"
    else:
        text = f"FAIL: {report.failing_cells} of {cells} cells fail ({', '.join(failing)}){known_text}"
    return interrupted_text(report.run) + text


def interrupted_text(run):
    """ "INTERRUPTED (Ctrl-C during the checks: 12 of 84 cells done). " for an interrupted run, else ""."""
    when = run.get("interrupted")
    if not when:
        return ""
    done, planned = run.get("cells_done"), run.get("cells_planned")
    count = f": {done} of {planned} cells done" if done is not None and planned is not None else ""
    return f"INTERRUPTED (Ctrl-C {when}{count}; the records are those of the cells done). "


def config_line(run):
    """The run's configuration in one line, e.g. "models shallow, deep; backends all; iterations 50 (every 10)"."""
    config = run.get("config") or {}
    if not config:
        return "configuration unknown (no run.json)"

    def listed(key):
        value = config[key]
        return "all found" if value is None else ", ".join(map(str, value))

    parts = [f"{key} {listed(key)}" for key in ("models", "backends", "devices", "dtypes", "profiles") if key in config]
    if "iterations" in config:
        parts.append(f"{config['iterations']} iterations, cost recorded every {config.get('record_every', '?')}")
    if config.get("data"):
        parts.append(f"data {config['data']}")
    for skip in run.get("skipped") or ():
        parts.append(f"skipped {skip.get('backend')} on {skip.get('device')} ({skip.get('reason')})")
    return "; ".join(parts)
