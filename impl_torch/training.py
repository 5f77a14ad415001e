"""Batch gradient descent and prediction, the manual variant: reference_numpy/training.py in torch.

Every function takes torch tensors in the course's layout (X : (n_x, m), Y : (1, m), parameters W[l], b[l]) on one
device and dtype, and returns tensors there; the adapter converts at the boundary. No autograd: everything runs
under torch.no_grad().
"""

import torch

from impl_torch.backward import L_model_backward
from impl_torch.cost import compute_cost
from impl_torch.forward import L_model_forward
from impl_torch.regularization import add_l2_cost
from impl_torch.update import initialize_optimizer_state, update_parameters_in_place
from reference_numpy.contract import TrainResult, as_train_config
from reference_numpy.training import record_points


@torch.no_grad()
def forward(parameters, X, model, masks=None, keep_prob=1.0):
    """{"Z1", "A1", ..., "ZL", "AL"} from the written-out forward pass (A0 = X is not returned; with dropout masks,
    A[l] after dropout and the masks "D<l>")."""
    _, cache = L_model_forward(X, parameters, model, masks, keep_prob)
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
def train(parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
    """Full-batch gradient descent, the course's loop: forward -> cost -> backward -> update.

    config: a TrainConfig, or the legacy learning_rate, num_iterations, record_every. Updates the tensors of
    `parameters` in place. Returns a TrainResult with costs : (ceil(num_iterations / record_every),) on X's
    device, J at iterations 0, k, 2k, ..., each taken before that iteration's update.
    """
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="torch train")
    state, reg = initialize_optimizer_state(parameters, config.optimizer), config.regularization
    costs = cost_record(config.num_iterations, config.record_every, X)
    for i in range(config.num_iterations):
        masks = config.masks[i] if config.masks else None
        AL, cache = L_model_forward(X, parameters, model, masks, reg.keep_prob)
        if i % config.record_every == 0:
            J = compute_cost(AL, Y, cache[f"Z{model.L}"])
            costs[i // config.record_every] = add_l2_cost(J, parameters, reg.lambd, Y.shape[1])
        grads = L_model_backward(Y, cache, parameters, model, False, reg.lambd, masks, reg.keep_prob)
        parameters = update_parameters_in_place(parameters, grads, config.learning_rate)
    return TrainResult(parameters, costs, state)


@torch.no_grad()
def predict(parameters, X, model):
    """X : (n_x, m) -> Y_hat : (1, m) int64 of 0/1, 1 where A[L] > 0.5 (a tie at 0.5 predicts 0)."""
    AL, _ = L_model_forward(X, parameters, model)
    # (12) Y_hat = 1{A[L] > 0.5}
    Y_hat = (AL > 0.5).to(torch.int64)
    return Y_hat
