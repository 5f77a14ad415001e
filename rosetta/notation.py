"""The course's notation, read from an equation's text: its symbols, their shapes, and a rendering for pages.

Everything is derived from the twelve texts of reference_numpy/equations.py, so a page or `dlrosetta explain` can
never show an equation other than the one in the tags.

    symbols(8)                  ['dW[l]', 'dZ[l]', 'A[l-1]']  (left-hand side first, in order of appearance)
    shape_line(8)               'dW[l] : (n[l], n[l-1]), dZ[l] : (n[l], m), A[l-1] : (n[l-1], m)'
    concrete_shapes(8, dims)    [('dW1', (20, 12288)), ...] for a model's layer sizes
    quantity(8)                 'dW'  (what the equation computes: the records' `quantity`)
    math_html(text)             'dW<sup>[l]</sup> = ...' with <sup>/<sub>: renders offline, in HTML and in Markdown
"""

import html
import re

from reference_numpy.equations import EQUATIONS

# A symbol with a layer index: W[l], dA[l-1], A[L], an optimizer's v_dW[l], s_dW[l], v_corrected[l], batch norm's
# Z_norm[l] (the unindexed ones: PLAIN_SHAPES below).
INDEXED = re.compile(r"\b(d?[A-Za-z][A-Za-z0-9_]*)\[(l-1|l|L)\]")

# The shape of each symbol at layer i, as text: W[i] is (n[i], n[i-1]); m is the number of examples.
SHAPES = {
    "W": ("n[{i}]", "n[{p}]"),
    "b": ("n[{i}]", "1"),
    "Z": ("n[{i}]", "m"),
    "A": ("n[{i}]", "m"),
    "D": ("n[{i}]", "m"),  # a dropout mask (course 2)
    # course 2, week 3: batch normalization's per-unit statistics and parameters, and its normalized Z
    **dict.fromkeys(("mu", "sigma2", "gamma", "beta", "mu_run", "sigma2_run"), ("n[{i}]", "1")),
    **dict.fromkeys(("Z_norm", "Z_tilde"), ("n[{i}]", "m")),
}
ONE_HOT = "Y_c(i)"  # (30): an element of the one-hot Y : (C, m)
PLAIN_SHAPES = {"J": "a scalar", "Y": "(1, m)", "Y_hat": "(1, m)", "alpha": "a scalar",
                "gradapprox_i": "a scalar (one parameter entry)", "difference": "a scalar"}  # fmt: skip


def lhs(number):
    """The left-hand side of an equation: 'dW[l]', 'J', 'Y_hat'."""
    return EQUATIONS[number].split(" = ", 1)[0].strip()


def quantity(number):
    """What an equation computes, as the records name it: 'dW', 'Z', 'J', 'Y_hat'."""
    return lhs(number).split("[", 1)[0]


def symbols(number):
    """The symbols of an equation with a shape, left-hand side first, each once: ['dW[l]', 'dZ[l]', 'A[l-1]']."""
    text = EQUATIONS[number]
    found = []
    for match in re.finditer(r"\bd?[A-Za-z][A-Za-z0-9_]*\[(?:l-1|l|L)\]|\b(?:Y_hat|Y|J|alpha)\b", text):
        symbol = match.group(0)
        if not symbol.startswith("g[") and symbol not in found:  # g[l] is a function, not an array
            found.append(symbol)
    return found


def _kind(base):
    """The array a symbol is shaped like: 'W' for W, dW, v_dW, s_dW, v_corrected (the optimizer's state is
    shaped like its parameter; written for W[l], it stands for b[l] too)."""
    if base.endswith("_corrected"):
        return "W"
    base = base.removeprefix("v_").removeprefix("s_")
    return base.removeprefix("d") if base.startswith("d") and len(base) > 1 else base


def _previous(index):
    return {"l": "l-1", "l-1": "l-2", "L": "L-1"}[index]


