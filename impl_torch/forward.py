"""Forward propagation: (1) Z[l] = W[l] A[l-1] + b[l], (2) A[l] = g[l](Z[l]). Used by the manual and autograd
variants (autograd records these same operations and differentiates them)."""

import torch

from impl_torch import batchnorm
from impl_torch.activations import get_activation
from impl_torch.regularization import dropout_forward
from impl_torch.softmax import softmax


def linear_forward(A_prev, W, b):
    """A_prev : (n[l-1], m), W : (n[l], n[l-1]), b : (n[l], 1) -> Z : (n[l], m)."""
    # (1) Z[l] = W[l] A[l-1] + b[l]
    Z = torch.addmm(b, W, A_prev)  # b + W A_prev in one call, as nn.Linear does: no second (n[l], m) tensor
    return Z


def linear_activation_forward(A_prev, W, b, activation, leaky_slope=0.01):
    """One layer: returns (Z, A), both (n[l], m)."""
    g = softmax if activation == "softmax" else get_activation(activation, leaky_slope)[0]
    Z = linear_forward(A_prev, W, b)
    # (2) A[l] = g[l](Z[l])
    A = g(Z)
    return Z, A


def L_model_forward(X, parameters, model, masks=None, keep_prob=1.0, running=None):
    """X : (n_x, m) -> (AL, cache) with cache = {"A0": X, "Z1", "A1", ..., "ZL", "AL"} (keys with numbers).

    AL : (1, m) is the output A[L]. No input checks here: the adapter checks once. A batch-normalized layer
    caches "mul", "sigma2l", "Znorml", "Ztildel" too (running: its statistics, for prediction).
    """
    cache = {"A0": X}
    A = X
    for l in range(1, model.L + 1):
        if l in model.batchnorm:
            g = get_activation(model.activations[l - 1], model.leaky_slope)[0]
            layer = batchnorm.layer_forward(A, parameters, l, model, g, running)
            cache.update({f"{key}{l}": value for key, value in layer.items()})
            A = layer["A"]
            continue
        Z, A = linear_activation_forward(
            A, parameters[f"W{l}"], parameters[f"b{l}"], model.activations[l - 1], model.leaky_slope
        )
        if masks is not None and f"D{l}" in masks:
            cache[f"D{l}"] = masks[f"D{l}"]
            A = dropout_forward(A, masks[f"D{l}"], keep_prob)
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = A
    return A, cache
