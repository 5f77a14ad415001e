"""Gradient descent: (10) W[l] = W[l] - alpha dW[l], (11) b[l] = b[l] - alpha db[l]."""

import numpy as np

from reference_numpy.batchnorm import parameter_layout


def update_parameters(parameters, grads, learning_rate):
    """The parameters after one gradient-descent step: a new dict of new arrays (same keys, shapes, dtype), the
    inputs untouched (the course's function). Each entry is W[l] - alpha dW[l] rounded as NumPy rounds that
    expression, in the parameters' dtype (alpha is a Python float, so float32 stays float32)."""
    alpha = float(learning_rate)
    L, bn_keys = parameter_layout(parameters)
    new = {key: value.copy() for key, value in parameters.items()}
    for l in range(1, L + 1):
        # (10) W[l] = W[l] - alpha dW[l]
        new[f"W{l}"] -= alpha * grads[f"dW{l}"]
        if f"b{l}" in new:  # a batch-normalized layer has gamma[l], beta[l] instead
            # (11) b[l] = b[l] - alpha db[l]
            new[f"b{l}"] -= alpha * grads[f"db{l}"]
    for key in bn_keys:
        new[key] -= alpha * grads[f"d{key}"]  # gamma[l], beta[l] take the same step as W[l], b[l]
    return new


def update_parameters_in_place(parameters, grads, learning_rate):
    """The same step on the arrays of `parameters` themselves, which it returns; alpha dW[l] is formed in dW[l]'s
    own memory (grads hold alpha dW[l], alpha db[l] afterwards). The training loop's: no new arrays per
    iteration, the same bits as update_parameters (one multiplication, one subtraction either way)."""
    alpha = float(learning_rate)
    L, bn_keys = parameter_layout(parameters)
    for l in range(1, L + 1):
        # (10) W[l] = W[l] - alpha dW[l]
        parameters[f"W{l}"] -= np.multiply(grads[f"dW{l}"], alpha, out=grads[f"dW{l}"])
        if f"b{l}" in parameters:  # a batch-normalized layer has gamma[l], beta[l] instead
            # (11) b[l] = b[l] - alpha db[l]
            parameters[f"b{l}"] -= np.multiply(grads[f"db{l}"], alpha, out=grads[f"db{l}"])
    for key in bn_keys:
        parameters[key] -= np.multiply(grads[f"d{key}"], alpha, out=grads[f"d{key}"])  # the same step
    return parameters
