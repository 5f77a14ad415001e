"""Gradient descent: (10) W[l] = W[l] - alpha dW[l], (11) b[l] = b[l] - alpha db[l].

One difference from the reference, which returns a new dict: here the tensors are updated in place, in one pass,
as torch.optim.SGD does (`p.sub_(grad, alpha=lr)`), so training allocates no new parameter tensors and no
temporary alpha dW[l] per iteration. The result is W[l] - alpha dW[l] rounded once rather than twice (after the
product, after the difference): a rounding apart from the reference. The training loops own the tensors they
update (the adapter hands them copies).
"""

import torch


@torch.no_grad()
def update_parameters(parameters, grads, learning_rate):
    """Updates `parameters` (tensors W[l] : (n[l], n[l-1]), b[l] : (n[l], 1)) in place and returns it."""
    L = len(parameters) // 2
    for l in range(1, L + 1):
        # (10) W[l] = W[l] - alpha dW[l]
        parameters[f"W{l}"].sub_(grads[f"dW{l}"], alpha=learning_rate)
        # (11) b[l] = b[l] - alpha db[l]
        parameters[f"b{l}"].sub_(grads[f"db{l}"], alpha=learning_rate)
    return parameters
