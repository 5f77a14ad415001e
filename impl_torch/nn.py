"""The torch.nn variant: the network as a PyTorch user writes it, with the course's parameters loaded into it.

    net = nn.Sequential(nn.Linear(n[0], n[1]), nn.ReLU(), ..., nn.Linear(n[L-1], n[L]))   # outputs logits Z[L]
    loss_fn = nn.BCEWithLogitsLoss()                                                        # mean reduction
    optimizer = torch.optim.SGD(net.parameters(), lr=alpha)

How torch.nn's conventions map to the course's (the functions below convert in both directions):
- nn.Linear(n[l-1], n[l]).weight is W[l], shape (n[l], n[l-1]): the same layout, copied as it is.
- nn.Linear's bias is b[l] without its column: shape (n[l],), not (n[l], 1). b[l] = bias[:, None].
- The batch is rows: the network takes X.T, shape (m, n_x), and every Z[l], A[l] it computes is the transpose of
  the course's, (m, n[l]). nn.Linear computes Z[l]^T = A[l-1]^T W[l]^T + b[l]^T, the transpose of (1).
- The output layer's sigmoid is not a module: nn.BCEWithLogitsLoss takes the logits Z[L] and evaluates
  y softplus(-z) + (1 - y) softplus(z) in a stable form. That is the course's cost, different only by rounding
  where A[L] is inside (0, 1), and exact and finite where the sigmoid saturates (the reference switches to the same
  softplus form there). Its reduction is the mean over the m examples (n[L] = 1), the course's 1/m sum. A[L] for
  forward() and predict() is torch.sigmoid of the logits.
- Gradients are of that mean J: weight.grad is dW[l] and bias.grad[:, None] is db[l] (the mean puts the 1/m where
  the course does). The intermediates, caught with forward hooks and retain_grad(), are dJ/dZ[l]^T = dZ[l]^T / m
  in the row layout: the course's dZ[l] is m Z.grad.T, likewise dA[l] (dA[0] from the input's grad).
- torch.optim.SGD(lr=alpha), without momentum or weight decay, is (10) and (11): p <- p - alpha p.grad.
- The activation modules' derivatives agree with the course's conventions: nn.ReLU's is 0 at z = 0,
  nn.LeakyReLU's is the left slope at 0.

Modules are built with torch.nn.utils.skip_init: nn.Linear's constructor would otherwise draw random initial
weights from torch's global generator, and every implementation takes its initial parameters from the caller.
"""

import torch
from torch import nn

from impl_torch import nn_layers
from impl_torch.training import cost_record
from reference_numpy.contract import TrainResult, as_train_config

ACTIVATION_MODULES = {
    "relu": lambda slope: nn.ReLU(),
    "tanh": lambda slope: nn.Tanh(),
    "sigmoid": lambda slope: nn.Sigmoid(),
    "leaky_relu": lambda slope: nn.LeakyReLU(negative_slope=slope),
    "identity": lambda slope: nn.Identity(),
}


def build_network(model, device, dtype):
    """nn.Sequential of Linear and activation modules for `model`, ending with the last Linear (logits Z[L]).

    The parameters are left uninitialised (see the module docstring): load_parameters fills them.
    """
    layers = []
    for l in range(1, model.L + 1):
        # (1) Z[l] = W[l] A[l-1] + b[l] : by nn.Linear (on rows: Z[l]^T = A[l-1]^T W[l]^T + b[l]^T)
        layers.append(
            nn.utils.skip_init(nn.Linear, model.layer_dims[l - 1], model.layer_dims[l], device=device, dtype=dtype)
        )
        if l < model.L:
            # (2) A[l] = g[l](Z[l]) : by the activation module
            layers.append(ACTIVATION_MODULES[model.activations[l - 1]](model.leaky_slope))
    return nn.Sequential(*layers)


def linear_layers(net):
    """The nn.Linear modules in layer order: linear_layers(net)[l - 1] holds W[l], b[l]."""
    return [module for module in net if isinstance(module, nn.Linear)]


@torch.no_grad()
def load_parameters(net, parameters):
    """Copy the course's {"W1": (n[1], n[0]), "b1": (n[1], 1), ...} into the modules' weight and bias."""
    for l, linear in enumerate(linear_layers(net), start=1):
        linear.weight.copy_(parameters[f"W{l}"])  # (n[l], n[l-1]) both
        linear.bias.copy_(parameters[f"b{l}"][:, 0])  # (n[l], 1) -> (n[l],)
    return net


def read_parameters(net):
    """The modules' parameters in the course's layout: {"W1": (n[1], n[0]), "b1": (n[1], 1), ...}."""
    parameters = {}
    for l, linear in enumerate(linear_layers(net), start=1):
        parameters[f"W{l}"] = linear.weight.detach()
        parameters[f"b{l}"] = linear.bias.detach()[:, None]  # (n[l],) -> (n[l], 1)
    return parameters


def network(parameters, model):
    """The network for `model` on the parameters' device and dtype, with the parameters loaded."""
    W1 = parameters["W1"]
    return load_parameters(build_network(model, W1.device, W1.dtype), parameters)


def run(net, X_rows, retain_grad=False):
    """net(X_rows) recording every module's output: returns (Z[L]^T, [Z[1]^T, A[1]^T, ..., Z[L]^T]), rows layout.

    retain_grad=True keeps each output's gradient after backward() (autograd frees it otherwise).
    """
    outputs = []

    def record(module, inputs, output):
        if retain_grad:
            output.retain_grad()
        outputs.append(output)

    handles = [module.register_forward_hook(record) for module in net]
    try:
        ZL_rows = net(X_rows)
    finally:
        for handle in handles:
            handle.remove()
    return ZL_rows, outputs


