"""What every figure of a report shares: the Plot it becomes, its PNG rendering, fixed margins and a legend outside
the axes, and one line style per cell (colour by backend, line by dtype, marker by device), so a backend has the
same colour in the conformance report and in the benchmark report. reports.plots and reports.bench.plots draw with
these.

Figures are matplotlib.figure.Figure objects on an Agg canvas, not pyplot: no global state, nothing to close.
"""

import io
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg

from conformance.registry import SPECS

DPI = 100
# one colour per backend of conformance.registry's manifest, in its order, the same in every plot; unknown backends
# (one of your own) take the spare colours in turn
PALETTE = ("#4d4d4d", "#9467bd", "#d62728", "#ff7f0e", "#8c564b", "#1f77b4", "#2ca02c")
BACKEND_COLOURS = dict(zip((spec.name for spec in SPECS), PALETTE, strict=False))
SPARE_COLOURS = ("#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
# a title at a fixed height: matplotlib otherwise measures every tick label to lift it clear of them (slow)
TITLE_Y = 1.01
DTYPE_LINES = {"float64": "-", "float32": "--"}
DEVICE_MARKERS = {"cpu": "o", "cuda": "s"}
LEGEND_ROOM = 3.0  # inches right of the axes for a legend (reports.plots.legend_entries keeps it short)


@dataclass(frozen=True)
class Plot:
    name: str  # file name, e.g. "cost_deep.png"
    title: str  # a heading for the report
    png: bytes
    caption: str  # what to look for
    kind: str  # "heatmap", "drift" or "cost": where the report places it
    model: str = ""  # the model it shows, if one


def png_bytes(fig):
    """The figure rendered to PNG by the Agg canvas. Figures use the constrained layout, which makes room for
    legends placed outside the axes, so one draw is enough (bbox_inches="tight" would draw twice)."""
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def series_style(backend, device, dtype, profile, _spare={}):  # noqa: B006 (a deliberate per-process cache)
    """Line style of one cell: colour by backend, line by dtype, marker by device, hollow markers for the "default"
    precision profile (strict ones filled)."""
    if backend not in BACKEND_COLOURS and backend not in _spare:
        _spare[backend] = SPARE_COLOURS[len(_spare) % len(SPARE_COLOURS)]
    colour = BACKEND_COLOURS.get(backend) or _spare[backend]
    return {
        "color": colour,
        "linestyle": DTYPE_LINES.get(dtype, ":"),
        "marker": DEVICE_MARKERS.get(device, "^"),
        "markerfacecolor": "none" if profile == "default" else colour,
        "markersize": 4,
        "linewidth": 1.2,
    }


def margins(fig, left, right, top, bottom, hspace=None):
    """Fixed margins in inches (not fractions), so labels and outside legends have the room they need whatever the
    figure's size. Cheaper than the constrained layout, which draws everything once more to measure it."""
    width, height = fig.get_size_inches()
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height,
                        hspace=hspace)  # fmt: skip


def outside_legend(ax, handles, labels):
    """A legend outside the axes, on the right, so it never covers data."""
    if handles:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
                  borderaxespad=0.0)  # fmt: skip
