"""Gradient descent: (10) W[l] = W[l] - alpha dW[l], (11) b[l] = b[l] - alpha db[l].

Both forms compute W[l] - alpha dW[l] in one kernel, as torch.optim.SGD does (`p.sub_(grad, alpha=lr)`): rounded
once rather than twice (after the product, after the difference), a rounding apart from the reference.
"""

import torch

from reference_numpy.batchnorm import parameter_layout


@torch.no_grad()
def update_parameters(parameters, grads, learning_rate):
    """A new dict of new tensors W[l] : (n[l], n[l-1]), b[l] : (n[l], 1); the inputs untouched."""
    L, bn_keys = parameter_layout(parameters)
    new = {}
    for l in range(1, L + 1):
        # (10) W[l] = W[l] - alpha dW[l]
        new[f"W{l}"] = parameters[f"W{l}"].sub(grads[f"dW{l}"], alpha=learning_rate)
        if f"b{l}" in parameters:  # a batch-normalized layer has gamma[l], beta[l] instead
            # (11) b[l] = b[l] - alpha db[l]
            new[f"b{l}"] = parameters[f"b{l}"].sub(grads[f"db{l}"], alpha=learning_rate)
    for key in bn_keys:
        new[key] = parameters[key].sub(grads[f"d{key}"], alpha=learning_rate)  # the same step as W[l], b[l]
    return new


@torch.no_grad()
def update_parameters_in_place(parameters, grads, learning_rate):
    """The same step on the tensors of `parameters` themselves, which it returns (the training loops', which own
    the tensors they update: no new parameter tensors per iteration)."""
    L, bn_keys = parameter_layout(parameters)
    for l in range(1, L + 1):
        # (10) W[l] = W[l] - alpha dW[l]
        parameters[f"W{l}"].sub_(grads[f"dW{l}"], alpha=learning_rate)
        if f"b{l}" in parameters:  # a batch-normalized layer has gamma[l], beta[l] instead
            # (11) b[l] = b[l] - alpha db[l]
            parameters[f"b{l}"].sub_(grads[f"db{l}"], alpha=learning_rate)
    for key in bn_keys:
        parameters[key].sub_(grads[f"d{key}"], alpha=learning_rate)  # the same step as W[l], b[l]
    return parameters
