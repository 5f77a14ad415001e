"""Per-element error bounds of the forward pass, the cost and the gradients: a rounding error analysis run alongside
the float64 reference, for a backend computing in unit roundoff u.

Each product P Q of contraction length n contributes C_PRODUCT (sqrt(n) + 2) u (|P| |Q|)_ij (Higham and Mary's
probabilistic bound; the + 2 covers the rounding of the inputs to the backend's dtype and of the bias added, which
dominate short sums), each element-wise function C_ELEMENTWISE u |result|; the errors already made propagate to the
next tensor through the derivatives, added in quadrature (independent roundings): sqrt(W^2 e^2) through a product,
|g'(Z)| e through an activation, |dA| |g''(Z)| e(Z) into dZ (for relu and leaky relu, the whole jump of g' where Z
is within its own error of 0, though not at an exact 0, which every backend computes exactly). The constants and
their reasons live in conformance.tolerances; this module only propagates.
"""

import numpy as np

from conformance.tolerances import C_COST_SUM, C_ELEMENTWISE, C_PRODUCT


def _sigmoid(Z):
    return 0.5 * (1 + np.tanh(0.5 * Z))


def _derivatives(activation, Z, slope):
    """(g'(Z), |g''(Z)|) of the reference's activations, float64."""
    if activation == "sigmoid":
        s = _sigmoid(Z)
        return s * (1 - s), np.abs(s * (1 - s) * (1 - 2 * s))
    if activation == "tanh":
        t = np.tanh(Z)
        return 1 - t**2, np.abs(2 * t * (1 - t**2))
    if activation == "relu":
        return (Z > 0).astype(np.float64), np.zeros_like(Z)
    if activation == "leaky_relu":
        return np.where(Z > 0, 1.0, slope), np.zeros_like(Z)
    return np.ones_like(Z), np.zeros_like(Z)  # identity


def _jump(activation, slope):
    return {"relu": 1.0, "leaky_relu": 1.0 - slope}.get(activation, 0.0)


def _product(P, eP, Q, eQ, n, u):
    """The error of P @ Q: the inputs' errors carried through (in quadrature) and the product's own rounding."""
    carried = np.sqrt(np.square(P) @ np.square(eQ) + np.square(eP) @ np.square(Q))
    return carried + C_PRODUCT * (np.sqrt(n) + 2) * u * (np.abs(P) @ np.abs(Q))


def bounds(model, params, X, Y, forward, gradients, u):
    """{key: array of per-element bounds} for "Z1", "A1", ..., "cost", "dZL", "dWL", ..., "dA0", in unit roundoff u.

    forward, gradients: the float64 reference's results for these inputs (conformance.cases.reference_results).
    """
    m, L = X.shape[1], model.L
    out, e = {}, {"A0": u * np.abs(X)}  # the inputs rounded to the backend's dtype
    A_prev = X
    for l in range(1, L + 1):
        W, b, Z, A = params[f"W{l}"], params[f"b{l}"], forward[f"Z{l}"], forward[f"A{l}"]
        eZ = _product(W, u * np.abs(W), A_prev, e[f"A{l - 1}"], W.shape[1], u) + C_PRODUCT * u * np.abs(b)
        g1, _ = _derivatives(model.activations[l - 1], Z, model.leaky_slope)
        if model.activations[l - 1] in ("relu", "leaky_relu"):
            g1 = np.where(np.abs(Z) <= eZ, 1.0, g1)  # within its error of the kink: either side
        eA = g1 * eZ + C_ELEMENTWISE * u * np.abs(A)
        out[f"Z{l}"], out[f"A{l}"] = eZ, eA
        e[f"Z{l}"], e[f"A{l}"] = eZ, eA
        A_prev = A
    AL, ZL = forward[f"A{L}"], forward[f"Z{L}"]
    with np.errstate(divide="ignore"):
        terms = np.abs(Y * np.log(AL) + (1 - Y) * np.log1p(-AL))
    terms = np.where(np.isfinite(terms), terms, np.abs(ZL))  # saturated: the logit form
    out["cost"] = float(
        np.sqrt(np.sum(np.square((AL - Y) * e[f"Z{L}"]))) / m
        + (C_ELEMENTWISE + C_COST_SUM * (np.sqrt(m) + 2)) * u * np.sum(terms) / m
    )
    edZ = e[f"A{L}"] + C_ELEMENTWISE * u * np.abs(gradients[f"dZ{L}"])
    for l in range(L, 0, -1):
        activation = model.activations[l - 1]
        if l < L:
            dA, Z, edA = gradients[f"dA{l}"], forward[f"Z{l}"], out[f"dA{l}"]
            g1, g2 = _derivatives(activation, Z, model.leaky_slope)
            flip = (np.abs(Z) <= e[f"Z{l}"]) & (Z != 0)
            eg = g2 * e[f"Z{l}"] + np.where(flip, _jump(activation, model.leaky_slope), 0.0) + C_ELEMENTWISE * u * g1
            edZ = np.sqrt(np.square(edA * g1) + np.square(np.abs(dA) * eg)) + C_ELEMENTWISE * u * np.abs(gradients[
                f"dZ{l}"])  # fmt: skip
        dZ, A_prev, W = gradients[f"dZ{l}"], forward[f"A{l - 1}"] if l > 1 else X, params[f"W{l}"]
        out[f"dZ{l}"] = edZ
        eA_prev = e[f"A{l - 1}"]
        out[f"dW{l}"] = _product(dZ, edZ, A_prev.T, eA_prev.T, m, u) / m
        sum_error = np.sqrt(np.sum(np.square(edZ), axis=1, keepdims=True))
        out[f"db{l}"] = (sum_error + C_PRODUCT * u * (np.sqrt(m) + 2) * np.sum(np.abs(dZ), axis=1, keepdims=True)) / m
        out[f"dA{l - 1}"] = _product(W.T, u * np.abs(W.T), dZ, edZ, W.shape[0], u)
    return out
