"""Exact zeros in Z[l] at every relu layer of a case on real-sized data (relu'(0) exercised, not only in relu-zero).

For each relu layer l one unit j_l gets b[l][j_l] = 0 and one column of the data (the last ones: m stays what the
pages and the compiled shapes know) is replaced by x_l, built so that A[l-1] is exactly 0 there: x_1 = 0 (a black
picture); for l > 1, Z[l-1] = -1 in every unit, solved back through the layers (least squares for W[1],
non-negative least squares for the hidden layers between). Then Z[l] = W[l] 0 + b[l] = b[l] at column x_l, a sum
of exact zeros and b[l], and Z[l][j_l] = 0 exactly in every backend, dtype and summation order. j_l is the first
unit whose dA[l] is non-zero there, so the convention relu'(0) = 0 shows in dZ[l].
"""

import numpy as np
from scipy.optimize import nnls

from reference_numpy.adapter import NumpyBackend

MARGIN = 1.0  # Z[l-1] = -MARGIN at the dead columns: far from 0 against any rounding
_SMALLEST_ACTIVE = 0.01  # a non-negative least squares value below this is made dead (Z = -MARGIN), not kept


def _column_reaching(params, l, Z_target):
    """An input column x with Z[l](x) = Z_target (n[l], ) up to rounding, A[k] >= 0 chosen through the layers."""
    if l == 1:
        return np.linalg.lstsq(params["W1"], Z_target - params["b1"][:, 0], rcond=None)[0]
    A_prev, _ = nnls(params[f"W{l}"], Z_target - params[f"b{l}"][:, 0])
    Z_prev = np.where(A_prev >= _SMALLEST_ACTIVE, A_prev, -MARGIN)
    return _column_reaching(params, l - 1, Z_prev)


def _dead_column(params, l, n_x):
    """x with A[l-1](x) = 0 exactly (Z[l-1] = -MARGIN): x = 0 for l = 1."""
    if l == 1:
        return np.zeros(n_x)
    return _column_reaching(params, l - 1, np.full(params[f"b{l - 1}"].shape[0], -MARGIN))


def with_relu_zeros(model, params, X, Y):
    """(params, X) with one unit of b[l] made 0 and one column of X replaced per relu layer (see the module); Y
    keeps its labels there."""
    relu_layers = [l for l in range(1, model.L + 1) if model.activations[l - 1] == "relu"]
    params = {k: np.array(v) for k, v in params.items()}
    columns = np.stack([_dead_column(params, l, X.shape[0]) for l in relu_layers], axis=1)
    labels = Y[:, X.shape[1] - len(relu_layers) :]
    ref = NumpyBackend()
    for col, l in enumerate(relu_layers):  # the new columns alone: a column's dA does not depend on the others
        forward = ref.forward(params, columns, model)
        if l > 1 and not np.all(forward[f"Z{l - 1}"][:, col] <= -MARGIN / 2):
            raise AssertionError(f"with_relu_zeros: the column for layer {l} leaves units of layer {l - 1} alive")
        for j in range(params[f"b{l}"].shape[0]):
            trial = {**params, f"b{l}": params[f"b{l}"].copy()}
            trial[f"b{l}"][j, 0] = 0.0
            if ref.gradients(trial, columns, labels, model)[f"dA{l}"][j, col] != 0:
                params = trial
                break
        else:
            raise AssertionError(f"with_relu_zeros: no unit of layer {l} has dA != 0 at its column")
    return params, np.hstack([X[:, : X.shape[1] - len(relu_layers)], columns])


def exact_zeros(model, params, X):
    """{l: number of exact zeros of the reference's Z[l]} for the relu layers (what the cases promise)."""
    forward = NumpyBackend().forward(params, X, model)
    return {l: int(np.sum(forward[f"Z{l}"] == 0)) for l in range(1, model.L + 1) if model.activations[l - 1] == "relu"}
