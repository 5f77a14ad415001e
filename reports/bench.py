"""Reports of a benchmark run (conformance.bench, `dlrosetta bench`): tables, plots, bench.md and bench.html.

    df = load_bench("results-bench")       # the records as a typed DataFrame; run.json in df.attrs["run"]
    peak_table(df), case_table(df, "cat"), sweep_grid(df, "batch"), targets(df)
    write_bench_reports("results-bench")   # bench.md, bench.html, plots/bench_*.png beside the records

Reads records; never runs a model. The same conventions as the conformance report: values through
reports.formatting, Markdown tables from reports.markdown, Styler tables from reports.html, figures built with
matplotlib.figure.Figure on an Agg canvas (reports.plots), every file rendered first and then written atomically.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from conformance.records import BENCH_CATEGORICAL as CATEGORICAL
from conformance.records import BENCH_FIELDS, RECORDS_FILE, RUN_FILE
from conformance.records import BENCH_LATER_FIELDS as LATER_FIELDS
from conformance.records import BENCH_TEXT as TEXT
from reference_numpy.errors import DLRosettaError

BENCH_MD, BENCH_HTML = "bench.md", "bench.html"
CELL = ["backend", "device", "dtype", "profile"]  # one line of a plot, one row of a sweep grid
SWEEPS = {"batch": "batch size m", "width": "hidden width w"}
# the targets of issue 8, measured on the benchmark (never asserted in tests)
FASTEST_TARGET, NUMPY_TARGET, VARIANT_RATIO, JAX_OVERHEAD_S = 0.80, 0.60, 1.25, 50e-6


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


# ---- tables ---------------------------------------------------------------------------------------------------


def _ok_steps(df, case=None):
    steps = df[(df["kind"] == "step") & (df["status"] == "ok")]
    return steps if case is None else steps[steps["case"] == case]


def peak_table(df):
    """One row per library, device, dtype and profile: its GEMM, the best and the median throughput."""
    gemm = df[df["kind"] == "gemm"]
    out = gemm[["framework", "device", "dtype", "profile", "library", "model"]].rename(columns={"model": "GEMM"})
    return out.assign(peak_GFLOPs=gemm["peak_gflops"], median_GFLOPs=gemm["gflops"], others_cpu=gemm["others_cpu"],
                      status=gemm["status"].astype(str)).reset_index(drop=True)  # fmt: skip


def case_table(df, case):
    """One row per backend, device, dtype, profile (and size, in a sweep) on a case: the time per iteration
    (median and quartiles), the throughput of its matrix products, the fraction of its own library's GEMM peak
    and of the machine's (the best library's), how many times the fastest backend of its framework it takes,
    the adapter call's own cost, the whole run where there is one, the memory of a step, and the share of the
    CPUs other processes used meanwhile. products_ms: the step's matrix products timed alone through the same
    library (in_products: their share of the step's time; products_of_own_peak: their speed at these shapes
    over the library's square GEMM peak, the most the step could reach)."""
    rows = _ok_steps(df, case)
    if rows.empty:
        return pd.DataFrame()
    group = ["framework", "device", "dtype", "profile", "size"]
    fastest = rows.groupby(group, observed=True)["iter_s"].transform("min")
    out = pd.DataFrame({
        "backend": rows["backend"].astype(str), "device": rows["device"].astype(str),
        "dtype": rows["dtype"].astype(str), "profile": rows["profile"].astype(str), "model": rows["model"].astype(str),
        "m": rows["m"].astype("int64"), "ms_per_iteration": 1e3 * rows["iter_s"],
        "ms_q1": 1e3 * rows["iter_q1_s"], "ms_q3": 1e3 * rows["iter_q3_s"], "GFLOPs": rows["gflops"],
        "of_own_peak": rows["fraction_of_peak"], "of_machine_peak": rows["fraction_of_machine_peak"],
        "products_ms": 1e3 * rows["matmul_alone_s"], "in_products": rows["matmul_share"],
        "products_of_own_peak": rows["matmul_alone_fraction_of_peak"],
        "x_fastest_of_framework": rows["iter_s"] / fastest, "call_ms": 1e3 * rows["call_s"],
        "memory_MB": rows["peak_bytes"] / 1e6, "reps": rows["reps"].astype("int64"), "others_cpu": rows["others_cpu"],
    })  # fmt: skip
    if rows["run_s"].notna().any():
        out.insert(out.columns.get_loc("call_ms") + 1, "run_s", rows["run_s"])
        out.insert(out.columns.get_loc("run_s") + 1, "run_extra_s", rows["run_extra_s"])
    if case == "overhead":
        out.insert(out.columns.get_loc("ms_per_iteration"), "us_per_iteration", 1e6 * rows["iter_s"])
        out = out.drop(columns=["ms_per_iteration", "ms_q1", "ms_q3"])
    return out.reset_index(drop=True)


def sweep_grid(df, case, value="iter_s"):
    """A sweep as a grid: one row per backend, device, dtype, profile; one column per size; `value` in each
    (iter_s in milliseconds, or a fraction as it is)."""
    rows = _ok_steps(df, case)
    if rows.empty:
        return pd.DataFrame()
    numbers = rows[value] * (1e3 if value == "iter_s" else 1)
    grid = rows.assign(_v=numbers, size=rows["size"].astype("int64")).pivot_table(
        index=CELL, columns="size", values="_v", observed=True, sort=False
    )  # fmt: skip
    grid.columns = [str(c) for c in grid.columns]
    return grid.reset_index()


def errors_table(df):
    """Records that did not finish, with their messages."""
    bad = df[df["status"] != "ok"]
    return bad[["kind", "backend", "framework", "device", "dtype", "profile", "case", "model", "message"]].reset_index(
        drop=True
    )


def targets(df):
    """The issue's targets, each measured: one row per target and device/dtype, with the measured value, the
    threshold, whether it is met, and by how much it is missed (measured / threshold, or threshold / measured
    for a time). For the fraction-of-peak targets, products_alone: the fraction of the peak the step's matrix
    products reach when timed alone at the same shapes (the best library's, or NumPy's own), the most the step
    could reach were everything else free: a target above it cannot be met at these shapes on this machine."""
    rows = []

    def add(target, where, who, measured, threshold, higher_is_better, unit, products_alone=np.nan):
        met = measured >= threshold if higher_is_better else measured <= threshold
        ratio = measured / threshold if higher_is_better else threshold / measured
        rows.append(dict(target=target, where=where, backend=who, measured=measured, threshold=threshold, unit=unit,
                         met="yes" if met else "no", measured_over_target=ratio,
                         products_alone=products_alone))  # fmt: skip

    steps = _ok_steps(df)
    for case in SWEEPS:
        for (device, dtype, profile), rows_ in steps[steps["case"] == case].groupby(
            ["device", "dtype", "profile"], observed=True
        ):
            largest = rows_[rows_["size"] == rows_["size"].max()]
            where = f"{case} {largest['model'].iloc[0]} m={int(largest['m'].iloc[0])}, {device} {dtype} {profile}"
            best = largest.loc[largest["fraction_of_machine_peak"].idxmax()]
            products = (largest["matmul_flops"] / largest["matmul_alone_s"]).max() / 1e9 / best["machine_peak_gflops"]
            add("fastest backend >= 80 % of the machine's GEMM peak", where, best["backend"],
                best["fraction_of_machine_peak"], FASTEST_TARGET, True, "fraction", products)  # fmt: skip
            numpy = largest[largest["backend"] == "numpy"]
            if not numpy.empty:
                add("NumPy reference >= 60 % of its own GEMM peak", where, "numpy", numpy["fraction_of_peak"].iloc[0],
                    NUMPY_TARGET, True, "fraction", numpy["matmul_alone_fraction_of_peak"].iloc[0])  # fmt: skip
    cat = steps[(steps["case"] == "cat") & steps["framework"].isin(["torch", "jax"])]
    for (framework, device, dtype, profile), rows_ in cat.groupby(
        ["framework", "device", "dtype", "profile"], observed=True
    ):
        fastest = rows_["iter_s"].min()
        for r in rows_.itertuples():
            add(f"each {framework} variant within {VARIANT_RATIO}x of its framework's fastest (cat)",
                f"cat, {device} {dtype} {profile}", r.backend, r.iter_s / fastest, VARIANT_RATIO, False,
                "x")  # fmt: skip
    jax = steps[(steps["case"] == "overhead") & (steps["framework"] == "jax")]
    for r in jax.itertuples():
        add("compiled JAX loop: at most 50 us per iteration beyond arithmetic (the tiny model's time)",
            f"overhead {r.model} m={int(r.m)}, {r.device} {r.dtype} {r.profile}", r.backend, r.iter_s,
            JAX_OVERHEAD_S, False, "s")  # fmt: skip
    return pd.DataFrame(rows)


# ---- plots ----------------------------------------------------------------------------------------------------


def _panels(rows):
    """[(device, dtype, profile)] of the rows, in run order: one panel each."""
    keys = rows[["device", "dtype", "profile"]].astype(str).drop_duplicates()
    return [tuple(k) for k in keys.itertuples(index=False)]


def _sweep_figure(df, case, y, ylabel, title, log_y, guides):
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from reports.plots import LEGEND_ROOM, TITLE_Y, _margins, _outside_legend, series_style

    rows = _ok_steps(df, case)
    panels = _panels(rows)
    fig = Figure(figsize=(4.2 * len(panels) + LEGEND_ROOM, 4.6))
    _margins(fig, left=0.8, right=LEGEND_ROOM, top=0.5, bottom=0.65)
    axes = np.atleast_1d(fig.subplots(1, len(panels), sharey=not log_y))
    handles = {}
    for ax, (device, dtype, profile) in zip(axes, panels, strict=True):
        panel = rows[(rows["device"] == device) & (rows["dtype"] == dtype) & (rows["profile"] == profile)]
        for backend, line in panel.groupby("backend", observed=True, sort=False):
            line = line.sort_values("size")
            style = series_style(str(backend), device, "float64", profile)  # solid lines: the panel says the dtype
            ax.plot(line["size"], y(line), **style)
            handles.setdefault(str(backend), Line2D([], [], **style))
        for label, values, style in guides(panel):
            ax.plot(values.index, values.to_numpy(), **style)
            handles.setdefault(label, Line2D([], [], **style))
        ax.set_xscale("log", base=2)
        if log_y:
            ax.set_yscale("log")
        ax.set_title(f"{device} {dtype}" + ("" if profile == "strict" else f" ({profile})"), y=TITLE_Y, fontsize=10)
        ax.set_xlabel(SWEEPS.get(case, "size"))
        ax.grid(True, which="both" if log_y else "major", alpha=0.3)
    axes[0].set_ylabel(ylabel)
    fig.suptitle(title, fontsize=11)
    _outside_legend(axes[-1], list(handles.values()), list(handles.keys()))
    return fig


def time_plot(df, case):
    """Time per iteration against the swept size, log-log, one panel per device and dtype; the dashed line is the
    arithmetic alone: the matrix products at the machine's GEMM peak."""
    from reports.plots import Plot, png_bytes

    def bound(panel):
        by_size = panel.groupby("size")[["matmul_flops", "machine_peak_gflops"]].first()
        seconds = by_size["matmul_flops"] / (by_size["machine_peak_gflops"] * 1e9)
        return [("matmul FLOPs / GEMM peak", 1e3 * seconds, dict(color="black", linestyle="--", linewidth=1))]

    fig = _sweep_figure(df, case, lambda line: 1e3 * line["iter_s"], "ms per training iteration (median)",
                        f"{case} sweep: time per iteration", True, bound)  # fmt: skip
    return Plot(f"bench_time_{case}.png", f"Time per iteration: {case} sweep", png_bytes(fig),
                "Log-log. Where a line runs flat, the time is the framework's per-iteration overhead; where it runs "
                "parallel to the dashed line (the matrix products at the GEMM peak), arithmetic has taken over, "
                "and the gap between the two is the fraction of the peak lost.", "bench", case)  # fmt: skip


def fraction_plot(df, case):
    """Fraction of the machine's GEMM peak against the swept size, one panel per device and dtype, with the
    targets (80 % for the fastest backend, 60 % for NumPy) as dotted lines."""
    from reports.plots import Plot, png_bytes

    def lines(panel):
        sizes = pd.Index(sorted(panel["size"].unique()))
        return [(f"{FASTEST_TARGET:.0%} target (fastest)", pd.Series(FASTEST_TARGET, index=sizes),
                 dict(color="crimson", linestyle="--", linewidth=1)),
                (f"{NUMPY_TARGET:.0%} target (NumPy)", pd.Series(NUMPY_TARGET, index=sizes),
                 dict(color="crimson", linestyle=":", linewidth=1))]  # fmt: skip

    fig = _sweep_figure(df, case, lambda line: line["fraction_of_machine_peak"], "fraction of the GEMM peak",
                        f"{case} sweep: matmul FLOP/s over the machine's GEMM peak", False, lines)  # fmt: skip
    return Plot(f"bench_fraction_{case}.png", f"Fraction of the GEMM peak: {case} sweep", png_bytes(fig),
                "The matrix products' FLOPs per second of each backend over the best GEMM any library reached on "
                "that device and dtype in the same run.", "bench", case)  # fmt: skip


def bench_plots(df):
    plots = []
    for case in SWEEPS:
        if not _ok_steps(df, case).empty:
            plots += [time_plot(df, case), fraction_plot(df, case)]
    return plots


# ---- the report -----------------------------------------------------------------------------------------------


@dataclass
class BenchReport:
    source: str
    run: dict
    peaks: pd.DataFrame
    cases: dict  # case -> case_table
    grids: dict  # case -> (time grid, fraction grid)
    targets: pd.DataFrame
    errors: pd.DataFrame
    plots: list = field(default_factory=list)

    @property
    def fingerprint(self):
        return self.run.get("fingerprint") or {}


def build_bench_report(df, with_plots=True):
    cases = {case: case_table(df, case) for case in ("overhead", "cat", *SWEEPS)}
    grids = {case: (sweep_grid(df, case), sweep_grid(df, case, "fraction_of_machine_peak")) for case in SWEEPS}
    return BenchReport(source=df.attrs.get("source", ""), run=df.attrs.get("run", {}), peaks=peak_table(df),
                       cases={k: v for k, v in cases.items() if not v.empty}, grids=grids, targets=targets(df),
                       errors=errors_table(df), plots=bench_plots(df) if with_plots else [])  # fmt: skip


METHOD = (
    "Each backend is timed through its adapter's train() (NumPy in, NumPy out): per repetition a 0-iteration call "
    "and an n-iteration call back to back, one iteration = (t(n) - fastest t(0)) / n, every iteration recording "
    "its cost; median over the repetitions, quartiles as the spread. Backends run in blocks (framework by "
    "framework, backend by backend, each after a pause), never interleaved, because BLAS thread pools spin after "
    "each call. The GEMM peak is each library's best (n, n) x (n, n) product in the same run; fractions are of the "
    "matrix products' FLOPs (conformance/bench/work.py): 2 n[l] n[l-1] m for each forward product, each dW and "
    "each dA except dA[0]. Each of those products is also timed alone through the same library at its own shape "
    "(products_ms, less a 1 x 1 product's call cost; not on the planar model, where it would time calls): "
    "products_of_own_peak is about the most a step could reach at these shapes, and in_products how much of its "
    "time its products take. (A compiled JAX step was measured "
    "faster than its products timed one jitted dot each at small sizes: inside one compiled loop XLA may pick "
    "other kernels and layouts, so there JAX's products_ms is an upper bound.) Arrays over 32 MB are page-faulted "
    "in afresh at every iteration unless glibc keeps freed memory (keep_freed_memory in the run's settings, or "
    "MALLOC_MMAP_MAX_=0 in the fingerprint's malloc_settings): at large sizes that is a large part of the time "
    "beyond the products."
)
LOAD_TEXT = (
    "others_cpu: the share of the CPUs that other processes used while a record was measured (0 quiet, 1 every CPU "
    "busy); a disturbed cell is measured again. records.csv also has the 1-minute load average at each record's "
    "start (column load), which counts the benchmark's own threads too."
)
CASE_TEXT = {
    "overhead": "The course's planar model (a few thousand FLOPs): the time per iteration is the framework's own "
                "cost, beyond arithmetic.",
    "cat": "The course's deep model on the cat pictures. x fastest of framework: the time over the fastest backend "
           "of the same framework, device and dtype. run_s: the course's whole 2500-iteration run through the "
           "adapter, the backend's first call on this model (JAX traces and compiles in it); run_extra_s: what it "
           "took beyond the call's own cost plus 2500 iterations (about 0 except JAX's compilation; a little below "
           "0 for the manual variants, whose run takes the cost every 100th iteration only).",
    "batch": "A deep model of fixed widths at growing batch sizes.",
    "width": "The cat-shaped model (n_x = 12288, m = 209) with two hidden layers of growing width.",
}  # fmt: skip


def _config_line(run):
    config = run.get("config") or {}
    keys = ("backends", "devices", "dtypes", "profiles", "cases", "reps", "min_seconds", "pause", "keep_freed_memory")
    return "; ".join(f"{k} {config[k] if config.get(k) is not None else 'all found'}" for k in keys if k in config)


def render_bench_markdown(report, plots_dir="plots"):
    from reports.markdown import fingerprint_section, markdown_table

    fp = report.fingerprint
    parts = ["# dl-rosetta benchmark",
             f"Records: `{report.source}`, created {fp.get('created', 'unknown')}, {report.run.get('seconds', 0):.0f} "
             f"s. Run: {_config_line(report.run)}.",
             f"Machine: {fp.get('cpu', '?')}, {fp.get('cpu_count', '?')} CPUs; load average at the end "
             f"{fp.get('load_end', '?')}. {LOAD_TEXT}",
             "## Method", METHOD, "## Targets", markdown_table(report.targets),
             "## GEMM peak of each library", markdown_table(report.peaks)]  # fmt: skip
    for case, table in report.cases.items():
        parts += [f"## Case: {case}", CASE_TEXT[case], markdown_table(table)]
        if case in report.grids:
            time_grid, fraction_grid = report.grids[case]
            parts += ["Milliseconds per iteration:", markdown_table(time_grid),
                      "Fraction of the machine's GEMM peak:", markdown_table(fraction_grid)]  # fmt: skip
            for plot in (p for p in report.plots if p.model == case):
                parts.append(f"![{plot.title}]({plots_dir}/{plot.name})\n\n{plot.caption}")
    parts += ["## Failed records", markdown_table(report.errors) if not report.errors.empty else "None.",
              "## Environment fingerprint", fingerprint_section(fp)]  # fmt: skip
    return "\n\n".join(parts) + "\n"


HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>dl-rosetta benchmark: {{ source }}</title>
<style>{{ css }}</style></head><body>
<h1>dl-rosetta benchmark</h1>
<p class="muted">Records: <code>{{ source }}</code>, created {{ created }}, {{ seconds }} s. Run: {{ config }}.<br>
Machine: {{ machine }}; load average at the end {{ load_end }}. {{ load_text }}</p>
<h2>Method</h2><p>{{ method }}</p>
<h2>Targets</h2>{{ targets }}
<h2>GEMM peak of each library</h2>{{ peaks }}
{% for case in cases %}<h2>Case: {{ case.name }}</h2><p>{{ case.text }}</p>{{ case.table }}
{% if case.grids %}<p>Milliseconds per iteration:</p>{{ case.grids[0] }}
<p>Fraction of the machine's GEMM peak:</p>{{ case.grids[1] }}{% endif %}
{% for plot in case.plots %}<figure><h3>{{ plot.title }}</h3><img alt="{{ plot.title }}"
src="data:image/png;base64,{{ plot.data }}"><figcaption>{{ plot.caption }} (<code>{{ plots_dir }}/{{ plot.name
}}</code>)</figcaption></figure>{% endfor %}{% endfor %}
<h2>Failed records</h2>{% if errors %}{{ errors }}{% else %}<p>None.</p>{% endif %}
<h2>Environment fingerprint</h2>{{ fingerprint }}
</body></html>
"""


def render_bench_html(report, plots_dir="plots"):
    import base64

    from jinja2 import Environment
    from markupsafe import Markup

    from reports.html import CSS, styled

    def table(frame, uuid):
        return styled(frame, uuid) if not frame.empty else Markup("<p>(none)</p>")

    fp = report.fingerprint
    fingerprint = pd.DataFrame({"key": list(fp), "value": [str(v) for v in fp.values()]})
    cases = []
    for case, frame in report.cases.items():
        grids = [table(g, f"{case}{i}") for i, g in enumerate(report.grids[case])] if case in report.grids else None
        plots = [dict(title=p.title, caption=p.caption, name=p.name, data=base64.b64encode(p.png).decode("ascii"))
                 for p in report.plots if p.model == case]  # fmt: skip
        cases.append(dict(name=case, text=CASE_TEXT[case], table=table(frame, case), grids=grids, plots=plots))
    return Environment(autoescape=True).from_string(HTML_TEMPLATE).render(
        css=Markup(CSS), source=report.source, created=fp.get("created", "unknown"),
        seconds=f"{report.run.get('seconds', 0):.0f}", config=_config_line(report.run),
        machine=f"{fp.get('cpu', '?')}, {fp.get('cpu_count', '?')} CPUs", load_end=fp.get("load_end", "?"),
        load_text=LOAD_TEXT, method=METHOD, targets=table(report.targets, "targets"),
        peaks=table(report.peaks, "peaks"), cases=cases,
        errors=table(report.errors, "errors") if not report.errors.empty else None,
        fingerprint=table(fingerprint, "fingerprint"), plots_dir=plots_dir,
    )  # fmt: skip


def write_bench_reports(results_dir, out_dir=None):
    """Render bench.md, bench.html and plots/bench_*.png of the benchmark records in results_dir, then write them
    (each atomically) into out_dir (default: beside the records). Returns the path of bench.html as a str."""
    from conformance.output import commit
    from reports.writers import PLOTS_DIR

    df = load_bench(results_dir)
    report = build_bench_report(df)
    out_dir = Path(out_dir) if out_dir is not None else Path(results_dir if Path(results_dir).is_dir()
                                                               else Path(results_dir).parent)  # fmt: skip
    files = {f"{PLOTS_DIR}/{plot.name}": plot.png for plot in report.plots}
    files[BENCH_MD] = render_bench_markdown(report, PLOTS_DIR).encode("utf-8")
    files[BENCH_HTML] = render_bench_html(report, PLOTS_DIR).encode("utf-8")
    commit(out_dir, files)  # one set: every file under a temporary name, then all renamed into place
    return str(out_dir / BENCH_HTML)
