"""The training loop and prediction, the manual variant: reference_numpy/training.py in torch.

Every function takes torch tensors in the course's layout (X : (n_x, m), Y : (1, m), parameters W[l], b[l]) on one
device and dtype, and returns tensors there; the adapter converts at the boundary. No autograd: everything runs
under torch.no_grad().
"""

import numpy as np
import torch

from impl_torch import batchnorm
from impl_torch.backward import L_model_backward
from impl_torch.cost import compute_cost
from impl_torch.forward import L_model_forward
from impl_torch.optimizers import epoch_learning_rate, initialize_state, update
from impl_torch.regularization import add_l2_cost
from impl_torch.softmax import predict_classes
from impl_torch.update import update_parameters_in_place
from reference_numpy.contract import TrainResult, as_train_config, check_minibatches
from reference_numpy.minibatches import batch_bounds, epoch_cost
from reference_numpy.training import record_points


@torch.no_grad()
def forward(parameters, X, model, masks=None, keep_prob=1.0, running=None):
    """{"Z1", "A1", ..., "ZL", "AL"} from the written-out forward pass (A0 = X is not returned; with dropout masks,
    A[l] after dropout and the masks "D<l>"); batch-normalized layers add their "mul", "sigma2l", "Znorml",
    "Ztildel" (running: those statistics)."""
    _, cache = L_model_forward(X, parameters, model, masks, keep_prob, running=running)
    return {key: value for key, value in cache.items() if key != "A0"}


@torch.no_grad()
def cost(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """J (0-d tensor) from the written-out forward pass and cost, given Z[L] like the training loop (+ L2, dropout)."""
    AL, cache = L_model_forward(X, parameters, model, masks, keep_prob)
    return add_l2_cost(compute_cost(AL, Y, cache[f"Z{model.L}"]), parameters, lambd, Y.shape[1])


@torch.no_grad()
def gradients(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """Forward then backward, with every intermediate: {"dZl", "dWl", "dbl", "dAl"} (+ L2, dropout)."""
    AL, cache = L_model_forward(X, parameters, model, masks, keep_prob)
    return L_model_backward(Y, cache, parameters, model, True, lambd, masks, keep_prob)


def cost_record(num_iterations, record_every, X):
    """The costs at iterations 0, k, 2k, ...: preallocated on X's device, so recording one is a device-side copy
    and the loop never waits for the device (no .item(), no .cpu() per iteration)."""
    return torch.zeros(len(record_points(num_iterations, record_every)), dtype=X.dtype, device=X.device)


@torch.no_grad()
def cost_and_gradients(parameters, X, Y, model):
    """One step's (J, {"dWl", "dbl", ...}) written out: forward, (3), backward without dA[0]."""
    AL, cache = L_model_forward(X, parameters, model)
    J = compute_cost(AL, Y, cache[f"Z{model.L}"])
    return J, L_model_backward(Y, cache, parameters, model, need_dA0=False)


@torch.no_grad()
def train(parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
    """The course's loop: epochs -> the reference's permutation -> mini-batches -> forward, cost, backward,
    the optimizer's update (reference_numpy.training.train).

    config: a TrainConfig, or the legacy learning_rate, num_iterations, record_every. Full-batch gradient descent
    updates the tensors of `parameters` in place. Returns a TrainResult with costs : (ceil(num_iterations /
    record_every),) on X's device (the epochs' costs, each batch's J before its update) and the optimizer's state.
    """
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="torch train")
    if not config.full_batch_gd:  # no L2 or dropout there: the config refuses them
        return train_epochs(parameters, X, Y, model, config, cost_and_gradients, update)
    state, reg = initialize_state(parameters, config.optimizer), config.regularization
    running = batchnorm.initial_running(parameters, model)  # {} without batch normalization
    costs = cost_record(config.num_iterations, config.record_every, X)
    for i in range(config.num_iterations):
        masks = config.masks[i] if config.masks else None
        AL, cache = L_model_forward(X, parameters, model, masks, reg.keep_prob)
        running = batchnorm.update_running(running, cache, model)
        if i % config.record_every == 0:
            J = compute_cost(AL, Y, cache[f"Z{model.L}"])
            costs[i // config.record_every] = add_l2_cost(J, parameters, reg.lambd, Y.shape[1])
        grads = L_model_backward(Y, cache, parameters, model, False, reg.lambd, masks, reg.keep_prob)
        parameters = update_parameters_in_place(parameters, grads, config.learning_rate)
    state = {**state, "running": running} if model.batchnorm else state
    return TrainResult(parameters, costs, state)


def permutation_tensors(config, X):
    """The reference's permutations as one (num_epochs, m) int64 tensor on X's device (None: full batch)."""
    check_minibatches(config.batch_size, config.permutations, config.num_iterations, "torch train", m=X.shape[1])
    if config.permutations is None or config.num_iterations == 0:
        return None
    return torch.as_tensor(np.stack(config.permutations), dtype=torch.int64, device=X.device)


def train_epochs(parameters, X, Y, model, config, step_fn, update_fn):
    """Epochs -> permutation -> mini-batches -> step_fn(parameters, X_b, Y_b, model) -> (J, grads), then
    update_fn(parameters, grads, state, t, alpha, optimizer) -> (parameters, state). Shared by the manual and
    autograd variants; the costs as reference_numpy.training records them."""
    P, m = permutation_tensors(config, X), X.shape[1]
    bounds = batch_bounds(m, config.batch_size)
    state = initialize_state(parameters, config.optimizer)
    running = batchnorm.initial_running(parameters, model)  # {} without batch normalization
    costs = cost_record(config.num_iterations, config.record_every, X)
    t = 0
    for epoch in range(config.num_iterations):
        alpha = epoch_learning_rate(config.learning_rate, epoch, config.schedule)
        X_e, Y_e = (X, Y) if P is None else (X[:, P[epoch]], Y[:, P[epoch]])
        batch_costs = []
        for a, b in bounds:
            if model.batchnorm:  # the running averages of (39), after each mini-batch's forward pass
                with torch.no_grad():
                    cache = L_model_forward(X_e[:, a:b], parameters, model)[1]
                running = batchnorm.update_running(running, cache, model)
            J, grads = step_fn(parameters, X_e[:, a:b], Y_e[:, a:b], model)
            batch_costs.append(J.detach())
            t += 1  # Adam's t counts updates across epochs, from 1
            parameters, state = update_fn(parameters, grads, state, t, alpha, config.optimizer)
        if epoch % config.record_every == 0:
            costs[epoch // config.record_every] = epoch_cost(batch_costs, [b - a for a, b in bounds], m)
    return TrainResult(parameters, costs, {**state, "running": running} if model.batchnorm else state)


@torch.no_grad()
def predict(parameters, X, model, running=None):
    """X : (n_x, m) -> Y_hat : (1, m) int64 of 0/1, 1 where A[L] > 0.5 (a tie at 0.5 predicts 0); class numbers
    for a softmax output; running: a batch-normalized model's running statistics."""
    AL, _ = L_model_forward(X, parameters, model, running=running)
    if model.activations[-1] == "softmax":
        return predict_classes(AL)
    # (12) Y_hat = 1{A[L] > 0.5}
    Y_hat = (AL > 0.5).to(torch.int64)
    return Y_hat
