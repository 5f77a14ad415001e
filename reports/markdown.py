"""The Markdown report: plain text that reads well in a terminal and renders in a pull request.

render_markdown(report, files) -> str. Sections, in order: the verdict, the environment fingerprint, counts, the
cell grid (status and worst fraction of tolerance used per backend/device/dtype/profile and model), failures with
their first failing tensor and message, near misses, known divergences with their reasons, the worst fraction
used per tensor kind and layer, the training trajectories, the plots, and the files of the report.
"""

import pandas as pd

from reports.formatting import display_frame, fingerprint_frame
from reports.report import config_line, verdict

MAX_DETAIL_ROWS = 200  # long tables are cut here in the Markdown (the HTML and records.csv have everything)


def escape(text):
    """Text safe inside a Markdown table cell: no pipe, no line break, no '<' that a renderer takes for HTML."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def markdown_table(frame, index=False):
    """A GitHub-style pipe table of `frame` (values through formatting.format_value), or "(none)" when empty."""
    if frame.empty:
        return "(none)"
    frame = frame.reset_index() if index else frame
    shown = display_frame(frame)
    header = [escape(c) for c in shown.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in shown.itertuples(index=False):
        lines.append("| " + " | ".join(escape(v) for v in row) + " |")
    return "\n".join(lines)


def _cut(frame, limit=MAX_DETAIL_ROWS):
    """(first `limit` rows, a sentence saying how many were left out or "")."""
    if len(frame) <= limit:
        return frame, ""
    return frame.head(limit), f"\n\n... and {len(frame) - limit} more rows (see report.html or records.csv)."


def _details(summary, body):
    """A collapsible block (GitHub renders <details>; a terminal shows the text as it is)."""
    return f"<details><summary>{summary}</summary>\n\n{body}\n\n</details>"


def fingerprint_section(fingerprint):
    if not fingerprint:
        return "Environment fingerprint: unknown (the records came without run.json)."
    return markdown_table(fingerprint_frame(fingerprint))


def counts_section(report):
    counts = pd.DataFrame([report.counts.to_numpy()], columns=list(report.counts.index))
    cells = report.summary["status"].value_counts().reindex(report.counts.index, fill_value=0)
    cells = pd.DataFrame([cells.to_numpy()], columns=list(cells.index))
    return (f"Records by status ({report.records} records):\n\n{markdown_table(counts)}\n\n"
            f"Cells by status ({len(report.summary)} cells, a cell is one backend on one device, dtype, profile "
            f"and model; its status is the worst of its records):\n\n{markdown_table(cells)}")  # fmt: skip


def grid_section(report):
    labels = report.grid[0]
    legend = ("Each entry: the cell's status and the largest fraction of its tolerance that any of its records used "
              "(at most 1 passes). FAIL, ERROR and XPASS fail the run; xfail is a known divergence.")  # fmt: skip
    return legend + "\n\n" + markdown_table(labels, index=True)


def failures_section(report):
    if report.failures.empty:
        return "No failures."
    f = report.failures
    lines = [markdown_table(f.drop(columns=["message"])), "", "First failure of each failing cell, with its message:",
             ""]  # fmt: skip
    for r in f.itertuples(index=False):
        layer = "" if pd.isna(r.layer) else f" (layer {r.layer})"
        message = escape(r.message) if isinstance(r.message, str) else ""
        lines.append(f"- **{r.backend} {r.device} {r.dtype} {r.profile} {r.model}**: {r.first_status} at "
                     f"`{r.phase} {r.first_failing}`{layer}: {message}")  # fmt: skip
    detail, more = _cut(report.failing_records.drop(columns=["message"]))
    lines += ["", _details(f"All {len(report.failing_records)} failing records", markdown_table(detail) + more)]
    return "\n".join(lines)


def near_misses_section(report):
    if report.near_misses.empty:
        return "No passing record uses more than half of its tolerance."
    shown, more = _cut(report.near_misses)
    return "Passing records that use more than half of their tolerance, worst first:\n\n" + markdown_table(shown) + more


def known_section(report):
    known = report.known_divergences
    if known.empty:
        return "No known divergence matched a record."
    lines = [markdown_table(known.drop(columns=["reason"])), ""]
    for r in known.itertuples(index=False):
        lines.append(f"- **{r.id}**: {escape(r.reason) if r.reason else '(no reason recorded on the records)'}")
    return "\n".join(lines)


def _images(plots, plots_dir):
    return "\n\n".join(f"![{p.title}]({plots_dir}/{p.name})\n\n{p.caption}" for p in plots)


def tolerance_section(report, plots_dir):
    """The heatmaps, then the worst fraction used per kind of tensor and layer (folded)."""
    table, more = _cut(report.quantities)
    parts = [_images(report.plots_of("heatmap"), plots_dir) or report.notes.get("heatmap", "No heatmap.")]
    parts.append("The largest fraction of tolerance used by each kind of tensor and layer, over every backend, "
                 "device, dtype and profile, and where:")  # fmt: skip
    parts.append(_details(f"{len(report.quantities)} rows", markdown_table(table) + more))
    return "\n\n".join(parts)


def trajectory_section(report, plots_dir):
    """The drift plot, how far each cell's training ends from the reference's, then the cost curves per model."""
    if report.drift.empty:
        return report.notes.get("trajectory", "No training trajectory records (the run had --iterations 0).")
    drift, more = _cut(report.drift)
    body = markdown_table(drift) + more
    return "\n\n".join([
        _images(report.plots_of("drift"), plots_dir),
        "How far each cell's training run ends from the reference's (relative difference of the cost at the last "
        "record point), the largest difference along the way, and the largest fraction of the trajectory tolerance "
        "it used:",
        _details(f"{len(report.drift)} cells", body) if len(report.drift) > 20 else body,
        _images(report.plots_of("cost"), plots_dir),
    ])  # fmt: skip


def files_section(files):
    return "\n".join(f"- `{name}`: {what}" for name, what in files.items())


def render_markdown(report, files, plots_dir="plots"):
    """The whole Markdown report as a string; files: {file name: description} for the Files section."""
    created = report.fingerprint.get("created", "unknown")
    sections = [
        "# dl-rosetta conformance report",
        f"**{verdict(report)}**",
        f"Records: `{report.source}` ({report.records} records, run created {created}). "
        f"Run: {config_line(report.run)}.",
        "## Environment fingerprint",
        fingerprint_section(report.fingerprint),
        "## Summary",
        counts_section(report),
        "## Cells",
        grid_section(report),
        "## Failures",
        failures_section(report),
        "## Near misses",
        near_misses_section(report),
        "## Known divergences",
        known_section(report),
        "## Fraction of tolerance used, per tensor",
        tolerance_section(report, plots_dir),
        "## Training trajectories",
        trajectory_section(report, plots_dir),
        "## Files",
        files_section(files),
    ]
    return "\n\n".join(sections) + "\n"


def learner_markdown(records):
    """A learner check (conformance.check_module's records) in Markdown: one row per course function, then every
    case that does not pass with its first wrong tensor, how far off, and the hint."""
    from reports.loading import learner_frame
    from reports.tables import learner_summary

    summary = learner_summary(records)
    table = learner_frame(records)
    wrong = table[table["status"] != "pass"].drop(columns=["week"])
    week = ", ".join(map(str, pd.unique(table["week"])))
    passing = int((table["status"] == "pass").sum())
    return "\n\n".join([
        f"# Learner check ({week}): {passing} of {len(table)} checks pass",
        markdown_table(summary),
        "## Checks that do not pass",
        markdown_table(wrong) if not wrong.empty else "None: every function matches the reference.",
    ]) + "\n"  # fmt: skip
