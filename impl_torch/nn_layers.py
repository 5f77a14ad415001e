"""The torch.nn variant's layers for softmax outputs and batch-normalized layers (impl_torch.nn builds with them).

    net = nn.Sequential(nn.Linear(n[0], n[1], bias=False), nn.BatchNorm1d(n[1], eps, momentum), nn.ReLU(), ...,
                        nn.Linear(n[L-1], n[L]))           # logits Z[L]
    loss = F.cross_entropy(net(X.T), labels)                # softmax + its cross-entropy, mean over the batch

How torch.nn's conventions map to the course's (measured in tests/backends/test_multiclass.py):
- The batch is rows: BatchNorm1d takes (m, n[l]) and normalizes each COLUMN (feature) over the rows; the course's
  Z[l] is (n[l], m) and normalizes each row. Every tensor here is the transpose of the course's.
- BatchNorm1d.weight, .bias are gamma[l], beta[l] without their column: (n[l],), not (n[l], 1).
- Its eps (default 1e-5) is the course's epsilon: passed from model.bn_epsilon.
- Its momentum is the weight of the NEW batch statistic (default 0.1); the course's beta is the weight of the
  OLD average: momentum = 1 - model.bn_momentum.
- It normalizes with the biased batch variance (1/m), as the course, but its running_var averages the UNBIASED
  one (1/(m-1)). RunningInCourseForm undoes that step by step, for mini-batches of any size: each step's
  unbiased variance is recovered from two readings of running_var and scaled by (m_b - 1) / m_b before (39).
- It refuses a batch of one example in training mode, as the reference does (sigma2 = 0).
- It does not return mu, sigma2 or Z_norm: they are computed here from its input with torch.var_mean (biased:
  what it normalizes with) and F.batch_norm without gamma and beta (its own normalization function).
- F.cross_entropy takes the logits and class numbers and computes log_softmax inside, stably; its default
  reduction is the mean over the batch, the course's (32). A[L] for forward and predict is torch.softmax(Z[L]).
"""

import torch
import torch.nn.functional as F  # noqa: N812 (the name every PyTorch text uses)
from torch import nn


def is_routed(model):
    """Softmax outputs and batch-normalized layers are built here; the binary models stay in impl_torch.nn."""
    return model.activations[-1] == "softmax" or bool(model.batchnorm)


def build_network(model, device, dtype, activation_modules):
    """{"net": nn.Sequential, "layers": {l: {"linear", "bn"?, "g"?}}}, parameters left to load_parameters."""
    modules, layers = [], {}
    for l in range(1, model.L + 1):
        normalized = l in model.batchnorm
        linear = nn.utils.skip_init(nn.Linear, model.layer_dims[l - 1], model.layer_dims[l], bias=not normalized,
                                    device=device, dtype=dtype)  # fmt: skip
        layers[l] = {"linear": linear}
        modules.append(linear)
        if normalized:
            # (34) mu[l] = 1/m sum_i Z[l](i), sigma2[l] = 1/m sum_i (Z[l](i) - mu[l])^2 : by nn.BatchNorm1d
            # (35) Z_norm[l] = (Z[l] - mu[l]) / sqrt(sigma2[l] + eps) : by nn.BatchNorm1d
            # (36) Z_tilde[l] = gamma[l] Z_norm[l] + beta[l] : by nn.BatchNorm1d
            # (39) mu_run[l] = beta_bn mu_run[l] + (1 - beta_bn) mu[l], sigma2_run[l] likewise : by nn.BatchNorm1d
            bn = nn.BatchNorm1d(model.layer_dims[l], eps=model.bn_epsilon, momentum=1 - model.bn_momentum,
                                device=device, dtype=dtype)  # fmt: skip
            layers[l]["bn"] = bn
            modules.append(bn)
        if l < model.L:
            layers[l]["g"] = activation_modules[model.activations[l - 1]](model.leaky_slope)
            modules.append(layers[l]["g"])
    return {"net": nn.Sequential(*modules), "layers": layers, "model": model}


