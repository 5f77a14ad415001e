"""How a value looks in a report: one function, so the Markdown and the HTML show the same text for a number.

Floats get 3 significant digits ("0.0431", "12.5", "1.19e-12"), inf stays "inf", missing values are empty,
booleans are "yes"/"no". Tests parse these strings back and compare them with the records. An environment
fingerprint (run.json) is shown by fingerprint_frame in every report: a list as its items joined by ", ".
"""

import math

import pandas as pd

COLUMN_TITLES = {
    "worst_fraction_used": "worst fraction used",
    "fraction_used": "fraction used",
    "max_abs_error": "max abs error",
    "normwise_rel_error": "norm-wise rel error",
    "first_failure": "first failure",
    "matmul_precision": "matmul",
    "cell_status": "cell status",
    "first_failing": "first failing",
    "first_status": "first status",
    "worst_key": "worst key",
    "reference_cost": "reference cost",
    "abs_diff": "abs diff",
    "rel_diff": "rel diff",
    "final_cost": "final cost",
    "final_reference_cost": "final reference cost",
    "final_rel_diff": "final rel diff",
    "max_rel_diff": "max rel diff",
    "at_iteration": "at iteration",
    "first_wrong": "first wrong",
    "max_fraction_used": "max fraction used",
    "status_a": "status A",
    "status_b": "status B",
    "fraction_a": "fraction used A",
    "fraction_b": "fraction used B",
    "ratio": "B / A",
    "error_a": "max abs error A",
    "error_b": "max abs error B",
}


def format_value(value):
    """The text of one table cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) or hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f":
        value = float(value)
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return f"{value:.3g}"
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "b":
        return "yes" if value else "no"
    return str(value)


def display_frame(frame):
    """frame with every cell (and index label) as its report text, column names made readable."""
    out = frame.astype(object).map(format_value) if len(frame.columns) else frame.astype(object)
    return out.rename(columns=lambda c: COLUMN_TITLES.get(c, c) if isinstance(c, str) else c)


def fingerprint_value(value):
    """One fingerprint value as a table shows it: a list or tuple as its items joined by ", ", anything else as it is
    (format_value then renders it like every other cell)."""
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else value


def fingerprint_text(value):
    """One fingerprint value as plain text: fingerprint_value as a str, "" for a missing one (None)."""
    return "" if value is None else str(fingerprint_value(value))


def fingerprint_frame(fingerprint):
    """A run's environment fingerprint ({key: value}) as a two-column table: key, value."""
    return pd.DataFrame({"key": list(fingerprint), "value": [fingerprint_value(v) for v in fingerprint.values()]})
