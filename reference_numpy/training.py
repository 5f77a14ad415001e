"""The training loop (full batch or mini-batches, any optimizer, a constant or decaying rate), prediction and
accuracy."""

import numpy as np

from reference_numpy import batchnorm
from reference_numpy.arithmetic import CORE
from reference_numpy.backward import L_model_backward
from reference_numpy.contract import TrainResult, as_train_config, check_minibatches
from reference_numpy.cost import compute_cost
from reference_numpy.errors import DLRosettaError
from reference_numpy.forward import L_model_forward
from reference_numpy.masks import check_config
from reference_numpy.minibatches import epoch_cost, minibatches
from reference_numpy.optimizers import epoch_learning_rate, initialize_state, update
from reference_numpy.regularization import add_l2_cost
from reference_numpy.softmax import labels_of, predict_classes
from reference_numpy.update import update_parameters_in_place
from reference_numpy.validation import check_inputs


def record_points(num_iterations, record_every):
    """Iterations whose cost is recorded: 0, k, 2k, ... below num_iterations (the course's i % k == 0)."""
    return list(range(0, num_iterations, record_every))


def forward(parameters, X, model, arithmetic=CORE, masks=None, keep_prob=1.0, running=None):
    """The forward tensors {"Z1", "A1", ..., "ZL", "AL"}, each (n[l], m); A0 = X is not returned. With dropout
    masks, A[l] is after dropout and the masks come back as "D<l>". A batch-normalized layer adds "mul",
    "sigma2l", "Znorml", "Ztildel" (running: use those statistics, as predict does)."""
    _, cache = L_model_forward(X, parameters, model, arithmetic, masks, keep_prob, running=running)
    return {key: value for key, value in cache.items() if key != "A0"}


def cost(parameters, X, Y, model, arithmetic=CORE, lambd=0.0, masks=None, keep_prob=1.0):
    """J for parameters, data and model: forward, then (3) given A[L] and Z[L] as the training loop does, plus the
    L2 term (13) where lambd > 0 (and through the dropout masks, where given)."""
    AL, cache = L_model_forward(X, parameters, model, arithmetic, masks, keep_prob)
    return add_l2_cost(compute_cost(AL, Y, cache[f"Z{model.L}"], arithmetic), parameters, lambd, Y.shape[1])


def gradients(parameters, X, Y, model, arithmetic=CORE, lambd=0.0, masks=None, keep_prob=1.0):
    """Forward then backward, with every intermediate: {"dZl", "dWl", "dbl", "dAl"} (L2 and dropout as in cost)."""
    AL, cache = L_model_forward(X, parameters, model, arithmetic, masks, keep_prob)
    return L_model_backward(Y, cache, parameters, model, True, arithmetic, lambd, masks, keep_prob)


def train(
    parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *,
    learning_rate=None, on_iteration=None, arithmetic=CORE,
):  # fmt: skip
    """The course's loop: for each epoch, its permutation's mini-batches (or the full batch), and for each one
    forward -> cost -> backward -> the optimizer's update; the schedule sets each epoch's rate.

    X : (n_x, m), Y : (1, m). config: a TrainConfig (reference_numpy.contract), or the legacy learning_rate,
    num_iterations, record_every (full-batch gradient descent). num_iterations counts epochs (one update each on
    the full batch). Returns a TrainResult (parameters, costs, state; unpacks as parameters, costs): costs :
    (ceil(num_iterations / record_every),) in X's dtype, the cost of epochs 0, k, 2k, ... (each batch's J taken
    before its update; over mini-batches the course's average, reference_numpy.minibatches.epoch_cost); state:
    the optimizer's after the last update. on_iteration(i), if given, is called after each epoch. arithmetic:
    the core's forms or a course preset's (reference_numpy.arithmetic).
    """
    Y = check_inputs(parameters, X, model, "train", Y=Y)
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="train")
    check_minibatches(config.batch_size, config.permutations, config.num_iterations, "train", m=X.shape[1])
    config, reg = check_config(config, model, X.shape[1], X.dtype, "train"), config.regularization
    state = initialize_state(parameters, config.optimizer)
    parameters = {key: value.copy() for key, value in parameters.items()}  # the loop's own: updated in place
    if config.full_batch_gd:  # the loop as it always was, bit for bit (L2 and dropout add their terms)
        costs = []
        running = batchnorm.initial_running(parameters, model)  # {} without batch normalization
        for i in range(config.num_iterations):
            masks = config.masks[i] if config.masks else None
            AL, cache = L_model_forward(X, parameters, model, arithmetic, masks, reg.keep_prob)
            running = batchnorm.update_running(running, cache, model)
            if i % config.record_every == 0:
                J = compute_cost(AL, Y, cache[f"Z{model.L}"], arithmetic)
                costs.append(add_l2_cost(J, parameters, reg.lambd, Y.shape[1]))
            grads = L_model_backward(Y, cache, parameters, model, False, arithmetic, reg.lambd, masks, reg.keep_prob)
            update_parameters_in_place(parameters, grads, config.learning_rate)
            if on_iteration is not None:
                on_iteration(i)
        state = {**state, "running": running} if model.batchnorm else state
        return TrainResult(parameters, np.array(costs, dtype=X.dtype), state)
    return _train_epochs(parameters, X, Y, model, config, state, on_iteration, arithmetic)


def _train_epochs(parameters, X, Y, model, config, state, on_iteration, arithmetic):
    """Epochs -> the reference's permutation -> mini-batches -> one step each; see train. (No L2 or dropout
    here: the config refuses them beside an optimizer, mini-batches or a decay.) A batch-normalized layer
    normalizes each mini-batch by its own statistics, and (39) averages them batch after batch."""
    m, optimizer, t, costs = X.shape[1], config.optimizer, 0, []
    running = batchnorm.initial_running(parameters, model)  # {} without batch normalization
    for epoch in range(config.num_iterations):
        alpha = epoch_learning_rate(config.learning_rate, epoch, config.schedule)
        permutation = None if config.permutations is None else config.permutations[epoch]
        batch_costs, batch_sizes = [], []
        for X_b, Y_b in minibatches(X, Y, permutation, config.batch_size):
            AL, cache = L_model_forward(X_b, parameters, model, arithmetic)
            running = batchnorm.update_running(running, cache, model)
            if epoch % config.record_every == 0:
                batch_costs.append(compute_cost(AL, Y_b, cache[f"Z{model.L}"], arithmetic))
                batch_sizes.append(X_b.shape[1])
            grads = L_model_backward(Y_b, cache, parameters, model, need_dA0=False, arithmetic=arithmetic)
            t += 1  # Adam's t counts updates across epochs, from 1
            if optimizer.name == "gd":
                update_parameters_in_place(parameters, grads, alpha)
            else:
                parameters, state = update(parameters, grads, state, t, alpha, optimizer)
        if batch_costs:
            costs.append(epoch_cost(batch_costs, batch_sizes, m, summed=arithmetic.cost == "total"))
        if on_iteration is not None:
            on_iteration(epoch)
    state = {**state, "running": running} if model.batchnorm else state
    return TrainResult(parameters, np.array(costs, dtype=X.dtype), state)


def predict(parameters, X, model, arithmetic=CORE, running=None):
    """X : (n_x, m) -> Y_hat : (1, m) int64 of 0/1, 1 where A[L] > 0.5 (a tie at 0.5 predicts 0); the class
    numbers 0..C-1 of a softmax output. running: a batch-normalized model's running statistics (TrainResult.state
    ["running"]); without them its layers use the statistics of X itself."""
    AL, _ = L_model_forward(X, parameters, model, arithmetic, running=running)
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