@torch.no_grad()
def load_parameters(built, parameters, running=None):
    """Copy W[l], b[l], gamma[l], beta[l] (and running mu, sigma2: eval mode) into the modules."""
    for l, layer in built["layers"].items():
        layer["linear"].weight.copy_(parameters[f"W{l}"])
        if "bn" in layer:
            layer["bn"].weight.copy_(parameters[f"gamma{l}"][:, 0])
            layer["bn"].bias.copy_(parameters[f"beta{l}"][:, 0])
            if running is not None:
                layer["bn"].running_mean.copy_(running[f"mu{l}"][:, 0])
                layer["bn"].running_var.copy_(running[f"sigma2{l}"][:, 0])
        else:
            layer["linear"].bias.copy_(parameters[f"b{l}"][:, 0])
    built["net"].train(running is None)  # eval mode: BatchNorm1d normalizes with its running statistics
    return built


def read_parameters(built):
    parameters = {}
    for l, layer in built["layers"].items():
        parameters[f"W{l}"] = layer["linear"].weight.detach()
        if "bn" in layer:
            parameters[f"gamma{l}"] = layer["bn"].weight.detach()[:, None]
            parameters[f"beta{l}"] = layer["bn"].bias.detach()[:, None]
        else:
            parameters[f"b{l}"] = layer["linear"].bias.detach()[:, None]
    return parameters


def network(parameters, model, modules, running=None):
    """The built network with the parameters loaded; modules: impl_torch.nn.ACTIVATION_MODULES (its table)."""
    W1 = parameters["W1"]
    return load_parameters(build_network(model, W1.device, W1.dtype, modules), parameters, running)


def run(built, X_rows, retain_grad=False):
    """The Sequential's modules one by one (what net(X_rows) does): {"Z1": Z[1]^T, "Ztilde1", "A1", ...} rows."""
    rows, x = {}, X_rows
    for l, layer in built["layers"].items():
        for name, key in (("linear", "Z"), ("bn", "Ztilde"), ("g", "A")):
            if name in layer:
                x = layer[name](x)
                if retain_grad:
                    x.retain_grad()
                rows[f"{key}{l}"] = x
    return rows


def _output(ZL_rows, model):
    if model.activations[-1] == "softmax":
        # (31) A[L] = exp(Z[L] - max_c Z[L]) / sum_c exp(Z[L] - max_c Z[L]) : by torch.softmax
        return torch.softmax(ZL_rows, dim=1)
    return torch.sigmoid(ZL_rows)


def model_loss(ZL_rows, Y, model):
    if model.activations[-1] == "softmax":
        # (32) J = -1/m sum_i sum_c Y log A[L] : by F.cross_entropy
        return F.cross_entropy(ZL_rows, torch.argmax(Y, dim=0))
    return nn.BCEWithLogitsLoss()(ZL_rows, Y.T)


def one_hot(labels, C):
    """labels : (m,) int64 -> Y : (C, m), the course's layout of F.one_hot's (m, C)."""
    # (30) Y_c(i) = 1{y(i) = c} : by F.one_hot
    Y = F.one_hot(labels, C).T
    return Y


def forward(parameters, X, model, modules, running=None):
    """The course's forward tensors (n[l], m), with mu, sigma2, Z_norm, Z_tilde on normalized layers."""
    built = network(parameters, model, modules, running)
    rows = run(built, X.T)
    cache = {}
    for l in range(1, model.L + 1):
        Z_rows = rows[f"Z{l}"]
        cache[f"Z{l}"] = Z_rows.T
        if l in model.batchnorm:
            bn = built["layers"][l]["bn"]
            if running is None:
                sigma2, mu = torch.var_mean(Z_rows, dim=0, correction=0)  # the biased statistics it normalizes with
            else:
                sigma2, mu = bn.running_var, bn.running_mean
            Z_norm = F.batch_norm(Z_rows, mu, sigma2, training=False, eps=bn.eps)  # its normalization, no gamma
            cache |= {f"mu{l}": mu[:, None], f"sigma2{l}": sigma2[:, None], f"Znorm{l}": Z_norm.T}
            cache[f"Ztilde{l}"] = rows[f"Ztilde{l}"].T
        cache[f"A{l}"] = rows[f"A{l}"].T if l < model.L else _output(Z_rows, model).T
    return cache


def cost(parameters, X, Y, model, modules):
    rows = run(network(parameters, model, modules), X.T)
    return model_loss(rows[f"Z{model.L}"], Y, model)


