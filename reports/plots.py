"""Plots of a run, drawn from the tables in reports.tables and returned as PNG bytes (matplotlib's Agg renderer).

    cost_curves(traj)        one figure per model: every cell's cost at each record point over the reference's,
                             and |J - J_ref| below on a log scale
    drift_plot(traj)         one figure: the relative cost difference |J - J_ref| / |J_ref| against the iteration,
                             one panel per model, log y, with each dtype's trajectory tolerance
    fraction_heatmaps(df)    one figure per model: fraction of tolerance used, cells x tensor keys, log colours,
                             the tolerance (1.0) where the colours turn red
    all_plots(df, traj)      all of them, and a note for each plot that has no data (the report shows the note)

Figures are built with matplotlib.figure.Figure and an Agg canvas, not pyplot: no global state, nothing to close,
and the same output whatever backend the caller's matplotlib is set to.
"""

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap, LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from conformance.tolerances import precision_mode, tolerance
from reports.figures import (
    DEVICE_MARKERS,
    DTYPE_LINES,
    LEGEND_ROOM,
    TITLE_Y,
    Plot,
    margins,
    outside_legend,
    png_bytes,
    series_style,
)
from reports.tables import SERIES, finite_or_nan, fraction_grids, series_labels

# |difference| of 0 (identical results) has no place on a log axis: drawn at this floor instead, and said so
ZERO_FLOOR = 1e-17
# fraction of tolerance used: the colour scale's range (0 and anything below VMIN get VMIN's colour)
VMIN, VMAX = 1e-4, 1e2


def _series(traj):
    """(label, style, rows) for each cell of a trajectory table, in run order."""
    traj = traj.assign(_label=series_labels(traj))
    out = []
    for keys, rows in traj.groupby(SERIES + ["_label"], observed=True, sort=False):
        out.append((keys[-1], series_style(*map(str, keys[:4])), rows.sort_values("iteration")))
    return out


MAX_LABELLED_SERIES = 10


def legend_entries(traj, series):
    """(handles, labels) describing the lines of a trajectory plot; series: _series(traj). Up to
    MAX_LABELLED_SERIES cells: one entry per cell. More: a key instead (colour = backend, line = dtype, marker =
    device, hollow = "default" profile), which stays short and readable however many cells ran."""
    if len(series) <= MAX_LABELLED_SERIES:
        return [Line2D([], [], **style) for _, style, _ in series], [label for label, _, _ in series]
    entries = {}
    cells = traj[SERIES].astype(str).drop_duplicates()
    for backend in pd.unique(cells["backend"]):
        entries[backend] = Line2D([], [], **series_style(backend, "?", "?", "strict") | {"linestyle": "-",
                                                                                       "marker": ""})  # fmt: skip
    if cells["dtype"].nunique() > 1:
        for dtype in pd.unique(cells["dtype"]):
            entries[dtype] = Line2D([], [], color="0.3", linestyle=DTYPE_LINES.get(dtype, ":"))
    if cells["device"].nunique() > 1:
        for device in pd.unique(cells["device"]):
            entries[device] = Line2D([], [], color="0.3", linestyle="", marker=DEVICE_MARKERS.get(device, "^"))
    if cells["profile"].nunique() > 1:
        for profile in pd.unique(cells["profile"]):
            fill = "none" if profile == "default" else "0.3"
            entries[f"profile {profile}"] = Line2D([], [], color="0.3", linestyle="", marker="o", markerfacecolor=fill)
    return list(entries.values()), list(entries.keys())


def _log_axis(ax):
    """A log y axis with at most ~8 labelled decades, no minor ticks, labels as plain text ("1e-05"): readable,
    and several times quicker to draw than the default mathtext labels."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, numticks=8))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0e}"))


def _floored(values):
    """Differences for a log axis: 0 drawn at ZERO_FLOOR; returns (values, whether any were 0)."""
    values = finite_or_nan(values)
    zeros = values == 0
    return np.where(zeros, ZERO_FLOOR, values), bool(zeros.any())


def _zero_line(ax):
    ax.axhline(ZERO_FLOOR, color="0.6", linestyle=":", linewidth=1, label="0 (identical), drawn at 1e-17")


def _tolerance_lines(ax, traj):
    """A horizontal line at the trajectory tolerance of each precision mode in the table: a record point passes
    where |J - J_ref| <= rtol |J_ref| (the trajectory's atol is 0), so the relative difference is held to rtol."""
    pairs = traj[["dtype", "matmul_precision"]].astype(str).drop_duplicates().itertuples(index=False)
    modes = sorted({precision_mode(dtype, "tf32" if mp == "tf32" else "ieee") for dtype, mp in pairs})
    for mode, style in zip(modes, ("--", "-.", ":"), strict=False):
        dtype, mp = ("float32", "tf32") if mode == "tf32" else (mode, "ieee")
        rtol = tolerance("trajectory", dtype, mp).rtol
        ax.axhline(rtol, color="crimson", linestyle=style, linewidth=1, label=f"tolerance {mode}: {rtol:.0e}")
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, max(top, 5 * rtol))  # axhline does not widen the axes: keep the line inside


