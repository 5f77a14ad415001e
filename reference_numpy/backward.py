"""Backward propagation, layer L down to 1.

The output layer uses the sigmoid + cross-entropy simplification (5) dZ[L] = A[L] - Y, which is exact
algebra and stays finite when the sigmoid saturates. The chain form (4) dA[L], then (6), is kept as
`cost_backward` for the course's step-by-step functions, whose tests feed an A[L] that is not sigmoid(Z[L]).
"""

import numpy as np

from reference_numpy.activations import get_activation


def cost_backward(AL, Y):
    """dJ/dA[L] per example (without the 1/m, which the course puts in dW and db): (1, m)."""
    # (4) dA[L] = -(Y / A[L] - (1-Y) / (1 - A[L]))
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    return dAL


def linear_backward(dZ, A_prev, W, need_dA_prev=True):
    """dZ : (n[l], m), A_prev : (n[l-1], m), W : (n[l], n[l-1]) -> (dA_prev, dW, db).

    need_dA_prev=False returns None for dA_prev: training never uses dA[0], the gradient with respect to X.
    """
    m = A_prev.shape[1]
    # (8) dW[l] = 1/m dZ[l] A[l-1]^T
    dW = dZ @ A_prev.T
    dW /= m  # in place: the same quotient, without a second (n[l], n[l-1]) array (W[1] is 20 x 12288)
    # (9) db[l] = 1/m sum_i dZ[l](i)
    db = np.sum(dZ, axis=1, keepdims=True) / m
    if not need_dA_prev:
        return None, dW, db
    # (7) dA[l-1] = W[l]^T dZ[l]
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


def activation_backward(dA, Z, activation, leaky_slope=0.01):
    """dA, Z : (n[l], m) -> dZ : (n[l], m)."""
    _, g_prime = get_activation(activation, leaky_slope)
    # (6) dZ[l] = dA[l] * g[l]'(Z[l])
    dZ = g_prime(Z)
    dZ *= dA  # in place: g'(Z) is a new array (every g' returns one), so the product needs no third (n[l], m) one
    return dZ


def L_model_backward(Y, cache, parameters, model, need_dA0=True):
    """Gradients of J for every layer.

    Y : (1, m); cache from L_model_forward. Returns "dZl", "dWl", "dbl" for l = 1..L and "dAl" for
    l = 0..L-1 (the course's keys: "dAl" is the gradient with respect to A[l], the input of layer l+1, so
    "dA0" is with respect to X). Like the course, dZ and dA leave out the 1/m that dW and db carry.
    need_dA0=False skips W[1]^T dZ[1] and leaves "dA0" out.
    """
    L = model.L
    grads = {}
    # (5) dZ[L] = A[L] - Y
    dZ = cache[f"A{L}"] - Y
    for l in range(L, 0, -1):
        if l < L:
            dZ = activation_backward(grads[f"dA{l}"], cache[f"Z{l}"], model.activations[l - 1], model.leaky_slope)
        grads[f"dZ{l}"] = dZ
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(
            dZ, cache[f"A{l - 1}"], parameters[f"W{l}"], need_dA_prev=(l > 1 or need_dA0)
        )
        if dA_prev is not None:
            grads[f"dA{l - 1}"] = dA_prev
    return grads
