"""Reports of a conformance run: pandas tables, Markdown and HTML writers, plots. Reads records; never runs a model.

    df = reports.load("results")            # the records as a typed DataFrame; run.json in df.attrs["run"]
    reports.cell_summary(df)                # one row per backend x device x dtype x profile x model
    reports.write_reports("results")        # report.md, report.html, plots/*.png beside the records

The names below are imported on first use (PEP 562), so `dlrosetta --help`, which imports dlrosetta.report,
does not pay for pandas and matplotlib.
"""

import importlib

_EXPORTS = {
    "load": "reports.loading",
    "learner_frame": "reports.loading",
    "run_info": "reports.loading",
    "fingerprint_of": "reports.loading",
    "cell_summary": "reports.tables",
    "status_grid": "reports.tables",
    "status_counts": "reports.tables",
    "failures": "reports.tables",
    "failing_records": "reports.tables",
    "near_misses": "reports.tables",
    "quantity_table": "reports.tables",
    "fraction_grid": "reports.tables",
    "trajectory_table": "reports.tables",
    "trajectory_wide": "reports.tables",
    "drift_summary": "reports.tables",
    "known_divergences": "reports.tables",
    "learner_table": "reports.loading",  # an alias of learner_frame, kept for the name it had
    "learner_summary": "reports.tables",
    "build_report": "reports.report",
    "learner_markdown": "reports.markdown",
    "write_reports": "reports.writers",
    "render_reports": "reports.writers",
    "compare_runs": "reports.compare",
    "write_compare": "reports.compare",
}
_ALIASES = {"learner_table": "learner_frame"}  # exported name -> the module's name for it
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'reports' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), _ALIASES.get(name, name))
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__():
    return __all__
