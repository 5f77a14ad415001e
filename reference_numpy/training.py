"""Batch gradient descent, prediction and accuracy."""

import numpy as np

from reference_numpy import batchnorm
from reference_numpy.arithmetic import CORE
from reference_numpy.backward import L_model_backward
from reference_numpy.contract import TrainResult, as_train_config
from reference_numpy.cost import compute_cost
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import L_model_forward
from reference_numpy.softmax import labels_of, predict_classes
from reference_numpy.update import initialize_optimizer_state, update_parameters_in_place
from reference_numpy.validation import check_inputs


def record_points(num_iterations, record_every):
    """Iterations whose cost is recorded: 0, k, 2k, ... below num_iterations (the course's i % k == 0)."""
    return list(range(0, num_iterations, record_every))


def forward(parameters, X, model, arithmetic=CORE, running=None):
    """The forward tensors {"Z1", "A1", ..., "ZL", "AL"}, each (n[l], m); A0 = X is not returned. A batch-normalized
    layer adds "mul", "sigma2l", "Znorml", "Ztildel" (running: use those statistics, as predict does)."""
    _, cache = L_model_forward(X, parameters, model, arithmetic, running)
    return {key: value for key, value in cache.items() if key != "A0"}


def cost(parameters, X, Y, model, arithmetic=CORE):
    """J for parameters, data and model: forward, then (3) given A[L] and Z[L] as the training loop does."""
    AL, cache = L_model_forward(X, parameters, model, arithmetic)
    return compute_cost(AL, Y, cache[f"Z{model.L}"], arithmetic)


def gradients(parameters, X, Y, model, arithmetic=CORE):
    """Forward then backward, with every intermediate: {"dZl", "dWl", "dbl", "dAl"}."""
    AL, cache = L_model_forward(X, parameters, model, arithmetic)
    return L_model_backward(Y, cache, parameters, model, arithmetic=arithmetic)


def train(
    parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *,
    learning_rate=None, on_iteration=None, arithmetic=CORE,
):  # fmt: skip
    """Full-batch gradient descent, the course's loop: forward -> cost -> backward -> update.

    X : (n_x, m), Y : (1, m). config: a TrainConfig (reference_numpy.contract), or the legacy learning_rate,
    num_iterations, record_every. Returns a TrainResult (parameters, costs, state; unpacks as parameters, costs)
    where costs : (ceil(num_iterations / record_every),) holds J at iterations 0, k, 2k, ..., each taken before
    that iteration's update, in X's dtype. on_iteration(i), if given, is called after each update (a progress
    bar, say). arithmetic: the core's forms or a course preset's (reference_numpy.arithmetic).
    """
    Y = check_inputs(parameters, X, model, "train", Y=Y)
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="train")
    state = initialize_optimizer_state(parameters, config.optimizer)
    running = batchnorm.initial_running(parameters, model)  # {} without batch normalization
    parameters = {key: value.copy() for key, value in parameters.items()}  # the loop's own: updated in place
    costs = []
    for i in range(config.num_iterations):
        AL, cache = L_model_forward(X, parameters, model, arithmetic)
        running = batchnorm.update_running(running, cache, model)
        if i % config.record_every == 0:
            costs.append(compute_cost(AL, Y, cache[f"Z{model.L}"], arithmetic))
        grads = L_model_backward(Y, cache, parameters, model, need_dA0=False, arithmetic=arithmetic)
        update_parameters_in_place(parameters, grads, config.learning_rate)
        if on_iteration is not None:
            on_iteration(i)
    state = {**state, "running": running} if model.batchnorm else state
    return TrainResult(parameters, np.array(costs, dtype=X.dtype), state)


def predict(parameters, X, model, arithmetic=CORE, running=None):
    """X : (n_x, m) -> Y_hat : (1, m) int64 of 0/1, 1 where A[L] > 0.5 (a tie at 0.5 predicts 0); the class
    numbers 0..C-1 of a softmax output. running: a batch-normalized model's running statistics (TrainResult.state
    ["running"]); without them its layers use the statistics of X itself."""
    AL, _ = L_model_forward(X, parameters, model, arithmetic, running)
    if model.activations[-1] == "softmax":
        return predict_classes(AL)
    # (12) Y_hat = 1{A[L] > 0.5}
    Y_hat = (AL > 0.5).astype(np.int64)
    return Y_hat


def accuracy(Y_hat, Y):
    """The fraction of examples where Y_hat == Y (both (1, m)); a one-hot Y : (C, m) is compared by class."""
    if Y.ndim == 2 and Y.shape[0] > 1 and Y_hat.shape == (1, Y.shape[1]):
        Y = labels_of(Y)
    if Y_hat.shape != Y.shape:
        raise DLRosettaError(f"accuracy: Y_hat has shape {Y_hat.shape} but Y has {Y.shape}; expected equal shapes")
    return float(np.mean(Y_hat == Y))