def forward(parameters, X, model, running=None):
    """{"Z1", "A1", ..., "ZL", "AL"} in the course's layout (n[l], m)."""
    if nn_layers.is_routed(model):  # softmax output or batch norm: BatchNorm1d, F.cross_entropy
        return nn_layers.forward(parameters, X, model, ACTIVATION_MODULES, running)
    ZL_rows, outputs = run(network(parameters, model), X.T)
    # (2) A[l] = g[l](Z[l]) : by torch.sigmoid for the output layer (BCEWithLogitsLoss applies it in training)
    outputs.append(torch.sigmoid(ZL_rows))
    # outputs holds Z[1]^T, A[1]^T, ..., Z[L]^T, A[L]^T
    cache = {}
    for l in range(1, model.L + 1):
        cache[f"Z{l}"] = outputs[2 * l - 2].T
        cache[f"A{l}"] = outputs[2 * l - 1].T
    return cache


def cost(parameters, X, Y, model):
    """J as a 0-d tensor: BCEWithLogitsLoss (mean) of the logits."""
    if nn_layers.is_routed(model):
        return nn_layers.cost(parameters, X, Y, model, ACTIVATION_MODULES)
    ZL_rows, _ = run(network(parameters, model), X.T)
    # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])) : by nn.BCEWithLogitsLoss
    return nn.BCEWithLogitsLoss()(ZL_rows, Y.T)


def gradients(parameters, X, Y, model):
    """Every gradient of the course, from loss.backward(), converted to the course's layout and scale."""
    if nn_layers.is_routed(model):
        return nn_layers.gradients(parameters, X, Y, model, ACTIVATION_MODULES)
    m = X.shape[1]
    net = network(parameters, model)
    X_rows = X.T.detach().requires_grad_()  # so that autograd computes dA[0] too
    ZL_rows, outputs = run(net, X_rows, retain_grad=True)
    Z_rows, A_rows = outputs[0::2], [X_rows] + outputs[1::2]  # Z_rows[l - 1] is Z[l]^T, A_rows[l] is A[l]^T
    # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])) : by nn.BCEWithLogitsLoss
    loss = nn.BCEWithLogitsLoss()(ZL_rows, Y.T)
    # (5) dZ[L] = A[L] - Y : by autograd
    # (6) dZ[l] = dA[l] * g[l]'(Z[l]) : by autograd
    # (7) dA[l-1] = W[l]^T dZ[l] : by autograd
    # (8) dW[l] = 1/m dZ[l] A[l-1]^T : by autograd
    # (9) db[l] = 1/m sum_i dZ[l](i) : by autograd
    loss.backward()
    grads = {}
    for l, linear in reversed(list(enumerate(linear_layers(net), start=1))):
        # rows layout and the gradient of the mean J: the course's dZ[l] is m Z.grad.T (likewise dA[l-1])
        grads[f"dZ{l}"] = m * Z_rows[l - 1].grad.T
        grads[f"dW{l}"] = linear.weight.grad
        grads[f"db{l}"] = linear.bias.grad[:, None]  # (n[l],) -> (n[l], 1)
        grads[f"dA{l - 1}"] = m * A_rows[l - 1].grad.T
    return grads


def train(parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
    """The PyTorch training loop: zero_grad -> loss -> backward -> optimizer.step().

    Returns a TrainResult in the course's layout, as impl_torch.training.train does (costs on X's device).
    """
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="torch train")
    if nn_layers.is_routed(model):
        return nn_layers.train(parameters, X, Y, model, ACTIVATION_MODULES, config)
    record_every = config.record_every
    net = network(parameters, model)
    loss_fn = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=config.learning_rate)
    X_rows, Y_rows = X.T, Y.T
    costs = cost_record(config.num_iterations, record_every, X)
    for i in range(config.num_iterations):
        optimizer.zero_grad()
        # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])) : by nn.BCEWithLogitsLoss
        loss = loss_fn(net(X_rows), Y_rows)
        if i % record_every == 0:
            costs[i // record_every] = loss.detach()  # a device-side copy: no host synchronisation
        # (5) dZ[L] = A[L] - Y : by autograd
        # (6) dZ[l] = dA[l] * g[l]'(Z[l]) : by autograd
        # (7) dA[l-1] = W[l]^T dZ[l] : by autograd
        # (8) dW[l] = 1/m dZ[l] A[l-1]^T : by autograd
        # (9) db[l] = 1/m sum_i dZ[l](i) : by autograd
        loss.backward()
        # (10) W[l] = W[l] - alpha dW[l] : by torch.optim.SGD
        # (11) b[l] = b[l] - alpha db[l] : by torch.optim.SGD
        optimizer.step()
    return TrainResult(read_parameters(net), costs, {})  # SGD without momentum keeps no state


@torch.no_grad()
def predict(parameters, X, model, running=None):
    """X : (n_x, m) -> Y_hat : (1, m) int64 of 0/1."""
    if nn_layers.is_routed(model):
        return nn_layers.predict(parameters, X, model, ACTIVATION_MODULES, running)
    AL_rows = torch.sigmoid(network(parameters, model)(X.T))
    # (12) Y_hat = 1{A[L] > 0.5}
    Y_hat = (AL_rows > 0.5).to(torch.int64).T
    return Y_hat