def _relative_differences(ax, series, traj):
    """Each series' rel_diff against the iteration on a log axis, 0 drawn at ZERO_FLOOR (with its line where
    there is one), and the trajectory tolerance of each precision mode in traj."""
    any_zero = False
    for _, style, s in series:
        diff, zero = _floored(s["rel_diff"])
        any_zero |= zero
        ax.plot(s["iteration"], diff, **style)
    _log_axis(ax)
    if any_zero:
        _zero_line(ax)
    _tolerance_lines(ax, traj)


def _reference_handle():
    return Line2D([], [], color="black", linewidth=4, alpha=0.25)


def _guide_entries(ax):
    """(handles, labels) of the tolerance and zero lines drawn on an axes."""
    lines = [line for line in ax.get_lines() if line.get_label().startswith(("tolerance", "0 (identical)"))]
    return lines, [line.get_label() for line in lines]


def cost_curves(traj):
    """One Plot per model: the cost of every cell at each record point over the reference's (top), and the relative
    difference |J - J_ref| / |J_ref| on a log scale with each precision mode's tolerance (bottom).
    traj: reports.tables.trajectory_table."""
    plots = []
    for model, rows in traj.groupby("model", observed=True, sort=False):
        fig = Figure(figsize=(10, 6.4))
        margins(fig, left=0.9, right=LEGEND_ROOM, top=0.45, bottom=0.6, hspace=0.08)
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        reference = rows.groupby("iteration", sort=True)["reference_cost"].first()
        top.plot(reference.index, reference.to_numpy(), color="black", linewidth=4, alpha=0.25, zorder=1)
        series = _series(rows)
        for _, style, s in series:
            top.plot(s["iteration"], s["cost"], zorder=2, **style)
        _relative_differences(bottom, series, rows)
        top.set_title(f"{model}: cost at each record point, every backend over the reference", y=TITLE_Y)
        top.set_ylabel("cost J")
        bottom.set_ylabel("|J - J_ref| / |J_ref|")
        bottom.set_xlabel("iteration")
        handles, labels = legend_entries(rows, series)
        outside_legend(top, [_reference_handle(), *handles], ["reference (NumPy float64)", *labels])
        outside_legend(bottom, *_guide_entries(bottom))
        for ax in (top, bottom):
            ax.grid(True, alpha=0.3)
        caption = ("Top: lines on the grey reference agree. Bottom: their relative difference from it, against the "
                   "trajectory tolerance of each precision mode (red).")  # fmt: skip
        plots.append(
            Plot(f"cost_{_safe(model)}.png", f"Cost curves: {model}", png_bytes(fig), caption, "cost", str(model))
        )
    return plots


def drift_plot(traj):
    """One Plot: for each backend, device, dtype and profile, the largest relative cost difference over the models,
    |J - J_ref| / |J_ref|, against the iteration (log y), with each precision mode's trajectory tolerance.
    None when traj is empty."""
    if traj.empty:
        return None
    worst = traj.groupby([*SERIES, "iteration"], observed=True, sort=False)[["rel_diff"]].max().reset_index()
    worst = worst.assign(matmul_precision=traj.groupby(SERIES, observed=True)["matmul_precision"].first()
                         .reindex(pd.MultiIndex.from_frame(worst[SERIES])).to_numpy())  # fmt: skip
    fig = Figure(figsize=(10, 5))
    margins(fig, left=0.9, right=LEGEND_ROOM, top=0.45, bottom=0.6)
    ax = fig.subplots()
    series = _series(worst)
    _relative_differences(ax, series, worst)
    ax.set_title("Drift from the reference during training (the largest over the models)", y=TITLE_Y)
    ax.set_xlabel("iteration")
    ax.set_ylabel("|J - J_ref| / |J_ref|  (largest over the models)")
    ax.grid(True, alpha=0.3)
    handles, labels = legend_entries(worst, series)
    guides, guide_labels = _guide_entries(ax)
    outside_legend(ax, [*handles, *guides], [*labels, *guide_labels])
    n_models = traj["model"].nunique()
    return Plot("drift.png", "Trajectory drift", png_bytes(fig),
                f"Per backend and dtype, the worst of {n_models} model(s) at each record point: a line that "
                "climbs towards its tolerance is rounding growing through training.", "drift")  # fmt: skip


def _safe(name):
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in str(name))


def tolerance_colormap():
    """Colours for the fraction of tolerance used on a log scale from VMIN to VMAX: viridis (dark, small, to
    yellow, close) below 1.0, reds above it, so the tolerance is where the colours break."""
    import matplotlib

    below = int(256 * np.log10(1 / VMIN) / np.log10(VMAX / VMIN))
    colours = np.vstack([matplotlib.colormaps["viridis"](np.linspace(0, 1, below)),
                         matplotlib.colormaps["Reds"](np.linspace(0.45, 1.0, 256 - below))])  # fmt: skip
    return ListedColormap(colours, name="tolerance").with_extremes(bad="white")  # white: not compared here


