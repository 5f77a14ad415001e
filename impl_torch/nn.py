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
- The course's other optimizers are torch.optim's, mapped (OPTIMIZER_MAPPING says how, exactly):
  momentum: torch.optim.SGD(momentum=beta) keeps buf = beta buf + dW (buf = dW on the first step, and no 1 - beta)
  and steps p - lr buf. By induction buf = v_dW / (1 - beta) for the course's v_dW, so lr = alpha (1 - beta) gives
  the course's step exactly (in exact arithmetic; a rounding apart). dampening = beta (buf = beta buf + (1 - beta)
  dW) would not: torch skips the dampening on the first step (buf = dW), so v would be dW, not (1 - beta) dW.
  RMSprop: torch.optim.RMSprop(alpha=beta2, eps=epsilon) is (22), (23) as they are: epsilon outside the root.
  Adam: torch.optim.Adam(betas=(beta1, beta2), eps=epsilon) is (24) to (27): lr / (1 - beta1^t) exp_avg /
  (sqrt(exp_avg_sq) / sqrt(1 - beta2^t) + epsilon), epsilon outside the root as the course has it.
  The rate of each epoch (28), (29) is set in the optimizer's param_groups (times 1 - beta for momentum).
- The activation modules' derivatives agree with the course's conventions: nn.ReLU's is 0 at z = 0,
  nn.LeakyReLU's is the left slope at 0.
- Dropout (course 2): nn.Dropout draws its own masks from torch's generator; here a SharedDropout module after
  the activation of each dropped layer applies the reference's mask D[l] (its transpose, rows layout) the same
  way, A * D / keep_prob, and nothing in eval mode (prediction), as nn.Dropout.
- L2 (course 2): the course's term lambd/(2m) sum_l ||W[l]||_F^2 is added to the loss over the Linear weights
  only, so autograd gives dW[l] + lambd/m W[l] and leaves db[l] alone. torch.optim.SGD(weight_decay=wd) adds
  wd * p to every parameter's gradient (biases too, unless given their own parameter group): with wd = lambd/m
  on the weights only, it is the same update in exact arithmetic, but rounded differently (see docs).

