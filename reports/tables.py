"""Summary tables built from the records (reports.loading.load): pandas groupby and pivot_table, nothing recomputed.

Every function takes the records DataFrame `df` (or a table built here) and returns a new DataFrame; none writes
or formats. A "cell" is one backend on one device, dtype and profile, on one model (loading.CELL).

    cell_summary(df)        one row per cell: counts by status, the cell's status, worst fraction of tolerance used
    status_grid(summary)    the same as a grid: rows backend/device/dtype/profile, one column per model
    failures(df)            one row per failing cell: its first failing record in computation order
    failing_records(df)     every failing record (the per-tensor detail behind failures)
    near_misses(df)         passing records that use more than half of their tolerance
    quantity_table(df)      per model and tensor kind and layer: the worst fraction used, and where
    fraction_grids(df)      heatmap data per model: cells x tensor keys, fraction used (fraction_grid: one)
    trajectory_table(df)    cost at each record point per cell, the reference's cost, their difference
    trajectory_wide(traj)   the same as a grid: one row per model and iteration, one column pair per cell
    drift_summary(traj)     per cell: the difference at the last record point and the largest one
    known_divergences(df)   the known divergences that matched records, with their reasons
    learner_summary(records)  a learner check: one row per function (the records typed: loading.learner_frame)
"""

import numpy as np
import pandas as pd

from conformance.records import FAILING, STATUSES
from reports.loading import CELL, learner_frame

NEAR_MISS = 0.5  # a passing record using more than this fraction of its tolerance is worth a look
PHASE_ORDER = {"setup": 0, "forward": 1, "cost": 2, "backward": 3, "predictions": 4, "trajectory": 5, "parameters": 6}
SERIES = ["backend", "device", "dtype", "profile"]  # what tells apart the lines of a plot of one model


def status_counts(df):
    """Number of records by status, every status listed (zeros too): a Series indexed by STATUSES."""
    return df["status"].value_counts().reindex(list(STATUSES), fill_value=0)


def is_failing(status):
    """True where a status fails the run (fail, error, xpass); works on a scalar or a Series."""
    if isinstance(status, pd.Series):
        return status.isin(FAILING)
    return status in FAILING


def cell_label(status, fraction):
    """The text of one summary cell: failing statuses in capitals, then the worst fraction of tolerance used.

    "pass 0.0431", "xfail 3.56", "FAIL 12.5", "FAIL inf" (a tensor of the wrong shape), "ERROR" (no number: the
    cell did not finish).
    """
    word = status.upper() if is_failing(status) else status
    if status == "error" or pd.isna(fraction):
        return word
    return f"{word} {fraction:.3g}"


def _groupby(df, keys):
    # observed: only combinations that occur; sort=False: the run's order, not the alphabet's
    return df.groupby(keys, observed=True, sort=False, dropna=False)


def cell_summary(df):
    """One row per cell (loading.CELL) in run order.

    Columns: backend, device, dtype, profile, model, matmul_precision, records, pass, xfail, xpass, fail, error
    (counts), status (the cell's worst, ordered categorical), worst_fraction_used (float64, NaN if none compared),
    worst_key (the record that used it), first_failure ("phase key" of the first failing record, or NaN).
    """
    g = _groupby(df, CELL)
    out = g.agg(matmul_precision=("matmul_precision", "first"), records=("status", "size"), status=("status", "max"))
    counts = pd.crosstab([df[c] for c in CELL], df["status"]).reindex(columns=list(STATUSES), fill_value=0)
    out = out.join(counts.astype("int64"))
    compared = df[df["fraction_used"].notna()]
    worst = compared.loc[_groupby(compared, CELL)["fraction_used"].idxmax()].set_index(CELL)
    out["worst_fraction_used"] = worst["fraction_used"]
    out["worst_key"] = worst["key"]
    first = first_failing(df).set_index(CELL)
    out["first_failure"] = (first["phase"].astype(str) + " " + first["key"]).reindex(out.index)
    columns = ["matmul_precision", "records", *STATUSES, "status", "worst_fraction_used", "worst_key", "first_failure"]
    return out[columns].reset_index()


def first_failing(df):
    """The first failing record (fail, error, xpass) of each failing cell, in computation order: where the trouble
    enters. One row per failing cell, the records' columns."""
    failing = df[is_failing(df["status"])]
    # run order of the cells (as they first appear), then computation order within each cell
    failing = failing.assign(_cell=_groupby(failing, CELL).ngroup()).sort_values(["_cell", "order"], kind="stable")
    return _groupby(failing, CELL).head(1).drop(columns="_cell").reset_index(drop=True)


