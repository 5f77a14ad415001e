"""The figures of a benchmark report: time per iteration and fraction of the GEMM peak against the swept size.
matplotlib is imported inside the functions, so loading benchmark records does not pay for it."""

import numpy as np
import pandas as pd

from reports.bench.tables import FASTEST_TARGET, NUMPY_TARGET, SWEEPS, ok_steps


def _panels(rows):
    """[(device, dtype, profile)] of the rows, in run order: one panel each."""
    keys = rows[["device", "dtype", "profile"]].astype(str).drop_duplicates()
    return [tuple(k) for k in keys.itertuples(index=False)]


def _sweep_figure(df, case, y, ylabel, title, log_y, guides):
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from reports.figures import LEGEND_ROOM, TITLE_Y, margins, outside_legend, series_style

    rows = ok_steps(df, case)
    panels = _panels(rows)
    fig = Figure(figsize=(4.2 * len(panels) + LEGEND_ROOM, 4.6))
    margins(fig, left=0.8, right=LEGEND_ROOM, top=0.5, bottom=0.65)
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
    outside_legend(axes[-1], list(handles.values()), list(handles.keys()))
    return fig


def time_plot(df, case):
    """Time per iteration against the swept size, log-log, one panel per device and dtype; the dashed line is the
    arithmetic alone: the matrix products at the machine's GEMM peak."""
    from reports.figures import Plot, png_bytes

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
    from reports.figures import Plot, png_bytes

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
        if not ok_steps(df, case).empty:
            plots += [time_plot(df, case), fraction_plot(df, case)]
    return plots
