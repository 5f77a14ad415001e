"""Which backends exist, on which devices, and how to build one: the one manifest of frameworks (FRAMEWORKS) and
backends (SPECS: name, framework, variant, label, the modules where its equations are tagged), in run order.

A backend is a framework's adapter (NumPy in, NumPy out; see DESIGN.md). Each framework package has an
`adapter.py` with `make_backend(variant, device, dtype, profile)` and `available_devices()`; the registry only
imports them, lazily, so a missing framework hides its backends instead of breaking the others.
"""

import importlib
from dataclasses import dataclass

from reference_numpy.errors import DLRosettaError


@dataclass(frozen=True)
class Framework:
    name: str  # "numpy", "torch", "jax"
    package: str  # its implementation package: adapter.py, bench.py and the equation modules live there
    label: str  # for people, e.g. "PyTorch"


FRAMEWORKS = {
    f.name: f
    for f in (
        Framework("numpy", "reference_numpy", "NumPy"),
        Framework("torch", "impl_torch", "PyTorch"),
        Framework("jax", "impl_jax", "JAX"),
    )
}

# The modules every framework mirrors, with the same file names and function names (rosetta.parity checks it).
EQUATION_MODULES = ("activations", "forward", "cost", "backward", "update", "training", "regularization", "optimizers",
                    "softmax", "batchnorm")  # fmt: skip


def _equations(framework):
    return tuple(f"{FRAMEWORKS[framework].package}.{module}" for module in EQUATION_MODULES)


def _shared(framework):
    """The manual variant's modules a differentiating variant runs: its forward pass, cost, update and loop."""
    modules = ("forward", "cost", "update", "training", "regularization", "optimizers", "softmax", "batchnorm")
    return tuple(f"{FRAMEWORKS[framework].package}.{module}" for module in modules)


@dataclass(frozen=True)
class BackendSpec:
    """One backend: a variant of a framework's adapter, and where its equations are written (rosetta reads these).

    modules: its own modules, where its equation tags are (none: it tags nothing of its own). shares: modules of its
    framework's manual variant whose code it runs for the equations it does not tag itself (the autograd variant
    differentiates the manual variant's forward pass and cost, and updates with its update_parameters). manual: it
    writes out every equation the reference writes, in functions of the same names.
    """

    name: str  # e.g. "torch-autograd"
    framework: str  # a key of FRAMEWORKS
    variant: str  # "reference", "course", "manual", "autograd", "nn", "autodiff"
    label: str  # for people, e.g. "PyTorch autograd"
    modules: tuple = ()
    shares: tuple = ()
    manual: bool = False

    @property
    def module(self):
        """The framework's adapter module."""
        return f"{FRAMEWORKS[self.framework].package}.adapter"


# The order is the run's order (records, tables) and the plots' colour order.
SPECS = (
    # + the reference's own: the dropout masks it draws (15) and the gradient checker (18), (19)
    BackendSpec(
        "numpy",
        "numpy",
        "reference",
        "NumPy reference",
        _equations("numpy") + ("reference_numpy.masks", "reference_numpy.gradcheck"),
        manual=True,
    ),  # fmt: skip
    # each course model in its assignment's arithmetic preset, on the reference's equation modules
    BackendSpec("numpy-course", "numpy", "course", "NumPy course arithmetic"),
    BackendSpec("torch-manual", "torch", "manual", "PyTorch manual", _equations("torch"), manual=True),
    BackendSpec("torch-autograd", "torch", "autograd", "PyTorch autograd", ("impl_torch.autodiff",), _shared("torch")),
    BackendSpec("torch-nn", "torch", "nn", "PyTorch torch.nn", ("impl_torch.nn", "impl_torch.nn_layers")),
    BackendSpec("jax-manual", "jax", "manual", "JAX manual", _equations("jax"), manual=True),
    # its optimizers are optax's (impl_jax.optax_optimizers), tagged there
    BackendSpec(
        "jax-autodiff",
        "jax",
        "autodiff",
        "JAX autodiff",
        ("impl_jax.autodiff", "impl_jax.optax_optimizers"),
        _shared("jax"),
    ),
)
SPECS_BY_NAME = {spec.name: spec for spec in SPECS}
# the backends whose equations are tagged in their own modules: the implementations the teaching layer shows
TAGGED_SPECS = tuple(spec for spec in SPECS if spec.modules)


def bench_module(framework):
    """The framework's benchmark hooks module (conformance.bench)."""
    return f"{FRAMEWORKS[framework].package}.bench"


def _activation_modules():
    out = []
    for framework in FRAMEWORKS.values():
        forward = f"{framework.package}.forward"
        own = [s for s in TAGGED_SPECS if s.framework == framework.name]
        readers = [s.variant for s in own if s.manual or forward in s.shares]
        out.append((f"{framework.label} {', '.join(readers)}", f"{framework.package}.activations"))
    return tuple(out)


# (label, module): each framework's activations module, labelled with the variants whose forward pass calls it (its
# manual variant and those sharing its forward pass), e.g. ("PyTorch manual, autograd", "impl_torch.activations")
ACTIVATION_MODULES = _activation_modules()


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