MAX_ANNOTATIONS = 60  # at most this many cells of a heatmap carry a word or number
CHAR_INCHES = 0.062  # the width of one character of a 7-point tick label, roughly: for the margins


def fraction_heatmap(fractions, statuses, model):
    """A Plot of one model's fraction_grid: rows cells, columns tensor keys, log colours; cells above 1.0 carry
    their value, errors are grey with "err", known divergences (xfail) hatched."""
    values = fractions.to_numpy(dtype="float64")
    nrows, ncols = values.shape
    row_labels = [" ".join(map(str, i)) for i in fractions.index]
    cell_w, cell_h = 0.28, max(0.22, 1.8 / nrows)
    left = 0.3 + CHAR_INCHES * max(map(len, row_labels))
    bottom = 0.6 + CHAR_INCHES * max(len(str(k)) for k in fractions.columns)
    right, top = 1.4, 0.45
    width = max(left + cell_w * ncols + right, 5.5)  # room for the title
    fig = Figure(figsize=(width, top + cell_h * nrows + bottom))
    margins(fig, left=left, right=width - left - cell_w * ncols, top=top, bottom=bottom)
    ax = fig.subplots()
    shown = np.clip(np.where(np.isinf(values), VMAX, values), VMIN, VMAX)  # inf (wrong shape) gets the top colour
    image = ax.imshow(np.ma.masked_invalid(shown), cmap=tolerance_colormap(), norm=LogNorm(VMIN, VMAX),
                      aspect="auto", interpolation="nearest")  # fmt: skip
    status = statuses.to_numpy(dtype=object)
    errors, over = np.nonzero(status == "error"), np.nonzero(values > 1.0)
    # words in the cells only while they are few: a broken backend can fail hundreds of cells, and then the colour
    # says it as well (and each text costs several milliseconds to draw)
    annotate = len(errors[0]) + len(over[0]) <= MAX_ANNOTATIONS
    for i, j in zip(*errors, strict=True):
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="0.55", edgecolor="none"))
        if annotate:
            ax.text(j, i, "err", ha="center", va="center", fontsize=6, color="white", fontweight="bold")
    for i, j in zip(*np.nonzero(status == "xfail"), strict=True):
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="////", edgecolor="white", linewidth=0))
    for i, j in zip(*over, strict=True) if annotate else ():
        text = "inf" if np.isinf(values[i, j]) else f"{values[i, j]:.3g}"
        outline = [withStroke(linewidth=1.5, foreground="black")]  # readable over red and over hatching
        ax.text(j, i, text, ha="center", va="center", fontsize=6, color="white", weight="bold", path_effects=outline)
    ax.set_xticks(range(ncols), [str(k) for k in fractions.columns], rotation=90, fontsize=7)
    ax.set_yticks(range(nrows), row_labels, fontsize=7)
    ax.set_xlabel("tensor, in computation order (cost@*: the worst record point of training)", fontsize=8)
    ax.set_title(f"{model}: fraction of tolerance used", loc="left", fontsize=11, y=TITLE_Y)
    box = ax.get_position()
    cax = fig.add_axes((box.x1 + 0.25 / width, box.y0, 0.16 / width, box.height))
    bar = fig.colorbar(image, cax=cax, extend="both")
    bar.ax.axhline(1.0, color="black", linewidth=2.5)
    # a few labelled ticks, no minor ones: a log colour bar's ~50 minor ticks cost more to draw than the heatmap
    bar.set_ticks([VMIN, 1e-2, 1.0, VMAX])
    bar.ax.yaxis.set_minor_locator(NullLocator())
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    bar.ax.tick_params(labelsize=7)
    bar.set_label("fraction used (log; 1 = tolerance)", fontsize=8)
    return Plot(f"heatmap_{_safe(model)}.png", f"Fraction of tolerance used: {model}", png_bytes(fig),
                "Each cell is one tensor of one backend, coloured by the fraction of its tolerance used (log scale): "
                "red fails (the value is written in it), yellow is close; hatched: a known divergence (xfail); "
                "grey: an error; white: not compared.", "heatmap", model)  # fmt: skip


def fraction_heatmaps(df):
    """One heatmap Plot per model that has compared records."""
    return [fraction_heatmap(fractions, statuses, model) for model, (fractions, statuses) in fraction_grids(df).items()]


def all_plots(df, traj):
    """(plots, notes): every Plot of the run, and {kind: sentence} for each kind of plot that has no data
    ("heatmap", "trajectory"), which the report shows in the plot's place."""
    plots, notes = fraction_heatmaps(df), {}
    if not plots:
        notes["heatmap"] = "No heatmap: no record has a fraction of tolerance used (every check errored)."
    if traj.empty:
        notes["trajectory"] = ("No cost curves and no drift plot: the run has no training trajectory records "
                               "(run with --iterations > 0).")  # fmt: skip
    else:
        plots.append(drift_plot(traj))
        plots += cost_curves(traj)
    return plots, notes
