"""The three PyTorch variants behind the backend contract (NumPy in, NumPy out; see DESIGN.md).

- "manual":   forward, cost, backward and update written out with torch tensor ops (training.py), no autograd;
- "autograd": the same forward and cost, gradients from J.backward() (autograd.py);
- "nn":       nn.Sequential of nn.Linear and activation modules, nn.BCEWithLogitsLoss, torch.optim.SGD (nn.py).

One base class does what they share, once per call: check the inputs and cast them to the backend's dtype
(reference_numpy.validation), copy them to the device, apply the precision profile (device.py), and copy the
results back as NumPy arrays of the backend's dtype. The variants differ only in the five functions they plug in.
"""

import torch

from impl_torch import autodiff, nn, training
from impl_torch.cost import compute_cost
from impl_torch.forward import L_model_forward
from impl_torch.runtime import (
    TORCH_DTYPES,
    available_devices,
    matmul_precision,
    precision_profile,
    resolve_device,
    to_numpy,
    to_torch,
)
from reference_numpy.errors import DLRosettaError
from reference_numpy.training import check_schedule
from reference_numpy.validation import as_float_dtype, check_profile, prepare_inputs


def manual_forward(parameters, X, model):
    """{"Z1", "A1", ..., "ZL", "AL"} from the written-out forward pass."""
    _, cache = L_model_forward(X, parameters, model)
    return {key: value for key, value in cache.items() if key != "A0"}


def manual_cost(parameters, X, Y, model):
    """J (0-d tensor) from the written-out forward pass and cost, given Z[L] like the training loop."""
    AL, cache = L_model_forward(X, parameters, model)
    return compute_cost(AL, Y, cache[f"Z{model.L}"])


class TorchBackend:
    """What the variants share. A subclass names its variant and plugs in five functions on torch tensors in the
    course's layout: forward, cost, gradients, train, predict (see training.py for their signatures)."""

    framework = "torch"
    variant = None

    def __init__(self, device="cpu", dtype="float64", profile="strict"):
        self.name = f"torch-{self.variant}"
        self.profile = check_profile(profile, self.name)
        self.dtype = as_float_dtype(dtype, self.name).name  # "float32" or "float64"
        self.torch_dtype = TORCH_DTYPES[self.dtype]  # explicit: torch's default dtype is never used
        self.torch_device = resolve_device(device, self.name)
        self.device = str(self.torch_device)

    def __repr__(self):
        return f"<{self.name} backend on {self.device}, {self.dtype}, profile {self.profile!r}>"

    @property
    def matmul_precision(self):
        """ "ieee", or "tf32" ("bf16" on some CPUs) where float32 matmuls really use it under this profile."""
        return matmul_precision(self.torch_device, self.torch_dtype, self.profile)

    # ---- the contract ----------------------------------------------------------------------------------------

    def forward(self, params, X, model):
        params, X, _ = self._inputs("forward", params, X, model)
        with precision_profile(self.profile, self.torch_device), torch.no_grad():
            out = self._forward(params, X, model)
            return {key: to_numpy(value) for key, value in out.items()}

    def cost(self, params, X, Y, model):
        params, X, Y = self._inputs("cost", params, X, model, Y)
        with precision_profile(self.profile, self.torch_device), torch.no_grad():
            return float(self._cost(params, X, Y, model))

    def gradients(self, params, X, Y, model):
        params, X, Y = self._inputs("gradients", params, X, model, Y)
        with precision_profile(self.profile, self.torch_device):
            grads = self._gradients(params, X, Y, model)
            return {key: to_numpy(value) for key, value in grads.items()}

    def train(self, params, X, Y, model, learning_rate, num_iterations, record_every=100):
        check_schedule(learning_rate, num_iterations, record_every, f"{self.name}.train")
        params, X, Y = self._inputs("train", params, X, model, Y)
        with precision_profile(self.profile, self.torch_device):
            params, costs = self._train(params, X, Y, model, learning_rate, num_iterations, record_every)
            return {key: to_numpy(value) for key, value in params.items()}, to_numpy(costs)

    def predict(self, params, X, model):
        params, X, _ = self._inputs("predict", params, X, model)
        with precision_profile(self.profile, self.torch_device), torch.no_grad():
            return to_numpy(self._predict(params, X, model))

    # ---- plumbing --------------------------------------------------------------------------------------------

    def _inputs(self, call, params, X, model, Y=None):
        """Check and cast (NumPy), then copy to the device once: (parameters, X, Y) as tensors (Y may be None)."""
        params, X, Y = prepare_inputs(params, X, model, self.dtype, f"{self.name}.{call}", Y=Y)
        params = {key: self._tensor(value) for key, value in params.items()}
        return params, self._tensor(X), None if Y is None else self._tensor(Y)

    def _tensor(self, array):
        return to_torch(array, self.torch_dtype, self.torch_device)


def _plug(function):
    """A module-level function as a plug-in (not bound as a method)."""
    return staticmethod(function)


class ManualBackend(TorchBackend):
    variant = "manual"
    _forward = _plug(manual_forward)
    _cost = _plug(manual_cost)
    _gradients = _plug(training.gradients)
    _train = _plug(training.train)
    _predict = _plug(training.predict)


class AutogradBackend(ManualBackend):
    variant = "autograd"  # the same written-out forward, cost and prediction; autograd's gradients
    _gradients = _plug(autodiff.gradients)
    _train = _plug(autodiff.train)


class NNBackend(TorchBackend):
    variant = "nn"
    _forward = _plug(nn.forward)
    _cost = _plug(nn.cost)
    _gradients = _plug(nn.gradients)
    _train = _plug(nn.train)
    _predict = _plug(nn.predict)


BACKENDS = {cls.variant: cls for cls in (ManualBackend, AutogradBackend, NNBackend)}
VARIANTS = tuple(BACKENDS)

__all__ = ["VARIANTS", "available_devices", "make_backend"]


def make_backend(variant, device="cpu", dtype="float64", profile="strict"):
    if variant not in BACKENDS:
        raise DLRosettaError(f"torch backend: variant must be one of {VARIANTS}; got {variant!r}")
    return BACKENDS[variant](device=device, dtype=dtype, profile=profile)