Modules are built with torch.nn.utils.skip_init: nn.Linear's constructor would otherwise draw random initial
weights from torch's global generator, and every implementation takes its initial parameters from the caller.
"""

import torch
from torch import nn

from impl_torch import nn_layers
from impl_torch.optimizers import epoch_learning_rate
from impl_torch.training import cost_record, permutation_tensors
from reference_numpy.contract import TrainResult, as_train_config
from reference_numpy.minibatches import batch_bounds, epoch_cost
from reference_numpy.regularization import l2_active

ACTIVATION_MODULES = {
    "relu": lambda slope: nn.ReLU(),
    "tanh": lambda slope: nn.Tanh(),
    "sigmoid": lambda slope: nn.Sigmoid(),
    "leaky_relu": lambda slope: nn.LeakyReLU(negative_slope=slope),
    "identity": lambda slope: nn.Identity(),
}


class SharedDropout(nn.Module):
    """Inverted dropout with the mask the reference drew (set_mask before each step): nn.Dropout without its RNG."""

    def __init__(self, keep_prob):
        super().__init__()
        self.keep_prob = keep_prob
        self.mask = None  # D[l]^T : (m, n[l]), rows layout

    def forward(self, A_rows):
        if not self.training or self.mask is None:
            return A_rows  # no dropout at prediction
        # (16) A[l] = A[l] * D[l] / keep_prob
        return A_rows * self.mask / self.keep_prob


def set_masks(net, masks):
    """Hand one step's masks {"D<l>": (n[l], m)} to the net's SharedDropout modules (None: no dropout)."""
    for l, module in dropout_layers(net).items():
        module.mask = None if masks is None else masks[f"D{l}"].T


def dropout_layers(net):
    """{l: the SharedDropout module after layer l's activation}."""
    out, l = {}, 0
    for module in net:
        l += isinstance(module, nn.Linear)
        if isinstance(module, SharedDropout):
            out[l] = module
    return out


def build_network(model, device, dtype, keep_prob=1.0, dropout_layers=()):
    """nn.Sequential of Linear and activation modules for `model`, ending with the last Linear (logits Z[L]); a
    SharedDropout after the activation of each layer in dropout_layers.

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
            if l in dropout_layers:
                layers.append(SharedDropout(keep_prob))
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


def network(parameters, model, masks=None, keep_prob=1.0):
    """The network for `model` on the parameters' device and dtype, with the parameters (and masks) loaded."""
    W1 = parameters["W1"]
    layers = sorted(int(key[1:]) for key in masks) if masks else ()
    net = load_parameters(build_network(model, W1.device, W1.dtype, keep_prob, layers), parameters)
    set_masks(net, masks)
    return net


def l2_term(net, lambd, m):
    """The course's L2 cost term over the Linear weights (not the biases): 0-d, or 0 (a Python int) for lambd 0."""
    if not l2_active(lambd):
        return 0
    squares = sum(torch.sum(torch.square(linear.weight)) for linear in linear_layers(net))
    # (13) J = J + lambd/(2m) sum_l ||W[l]||_F^2
    return lambd / (2 * m) * squares


def run(net, X_rows, retain_grad=False):
    """net(X_rows) recording every module's output: returns (Z[L]^T, [Z[1]^T, A[1]^T, ..., Z[L]^T]), rows layout
    (a dropped layer's A[l]^T after its SharedDropout).

    retain_grad=True keeps each output's gradient after backward() (autograd frees it otherwise).
    """
    outputs = []

    def record(module, inputs, output):
        if isinstance(module, SharedDropout):
            outputs.pop()  # A[l] before dropout: the course's A[l] is the one after
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


def forward(parameters, X, model, masks=None, keep_prob=1.0, running=None):
    """{"Z1", "A1", ..., "ZL", "AL"} in the course's layout (n[l], m), and the masks "D<l>" where given."""
    if nn_layers.is_routed(model):  # softmax output or batch norm: BatchNorm1d, F.cross_entropy (no dropout there)
        return nn_layers.forward(parameters, X, model, ACTIVATION_MODULES, running)
    ZL_rows, outputs = run(network(parameters, model, masks, keep_prob), X.T)
    # (2) A[l] = g[l](Z[l]) : by torch.sigmoid for the output layer (BCEWithLogitsLoss applies it in training)
    outputs.append(torch.sigmoid(ZL_rows))
    # outputs holds Z[1]^T, A[1]^T, ..., Z[L]^T, A[L]^T
    cache = {}
    for l in range(1, model.L + 1):
        cache[f"Z{l}"] = outputs[2 * l - 2].T
        cache[f"A{l}"] = outputs[2 * l - 1].T
    return cache | (masks or {})


def cost(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """J as a 0-d tensor: BCEWithLogitsLoss (mean) of the logits, plus the course's L2 term."""
    if nn_layers.is_routed(model):  # the adapter refuses L2 and dropout there
        return nn_layers.cost(parameters, X, Y, model, ACTIVATION_MODULES)
    net = network(parameters, model, masks, keep_prob)
    ZL_rows, _ = run(net, X.T)
    # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])) : by nn.BCEWithLogitsLoss
    return nn.BCEWithLogitsLoss()(ZL_rows, Y.T) + l2_term(net, lambd, X.shape[1])


def gradients(parameters, X, Y, model, lambd=0.0, masks=None, keep_prob=1.0):
    """Every gradient of the course, from loss.backward(), converted to the course's layout and scale."""
    if nn_layers.is_routed(model):
        return nn_layers.gradients(parameters, X, Y, model, ACTIVATION_MODULES)
    m = X.shape[1]
    net = network(parameters, model, masks, keep_prob)
    X_rows = X.T.detach().requires_grad_()  # so that autograd computes dA[0] too
    ZL_rows, outputs = run(net, X_rows, retain_grad=True)
    Z_rows, A_rows = outputs[0::2], [X_rows] + outputs[1::2]  # Z_rows[l - 1] is Z[l]^T, A_rows[l] is A[l]^T
    # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])) : by nn.BCEWithLogitsLoss
    loss = nn.BCEWithLogitsLoss()(ZL_rows, Y.T) + l2_term(net, lambd, m)
    # (5) dZ[L] = A[L] - Y : by autograd
    # (6) dZ[l] = dA[l] * g[l]'(Z[l]) : by autograd
    # (7) dA[l-1] = W[l]^T dZ[l] : by autograd
    # (8) dW[l] = 1/m dZ[l] A[l-1]^T : by autograd
    # (9) db[l] = 1/m sum_i dZ[l](i) : by autograd
    # (14) dW[l] = dW[l] + lambd/m W[l] : by autograd
    # (17) dA[l] = dA[l] * D[l] / keep_prob : by autograd
    loss.backward()
    grads = {}
    for l, linear in reversed(list(enumerate(linear_layers(net), start=1))):
        # rows layout and the gradient of the mean J: the course's dZ[l] is m Z.grad.T (likewise dA[l-1])
        grads[f"dZ{l}"] = m * Z_rows[l - 1].grad.T
        grads[f"dW{l}"] = linear.weight.grad
        grads[f"db{l}"] = linear.bias.grad[:, None]  # (n[l],) -> (n[l], 1)
        grads[f"dA{l - 1}"] = m * A_rows[l - 1].grad.T
    return grads


# optimizer name -> how torch.optim's optimizer is built for the course's, and the factor on its learning rate
OPTIMIZER_MAPPING = {
    "gd": "torch.optim.SGD(lr=alpha)",
    "momentum": "torch.optim.SGD(lr=alpha (1 - beta), momentum=beta); v_dW = (1 - beta) momentum_buffer",
    "rmsprop": "torch.optim.RMSprop(lr=alpha, alpha=beta2, eps=epsilon); s_dW = square_avg",
    "adam": "torch.optim.Adam(lr=alpha, betas=(beta1, beta2), eps=epsilon); v_dW = exp_avg, s_dW = exp_avg_sq",
}


def torch_optimizer(net, optimizer, learning_rate):
    """(torch.optim optimizer for the course's `optimizer`, the factor on alpha its lr takes)."""
    params = net.parameters()
    if optimizer.name == "momentum":
        factor = 1 - optimizer.beta
        return torch.optim.SGD(params, lr=learning_rate * factor, momentum=optimizer.beta), factor
    if optimizer.name == "rmsprop":
        return torch.optim.RMSprop(params, lr=learning_rate, alpha=optimizer.beta2, eps=optimizer.epsilon), 1.0
    if optimizer.name == "adam":
        betas = (optimizer.beta1, optimizer.beta2)
        return torch.optim.Adam(params, lr=learning_rate, betas=betas, eps=optimizer.epsilon), 1.0
    return torch.optim.SGD(params, lr=learning_rate), 1.0


def course_keys(net):
    """[(course key, torch parameter)]: ("dW1", weight), ("db1", bias), ... of the Linear layers."""
    pairs = []
    for l, linear in enumerate(linear_layers(net), start=1):
        pairs += [(f"dW{l}", linear.weight), (f"db{l}", linear.bias)]
    return pairs


def course_state(pairs, torch_opt, optimizer):
    """torch.optim's state in the course's names and layout: {"v": {"dW1", "db1", ...}, "s": ...} (mapped).
    pairs: [(course key, torch parameter)] (course_keys, or nn_layers.course_keys with gamma and beta)."""
    state = {}
    for key, param in pairs:
        kept = torch_opt.state.get(param, {})
        as_course = (lambda x: x.detach()) if param.dim() == 2 else (lambda x: x.detach()[:, None])
        if optimizer.name == "momentum" and "momentum_buffer" in kept:
            state.setdefault("v", {})[key] = (1 - optimizer.beta) * as_course(kept["momentum_buffer"])
        elif optimizer.name == "rmsprop" and "square_avg" in kept:
            state.setdefault("s", {})[key] = as_course(kept["square_avg"])
        elif optimizer.name == "adam" and "exp_avg" in kept:
            t = float(kept["step"])
            state.setdefault("v", {})[key] = as_course(kept["exp_avg"])
            state.setdefault("s", {})[key] = as_course(kept["exp_avg_sq"])
            state.setdefault("v_corrected", {})[key] = state["v"][key] / (1 - optimizer.beta1**t)
            state.setdefault("s_corrected", {})[key] = state["s"][key] / (1 - optimizer.beta2**t)
    return state


def train(parameters, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
    """The PyTorch training loop: for each epoch's mini-batches, zero_grad -> loss -> backward -> step(), with
    torch.optim's optimizer mapped to the course's (OPTIMIZER_MAPPING) and the epoch's rate in its param_groups.

    Returns a TrainResult in the course's layout, as impl_torch.training.train does (costs on X's device), with
    the optimizer's state mapped to the course's v, s (and Adam's corrected moments).
    """
    config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate, where="torch train")
    record_every, optimizer, reg = config.record_every, config.optimizer, config.regularization
    P, m = permutation_tensors(config, X), X.shape[1]
    bounds = batch_bounds(m, config.batch_size)
    if model.batchnorm:  # Linear, BatchNorm1d, activation modules (impl_torch.nn_layers)
        built = nn_layers.network(parameters, model, ACTIVATION_MODULES)
        net, pairs, read = built["net"], nn_layers.course_keys(built), lambda: nn_layers.read_parameters(built)
        running = nn_layers.RunningInCourseForm(built)
    else:
        net = network(parameters, model, config.masks[0] if config.masks else None, reg.keep_prob)
        pairs, read, running = course_keys(net), lambda: read_parameters(net), None
    # a softmax output ends in the logits Z[L] as the sigmoid one does: only its loss differs, F.cross_entropy of
    # the class numbers (nn_layers.model_loss)
    loss_fn = nn.BCEWithLogitsLoss()
    if model.activations[-1] == "softmax":
        loss_fn = lambda Z_rows, Y_rows: nn_layers.model_loss(Z_rows, Y_rows.T, model)  # noqa: E731
    torch_opt, factor = torch_optimizer(net, optimizer, config.learning_rate)
    X_rows, Y_rows = X.T, Y.T
    costs = cost_record(config.num_iterations, record_every, X)
    for epoch in range(config.num_iterations):
        if config.schedule.kind != "constant":
            for group in torch_opt.param_groups:
                # (28) alpha = alpha0 / (1 + decay_rate epoch) : by the param_groups' lr
                # (29) alpha = alpha0 / (1 + decay_rate floor(epoch / time_interval)) : by the param_groups' lr
                group["lr"] = epoch_learning_rate(config.learning_rate, epoch, config.schedule) * factor
        rows = (X_rows, Y_rows) if P is None else (X_rows[P[epoch]], Y_rows[P[epoch]])
        batch_costs = []
        if config.masks:  # one step per epoch: the config refuses dropout with mini-batches
            set_masks(net, config.masks[epoch])
        for a, b in bounds:
            torch_opt.zero_grad()
            # (3) J = -1/m sum(Y log A[L] + (1-Y) log(1 - A[L])) : by nn.BCEWithLogitsLoss
            loss = loss_fn(net(rows[0][a:b]), rows[1][a:b]) + l2_term(net, reg.lambd, b - a)
            batch_costs.append(loss.detach())  # a device-side copy: no host synchronisation
            if running is not None:  # BatchNorm1d updated its running averages of (39) in this forward pass
                running.step(b - a)
            # (5) dZ[L] = A[L] - Y : by autograd
            # (6) dZ[l] = dA[l] * g[l]'(Z[l]) : by autograd
            # (7) dA[l-1] = W[l]^T dZ[l] : by autograd
            # (8) dW[l] = 1/m dZ[l] A[l-1]^T : by autograd
            # (9) db[l] = 1/m sum_i dZ[l](i) : by autograd
            # (14) dW[l] = dW[l] + lambd/m W[l] : by autograd
            # (17) dA[l] = dA[l] * D[l] / keep_prob : by autograd
            loss.backward()
            # (10) W[l] = W[l] - alpha dW[l] : by torch.optim.SGD
            # (11) b[l] = b[l] - alpha db[l] : by torch.optim.SGD
            # (20) v_dW[l] = beta v_dW[l] + (1-beta) dW[l] : by torch.optim.SGD(momentum=beta), lr alpha (1-beta)
            # (21) W[l] = W[l] - alpha v_dW[l] : by torch.optim.SGD(momentum=beta), lr alpha (1-beta)
            # (22) s_dW[l] = beta2 s_dW[l] + (1-beta2) dW[l]^2 : by torch.optim.RMSprop, torch.optim.Adam
            # (23) W[l] = W[l] - alpha dW[l] / (sqrt(s_dW[l]) + epsilon) : by torch.optim.RMSprop
            # (24) v_dW[l] = beta1 v_dW[l] + (1-beta1) dW[l] : by torch.optim.Adam
            # (25) v_corrected[l] = v_dW[l] / (1 - beta1^t) : by torch.optim.Adam
            # (26) s_corrected[l] = s_dW[l] / (1 - beta2^t) : by torch.optim.Adam
            # (27) W[l] = W[l] - alpha v_corrected[l] / (sqrt(s_corrected[l]) + epsilon) : by torch.optim.Adam
            torch_opt.step()
        if epoch % record_every == 0:
            costs[epoch // record_every] = epoch_cost(batch_costs, [b - a for a, b in bounds], m)
    state = course_state(pairs, torch_opt, optimizer)
    return TrainResult(read(), costs, state | ({"running": running.course_form()} if running is not None else {}))


@torch.no_grad()
def predict(parameters, X, model, running=None):
    """X : (n_x, m) -> Y_hat : (1, m) int64 of 0/1 (no dropout: the network is built without it)."""
    if nn_layers.is_routed(model):
        return nn_layers.predict(parameters, X, model, ACTIVATION_MODULES, running)
    AL_rows = torch.sigmoid(network(parameters, model)(X.T))
    # (12) Y_hat = 1{A[L] > 0.5}
    Y_hat = (AL_rows > 0.5).to(torch.int64).T
    return Y_hat
