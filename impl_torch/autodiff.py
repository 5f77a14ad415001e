"""The autograd variant: forward and cost written out (forward.py, cost.py), every gradient from J.backward().

Scale: autograd differentiates J itself, so `Z.grad` is dJ/dZ[l] = dZ[l] / m. The course's dZ[l] and dA[l] are
the gradients of m J (it leaves the 1/m to dW[l] and db[l]; see reference_numpy/backward.py), so the intermediates
are multiplied by m here to be compared with the reference's; dW[l] and db[l] are W.grad and b.grad as they are.

Where autograd's derivative could differ from the course's: relu at z = 0 (torch's relu backward gives 0, the
course's convention), leaky_relu at 0 (torch gives the left slope, as the course), a saturated sigmoid (the cost
takes the softplus form there, so the gradient is sigma(z) - y: see cost.py). tests/test_impl_torch.py checks all
three.
"""

from impl_torch import batchnorm
from impl_torch.cost import compute_cost
from impl_torch.forward import L_model_forward
from impl_torch.optimizers import initialize_state, update
from impl_torch.regularization import add_l2_cost
from impl_torch.training import cost_record, train_epochs
from impl_torch.update import update_parameters_in_place
from reference_numpy.contract import TrainResult, as_train_config


def leaves(parameters):
    """Fresh leaf tensors (sharing memory) that autograd fills with .grad; the inputs are left as they were."""
    return {key: value.detach().requires_grad_() for key, value in parameters.items()}


def gradients(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """Every gradient of the course from one J.backward(): {"dZl", "dWl", "dbl" (l = 1..L), "dAl" (l = 0..L-1)}."""
    L, m = model.L, X.shape[1]
    parameters = leaves(parameters)
    X = X.detach().requires_grad_()  # so that autograd computes dA[0] too, the gradient with respect to X
    AL, cache = L_model_forward(X, parameters, model, masks, keep_prob)
    for key, tensor in cache.items():
        if key[0] in "ZA" and key != "A0":
            tensor.retain_grad()  # keep dJ/dZ[l] and dJ/dA[l], which autograd frees otherwise
    J = add_l2_cost(compute_cost(AL, Y, cache[f"Z{L}"]), parameters, lambd, m)
    # (5) dZ[L] = A[L] - Y : by autograd
    # (6) dZ[l] = dA[l] * g[l]'(Z[l]) : by autograd
    # (7) dA[l-1] = W[l]^T dZ[l] : by autograd
    # (8) dW[l] = 1/m dZ[l] A[l-1]^T : by autograd
    # (9) db[l] = 1/m sum_i dZ[l](i) : by autograd
    # (14) dW[l] = dW[l] + lambd/m W[l] : by autograd
    # (17) dA[l] = dA[l] * D[l] / keep_prob : by autograd
    # (37) dgamma[l] = 1/m sum_i dZ_tilde[l] Z_norm[l], dbeta[l] = 1/m sum_i dZ_tilde[l] : by autograd
    # (38) dZ[l] = gamma[l] / sqrt(sigma2[l] + eps) (dZ_tilde[l] - dbeta[l] - Z_norm[l] dgamma[l]) : by autograd
    J.backward()
    grads = {}
    for l in range(L, 0, -1):
        # autograd's dJ/dZ[l] is the course's dZ[l] / m: times m for the course's scale (the gradient of m J)
        grads[f"dZ{l}"] = m * cache[f"Z{l}"].grad
        grads[f"dW{l}"] = parameters[f"W{l}"].grad
        if l in model.batchnorm:
            grads[f"dgamma{l}"], grads[f"dbeta{l}"] = parameters[f"gamma{l}"].grad, parameters[f"beta{l}"].grad
            grads[f"dZtilde{l}"] = m * cache[f"Ztilde{l}"].grad  # dZ[l] above is the gradient through mu, sigma2 too
        else:
            grads[f"db{l}"] = parameters[f"b{l}"].grad
        # likewise dA[l-1] (dA[0] from X.grad)
        grads[f"dA{l - 1}"] = m * cache[f"A{l - 1}"].grad
    return grads


def cost_and_gradients(parameters, X, Y, model):
    """One step's (J, {"dWl", "dbl"}) from J.backward() on fresh leaves (the mini-batch loop's step)."""
    parameters = leaves(parameters)
    AL, cache = L_model_forward(X, parameters, model)
    J = compute_cost(AL, Y, cache[f"Z{model.L}"])
    # (5) dZ[L] = A[L] - Y : by autograd
    # (6) dZ[l] = dA[l] * g[l]'(Z[l]) : by autograd
    # (7) dA[l-1] = W[l]^T dZ[l] : by autograd
    # (8) dW[l] = 1/m dZ[l] A[l-1]^T : by autograd
    # (9) db[l] = 1/m sum_i dZ[l](i) : by autograd
    J.backward()
    return J.detach(), {f"d{key}": value.grad for key, value in parameters.items()}


def train(parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
    """The course's loop with autograd's gradients: forward -> cost -> J.backward() -> the optimizer's update
    (impl_torch.optimizers, written out). Returns a TrainResult as impl_torch.training.train does."""
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="torch train")
    if not config.full_batch_gd:  # no L2, dropout or batch norm there: the config refuses them
        result = train_epochs(parameters, X, Y, model, config, cost_and_gradients, update)
        parameters = {key: value.detach() for key, value in result.parameters.items()}
        return TrainResult(parameters, result.costs, result.state)
    state, reg = initialize_state(parameters, config.optimizer), config.regularization
    L, record_every = model.L, config.record_every
    parameters = leaves(parameters)
    running = batchnorm.initial_running(parameters, model)  # {} without batch normalization
    costs = cost_record(config.num_iterations, record_every, X)
    for i in range(config.num_iterations):
        masks = config.masks[i] if config.masks else None
        AL, cache = L_model_forward(X, parameters, model, masks, reg.keep_prob)
        running = batchnorm.update_running(running, cache, model)
        J = add_l2_cost(compute_cost(AL, Y, cache[f"Z{L}"]), parameters, reg.lambd, Y.shape[1])
        if i % record_every == 0:
            costs[i // record_every] = J.detach()  # a device-side copy: no host synchronisation
        # (5) dZ[L] = A[L] - Y : by autograd
        # (6) dZ[l] = dA[l] * g[l]'(Z[l]) : by autograd
        # (7) dA[l-1] = W[l]^T dZ[l] : by autograd
        # (8) dW[l] = 1/m dZ[l] A[l-1]^T : by autograd
        # (9) db[l] = 1/m sum_i dZ[l](i) : by autograd
        # (14) dW[l] = dW[l] + lambd/m W[l] : by autograd
        # (17) dA[l] = dA[l] * D[l] / keep_prob : by autograd
        # (37) dgamma[l] = 1/m sum_i dZ_tilde[l] Z_norm[l], dbeta[l] = 1/m sum_i dZ_tilde[l] : by autograd
        # (38) dZ[l] = gamma[l] / sqrt(sigma2[l] + eps) (dZ_tilde[l] - dbeta[l] - Z_norm[l] dgamma[l]) : by autograd
        J.backward()
        grads = {f"d{key}": value.grad for key, value in parameters.items()}
        update_parameters_in_place(parameters, grads, config.learning_rate)  # under torch.no_grad()
        for value in parameters.values():
            value.grad = None
    state = {**state, "running": running} if model.batchnorm else state
    return TrainResult({key: value.detach() for key, value in parameters.items()}, costs, state)