def gradients(parameters, X, Y, model, modules):
    """Every gradient from loss.backward(), in the course's layout and scale (m times the rows' .grad, as nn.py)."""
    m = X.shape[1]
    built = network(parameters, model, modules)
    X_rows = X.T.detach().requires_grad_()
    rows = run(built, X_rows, retain_grad=True)
    loss = model_loss(rows[f"Z{model.L}"], Y, model)
    # (37) dgamma[l] = 1/m sum_i dZ_tilde[l] Z_norm[l], dbeta[l] = 1/m sum_i dZ_tilde[l] : by autograd
    # (38) dZ[l] = gamma[l] / sqrt(sigma2[l] + eps) (dZ_tilde[l] - dbeta[l] - Z_norm[l] dgamma[l]) : by autograd
    loss.backward()
    grads, A_rows = {}, {0: X_rows} | {l: rows[f"A{l}"] for l in range(1, model.L)}
    for l in range(model.L, 0, -1):
        layer = built["layers"][l]
        grads[f"dZ{l}"] = m * rows[f"Z{l}"].grad.T
        grads[f"dW{l}"] = layer["linear"].weight.grad
        if "bn" in layer:
            grads[f"dZtilde{l}"] = m * rows[f"Ztilde{l}"].grad.T
            grads[f"dgamma{l}"] = layer["bn"].weight.grad[:, None]
            grads[f"dbeta{l}"] = layer["bn"].bias.grad[:, None]
        else:
            grads[f"db{l}"] = layer["linear"].bias.grad[:, None]
        grads[f"dA{l - 1}"] = m * A_rows[l - 1].grad.T
    return grads


def course_keys(built):
    """[(course key, torch parameter)]: ("dW1", weight), ("dgamma1", bn weight), ("dbeta1", bn bias), ("db2",
    bias), ... (impl_torch.nn.course_state maps the optimizer's state with them)."""
    pairs = []
    for l, layer in built["layers"].items():
        pairs.append((f"dW{l}", layer["linear"].weight))
        if "bn" in layer:
            pairs += [(f"dgamma{l}", layer["bn"].weight), (f"dbeta{l}", layer["bn"].bias)]
        else:
            pairs.append((f"db{l}", layer["linear"].bias))
    return pairs


class RunningInCourseForm:
    """The course's running sigma2 read off BatchNorm1d's running_var step by step, for batches of any size.

    BatchNorm1d's update is running_var = b running_var + (1 - b) u with u the batch's UNBIASED variance (b = the
    course's beta = 1 - momentum); the course averages the biased one, v = u (m_b - 1) / m_b. After each training
    forward pass step(m_b) recovers u from the two readings, u = (running_var - b previous) / (1 - b), and applies
    (39) to v. running_mean is the course's mu_run as it is (the mean has no bias)."""

    def __init__(self, built):
        self.layers = {l: layer["bn"] for l, layer in built["layers"].items() if "bn" in layer}
        self.previous = {l: bn.running_var.detach().clone() for l, bn in self.layers.items()}
        self.sigma2 = {l: torch.ones_like(bn.running_var.detach()) for l, bn in self.layers.items()}

    @torch.no_grad()
    def step(self, m_b):
        for l, bn in self.layers.items():
            b = 1 - bn.momentum
            u = (bn.running_var - b * self.previous[l]) / (1 - b)
            # (39) mu_run[l] = beta_bn mu_run[l] + (1 - beta_bn) mu[l], sigma2_run[l] likewise : by BatchNorm1d, mapped
            self.sigma2[l] = b * self.sigma2[l] + (1 - b) * (u * ((m_b - 1) / m_b))
            self.previous[l] = bn.running_var.detach().clone()

    def course_form(self):
        running = {}
        for l, bn in self.layers.items():
            running[f"mu{l}"] = bn.running_mean.detach()[:, None]
            running[f"sigma2{l}"] = self.sigma2[l][:, None]
        return running


@torch.no_grad()
def predict(parameters, X, model, modules, running=None):
    """Class numbers (softmax: torch.argmax) or 0/1 (sigmoid), (1, m) int64; eval mode where running is given."""
    ZL_rows = network(parameters, model, modules, running)["net"](X.T)
    if model.activations[-1] == "softmax":
        # (33) Y_hat = argmax_c A[L] : by torch.argmax
        Y_hat = torch.argmax(ZL_rows, dim=1).reshape(1, -1)
        return Y_hat
    return (torch.sigmoid(ZL_rows) > 0.5).to(torch.int64).T
