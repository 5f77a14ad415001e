"""Batch gradient descent and prediction, the manual variant: reference_numpy/training.py in torch.

Every function takes torch tensors in the course's layout (X : (n_x, m), Y : (1, m), parameters W[l], b[l]) on one
device and dtype, and returns tensors there; the adapter converts at the boundary. No autograd: everything runs
under torch.no_grad().
"""

import torch

from impl_torch import batchnorm
from impl_torch.backward import L_model_backward
from impl_torch.cost import compute_cost
from impl_torch.forward import L_model_forward
from impl_torch.softmax import predict_classes
from impl_torch.update import initialize_optimizer_state, update_parameters_in_place
from reference_numpy.contract import TrainResult, as_train_config
from reference_numpy.training import record_points


@torch.no_grad()
def forward(parameters, X, model, running=None):
    """{"Z1", "A1", ..., "ZL", "AL"} from the written-out forward pass (A0 = X is not returned); batch-normalized
    layers add their "mul", "sigma2l", "Znorml", "Ztildel" (running: those statistics)."""
    _, cache = L_model_forward(X, parameters, model, running)
    return {key: value for key, value in cache.items() if key != "A0"}


@torch.no_grad()
def cost(parameters, X, Y, model):
    """J (0-d tensor) from the written-out forward pass and cost, given Z[L] like the training loop."""
    AL, cache = L_model_forward(X, parameters, model)
    return compute_cost(AL, Y, cache[f"Z{model.L}"])


@torch.no_grad()
def gradients(parameters, X, Y, model):
    """Forward then backward, with every intermediate: {"dZl", "dWl", "dbl", "dAl"}."""
    AL, cache = L_model_forward(X, parameters, model)
    return L_model_backward(Y, cache, parameters, model)


def cost_record(num_iterations, record_every, X):
    """The costs at iterations 0, k, 2k, ...: preallocated on X's device, so recording one is a device-side copy
    and the loop never waits for the device (no .item(), no .cpu() per iteration)."""
    return torch.zeros(len(record_points(num_iterations, record_every)), dtype=X.dtype, device=X.device)


@torch.no_grad()
def train(parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
    """Full-batch gradient descent, the course's loop: forward -> cost -> backward -> update.

    config: a TrainConfig, or the legacy learning_rate, num_iterations, record_every. Updates the tensors of
    `parameters` in place. Returns a TrainResult with costs : (ceil(num_iterations / record_every),) on X's
    device, J at iterations 0, k, 2k, ..., each taken before that iteration's update.
    """
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="torch train")
    state = initialize_optimizer_state(parameters, config.optimizer)
    running = batchnorm.initial_running(parameters, model)  # {} without batch normalization
    costs = cost_record(config.num_iterations, config.record_every, X)
    for i in range(config.num_iterations):
        AL, cache = L_model_forward(X, parameters, model)
        running = batchnorm.update_running(running, cache, model)
        if i % config.record_every == 0:
            costs[i // config.record_every] = compute_cost(AL, Y, cache[f"Z{model.L}"])
        grads = L_model_backward(Y, cache, parameters, model, need_dA0=False)
        parameters = update_parameters_in_place(parameters, grads, config.learning_rate)
    state = {**state, "running": running} if model.batchnorm else state
    return TrainResult(parameters, costs, state)


@torch.no_grad()
def predict(parameters, X, model, running=None):
    """X : (n_x, m) -> Y_hat : (1, m) int64 of 0/1, 1 where A[L] > 0.5 (a tie at 0.5 predicts 0); class numbers
    for a softmax output; running: a batch-normalized model's running statistics."""
    AL, _ = L_model_forward(X, parameters, model, running)
    if model.activations[-1] == "softmax":
        return predict_classes(AL)
    # (12) Y_hat = 1{A[L] > 0.5}
    Y_hat = (AL > 0.5).to(torch.int64)
    return Y_hat
