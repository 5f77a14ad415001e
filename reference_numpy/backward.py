"""Backward propagation, layer L down to 1.

The core's output layer uses the sigmoid + cross-entropy simplification (5) dZ[L] = A[L] - Y, which is exact
algebra and stays finite when the sigmoid saturates. The chain form (4) dA[L], then (6), is `cost_backward`:
the course's step-by-step functions and the week-4 presets use it (reference_numpy.arithmetic).
"""

import numpy as np

from reference_numpy import batchnorm
from reference_numpy.activations import get_activation
from reference_numpy.arithmetic import CORE, course_sigmoid, scale_by_1_over_m, scale_output_gradient
from reference_numpy.regularization import add_l2_gradient, dropout_backward


def cost_backward(AL, Y):
    """dJ/dA[L] per example (without the 1/m, which the course puts in dW and db): (1, m)."""
    # (4) dA[L] = -(Y / A[L] - (1-Y) / (1 - A[L]))
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    return dAL


def linear_backward(dZ, A_prev, W, need_dA_prev=True, arithmetic=CORE):
    """dZ : (n[l], m), A_prev : (n[l-1], m), W : (n[l], n[l-1]) -> (dA_prev, dW, db).

    need_dA_prev=False returns None for dA_prev: training never uses dA[0], the gradient with respect to X.
    The 1/m is a quotient (the core) or a product by 1./m (the course), in place either way: no second
    (n[l], n[l-1]) array (W[1] is 20 x 12288).
    """
    m = A_prev.shape[1]
    # (8) dW[l] = 1/m dZ[l] A[l-1]^T
    dW = scale_by_1_over_m(dZ @ A_prev.T, m, arithmetic)
    # (9) db[l] = 1/m sum_i dZ[l](i)
    db = scale_by_1_over_m(np.sum(dZ, axis=1, keepdims=True), m, arithmetic)
    if not need_dA_prev:
        return None, dW, db
    # (7) dA[l-1] = W[l]^T dZ[l]
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


def activation_backward(dA, Z, activation, leaky_slope=0.01, arithmetic=CORE, A=None):
    """dA, Z : (n[l], m) -> dZ : (n[l], m). A, the layer's output, is read where arithmetic.derivative_from is "A"."""
    if arithmetic.derivative_from == "A" and activation in ("tanh", "relu"):
        return _backward_from_A(dA, A, activation)
    if arithmetic.dz_product == "course" and activation in ("sigmoid", "relu"):
        return _course_backward(dA, Z, activation, arithmetic)
    _, g_prime = get_activation(activation, leaky_slope)
    # (6) dZ[l] = dA[l] * g[l]'(Z[l])
    dZ = g_prime(Z)
    dZ *= dA  # in place: g'(Z) is a new array (every g' returns one), so the product needs no third (n[l], m) one
    return dZ


def _backward_from_A(dA, A, activation):
    """The course's g' from the cached output: tanh' = 1 - A^2 (week 3), relu's mask A > 0 (course 2)."""
    if activation == "tanh":
        return dA * (1 - np.power(A, 2))
    dZ = np.array(dA, copy=True)
    dZ[A <= 0] = 0
    return dZ


def _course_backward(dA, Z, activation, arithmetic):
    """dnn_utils' sigmoid_backward (dA * s * (1 - s), s from Z) and relu_backward (dA with dZ[Z <= 0] = 0)."""
    if activation == "sigmoid":
        s = course_sigmoid(Z) if arithmetic.sigmoid == "course" else get_activation("sigmoid")[0](Z)
        return dA * s * (1 - s)
    _, relu_prime = get_activation("relu")
    dZ = np.array(dA, copy=True)
    dZ[relu_prime(Z) == 0] = 0  # relu_backward's dZ[Z <= 0] = 0: relu'(z) is 0 exactly where z <= 0
    return dZ


def L_model_backward(Y, cache, parameters, model, need_dA0=True, arithmetic=CORE, lambd=0.0, masks=None,
                     keep_prob=1.0):  # fmt: skip
    """Gradients of J for every layer.

    Y : (1, m); cache from L_model_forward. Returns "dZl", "dWl", "dbl" for l = 1..L and "dAl" for
    l = 0..L-1 (the course's keys: "dAl" is the gradient with respect to A[l], the input of layer l+1, so
    "dA0" is with respect to X). Like the course, dZ and dA leave out the 1/m that dW and db carry.
    need_dA0=False skips W[1]^T dZ[1] and leaves "dA0" out. lambd adds the L2 term (14) to each dW[l]; masks (the
    forward pass's) carry dA[l] through the dropout (17) before (6).
    """
    L = model.L
    m = Y.shape[1]
    grads = {}
    if arithmetic.output_gradient == "chain":
        dZ = activation_backward(cost_backward(cache[f"A{L}"], Y), cache[f"Z{L}"], "sigmoid", arithmetic=arithmetic)
    else:
        # (5) dZ[L] = A[L] - Y
        dZ = cache[f"A{L}"] - Y
    dZ = scale_output_gradient(dZ, Y.shape[1], arithmetic)  # course 2's optimization: 1./m (A[L] - Y)
    for l in range(L, 0, -1):
        normalized = l in model.batchnorm  # g's input is Z_tilde[l]; dZ_tilde[l] goes back through (37), (38)
        if l < L:
            dA = grads[f"dA{l}"]
            if masks is not None and f"D{l}" in masks:
                dA = dropout_backward(dA, masks[f"D{l}"], keep_prob)
            dZ = activation_backward(
                dA, cache[f"Ztilde{l}" if normalized else f"Z{l}"], model.activations[l - 1], model.leaky_slope,
                arithmetic, cache[f"A{l}"],
            )  # fmt: skip
        if normalized:
            dZ, bn_grads = batchnorm.layer_backward(dZ, cache, parameters, l, model)
            grads.update(bn_grads)
        grads[f"dZ{l}"] = dZ
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(
            dZ, cache[f"A{l - 1}"], parameters[f"W{l}"], need_dA_prev=(l > 1 or need_dA0), arithmetic=arithmetic
        )
        grads[f"dW{l}"] = add_l2_gradient(grads[f"dW{l}"], parameters[f"W{l}"], lambd, m)
        if normalized:
            del grads[f"db{l}"]  # no b[l] on a normalized layer (the sum of dZ[l] over the batch is 0 anyway)
        if dA_prev is not None:
            grads[f"dA{l - 1}"] = dA_prev
    return grads
