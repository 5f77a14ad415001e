"""Which backends exist, on which devices, and how to build one.

A backend is a framework's adapter (NumPy in, NumPy out; see DESIGN.md). Each framework package has an
`adapter.py` with `make_backend(variant, device, dtype, profile)` and `available_devices()`; the registry only
imports them, lazily, so a missing framework hides its backends instead of breaking the others.
"""

import importlib
from dataclasses import dataclass

from reference_numpy.errors import DLRosettaError


@dataclass(frozen=True)
class BackendSpec:
    name: str  # e.g. "torch-autograd"
    framework: str  # "numpy", "torch", "jax"
    variant: str  # "reference", "manual", "autograd", "nn", "autodiff"
    module: str  # the framework's adapter module


SPECS = (
    BackendSpec("numpy", "numpy", "reference", "reference_numpy.adapter"),
    BackendSpec("numpy-course", "numpy", "course", "reference_numpy.adapter"),  # each course model in its preset
    BackendSpec("torch-manual", "torch", "manual", "impl_torch.adapter"),
    BackendSpec("torch-autograd", "torch", "autograd", "impl_torch.adapter"),
    BackendSpec("torch-nn", "torch", "nn", "impl_torch.adapter"),
    BackendSpec("jax-manual", "jax", "manual", "impl_jax.adapter"),
    BackendSpec("jax-autodiff", "jax", "autodiff", "impl_jax.adapter"),
)
SPECS_BY_NAME = {spec.name: spec for spec in SPECS}


def _adapter_module(spec):
    """The adapter module, or None where its framework is not importable here."""
    try:
        return importlib.import_module(spec.module)
    except ImportError:
        return None


def list_backends():
    """Names of the backends whose framework imports here, in a fixed order."""
    return [spec.name for spec in SPECS if _adapter_module(spec) is not None]


def available_devices(name):
    """Devices the backend can run on here, discovered (e.g. ["cpu"] or ["cpu", "cuda"])."""
    return list(_adapter_module(_spec(name)).available_devices())


def backend_cells():
    """Every (backend name, device) that can run here."""
    return [(name, device) for name in list_backends() for device in available_devices(name)]


def get_backend(name, device="cpu", dtype="float64", profile="strict"):
    """The adapter for one backend on one device, dtype and precision profile."""
    spec = _spec(name)
    module = _adapter_module(spec)
    if module is None:
        raise DLRosettaError(f"backend {name!r} needs {spec.framework}, which is not importable here")
    return module.make_backend(spec.variant, device=device, dtype=dtype, profile=profile)


def _spec(name):
    if name not in SPECS_BY_NAME:
        raise DLRosettaError(f"unknown backend {name!r}; expected one of {list(SPECS_BY_NAME)}")
    return SPECS_BY_NAME[name]
