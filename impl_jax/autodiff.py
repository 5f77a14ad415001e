"""The autodiff variant: forward and cost written out (impl_jax.forward, impl_jax.cost), gradients by jax.grad.

Scale convention: jax.grad differentiates J itself, while the course's dZ[l] and dA[l] are gradients of m J
(the course puts the 1/m in dW and db only). dW and db from jax.grad are the course's as they are; dZ and dA
are multiplied by m below, explicitly.

The intermediates come from additive zero "taps": Z[l] + 0 and A[l] + 0 in the forward. The gradient of J
with respect to a tap at zero is the gradient with respect to that tensor, so one jax.grad gives dZ[l],
dA[l] and dW, db together. Training uses `cost_and_gradients`, which differentiates with respect to the
parameters only, so JAX never forms dA[0] = W[1]^T dZ[1] there.
"""

from functools import partial

import jax
import jax.numpy as jnp

from impl_jax import batchnorm
from impl_jax.activations import get_activation
from impl_jax.cost import compute_cost
from impl_jax.forward import linear_forward
from impl_jax.regularization import add_l2_cost, dropout_forward
from impl_jax.softmax import softmax
from impl_jax.training import model_cost


def cost_and_gradients(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """One training step's (J, {"dWl", "dbl"}) by jax.value_and_grad of the written-out J (with L2 and dropout)."""
    # (5) dZ[L] = A[L] - Y : by jax.grad
    # (6) dZ[l] = dA[l] * g[l]'(Z[l]) : by jax.grad
    # (7) dA[l-1] = W[l]^T dZ[l] : by jax.grad
    # (8) dW[l] = 1/m dZ[l] A[l-1]^T : by jax.grad
    # (9) db[l] = 1/m sum_i dZ[l](i) : by jax.grad
    # (14) dW[l] = dW[l] + lambd/m W[l] : by jax.grad
    # (17) dA[l] = dA[l] * D[l] / keep_prob : by jax.grad
    J, dparams = jax.value_and_grad(model_cost)(parameters, X, Y, model, lambd, masks, keep_prob)
    return J, {f"d{key}": value for key, value in dparams.items()}


def _tapped_cost(parameters, taps, X, Y, model, lambd, masks, keep_prob):
    """J with zero taps added to A[0..L-1] and Z[1..L]: (1) and (2) as impl_jax.forward writes them, the dropout
    (16) before A[l]'s tap (dA[l] is with respect to the dropped A[l], as in the reference), and (13)."""
    A = X + taps["A0"]
    for l in range(1, model.L + 1):
        g = softmax if l == model.L and model.activations[-1] == "softmax" else get_activation(
            model.activations[l - 1], model.leaky_slope
        )[0]  # fmt: skip
        if (
            l in model.batchnorm
        ):  # Z[l] = W[l] A[l-1], then (34)-(36) of impl_jax.batchnorm, a tap on each of Z, Z_tilde
            Z = parameters[f"W{l}"] @ A + taps[f"Z{l}"]
            mu, sigma2 = batchnorm.batch_statistics(Z)
            _, Z_tilde = batchnorm.batchnorm_forward(Z, parameters[f"gamma{l}"], parameters[f"beta{l}"], mu, sigma2,
                                                     model.bn_epsilon)  # fmt: skip
            A = g(Z_tilde + taps[f"Ztilde{l}"])
        else:
            Z = linear_forward(A, parameters[f"W{l}"], parameters[f"b{l}"]) + taps[f"Z{l}"]
            A = g(Z)
        if masks is not None and f"D{l}" in masks:
            A = dropout_forward(A, masks[f"D{l}"], keep_prob)
        if l < model.L:
            A = A + taps[f"A{l}"]
    return add_l2_cost(compute_cost(A, Y, Z), parameters, lambd, Y.shape[1])


@partial(jax.jit, static_argnames=("model",))
def gradients(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """{"dZl", "dWl", "dbl" (l = 1..L), "dAl" (l = 0..L-1)} in the course's scale, all by one jax.grad."""
    m = X.shape[1]
    dims = model.layer_dims
    taps = {f"A{l}": jnp.zeros((dims[l], m), X.dtype) for l in range(model.L)}
    taps |= {f"Z{l}": jnp.zeros((dims[l], m), X.dtype) for l in range(1, model.L + 1)}
    taps |= {f"Ztilde{l}": jnp.zeros((dims[l], m), X.dtype) for l in model.batchnorm}
    # (37) dgamma[l] = 1/m sum_i dZ_tilde[l] Z_norm[l], dbeta[l] = 1/m sum_i dZ_tilde[l] : by jax.grad
    # (38) dZ[l] = gamma[l] / sqrt(sigma2[l] + eps) (dZ_tilde[l] - dbeta[l] - Z_norm[l] dgamma[l]) : by jax.grad
    # (5) dZ[L] = A[L] - Y : by jax.grad
    # (6) dZ[l] = dA[l] * g[l]'(Z[l]) : by jax.grad
    # (7) dA[l-1] = W[l]^T dZ[l] : by jax.grad
    # (8) dW[l] = 1/m dZ[l] A[l-1]^T : by jax.grad
    # (9) db[l] = 1/m sum_i dZ[l](i) : by jax.grad
    dparams, dtaps = jax.grad(_tapped_cost, argnums=(0, 1))(parameters, taps, X, Y, model, lambd, masks, keep_prob)
    grads = {f"d{key}": value for key, value in dparams.items()}
    # jax.grad gives dJ/dZ[l] and dJ/dA[l]; the course's dZ[l], dA[l] are gradients of m J: times m.
    grads |= {f"d{key}": m * value for key, value in dtaps.items()}
    return grads
