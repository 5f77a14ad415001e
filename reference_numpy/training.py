"""Batch gradient descent, prediction and accuracy."""

import math

import numpy as np

from reference_numpy.arithmetic import CORE
from reference_numpy.backward import L_model_backward
from reference_numpy.cost import compute_cost
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import L_model_forward
from reference_numpy.update import update_parameters
from reference_numpy.validation import check_inputs


def check_schedule(learning_rate, num_iterations, record_every, where):
    """learning_rate > 0 and finite, num_iterations >= 0, record_every >= 1 (integers)."""
    if not isinstance(learning_rate, (int, float)) or not math.isfinite(learning_rate) or learning_rate <= 0:
        raise DLRosettaError(f"{where}: learning_rate must be a finite number > 0; got {learning_rate!r}")
    for name, value, low in (("num_iterations", num_iterations, 0), ("record_every", record_every, 1)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
            raise DLRosettaError(f"{where}: {name} must be an integer >= {low}; got {value!r}")


def record_points(num_iterations, record_every):
    """Iterations whose cost is recorded: 0, k, 2k, ... below num_iterations (the course's i % k == 0)."""
    return list(range(0, num_iterations, record_every))


def gradients(parameters, X, Y, model, arithmetic=CORE):
    """Forward then backward, with every intermediate: {"dZl", "dWl", "dbl", "dAl"}."""
    AL, cache = L_model_forward(X, parameters, model, arithmetic)
    return L_model_backward(Y, cache, parameters, model, arithmetic=arithmetic)


def train(parameters, X, Y, model, learning_rate, num_iterations, record_every=100, on_iteration=None, arithmetic=CORE):
    """Full-batch gradient descent, the course's loop: forward -> cost -> backward -> update.

    X : (n_x, m), Y : (1, m). Returns (parameters, costs) where costs : (ceil(num_iterations / record_every),)
    holds J at iterations 0, k, 2k, ..., each taken before that iteration's update, in X's dtype.
    on_iteration(i), if given, is called after each update (a progress bar, say). arithmetic: the core's forms
    or a course preset's (reference_numpy.arithmetic).
    """
    Y = check_inputs(parameters, X, model, "train", Y=Y)
    check_schedule(learning_rate, num_iterations, record_every, "train")
    parameters = {key: value.copy() for key, value in parameters.items()}  # the loop's own: updated in place
    costs = []
    for i in range(num_iterations):
        AL, cache = L_model_forward(X, parameters, model, arithmetic)
        if i % record_every == 0:
            costs.append(compute_cost(AL, Y, cache[f"Z{model.L}"], arithmetic))
        grads = L_model_backward(Y, cache, parameters, model, need_dA0=False, arithmetic=arithmetic)
        update_parameters(parameters, grads, learning_rate, in_place=True)
        if on_iteration is not None:
            on_iteration(i)
    return parameters, np.array(costs, dtype=X.dtype)


def predict(parameters, X, model, arithmetic=CORE):
    """X : (n_x, m) -> Y_hat : (1, m) int64 of 0/1, 1 where A[L] > 0.5 (a tie at 0.5 predicts 0)."""
    AL, _ = L_model_forward(X, parameters, model, arithmetic)
    # (12) Y_hat = 1{A[L] > 0.5}
    Y_hat = (AL > 0.5).astype(np.int64)
    return Y_hat


def accuracy(Y_hat, Y):
    """The fraction of examples where Y_hat == Y (both (1, m))."""
    if Y_hat.shape != Y.shape:
        raise DLRosettaError(f"accuracy: Y_hat has shape {Y_hat.shape} but Y has {Y.shape}; expected equal shapes")
    return float(np.mean(Y_hat == Y))
