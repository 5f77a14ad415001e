"""Two runs side by side (CPU against GPU, one library version against another): what changed between A and B.

compare_runs(a, b) matches the records of two loaded runs on KEY and says for each what changed:

    newly failing   passes (or is a known divergence) in A, fails in B (fail, error or xpass)
    fixed           fails in A, not in B
    status changed  any other change of status (pass -> xfail, fail -> error, ...)
    error grew      same status, but B uses more than GROWTH times the fraction of tolerance A used
    error shrank    same status, B uses less than 1/GROWTH of it
    only in A       the record is not in B (a backend, device or tensor that B did not check)
    only in B       the record is not in A
    (empty)         unchanged

Fractions below NEGLIGIBLE of the tolerance count as NEGLIGIBLE, so an error going from 1e-16 to 1e-15 of a
float64 tolerance does not show up as ten times larger: it is noise far from mattering.
write_compare(a_dir, b_dir, out_dir) writes compare.md and compare.html and returns a CompareResult.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from conformance.records import FAILING
from reports.formatting import fingerprint_text
from reports.loading import CELL, fingerprint_of, load
from reports.markdown import markdown_table

KEY = ["backend", "model", "dtype", "device", "profile", "phase", "key"]
GROWTH = 2.0
NEGLIGIBLE = 1e-3
# the order changes are listed in: what needs action first
CHANGES = ("newly failing", "only in B", "fixed", "status changed", "error grew", "error shrank", "only in A")
COMPARE_MD, COMPARE_HTML = "compare.md", "compare.html"


def _keyed(df):
    """The records that KEY identifies, with plain-text keys (two runs have different categories)."""
    out = df[[*KEY, "status", "fraction_used", "max_abs_error"]].copy()
    for column in KEY:
        out[column] = out[column].astype(str)
    out["status"] = out["status"].astype(str)
    return out.drop_duplicates(KEY)


def compare_runs(a, b):
    """Every record of either run, matched on KEY, with what changed.

    a, b: records DataFrames (reports.loading.load). Returns a DataFrame with the KEY columns, status_a, status_b,
    fraction_a, fraction_b (fraction of tolerance used), error_a, error_b (max abs error), ratio (fraction_b /
    fraction_a, each floored at NEGLIGIBLE; NaN where either is missing or infinite) and change (one of CHANGES,
    or "" when unchanged), in A's order and then B's.
    """
    left, right = _keyed(a), _keyed(b)
    left["_pos"], right["_pos"] = np.arange(len(left)), len(left) + np.arange(len(right))
    merged = left.merge(right, on=KEY, how="outer", suffixes=("_a", "_b"), indicator=True)
    # an outer merge sorts its keys; put the rows back in A's order, then B's
    merged = merged.assign(_pos=merged["_pos_a"].fillna(merged["_pos_b"])).sort_values("_pos", kind="stable")
    merged = merged.rename(columns={"fraction_used_a": "fraction_a", "fraction_used_b": "fraction_b",
                                    "max_abs_error_a": "error_a", "max_abs_error_b": "error_b"})  # fmt: skip
    finite = np.isfinite(merged["fraction_a"]) & np.isfinite(merged["fraction_b"])
    floored_a, floored_b = merged["fraction_a"].clip(lower=NEGLIGIBLE), merged["fraction_b"].clip(lower=NEGLIGIBLE)
    merged["ratio"] = (floored_b / floored_a).where(finite)
    merged["change"] = classify(merged)
    columns = [*KEY, "status_a", "status_b", "fraction_a", "fraction_b", "ratio", "error_a", "error_b", "change"]
    return merged[columns].reset_index(drop=True)


def classify(merged):
    """The change of each matched row (see the module docstring); merged has _merge, status_a/_b and ratio."""
    failing_a, failing_b = merged["status_a"].isin(FAILING), merged["status_b"].isin(FAILING)
    rules = [  # first match wins
        (merged["_merge"] == "left_only", "only in A"),
        (merged["_merge"] == "right_only", "only in B"),
        (~failing_a & failing_b, "newly failing"),
        (failing_a & ~failing_b, "fixed"),
        (merged["status_a"] != merged["status_b"], "status changed"),
        (merged["ratio"] > GROWTH, "error grew"),
        (merged["ratio"] < 1 / GROWTH, "error shrank"),
    ]
    return pd.Series(np.select([r for r, _ in rules], [c for _, c in rules], default=""), index=merged.index)


def changes(table):
    """The changed rows of compare_runs, most urgent first (CHANGES order), run order within each kind."""
    changed = table[table["change"] != ""]
    rank = changed["change"].map({c: i for i, c in enumerate(CHANGES)})
    return changed.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank")


def change_counts(table):
    """Number of rows of each kind of change (every kind listed, zeros too), plus "unchanged"."""
    counts = table["change"].value_counts().reindex(list(CHANGES), fill_value=0)
    counts["unchanged"] = int((table["change"] == "").sum())
    return counts


def new_failures(table):
    """Rows that fail in B and did not in A: newly failing, or failing records only B has."""
    only_b_failing = (table["change"] == "only in B") & table["status_b"].isin(FAILING)
    return table[(table["change"] == "newly failing") | only_b_failing]


def fingerprint_diff(a, b):
    """The two fingerprints side by side: key, A, B, differs ("yes" or ""), every key of either (lists joined)."""
    fa, fb = fingerprint_of(a), fingerprint_of(b)
    keys = list(dict.fromkeys([*fa, *fb]))
    rows = [(k, fingerprint_text(fa.get(k)), fingerprint_text(fb.get(k))) for k in keys]
    frame = pd.DataFrame(rows, columns=["key", "A", "B"])
    frame["differs"] = np.where(frame["A"] != frame["B"], "yes", "")
    return frame


def cells_only_in(a, b):
    """Whole cells (backend, device, dtype, profile, model) that one run has and the other does not: one row each,
    with run ("A" or "B"), records and status (the worst), so a CPU run against a GPU run lists the GPU cells
    once instead of every one of their records."""
    out = []
    for name, mine, other in (("A", a, b), ("B", b, a)):
        theirs = set(map(tuple, other[CELL].astype(str).drop_duplicates().to_numpy()))
        g = mine.groupby(CELL, observed=True, sort=False).agg(records=("status", "size"), status=("status", "max"))
        g = g.reset_index()
        keep = [tuple(row) not in theirs for row in g[CELL].astype(str).to_numpy()]
        out.append(g[keep].assign(run=name))
    frame = pd.concat(out, ignore_index=True)
    return frame[["run", *CELL, "records", "status"]]


@dataclass
class CompareResult:
    table: pd.DataFrame  # compare_runs
    counts: pd.Series  # change_counts
    new_failures: pd.DataFrame
    fingerprints: pd.DataFrame  # fingerprint_diff
    only_cells: pd.DataFrame  # cells_only_in
    a_source: str
    b_source: str
    paths: dict  # {"md": path, "html": path} of what was written

    @property
    def regressed(self):
        """B has failures that A did not: `dlrosetta report --compare` exits 1."""
        return not self.new_failures.empty


def summary_lines(result):
    """A few lines for the terminal."""
    counts = result.counts
    changed = ", ".join(f"{counts[c]} {c}" for c in CHANGES if counts[c])
    differs = list(result.fingerprints.loc[result.fingerprints["differs"] == "yes", "key"])
    only_date = differs == ["created"]
    differs = [k for k in differs if k != "created"]
    same = "nothing (but the date)" if only_date else "nothing"
    return [
        f"A: {result.a_source}",
        f"B: {result.b_source}",
        f"changes: {changed or 'none'} ({counts['unchanged']} records unchanged)",
        f"fingerprints differ in: {', '.join(differs) if differs else same}",
        f"new failures in B: {len(result.new_failures)}",
    ]


def _change_table(result):
    """The changed rows whose cell both runs have (whole cells of one run are listed apart)."""
    changed = changes(result.table)
    only = result.only_cells
    if only.empty:
        return changed
    whole = set(map(tuple, only[CELL].astype(str).to_numpy()))
    return changed[[tuple(r) not in whole for r in changed[CELL].to_numpy()]]


def render_compare_markdown(result):
    counts = pd.DataFrame([result.counts.to_numpy()], columns=list(result.counts.index))
    verdict = "B has failures that A did not" if result.regressed else "B has no failure that A did not"
    lines = [
        "# dl-rosetta: two runs compared",
        f"**{verdict}.**",
        f"- A: `{result.a_source}`\n- B: `{result.b_source}`",
        "## Environment fingerprints",
        markdown_table(result.fingerprints),
        "## Changes",
        f"Records matched on ({', '.join(KEY)}). Error grew/shrank: the fraction of tolerance used changed by more "
        f"than a factor of {GROWTH:g} (fractions below {NEGLIGIBLE:g} count as {NEGLIGIBLE:g}).",
        markdown_table(counts),
        "### Records that changed",
        markdown_table(_change_table(result)),
        "### Cells in only one run",
        markdown_table(result.only_cells),
    ]  # fmt: skip
    return "\n\n".join(lines) + "\n"


def _classes(frame):
    classes = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for column in ("status_a", "status_b", "status"):
        if column in frame:
            classes[column] = "s-" + frame[column].astype(str)
    if "change" in frame:
        change = frame["change"]
        kinds = [change == "newly failing", change.isin(["error grew", "status changed"]),
                 change.isin(["fixed", "error shrank"])]  # fmt: skip
        classes["change"] = np.select(kinds, ["bad", "near", "good"], "")
    for column in ("fraction_a", "fraction_b", "ratio", "error_a", "error_b", "records", *CHANGES, "unchanged"):
        if column in frame:
            classes[column] = "num"
    if "differs" in frame:
        classes["differs"] = np.where(frame["differs"] == "yes", "near", "")
    return classes


def render_compare_html(result):
    from jinja2 import Environment
    from markupsafe import Markup

    from reports.html import styled
    from reports.style import REPORT_CSS

    def table(frame, uuid):
        return styled(frame, uuid, classes=_classes(frame)) if not frame.empty else Markup("<p>(none)</p>")

    counts = pd.DataFrame([result.counts.to_numpy()], columns=list(result.counts.index))
    template = Environment(autoescape=True).from_string(COMPARE_TEMPLATE)
    return template.render(
        css=Markup(REPORT_CSS + "td.bad { background: #ffc9c9; font-weight: 600; } td.good { background: #dafbe1; }"),
        a=result.a_source, b=result.b_source, regressed=result.regressed, key=", ".join(KEY), growth=f"{GROWTH:g}",
        negligible=f"{NEGLIGIBLE:g}", fingerprints=table(result.fingerprints, "fp"), counts=table(counts, "counts"),
        changed=table(_change_table(result), "changes"), only=table(result.only_cells, "only"),
    )  # fmt: skip


COMPARE_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>dl-rosetta: {{ a }} vs {{ b }}</title>
<style>{{ css }}</style></head><body>
<h1>dl-rosetta: two runs compared</h1>
<p class="verdict {{ 'fail' if regressed else 'pass' }}">{{ 'B has failures that A did not' if regressed
else 'B has no failure that A did not' }}</p>
<p>A: <code>{{ a }}</code><br>B: <code>{{ b }}</code></p>
<h2>Environment fingerprints</h2>{{ fingerprints }}
<h2>Changes</h2>
<p>Records matched on ({{ key }}). Error grew/shrank: the fraction of tolerance used changed by more than a factor
of {{ growth }} (fractions below {{ negligible }} count as {{ negligible }}).</p>{{ counts }}
<h3>Records that changed</h3>{{ changed }}
<h3>Cells in only one run</h3>{{ only }}
</body></html>
"""


