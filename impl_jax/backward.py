"""Backward propagation written out, layer L down to 1 (the manual variant).

As in the reference, the output layer uses (5) dZ[L] = A[L] - Y (sigmoid + cross-entropy, exact algebra,
finite at saturation) and `cost_backward` keeps the chain form (4) for step-by-step use. Like the course,
dZ and dA are gradients of m J: the 1/m sits in dW and db only.
"""

import jax.numpy as jnp
from jax import lax

from impl_jax import batchnorm
from impl_jax.activations import get_activation
from impl_jax.regularization import add_l2_gradient, dropout_backward


def cost_backward(AL, Y):
    """dJ/dA[L] per example (without the 1/m, which the course puts in dW and db): (1, m)."""
    # (4) dA[L] = -(Y / A[L] - (1-Y) / (1 - A[L]))
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    return dAL


def transposed(W):
    """W^T as an array of its own, W : (n[l], n[l-1]) -> (n[l-1], n[l]).

    For speed only: XLA's CPU backend multiplies a transposed left operand at about half the speed of a plain one
    (jax 0.10.2, 2 cores: 45 against 92 GFLOP/s for W^T dZ with W 256 x 256 and dZ 256 x 65536), while W[l] is
    small beside dZ[l], so copying it first costs little. The optimization barrier keeps XLA from folding the copy
    back into the product. Same products, same sums: only the order of the additions inside may differ.
    """
    return lax.optimization_barrier(W.T)


def linear_backward(dZ, A_prev, W, need_dA_prev=True):
    """dZ : (n[l], m), A_prev : (n[l-1], m), W : (n[l], n[l-1]) -> (dA_prev, dW, db).

    need_dA_prev=False returns None for dA_prev: training never uses dA[0], the gradient with respect to X.
    """
    m = A_prev.shape[1]
    # (8) dW[l] = 1/m dZ[l] A[l-1]^T
    dW = dZ @ A_prev.T / m
    # (9) db[l] = 1/m sum_i dZ[l](i)
    db = jnp.sum(dZ, axis=1, keepdims=True) / m
    if not need_dA_prev:
        return None, dW, db
    # (7) dA[l-1] = W[l]^T dZ[l]
    dA_prev = transposed(W) @ dZ
    return dA_prev, dW, db


def activation_backward(dA, Z, activation, leaky_slope=0.01):
    """dA, Z : (n[l], m) -> dZ : (n[l], m)."""
    _, g_prime = get_activation(activation, leaky_slope)
    # (6) dZ[l] = dA[l] * g[l]'(Z[l])
    dZ = dA * g_prime(Z)
    return dZ


def L_model_backward(Y, cache, parameters, model, need_dA0=True, lambd=0.0, masks=None, keep_prob=1.0):
    """Gradients of J for every layer: "dZl", "dWl", "dbl" for l = 1..L, "dAl" for l = 0..L-1.

    Y : (1, m); cache from L_model_forward. need_dA0=False skips W[1]^T dZ[1] and leaves "dA0" out.
    """
    L, m = model.L, Y.shape[1]
    grads = {}
    # (5) dZ[L] = A[L] - Y
    dZ = cache[f"A{L}"] - Y
    for l in range(L, 0, -1):
        normalized = l in model.batchnorm  # g's input is Z_tilde[l]; dZ_tilde[l] goes back through (37), (38)
        if l < L:
            dA = grads[f"dA{l}"]
            if masks is not None and f"D{l}" in masks:
                dA = dropout_backward(dA, masks[f"D{l}"], keep_prob)
            Z_in = cache[f"Ztilde{l}" if normalized else f"Z{l}"]
            dZ = activation_backward(dA, Z_in, model.activations[l - 1], model.leaky_slope)
        if normalized:
            dZ, bn_grads = batchnorm.layer_backward(dZ, cache, parameters, l, model)
            grads.update(bn_grads)
        grads[f"dZ{l}"] = dZ
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(
            dZ, cache[f"A{l - 1}"], parameters[f"W{l}"], need_dA_prev=(l > 1 or need_dA0)
        )
        grads[f"dW{l}"] = add_l2_gradient(grads[f"dW{l}"], parameters[f"W{l}"], lambd, m)
        if normalized:
            del grads[f"db{l}"]  # no b[l] on a normalized layer
        if dA_prev is not None:
            grads[f"dA{l - 1}"] = dA_prev
    return grads
