"""The softmax output layer: reference_numpy/softmax.py in JAX (classes are rows, examples columns).

Written out with jax.numpy rather than jax.nn.softmax / jax.nn.log_softmax so that every line is the reference's;
tests/backends/test_multiclass.py checks that jax.nn's own functions give the same numbers.
"""

import jax.numpy as jnp


def one_hot(labels, C):
    """labels : (m,) integer array in 0..C-1 -> Y : (C, m) one-hot (jax.nn.one_hot(labels, C).T is the same)."""
    classes = jnp.arange(C).reshape(C, 1)
    # (30) Y_c(i) = 1{y(i) = c}
    Y = (classes == labels.reshape(1, -1)).astype(jnp.float32)
    return Y


def softmax(Z):
    """Z : (C, m) -> A : (C, m), each column shifted by its maximum."""
    # (31) A[L] = exp(Z[L] - max_c Z[L]) / sum_c exp(Z[L] - max_c Z[L])
    T = jnp.exp(Z - jnp.max(Z, axis=0, keepdims=True))
    A = T / jnp.sum(T, axis=0, keepdims=True)
    return A


def log_softmax(Z):
    """log A[L] from the logits: Z - max - log sum exp(Z - max)."""
    shifted = Z - jnp.max(Z, axis=0, keepdims=True)
    return shifted - jnp.log(jnp.sum(jnp.exp(shifted), axis=0, keepdims=True))


def softmax_cost(AL, Y, ZL=None):
    """AL, Y : (C, m), ZL : (C, m) or None -> J, a 0-d array of AL's dtype (see the reference)."""
    m = Y.shape[1]
    if ZL is not None:
        log_a = log_softmax(ZL)
    else:
        log_a = jnp.log(jnp.maximum(AL, jnp.finfo(AL.dtype).tiny))
    terms = jnp.where(Y == 0, 0, Y * log_a)
    # (32) J = -1/m sum_i sum_c Y log A[L]
    J = -jnp.sum(terms) / m
    return J.astype(AL.dtype)


def predict_classes(AL):
    """AL : (C, m) -> Y_hat : (1, m) int32 class numbers (the first on a tie)."""
    # (33) Y_hat = argmax_c A[L]
    Y_hat = jnp.argmax(AL, axis=0).reshape(1, -1).astype(jnp.int32)
    return Y_hat
