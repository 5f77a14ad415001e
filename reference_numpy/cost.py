"""The cost: (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])).

The course's formula gives log(0) where the sigmoid saturates, that is where A[L] has rounded to exactly 0 or 1
(z > 36.7 in float64, z > 16.6 in float32). Here every term is the course's own, to the bit, except those:
- given Z[L] (as the training loop and every backend do), a saturated term is computed from the logit instead:
  log a = -softplus(-z) and log(1 - a) = -softplus(z), exact and finite;
- given only A[L] (the course's compute_cost(AL, Y) signature), a saturated A[L] is moved to the nearest
  representable number inside (0, 1) (nothing else moves, since every A[L] strictly inside (0, 1) is already
  there), so a saturated wrong prediction costs at most 744 (float64; 103 in float32) instead of inf;
- a term whose label weight is exactly 0 contributes 0 (0 log 0 = 0), so y = 1, a = 1 gives 0, not NaN.
"""

import numpy as np

from reference_numpy.arithmetic import CORE, course_cost
from reference_numpy.softmax import softmax_cost


def clip_probabilities(AL):
    """AL with exact 0 and 1 moved to the nearest representable numbers inside (0, 1); nothing else moves."""
    one = np.ones((), dtype=AL.dtype)
    return np.clip(AL, np.nextafter(0 * one, one), np.nextafter(one, 0 * one))


def softplus(Z):
    """log(1 + e^z) without overflow: max(z, 0) + log1p(e^-|z|)."""
    return np.maximum(Z, 0) + np.log1p(np.exp(-np.abs(Z)))


def compute_cost(AL, Y, ZL=None, arithmetic=CORE):
    """AL : (1, m) probabilities, Y : (1, m) labels in {0, 1}, same float dtype; ZL : (1, m) logits or None.

    Returns J as a NumPy scalar of AL's dtype. arithmetic.cost "sum" or "dot" computes the course's own formula
    instead (a scalar, or a 0-d array for "dot"), with log(0) where A[L] has saturated, as the course's.
    """
    if Y.shape[0] > 1:  # (C, m) one-hot labels: the softmax output's cross-entropy (32)
        return softmax_cost(AL, Y, ZL)
    m = Y.shape[1]
    if arithmetic.cost != "careful":
        return course_cost(AL, Y, arithmetic.cost)
    A = clip_probabilities(AL)
    log_a = np.log(A)
    log_not_a = np.log(1 - A)
    if ZL is not None:
        saturated = (AL == 0) | (AL == 1)
        log_a = np.where(saturated, -softplus(-ZL), log_a)
        log_not_a = np.where(saturated, -softplus(ZL), log_not_a)
    terms = np.where(Y == 0, 0, Y * log_a) + np.where(Y == 1, 0, (1 - Y) * log_not_a)
    # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L]))
    J = -np.sum(terms) / m
    return J.astype(AL.dtype)