def shape_text(symbol):
    """'(n[l], n[l-1])' for 'W[l]', '(1, m)' for 'A[L]' (n[L] = 1), 'a scalar' for 'J'."""
    if symbol in PLAIN_SHAPES:
        return PLAIN_SHAPES[symbol]
    match = INDEXED.fullmatch(symbol)
    base, index = match.group(1), match.group(2)
    rows, cols = SHAPES[_kind(base)]
    rows, cols = rows.format(i=index, p=_previous(index)), cols.format(i=index, p=_previous(index))
    if index == "L":  # the output layer has n[L] = 1 unit
        rows = rows.replace("n[L]", "1")
    return f"({rows}, {cols})"


def shape_line(number):
    """The shapes of an equation's symbols, as in the docstrings: 'dW[l] : (n[l], n[l-1]), dZ[l] : (n[l], m), ...'."""
    return ", ".join(f"{s} : {_softmax_shape(number, s) or shape_text(s)}" for s in symbols(number))


def _softmax_shape(number, symbol):
    """(C, m) for the output layer and the one-hot labels of the softmax equations (30)-(33), else None."""
    return "(C, m)" if 30 <= number <= 33 and symbol in ("A[L]", "Z[L]", "Y") else None


def concrete_shapes(number, layer_dims, m="m"):
    """The left-hand side's shape at every layer of a model: [('dW1', (20, 12288)), ...], or [('J', ())].

    layer_dims : (n[0], ..., n[L]); m : the number of examples (a number, or the letter m).
    """
    symbol = lhs(number)
    L = len(layer_dims) - 1
    if symbol == ONE_HOT:
        return [("Y", (layer_dims[-1], m))]
    if symbol in PLAIN_SHAPES:
        return [(symbol, () if PLAIN_SHAPES[symbol].startswith("a scalar") else (1, m))]
    match = INDEXED.fullmatch(symbol)
    base, index = match.group(1), match.group(2)
    layers = {"L": [L], "l": list(range(1, L + 1)), "l-1": list(range(0, L))}[index]
    if number == 6:  # dZ[l] = dA[l] * g'(Z[l]) is for the hidden layers; the output layer's dZ[L] is (5)
        layers = list(range(1, L))
    kind = _kind(base)
    out = []
    for l in layers:
        rows = layer_dims[l]
        cols = layer_dims[l - 1] if kind == "W" else {"1": 1, "m": m}[SHAPES[kind][1]]
        out.append((f"{base}{l}", (rows, cols)))
    return out


# ---- rendering ---------------------------------------------------------------------------------------------

_WORDS = [
    (r"\bY_hat\b", "Ŷ"),
    (r"\balpha\b", "α"),
    (r"\bsum_i\b", "∑<sub>i</sub>"),
    (r"\bsum\b", "∑"),
    (r"\b1/m\b", "<sup>1</sup>&frasl;<sub>m</sub>"),
    (r"\b1\{", "<b>1</b>{"),
]


def math_html(text):
    """An equation's text in the course's typeset notation with HTML only: superscript layer indices, Greek alpha,
    a summation sign, a fraction 1/m. The result is valid in HTML and in GitHub Markdown; no font or script.

    'dW[l] = 1/m dZ[l] A[l-1]^T'
    -> 'dW<sup>[l]</sup> = <sup>1</sup>&frasl;<sub>m</sub> dZ<sup>[l]</sup> A<sup>[l−1]T</sup>'
    """
    out = html.escape(text, quote=False)
    out = re.sub(r"\[(l-1|l|L)\](\(i\))?", lambda m: f"<sup>[{m.group(1)}]{m.group(2) or ''}</sup>", out)
    out = out.replace("^T", "<sup>T</sup>").replace("</sup><sup>", "")
    for pattern, replacement in _WORDS:
        out = re.sub(pattern, replacement, out)
    return out.replace("-", "−").replace("'", "′")  # minus and prime signs