def status_grid(summary):
    """cell_summary as a grid. Returns (labels, statuses, fractions): three DataFrames of the same shape, index
    (backend, device, dtype, profile), one column per model; labels holds cell_label text, statuses the cell's
    status (str), fractions its worst fraction used (float64). Empty positions (a model not run there) are NaN."""
    summary = summary.assign(
        label=[cell_label(s, f) for s, f in zip(summary["status"], summary["worst_fraction_used"], strict=True)],
        status_text=summary["status"].astype(str),
    )
    grids = []
    for values in ("label", "status_text", "worst_fraction_used"):
        grid = summary.pivot_table(index=SERIES, columns="model", values=values, aggfunc="first", observed=True,
                                   sort=False, dropna=False)  # fmt: skip
        grids.append(grid.reindex(columns=pd.unique(summary["model"])))
    # only the (backend, device, dtype, profile) that ran, in run order (a pivot over categoricals has them all)
    index = pd.MultiIndex.from_frame(summary[SERIES].drop_duplicates().astype(str))
    labels, statuses, fractions = (grid.set_axis(grid.index.map(lambda i: tuple(map(str, i)))) for grid in grids)
    return labels.reindex(index), statuses.reindex(index), fractions.reindex(index).astype("float64")


FAILURES = [*CELL, "cell_status", "failing", "phase", "first_failing", "layer", "first_status", "fraction_used",
            "max_abs_error", "message"]  # fmt: skip


def failures(df):
    """One row per failing cell, in run order: where it first fails and how badly.

    Columns FAILURES: backend, device, dtype, profile, model, cell_status (the cell's worst), failing (number of
    failing records), then of the first failing record: phase, first_failing (its key), layer, first_status,
    fraction_used, max_abs_error, message.
    """
    first = first_failing(df).rename(columns={"key": "first_failing", "status": "first_status"})
    if first.empty:
        return pd.DataFrame(columns=FAILURES)
    g = _groupby(df, CELL)
    failing = g["status"].agg(lambda s: int(is_failing(s).sum()))
    per_cell = pd.DataFrame({"cell_status": g["status"].max(), "failing": failing})
    return first.join(per_cell, on=CELL)[FAILURES]


DETAIL = [*CELL, "phase", "key", "quantity", "layer", "iteration", "status", "max_abs_error", "normwise_rel_error",
          "rtol", "atol", "fraction_used", "first_failure", "message"]  # fmt: skip


def failing_records(df):
    """Every failing record (fail, error, xpass), in run order, with the columns DETAIL: which tensors, which layers,
    how far off and against what tolerance."""
    return df.loc[is_failing(df["status"]), DETAIL].reset_index(drop=True)


NEAR = [*CELL, "phase", "key", "layer", "iteration", "fraction_used", "max_abs_error", "rtol", "atol"]


def near_misses(df, threshold=NEAR_MISS):
    """Passing records that use more than `threshold` of their tolerance, worst first (columns NEAR)."""
    near = df[(df["status"] == "pass") & (df["fraction_used"] > threshold)]
    return near.sort_values("fraction_used", ascending=False, kind="stable")[NEAR].reset_index(drop=True)


def quantity_table(df):
    """Per model, phase, quantity and layer (e.g. deep, backward, dW, 2): the worst fraction of tolerance used over
    every backend, device, dtype and profile, and where.

    Columns: model, phase, quantity, layer, records, failing, worst_fraction_used, max_abs_error (of the worst
    record), where (its backend, device, dtype and profile), worst_key. Only records with a fraction used (the
    compared tensors; predictions are counted in failures instead). Rows in computation order.
    """
    keys = ["model", "phase", "quantity", "layer"]
    compared = df[df["fraction_used"].notna()]
    if compared.empty:  # every cell errored (or compared nothing): no rows, the same columns
        return pd.DataFrame(columns=[*keys, "records", "failing", "worst_fraction_used", "max_abs_error", "where",
                                     "worst_key"])  # fmt: skip
    g = _groupby(compared, keys)
    out = g.agg(records=("status", "size"), failing=("status", lambda s: int(is_failing(s).sum())))
    # the same groupby, so idxmax lists the groups in agg's order (positional: layer is <NA> for the cost)
    worst = compared.loc[g["fraction_used"].idxmax()]
    out["worst_fraction_used"] = worst["fraction_used"].to_numpy()
    out["max_abs_error"] = worst["max_abs_error"].to_numpy()
    out["where"] = worst[SERIES].astype(str).agg(" ".join, axis=1).to_numpy()
    out["worst_key"] = worst["key"].to_numpy()
    out = out.reset_index()
    rank = out["phase"].map(PHASE_ORDER).astype("float64")
    out = out.assign(_rank=rank).sort_values(["model", "_rank"], kind="stable")  # model: categorical, run order
    return out.drop(columns="_rank").reset_index(drop=True)


