"""The cost: (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])), the reference's terms in JAX.

J is the MEAN over the m examples (sum / m), the course's reduction, written out rather than taken from a
library loss; jax.grad of it therefore carries the 1/m (see autodiff.py for the course's dZ, dA scale).

Same numbers as reference_numpy.cost wherever A[L] is a normal number; two JAX-specific points:
- jnp.where differentiates both branches (the unselected one gets a zero cotangent, and 0 times an infinite
  derivative is NaN). Given Z[L], a saturated A[L] is therefore replaced by 0.5 BEFORE the log of the course's
  branch is taken, so that branch stays finite with a finite derivative, and the softplus branch is selected
  (the "double where" of JAX's FAQ). Values are the reference's: the course's log is never selected there.
- XLA flushes subnormal numbers to zero (on the CPU log(1e-310) is -inf), so the A-only path's clip uses the
  smallest NORMAL number as its lower bound: a saturated wrong prediction costs at most 708 (float64; 87 in
  float32) here instead of the reference's 744 (103). The adapters always pass Z[L] and never take this path.
"""

import jax.numpy as jnp

from impl_jax.softmax import softmax_cost


def clip_probabilities(AL):
    """AL with exact 0 and 1 moved inside (0, 1): 0 to the smallest normal number, 1 to the float below 1."""
    one = jnp.ones((), dtype=AL.dtype)
    return jnp.clip(AL, jnp.finfo(AL.dtype).tiny, jnp.nextafter(one, 0 * one))


def softplus(Z):
    """log(1 + e^z) without overflow: max(z, 0) + log1p(e^-|z|)."""
    return jnp.maximum(Z, 0) + jnp.log1p(jnp.exp(-jnp.abs(Z)))


def compute_cost(AL, Y, ZL=None):
    """AL : (1, m) probabilities, Y : (1, m) labels in {0, 1}, same float dtype; ZL : (1, m) logits or None.

    Returns J as a 0-d array of AL's dtype. Differentiable when ZL is given (the autodiff variant's J).
    """
    if Y.shape[0] > 1:  # (C, m) one-hot labels: the softmax output's cross-entropy (32)
        return softmax_cost(AL, Y, ZL)
    m = Y.shape[1]
    if ZL is None:
        A = clip_probabilities(AL)
        log_a = jnp.log(A)
        log_not_a = jnp.log(1 - A)
    else:
        saturated = (AL == 0) | (AL == 1)
        A = jnp.where(saturated, 0.5, AL)  # a safe stand-in where the course's log is not selected
        log_a = jnp.where(saturated, -softplus(-ZL), jnp.log(A))
        log_not_a = jnp.where(saturated, -softplus(ZL), jnp.log(1 - A))
    terms = jnp.where(Y == 0, 0, Y * log_a) + jnp.where(Y == 1, 0, (1 - Y) * log_not_a)
    # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L]))
    J = -jnp.sum(terms) / m
    return J.astype(AL.dtype)
