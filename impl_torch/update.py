"""Gradient descent: (10) W[l] = W[l] - alpha dW[l], (11) b[l] = b[l] - alpha db[l].

One difference from the reference, which returns a new dict: here the tensors are updated in place, as torch's
optimizers do, so training allocates no new parameter tensors per iteration. The training loops own the tensors
they update (the adapter hands them copies); the rounding is the reference's, alpha dW[l] first, then the
subtraction.
"""

import torch


@torch.no_grad()
def update_parameters(parameters, grads, learning_rate):
    """Updates `parameters` (tensors W[l] : (n[l], n[l-1]), b[l] : (n[l], 1)) in place and returns it."""
    L = len(parameters) // 2
    for l in range(1, L + 1):
        # (10) W[l] = W[l] - alpha dW[l]
        parameters[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
        # (11) b[l] = b[l] - alpha db[l]
        parameters[f"b{l}"] -= learning_rate * grads[f"db{l}"]
    return parameters