def key_order(df):
    """Tensor keys in computation order (forward, cost, backward, ..., parameters), as in the records."""
    keys = df.assign(_phase=df["phase"].map(PHASE_ORDER).astype("float64"))
    ranked = keys.groupby("key", sort=False)[["_phase", "order"]].agg({"_phase": "min", "order": "median"})
    return list(ranked.sort_values(["_phase", "order"], kind="stable").index)


def fraction_grids(df):
    """Heatmap data for every model: {model: (fractions, statuses)}, both DataFrames indexed by (backend, device,
    dtype, profile) in run order, one column per tensor key in computation order. The trajectory's record points
    are one column, "cost@*", with the worst of them. Keys without a fraction (predictions) appear only where they
    fail. fractions is float64 (NaN: not compared), statuses the worst status there (object: str, or NaN)."""
    sub = df.assign(key=df["key"].where(df["phase"] != "trajectory", "cost@*"))
    sub = sub[sub["fraction_used"].notna() | is_failing(sub["status"])]
    # one groupby for all models, then a pivot by hand (unstack the key): far quicker than pivot_table per model
    cells = _groupby(sub, ["model", *SERIES, "key"]).agg(fraction=("fraction_used", "max"), status=("status", "max"))
    grids = {}
    for model, part in _groupby(sub, "model"):
        model_cells = cells.xs(model, level="model")
        rows, columns = _groupby(part, SERIES).size().index, key_order(part)  # run order, computation order
        fractions = model_cells["fraction"].unstack("key").reindex(index=rows, columns=columns).astype("float64")
        statuses = model_cells["status"].astype(object).unstack("key").reindex(index=rows, columns=columns)
        grids[str(model)] = (fractions, statuses)
    return grids


def fraction_grid(df, model):
    """fraction_grids for one model: (fractions, statuses), or two empty DataFrames when it has nothing compared."""
    return fraction_grids(df[df["model"] == model]).get(str(model), (pd.DataFrame(), pd.DataFrame()))


TRAJECTORY = [*CELL, "matmul_precision", "iteration", "cost", "reference_cost", "abs_diff", "rel_diff",
              "fraction_used", "status"]  # fmt: skip


def trajectory_table(df):
    """The cost at each record point of each cell's training run against the reference's, one row per record point.

    The records store errors, not costs; for a scalar they also keep the values at the worst element, so for a
    trajectory record actual_at_worst is the backend's cost and desired_at_worst the float64 reference's.
    Columns TRAJECTORY: the cell, matmul_precision, iteration (Int64), cost, reference_cost,
    abs_diff = |cost - reference_cost|, rel_diff = abs_diff / |reference_cost| (float64), fraction_used, status.
    Empty when the run trained nothing.
    """
    t = df[(df["phase"] == "trajectory") & df["iteration"].notna() & df["actual_at_worst"].notna()]
    t = t.assign(cost=t["actual_at_worst"], reference_cost=t["desired_at_worst"])
    t = t.assign(abs_diff=(t["cost"] - t["reference_cost"]).abs())
    t = t.assign(rel_diff=t["abs_diff"] / t["reference_cost"].abs())
    return t[TRAJECTORY].reset_index(drop=True)


def series_labels(frame, columns=SERIES):
    """One label per row, e.g. "torch-nn cuda float32 default", from the columns that vary in `frame` (backend and
    dtype always): a run on one device and one profile gets the shorter "torch-nn float32"."""
    shown = [c for c in columns if c in ("backend", "dtype") or frame[c].nunique() > 1]
    return frame[shown].astype(str).agg(" ".join, axis=1)


