"""L2 regularization and inverted dropout: reference_numpy/regularization.py in torch.

The masks come from the reference (reference_numpy.masks.draw_masks), as tensors on the backend's device and
dtype: torch draws nothing. The autograd and torch.nn variants differentiate (13) and (16) as written, so (14) and
(17) are autograd's there.
"""

import torch

from reference_numpy.regularization import l2_active


def add_l2_cost(J, parameters, lambd, m):
    """J plus the L2 term over W[1..L] (not the biases): J itself when lambd is 0. J : 0-d tensor."""
    if not l2_active(lambd):
        return J
    L = len(parameters) // 2
    squares = torch.sum(torch.square(parameters["W1"]))
    for l in range(2, L + 1):
        squares = squares + torch.sum(torch.square(parameters[f"W{l}"]))
    # (13) J = J + lambd/(2m) sum_l ||W[l]||_F^2
    J = J + lambd / (2 * m) * squares
    return J


def add_l2_gradient(dW, W, lambd, m):
    """dW[l] plus the L2 term, in dW's own memory (the fresh product of (8)); dW itself when lambd is 0."""
    if not l2_active(lambd):
        return dW
    # (14) dW[l] = dW[l] + lambd/m W[l]
    dW += lambd / m * W
    return dW


def dropout_forward(A, D, keep_prob):
    """A[l], D[l] : (n[l], m) -> A[l] with the dropped units zeroed and the kept ones scaled by 1/keep_prob."""
    # (16) A[l] = A[l] * D[l] / keep_prob
    A = A * D / keep_prob
    return A


def dropout_backward(dA, D, keep_prob):
    """dA[l] with respect to the dropped-out A[l] -> with respect to g(Z[l]): the same mask and scale."""
    # (17) dA[l] = dA[l] * D[l] / keep_prob
    dA = dA * D / keep_prob
    return dA
