"""The course's optimizers and learning-rate schedules written out in torch: reference_numpy/optimizers.py.

The same pairs (initialize_state, update) on tensors, the same order of operations, so on a CPU in float64 each
step rounds as NumPy does. The framework's own optimizers (torch.optim.SGD with momentum, RMSprop, Adam) are the
torch-nn variant's (impl_torch/nn.py), with the mapping of their conventions to the course's.
"""

import math

import torch

from impl_torch.update import update_parameters
from reference_numpy.contract import STATE_KEYS


def initialize_state(parameters, optimizer):
    """Zeros shaped like each parameter under each of the optimizer's state keys ({} for gradient descent)."""
    return {
        part: {f"d{key}": torch.zeros_like(value) for key, value in parameters.items()}
        for part in STATE_KEYS[optimizer.name]
    }


@torch.no_grad()
def gd_update(parameters, grads, state, t, learning_rate, optimizer):
    """(10), (11): W[l] - alpha dW[l]; no state."""
    return update_parameters(parameters, grads, learning_rate), state


@torch.no_grad()
def momentum_update(parameters, grads, state, t, learning_rate, optimizer):
    """v_dW[l] = beta v_dW[l] + (1 - beta) dW[l], then W[l] - alpha v_dW[l]."""
    alpha, beta = float(learning_rate), optimizer.beta
    new, v = {}, {}
    for key, W in parameters.items():
        dW = f"d{key}"
        # (20) v_dW[l] = beta v_dW[l] + (1-beta) dW[l]
        v[dW] = beta * state["v"][dW] + (1 - beta) * grads[dW]
        # (21) W[l] = W[l] - alpha v_dW[l]
        new[key] = W - alpha * v[dW]
    return new, {"v": v}


@torch.no_grad()
def rmsprop_update(parameters, grads, state, t, learning_rate, optimizer):
    """s_dW[l] = beta2 s_dW[l] + (1 - beta2) dW[l]^2, then W[l] - alpha dW[l] / (sqrt(s_dW[l]) + epsilon)."""
    alpha, beta2, epsilon = float(learning_rate), optimizer.beta2, optimizer.epsilon
    new, s = {}, {}
    for key, W in parameters.items():
        dW = f"d{key}"
        # (22) s_dW[l] = beta2 s_dW[l] + (1-beta2) dW[l]^2
        s[dW] = beta2 * state["s"][dW] + (1 - beta2) * torch.square(grads[dW])
        # (23) W[l] = W[l] - alpha dW[l] / (sqrt(s_dW[l]) + epsilon)
        new[key] = W - alpha * grads[dW] / (torch.sqrt(s[dW]) + epsilon)
    return new, {"s": s}


@torch.no_grad()
def adam_update(parameters, grads, state, t, learning_rate, optimizer):
    """Bias-corrected moments, epsilon outside the root, in the course's order of operations; t >= 1."""
    alpha, beta1, beta2, epsilon = float(learning_rate), optimizer.beta1, optimizer.beta2, optimizer.epsilon
    new, v, s, v_corrected, s_corrected = {}, {}, {}, {}, {}
    for key, W in parameters.items():
        dW = f"d{key}"
        # (24) v_dW[l] = beta1 v_dW[l] + (1-beta1) dW[l]
        v[dW] = beta1 * state["v"][dW] + (1 - beta1) * grads[dW]
        # (25) v_corrected[l] = v_dW[l] / (1 - beta1^t)
        v_corrected[dW] = v[dW] / (1 - beta1**t)
        # (22) s_dW[l] = beta2 s_dW[l] + (1-beta2) dW[l]^2
        s[dW] = beta2 * state["s"][dW] + (1 - beta2) * torch.square(grads[dW])
        # (26) s_corrected[l] = s_dW[l] / (1 - beta2^t)
        s_corrected[dW] = s[dW] / (1 - beta2**t)
        # (27) W[l] = W[l] - alpha v_corrected[l] / (sqrt(s_corrected[l]) + epsilon)
        new[key] = W - alpha * v_corrected[dW] / (torch.sqrt(s_corrected[dW]) + epsilon)
    return new, {"v": v, "s": s, "v_corrected": v_corrected, "s_corrected": s_corrected}


UPDATES = {"gd": gd_update, "momentum": momentum_update, "rmsprop": rmsprop_update, "adam": adam_update}


def update(parameters, grads, state, t, learning_rate, optimizer):
    """One step of `optimizer`: (new parameters, new state); the inputs untouched."""
    return UPDATES[optimizer.name](parameters, grads, state, t, learning_rate, optimizer)


def learning_rate_at(learning_rate0, epoch, schedule):
    """alpha after `epoch` (Python floats: the rate is a host-side number in torch's eager loop)."""
    if schedule.kind == "inverse":
        # (28) alpha = alpha0 / (1 + decay_rate epoch)
        alpha = learning_rate0 / (1 + schedule.decay_rate * epoch)
    elif schedule.kind == "scheduled":
        # (29) alpha = alpha0 / (1 + decay_rate floor(epoch / time_interval))
        alpha = learning_rate0 / (1 + schedule.decay_rate * math.floor(epoch / schedule.time_interval))
    else:
        alpha = learning_rate0
    return alpha


def epoch_learning_rate(learning_rate0, epoch, schedule):
    """The rate epoch `epoch` runs at: alpha0, then the decay of the epoch before (the course's order)."""
    return learning_rate0 if epoch == 0 else learning_rate_at(learning_rate0, epoch - 1, schedule)
