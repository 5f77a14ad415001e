"""The three PyTorch variants behind the backend contract (NumPy in, NumPy out; see DESIGN.md).

- "manual":   forward, cost, backward and update written out with torch tensor ops (training.py), no autograd;
- "autograd": the same forward and cost, gradients from J.backward() (autodiff.py);
- "nn":       nn.Sequential of nn.Linear and activation modules, nn.BCEWithLogitsLoss, torch.optim (SGD, SGD with
              momentum, RMSprop, Adam mapped to the course's optimizers; nn.py).

Each variant is a record of five functions on torch tensors (reference_numpy.contract.Variant); one adapter does
what they share, once per call: check the inputs and cast them to the backend's dtype (prepare), copy them to
the device, apply the precision profile (scope, impl_torch.runtime), and copy the results back as NumPy arrays.
"""

import dataclasses

import torch

from impl_torch import autodiff, nn, runtime, training
from impl_torch.runtime import (
    TORCH_DTYPES,
    matmul_precision,
    precision_scope,
    resolve_device,
    to_numpy,
    to_torch,
)
from reference_numpy.contract import TrainResult, Variant, as_train_config
from reference_numpy.errors import DLRosettaError
from reference_numpy.masks import check_config, check_step, step_kwargs
from reference_numpy.validation import as_float_dtype, check_profile, check_running, prepare_inputs

VARIANTS = {
    "manual": Variant("manual", training.forward, training.cost, training.gradients, training.train, training.predict),
    "autograd": Variant(
        "autograd", training.forward, training.cost, autodiff.gradients, autodiff.train, training.predict
    ),
    "nn": Variant("nn", nn.forward, nn.cost, nn.gradients, nn.train, nn.predict),
}

__all__ = ["VARIANTS", "TorchBackend", "available_devices", "make_backend"]


def available_devices():
    """["cpu"], plus "cuda" where torch sees a GPU."""
    return runtime.available_devices()


class TorchBackend:
    """One variant's five functions (self.functions) behind the contract, on one device, dtype and profile."""

    framework = "torch"

    def __init__(self, variant, device="cpu", dtype="float64", profile="strict"):
        if variant not in VARIANTS:
            raise DLRosettaError(f"torch backend: variant must be one of {tuple(VARIANTS)}; got {variant!r}")
        self.functions = VARIANTS[variant]
        self.variant = variant
        self.name = f"torch-{variant}"
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

    def prepare(self, params, X, model, Y=None, *, call="prepare"):
        """Check and cast (NumPy), then copy to the device once: (parameters, X, Y) as tensors (Y may be None)."""
        params, X, Y = prepare_inputs(params, X, model, self.dtype, f"{self.name}.{call}", Y=Y)
        params = {key: self._tensor(value) for key, value in params.items()}
        return params, self._tensor(X), None if Y is None else self._tensor(Y)

    def scope(self):
        """The precision profile's matmul settings on this device, restored on exit."""
        return precision_scope(self.profile, self.torch_device)

    # ---- the contract ----------------------------------------------------------------------------------------

    def forward(self, params, X, model, *, masks=None, keep_prob=1.0, running=None):
        params, X, _ = self.prepare(params, X, model, call="forward")
        masks = self._masks(check_step(model, X.shape[1], self.dtype, f"{self.name}.forward", 0.0, masks, keep_prob))
        running = self._running(running, model, "forward")
        with self.scope(), torch.no_grad():
            out = self.functions.forward(params, X, model, **step_kwargs(0.0, masks, keep_prob), **_given(running))
            return {key: to_numpy(value) for key, value in out.items()}

    def cost(self, params, X, Y, model, *, lambd=0.0, masks=None, keep_prob=1.0):
        params, X, Y = self.prepare(params, X, model, Y, call="cost")
        masks = self._masks(check_step(model, X.shape[1], self.dtype, f"{self.name}.cost", lambd, masks, keep_prob))
        with self.scope(), torch.no_grad():
            return float(self.functions.cost(params, X, Y, model, **step_kwargs(lambd, masks, keep_prob)))

    def gradients(self, params, X, Y, model, *, lambd=0.0, masks=None, keep_prob=1.0):
        params, X, Y = self.prepare(params, X, model, Y, call="gradients")
        masks = check_step(model, X.shape[1], self.dtype, f"{self.name}.gradients", lambd, masks, keep_prob)
        with self.scope():
            grads = self.functions.gradients(params, X, Y, model, **step_kwargs(lambd, self._masks(masks), keep_prob))
            return {key: to_numpy(value) for key, value in grads.items()}

    def train(self, params, X, Y, model, config=None, num_iterations=None, record_every=100, *, learning_rate=None):
        config = as_train_config(config, num_iterations, record_every, learning_rate=learning_rate,
                                 where=f"{self.name}.train")  # fmt: skip
        params, X, Y = self.prepare(params, X, model, Y, call="train")
        config = check_config(config, model, X.shape[1], self.dtype, f"{self.name}.train")
        if config.masks is not None:  # to the device once, a dict repeated (the course's masks) once
            converted = {id(step): self._masks(step) for step in config.masks}
            config = dataclasses.replace(config, masks=tuple(converted[id(step)] for step in config.masks))
        with self.scope():
            result = self.functions.train(params, X, Y, model, config)
            parameters = {key: to_numpy(value) for key, value in result.parameters.items()}
            state = {part: {key: to_numpy(value) for key, value in kept.items()} for part, kept in result.state.items()}
            return TrainResult(parameters, to_numpy(result.costs), state)

    def predict(self, params, X, model, *, running=None):
        params, X, _ = self.prepare(params, X, model, call="predict")
        running = self._running(running, model, "predict")
        with self.scope(), torch.no_grad():
            return to_numpy(self.functions.predict(params, X, model, **_given(running)))

    def _running(self, running, model, call):
        """Checked running statistics as tensors on the device, or None."""
        running = check_running(running, model, self.dtype, f"{self.name}.{call}")
        return None if running is None else {key: self._tensor(value) for key, value in running.items()}

    def _tensor(self, array):
        return to_torch(array, self.torch_dtype, self.torch_device)

    def _masks(self, masks):
        """The reference's dropout masks {"D<l>": (n[l], m)} as tensors on the device (None stays None)."""
        return None if masks is None else {key: self._tensor(D) for key, D in masks.items()}


def _given(running):
    """{"running": running} where given, else {}: a variant's functions without batch norm keep their arguments."""
    return {} if running is None else {"running": running}


def make_backend(variant, device="cpu", dtype="float64", profile="strict"):
    return TorchBackend(variant, device=device, dtype=dtype, profile=profile)
