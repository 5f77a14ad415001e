"""The mutation suite's backends: single realistic faults planted in a real backend (PyTorch, manual variant).

`MutantBackend(fault)` is the torch-manual backend (impl_torch's adapter, its forward, cost, backward and update
functions on torch tensors) with one Fault switched on; Fault() plants nothing and computes what torch-manual does,
bit for bit. The catalogue (conformance.mutants.CATALOGUE) names each fault, where the harness must first flag it
and in which dtypes its effect is above the stated threshold. This module is a backend module like any other
(BACKENDS, see conformance.plugins): `dlrosetta run --backend-module conformance/mutation.py --backends
mutant-db-no-1-over-m` runs one mutant in the matrix.
"""

from dataclasses import dataclass, replace

import numpy as np
import torch

from impl_torch.activations import get_activation
from impl_torch.adapter import TorchBackend
from impl_torch.backward import linear_backward
from impl_torch.cost import compute_cost
from impl_torch.forward import linear_forward
from impl_torch.runtime import to_numpy
from reference_numpy.contract import TrainResult, Variant, as_train_config


@dataclass(frozen=True)
class Fault:
    """One planted fault (all off: torch-manual's own arithmetic)."""

    dW_no_1_over_m: bool = False
    db_no_1_over_m: bool = False
    db_squeezed: bool = False  # db of shape (n,): np.sum(dZ, axis=1) without keepdims
    db_axis0: bool = False  # db summed over the units, axis 0, instead of the examples
    relu_prime_at_zero: float = 0.0  # the course: 0; 1 with z >= 0; 0.5 from autodiff of max(z, 0)
    sigmoid_prime_a: bool = False  # sigma'(z) = a instead of a (1 - a)
    tanh_prime_1_minus_a: bool = False  # tanh'(z) = 1 - a instead of 1 - a^2
    cost_no_1_over_m: bool = False
    log_swapped: bool = False  # y log(1 - a) + (1 - y) log a
    ascent: bool = False  # W + alpha dW
    lr_factor: float = 1.0
    lr_float32: bool = False  # the learning rate rounded to float32
    dW_factor: float = 1.0
    W1_element_factor: float = 1.0  # W1[0, 0] times this after each update
    b_frozen: bool = False  # b never updated
    predict_ge: bool = False  # Y_hat = A[L] >= 0.5
    output_relu: bool = False  # relu on the output layer instead of sigmoid
    no_bias: bool = False  # Z = W A, without + b
    upcast: bool = False  # a float32 backend computing in float64 and rounding its results to float32


def _g(fault, activation, slope, l, L):
    """(g, g') for layer l under the fault."""
    if fault.output_relu and l == L:
        activation = "relu"
    g, g_prime = get_activation(activation, slope)
    if activation == "relu" and fault.relu_prime_at_zero:
        v = fault.relu_prime_at_zero
        g_prime = lambda Z: torch.where(Z > 0, 1.0, torch.where(Z == 0, v, 0.0)).to(Z.dtype)  # noqa: E731
    elif activation == "sigmoid" and fault.sigmoid_prime_a:
        g_prime = torch.sigmoid
    elif activation == "tanh" and fault.tanh_prime_1_minus_a:
        g_prime = lambda Z: 1 - torch.tanh(Z)  # noqa: E731
    return g, g_prime


