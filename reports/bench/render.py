"""A benchmark report rendered: BenchReport (every table and plot of a run), bench.md, bench.html, and
write_bench_reports, which renders every file first and then writes them atomically."""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reports.bench.loading import load_bench
from reports.bench.plots import bench_plots
from reports.bench.tables import SWEEPS, case_table, errors_table, peak_table, sweep_grid, targets

BENCH_MD, BENCH_HTML = "bench.md", "bench.html"


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

    from reports.formatting import fingerprint_frame
    from reports.html import styled
    from reports.style import REPORT_CSS

    def table(frame, uuid):
        return styled(frame, uuid) if not frame.empty else Markup("<p>(none)</p>")

    fp = report.fingerprint
    fingerprint = fingerprint_frame(fp)
    cases = []
    for case, frame in report.cases.items():
        grids = [table(g, f"{case}{i}") for i, g in enumerate(report.grids[case])] if case in report.grids else None
        plots = [dict(title=p.title, caption=p.caption, name=p.name, data=base64.b64encode(p.png).decode("ascii"))
                 for p in report.plots if p.model == case]  # fmt: skip
        cases.append(dict(name=case, text=CASE_TEXT[case], table=table(frame, case), grids=grids, plots=plots))
    return Environment(autoescape=True).from_string(HTML_TEMPLATE).render(
        css=Markup(REPORT_CSS), source=report.source, created=fp.get("created", "unknown"),
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
