"""How closely each backend computed an equation's tensors in a run: read from the records, nothing recomputed.

An equation produces tensors the harness compares (conformance.matrix): (8) dW[l] = 1/m dZ[l] A[l-1]^T produces
dW1..dWL, (5) the output layer's dZL, (10) the parameters W1..WL after the run's training iterations. For each
backend x dtype (x device and profile, where the run has more than one), agreement_table gives the worst fraction
of its tolerance any of those tensors used (at most 1 passes), the largest absolute error, and where.
"""

from pathlib import Path

import pandas as pd

from reports.loading import load
from rosetta.notation import quantity

# equation -> (phase of the records, which layers: "all", "output" (l = L) or "hidden" (l < L))
PRODUCES = {
    1: ("forward", "all"),
    2: ("forward", "all"),
    3: ("cost", "all"),
    5: ("backward", "output"),
    6: ("backward", "hidden"),
    7: ("backward", "all"),
    8: ("backward", "all"),
    9: ("backward", "all"),
    10: ("parameters", "all"),
    11: ("parameters", "all"),
    12: ("predictions", "all"),
    # course 2, week 2 (conformance.cases_optimization): the optimizer's state, the parameters after the run
    20: ("state", "all"),
    21: ("parameters", "all"),
    22: ("state", "all"),
    23: ("parameters", "all"),
    24: ("state", "all"),
    25: ("state", "all"),
    26: ("state", "all"),
    27: ("parameters", "all"),
    # course 2, week 3 (conformance.cases_multiclass records them)
    31: ("forward", "output"),
    32: ("cost", "all"),
    33: ("predictions", "all"),
    34: ("forward", "hidden"),
    35: ("forward", "hidden"),
    36: ("forward", "hidden"),
    37: ("backward", "hidden"),
    38: ("backward", "hidden"),
    39: ("parameters", "hidden"),
}
# what each equation's quantity is called in the records, where the names differ
RECORD_QUANTITY = {
    "J": "cost",
    "v_corrected": "v_corrected_dW",
    "s_corrected": "s_corrected_dW",
    "Z_norm": "Znorm",
    "Z_tilde": "Ztilde",
}


def load_if_present(path):
    """The records of a results folder, or None where it has no records.csv (a default that may not exist)."""
    return load(path) if (Path(path) / "records.csv").is_file() else None


def output_layers(df):
    """{model: L}: the output layer of each model in the records (the largest layer of its forward tensors)."""
    forward = df[df["phase"] == "forward"]
    return {str(model): int(L) for model, L in forward.groupby("model", observed=True)["layer"].max().items()}


def equation_records(df, number):
    """The records of the tensors equation `number` produces (an empty frame for (4): no backend returns dA[L])."""
    if number not in PRODUCES:
        return df.iloc[0:0]
    phase, layers = PRODUCES[number]
    name = RECORD_QUANTITY.get(quantity(number), quantity(number))
    rows = df[(df["phase"] == phase) & (df["quantity"] == name)]
    if layers != "all" and not rows.empty:
        L = rows["model"].astype(str).map(output_layers(df))
        rows = rows[(rows["layer"] == L) if layers == "output" else (rows["layer"] < L)]
    return rows


def keys_by_model(rows):
    """'dW1..dW4 (deep), dW1 (logistic)': which tensors the rows compare, per model, in the run's order."""
    parts = []
    for model, group in rows.groupby("model", observed=True, sort=False):
        keys = list(dict.fromkeys(group.sort_values("layer")["key"].astype(str)))
        keys_text = keys[0] if len(keys) == 1 else f"{keys[0]}..{keys[-1]}" if len(keys) > 2 else ", ".join(keys)
        parts.append(f"{keys_text} ({model})")
    return ", ".join(parts)


def group_columns(df):
    """backend and dtype, plus device and profile where the records have more than one of them."""
    extra = [c for c in ("device", "profile") if df[c].nunique() > 1]
    return ["backend", *extra[:1], "dtype", *extra[1:]]


def agreement_table(df, number, model=None):
    """One row per backend x dtype: records, worst status, worst fraction of tolerance used, max abs error, where.

    model: only that model's records. For (12), the share of predictions that agree with the reference's too.
    An empty frame where the equation produces no compared tensor (or the run has none of it).
    """
    rows = equation_records(df if model is None else df[df["model"] == model], number)
    if rows.empty:
        return pd.DataFrame()
    by = group_columns(df)
    out = []
    for values, group in rows.groupby(by, observed=True, sort=False):
        compared = group[group["fraction_used"].notna()]
        worst = compared.loc[compared["fraction_used"].idxmax()] if not compared.empty else group.iloc[0]
        where = str(worst["key"]) if model is not None else f"{worst['model']} {worst['key']}"
        row = dict(zip(by, values, strict=True))
        row.update(
            records=len(group),
            status=group["status"].max(),
            worst_fraction_used=compared["fraction_used"].max() if not compared.empty else float("nan"),
            max_abs_error=group["max_abs_error"].max(),
            at=where,
        )
        if number == 12:
            row["agreement"] = group["agreement"].min()
            row.pop("at")
        out.append(row)
    return pd.DataFrame(out)
