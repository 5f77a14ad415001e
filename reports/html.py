"""The HTML report: one self-contained file (inline CSS, plots as base64 PNG; no scripts, no links to fetch).

Tables are pandas Stylers over the same text the Markdown shows (reports.formatting), with a CSS class on each
cell that needs a colour: s-fail, s-error, s-xpass (fail the run), s-xfail (a known divergence), near (a pass
that uses more than half of its tolerance), over (more than all of it). render_html(report, files) -> str.
"""

import base64

import pandas as pd
from jinja2 import Environment
from markupsafe import Markup

from conformance.records import STATUSES
from reports.formatting import COLUMN_TITLES, display_frame, fingerprint_frame
from reports.report import config_line, verdict
from reports.style import REPORT_CSS
from reports.tables import NEAR_MISS

MAX_HTML_ROWS = 200  # a Styler table beyond this is slow to build and to read; the rest is in records.csv

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>dl-rosetta report: {{ source }}</title>
<style>{{ css }}</style></head>
<body>
{% macro figures(plots) %}{% for plot in plots %}<figure id="{{ plot.name }}"><h3>{{ plot.title }}</h3>
<img alt="{{ plot.title }}" src="data:image/png;base64,{{ plot.data }}"><figcaption>{{ plot.caption }}
(<code>{{ plots_dir }}/{{ plot.name }}</code>)</figcaption></figure>
{% endfor %}{% endmacro %}
{% macro folded_figures(plots) %}{% for plot in plots %}<details{% if plot.open %} open{% endif %}><summary>{{
plot.title }}</summary><figure id="{{ plot.name }}"><img alt="{{ plot.title }}" src="data:image/png;base64,{{
plot.data }}"><figcaption>{{ plot.caption }} (<code>{{ plots_dir }}/{{ plot.name }}</code>)</figcaption></figure>
</details>{% endfor %}{% endmacro %}
<h1>dl-rosetta conformance report</h1>
<p class="verdict {{ 'pass' if passed else 'fail' }}">{{ verdict }}</p>
<p class="muted">Records: <code>{{ source }}</code> ({{ records }} records, run created {{ created }}).
Run: {{ config }}.</p>
<nav class="toc">{% for id, title in sections %}<a href="#{{ id }}">{{ title }}</a>{% endfor %}</nav>
<h2 id="environment">Environment fingerprint</h2>
{{ fingerprint }}
<h2 id="summary">Summary</h2>
<p>Records by status:</p>{{ counts }}
<p>Cells by status ({{ n_cells }} cells; a cell is one backend on one device, dtype, profile and model, and its
status is the worst of its records):</p>{{ cell_counts }}
<h2 id="cells">Cells</h2>
<p>Each entry: the cell's status and the largest fraction of its tolerance that any of its records used (at most 1
passes). FAIL, ERROR and XPASS fail the run; xfail is a known divergence.</p>
<p class="legend"><span style="background:#ffc9c9">fails the run</span><span
style="background:#eee6f7">known divergence (xfail)</span><span style="background:#fff1b8">near miss: passes with
more than {{ near }} of its tolerance used</span><span style="background:#eef9f0">pass</span></p>
{{ grid }}
<h2 id="failures">Failures</h2>
{% if failures %}<p>The first failing record of each failing cell, in computation order: where the trouble
enters.</p>{{ failures }}
<details><summary>All {{ n_failing }} failing records</summary>{{ failing_records }}</details>
{% else %}<p>No failures.</p>{% endif %}
<h2 id="near-misses">Near misses</h2>
{% if near_misses %}<p>Passing records that use more than {{ near }} of their tolerance, worst first.</p>
{{ near_misses }}{% else %}<p>No passing record uses more than {{ near }} of its tolerance.</p>{% endif %}
<h2 id="known-divergences">Known divergences</h2>
{% if known %}{{ known }}{% else %}<p>No known divergence matched a record.</p>{% endif %}
<h2 id="tolerance">Fraction of tolerance used, per tensor</h2>
{{ figures(heatmaps) }}{% if heatmap_note %}<p class="note">{{ heatmap_note }}</p>{% endif %}
<p>The largest fraction of tolerance used by each kind of tensor and layer, over every backend, device, dtype and
profile, and where.</p>
<details><summary>{{ n_quantities }} rows</summary>{{ quantities }}</details>
<h2 id="trajectories">Training trajectories</h2>
{% if drift %}{{ figures(drift_plots) }}
<p>How far each cell's training run ends from the reference's (relative difference of the cost at the last record
point), the largest difference along the way, and the largest fraction of the trajectory tolerance it used.</p>
{% if fold_drift %}<details><summary>{{ n_drift }} cells</summary>{{ drift }}</details>{% else %}{{ drift }}{% endif %}
<p>The cost curves of each model (open where a training run failed, is a known divergence, or used more than
{{ near }} of its tolerance):</p>
{{ folded_figures(cost_plots) }}
<details><summary>The cost at every record point (reference and each cell, with the relative difference)</summary>
{{ trajectory }}</details>
{% else %}<p class="note">{{ trajectory_note }}</p>{% endif %}
<h2 id="files">Files</h2>
<ul>{% for name, what in files.items() %}<li><code>{{ name }}</code>: {{ what }}</li>{% endfor %}</ul>
</body></html>
"""
SECTIONS = [("environment", "Environment"), ("summary", "Summary"), ("cells", "Cells"), ("failures", "Failures"),
            ("near-misses", "Near misses"), ("known-divergences", "Known divergences"),
            ("tolerance", "Fraction of tolerance used"), ("trajectories", "Training trajectories"),
            ("files", "Files")]  # fmt: skip
FOLD_ROWS = 20  # tables longer than this start folded

NUMERIC = {"records", "failing", "max_abs_error", "normwise_rel_error", "rtol", "atol", "layer", "iteration",
           "iterations", "cost", "reference_cost", "abs_diff", "rel_diff", "final_cost", "final_reference_cost",
           "final_rel_diff", "max_rel_diff", "at_iteration", *STATUSES}  # fmt: skip


def cell_classes(frame):
    """A DataFrame of CSS classes the shape of `frame`: status columns by their value, fractions by their size,
    numbers right-aligned, messages wrapped."""
    classes = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for column in frame.columns:
        values = frame[column]
        if column in ("status", "cell_status", "first_status"):
            classes[column] = "s-" + values.astype(str)
        elif column in ("fraction_used", "worst_fraction_used", "max_fraction_used"):
            v = values.astype("float64")
            classes[column] = "num " + pd.Series(
                [("over" if x > 1 else "near" if x > NEAR_MISS else "") for x in v], index=frame.index
            )  # fmt: skip
        elif column in NUMERIC or isinstance(column, tuple):  # tuple: the trajectory grid's (cell, measure)
            classes[column] = "num"
        elif column in ("message", "reason", "cells", "known_divergence"):
            classes[column] = "msg"
    return classes


def styled(frame, uuid, classes=None, index=False, max_rows=MAX_HTML_ROWS):
    """A pandas Styler table of `frame` as HTML: the report's text for each value (HTML-escaped), CSS classes per
    cell (cell_classes unless given), the index shown only when asked."""
    cut = len(frame) > max_rows
    frame = frame.head(max_rows)
    classes = cell_classes(frame) if classes is None else classes.reindex(index=frame.index, columns=frame.columns)
    shown = display_frame(frame)
    classes = classes.rename(columns=lambda c: COLUMN_TITLES.get(c, c) if isinstance(c, str) else c)
    styler = shown.style.format(escape="html").format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    styler = styler.set_td_classes(classes.fillna("")).set_uuid(uuid)
    if not index:
        styler = styler.hide(axis="index")
    # every row repeats its index labels (no rowspans): each row reads on its own, and parses back simply
    html = styler.to_html(table_attributes='class="data"', sparse_index=False)
    if cut:
        html += f'<p class="note">The first {max_rows} rows; all of them are in records.csv.</p>'
    return Markup(html)


def grid_table(grid):
    """The cell grid with one class per cell from its status (and "near" for a pass above NEAR_MISS)."""
    labels, statuses, fractions = grid
    classes = ("s-" + statuses.fillna("none").astype(str)).where(statuses.notna(), "")
    near = (statuses == "pass") & (fractions > NEAR_MISS)
    classes = classes.where(~near, classes + " near")
    return styled(labels, "grid", classes=classes, index=True)


def _counts_frame(counts):
    return pd.DataFrame([counts.to_numpy()], columns=list(counts.index))


def _figures(plots, open_models=()):
    """What the template needs of each Plot, the PNG as base64 for a data: URL (nothing to fetch); "open" for the
    plots of open_models, which the report shows unfolded."""
    return [dict(name=p.name, title=p.title, caption=p.caption, data=base64.b64encode(p.png).decode("ascii"),
                 open=p.model in open_models) for p in plots]  # fmt: skip


def _notable_trajectories(traj):
    """Models with a training run worth a look: a record point that does not pass, or uses > NEAR_MISS."""
    if traj.empty:
        return set()
    notable = (traj["status"] != "pass") | (traj["fraction_used"] > NEAR_MISS)
    return set(traj.loc[notable, "model"].astype(str))


def render_html(report, files, plots_dir="plots"):
    """The whole HTML report as a string; files: {file name: description} for the Files section."""
    cell_counts = report.summary["status"].value_counts().reindex(report.counts.index, fill_value=0)
    fingerprint = (styled(fingerprint_frame(report.fingerprint), "fingerprint") if report.fingerprint
                   else Markup("<p>Unknown: the records came without run.json.</p>"))  # fmt: skip
    context = {
        "css": Markup(REPORT_CSS),
        "source": report.source,
        "records": report.records,
        "created": report.fingerprint.get("created", "unknown"),
        "config": config_line(report.run),
        "verdict": verdict(report),
        "passed": report.passed,
        "near": NEAR_MISS,
        "fingerprint": fingerprint,
        "counts": styled(_counts_frame(report.counts), "counts"),
        "cell_counts": styled(_counts_frame(cell_counts), "cellcounts"),
        "n_cells": len(report.summary),
        "grid": grid_table(report.grid),
        "failures": None if report.failures.empty else styled(report.failures, "failures"),
        "n_failing": len(report.failing_records),
        "failing_records": styled(report.failing_records, "failing"),
        "near_misses": None if report.near_misses.empty else styled(report.near_misses, "near"),
        "known": None if report.known_divergences.empty else styled(report.known_divergences, "known"),
        "quantities": styled(report.quantities, "quantities"),
        "n_quantities": len(report.quantities),
        "drift": None if report.drift.empty else styled(report.drift, "drift"),
        "trajectory": None if report.trajectory_wide.empty else styled(report.trajectory_wide, "traj", index=True),
        "fold_drift": len(report.drift) > FOLD_ROWS,
        "n_drift": len(report.drift),
        "heatmaps": _figures(report.plots_of("heatmap")),
        "drift_plots": _figures(report.plots_of("drift")),
        "cost_plots": _figures(report.plots_of("cost"), open_models=_notable_trajectories(report.trajectory)),
        "heatmap_note": report.notes.get("heatmap"),
        "trajectory_note": report.notes.get("trajectory", "No training trajectory records."),
        "sections": SECTIONS,
        "plots_dir": plots_dir,
        "files": files,
    }
    return Environment(autoescape=True).from_string(TEMPLATE).render(**context)
