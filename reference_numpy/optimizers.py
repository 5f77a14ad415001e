"""The course's optimizers as pairs (state initialisation, update) and its learning-rate schedules.

An optimizer is `initialize_state(parameters, optimizer) -> state` and `update(parameters, grads, state, t,
learning_rate, optimizer) -> (parameters, state)`, a pure function of the parameters, the gradients, the state and
the step t (1 for the first update; Adam's bias correction reads it), as optax's (init, update) and torch.optim's
(state, step) pair them. `optimizer` is a reference_numpy.contract.Optimizer (name, beta, beta1, beta2, epsilon).

The state is a dict of dicts keyed like the gradients ({"dW1": (n[1], n[0]), "db1": (n[1], 1), ...}):
    gd        {}                  no state
    momentum  {"v"}               v_dW[l], v_db[l], no bias correction (the course's)
    rmsprop   {"s"}               s_dW[l], s_db[l]
    adam      {"v", "s"}          and, after an update, {"v_corrected", "s_corrected"} (the 2021 course returns them)
Each line is written for W[l] and stands for b[l] too: the loops run over every parameter, dW[l] for db[l].
"""

import numpy as np

from reference_numpy.contract import STATE_KEYS
from reference_numpy.update import update_parameters


def initialize_state(parameters, optimizer):
    """Zeros shaped like each parameter under each of the optimizer's state keys ({} for gradient descent)."""
    zeros = {f"d{key}": np.zeros_like(value) for key, value in parameters.items()}
    return {part: {key: value.copy() for key, value in zeros.items()} for part in STATE_KEYS[optimizer.name]}


def gd_update(parameters, grads, state, t, learning_rate, optimizer):
    """(10), (11): W[l] - alpha dW[l]; no state."""
    return update_parameters(parameters, grads, learning_rate), state


def momentum_update(parameters, grads, state, t, learning_rate, optimizer):
    """v_dW[l] = beta v_dW[l] + (1 - beta) dW[l], then W[l] - alpha v_dW[l] (the course's, no bias correction)."""
    alpha, beta = float(learning_rate), optimizer.beta
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
    alpha, beta2, epsilon = float(learning_rate), optimizer.beta2, optimizer.epsilon
    new, s = {}, {}
    for key, W in parameters.items():
        dW = f"d{key}"
        # (22) s_dW[l] = beta2 s_dW[l] + (1-beta2) dW[l]^2
        s[dW] = beta2 * state["s"][dW] + (1 - beta2) * np.power(grads[dW], 2)
        # (23) W[l] = W[l] - alpha dW[l] / (sqrt(s_dW[l]) + epsilon)
        new[key] = W - alpha * grads[dW] / (np.sqrt(s[dW]) + epsilon)
    return new, {"s": s}


def adam_update(parameters, grads, state, t, learning_rate, optimizer):
    """Bias-corrected moments, epsilon outside the root; in the course's order of operations (v, v_corrected, s,
    s_corrected, then W - (alpha v_corrected) / (sqrt(s_corrected) + epsilon)). t >= 1 counts updates."""
    alpha, beta1, beta2, epsilon = float(learning_rate), optimizer.beta1, optimizer.beta2, optimizer.epsilon
    new, v, s, v_corrected, s_corrected = {}, {}, {}, {}, {}
    for key, W in parameters.items():
        dW = f"d{key}"
        # (24) v_dW[l] = beta1 v_dW[l] + (1-beta1) dW[l]
        v[dW] = beta1 * state["v"][dW] + (1 - beta1) * grads[dW]
        # (25) v_corrected[l] = v_dW[l] / (1 - beta1^t)
        v_corrected[dW] = v[dW] / (1 - beta1**t)
        # (22) s_dW[l] = beta2 s_dW[l] + (1-beta2) dW[l]^2
        s[dW] = beta2 * state["s"][dW] + (1 - beta2) * np.power(grads[dW], 2)
        # (26) s_corrected[l] = s_dW[l] / (1 - beta2^t)
        s_corrected[dW] = s[dW] / (1 - beta2**t)
        # (27) W[l] = W[l] - alpha v_corrected[l] / (sqrt(s_corrected[l]) + epsilon)
        new[key] = W - alpha * v_corrected[dW] / (np.sqrt(s_corrected[dW]) + epsilon)
    return new, {"v": v, "s": s, "v_corrected": v_corrected, "s_corrected": s_corrected}


UPDATES = {"gd": gd_update, "momentum": momentum_update, "rmsprop": rmsprop_update, "adam": adam_update}


def update(parameters, grads, state, t, learning_rate, optimizer):
    """One step of `optimizer`: (new parameters, new state); the inputs untouched."""
    return UPDATES[optimizer.name](parameters, grads, state, t, learning_rate, optimizer)


def learning_rate_at(learning_rate0, epoch, schedule):
    """The course's decay functions: alpha after `epoch` for a Schedule ("constant", "inverse", "scheduled").

    The course calls them after epoch i, so epoch i + 1 runs at learning_rate_at(alpha0, i) (epoch_learning_rate).
    """
    if schedule.kind == "inverse":
        # (28) alpha = alpha0 / (1 + decay_rate epoch)
        alpha = learning_rate0 / (1 + schedule.decay_rate * epoch)
    elif schedule.kind == "scheduled":
        # (29) alpha = alpha0 / (1 + decay_rate floor(epoch / time_interval))
        alpha = learning_rate0 / (1 + schedule.decay_rate * np.floor(epoch / schedule.time_interval))
    else:
        alpha = learning_rate0
    return alpha


def epoch_learning_rate(learning_rate0, epoch, schedule):
    """The rate epoch `epoch` runs at: alpha0 for epochs 0 and 1, then the decay of the epoch before (the course
    updates the rate after each epoch)."""
    return learning_rate0 if epoch == 0 else learning_rate_at(learning_rate0, epoch - 1, schedule)