def default_out_dir(a_path, b_path):
    """Where --compare writes without --out: a new folder beside A, named after both runs."""
    a_path, b_path = Path(a_path), Path(b_path)

    def name(p):
        return (p if p.is_dir() else p.parent).resolve().name

    a_dir = a_path if a_path.is_dir() else a_path.parent
    return a_dir.resolve().parent / f"compare-{name(a_path)}-vs-{name(b_path)}"


def write_compare(a_path, b_path, out_dir=None, formats=("md", "html")):
    """Load two runs, compare them, write compare.md / compare.html into out_dir (default_out_dir when None).
    Returns a CompareResult; raises DLRosettaError (from load) on bad input, before writing anything."""
    from reports.writers import write_text  # writers imports the plotting stack; compare needs only its writer

    a, b = load(a_path), load(b_path)
    table = compare_runs(a, b)
    result = CompareResult(table=table, counts=change_counts(table), new_failures=new_failures(table),
                           fingerprints=fingerprint_diff(a, b), only_cells=cells_only_in(a, b),
                           a_source=str(a_path), b_source=str(b_path), paths={})  # fmt: skip
    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(a_path, b_path)
    rendered = {}
    if "md" in formats:
        rendered["md"] = (out_dir / COMPARE_MD, render_compare_markdown(result))
    if "html" in formats:
        rendered["html"] = (out_dir / COMPARE_HTML, render_compare_html(result))
    for kind, (path, text) in rendered.items():  # everything rendered before the first file is written
        write_text(path, text)
        result.paths[kind] = str(path)
    return result