def make_functions(fault):
    """The five functions of the contract on torch tensors, with the fault planted."""

    def _forward(parameters, X, model):
        cache, A = {"A0": X}, X
        for l in range(1, model.L + 1):
            W, b = parameters[f"W{l}"], parameters[f"b{l}"]
            Z = W @ A if fault.no_bias else linear_forward(A, W, b)
            A = _g(fault, model.activations[l - 1], model.leaky_slope, l, model.L)[0](Z)
            cache[f"Z{l}"], cache[f"A{l}"] = Z, A
        return cache

    def _cost(cache, Y, model):
        L, m = model.L, Y.shape[1]
        AL = cache[f"A{L}"]
        if fault.log_swapped:
            A = AL.clamp(1e-300 if AL.dtype == torch.float64 else 1e-38, 1)
            J = -torch.sum(Y * torch.log(1 - A) + (1 - Y) * torch.log(A)) / m
        else:
            J = compute_cost(AL, Y, None if fault.output_relu else cache[f"Z{L}"])
        return J * m if fault.cost_no_1_over_m else J

    def _backward(parameters, cache, Y, model, need_dA0=True):
        L, m, grads = model.L, Y.shape[1], {}
        dZ = cache[f"A{L}"] - Y
        for l in range(L, 0, -1):
            if l < L:
                g_prime = _g(fault, model.activations[l - 1], model.leaky_slope, l, L)[1]
                dZ = grads[f"dA{l}"] * g_prime(cache[f"Z{l}"])
            grads[f"dZ{l}"] = dZ
            dA_prev, dW, db = linear_backward(dZ, cache[f"A{l - 1}"], parameters[f"W{l}"], l > 1 or need_dA0)
            if fault.dW_no_1_over_m:
                dW = dW * m
            if fault.db_no_1_over_m:
                db = db * m
            if fault.db_squeezed:
                db = db.reshape(-1)
            if fault.db_axis0:
                db = torch.sum(dZ, dim=0, keepdim=True) / m
            grads[f"dW{l}"], grads[f"db{l}"] = dW * fault.dW_factor if fault.dW_factor != 1 else dW, db
            if dA_prev is not None:
                grads[f"dA{l - 1}"] = dA_prev
        return grads

    @torch.no_grad()
    def forward(parameters, X, model):
        return {k: v for k, v in _forward(parameters, X, model).items() if k != "A0"}

    @torch.no_grad()
    def cost(parameters, X, Y, model):
        return _cost(_forward(parameters, X, model), Y, model)

    @torch.no_grad()
    def gradients(parameters, X, Y, model):
        return _backward(parameters, _forward(parameters, X, model), Y, model)

    @torch.no_grad()
    def train(parameters, X, Y, model, config):
        lr = config.learning_rate * fault.lr_factor
        if fault.lr_float32:
            lr = float(np.float32(lr))
        sign = -1.0 if fault.ascent else 1.0
        parameters = {k: v.clone() for k, v in parameters.items()}
        costs = []
        for i in range(config.num_iterations):
            cache = _forward(parameters, X, model)
            if i % config.record_every == 0:
                costs.append(_cost(cache, Y, model))
            grads = _backward(parameters, cache, Y, model, need_dA0=False)
            for l in range(1, model.L + 1):
                parameters[f"W{l}"].sub_(grads[f"dW{l}"], alpha=sign * lr)
                if not fault.b_frozen:
                    parameters[f"b{l}"] = parameters[f"b{l}"].sub(grads[f"db{l}"], alpha=sign * lr)
            if fault.W1_element_factor != 1:
                parameters["W1"][0, 0] *= fault.W1_element_factor
        return TrainResult(parameters, torch.stack(costs) if costs else torch.zeros(0, dtype=X.dtype), {})

    @torch.no_grad()
    def predict(parameters, X, model):
        AL = _forward(parameters, X, model)[f"A{model.L}"]
        return ((AL >= 0.5) if fault.predict_ge else (AL > 0.5)).to(torch.int64)

    return Variant("mutant", forward, cost, gradients, train, predict)


class MutantBackend(TorchBackend):
    """torch-manual with one planted fault, behind the same adapter (checks, casts, device, precision scope)."""

    framework = "torch"

    def __init__(self, fault=Fault(), name="mutant", device="cpu", dtype="float64", profile="strict"):
        super().__init__("manual", device=device, dtype=dtype, profile=profile)
        self.fault, self.name, self.variant = fault, name, "mutant"
        self.functions = make_functions(fault)
        if fault.upcast and self.dtype == "float32":
            self.torch_dtype = torch.float64  # computes in float64; the results are rounded back (below)

    def _back(self, value):
        array = to_numpy(value) if isinstance(value, torch.Tensor) else value
        return array.astype(self.dtype) if isinstance(array, np.ndarray) and array.dtype.kind == "f" else array

    def forward(self, params, X, model):
        return {k: self._back(v) for k, v in super().forward(params, X, model).items()}

    def gradients(self, params, X, Y, model):
        return {k: self._back(v) for k, v in super().gradients(params, X, Y, model).items()}

    def train(self, params, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
        config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate,
                                 where=f"{self.name}.train")  # fmt: skip
        result = super().train(params, X, Y, model, config)
        return TrainResult({k: self._back(v) for k, v in result.parameters.items()}, self._back(result.costs), {})


class NoX64JaxBackend:
    """A float64 JAX backend without x64: computes in float32 and hands back float64 arrays (the silent kind)."""

    def __init__(self, name="mutant-jax-no-x64", device="cpu", dtype="float64", profile="strict"):
        from impl_jax.adapter import make_backend

        self.inner = make_backend("manual", device=device, dtype="float32", profile=profile)
        self.name, self.framework, self.variant, self.device = name, "jax", "mutant", device
        self.dtype, self.profile, self.matmul_precision = dtype, profile, "ieee"

    def _up(self, value):
        if isinstance(value, dict):
            return {k: self._up(v) for k, v in value.items()}
        array = np.asarray(value)
        return array.astype(self.dtype) if array.dtype.kind == "f" else array

    def forward(self, params, X, model):
        return self._up(self.inner.forward(params, X, model))

    def cost(self, params, X, Y, model):
        return float(self.inner.cost(params, X, Y, model))

    def gradients(self, params, X, Y, model):
        return self._up(self.inner.gradients(params, X, Y, model))

    def train(self, params, X, Y, model, *args, **kwargs):
        params, costs = self.inner.train(params, X, Y, model, *args, **kwargs)
        return self._up(params), self._up(costs)

    def predict(self, params, X, model):
        return self.inner.predict(params, X, model)


def factory(name, fault):
    def make(device="cpu", dtype="float64", profile="strict"):
        return MutantBackend(fault, name=name, device=device, dtype=dtype, profile=profile)

    return make


def with_fault(**changes):
    return replace(Fault(), **changes)
