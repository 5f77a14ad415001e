"""Backward propagation by hand (the manual variant), layer L down to 1: reference_numpy/backward.py in torch.

The output layer uses the sigmoid + cross-entropy simplification (5) dZ[L] = A[L] - Y; the chain form (4) is
kept as `cost_backward`, as in the reference. Like the course, dZ[l] and dA[l] leave out the 1/m that dW[l] and
db[l] carry (they are the gradients of m J). Nothing here needs autograd: the manual variant runs under
torch.no_grad().
"""

import torch

from impl_torch import batchnorm
from impl_torch.activations import get_activation
from impl_torch.regularization import add_l2_gradient, dropout_backward


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
    dW /= m  # in place: the reference's numbers, without a second (n[l], n[l-1]) tensor (W[1] is 20 x 12288)
    # (9) db[l] = 1/m sum_i dZ[l](i)
    db = torch.sum(dZ, dim=1, keepdim=True) / m
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
    dZ *= dA  # in place: g'(Z) is a new tensor (every g' returns one), so the product needs no third one
    return dZ


def L_model_backward(Y, cache, parameters, model, need_dA0=True, lambd=0.0, masks=None, keep_prob=1.0):
    """Gradients of J for every layer, as the reference's: "dZl", "dWl", "dbl" (l = 1..L), "dAl" (l = 0..L-1).

    Y : (1, m); cache from L_model_forward. need_dA0=False skips W[1]^T dZ[1] and leaves "dA0" out.
    """
    L, m = model.L, Y.shape[1]
    grads = {}
    # (5) dZ[L] = A[L] - Y
    dZ = cache[f"A{L}"] - Y
    for l in range(L, 0, -1):
        normalized = l in model.batchnorm  # g's input is Z_tilde[l]; dZ_tilde[l] goes back through (37), (38)
        if l < L:
            dA = grads[f"dA{l}"]
            if masks is not None and f"D{l}" in masks:
                dA = dropout_backward(dA, masks[f"D{l}"], keep_prob)
            Z_in = cache[f"Ztilde{l}" if normalized else f"Z{l}"]
            dZ = activation_backward(dA, Z_in, model.activations[l - 1], model.leaky_slope)
        if normalized:
            dZ, bn_grads = batchnorm.layer_backward(dZ, cache, parameters, l, model)
            grads.update(bn_grads)
        grads[f"dZ{l}"] = dZ
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(
            dZ, cache[f"A{l - 1}"], parameters[f"W{l}"], need_dA_prev=(l > 1 or need_dA0)
        )
        grads[f"dW{l}"] = add_l2_gradient(grads[f"dW{l}"], parameters[f"W{l}"], lambd, m)
        if normalized:
            del grads[f"db{l}"]  # no b[l] on a normalized layer
        if dA_prev is not None:
            grads[f"dA{l - 1}"] = dA_prev
    return grads
