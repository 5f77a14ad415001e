"""L2 regularization and inverted dropout (course 2, week 1), as options of the one network, not a copy of it.

- L2: (13) the cost term lambd/(2m) sum_l ||W[l]||_F^2 and (14) its gradient lambd/m W[l] (biases are not
  regularized). lambd = 0 leaves the cost and the gradients untouched, bit for bit.
- Inverted dropout on chosen hidden layers: (15) the masks D[l] : (n[l], m) of 0/1 are drawn once, by
  reference_numpy.masks.draw_masks, and handed to every backend (TrainConfig.masks: one dict {"D1": ...} per
  training step), so every framework applies the same masks and can be compared tensor by tensor; (16) A[l] =
  A[l] * D[l] / keep_prob in the forward pass, (17) the same on dA[l] in the backward pass. Never at prediction.

With dropout, the cache's A[l] is the activation after (16), the one layer l+1 reads, and grads["dA<l>"] is the
gradient with respect to it (W[l+1]^T dZ[l+1]); the course's dA[l] after its (17) is grads["dA<l>"] * D[l] /
keep_prob, which is what (6) multiplies by g'(Z[l]).
"""

import numpy as np


def l2_active(lambd):
    """False for a plain zero lambd (the L2 terms are skipped, bit for bit); True otherwise (a traced one too)."""
    return not (isinstance(lambd, (int, float, np.floating)) and lambd == 0)


def add_l2_cost(J, parameters, lambd, m):
    """J plus the L2 term over W[1..L] (not the biases): J itself when lambd is 0. J : 0-d, in W's dtype."""
    if not l2_active(lambd):
        return J
    L = len(parameters) // 2
    squares = np.sum(np.square(parameters["W1"]))
    for l in range(2, L + 1):
        squares = squares + np.sum(np.square(parameters[f"W{l}"]))
    # (13) J = J + lambd/(2m) sum_l ||W[l]||_F^2
    J = J + lambd / (2 * m) * squares
    return J


def add_l2_gradient(dW, W, lambd, m):
    """dW[l] plus the L2 term, in dW's own memory (dW is the fresh product of (8)); dW itself when lambd is 0."""
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
