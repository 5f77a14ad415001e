"""The course's optimizers and learning-rate schedules written out in JAX: reference_numpy/optimizers.py.

The same pairs (initialize_state, update) on jax arrays, pure functions traced into the compiled loop: t, the
learning rate and the epoch may be traced scalars. The framework's own optimizers (optax.sgd with momentum,
optax.rmsprop, optax.adam) are the jax-autodiff variant's (impl_jax/optax_optimizers.py).
"""

import jax.numpy as jnp

from impl_jax.update import update_parameters
from reference_numpy.contract import STATE_KEYS


def initialize_state(parameters, optimizer):
    """Zeros shaped like each parameter under each of the optimizer's state keys ({} for gradient descent)."""
    return {
        part: {f"d{key}": jnp.zeros_like(value) for key, value in parameters.items()}
        for part in STATE_KEYS[optimizer.name]
    }


def gd_update(parameters, grads, state, t, learning_rate, optimizer):
    """(10), (11): W[l] - alpha dW[l]; no state."""
    return update_parameters(parameters, grads, learning_rate), state


def momentum_update(parameters, grads, state, t, learning_rate, optimizer):
    """v_dW[l] = beta v_dW[l] + (1 - beta) dW[l], then W[l] - alpha v_dW[l]."""
    alpha, beta = learning_rate, optimizer.beta
    new, v = {}, {}
    for key, W in parameters.items():
        dW = f"d{key}"
        # (20) v_dW[l] = beta v_dW[l] + (1-beta) dW[l]
        v[dW] = beta * state["v"][dW] + (1 - beta) * grads[dW]
        # (21) W[l] = W[l] - alpha v_dW[l]
        new[key] = W - alpha * v[dW]
    return new, {"v": v}


def rmsprop_update(parameters, grads, state, t, learning_rate, optimizer):
    """s_dW[l] = beta2 s_dW[l] + (1 - beta2) dW[l]^2, then W[l] - alpha dW[l] / (sqrt(s_dW[l]) + epsilon)."""
    alpha, beta2, epsilon = learning_rate, optimizer.beta2, optimizer.epsilon
    new, s = {}, {}
    for key, W in parameters.items():
        dW = f"d{key}"
        # (22) s_dW[l] = beta2 s_dW[l] + (1-beta2) dW[l]^2
        s[dW] = beta2 * state["s"][dW] + (1 - beta2) * jnp.square(grads[dW])
        # (23) W[l] = W[l] - alpha dW[l] / (sqrt(s_dW[l]) + epsilon)
        new[key] = W - alpha * grads[dW] / (jnp.sqrt(s[dW]) + epsilon)
    return new, {"s": s}


def adam_update(parameters, grads, state, t, learning_rate, optimizer):
    """Bias-corrected moments, epsilon outside the root, in the course's order of operations; t >= 1 (traced:
    1 - beta^t is computed in the parameters' dtype)."""
    alpha, beta1, beta2, epsilon = learning_rate, optimizer.beta1, optimizer.beta2, optimizer.epsilon
    new, v, s, v_corrected, s_corrected = {}, {}, {}, {}, {}
    for key, W in parameters.items():
        dW = f"d{key}"
        t_ = jnp.asarray(t, W.dtype)
        # (24) v_dW[l] = beta1 v_dW[l] + (1-beta1) dW[l]
        v[dW] = beta1 * state["v"][dW] + (1 - beta1) * grads[dW]
        # (25) v_corrected[l] = v_dW[l] / (1 - beta1^t)
        v_corrected[dW] = v[dW] / (1 - beta1**t_)
        # (22) s_dW[l] = beta2 s_dW[l] + (1-beta2) dW[l]^2
        s[dW] = beta2 * state["s"][dW] + (1 - beta2) * jnp.square(grads[dW])
        # (26) s_corrected[l] = s_dW[l] / (1 - beta2^t)
        s_corrected[dW] = s[dW] / (1 - beta2**t_)
        # (27) W[l] = W[l] - alpha v_corrected[l] / (sqrt(s_corrected[l]) + epsilon)
        new[key] = W - alpha * v_corrected[dW] / (jnp.sqrt(s_corrected[dW]) + epsilon)
    return new, {"v": v, "s": s, "v_corrected": v_corrected, "s_corrected": s_corrected}


UPDATES = {"gd": gd_update, "momentum": momentum_update, "rmsprop": rmsprop_update, "adam": adam_update}


def update(parameters, grads, state, t, learning_rate, optimizer):
    """One step of `optimizer`: (new parameters, new state)."""
    return UPDATES[optimizer.name](parameters, grads, state, t, learning_rate, optimizer)


def learning_rate_at(learning_rate0, epoch, schedule):
    """alpha after `epoch`; learning_rate0 and epoch may be traced (alpha in learning_rate0's dtype)."""
    if schedule.kind == "inverse":
        # (28) alpha = alpha0 / (1 + decay_rate epoch)
        alpha = learning_rate0 / (1 + schedule.decay_rate * epoch)
    elif schedule.kind == "scheduled":
        # (29) alpha = alpha0 / (1 + decay_rate floor(epoch / time_interval))
        alpha = learning_rate0 / (1 + schedule.decay_rate * jnp.floor(epoch / schedule.time_interval))
    else:
        alpha = learning_rate0
    return alpha


def epoch_learning_rate(learning_rate0, epoch, schedule):
    """The rate epoch `epoch` runs at: alpha0, then the decay of the epoch before (the course's order)."""
    alpha0 = jnp.asarray(learning_rate0)
    epoch = jnp.asarray(epoch, alpha0.dtype)
    return jnp.where(epoch == 0, alpha0, learning_rate_at(alpha0, jnp.maximum(epoch - 1, 0), schedule))
