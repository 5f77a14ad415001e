"""Reports of a benchmark run (conformance.bench, `dlrosetta bench`): tables, plots, bench.md and bench.html.

    df = load_bench("results-bench")       # the records as a typed DataFrame; run.json in df.attrs["run"]
    peak_table(df), case_table(df, "cat"), sweep_grid(df, "batch"), targets(df)
    write_bench_reports("results-bench")   # bench.md, bench.html, plots/bench_*.png beside the records

Reads records; never runs a model. The same conventions as the conformance report: values through
reports.formatting, Markdown tables from reports.markdown, Styler tables from reports.html, figures built with
matplotlib.figure.Figure on an Agg canvas (reports.figures), every file rendered first and then written atomically.
loading, tables, plots, render: the modules; every public name is re-exported here.
"""

from reports.bench.loading import CATEGORICAL, LATER_FIELDS, TEXT, is_bench, load_bench
from reports.bench.plots import bench_plots, fraction_plot, time_plot
from reports.bench.render import (
    BENCH_HTML,
    BENCH_MD,
    CASE_TEXT,
    LOAD_TEXT,
    METHOD,
    BenchReport,
    build_bench_report,
    render_bench_html,
    render_bench_markdown,
    write_bench_reports,
)
from reports.bench.tables import (
    CELL,
    FASTEST_TARGET,
    JAX_OVERHEAD_S,
    NUMPY_TARGET,
    SWEEPS,
    VARIANT_RATIO,
    case_table,
    errors_table,
    peak_table,
    sweep_grid,
    targets,
)

__all__ = [
    "BENCH_HTML", "BENCH_MD", "CASE_TEXT", "CATEGORICAL", "CELL", "FASTEST_TARGET", "JAX_OVERHEAD_S", "LATER_FIELDS",
    "LOAD_TEXT", "METHOD", "NUMPY_TARGET", "SWEEPS", "TEXT", "VARIANT_RATIO", "BenchReport", "bench_plots",
    "build_bench_report", "case_table", "errors_table", "fraction_plot", "is_bench", "load_bench", "peak_table",
    "render_bench_html", "render_bench_markdown", "sweep_grid", "targets", "time_plot", "write_bench_reports",
]  # fmt: skip
