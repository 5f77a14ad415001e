"""The cost: (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])), term for term as reference_numpy/cost.py.

The same three departures from the course's formula, for the same reasons (see the reference's docstring):
- given Z[L], a term where A[L] has saturated to exactly 0 or 1 is computed from the logit:
  log a = -softplus(-z), log(1 - a) = -softplus(z);
- given only A[L], a saturated A[L] is moved to the nearest representable number inside (0, 1);
- a term whose label weight is exactly 0 contributes 0.

The autograd variant differentiates this function as written. At a saturated element the clipped log term is
not selected by torch.where and contributes no gradient; the softplus term does, and its derivative with respect
to Z[L] is sigma(z) - y (times 1/m): autograd gets the course's (5) dZ[L] = A[L] - Y there too, not the 0 that
differentiating the clipped formula would give.
"""

import torch

from impl_torch.softmax import softmax_cost


def clip_probabilities(AL):
    """AL with exact 0 and 1 moved to the nearest representable numbers inside (0, 1); nothing else moves."""
    finfo = torch.finfo(AL.dtype)
    # nextafter(0, 1) = the smallest subnormal, 2^-1074 (float64) or 2^-149 (float32); nextafter(1, 0) = 1 - eps/2.
    # Both are exact as Python floats and exact in AL's dtype, so clamp's scalars carry them unrounded.
    return torch.clamp(AL, finfo.smallest_normal * finfo.eps, 1 - finfo.eps / 2)


def softplus(Z):
    """log(1 + e^z) without overflow: max(z, 0) + log1p(e^-|z|).

    Written out like the reference rather than F.softplus, which returns z itself above its threshold (20):
    a difference of log1p(e^-20) = 2e-9 that float64 would see.
    """
    return torch.clamp(Z, min=0) + torch.log1p(torch.exp(-torch.abs(Z)))


def compute_cost(AL, Y, ZL=None):
    """AL : (1, m) probabilities, Y : (1, m) labels in {0, 1}, same float dtype; ZL : (1, m) logits or None.

    Returns J as a 0-d tensor of AL's dtype, on AL's device (no copy to the host).
    """
    if Y.shape[0] > 1:  # (C, m) one-hot labels: the softmax output's cross-entropy (32)
        return softmax_cost(AL, Y, ZL)
    m = Y.shape[1]
    A = clip_probabilities(AL)
    log_a = torch.log(A)
    log_not_a = torch.log(1 - A)
    if ZL is not None:
        saturated = (AL == 0) | (AL == 1)
        log_a = torch.where(saturated, -softplus(-ZL), log_a)
        log_not_a = torch.where(saturated, -softplus(ZL), log_not_a)
    terms = torch.where(Y == 0, 0, Y * log_a) + torch.where(Y == 1, 0, (1 - Y) * log_not_a)
    # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L]))
    J = -torch.sum(terms) / m
    return J