def trajectory_wide(traj):
    """trajectory_table as a grid: index (model, iteration); columns a MultiIndex (series, measure), first
    ("reference", "cost"), then for each cell (series_labels) its "cost" and "rel diff"."""
    if traj.empty:
        return pd.DataFrame()
    traj = traj.assign(series=series_labels(traj))
    reference = _groupby(traj, ["model", "iteration"])["reference_cost"].first()
    wide = traj.pivot_table(index=["model", "iteration"], columns="series", values=["cost", "rel_diff"],
                            aggfunc="first", observed=True, sort=False)  # fmt: skip
    wide = wide.rename(columns={"rel_diff": "rel diff"}).swaplevel(axis=1)
    series = list(pd.unique(traj["series"]))
    wide = wide.reindex(columns=pd.MultiIndex.from_product([series, ["cost", "rel diff"]]))
    wide.insert(0, ("reference", "cost"), reference)
    wide.columns.names = ["series", "measure"]
    return wide


def drift_summary(traj):
    """Per cell: how far its training run ends from the reference's, and its largest difference.

    Columns: backend, device, dtype, profile, model, iterations (the last record point), final_cost,
    final_reference_cost, final_rel_diff, max_rel_diff, at_iteration (where the largest is), max_fraction_used (of
    the trajectory tolerance, over the record points: how close the run came to failing), status (worst).
    """
    if traj.empty:
        return pd.DataFrame()
    ordered = traj.sort_values("iteration", kind="stable")
    g = _groupby(ordered, CELL)
    last = g.tail(1).set_index(CELL)
    worst = ordered.loc[g["rel_diff"].idxmax()].set_index(CELL)
    out = pd.DataFrame({
        "iterations": last["iteration"],
        "final_cost": last["cost"],
        "final_reference_cost": last["reference_cost"],
        "final_rel_diff": last["rel_diff"],
        "max_rel_diff": worst["rel_diff"],
        "at_iteration": worst["iteration"],
    })  # fmt: skip
    out["max_fraction_used"] = g["fraction_used"].max()
    out["status"] = g["status"].max()
    order = _groupby(traj, CELL).size().index  # back to run order
    return out.reindex(order).reset_index()


def known_divergences(df, reasons=None):
    """The known divergences (conformance/known_divergences.toml) that matched records in this run.

    Columns: id, reason, xfail (records that failed as expected), xpass (records of a strict entry that no longer
    fails: the entry must go), cells (the cells matched, "backend device dtype profile model", joined by "; ").
    An xfail record carries "id: reason"; an xpass record only the id, so its reason comes from `reasons`
    ({id: reason}, e.g. from conformance.divergences.load_divergences) when given.
    """
    marked = df[df["known_divergence"].notna()]
    if marked.empty:
        return pd.DataFrame(columns=["id", "reason", "xfail", "xpass", "cells"])
    parts = marked["known_divergence"].str.split(": ", n=1, expand=True).reindex(columns=[0, 1])
    marked = marked.assign(id=parts[0], reason=parts[1], cell=marked[CELL].astype(str).agg(" ".join, axis=1))
    g = marked.groupby("id", sort=False)
    recorded = g["reason"].agg(lambda s: s.dropna().iloc[0] if s.notna().any() else "")
    return pd.DataFrame({
        "reason": recorded.where(recorded != "", recorded.index.map(lambda i: (reasons or {}).get(i, ""))),
        "xfail": g["status"].agg(lambda s: int((s == "xfail").sum())),
        "xpass": g["status"].agg(lambda s: int((s == "xpass").sum())),
        "cells": g["cell"].agg(lambda s: "; ".join(pd.unique(s))),
    }).reset_index()  # fmt: skip


def learner_summary(records):
    """One row per course function checked: week, function, cases, passing, status (the worst), and for the first
    case that does not pass: case, first_wrong (tensor), layer, fraction_used, hint."""
    df = learner_frame(records)
    g = df.groupby(["week", "function"], observed=True, sort=False)
    out = g.agg(cases=("status", "size"), passing=("status", lambda s: int((s == "pass").sum())),
                status=("status", "max"))  # fmt: skip
    wrong = df[df["status"] != "pass"].groupby(["week", "function"], observed=True, sort=False).head(1)
    wrong = wrong.set_index(["week", "function"])[["case", "first_wrong", "layer", "fraction_used", "hint"]]
    return out.join(wrong).reset_index()


def finite_or_nan(values):
    """float64 array with inf (a wrong shape) as NaN, for plots that cannot place inf."""
    values = np.asarray(values, dtype="float64")
    return np.where(np.isfinite(values), values, np.nan)
