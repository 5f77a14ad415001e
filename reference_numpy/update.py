"""Gradient descent: (10) W[l] = W[l] - alpha dW[l], (11) b[l] = b[l] - alpha db[l]."""

import numpy as np


def update_parameters(parameters, grads, learning_rate, in_place=False):
    """The parameters after one gradient-descent step (same keys, shapes, dtype).

    By default a new dict of new arrays, the inputs untouched (the course's function). in_place=True updates the
    arrays of `parameters` themselves and returns that dict, and forms alpha dW[l] in dW[l]'s own memory (grads
    hold alpha dW[l], alpha db[l] afterwards): the training loop does so with its own copy and each step's fresh
    gradients, so it allocates no new arrays per iteration (W[1] of a wide network is hundreds of MB: a new
    alpha dW[1] there doubled the update's time). Either way each entry is W[l] - alpha dW[l] rounded as NumPy
    rounds that expression, in the parameters' dtype (alpha is a Python float, so float32 stays float32).
    """
    alpha = float(learning_rate)
    L = len(parameters) // 2
    new = parameters if in_place else {key: value.copy() for key, value in parameters.items()}
    for l in range(1, L + 1):
        # (10) W[l] = W[l] - alpha dW[l]
        new[f"W{l}"] -= _scaled(grads[f"dW{l}"], alpha, in_place)
        # (11) b[l] = b[l] - alpha db[l]
        new[f"b{l}"] -= _scaled(grads[f"db{l}"], alpha, in_place)
    return new


def _scaled(dX, alpha, in_place):
    """alpha dX, in dX's own memory when in_place (the same rounding: one multiplication either way)."""
    return np.multiply(dX, alpha, out=dX) if in_place else alpha * dX
